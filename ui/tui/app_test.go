package tui

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"privdesk/assets"
	"privdesk/cases"
	"privdesk/store"
	"privdesk/store/seal"
	"privdesk/ui/l10n"
	"privdesk/ui/office"
	"privdesk/ui/office/config"
)

var testNow = time.Date(2026, 11, 25, 10, 0, 0, 0, cases.Moscow)

func testConfig(t testing.TB, lang cases.Lang) office.Config {
	t.Helper()
	set, _ := config.LoadSettings("")
	return testConfigWith(t, lang, set)
}

// testConfigWith is testConfig on the settings of a config.toml.
func testConfigWith(t testing.TB, lang cases.Lang, set config.Settings) office.Config {
	t.Helper()
	dir := t.TempDir()
	st, err := store.Open(filepath.Join(dir, "p.db"), testOptions(dir))
	if err != nil {
		t.Fatal(err)
	}
	cal, err := cases.ParseCalendar(assets.Calendar)
	if err != nil {
		t.Fatal(err)
	}
	steps, err := cases.ParseSteps(assets.Steps)
	if err != nil {
		t.Fatal(err)
	}
	return office.Config{Office: office.Local(st, set, "ivanova", config.RoleOfficer), Rules: &cases.Rules{Cal: cal, Steps: steps}, L: l10n.New(lang),
		Officer: "ivanova", Now: func() time.Time { return testNow }, Settings: set}
}

func testOptions(dir string) office.Options {
	return office.Options{Key: seal.Source{KeyFile: filepath.Join(dir, "key")}, Create: true}
}

