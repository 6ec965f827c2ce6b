package tui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest/v2"

	"privdesk/cases"
	"privdesk/ui/cli"
)

// TestWatchedMaildirReachesTheDesk runs privdesk import --watch beside an
// open desk: a message delivered to the Maildir shows in the Inbox within 5 s.
func TestWatchedMaildirReachesTheDesk(t *testing.T) {
	cfg := testConfig(t, cases.EN)
	dir := filepath.Dir(cfg.Office.Path())
	md := filepath.Join(t.TempDir(), "Maildir")
	for _, sub := range []string{"new", "cur", "tmp"} {
		os.MkdirAll(filepath.Join(md, sub), 0o700)
	}
	tm := start(t, cfg, 110, 30)
	waitFor(t, tm, "No requests yet")

	done := make(chan struct{})
	finished := make(chan int)
	go func() {
		finished <- cli.Run([]string{"import", "--watch", md}, cli.Env{
			Stdout: &strings.Builder{}, Stderr: &strings.Builder{}, Done: done, Now: cfg.Now,
			Getenv: func(k string) string {
				return map[string]string{"PRIVDESK_DB": cfg.Office.Path(), "PRIVDESK_KEY": filepath.Join(dir, "key")}[k]
			},
		})
	}()
	defer func() {
		close(done)
		<-finished
	}()
	time.Sleep(300 * time.Millisecond)
	delivered := time.Now()
	msg := "From: Watched Wanda <wanda@example.ru>\nSubject: unsubscribe\nMessage-ID: <wanda@x>\n\nPlease unsubscribe me.\n"
	os.WriteFile(filepath.Join(md, "tmp", "1.host"), []byte(msg), 0o600)
	os.Rename(filepath.Join(md, "tmp", "1.host"), filepath.Join(md, "new", "1.host"))
	waitFor(t, tm, "Watched Wanda")
	if d := time.Since(delivered); d > 5*time.Second {
		t.Errorf("the message reached the desk after %v", d)
	}
	quit(tm)
	tm.WaitFinished(t, teatest.WithFinalTimeout(3*time.Second))
}

func TestImportInTUI(t *testing.T) {
	cfg := testConfig(t, cases.EN)
	box := filepath.Join(t.TempDir(), "inbox.mbox")
	os.WriteFile(box, []byte("From x Mon Nov 23 09:00:00 2026\nFrom: Imported Igor <igor@example.ru>\nSubject: forgot my password\nMessage-ID: <igor@x>\n\nhelp\n\n"+
		"From y Mon Nov 23 09:00:00 2026\nSubject: no sender here\n\nhello\n"), 0o600)
	tm := start(t, cfg, 110, 30)
	waitFor(t, tm, "No requests yet")
	tm.Type("i")
	waitFor(t, tm, "File or folder to import")
	typeSlow(tm, box)
	enter(tm)
	waitFor(t, tm, "1 created", "1 invalid", "has no sender")
	tm.Type("x") // any key closes the report
	waitFor(t, tm, "Imported Igor")
	quit(tm)
	tm.WaitFinished(t, teatest.WithFinalTimeout(3*time.Second))
}
