package cases_test

import (
	"testing"
	"time"

	"privdesk/cases"
)

func received(t *testing.T, kind cases.Kind, day string) *cases.Case {
	t.Helper()
	in := cases.Intake{Kind: kind, Received: date(t, day).Start(), Subject: cases.Subject{Name: "A", Email: "a@example.ru"}}
	if kind == cases.KindIncident {
		in.Subject = cases.Subject{}
		in.Incident = &cases.Incident{DetectedBy: "operator", DetectedAt: in.Received, Description: "leak"}
	}
	c, _, err := cases.New(in, rulesWithSteps(t), t0, "x")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestExtension(t *testing.T) {
	cal := calendar(t)
	c := received(t, cases.KindAccess, "2025-10-31")
	if c.Due().String() != "2025-11-17" {
		t.Fatalf("base due %s", c.Due())
	}
	if _, err := c.Extend(cal, "", date(t, "2025-11-10"), t0, "x"); code(err) != cases.ErrReasonRequired {
		t.Errorf("no reason: %v", err)
	}
	if _, err := c.Extend(cal, "archive search", date(t, "2025-11-18"), t0, "x"); code(err) != cases.ErrNoticeLate {
		t.Errorf("notice after the base due date: %v", err)
	}
	if _, err := c.Extend(cal, "archive search", date(t, "2025-10-30"), t0, "x"); code(err) != cases.ErrNoticeEarly {
		t.Errorf("notice before receipt: %v", err)
	}
	if c.Due().String() != "2025-11-17" || c.Milestones[0].Extension != nil {
		t.Fatal("a refused extension changed the case")
	}
	// Notice on the last day itself is in time: 10 + 5 wd.
	ev, err := c.Extend(cal, "archive search", date(t, "2025-11-17"), t0, "petrov")
	if err != nil || c.Due().String() != "2025-11-24" || ev.From != "2025-11-17" || ev.To != "2025-11-24" || ev.Text != "archive search" {
		t.Fatalf("extend: %v, due %s, event %+v", err, c.Due(), ev)
	}
	if _, err := c.Extend(cal, "more", date(t, "2025-11-17"), t0, "x"); code(err) != cases.ErrAlreadyExtended {
		t.Errorf("second extension: %v", err)
	}
	for _, k := range []cases.Kind{cases.KindRectify, cases.KindDestroy, cases.KindBlock, cases.KindWithdrawConsent,
		cases.KindMarketingOptout, cases.KindPasswordReset, cases.KindIncident, cases.KindOther} {
		c := received(t, k, "2026-11-02")
		if _, err := c.Extend(cal, "why", date(t, "2026-11-03"), t0, "x"); code(err) != cases.ErrNotExtendable {
			t.Errorf("%s extended: %v", k, err)
		}
	}
	for _, k := range []cases.Kind{cases.KindStopProcessing, cases.KindAuthority} {
		c := received(t, k, "2026-11-02")
		if _, err := c.Extend(cal, "why", date(t, "2026-11-03"), t0, "x"); err != nil {
			t.Errorf("%s not extended: %v", k, err)
		}
	}
	closed := received(t, cases.KindAccess, "2026-11-02")
	closed.Close(cases.OutcomeWithdrawn, "заявитель отозвал обращение", t0, "x")
	if _, err := closed.Extend(cal, "why", date(t, "2026-11-03"), t0, "x"); code(err) != cases.ErrAlreadyClosed {
		t.Errorf("closed case extended: %v", err)
	}
}

func TestKindAndReceivedRecompute(t *testing.T) {
	dl := &cases.Rules{Cal: calendar(t)}
	c := received(t, cases.KindOther, "2026-04-28")
	if c.Due().String() != "2026-04-29" || c.Milestones[1].Due.String() != "2026-05-14" {
		t.Fatalf("other: triage %s, answer %s", c.Due(), c.Milestones[1].Due)
	}
	ev, err := c.SetKind(cases.KindRectify, dl, t0, "x")
	if err != nil || c.Kind != cases.KindRectify || ev.From != "other" || ev.To != "rectify" {
		t.Fatalf("set kind: %v %+v", err, ev)
	}
	// 7 wd from 2026-04-28: 29, 30, May 4, 5, 6, 7, 8.
	if c.Due().String() != "2026-05-08" || c.Milestones[0].Basis.EN != "152-FZ Art. 20 p. 3 (from the evidence)" {
		t.Errorf("rectify due %s basis %q", c.Due(), c.Milestones[0].Basis.EN)
	}
	if _, err := c.SetKind(cases.KindRectify, dl, t0, "x"); code(err) != cases.ErrUnchanged {
		t.Errorf("same kind: %v", err)
	}
	if _, err := c.SetReceived(date(t, "2026-12-29").Start(), dl, t0, "x"); code(err) != cases.ErrFutureDate {
		t.Errorf("future receipt accepted: %v", err)
	}
	ev, err = c.SetReceived(date(t, "2026-12-29").Start(), dl, date(t, "2027-01-10").Start(), "x")
	if err != nil || c.Due().String() != "2027-01-18" || ev.Type != cases.EventReceived {
		t.Errorf("set received: %v due %s", err, c.Due())
	}
	// An extension does not survive a change of term.
	a := received(t, cases.KindAccess, "2025-10-31")
	a.Extend(dl.Cal, "why", date(t, "2025-11-10"), t0, "x")
	ev, _ = a.SetReceived(date(t, "2025-11-05").Start(), dl, t0, "x")
	if a.Milestones[0].Extension != nil || ev.Text != cases.NoteExtensionDropped {
		t.Errorf("extension kept after a new date: %+v", a.Milestones[0])
	}
}

func TestMilestonesMet(t *testing.T) {
	c := received(t, cases.KindBlock, "2026-11-23")
	if n := c.Next(); n == nil || n.Key != "block" || n.Unit != cases.UnitImmediately {
		t.Fatalf("next: %+v", n)
	}
	if !c.Overdue(t0) {
		t.Error("an immediate duty is overdue at once")
	}
	ev, err := c.Meet("", t0, "x")
	if err != nil || ev.To != "block" || ev.Text != cases.NoteLate {
		t.Fatalf("meet: %v %+v", err, ev)
	}
	if c.Next() != nil {
		t.Fatal("a block case has more duties before its check")
	}
	if _, err := c.SetBranch(cases.BranchUnlawful, rulesWithSteps(t), t0, "x"); err != nil {
		t.Fatal(err)
	}
	// 3 wd from 2026-11-23 is 11-26: the stop milestone is next and not yet late.
	if n := c.Next(); n == nil || n.Key != "stop" || n.Due.String() != "2026-11-26" || c.Overdue(t0) {
		t.Errorf("after blocking: %+v overdue %v", n, c.Overdue(t0))
	}
	if _, err := c.Meet("block", t0, "x"); code(err) != cases.ErrMilestoneMet {
		t.Errorf("meet twice: %v", err)
	}
	if _, err := c.Meet("answer", t0, "x"); code(err) != cases.ErrNoMilestone {
		t.Errorf("unknown milestone: %v", err)
	}
	c.Meet("stop", t0, "x")
	c.Meet("destroy", t0, "x")
	if c.Next() != nil || c.Overdue(t0.AddDate(1, 0, 0)) || c.DueAt() != (time.Time{}) {
		t.Error("a case with every duty done has no deadline")
	}
}
