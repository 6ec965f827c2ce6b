package tui

import (
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"privdesk/cases"
)

// TestDeadlinesGolden pins the queue and a case file with a late, a due-soon
// and a provisional case (2028 has no published calendar).
func TestDeadlinesGolden(t *testing.T) {
	for _, lang := range []cases.Lang{cases.EN, cases.RU} {
		t.Run(string(lang), func(t *testing.T) {
			cfg := testConfig(t, lang)
			addCase(t, cfg, cases.KindAccess, "Late Lidia", time.Date(2026, 11, 1, 12, 0, 0, 0, cases.Moscow))
			addCase(t, cfg, cases.KindDestroy, "Soon Semyon", time.Date(2026, 11, 17, 9, 0, 0, 0, cases.Moscow))
			prov := addCase(t, cfg, cases.KindAccess, "Future Fyodor", time.Date(2027, 12, 25, 9, 0, 0, 0, cases.Moscow))
			tm := start(t, cfg, 110, 24)
			waitFor(t, tm, "Future Fyodor")
			tm.Send(press(tea.KeyEscape))
			time.Sleep(100 * time.Millisecond)
			quit(tm)
			fm := tm.FinalModel(t, teatest.WithFinalTimeout(3*time.Second)).(Model)
			t.Run("queue", func(t *testing.T) {
				golden.RequireEqual(t, []byte(ansi.Strip(fm.View().Content)))
			})

			c, _ := cfg.Office.Get(prov)
			evs, _ := cfg.Office.Events(prov)
			fm.screen = screenCase
			fm.showCase(c, evs)
			t.Run("casefile", func(t *testing.T) {
				golden.RequireEqual(t, []byte(ansi.Strip(fm.View().Content)))
			})
		})
	}
}

func TestExtendInTUI(t *testing.T) {
	cfg := testConfig(t, cases.EN)
	id := addCase(t, cfg, cases.KindAccess, "Extended Elena", time.Date(2026, 11, 20, 9, 0, 0, 0, cases.Moscow))
	tm := start(t, cfg, 100, 30)
	waitFor(t, tm, "Extended Elena")
	enter(tm)
	waitFor(t, tm, "can be extended to")
	tm.Type("e")
	waitFor(t, tm, "Reasons for extending")
	typeSlow(tm, "Data held by a processor")
	enter(tm)
	enter(tm) // notice date: today
	waitFor(t, tm, "term extended")
	tm.Type("m")
	waitFor(t, tm, "Which duty")
	enter(tm)
	waitFor(t, tm, "marked as met")
	quit(tm)
	tm.WaitFinished(t, teatest.WithFinalTimeout(3*time.Second))
	c, _ := cfg.Office.Get(id)
	m := c.Milestones[0]
	if m.Extension == nil || m.Extension.Reason != "Data held by a processor" || m.Due.String() != "2026-12-11" || m.Met == nil {
		t.Errorf("milestone: %+v", m)
	}
}
