package cli

import (
	"fmt"
	"io"
	"strings"
	"time"

	"privdesk/cases"
)

// What a state-changing command prints: one line per change.

// change applies one domain operation to a case and prints what changed.
func (a *app) change(id cases.ID, op func(c *cases.Case, now time.Time, who string) (cases.Event, error)) error {
	_, err := a.update(id, func(c *cases.Case) ([]cases.Event, error) {
		ev, err := op(c, a.env.Now(), a.cfg.Officer)
		if err != nil {
			return nil, err
		}
		return []cases.Event{ev}, nil
	})
	return err
}

// update applies fn to a case in one transaction and prints the line every
// state-changing command ends with.
func (a *app) update(id cases.ID, fn func(c *cases.Case) ([]cases.Event, error)) (*cases.Case, error) {
	if err := a.setup(); err != nil {
		return nil, err
	}
	var before caseState
	var evs []cases.Event
	c, err := a.cfg.Office.Update(id, func(c *cases.Case) ([]cases.Event, error) {
		before = stateOf(c)
		var err error
		evs, err = fn(c)
		return evs, err
	})
	if err != nil {
		return nil, err
	}
	a.printChange(a.env.Stdout, before, c, evs)
	return c, nil
}

// caseState is what a change line compares: the status and the next deadline.
type caseState struct {
	status cases.Status
	due    cases.Date
	open   bool // a deadline is still to be met
}

func stateOf(c *cases.Case) caseState {
	return caseState{status: c.Status, due: c.Due(), open: c.Next() != nil}
}

// printChange writes one line: the case, what happened, and the status and
// next deadline where they moved. Scripts read the register number first.
func (a *app) printChange(w io.Writer, before caseState, c *cases.Case, evs []cases.Event) {
	var what []string
	said := false // an event already tells the new status
	for _, ev := range evs {
		what = append(what, cut(cases.SafeLine(a.l.Event(ev)), 72))
		said = said || ev.Type == cases.EventStatus || ev.Type == cases.EventClosed || ev.Type == cases.EventReopened
	}
	parts := []string{strings.Join(what, "; ")}
	after := stateOf(c)
	if after.status != before.status && !said {
		parts = append(parts, a.l.T("changed.status", a.l.Text(c.Status.Title())))
	}
	switch {
	case after.open && (after.due != before.due || !before.open):
		parts = append(parts, a.l.T("changed.due", after.due.String()))
	case !after.open && before.open:
		parts = append(parts, a.l.T("changed.no_due"))
	}
	fmt.Fprintf(w, "%s  %s\n", c.ID, strings.Join(parts, " · "))
}

// cut shortens s to n runes, marking the cut.
func cut(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
