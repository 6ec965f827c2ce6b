package store_test

import (
	"errors"
	"path/filepath"
	"testing"
	"time"

	"privdesk/assets"
	"privdesk/cases"
	"privdesk/store"
	"privdesk/store/seal"
)

// A bug in the domain code a transaction runs is reported as a bug, with
// nothing written, and never as a damaged database.
func TestPanicInCallerIsNotDamage(t *testing.T) {
	dir := t.TempDir()
	st, err := store.Open(filepath.Join(dir, "p.db"), store.Options{Key: seal.Source{KeyFile: filepath.Join(dir, "key")}, Create: true})
	if err != nil {
		t.Fatal(err)
	}
	cal, _ := cases.ParseCalendar(assets.Calendar)
	steps, _ := cases.ParseSteps(assets.Steps)
	at := time.Date(2026, 11, 25, 10, 0, 0, 0, cases.Moscow)
	c, ev, err := cases.New(cases.Intake{Kind: cases.KindAccess, Received: at, Subject: cases.Subject{Name: "Анна", Email: "anna@example.ru"}}, &cases.Rules{Cal: cal, Steps: steps}, at, "ivanova")
	if err != nil {
		t.Fatal(err)
	}
	id, err := st.Create(c, ev)
	if err != nil {
		t.Fatal(err)
	}
	_, err = st.Update(id, func(c *cases.Case) ([]cases.Event, error) {
		var m map[string]string
		c.Subject.Name = "changed"
		m["x"] = "y" // a nil map: the panic go-message's writer used to raise
		return nil, nil
	})
	var se *store.Error
	if !errors.As(err, &se) || se.Code != store.ErrInternal {
		t.Fatalf("a panic in the caller: %v", err)
	}
	if got, err := st.Get(id); err != nil || got.Subject.Name != "Анна" {
		t.Fatalf("the panicking change was kept: %v", err)
	}
	if problems, err := st.Check(); err != nil || len(problems) != 0 {
		t.Fatalf("check after the panic: %v %v", err, problems)
	}
}
