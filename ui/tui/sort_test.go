package tui

import (
	"slices"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"privdesk/cases"
	"privdesk/ui/l10n"
	"privdesk/ui/office"
)

// > steps to the number column ascending, again to descending, and so on
// through the columns; < steps back to the default, most urgent first. The
// header marks the column; the Closed tab shows and orders by closing date.
func TestSortKeys(t *testing.T) {
	cfg := testConfig(t, cases.EN)
	a := addCase(t, cfg, cases.KindAccess, "Boris", testNow.AddDate(0, 0, -20)) // late: first by urgency
	b := addCase(t, cfg, cases.KindAccess, "Anna", testNow)
	closeAt := func(id cases.ID, at time.Time) {
		if _, err := cfg.Office.Update(id, func(c *cases.Case) ([]cases.Event, error) {
			ev, err := c.Close(cases.OutcomeWithdrawn, "заявитель отозвал обращение", at, "x")
			return []cases.Event{ev}, err
		}); err != nil {
			t.Fatal(err)
		}
	}
	early := addCase(t, cfg, cases.KindDestroy, "Early", testNow.AddDate(0, 0, -3))
	late := addCase(t, cfg, cases.KindDestroy, "Later", testNow.AddDate(0, 0, -3))
	closeAt(late, testNow.Add(-time.Hour))
	closeAt(early, testNow.AddDate(0, 0, -2))

	m := deskAt(cfg, 120, 30)
	all, _, _ := cfg.Office.List(office.Filter{})
	m, _ = m.Update(casesMsg{cases: all})
	order := func() []cases.ID {
		var ids []cases.ID
		for _, r := range m.(Model).q.view {
			ids = append(ids, r.ID)
		}
		return ids
	}
	if got := order(); got[0] != a || got[1] != b {
		t.Fatalf("default order %v, want the late case first", got)
	}
	gt := tea.KeyPressMsg{Code: '>', Text: ">"}
	m, _ = m.Update(gt)
	if got := order(); got[0] != a || !strings.Contains(ansi.Strip(m.(Model).View().Content), "ID ▲") {
		t.Errorf("by number ascending: %v", got)
	}
	m, _ = m.Update(gt)
	if got := order(); got[0] != b || !strings.Contains(ansi.Strip(m.(Model).View().Content), "ID ▼") {
		t.Errorf("by number descending: %v", got)
	}
	m, _ = m.Update(gt) // kind ascending: both access
	m, _ = m.Update(gt)
	m, _ = m.Update(gt) // subject ascending
	if got := order(); got[0] != b {
		t.Errorf("by subject ascending: %v, want Anna first", got)
	}
	lt := tea.KeyPressMsg{Code: '<', Text: "<"}
	for range 5 {
		m, _ = m.Update(lt)
	}
	if mm := m.(Model); mm.q.sort != sortUrgency || strings.Contains(ansi.Strip(mm.View().Content), "▲") {
		t.Errorf("< five times is back to the default order, got %v", mm.q.sort)
	}
	m, _ = m.Update(tea.KeyPressMsg{Code: '7', Text: "7"})
	view := ansi.Strip(m.(Model).View().Content)
	if got := order(); len(got) != 2 || got[0] != late {
		t.Errorf("closed tab %v, want the latest closed first", got)
	}
	if !strings.Contains(view, "Closed") || !strings.Contains(view, cases.DateOf(testNow.AddDate(0, 0, -2)).String()) {
		t.Errorf("the Closed tab does not show the closing dates:\n%s", view)
	}
}

// The kind column sorts by the label shown (in Russian: «отзыв согл.»
// before «уточнение», though withdraw-consent follows rectify), and ~
// reverses a column in one press.
func TestSortByLabelAndFlip(t *testing.T) {
	cfg := testConfig(t, cases.RU)
	rect := addCase(t, cfg, cases.KindRectify, "Анна", testNow)
	wd := addCase(t, cfg, cases.KindWithdrawConsent, "Борис", testNow)
	m := deskAt(cfg, 120, 30)
	m, _ = m.Update(tea.KeyPressMsg{Code: '8', Text: "8"})
	gt := tea.KeyPressMsg{Code: '>', Text: ">"}
	m, _ = m.Update(gt) // number ascending
	m, _ = m.Update(gt) // number descending
	m, _ = m.Update(gt) // kind ascending
	if v := m.(Model).q.view; v[0].ID != wd || v[1].ID != rect {
		t.Errorf("by kind, in Russian: %v, want %v first", []cases.ID{v[0].ID, v[1].ID}, wd)
	}
	m, _ = m.Update(tea.KeyPressMsg{Code: '~', Text: "~"})
	if mm := m.(Model); mm.q.view[0].ID != rect || !mm.q.desc || mm.q.sort != sortKind {
		t.Errorf("~ did not reverse the kind column: %v desc %v", mm.q.view[0].ID, mm.q.desc)
	}
}

