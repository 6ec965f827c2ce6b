package tui

import (
	"fmt"
	"testing"

	tea "charm.land/bubbletea/v2"

	"privdesk/cases"
	"privdesk/ui/office"
)

// The queue lives on briefs: a search finds a case whose full record was
// never read, and full records are read only for the rows on screen.
func TestSearchFromBriefs(t *testing.T) {
	cfg := testConfig(t, cases.EN)
	var items []office.NewCase
	for i := range 2*firstPage + 50 {
		name := fmt.Sprintf("Subject %03d", i)
		if i == 2*firstPage+10 {
			name = "Фёдорова Зинаида"
		}
		c, ev, err := cases.New(cases.Intake{Kind: cases.KindAccess, Received: testNow.AddDate(0, 0, -i%20),
			Subject: cases.Subject{Name: name, Email: fmt.Sprintf("s%d@example.ru", i)}}, cfg.Rules, testNow, "x")
		if err != nil {
			t.Fatal(err)
		}
		items = append(items, office.NewCase{Case: c, Events: []cases.Event{ev}})
	}
	if _, err := cfg.Office.CreateMany(items); err != nil {
		t.Fatal(err)
	}
	var m tea.Model = New(cfg)
	m, _ = m.Update(tea.WindowSizeMsg{Width: 120, Height: 30})
	m, cmd := m.Update(loadQueueCmd(cfg.Office, firstPage)())
	// Run what the load asks for, as the program would: briefs in chunks,
	// the records of the rows on screen.
	for range 20 {
		if cmd == nil {
			break
		}
		msg := cmd()
		if b, ok := msg.(tea.BatchMsg); ok {
			var next []tea.Cmd
			for _, c := range b {
				if c != nil {
					var nc tea.Cmd
					m, nc = m.Update(c())
					next = append(next, nc)
				}
			}
			cmd = tea.Batch(next...)
			continue
		}
		m, cmd = m.Update(msg)
	}
	mm := m.(Model)
	decoded := 0
	for _, r := range mm.q.rows {
		if r.brief == nil {
			t.Fatalf("%s has no brief after the load", r.ID)
		}
		if r.c != nil {
			decoded++
		}
	}
	if decoded > firstPage+mm.tableHeight() {
		t.Errorf("%d full records read for %d rows on screen", decoded, mm.tableHeight())
	}
	mm.q.filter.SetValue("федорова")
	mm.switchTab(tabAll)
	if len(mm.q.view) != 1 || mm.q.view[0].c != nil || mm.q.view[0].brief.Name != "Фёдорова Зинаида" {
		t.Fatalf("search by a name whose record was never read: %d rows", len(mm.q.view))
	}
	// Ticking in bulk needs the checklists: the marked records are read first.
	mm.q.filter.SetValue("")
	mm.switchTab(tabAll)
	m, _ = mm.Update(tea.KeyPressMsg{Code: 'a', Mod: tea.ModCtrl})
	m, cmd = m.Update(tea.KeyPressMsg{Code: 'x', Text: "x"})
	if cmd == nil {
		t.Fatal("x on marked rows whose records are not read asked for nothing")
	}
	m, _ = m.Update(cmd())
	if m.(Model).dlg == nil {
		t.Error("the bulk tick form did not open once the records came")
	}
}

// The Mine tab shows the open cases assigned to the officer at the desk:
// those they registered, until someone assigns them elsewhere.
func TestMineTab(t *testing.T) {
	cfg := testConfig(t, cases.EN)
	var ids []cases.ID
	for i, who := range []string{"ivanova", "ivanova", "petrov"} {
		c, ev, _ := cases.New(cases.Intake{Kind: cases.KindAccess, Received: testNow,
			Subject: cases.Subject{Name: fmt.Sprint("S", i), Email: "s@example.ru"}}, cfg.Rules, testNow, who)
		id, err := cfg.Office.Create(c, ev)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	if _, err := cfg.Office.Update(ids[1], func(c *cases.Case) ([]cases.Event, error) {
		ev, err := c.Assign("petrov", testNow, "ivanova")
		return []cases.Event{ev}, err
	}); err != nil {
		t.Fatal(err)
	}
	var m tea.Model = New(cfg)
	m, _ = m.Update(tea.WindowSizeMsg{Width: 120, Height: 30})
	m = run(m, loadQueueCmd(cfg.Office, firstPage))
	m, _ = m.Update(tea.KeyPressMsg{Code: '1', Text: "1"})
	mm := m.(Model)
	if mm.q.counts[tabMine] != 1 || len(mm.q.view) != 1 || mm.q.view[0].ID != ids[0] {
		t.Errorf("Mine: count %d, rows %v", mm.q.counts[tabMine], ids)
	}
}
