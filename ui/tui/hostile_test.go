package tui

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"privdesk/cases"
	"privdesk/ui/office"
)

const hostile = "A\x1b]2;PWNED\x07\x1b[2JB\rC\u009b31mD\u202eE"

// frameIsSafe fails when the drawn frame carries a control sequence that
// came from data: the desk's own styling is SGR only.
func frameIsSafe(t *testing.T, what, frame string) {
	t.Helper()
	for _, bad := range []string{"\x1b]", "\x1b[2J", "\x07", "\r", "\u009b", "\u202e"} {
		if strings.Contains(frame, bad) {
			t.Errorf("%s: the frame carries %q", what, bad)
		}
	}
	if !strings.Contains(ansi.Strip(frame), "]2;PWNED") {
		t.Errorf("%s: the hostile text is not shown (harmlessly) at all", what)
	}
}

func TestHostileTextInTheDesk(t *testing.T) {
	cfg := testConfig(t, cases.EN)
	c, ev, err := cases.New(cases.Intake{Kind: cases.KindAccess, Received: testNow, Summary: hostile,
		Subject: cases.Subject{Name: "Anna", Email: "a@example.ru"}}, cfg.Rules, testNow, "x")
	if err != nil {
		t.Fatal(err)
	}
	c.Subject.Name = hostile // as an older build could have stored it
	id, err := cfg.Office.Create(c, ev)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Office.Update(id, func(c *cases.Case) ([]cases.Event, error) {
		ev, err := c.AddNote("n", testNow, "x")
		ev.Text = hostile
		return []cases.Event{ev}, err
	})
	m := deskAt(cfg, 120, 40)
	frameIsSafe(t, "queue", m.(Model).render())
	m, _ = m.Update(loadCaseCmd(cfg.Office, id, true)())
	frameIsSafe(t, "case file", m.(Model).render())
}

func TestUnchangedKindDateFormChangesNothing(t *testing.T) {
	cfg := testConfig(t, cases.EN)
	at := testNow.Add(-26*time.Hour + 37*time.Second)
	id := addCase(t, cfg, cases.KindAccess, "Сидорова", at)
	before, _ := cfg.Office.Events(id)
	tm := start(t, cfg, 100, 30)
	waitFor(t, tm, "Сидорова")
	enter(tm)
	waitFor(t, tm, "Timeline")
	tm.Type("k")
	waitFor(t, tm, "Full name")
	for range 4 {
		enter(tm) // the subject's name and contacts, as they are
	}
	waitFor(t, tm, "Kind of request")
	enter(tm) // kind
	enter(tm) // date of receipt
	enter(tm) // evidence: empty
	waitFor(t, tm, "nothing changed")
	quit(tm)
	tm.WaitFinished(t, teatest.WithFinalTimeout(3*time.Second))
	c, _ := cfg.Office.Get(id)
	after, _ := cfg.Office.Events(id)
	if !c.Received.Equal(at) || len(after) != len(before) {
		t.Errorf("received %v (was %v), %d events (were %d)", c.Received, at, len(after), len(before))
	}
}

// withDoc is a case holding document 1.
func withDoc(t *testing.T, cfg office.Config) cases.ID {
	t.Helper()
	id := addCase(t, cfg, cases.KindPasswordReset, "Scan", testNow)
	dir := t.TempDir()
	path := filepath.Join(dir, "passport.jpg")
	os.WriteFile(path, []byte("\xff\xd8\xff\xe0 scan"), 0o600)
	doc, content, err := office.ReadDocument(path, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cfg.Office.Attach(id, content, func(c *cases.Case) (cases.Event, error) {
		return c.Attach(doc, testNow, "x")
	}); err != nil {
		t.Fatal(err)
	}
	return id
}

func TestScratchCopyGoneAfterDestroy(t *testing.T) {
	t.Setenv("XDG_RUNTIME_DIR", t.TempDir())
	cfg := testConfig(t, cases.EN)
	id := withDoc(t, cfg)
	s := &Scratch{}
	defer s.Clean()
	msg := openDocCmd(cfg.Office, id, 1, s, cfg.L)()
	path := s.files[docRef{id, 1}]
	if _, err := os.Stat(path); err != nil || !strings.HasPrefix(path, os.Getenv("XDG_RUNTIME_DIR")) {
		t.Fatalf("opened copy %q (%v): %v", path, msg, err)
	}
	done := destroyCmd(cfg, id, 1, cases.Destruction{Reason: "purpose achieved"}, "ok", "submitted", s)()
	if _, ok := done.(doneMsg); !ok {
		t.Fatalf("destroy: %v", done)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("the opened copy outlived the destruction: %v", err)
	}
}

func TestScratchCopyGoneOnHangup(t *testing.T) {
	t.Setenv("XDG_RUNTIME_DIR", t.TempDir())
	s := &Scratch{}
	path, err := s.Write(cases.ID{Year: 2026, N: 1}, 1, "../passport.jpg", []byte("scan"))
	if err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(filepath.Dir(filepath.Dir(path))); fi.Mode().Perm() != 0o700 {
		t.Errorf("scratch folder mode %v", fi.Mode().Perm())
	}
	stopped := make(chan struct{})
	release := onSignals(s, func() { close(stopped) })
	defer release()
	syscall.Kill(os.Getpid(), syscall.SIGHUP)
	select {
	case <-stopped:
	case <-time.After(3 * time.Second):
		t.Fatal("SIGHUP did not end the desk")
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("a decrypted copy survived SIGHUP: %v", err)
	}
}

func TestStaleScratchRemovedAtStart(t *testing.T) {
	base := t.TempDir()
	t.Setenv("XDG_RUNTIME_DIR", base)
	stale := filepath.Join(base, "privdesk-view-999999999-x", "doc-1")
	os.MkdirAll(stale, 0o700)
	os.WriteFile(filepath.Join(stale, "passport.jpg"), []byte("scan"), 0o600)
	other := filepath.Join(base, "unrelated")
	os.MkdirAll(other, 0o700)
	CleanStale()
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Error("a dead desk's copy was left")
	}
	if _, err := os.Stat(other); err != nil {
		t.Error("CleanStale removed what is not privdesk's")
	}
}