// u takes back a tick and what it set off: here «Данные заблокированы»,
// which met the block deadline (late) and moved the status on.
func TestUndoATickThatMetADeadline(t *testing.T) {
	cfg := testConfig(t, cases.RU)
	id := addCase(t, cfg, cases.KindBlock, "Анна", testNow.AddDate(0, 0, -2))
	var m tea.Model = New(cfg)
	m, _ = m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	c, _ := cfg.Office.Get(id)
	evs, _ := cfg.Office.Events(id)
	m, _ = m.Update(caseMsg{c: c, events: evs, open: true})
	m, cmd := m.Update(tea.KeyPressMsg{Code: ' ', Text: " "})
	m, _ = m.Update(cmd())
	if c, _ := cfg.Office.Get(id); c.Milestones[0].Met == nil {
		t.Fatal("the tick met no deadline")
	}
	m, cmd = m.Update(tea.KeyPressMsg{Code: 'u', Text: "u"})
	if cmd == nil {
		t.Fatalf("u refused: %q", m.(Model).status)
	}
	if res := cmd().(undoResult); len(res.failed) != 0 {
		t.Fatalf("undo failed: %v", res.failed)
	}
	c, _ = cfg.Office.Get(id)
	if c.Milestones[0].Met != nil || c.Steps[0].State != cases.StepPending {
		t.Errorf("after undo: met %v, step %s", c.Milestones[0].Met, c.Steps[0].State)
	}
}

// ? lists every key of the screen once: the queue's s, r, e, a and !; a
// closed case's o and D once, and q as going back.
func TestHelpListsEachKeyOnce(t *testing.T) {
	k := DefaultKeyMap(l10n.New(cases.RU))
	keysIn := func(groups [][]key.Binding) map[string]int {
		n := map[string]int{}
		for _, g := range groups {
			for _, b := range g {
				for _, s := range b.Keys() {
					n[s]++
				}
			}
		}
		return n
	}
	queue := keysIn(queueHelp{k: &k}.FullHelp())
	for _, want := range []string{"s", "r", "e", "a", "!", "~"} {
		if queue[want] == 0 {
			t.Errorf("the queue's help lacks %s", want)
		}
	}
	closed := caseHelp{k: &k, closed: true}
	for key, n := range keysIn(closed.FullHelp()) {
		if n > 1 {
			t.Errorf("a closed case's help lists %s %d times", key, n)
		}
	}
	for _, g := range closed.FullHelp() {
		for _, b := range g {
			if slices.Contains(b.Keys(), "q") && b.Help().Desc != "назад" {
				t.Errorf("q is %q in a case file, where it goes back", b.Help().Desc)
			}
		}
	}
}

// A step whose tick asks how it was done moves the cursor on once the form
// is submitted, as a plain tick does: the next enter works the next step.
func TestCursorMovesOnAfterAMethodTick(t *testing.T) {
	cfg := testConfig(t, cases.RU)
	id := addCase(t, cfg, cases.KindMarketingOptout, "Борис", testNow)
	var m tea.Model = New(cfg)
	m, _ = m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	c, _ := cfg.Office.Get(id)
	evs, _ := cfg.Office.Events(id)
	m, _ = m.Update(caseMsg{c: c, events: evs, open: true})
	m, _ = m.Update(tea.KeyPressMsg{Code: ' ', Text: " "})
	mm := m.(Model)
	first := mm.file.selected().step
	if mm.dlg == nil || mm.dlg.kind != formMethod {
		t.Fatalf("the tick of %s asks no method", first)
	}
	mm.dlg.outcome = c.Steps[0].Methods[0]
	cmd, _ := mm.submitSteps(mm.dlg)
	if msg := cmd(); msg == nil {
		t.Fatal("the tick recorded nothing")
	}
	if next := mm.file.selected().step; next == first || next == "" {
		t.Errorf("after the tick the cursor is on %q (was %q)", next, first)
	}
	if c, _ := cfg.Office.Get(id); c.Steps[0].State != cases.StepDone {
		t.Errorf("step %s is %s", first, c.Steps[0].State)
	}
}
