package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"golang.org/x/text/encoding/charmap"

	"privdesk/cases"
)

func TestFilterTermsAndFolding(t *testing.T) {
	cfg := testConfig(t, cases.EN)
	c1, ev, _ := cases.New(cases.Intake{Kind: cases.KindAccess, Received: testNow.AddDate(0, 0, -30),
		Subject: cases.Subject{Name: "Фёдоров Пётр", Phone: "+7 (900) 123-45-67"}}, cfg.Rules, testNow, "x")
	cfg.Office.Create(c1, ev)
	c2, ev, _ := cases.New(cases.Intake{Kind: cases.KindDestroy, Received: testNow, Channel: cases.ChannelPost,
		Subject: cases.Subject{Name: "Анна", Email: "anna@example.ru"}}, cfg.Rules, testNow, "x")
	cfg.Office.Create(c2, ev)
	c3, ev, _ := cases.New(cases.Intake{Kind: cases.KindOther, Received: testNow,
		Subject: cases.Subject{Name: "Łukasz Øster 汉", Email: "l@example.pl"}}, cfg.Rules, testNow, "x")
	cfg.Office.Create(c3, ev)
	m := deskAt(cfg, 120, 40)
	mm := m.(Model)
	for filter, want := range map[string]int{
		"федоров":          1, // ё folded
		"ФЁДОРОВ":          1,
		"79001234567":      1, // a phone by its digits
		"900-123":          1, // a number typed with its dashes: its digits
		"8-900-123-45-67":  1, // 8 and +7 are one prefix
		"+79001234567":     1,
		"89001234568":      0,
		"вид:уничтожение":  1, // Russian terms, Russian labels
		"статус:нов":       3,
		"канал:почта":      1,
		"kind:destroy":     1,
		"kind:acc":         1,
		"status:new":       3,
		"łukasz":           1, // runes with no one-byte form are compared as text
		"øster 汉":          1,
		"汉字":               0,
		"ńowak":            0,
		"channel:post":     1,
		"overdue":          1,
		"due<2026-12-01":   2, // Фёдоров and the triage of the third
		"kind:access анна": 0,
		"officer:x":        3,
	} {
		mm.q.filter.SetValue(filter)
		mm.switchTab(tabAll)
		if got := len(mm.q.view); got != want {
			t.Errorf("%q: %d rows, want %d", filter, got, want)
		}
	}
	// While filtering, every tab's title counts its own matches.
	mm.q.filter.SetValue("overdue")
	mm.switchTab(tabInbox)
	if mm.q.matched[tabOverdue] != 1 || mm.q.matched[tabAll] != 1 || mm.q.matched[tabClosed] != 0 {
		t.Errorf("matches by tab: %v", mm.q.matched)
	}
}

func TestUnderlineMatch(t *testing.T) {
	terms := parseFilter("ФЕД kind:access")
	if got := underlineMatch("Пётр Фёдоров", terms); got != "Пётр \x1b[4mФёд\x1b[24mоров" {
		t.Errorf("got %q", got)
	}
	if got := underlineMatch("Анна", terms); got != "Анна" {
		t.Errorf("no match changed the cell: %q", got)
	}
}

// Typing on narrows the previous matches instead of searching the register
// again; whatever is typed, the result is the one a fresh search gives.
func TestNarrowingGivesAFreshSearchResult(t *testing.T) {
	cfg := testConfig(t, cases.EN)
	for i, name := range []string{"Фёдоров Пётр", "Федорова Анна", "Орлов Олег", "Oleg Overton", "Анна Орлова"} {
		c, ev, _ := cases.New(cases.Intake{Kind: cases.Kinds[i%3], Received: testNow.AddDate(0, 0, -i*7),
			Subject: cases.Subject{Name: name, Email: "x@example.ru"}}, cfg.Rules, testNow, "x")
		cfg.Office.Create(c, ev)
	}
	m := deskAt(cfg, 120, 40)
	mm := m.(Model)
	mm.switchTab(tabAll)
	for _, typed := range []string{"федоров", "орлов о", "overdue", "kind:access анна", "ove", "due<2026-12-01", "анна орл"} {
		mm.q.filter.SetValue("")
		mm.q.refilter()
		for i := range len([]rune(typed)) {
			mm.q.filter.SetValue(string([]rune(typed)[:i+1]))
			mm.q.refilter()
			got := ids(mm.q.view)
			mm.q.narrowed = nil
			mm.q.refilter()
			if want := ids(mm.q.view); got != want {
				t.Errorf("%q: narrowing gave %s, a fresh search %s", mm.q.filter.Value(), got, want)
			}
		}
	}
}

func ids(rows []*row) string {
	var s []string
	for _, r := range rows {
		s = append(s, r.ID.String())
	}
	return strings.Join(s, ",")
}

// e on a case whose kind cannot be extended says so at once: no form is
// opened and no reasons are typed for nothing.
func TestExtendRefusedBeforeTheForm(t *testing.T) {
	cfg := testConfig(t, cases.RU)
	addCase(t, cfg, cases.KindMarketingOptout, "Анна", testNow)
	m := deskAt(cfg, 80, 24)
	m, _ = m.Update(tea.KeyPressMsg{Code: '8', Text: "8"}) // the All tab
	m, _ = m.Update(tea.KeyPressMsg{Code: 'e', Text: "e"})
	mm := m.(Model)
	if mm.dlg != nil || !mm.statusErr || !strings.Contains(mm.status, "продлить нельзя") {
		t.Errorf("e on an opt-out: dialog %v, status %q", mm.dlg != nil, mm.status)
	}
}