func addCase(t testing.TB, cfg office.Config, kind cases.Kind, name string, received time.Time) cases.ID {
	t.Helper()
	c, ev, err := cases.New(cases.Intake{Kind: kind, Received: received,
		Subject: cases.Subject{Name: name, Email: "s@example.ru"}}, cfg.Rules, received, "import")
	if err != nil {
		t.Fatal(err)
	}
	id, err := cfg.Office.Create(c, ev)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// deskAt is the desk at a terminal of w by h with its queue loaded.
func deskAt(cfg office.Config, w, h int) tea.Model {
	var m tea.Model = New(cfg)
	m, _ = m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	m, _ = m.Update(loadQueueCmd(cfg.Office, firstPage)())
	return m
}

func start(t *testing.T, cfg office.Config, w, h int) *teatest.TestModel {
	return teatest.NewTestModel(t, New(cfg), teatest.WithInitialTermSize(w, h),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
}

func waitFor(t *testing.T, tm *teatest.TestModel, texts ...string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		for _, s := range texts {
			if !bytes.Contains(b, []byte(s)) {
				return false
			}
		}
		return true
	}, teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
}

func press(code rune) tea.KeyPressMsg { return tea.KeyPressMsg{Code: code} }

// typeSlow types text after a pause, so that a form has moved to its next
// field, as it has for a person.
func typeSlow(tm *teatest.TestModel, s string) {
	time.Sleep(50 * time.Millisecond)
	tm.Type(s)
	time.Sleep(50 * time.Millisecond)
}

// quit leaves the desk from wherever it is: esc back to the queue, then q.
func quit(tm *teatest.TestModel) {
	tm.Send(press(tea.KeyEscape))
	time.Sleep(50 * time.Millisecond)
	tm.Type("q")
}

func enter(tm *teatest.TestModel) {
	tm.Send(press(tea.KeyEnter))
	time.Sleep(80 * time.Millisecond)
}

func TestWorkflowInTUI(t *testing.T) {
	cfg := testConfig(t, cases.EN)
	tm := start(t, cfg, 120, 40)
	waitFor(t, tm, "No requests yet", "throwaway desk")

	// Register a request in the form.
	tm.Type("n")
	waitFor(t, tm, "New request", "Kind of request")
	enter(tm) // kind: access
	typeSlow(tm, "Петров Пётр")
	enter(tm)
	typeSlow(tm, "petr@example.ru")
	enter(tm)
	enter(tm) // phone
	enter(tm) // account
	enter(tm) // channel: e-mail
	enter(tm) // received: now
	typeSlow(tm, "Wants a copy of his data")
	enter(tm)
	waitFor(t, tm, "Registered 2026-0001")

	list, _, err := cfg.Office.List(office.Filter{})
	if err != nil || len(list) != 1 || list[0].Subject.Name != "Петров Пётр" || list[0].Subject.Email != "petr@example.ru" ||
		list[0].Summary != "Wants a copy of his data" || !list[0].Received.Equal(testNow) {
		t.Fatalf("created case: %+v %v", list, err)
	}
	id := list[0].ID

	// Work it: note, verifying, in progress, close fulfilled.
	enter(tm)
	waitFor(t, tm, "Access to personal data", "Timeline")
	tm.Type("n")
	waitFor(t, tm, "Note to 2026-0001")
	typeSlow(tm, "Asked for passport details")
	enter(tm)
	waitFor(t, tm, "Note added to 2026-0001")
	tm.Type("s")
	waitFor(t, tm, "2026-0001 is now: verifying")
	tm.Type("s")
	waitFor(t, tm, "in progress")
	// The Art. 14 p. 3 details and the identity are checked before the answer.
	tm.Type(" ")
	waitFor(t, tm, "Step Request has the Art. 14 p. 3 details")
	tm.Type(" ") // the tick moved the cursor on to the identity step
	waitFor(t, tm, "How was identity confirmed")
	enter(tm) // document
	enter(tm) // no note
	waitFor(t, tm, "Step Identity confirmed (document, e-signature, signed-in account, other): done")
	tm.Type("c")
	waitFor(t, tm, "Outcome of 2026-0001")
	enter(tm) // fulfilled
	enter(tm) // no reason needed
	waitFor(t, tm, "fulfilled")
	tm.Send(press(tea.KeyEscape))
	quit(tm)
	tm.WaitFinished(t, teatest.WithFinalTimeout(3*time.Second))

	c, _ := cfg.Office.Get(id)
	evs, _ := cfg.Office.Events(id)
	if c.Status != cases.StatusClosed || c.Outcome != cases.OutcomeFulfilled {
		t.Errorf("final case: %+v", c)
	}
	want := []string{"created", "note", "status", "status", "step", "step", "closed"}
	if len(evs) != len(want) {
		t.Fatalf("timeline: %+v", evs)
	}
	for i, e := range evs {
		if string(e.Type) != want[i] || e.Officer != "ivanova" {
			t.Errorf("event %d: %s by %s", i, e.Type, e.Officer)
		}
	}
	if evs[1].Text != "Asked for passport details" {
		t.Errorf("note: %q", evs[1].Text)
	}
}

// Art. 20 p. 2: a request is rejected by a sent refusal letter, not by a
// closing remark; a withdrawal needs how it was withdrawn.
func TestRejectNeedsASentRefusal(t *testing.T) {
	cfg := testConfig(t, cases.EN)
	id := addCase(t, cfg, cases.KindDestroy, "Сидорова", testNow)
	tm := start(t, cfg, 100, 30)
	waitFor(t, tm, "Сидорова")
	enter(tm)
	waitFor(t, tm, "Destruction of data")
	tm.Type("c")
	waitFor(t, tm, "Outcome of")
	tm.Send(press(tea.KeyDown))
	enter(tm) // rejected
	enter(tm) // no remark
	waitFor(t, tm, "has no refusal letter")
	tm.Type("c")
	waitFor(t, tm, "Outcome of")
	tm.Send(press(tea.KeyDown))
	tm.Send(press(tea.KeyDown))
	enter(tm) // withdrawn
	enter(tm) // empty reason: refused in place
	waitFor(t, tm, "needs its reason")
	typeSlow(tm, "withdrawn by e-mail of 24.11")
	enter(tm)
	waitFor(t, tm, "withdrawn")
	quit(tm)
	tm.WaitFinished(t, teatest.WithFinalTimeout(3*time.Second))
	c, _ := cfg.Office.Get(id)
	if c.Outcome != cases.OutcomeWithdrawn || c.Reason != "withdrawn by e-mail of 24.11" {
		t.Errorf("case: %+v", c)
	}
}

func TestSeesOtherWriters(t *testing.T) {
	cfg := testConfig(t, cases.RU)
	addCase(t, cfg, cases.KindAccess, "Первая", testNow)
	tm := start(t, cfg, 100, 30)
	waitFor(t, tm, "Первая")
	// Another privdesk process writes while the TUI is open.
	other, err := store.Open(cfg.Office.Path(), testOptions(filepath.Dir(cfg.Office.Path())))
	if err != nil {
		t.Fatal(err)
	}
	added := time.Now()
	addCase(t, office.Config{Office: office.Local(other, cfg.Settings, "other", config.RoleOfficer), Rules: cfg.Rules}, cases.KindDestroy, "Вторая", testNow)
	waitFor(t, tm, "Вторая")
	if d := time.Since(added); d > 2*time.Second {
		t.Errorf("the new case showed after %v", d)
	}
	quit(tm)
	tm.WaitFinished(t, teatest.WithFinalTimeout(3*time.Second))
}

func TestFilterAndTabs(t *testing.T) {
	cfg := testConfig(t, cases.EN)
	addCase(t, cfg, cases.KindAccess, "Anna Smirnova", testNow)
	addCase(t, cfg, cases.KindAccess, "Boris Volkov", testNow.AddDate(0, 0, -20))
	tm := start(t, cfg, 100, 30)
	waitFor(t, tm, "Anna Smirnova", "Boris Volkov")
	tm.Type("/volk")
	tm.Send(press(tea.KeyEnter))
	time.Sleep(100 * time.Millisecond)
	tm.Type("q") // in the queue, q quits (esc would clear the filter)
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(3*time.Second)).(Model)
	if len(fm.q.view) != 1 || fm.q.view[0].c.Subject.Name != "Boris Volkov" {
		t.Errorf("filter kept %d rows", len(fm.q.view))
	}
	if fm.q.counts[tabOverdue] != 1 || fm.q.counts[tabInbox] != 2 {
		t.Errorf("counts: %v", fm.q.counts)
	}
}

