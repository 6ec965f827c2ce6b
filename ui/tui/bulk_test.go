package tui

import (
	"reflect"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"privdesk/cases"
	"privdesk/ui/l10n"
)

// Marks pick the cases a bulk action touches; a case that refuses (here
// one already closed) keeps its state and is named in the summary, the
// others proceed, each with its own timeline event.
func TestBulkCloseSkipsRefusingCase(t *testing.T) {
	cfg := testConfig(t, cases.EN)
	a := addCase(t, cfg, cases.KindMarketingOptout, "Anna", testNow)
	b := addCase(t, cfg, cases.KindMarketingOptout, "Boris", testNow)
	c := addCase(t, cfg, cases.KindMarketingOptout, "Clara", testNow)
	if _, err := cfg.Office.Update(b, func(cs *cases.Case) ([]cases.Event, error) {
		ev, err := cs.Close(cases.OutcomeNotRequest, "spam", testNow, "ivanova")
		return []cases.Event{ev}, err
	}); err != nil {
		t.Fatal(err)
	}
	m := deskAt(cfg, 120, 30)
	m, _ = m.Update(tea.KeyPressMsg{Code: '8', Text: "8"}) // the All tab
	m, _ = m.Update(tea.KeyPressMsg{Code: 'a', Mod: tea.ModCtrl})
	if n := len(m.(Model).q.marked); n != 3 {
		t.Fatalf("ctrl+a marked %d rows, want 3", n)
	}
	if !strings.Contains(m.(Model).View().Content, "3 cases selected") {
		t.Error("the status line does not count the marks")
	}
	m, _ = m.Update(tea.KeyPressMsg{Code: 'c', Text: "c"})
	mm := m.(Model)
	if mm.dlg == nil || mm.dlg.kind != formBulkClose || len(mm.dlg.targets) != 3 {
		t.Fatalf("c with marks must open the bulk close form for 3 cases, got %+v", mm.dlg)
	}
	mm.dlg.outcome, mm.dlg.text = string(cases.OutcomeWithdrawn), "withdrawn by phone"
	cmd, ok := mm.submitBulk(mm.dlg)
	if !ok {
		t.Fatal("the bulk form was not submitted")
	}
	m, _ = mm.Update(cmd())
	mm = m.(Model)
	if !mm.statusErr || !strings.Contains(mm.status, ": 2 cases") || !strings.Contains(mm.status, b.String()) {
		t.Errorf("summary %q must say 2 done and name %s as refused", mm.status, b)
	}
	if len(mm.q.marked) != 0 {
		t.Error("marks survive a bulk close")
	}
	for id, want := range map[cases.ID]cases.Outcome{a: cases.OutcomeWithdrawn, b: cases.OutcomeNotRequest, c: cases.OutcomeWithdrawn} {
		got, _ := cfg.Office.Get(id)
		if got.Outcome != want {
			t.Errorf("%s: outcome %s, want %s", id, got.Outcome, want)
		}
	}
	evs, _ := cfg.Office.Events(a)
	if last := evs[len(evs)-1]; last.Type != cases.EventClosed || last.Text != "withdrawn by phone" {
		t.Errorf("the timeline of %s does not record the bulk close: %+v", a, last)
	}
}

// Without marks, a bulk key acts on the highlighted row only; space marks
// and esc clears.
func TestMarksAndHighlightedRow(t *testing.T) {
	cfg := testConfig(t, cases.RU)
	addCase(t, cfg, cases.KindAccess, "Anna", testNow)
	addCase(t, cfg, cases.KindAccess, "Boris", testNow)
	m := deskAt(cfg, 120, 30)
	m, _ = m.Update(tea.KeyPressMsg{Code: 'N', Text: "N"})
	if d := m.(Model).dlg; d == nil || len(d.targets) != 1 {
		t.Fatal("N without marks must note the highlighted case only")
	}
	m, _ = m.Update(tea.KeyPressMsg{Code: tea.KeyEscape})
	m, _ = m.Update(tea.KeyPressMsg{Code: tea.KeySpace, Text: " "})
	if n := len(m.(Model).q.marked); n != 1 {
		t.Fatalf("space marked %d rows", n)
	}
	mm := m.(Model)
	mm.status = "" // the form's "cancelled" message has expired
	if !strings.Contains(mm.View().Content, "выбрано дел: 1") {
		t.Error("the Russian status line does not count the marks")
	}
	m, _ = m.Update(tea.KeyPressMsg{Code: tea.KeyEscape})
	if n := len(m.(Model).q.marked); n != 0 {
		t.Error("esc does not clear the marks")
	}
}

