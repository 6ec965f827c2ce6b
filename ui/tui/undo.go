package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"privdesk/cases"
	"privdesk/ui/office"
)

// Undo (u): the officer's last change in this session, on the cases it
// touched (one, or every case of a bulk action), is taken back by
// correction events; the domain refuses what the law does not let a desk
// take back.

type undoResult struct {
	done   []cases.ID
	failed map[cases.ID]error
}

func undoCmd(st *office.Session, ids []cases.ID, dl *cases.Rules, since, now time.Time, who string) tea.Cmd {
	return func() tea.Msg {
		res := undoResult{failed: map[cases.ID]error{}}
		for _, id := range ids {
			evs, err := st.Events(id)
			if err == nil {
				_, err = st.Update(id, func(c *cases.Case) ([]cases.Event, error) {
					return c.Undo(cases.LastAction(evs, who, since), dl, now, who)
				})
			}
			if err != nil {
				res.failed[id] = err
				continue
			}
			res.done = append(res.done, id)
		}
		return res
	}
}

// undo starts undoing the last change, if this session made one.
func (m *Model) undo() tea.Cmd {
	if len(m.lastChanged) == 0 {
		m.setStatus(m.cfg.L.Err(&cases.Error{Code: cases.ErrNothingToUndo}), true)
		return nil
	}
	ids := m.lastChanged
	m.lastChanged = nil
	return undoCmd(m.cfg.Office, ids, m.cfg.Rules, m.started, m.cfg.Now(), m.cfg.Officer)
}

func (m Model) undone(r undoResult) (tea.Model, tea.Cmd) {
	s := m.bulkSummary(bulkResult{done: r.done, failed: r.failed, verb: m.cfg.L.T("undo.done")})
	m.setStatus(s, len(r.failed) > 0)
	cmd := loadQueueCmd(m.cfg.Office, firstPage)
	if m.screen == screenCase && m.file.c != nil {
		cmd = tea.Batch(cmd, loadCaseCmd(m.cfg.Office, m.file.c.ID, false))
	}
	return m, cmd
}
