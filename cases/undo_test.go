package cases_test

import (
	"testing"
	"time"

	"privdesk/cases"
)

// A tick that moved the status is one action: undo takes
// back all its events, each with a correction event.
func TestUndoTickIsOneAction(t *testing.T) {
	dl := rulesWithSteps(t)
	c, ev, err := cases.New(cases.Intake{Kind: cases.KindMarketingOptout, Received: t0,
		Subject: cases.Subject{Name: "Anna", Email: "a@example.ru"}}, dl, t0, "ivanova")
	if err != nil {
		t.Fatal(err)
	}
	ev.Seq = 1
	evs := []cases.Event{ev}
	record := func(new []cases.Event) {
		for _, e := range new {
			e.Seq = len(evs) + 1
			evs = append(evs, e)
		}
	}
	since := t0
	at := t0.Add(time.Hour)
	key := c.Steps[0].Key
	done, err := c.MarkStep(key, cases.StepDone, "email", "", at, "ivanova")
	if err != nil {
		t.Fatal(err)
	}
	record(done)
	before := *c
	action := cases.LastAction(evs, "ivanova", since)
	if len(action) != len(done) {
		t.Fatalf("last action has %d events, the tick recorded %d", len(action), len(done))
	}
	if cases.LastAction(evs, "petrov", since) != nil {
		t.Error("another officer's change offered for undo")
	}
	if cases.LastAction(evs, "ivanova", at.Add(time.Minute)) != nil {
		t.Error("a change from before this session offered for undo")
	}
	cor, err := c.Undo(action, dl, at.Add(time.Minute), "ivanova")
	if err != nil {
		t.Fatal(err)
	}
	record(cor)
	if c.Steps[0].State != cases.StepPending || c.Status != cases.StatusNew {
		t.Errorf("after undo: step %s, status %s (before the tick: %s)", c.Steps[0].State, c.Status, before.Status)
	}
	for _, m := range c.Milestones {
		if m.Met != nil {
			t.Errorf("milestone %s still met", m.Key)
		}
	}
	if n := len(cor); n != len(done) || cor[0].Type != cases.EventCorrection {
		t.Errorf("%d corrections for %d events", n, len(done))
	}
	if cases.LastAction(evs, "ivanova", since) != nil {
		t.Error("an undone action offered again")
	}
}

// What the law does not let the desk take back is refused and changes nothing.
func TestUndoRefusals(t *testing.T) {
	dl := rulesWithSteps(t)
	c, _, _ := cases.New(cases.Intake{Kind: cases.KindAccess, Received: t0,
		Subject: cases.Subject{Name: "Anna", Email: "a@example.ru"}}, dl, t0, "ivanova")
	if _, err := c.Undo(nil, dl, t0, "ivanova"); code(err) != cases.ErrNothingToUndo {
		t.Errorf("empty undo: %v", err)
	}
	ev, _ := c.AddNote("x", t0, "ivanova")
	if _, err := c.Undo([]cases.Event{ev}, dl, t0, "ivanova"); code(err) != cases.ErrCannotUndo {
		t.Errorf("undo of a note: %v", err)
	}
	kev, err := c.SetKind(cases.KindDestroy, dl, t0, "ivanova")
	if err != nil {
		t.Fatal(err)
	}
	c.Kind = cases.KindRectify // the case moved on since
	if _, err := c.Undo([]cases.Event{kev}, dl, t0, "ivanova"); code(err) != cases.ErrCannotUndo {
		t.Errorf("undo of a kind the case no longer has: %v", err)
	}
	c.Kind = cases.KindDestroy
	if _, err := c.Undo([]cases.Event{kev}, dl, t0, "ivanova"); err != nil || c.Kind != cases.KindAccess {
		t.Errorf("undo of a kind change: %v, kind %s", err, c.Kind)
	}
}

// Closing an imported case whose kind was never set, as not a request,
// answers its triage: it no longer waits for one.
func TestClosingAnswersTriage(t *testing.T) {
	c, _, err := cases.New(cases.Intake{Kind: cases.KindOther, Received: t0,
		Subject: cases.Subject{Name: "Зоя", Email: "z@example.ru"}}, rulesWithSteps(t), t0, "ivanova")
	if err != nil {
		t.Fatal(err)
	}
	c.Triage = true
	if !c.AwaitsTriage() {
		t.Fatal("an open case with its kind unset does not wait for triage")
	}
	if _, err := c.Close(cases.OutcomeNotRequest, "вопрос о доставке", t0, "ivanova"); err != nil {
		t.Fatal(err)
	}
	if c.AwaitsTriage() {
		t.Error("a closed case still waits for triage")
	}
}