// esc closes the whole of a long message (!) and nothing else: the case
// file stays open.
func TestEscClosesTheWholeMessage(t *testing.T) {
	cfg := testConfig(t, cases.EN)
	id := addCase(t, cfg, cases.KindAccess, "Анна", testNow)
	var m tea.Model = New(cfg)
	m, _ = m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	c, _ := cfg.Office.Get(id)
	m, _ = m.Update(caseMsg{c: c, open: true})
	mm := m.(Model)
	mm.setStatus(strings.Repeat("a long message ", 20), true)
	m, _ = mm.Update(tea.KeyPressMsg{Code: '!', Text: "!"})
	if !m.(Model).statusFull {
		t.Fatal("! did not expand the message")
	}
	m, _ = m.Update(tea.KeyPressMsg{Code: tea.KeyEscape})
	if mm := m.(Model); mm.status != "" || mm.screen != screenCase {
		t.Errorf("esc: status %q, screen %v", mm.status, mm.screen)
	}
}

// The timeline wraps a long or multi-line entry within the screen, each
// further line under the first line's text.
func TestTimelineWrapsAndIndents(t *testing.T) {
	cfg := testConfig(t, cases.RU)
	id := addCase(t, cfg, cases.KindAccess, "Анна", testNow)
	note := "первая строка заметки\n" + strings.Repeat("очень длинная вторая строка ", 6)
	if _, err := cfg.Office.Update(id, func(c *cases.Case) ([]cases.Event, error) {
		ev, err := c.AddNote(note, testNow, "ivanova")
		return []cases.Event{ev}, err
	}); err != nil {
		t.Fatal(err)
	}
	c, _ := cfg.Office.Get(id)
	evs, _ := cfg.Office.Events(id)
	f := caseFile{c: c, events: evs}
	st := DefaultStyles(true)
	out := ansi.Strip(f.content(80, testNow, cfg.Rules.Cal, &st, cfg.L))
	timeline := out[strings.LastIndex(out, "Хронология"):]
	lines := strings.Split(timeline, "\n")
	var entry []string
	for i, ln := range lines {
		if strings.Contains(ln, "первая строка") {
			entry = lines[i : i+4]
		}
	}
	if entry == nil {
		t.Fatalf("no note in the timeline:\n%s", timeline)
	}
	for _, ln := range entry[1:] {
		if strings.TrimSpace(ln) != "" && !strings.HasPrefix(ln, strings.Repeat(" ", 31)) {
			t.Errorf("a continuation line not under the text: %q", ln)
		}
	}
	for _, ln := range lines {
		if ansi.StringWidth(strings.TrimRight(ln, " ")) > 80 {
			t.Errorf("a line wider than the screen: %q", ln)
		}
	}
}

// A deadline's basis says once that a term is internal, not twice.
func TestInternalTermSaidOnce(t *testing.T) {
	cfg := testConfig(t, cases.RU)
	id := addCase(t, cfg, cases.KindPasswordReset, "Анна", testNow)
	c, _ := cfg.Office.Get(id)
	st := DefaultStyles(true)
	f := caseFile{c: c}
	out := ansi.Strip(f.content(80, testNow, cfg.Rules.Cal, &st, cfg.L))
	if n := strings.Count(out, "внутренний срок"); n != 1 {
		t.Errorf("«внутренний срок» %d times:\n%s", n, out)
	}
}

// The empty desk's box closes inside the screen, in Russian, at 80 and 120
// columns.
func TestEmptyDeskBoxFits(t *testing.T) {
	for _, w := range []int{80, 120} {
		cfg := testConfig(t, cases.RU)
		m := deskAt(cfg, w, 24)
		view := ansi.Strip(m.(Model).View().Content)
		if !strings.Contains(view, "╮") || !strings.Contains(view, "╯") {
			t.Errorf("%d columns: the box is not closed:\n%s", w, view)
		}
		for _, ln := range strings.Split(view, "\n") {
			if ansi.StringWidth(ln) > w {
				t.Errorf("%d columns: a line of %d: %q", w, ansi.StringWidth(ln), ln)
			}
		}
	}
}

// The fast path of narrow writes what Windows-1251's encoder writes, and
// leaves any other rune to it.
func TestNarrowFastMatchesTheCharmap(t *testing.T) {
	var all []rune
	for r := rune(0); r < 0x80; r++ {
		all = append(all, r)
	}
	for r := 'А'; r <= 'я'; r++ {
		all = append(all, r)
	}
	all = append(all, 'Ё', 'ё')
	s := string(all) + " Иванова Анна Ёлкина +7 916 000-11-22 a@b.ru"
	fast, ok := narrowFast(s)
	want, err := charmap.Windows1251.NewEncoder().String(s)
	if !ok || err != nil || fast != want {
		t.Fatalf("fast %q (%v), charmap %q (%v)", fast, ok, want, err)
	}
	for _, other := range []string{"Әлия", "naïve", "日本", "№ 5"} {
		if _, ok := narrowFast(other); ok {
			t.Errorf("%q taken by the fast path", other)
		}
		if got, _ := narrow(other); got == "" {
			t.Errorf("narrow(%q) is empty", other)
		}
	}
}
