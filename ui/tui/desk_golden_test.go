package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"privdesk/cases"
)

// The empty desk, a closed case's help and a case file with a multi-line
// note in its timeline, at 80x24 and 120x40, in both languages.
func TestDeskGoldens(t *testing.T) {
	eachDeskSize(t, func(t *testing.T, lang cases.Lang, size [2]int) {
		cfg := testConfig(t, lang)
		var m tea.Model = New(cfg)
		m, _ = m.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		m, _ = m.Update(loadQueueCmd(cfg.Office, firstPage)())
		empty := ansi.Strip(m.(Model).View().Content)
		t.Run("empty", func(t *testing.T) { golden.RequireEqual(t, []byte(empty)) })

		id := addCase(t, cfg, cases.KindAccess, "Смирнова Елена Викторовна", testNow)
		if _, err := cfg.Office.Update(id, func(c *cases.Case) ([]cases.Event, error) {
			note, err := c.AddNote("Позвонила заявительница.\n"+strings.Repeat("Просит ответ на адрес из обращения, ", 4), testNow, "ivanova")
			if err != nil {
				return nil, err
			}
			closed, err := c.Close(cases.OutcomeWithdrawn, "отозвано письмом от 25.11.2026", testNow, "ivanova")
			return []cases.Event{note, closed}, err
		}); err != nil {
			t.Fatal(err)
		}
		c, _ := cfg.Office.Get(id)
		evs, _ := cfg.Office.Events(id)
		st := DefaultStyles(true)
		f := caseFile{c: c, events: evs}
		sheet := ansi.Strip(f.content(size[0], testNow, cfg.Rules.Cal, &st, cfg.L))
		t.Run("timeline", func(t *testing.T) { golden.RequireEqual(t, []byte(sheet)) })
		m, _ = m.Update(caseMsg{c: c, events: evs, open: true})
		m, _ = m.Update(tea.KeyPressMsg{Code: '?', Text: "?"})
		help := ansi.Strip(m.(Model).View().Content)
		t.Run("closed_help", func(t *testing.T) { golden.RequireEqual(t, []byte(help)) })
	})
}