// Every help line of huh's forms has a translation: no English hint in a
// Russian desk.
func TestFormKeysInRussian(t *testing.T) {
	var missing []string
	eachBinding(reflect.ValueOf(huh.NewDefaultKeyMap()).Elem(), func(b *key.Binding) {
		if d := b.Help().Desc; d != "" && !l10n.Has("huh."+d) {
			missing = append(missing, d)
		}
	})
	if len(missing) > 0 {
		t.Errorf("huh help without a translation: %q", missing)
	}
	km := formKeyMap(l10n.New(cases.RU))
	if got := km.Text.NewLine.Help().Desc; got != "новая строка" {
		t.Errorf("new line help in Russian: %q", got)
	}
}

// u takes back the session's last change on every case it touched, with
// a correction in each timeline; a second u has nothing left to undo.
func TestUndoBulkKind(t *testing.T) {
	cfg := testConfig(t, cases.EN)
	a := addCase(t, cfg, cases.KindOther, "Anna", testNow)
	b := addCase(t, cfg, cases.KindOther, "Boris", testNow)
	m := deskAt(cfg, 120, 30)
	m, _ = m.Update(tea.KeyPressMsg{Code: 'a', Mod: tea.ModCtrl})
	m, _ = m.Update(tea.KeyPressMsg{Code: 't', Text: "t"})
	mm := m.(Model)
	mm.dlg.kindVal = string(cases.KindRectify)
	cmd, _ := mm.submitBulk(mm.dlg)
	mm.dlg = nil // the completed form closes
	m, _ = mm.Update(cmd())
	for _, id := range []cases.ID{a, b} {
		if c, _ := cfg.Office.Get(id); c.Kind != cases.KindRectify {
			t.Fatalf("%s: kind %s after the bulk change", id, c.Kind)
		}
	}
	m, cmd = m.Update(tea.KeyPressMsg{Code: 'u', Text: "u"})
	if cmd == nil {
		t.Fatal("u after a change does nothing")
	}
	m, _ = m.Update(cmd())
	for _, id := range []cases.ID{a, b} {
		c, _ := cfg.Office.Get(id)
		evs, _ := cfg.Office.Events(id)
		if c.Kind != cases.KindOther || evs[len(evs)-1].Type != cases.EventCorrection {
			t.Errorf("%s: kind %s, last event %s after undo", id, c.Kind, evs[len(evs)-1].Type)
		}
		if bad := cases.VerifyChain(evs); bad != -1 {
			t.Errorf("%s: the timeline breaks at entry %d", id, bad+1)
		}
	}
	m, cmd = m.Update(tea.KeyPressMsg{Code: 'u', Text: "u"})
	if mm := m.(Model); cmd != nil || !mm.statusErr || !strings.Contains(mm.status, "nothing to undo") {
		t.Errorf("a second u: %q", mm.status)
	}
}

// x ticks, in every marked case, a step they all have pending; a step with
// methods is offered once per method. The marks stay for the next step.
func TestBulkTick(t *testing.T) {
	cfg := testConfig(t, cases.EN)
	a := addCase(t, cfg, cases.KindMarketingOptout, "Anna", testNow)
	b := addCase(t, cfg, cases.KindMarketingOptout, "Boris", testNow)
	m := deskAt(cfg, 120, 30)
	m, _ = m.Update(tea.KeyPressMsg{Code: 'a', Mod: tea.ModCtrl})
	m, _ = m.Update(tea.KeyPressMsg{Code: 'x', Text: "x"})
	mm := m.(Model)
	if mm.dlg == nil || mm.dlg.kind != formBulkTick {
		t.Fatal("x with marks does not open the bulk tick form")
	}
	c, _ := cfg.Office.Get(a)
	first := c.Steps[0]
	if mm.dlg.picked != first.Key+"\x00"+first.Methods[0] {
		t.Fatalf("preselected %q, want the first step with its first method", mm.dlg.picked)
	}
	cmd, _ := mm.submitBulk(mm.dlg)
	m, _ = mm.Update(cmd())
	for _, id := range []cases.ID{a, b} {
		c, _ := cfg.Office.Get(id)
		if st := c.Steps[0]; st.State != cases.StepDone || st.Method != first.Methods[0] {
			t.Errorf("%s: step %s %s (%s)", id, st.Key, st.State, st.Method)
		}
	}
	if marked := m.(Model).q.marked; !marked[a] || !marked[b] {
		t.Errorf("after a bulk tick the marks are %v", marked)
	}
}
