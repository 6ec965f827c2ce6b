package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"privdesk/assets"
	"privdesk/cases"
	"privdesk/ui/office/config"
)

// run delivers msg to m and then, in turn, every message its command
// returns, as the program would, until none is left or stop says so.
func runMsgs(m tea.Model, msg tea.Msg, stop func(tea.Msg) bool) tea.Model {
	queue := []tea.Msg{msg}
	for len(queue) > 0 {
		msg, queue = queue[0], queue[1:]
		var cmd tea.Cmd
		m, cmd = m.Update(msg)
		if cmd == nil {
			continue
		}
		switch out := cmd().(type) {
		case nil:
		case tea.BatchMsg:
			for _, c := range out {
				if c != nil {
					if x := c(); x != nil && !stop(x) {
						queue = append(queue, x)
					}
				}
			}
		default:
			if !stop(out) {
				queue = append(queue, out)
			}
		}
	}
	return m
}

// A draft edited in $EDITOR is issued from the desk with the edit and
// every field of its form (a refusal's ground and what is missing).
func TestEditedLetterIssuedFromDesk(t *testing.T) {
	cfg := testConfig(t, cases.RU)
	set, err := config.ParseSettings(assets.DemoConfig, "demo.toml")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Settings, cfg.Officer = set, "demo"
	id := addCase(t, cfg, cases.KindAccess, "Смирнова Елена", testNow)
	c, _ := cfg.Office.Get(id)
	var m tea.Model = New(cfg)
	m, _ = m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	m, _ = m.Update(caseMsg{c: c, open: true})
	m, _ = m.Update(tea.KeyPressMsg{Code: 'L', Text: "L"})
	mm := m.(Model)
	if mm.lv == nil {
		t.Fatal("L opened no letters screen")
	}
	req := mm.letterRequest(c, "refusal", map[string]string{"ground": "14-3", "missing": "номер паспорта"})
	m = runMsgs(m, writeLetterCmd(mm.cfg.Office, req, 80, true)(), func(tea.Msg) bool { return false })
	shown := m.(Model).lv.shown
	if shown == nil || !strings.Contains(shown.Body, "номер паспорта") {
		t.Fatalf("no draft shown: %+v", shown)
	}
	edited := strings.Replace(shown.Body, "номер паспорта", "номер паспорта и дату его выдачи; ОТРЕДАКТИРОВАНО", 1)
	m = runMsgs(m, letterEditedMsg{body: edited}, func(tea.Msg) bool { return false })
	m = runMsgs(m, tea.KeyPressMsg{Code: 'i', Text: "i"}, func(msg tea.Msg) bool {
		if e, ok := msg.(errMsg); ok {
			t.Fatalf("issuing the edited letter: %v", e.err)
		}
		_, done := msg.(doneMsg)
		return done
	})
	c, _ = cfg.Office.Get(id)
	if len(c.Letters) != 1 {
		t.Fatalf("%d letters issued", len(c.Letters))
	}
	l := c.Letters[0]
	if !strings.Contains(l.Body, "ОТРЕДАКТИРОВАНО") || l.Template != "refusal" || strings.Contains(l.Body, numberPending) {
		t.Errorf("issued: template %q, body:\n%s", l.Template, l.Body)
	}
}
