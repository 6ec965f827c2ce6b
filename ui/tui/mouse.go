package tui

import (
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// The mouse in the queue: a click selects a row or a tab, a second click
// on the same row opens it, the wheel scrolls (in the case file too).

// doubleClick is how soon a second click on a row opens it.
const doubleClick = 400 * time.Millisecond

// queueLayout says on which screen lines the tabs and the first row are.
func (m *Model) queueLayout() (tabsY, firstRowY int) {
	tabsY = strings.Count(m.header(), "\n") + 1
	firstRowY = tabsY + 2 // the tabs, then the table's head
	if m.q.filtering || m.q.filter.Value() != "" {
		firstRowY++
	}
	return tabsY, firstRowY
}

func (m Model) updateMouse(msg tea.Msg) (tea.Model, tea.Cmd) {
	if m.dlg != nil || m.dash != nil || m.lv != nil || m.quar != nil || m.imp != nil {
		return m, nil
	}
	if m.screen == screenCase {
		if _, ok := msg.(tea.MouseWheelMsg); ok {
			var cmd tea.Cmd
			m.file.vp, cmd = m.file.vp.Update(msg)
			return m, cmd
		}
		return m, nil
	}
	h := m.tableHeight() - 1
	switch msg := msg.(type) {
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelUp:
			m.q.move(-3, h)
		case tea.MouseWheelDown:
			m.q.move(3, h)
		}
	case tea.MouseClickMsg:
		if msg.Button != tea.MouseLeft {
			return m, nil
		}
		tabsY, rowY := m.queueLayout()
		switch {
		case msg.Y == tabsY:
			x := 0
			for t, label := range m.q.tabLabels(m.width, &m.st, m.cfg.L) {
				x += ansi.StringWidth(label)
				if msg.X < x {
					m.switchTab(tab(t))
					break
				}
			}
		case msg.Y >= rowY && msg.Y < rowY+h:
			i := m.q.offset + msg.Y - rowY
			if i >= len(m.q.view) {
				return m, nil
			}
			now := time.Now()
			again := i == m.q.cursor && now.Sub(m.lastClick) < doubleClick
			m.q.cursor, m.lastClick = i, now
			if again {
				m.lastClick = time.Time{}
				return m, loadCaseCmd(m.cfg.Office, m.q.view[i].ID, true)
			}
		}
	}
	return m, nil
}
