package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// Case keys in the queue: s moves the highlighted case's status on, r
// reopens it, e extends its term, a attaches a document, without opening
// the file (c, m, t, N and A are the bulk keys, on the highlighted row when
// nothing is marked). The forms name the case they act on.
func (m Model) updateRow(kp tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k, l := &m.keys, m.cfg.L
	r := m.q.selected()
	if r == nil {
		return m, nil
	}
	c := r.c
	if c == nil { // not read yet: the next frame will have it
		m.setStatus(l.T("msg.loading"), false)
		return m, nil
	}
	switch {
	case key.Matches(kp, k.Move) && c.Status.Open():
		if c.Status.Next() == "" {
			m.setStatus(l.T("msg.no_next"), true)
			return m, nil
		}
		return m, moveCmd(m.cfg.Office, c.ID, m.cfg.Now(), m.cfg.Officer, l)
	case key.Matches(kp, k.Reopen) && !c.Status.Open():
		return m.openDialog(m.reopenDialog(c.ID))
	case key.Matches(kp, k.Extend) && c.Status.Open():
		if _, err := c.ExtendableTerm(); err != nil { // refused before any reason is typed
			m.setStatus(m.cfg.L.Err(err), true)
			return m, nil
		}
		return m.openDialog(m.extendDialog(c))
	case key.Matches(kp, k.Attach):
		if m.cfg.Office.Actor().Remote {
			return m.remoteRefused()
		}
		return m.openDialog(m.attachDialog(c))
	}
	return m, nil
}

// remoteRefused says why a key that reads or writes a file does nothing on
// a desk served over SSH.
func (m Model) remoteRefused() (tea.Model, tea.Cmd) {
	m.setStatus(m.cfg.L.T("msg.remote_files"), true)
	return m, nil
}
