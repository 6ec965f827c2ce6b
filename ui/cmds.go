package ui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"privdesk/cases"
	"privdesk/store"
)

// Messages that carry the results of store operations back to Update. All
// store I/O happens in commands, never in Update.
type (
	queueMsg struct {
		rows  []store.Row
		gen   uint64
		cases []*cases.Case
	}
	casesMsg []*cases.Case
	caseMsg  struct {
		c      *cases.Case
		events []cases.Event
	}
	genMsg  uint64
	tickMsg time.Time
	doneMsg struct {
		text string
		open cases.ID // case to show afterwards, if any
	}
	errMsg struct{ err error }
)

// pollInterval is how often the TUI looks for changes made by other
// privdesk processes.
const pollInterval = time.Second

func tickCmd() tea.Cmd {
	return tea.Tick(pollInterval, func(t time.Time) tea.Msg { return tickMsg(t) })
}

// loadQueueCmd reads the due index, and the records of the first page so
// that the first frame already shows names.
func loadQueueCmd(st *store.Store, firstPage int) tea.Cmd {
	return func() tea.Msg {
		rows, gen, err := st.Queue()
		if err != nil {
			return errMsg{err}
		}
		ids := make([]cases.ID, 0, firstPage)
		for _, r := range rows {
			if len(ids) == firstPage {
				break
			}
			if r.Status.Open() {
				ids = append(ids, r.ID)
			}
		}
		cs, err := st.Load(ids)
		if err != nil {
			return errMsg{err}
		}
		return queueMsg{rows: rows, gen: gen, cases: cs}
	}
}

func loadCasesCmd(st *store.Store, ids []cases.ID) tea.Cmd {
	if len(ids) == 0 {
		return nil
	}
	return func() tea.Msg {
		cs, err := st.Load(ids)
		if err != nil {
			return errMsg{err}
		}
		return casesMsg(cs)
	}
}

func loadCaseCmd(st *store.Store, id cases.ID) tea.Cmd {
	return func() tea.Msg {
		c, err := st.Get(id)
		if err != nil {
			return errMsg{err}
		}
		evs, err := st.Events(id)
		if err != nil {
			return errMsg{err}
		}
		return caseMsg{c, evs}
	}
}

func generationCmd(st *store.Store) tea.Cmd {
	return func() tea.Msg {
		gen, err := st.Generation()
		if err != nil {
			return errMsg{err}
		}
		return genMsg(gen)
	}
}

// changeCmd applies one domain operation to a stored case.
func changeCmd(st *store.Store, id cases.ID, done string, op func(c *cases.Case) (cases.Event, error)) tea.Cmd {
	return editCmd(st, id, done, func(c *cases.Case) ([]cases.Event, error) {
		ev, err := op(c)
		if err != nil {
			return nil, err
		}
		return []cases.Event{ev}, nil
	})
}

// editCmd applies domain operations that may record several events.
func editCmd(st *store.Store, id cases.ID, done string, op func(c *cases.Case) ([]cases.Event, error)) tea.Cmd {
	return func() tea.Msg {
		if _, err := st.Update(id, op); err != nil {
			return errMsg{err}
		}
		return doneMsg{text: done, open: id}
	}
}

func createCmd(st *store.Store, c *cases.Case, ev cases.Event, done func(id cases.ID) string) tea.Cmd {
	return func() tea.Msg {
		id, err := st.Create(c, ev)
		if err != nil {
			return errMsg{err}
		}
		return doneMsg{text: done(id)}
	}
}
