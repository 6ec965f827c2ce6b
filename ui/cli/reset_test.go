package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"privdesk/assets"
)

// The password reset, end to end from the command line: the document is
// asked for by letter, attached and matched, the link confirmation is sent,
// the case closes fulfilled, and the deadline is met on the letter's date.
func TestPasswordResetWithLetters(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	cfg := filepath.Join(dir, "config.toml")
	os.WriteFile(cfg, assets.DemoConfig, 0o600)
	env := map[string]string{"PRIVDESK_CONFIG": cfg, "PRIVDESK_OFFICER": "demo"}
	at := func(day string) time.Time { d, _ := time.Parse(time.RFC3339, day); return d }
	run := func(when string, args ...string) string {
		t.Helper()
		r := runAt(t, db, at(when), env, args...)
		if r.code != 0 {
			t.Fatalf("privdesk %s: %s", strings.Join(args, " "), r.stderr)
		}
		return strings.TrimSpace(r.stdout)
	}
	id := run("2026-11-23T10:00:00+03:00", "new", "--kind", "password-reset", "--name", "Петров Пётр", "--email", "petr@example.ru", "--account", "u42")
	run("2026-11-23T10:05:00+03:00", "letter", id, "reset-document-request")
	run("2026-11-23T10:06:00+03:00", "sent", id, "1", "--via", "email")
	run("2026-11-23T10:06:00+03:00", "step", id, "doc_requested", "done")
	scan := filepath.Join(dir, "passport.jpg")
	os.WriteFile(scan, []byte("\xff\xd8\xff\xe0 passport"), 0o600)
	run("2026-11-24T09:00:00+03:00", "attach", id, scan, "--type", "passport", "--step", "doc_received")
	run("2026-11-24T09:00:00+03:00", "step", id, "doc_received", "done")
	run("2026-11-24T09:10:00+03:00", "step", id, "doc_matches", "done")
	run("2026-11-24T09:15:00+03:00", "letter", id, "reset-link-sent")
	run("2026-11-25T12:00:00+03:00", "sent", id, "2", "--via", "email", "--date", "2026-11-24 09:20")
	run("2026-11-25T12:00:00+03:00", "step", id, "link_sent", "done")
	run("2026-11-25T12:01:00+03:00", "close", id, "--outcome", "fulfilled")
	var c struct {
		Status     string `json:"status"`
		Outcome    string `json:"outcome"`
		Milestones []struct {
			Key   string  `json:"key"`
			MetAt *string `json:"met_at"`
			Late  bool    `json:"late"`
		} `json:"milestones"`
	}
	json.Unmarshal([]byte(run("2026-11-25T12:02:00+03:00", "show", id, "--json")), &c)
	if c.Status != "closed" || c.Outcome != "fulfilled" || len(c.Milestones) != 1 || c.Milestones[0].MetAt == nil ||
		*c.Milestones[0].MetAt != "2026-11-24T09:20:00+03:00" || c.Milestones[0].Late {
		t.Errorf("case: %+v %v", c, c.Milestones)
	}
	letters := run("2026-11-25T12:02:00+03:00", "--lang", "en", "letters", id)
	for _, want := range []string{"reset-document-request  sent  2026-11-23 email", "reset-link-sent         sent  2026-11-24 email"} {
		if !strings.Contains(letters, want) {
			t.Errorf("letters lack %q:\n%s", want, letters)
		}
	}
}
