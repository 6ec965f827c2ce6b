package tui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"privdesk/cases"
	"privdesk/ui/office"
	"privdesk/ui/office/config"
)

// A in the case file issues the act of destruction: refused at once for a
// case that destroyed nothing; otherwise the act is recorded in the case
// and written as its PDF with its log export beside it.
func TestActKey(t *testing.T) {
	cfg := testConfig(t, cases.RU)
	set, err := config.ParseSettings([]byte("[operator]\nname = \"ООО Тест\"\naddress = \"Москва\"\n"+
		"[[officers]]\nlogin = \"ivanova\"\nname = \"Иванова Анна\"\nposition = \"ответственный\"\n"), "config.toml")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Settings = set
	actKey := tea.KeyPressMsg{Code: 'A', Text: "A"}
	open := func(id cases.ID) Model {
		m := deskAt(cfg, 80, 24)
		c, _ := cfg.Office.Get(id)
		evs, _ := cfg.Office.Events(id)
		m, _ = m.Update(caseMsg{c: c, events: evs, open: true})
		m, _ = m.Update(actKey)
		return m.(Model)
	}
	bare := addCase(t, cfg, cases.KindAccess, "Анна", testNow)
	if m := open(bare); m.dlg != nil || !m.statusErr || !strings.Contains(m.status, "нет уничтожения") {
		t.Fatalf("A on a case that destroyed nothing: form %v, status %q", m.dlg != nil, m.status)
	}
	id := withDoc(t, cfg)
	err = cfg.Office.Destroy(map[cases.ID]office.DestroyFn{id: func(c *cases.Case, _ func(int) ([]byte, error)) ([]cases.Event, map[int][]byte, error) {
		ev, err := c.DestroyDocument(1, cases.Destruction{Reason: "цель достигнута", System: "privdesk"}, testNow, "ivanova")
		return []cases.Event{ev}, nil, err
	}})
	if err != nil {
		t.Fatal(err)
	}
	m := open(id)
	if m.dlg == nil || m.dlg.kind != formAct {
		t.Fatalf("A opened no act form: %q", m.status)
	}
	dir := t.TempDir()
	m.dlg.received = dir
	cmd, _ := m.submitAct(m.dlg)
	msg := cmd()
	done, ok := msg.(doneMsg)
	if !ok {
		t.Fatalf("the act was not issued: %#v", msg)
	}
	c, _ := cfg.Office.Get(id)
	if len(c.Acts) != 1 {
		t.Fatalf("the case keeps %d acts", len(c.Acts))
	}
	no := c.Acts[0].No
	pdf, err := os.ReadFile(filepath.Join(dir, no+".pdf"))
	if err != nil || !strings.HasPrefix(string(pdf), "%PDF-") {
		t.Fatalf("the act's PDF: %v", err)
	}
	if log, err := os.ReadFile(filepath.Join(dir, c.Acts[0].Export)); err != nil || len(log) == 0 {
		t.Fatalf("the act's log export: %v", err)
	}
	if !strings.Contains(done.text, no) {
		t.Errorf("the desk says %q", done.text)
	}
}

// p on the dashboard writes the month's internal-control report as a PDF.
func TestReportKeyOnTheDashboard(t *testing.T) {
	cfg := testConfig(t, cases.RU)
	addCase(t, cfg, cases.KindAccess, "Анна", testNow)
	m := deskAt(cfg, 80, 24)
	m, cmd := m.Update(tea.KeyPressMsg{Code: 'D', Text: "D"})
	m, _ = m.Update(cmd())
	if m.(Model).dash == nil {
		t.Fatal("D opened no dashboard")
	}
	m, _ = m.Update(tea.KeyPressMsg{Code: 'p', Text: "p"})
	mm := m.(Model)
	if mm.dlg == nil || mm.dlg.kind != formReport || !strings.HasSuffix(mm.dlg.received, "отчёт-2026-11.pdf") {
		t.Fatalf("p on the dashboard opened %+v", mm.dlg)
	}
	path := filepath.Join(t.TempDir(), "r.pdf")
	mm.dlg.received = path
	cmd, _ = mm.submitAct(mm.dlg)
	if msg, ok := cmd().(doneMsg); !ok || !strings.Contains(msg.text, path) {
		t.Fatalf("the report was not written: %#v", msg)
	}
	if b, err := os.ReadFile(path); err != nil || !strings.HasPrefix(string(b), "%PDF-") {
		t.Fatalf("the report's PDF: %v", err)
	}
}
