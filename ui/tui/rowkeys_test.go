package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"privdesk/cases"
)

// The case keys work on the highlighted row without opening the file.
func TestCaseKeysFromTheQueue(t *testing.T) {
	cfg := testConfig(t, cases.EN)
	id := addCase(t, cfg, cases.KindAccess, "Anna", testNow)
	m := deskAt(cfg, 120, 30)
	m, cmd := m.Update(tea.KeyPressMsg{Code: 's', Text: "s"})
	if cmd == nil {
		t.Fatal("s in the queue does nothing")
	}
	m, _ = m.Update(cmd())
	if c, _ := cfg.Office.Get(id); c.Status != cases.StatusVerifying {
		t.Errorf("s moved the case to %s", c.Status)
	}
	if m.(Model).screen != screenQueue {
		t.Error("s from the queue opened the case")
	}
	for _, k := range []rune{'e', 'a'} {
		m2, _ := m.Update(tea.KeyPressMsg{Code: k, Text: string(k)})
		d := m2.(Model).dlg
		if d == nil || d.id != id {
			t.Errorf("%c: want a form for %s, got %+v", k, id, d)
			continue
		}
		if got := formTitle(d, cfg.L); got[len(got)-len(id.String()):] != id.String() {
			t.Errorf("%c: the form title %q does not name the case", k, got)
		}
	}
}

// The full help is a page that scrolls at 80×24 and closes with esc.
func TestHelpPageScrolls(t *testing.T) {
	cfg := testConfig(t, cases.RU)
	var m tea.Model = New(cfg)
	m, _ = m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	m, _ = m.Update(tea.KeyPressMsg{Code: '?', Text: "?"})
	if m.(Model).helpPage == nil {
		t.Fatal("? does not open the help")
	}
	for range 40 {
		m, _ = m.Update(tea.KeyPressMsg{Code: tea.KeyDown})
	}
	if vp := m.(Model).helpPage; vp.YOffset() == 0 || !vp.AtBottom() {
		t.Errorf("the help does not scroll to its end: offset %d", vp.YOffset())
	}
	m, _ = m.Update(tea.KeyPressMsg{Code: tea.KeyEscape})
	if m.(Model).helpPage != nil {
		t.Error("esc does not close the help")
	}
}

// After registering a case the cursor lands on it, in a tab that shows it.
func TestCursorLandsOnNewCase(t *testing.T) {
	cfg := testConfig(t, cases.EN)
	addCase(t, cfg, cases.KindAccess, "Anna", testNow.AddDate(0, 0, -20))
	addCase(t, cfg, cases.KindAccess, "Boris", testNow)
	m := deskAt(cfg, 120, 30)
	m, _ = m.Update(tea.KeyPressMsg{Code: '6', Text: "6"}) // Overdue: Anna only
	id := addCase(t, cfg, cases.KindDestroy, "Clara", testNow)
	m, cmd := m.Update(doneMsg{text: "created", created: id})
	m, _ = m.Update(cmd())
	mm := m.(Model)
	if r := mm.q.selected(); r == nil || r.ID != id || mm.q.tab != tabAll {
		t.Errorf("cursor on %v in tab %d, want %s in All", r, mm.q.tab, id)
	}
}

// The attach form is for the step highlighted in the case file.
func TestAttachPreselectsStep(t *testing.T) {
	cfg := testConfig(t, cases.EN)
	id := addCase(t, cfg, cases.KindDestroy, "Anna", testNow)
	c, _ := cfg.Office.Get(id)
	var m tea.Model = New(cfg)
	m, _ = m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	m, _ = m.Update(caseMsg{c: c, open: true})
	m, _ = m.Update(tea.KeyPressMsg{Code: tea.KeyDown})
	m, _ = m.Update(tea.KeyPressMsg{Code: 'a', Text: "a"})
	d := m.(Model).dlg
	if d == nil || d.step != c.Steps[1].Key {
		t.Fatalf("attach form for step %q, want the highlighted %q", d.step, c.Steps[1].Key)
	}
}

// [ in a possible repeat request opens the earlier one.
func TestEarlierRequestKey(t *testing.T) {
	cfg := testConfig(t, cases.EN)
	first := addCase(t, cfg, cases.KindAccess, "Anna", testNow.AddDate(0, 0, -20))
	second := addCase(t, cfg, cases.KindAccess, "Anna", testNow)
	c, _ := cfg.Office.Get(second)
	c.RepeatOf = &first
	var m tea.Model = New(cfg)
	m, _ = m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	m, _ = m.Update(caseMsg{c: c, open: true})
	_, cmd := m.Update(tea.KeyPressMsg{Code: '[', Text: "["})
	if cmd == nil {
		t.Fatal("[ does nothing")
	}
	if msg, ok := cmd().(caseMsg); !ok || msg.c.ID != first || !msg.open {
		t.Errorf("[ opened %+v, want %s", msg, first)
	}
}

// A message too long for its line says so; ! shows it whole until a key.
func TestLongStatusExpands(t *testing.T) {
	cfg := testConfig(t, cases.EN)
	var m tea.Model = New(cfg)
	m, _ = m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	mm := m.(Model)
	long := strings.Repeat("word ", 30) + "END"
	mm.setStatus(long, true)
	if v := ansi.Strip(mm.View().Content); strings.Contains(v, "END") || !strings.Contains(v, "(! all)") {
		t.Fatalf("a long message is not cut with a hint:\n%s", v)
	}
	m, _ = mm.Update(tea.KeyPressMsg{Code: '!', Text: "!"})
	if v := ansi.Strip(m.(Model).View().Content); !strings.Contains(v, "END") {
		t.Errorf("! does not show the whole message:\n%s", v)
	}
	m, _ = m.Update(tea.KeyPressMsg{Code: 'j', Text: "j"})
	if m.(Model).status != "" {
		t.Error("the next key does not dismiss the expanded message")
	}
}

// t on an unmarked row opens the kind and date form of that case.
func TestKindAndDateFromQueue(t *testing.T) {
	cfg := testConfig(t, cases.EN)
	id := addCase(t, cfg, cases.KindOther, "Anna", testNow)
	m := deskAt(cfg, 120, 30)
	m, _ = m.Update(tea.KeyPressMsg{Code: 't', Text: "t"})
	if d := m.(Model).dlg; d == nil || d.kind != formEdit || d.id != id {
		t.Fatalf("t on one case: %+v, want its kind and date form", d)
	}
}
