package tui

import (
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"privdesk/cases"
)

func TestMouse(t *testing.T) {
	cfg := testConfig(t, cases.EN)
	for _, n := range []string{"Anna", "Boris", "Clara", "Dmitry", "Elena"} {
		addCase(t, cfg, cases.KindAccess, n, testNow)
	}
	m := deskAt(cfg, 120, 30)
	mm := m.(Model)
	tabsY, rowY := mm.queueLayout()
	// A click on the third row selects it; a second click opens it.
	m, cmd := m.Update(tea.MouseClickMsg{X: 5, Y: rowY + 2, Button: tea.MouseLeft})
	if got := m.(Model).q.cursor; got != 2 || cmd != nil {
		t.Fatalf("click on the third row: cursor %d", got)
	}
	want := m.(Model).q.view[2].ID
	_, cmd = m.Update(tea.MouseClickMsg{X: 5, Y: rowY + 2, Button: tea.MouseLeft})
	if cmd == nil {
		t.Fatal("a double click does not open the case")
	}
	if msg, ok := cmd().(caseMsg); !ok || msg.c.ID != want || !msg.open {
		t.Errorf("a double click opened %+v, want %s", msg, want)
	}
	// The wheel moves the selection.
	m, _ = m.Update(tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	if got := m.(Model).q.cursor; got != 4 {
		t.Errorf("wheel down: cursor %d, want the last row", got)
	}
	m, _ = m.Update(tea.MouseWheelMsg{Button: tea.MouseWheelUp})
	if got := m.(Model).q.cursor; got != 1 {
		t.Errorf("wheel up: cursor %d", got)
	}
	// A click on the last tab's title switches to it; a click below the
	// rows does nothing.
	mm = m.(Model)
	x := 0
	for _, l := range mm.q.tabLabels(120, &mm.st, mm.cfg.L)[:tabAll] {
		x += ansi.StringWidth(l)
	}
	m, _ = m.Update(tea.MouseClickMsg{X: x + 1, Y: tabsY, Button: tea.MouseLeft})
	if got := m.(Model).q.tab; got != tabAll {
		t.Errorf("click on the All tab: tab %d", got)
	}
	before := m.(Model).q.cursor
	m, _ = m.Update(tea.MouseClickMsg{X: 5, Y: rowY + 20, Button: tea.MouseLeft})
	if got := m.(Model).q.cursor; got != before {
		t.Errorf("a click below the rows moved the cursor to %d", got)
	}
}

// The mouse through the running program: a wheel turn and a double click
// open the case under the pointer.
func TestMouseThroughTheProgram(t *testing.T) {
	cfg := testConfig(t, cases.EN)
	for _, n := range []string{"Anna", "Boris", "Clara"} {
		addCase(t, cfg, cases.KindAccess, n, testNow)
	}
	tm := start(t, cfg, 120, 30)
	waitFor(t, tm, "Anna", "Clara")
	var probe tea.Model = New(cfg) // the same layout, for where the rows are
	probe, _ = probe.Update(tea.WindowSizeMsg{Width: 120, Height: 30})
	pm := probe.(Model)
	_, rowY := pm.queueLayout()
	tm.Send(tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	tm.Send(tea.MouseClickMsg{X: 5, Y: rowY + 1, Button: tea.MouseLeft})
	tm.Send(tea.MouseClickMsg{X: 5, Y: rowY + 1, Button: tea.MouseLeft})
	waitFor(t, tm, "Access to personal data", "Same subject")
	quit(tm)
	tm.WaitFinished(t, teatest.WithFinalTimeout(3*time.Second))
}
