package tui

import (
	"testing"
	"time"

	"privdesk/cases"
	"privdesk/ui/office"
	"privdesk/ui/office/config"
)

// Four eyes in the desk: the header counts what waits, the case file says
// what, and a reviewer approves it with R; an officer may not.
func TestReviewInTheDesk(t *testing.T) {
	cfg := testConfig(t, cases.EN)
	cfg.Settings.Review.Refusals = true
	id := addCase(t, cfg, cases.KindAccess, "Анна", testNow)
	if _, err := cfg.Office.Update(id, func(c *cases.Case) ([]cases.Event, error) {
		refusal := cases.Letter{Template: "refusal", Body: "отказ", Args: map[string]string{"ground": "14-3", "missing": "реквизиты"}}
		issued, err := c.IssueLetter(refusal, "2026-0001", testNow, "petrov")
		if err != nil {
			return nil, err
		}
		sent, err := c.LetterSent(1, cases.SentMark{Via: "email", At: testNow}, testNow, "petrov")
		if err != nil {
			return nil, err
		}
		ev, err := office.Close(cfg.Settings, c, cases.OutcomeRejected, "нет реквизитов", testNow, "petrov")
		return append(append([]cases.Event{issued}, sent...), ev), err
	}); err != nil {
		t.Fatal(err)
	}
	officer := start(t, cfg, 120, 40)
	waitFor(t, officer, "1 await review")
	enter(officer)
	waitFor(t, officer, "Awaiting review: refusal submitted by petrov")
	officer.Type("R")
	waitFor(t, officer, "is officer: approving and declining are a reviewer's")
	quit(officer)

	cfg.Office = cfg.Office.For(office.Actor{Login: cfg.Officer, Role: config.RoleReviewer})
	tm := start(t, cfg, 120, 40)
	waitFor(t, tm, "1 await review")
	enter(tm)
	waitFor(t, tm, "Awaiting review")
	tm.Type("R")
	waitFor(t, tm, "Your decision")
	enter(tm) // approve
	enter(tm) // no reason needed
	waitFor(t, tm, "approved and carried out")
	quit(tm)
	for deadline := time.Now().Add(3 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if c, _ := cfg.Office.Get(id); c.Status == cases.StatusClosed {
			if c.Outcome != cases.OutcomeRejected || c.Pending != nil {
				t.Errorf("after approval: %s %+v", c.Outcome, c.Pending)
			}
			return
		}
	}
	t.Error("the approved refusal did not close the case")
}
