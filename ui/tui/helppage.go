package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// The full help (?) is a page of its own: every binding with every key it
// answers to (j/k, g/G, ctrl+u/ctrl+d), one per line, grouped, scrolling
// at any terminal size. esc, ? or q closes it.

// openHelp shows the keys of the screen the officer is on.
func (m *Model) openHelp(keys help.KeyMap) {
	var b strings.Builder
	b.WriteString(m.st.Section.Render(m.cfg.L.T("help.title")) + "\n")
	filters := false
	for _, group := range keys.FullHelp() {
		b.WriteString("\n")
		for _, k := range group {
			if !k.Enabled() {
				continue
			}
			filters = filters || keysOf(k) == keysOf(m.keys.Filter)
			fmt.Fprintf(&b, "  %s  %s\n", m.st.Label.Render(padRight(keysOf(k), 16)), k.Help().Desc)
		}
	}
	if filters { // the queue's filter: its terms, in the officer's language
		b.WriteString("\n" + m.st.Section.Render(m.cfg.L.T("help.filter_title")) + "\n")
		for _, line := range strings.Split(m.cfg.L.T("help.filter_terms"), "\n") {
			b.WriteString("  " + line + "\n")
		}
	}
	// The page fills what the header, the status line and the hint leave.
	h := m.height - strings.Count(m.header(), "\n") - 3
	vp := viewport.New(viewport.WithWidth(m.width), viewport.WithHeight(max(3, h)))
	vp.SetContent(strings.TrimRight(b.String(), "\n"))
	m.helpPage = &vp
}

// keysOf names every key of a binding: "↑/k", "home/g", "1-7".
func keysOf(k key.Binding) string {
	if h := k.Help().Key; strings.Contains(h, "-") && len(k.Keys()) > 2 {
		return h // a range such as 1-7
	}
	names := make([]string, 0, len(k.Keys()))
	for _, s := range k.Keys() {
		switch s {
		case "up":
			s = "↑"
		case "down":
			s = "↓"
		}
		names = append(names, s)
	}
	return strings.Join(names, "/")
}

func padRight(s string, w int) string {
	return s + strings.Repeat(" ", max(0, w-ansi.StringWidth(s)))
}

func (m Model) updateHelp(kp tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	switch kp.String() {
	case "esc", "?", "q":
		m.helpPage = nil
		return m, nil
	case "ctrl+c":
		return m, tea.Quit
	}
	vp, cmd := m.helpPage.Update(kp)
	m.helpPage = &vp
	return m, cmd
}
