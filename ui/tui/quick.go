package tui

import (
	"fmt"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"privdesk/cases"
)

// Quick keys of the queue and the case file: jump to a register number,
// and copy a case's number or a summary without personal data.

// jumpDialog asks for a register number to open, from any tab.
func (m *Model) jumpDialog() *dialog {
	l := m.cfg.L
	d := &dialog{kind: formJump}
	d.form = m.themed(huh.NewForm(huh.NewGroup(
		huh.NewInput().Title(l.T("form.jump")).Description(l.T("form.jump_hint")).Value(&d.received).
			Validate(m.validator(func(s string) error { _, err := parseIDLoose(s, m.cfg.Now()); return err })),
	)))
	return d
}

// parseIDLoose reads a register number, or just its sequence within the
// current year ("42" is 2026-0042).
func parseIDLoose(s string, now interface{ Year() int }) (cases.ID, error) {
	s = strings.TrimSpace(s)
	if len(s) > 0 && len(s) <= 6 && strings.Trim(s, "0123456789") == "" {
		if n, err := strconv.Atoi(s); err == nil && n > 0 {
			return cases.ID{Year: now.Year(), N: n}, nil
		}
	}
	return cases.ParseID(s)
}

// yankCmd copies text to the clipboard through the terminal (OSC 52).
func (m *Model) yankCmd(c *cases.Case, summary bool) tea.Cmd {
	text := c.ID.String()
	if summary { // no personal data: the number, the kind as shown, the due date
		l := m.cfg.L
		due := c.Due().String()
		if l.Lang == cases.RU {
			due = c.Due().Start().Format("02.01.2006")
		}
		text = fmt.Sprintf("%s %s, %s", c.ID, l.Text(c.Kind.Info().Title), l.T("yank.due", due))
	}
	m.setStatus(m.cfg.L.T("msg.yanked", text), false)
	return tea.SetClipboard(text)
}
