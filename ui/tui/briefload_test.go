package tui

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"privdesk/cases"
	"privdesk/store/demo"
	"privdesk/ui/office"
)

// The desk's load classifies each case against its deadline once, and
// filters each once more as its brief comes, however many chunks the
// briefs take: a name typed before the load finishes finds the case in the
// last chunk, and the view is the one a full refilter would give.
func TestLoadClassifiesAndFiltersEachCaseOnce(t *testing.T) {
	cfg := testConfig(t, cases.RU)
	n := 3*briefChunk + 100
	ins, err := demo.Intakes(n, testNow, 1)
	if err != nil {
		t.Fatal(err)
	}
	var items []office.NewCase
	for _, in := range ins {
		c, ev, err := cases.New(in, cfg.Rules, testNow, "x")
		if err != nil {
			t.Fatal(err)
		}
		items = append(items, office.NewCase{Case: c, Events: []cases.Event{ev}})
	}
	if _, err := cfg.Office.CreateMany(items); err != nil {
		t.Fatal(err)
	}
	last := addCase(t, cfg, cases.KindAccess, "Последняя Зоя", testNow)
	var m tea.Model = New(cfg)
	m, _ = m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	// The index first, then a name typed, then the briefs in chunks.
	m, next := m.Update(loadQueueCmd(cfg.Office, firstPage)())
	m, _ = m.Update(tea.KeyPressMsg{Code: '8', Text: "8"})
	m, _ = m.Update(tea.KeyPressMsg{Code: '/', Text: "/"})
	for _, r := range "последняя" {
		m, _ = m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	before := m.(Model).q
	m = run(m, next)
	q := m.(Model).q
	total := len(q.rows)
	if total != n+1 {
		t.Fatalf("%d rows for %d cases", total, n+1)
	}
	if got := q.classified - before.classified; got != 0 {
		t.Errorf("the briefs' chunks classified %d rows again", got)
	}
	if before.classified > total {
		t.Errorf("the index was classified %d times for %d rows", before.classified, total)
	}
	if got := q.filtered - before.filtered; got > total {
		t.Errorf("the briefs' chunks filtered %d rows for %d cases", got, total)
	}
	if len(q.view) != 1 || q.view[0].ID != last {
		t.Fatalf("the name found %d rows", len(q.view))
	}
	want := q
	want.view = nil
	want.refilter()
	if len(want.view) != 1 || want.matched != q.matched {
		t.Errorf("a full refilter gives %d rows and %v matches; the load %d and %v", len(want.view), want.matched, len(q.view), q.matched)
	}
}
