package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"privdesk/cases"
)

// loaded is a model with its queue read, as after the first frame.
func loaded(t *testing.T, names ...string) Model {
	t.Helper()
	cfg := testConfig(t, cases.EN)
	for _, n := range names {
		addCase(t, cfg, cases.KindAccess, n, testNow)
	}
	m := deskAt(cfg, 120, 40)
	return m.(Model)
}

func keyPress(s string) tea.KeyPressMsg {
	if s == "ctrl+g" {
		return tea.KeyPressMsg{Code: 'g', Mod: tea.ModCtrl}
	}
	return tea.KeyPressMsg{Code: []rune(s)[0], Text: s}
}

func TestJumpKey(t *testing.T) {
	for _, k := range []string{":", "ctrl+g"} {
		m := loaded(t, "Anna")
		mm, _ := m.Update(keyPress(k))
		if d := mm.(Model).dlg; d == nil || d.kind != formJump {
			t.Errorf("%s does not ask for a number", k)
		}
	}
	for _, in := range []string{"42", "0042", " 42 "} {
		if id, err := parseIDLoose(in, testNow); err != nil || id != (cases.ID{Year: 2026, N: 42}) {
			t.Errorf("%q: %v %v", in, id, err)
		}
	}
	if _, err := parseIDLoose("0", testNow); err == nil {
		t.Error("case number 0 accepted")
	}
	if _, err := parseIDLoose("2026-42x", testNow); err == nil {
		t.Error("a bad number accepted")
	}
	// Submitting opens the case, or says it does not exist.
	m := loaded(t, "Anna", "Boris")
	m.dlg = m.jumpDialog()
	m.dlg.received = "2"
	msg := m.submit(m.dlg)()
	if cm, ok := msg.(caseMsg); !ok || cm.c.ID.N != 2 || !cm.open {
		t.Errorf("jump to 2: %#v", msg)
	}
	m.dlg.received = "77"
	if _, ok := m.submit(m.dlg)().(errMsg); !ok {
		t.Error("jump to a missing case did not fail")
	}
}

func TestYankKeys(t *testing.T) {
	m := loaded(t, "Anna Secret")
	mm, cmd := m.Update(keyPress("y"))
	if cmd == nil || !strings.Contains(mm.(Model).status, "2026-0001") {
		t.Errorf("y: %q", mm.(Model).status)
	}
	mm, cmd = m.Update(keyPress("Y"))
	st := mm.(Model).status
	if cmd == nil || !strings.Contains(st, "2026-0001 Access to personal data, due ") || strings.Contains(st, "Secret") {
		t.Errorf("Y copies %q", st)
	}
}