func TestSmallTerminal(t *testing.T) {
	cfg := testConfig(t, cases.RU)
	m := New(cfg)
	nm, _ := m.Update(tea.WindowSizeMsg{Width: 60, Height: 15})
	if got := nm.(Model).render(); !strings.Contains(got, "не меньше 80x20") {
		t.Errorf("small terminal: %q", got)
	}
}

func TestRussianPlurals(t *testing.T) {
	l := l10n.New(cases.RU)
	for n, want := range map[int]string{1: "остался 1 раб. день", 2: "осталось 2 раб. дня", 5: "осталось 5 раб. дней", 21: "остался 21 раб. день", 11: "осталось 11 раб. дней"} {
		if got := l.T("due.left_wd", n); got != want {
			t.Errorf("%d: %q, want %q", n, got, want)
		}
	}
	if got := l.T("due.late_days", 3); got != "просрочено на 3 дня" {
		t.Errorf("late: %q", got)
	}
	if got := l10n.New(cases.EN).T("due.left_wd", 1); got != "1 working day left" {
		t.Errorf("en: %q", got)
	}
}

// A refresh of a case that arrives after the officer went back to the queue
// must not drag the desk back into the case file.
func TestStaleCaseRefreshIgnored(t *testing.T) {
	cfg := testConfig(t, cases.EN)
	id := addCase(t, cfg, cases.KindAccess, "Stale", testNow)
	c, _ := cfg.Office.Get(id)
	var m tea.Model = New(cfg)
	m, _ = m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	m, _ = m.Update(caseMsg{c: c, open: false})
	if m.(Model).screen != screenQueue {
		t.Fatal("a refresh opened a case")
	}
	m, _ = m.Update(caseMsg{c: c, open: true})
	if m.(Model).screen != screenCase {
		t.Fatal("an explicit open did not open the case")
	}
	m, _ = m.Update(tea.KeyPressMsg{Code: tea.KeyEscape})
	m, _ = m.Update(caseMsg{c: c, open: false})
	if m.(Model).screen != screenQueue {
		t.Error("a late refresh reopened the case after esc")
	}
}

func TestKOpensKindFormInCaseFile(t *testing.T) {
	cfg := testConfig(t, cases.EN)
	id := addCase(t, cfg, cases.KindOther, "Kira", testNow)
	c, _ := cfg.Office.Get(id)
	var m tea.Model = New(cfg)
	m, _ = m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	m, _ = m.Update(caseMsg{c: c, open: true})
	m, _ = m.Update(tea.KeyPressMsg{Code: 'k', Text: "k"})
	if d := m.(Model).dlg; d == nil || d.kind != formEdit {
		t.Fatal("k in a case file must open the kind and receipt form")
	}
}
