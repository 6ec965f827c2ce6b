package tui

import (
	"image/color"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"privdesk/cases"
	"privdesk/store"
	"privdesk/ui/office"
	"privdesk/ui/office/config"
)

// What the desk offers follows the actor: an auditor's desk offers no key
// that changes the register, and none of them opens a form.
func TestAuditorDeskOffersNoWrite(t *testing.T) {
	cfg := testConfig(t, cases.EN)
	id := addCase(t, cfg, cases.KindAccess, "Анна", testNow)
	cfg.Office = cfg.Office.For(office.Actor{Login: "audit", Role: config.RoleAuditor})
	var m tea.Model = New(cfg)
	m, _ = m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	m = run(m, loadQueueCmd(cfg.Office, firstPage))
	line := lastLine(m.(Model).render())
	for _, k := range []string{"n new", "i import"} {
		if strings.Contains(line, k) {
			t.Errorf("the auditor's queue offers %q: %q", k, line)
		}
	}
	for _, k := range []rune{'n', 'A', 'i', 't', 'c'} {
		mm, _ := m.Update(tea.KeyPressMsg{Code: k, Text: string(k)})
		if mm.(Model).dlg != nil {
			t.Errorf("%c opened a form on the auditor's desk", k)
		}
	}
	c, _ := cfg.Office.Get(id)
	m, _ = m.Update(caseMsg{c: c, open: true})
	line = lastLine(m.(Model).render())
	for _, k := range []string{"n add note", "c close", "s next", "space tick"} {
		if strings.Contains(line, k) {
			t.Errorf("the auditor's case file offers %q: %q", k, line)
		}
	}
	for _, k := range []rune{'n', 'c', 'k', 'e', 'a', ' '} {
		mm, _ := m.Update(tea.KeyPressMsg{Code: k, Text: string(k)})
		if mm.(Model).dlg != nil {
			t.Errorf("%q opened a form in the auditor's case file", k)
		}
	}
	// The letters: the issued ones to read, no template to write.
	m, _ = m.Update(tea.KeyPressMsg{Code: 'L', Text: "L"})
	if line := lastLine(m.(Model).render()); strings.Contains(line, "write") || !strings.Contains(line, "esc back") {
		t.Errorf("the auditor's letters offer: %q", line)
	}
	if mm, cmd := m.Update(tea.KeyPressMsg{Code: tea.KeyEnter}); cmd != nil || mm.(Model).dlg != nil {
		t.Error("enter on a template wrote a letter for the auditor")
	}
	// An officer's desk offers them.
	officer := New(testConfig(t, cases.EN))
	if line := lastLine(run(officer, loadQueueCmd(officer.cfg.Office, firstPage)).(Model).render()); !strings.Contains(line, "n new") {
		t.Errorf("the officer's queue: %q", line)
	}
}

func lastLine(frame string) string {
	lines := strings.Split(strings.TrimRight(frame, "\n"), "\n")
	return ansi.Strip(lines[len(lines)-1])
}

// A gives the case to one of config.toml's officers, picked from a list.
func TestAssignOffersTheOfficers(t *testing.T) {
	cfg := testConfig(t, cases.EN)
	cfg.Settings.Officers = []config.Officer{{Login: "ivanova", Name: "Иванова"}, {Login: "petrov", Name: "Петров", Role: config.RoleReviewer}, {Login: "audit", Role: config.RoleAuditor}}
	addCase(t, cfg, cases.KindAccess, "Анна", testNow)
	cfg.Office = office.New(officeStore(t, cfg), cfg.Settings, false).For(office.Actor{Login: "ivanova", Role: config.RoleOfficer})
	var m tea.Model = New(cfg)
	m, _ = m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	m = run(m, loadQueueCmd(cfg.Office, firstPage))
	m, _ = m.Update(tea.KeyPressMsg{Code: 'A', Text: "A"})
	d := m.(Model).dlg
	if d == nil || d.kind != formBulkAssign {
		t.Fatal("A opened no assignment form")
	}
	d.form.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	view := ansi.Strip(d.form.View())
	if !strings.Contains(view, "petrov — Петров") || !strings.Contains(view, "ivanova — Иванова") {
		t.Errorf("the officers are not offered:\n%s", view)
	}
	if strings.Contains(view, "audit") {
		t.Errorf("the auditor is offered:\n%s", view)
	}
}

// A form opened after start on a dark terminal is dark: the model keeps
// what the terminal said.
func TestLateFormFollowsTheBackground(t *testing.T) {
	cfg := testConfig(t, cases.EN)
	for _, dark := range []bool{true, false} {
		var m tea.Model = New(cfg)
		m, _ = m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
		bg := color.RGBA{0x10, 0x10, 0x10, 0xff}
		if !dark {
			bg = color.RGBA{0xf0, 0xf0, 0xf0, 0xff}
		}
		m, _ = m.Update(tea.BackgroundColorMsg{Color: bg})
		mm := m.(Model)
		d := mm.newCaseDialog()
		d.form.Init()
		got := d.form.View()
		other := mm
		other.dark = !dark
		od := other.newCaseDialog()
		od.form.Init()
		if got == od.form.View() {
			t.Errorf("dark=%v: the form looks the same on both backgrounds", dark)
		}
		if mm.dark != dark {
			t.Errorf("the model kept dark=%v for a %v background", mm.dark, dark)
		}
	}
}

// officeStore opens the desk's database again, for an office of its own.
func officeStore(t *testing.T, cfg office.Config) *store.Store {
	t.Helper()
	st, err := store.Open(cfg.Office.Path(), testOptions(filepath.Dir(cfg.Office.Path())))
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// One state decides what lies on top, for keys and for drawing alike: a
// dialog opened over the letters screen gets the keys and is what is drawn.
func TestOverlayOrderIsOne(t *testing.T) {
	cfg := testConfig(t, cases.EN)
	id := addCase(t, cfg, cases.KindAccess, "Анна", testNow)
	c, _ := cfg.Office.Get(id)
	var m tea.Model = New(cfg)
	m, _ = m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	m, _ = m.Update(caseMsg{c: c, open: true})
	m, _ = m.Update(tea.KeyPressMsg{Code: 'L', Text: "L"})
	mm := m.(Model)
	if mm.overlay() != overlayLetters {
		t.Fatalf("L: overlay %d", mm.overlay())
	}
	mm.dash = &dashboard{}
	mm.dlg = mm.jumpDialog()
	mm.dlg.form.Init()
	if mm.overlay() != overlayDialog {
		t.Fatalf("a dialog over the letters: overlay %d", mm.overlay())
	}
	frame := ansi.Strip(mm.render())
	if !strings.Contains(frame, "esc") || strings.Contains(frame, "Letters of") {
		t.Errorf("the dialog is not what is drawn:\n%s", frame)
	}
	m, _ = mm.Update(tea.KeyPressMsg{Code: tea.KeyEscape})
	if got := m.(Model); got.dlg != nil || got.lv == nil || got.dash == nil {
		t.Errorf("esc did not go to the dialog on top: dialog %v, letters %v, dashboard %v", got.dlg != nil, got.lv != nil, got.dash != nil)
	}
}
