package tui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"privdesk/cases"
	"privdesk/ui/office"
)

// The queue with marks and a sort, and the full help, at the most common
// terminal size and a large one, in both languages. No frame may show an
// internal step key.
func TestTriageGoldens(t *testing.T) {
	eachDeskSize(t, func(t *testing.T, lang cases.Lang, size [2]int) {
		cfg := testConfig(t, lang)
		for i, n := range []string{"Яковлева Юлия Петровна", "Абрамов Борис", "Смирнова Ольга Викторовна", "Dmitry Orlov"} {
			addCase(t, cfg, cases.Kinds[i], n, testNow.AddDate(0, 0, -3*i))
		}
		var m tea.Model = New(cfg)
		m, _ = m.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		m, _ = m.Update(loadQueueCmd(cfg.Office, firstPage)())
		all, _, _ := cfg.Office.List(office.Filter{})
		m, _ = m.Update(casesMsg{cases: all})
		m, _ = m.Update(tea.KeyPressMsg{Code: tea.KeySpace, Text: " "})
		m, _ = m.Update(tea.KeyPressMsg{Code: tea.KeySpace, Text: " "})
		for range 5 { // number ▲, ▼, kind ▲, ▼, subject ▲
			m, _ = m.Update(tea.KeyPressMsg{Code: '>', Text: ">"})
		}
		mm := m.(Model)
		mm.status = "" // the sort's message expires; the marks' count shows
		queue := ansi.Strip(mm.View().Content)
		t.Run("queue", func(t *testing.T) { golden.RequireEqual(t, []byte(queue)) })
		m, _ = mm.Update(tea.KeyPressMsg{Code: '?', Text: "?"})
		help := ansi.Strip(m.(Model).View().Content)
		t.Run("help", func(t *testing.T) { golden.RequireEqual(t, []byte(help)) })
		for _, frame := range []string{queue, help} {
			for _, st := range cfg.Rules.Steps {
				for _, s := range st {
					if strings.Contains(frame, s.Key) {
						t.Errorf("a frame shows the step key %q", s.Key)
					}
				}
			}
		}
	})
}

// eachDeskSize runs a golden test in both languages at 80x24 and 120x40.
func eachDeskSize(t *testing.T, test func(t *testing.T, lang cases.Lang, size [2]int)) {
	for _, lang := range []cases.Lang{cases.EN, cases.RU} {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			t.Run(fmt.Sprintf("%s/%dx%d", lang, size[0], size[1]), func(t *testing.T) { test(t, lang, size) })
		}
	}
}

// A register number past 9,999 in a year, marked, is never cut.
func TestLongRegisterNumber(t *testing.T) {
	cfg := testConfig(t, cases.RU)
	q := newQueue(cfg.L, cfg.Officer)
	id := cases.ID{Year: 2026, N: 10000}
	q.setRows([]office.Row{{ID: id, Status: cases.StatusNew, Kind: cases.KindAccess}})
	q.refilter()
	q.marked = map[cases.ID]bool{id: true}
	st := DefaultStyles(true)
	if out := ansi.Strip(q.render(80, 5, &st, cfg.L)); !strings.Contains(out, "●2026-10000 ") {
		t.Errorf("the number is cut:\n%s", out)
	}
}

// The import summary of a 30-message mailbox scrolls: pages down show its
// end, with kinds in words, not keys.
func TestImportSummaryScrolls(t *testing.T) {
	for _, lang := range []cases.Lang{cases.EN, cases.RU} {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			t.Run(fmt.Sprintf("%s/%dx%d", lang, size[0], size[1]), func(t *testing.T) {
				importSummary(t, lang, size[0], size[1])
			})
		}
	}
}

func importSummary(t *testing.T, lang cases.Lang, w, h int) {
	cfg := testConfig(t, lang)
	var m tea.Model = New(cfg)
	m, _ = m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	rep := office.ImportReport{}
	for i := range 30 {
		rep.Created = append(rep.Created, office.Imported{ID: fmt.Sprintf("2026-%04d", i+1),
			Kind: string(cases.Kinds[i%5]), Subject: fmt.Sprintf("Subject %02d", i+1), Triage: i%5 == 4})
	}
	rep.Skipped = []office.Skipped{{Source: "inbox.mbox#31", ID: "2026-0001"}}
	mm := m.(Model)
	mm.imp = newImporting("inbox.mbox", w)
	m, _ = mm.Update(importDoneMsg{rep: rep})
	m, _ = m.Update(tea.KeyPressMsg{Code: tea.KeyPgDown})
	m, _ = m.Update(tea.KeyPressMsg{Code: tea.KeyPgDown})
	frame := ansi.Strip(m.(Model).View().Content)
	if !strings.Contains(frame, "inbox.mbox#31") || strings.Contains(frame, "Subject 01") {
		t.Errorf("two pages down do not show the end of the report:\n%s", frame)
	}
	if strings.Contains(frame, "marketing-optout") {
		t.Error("the report shows a kind's key")
	}
	golden.RequireEqual(t, []byte(frame))
	m, _ = m.Update(tea.KeyPressMsg{Code: tea.KeyEscape})
	if m.(Model).imp != nil {
		t.Error("esc does not close the report")
	}
}
