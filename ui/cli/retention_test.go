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

// A closed case past retention is depersonalised: its subject, contacts,
// notes and documents are gone; the register row and the act remain, and
// check is ok.
func TestRetentionDepersonalises(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	cfg := filepath.Join(dir, "config.toml")
	os.WriteFile(cfg, append(append([]byte{}, assets.DemoConfig...), "\n[retention]\ncase_days = 30\n"...), 0o600)
	env := map[string]string{"PRIVDESK_CONFIG": cfg, "PRIVDESK_OFFICER": "demo"}
	scan := filepath.Join(dir, "passport.jpg")
	os.WriteFile(scan, []byte("\xff\xd8\xff\xe0 PASSPORT-SCAN-77"), 0o600)
	at := func(s string) time.Time { d, _ := time.Parse(time.RFC3339, s); return d }
	run := func(when string, args ...string) string {
		t.Helper()
		r := runAt(t, db, at(when), env, args...)
		if r.code != 0 {
			t.Fatalf("privdesk %s: %s", strings.Join(args, " "), r.stderr)
		}
		return r.stdout
	}
	id := strings.TrimSpace(run("2026-09-01T10:00:00+03:00", "new", "--kind", "password-reset", "--name", "Рябинина Ольга",
		"--email", "olga@example.ru", "--summary", "Забыла пароль"))
	run("2026-09-01T11:00:00+03:00", "note", id, "Звонила, назвала номер заказа 12345")
	run("2026-09-01T11:00:00+03:00", "attach", id, scan, "--type", "passport")
	run("2026-09-01T12:00:00+03:00", "letter", id, "reset-document-request")
	run("2026-09-02T12:00:00+03:00", "close", id, "--outcome", "withdrawn", "--reason", "отозвано письмом")
	if out := run("2026-09-20T12:00:00+03:00", "retention", "--dry-run"); strings.Contains(out, id) {
		t.Fatalf("depersonalised before its time:\n%s", out)
	}
	check := runAt(t, db, at("2026-10-10T12:00:00+03:00"), env, "check")
	if check.code != 1 || !strings.Contains(check.stdout, "past retention") {
		t.Errorf("check does not report the case past retention: %q", check.stdout)
	}
	run("2026-10-10T12:00:00+03:00", "retention")
	show := run("2026-10-10T12:05:00+03:00", "show", id, "--json")
	for _, gone := range []string{"Рябинина", "olga@example.ru", "Забыла пароль", "12345", "passport.jpg"} {
		if strings.Contains(show, gone) {
			t.Errorf("%q survived depersonalisation", gone)
		}
	}
	var c struct {
		ID      string `json:"id"`
		Kind    string `json:"kind"`
		Outcome string `json:"outcome"`
	}
	json.Unmarshal([]byte(show), &c)
	if c.ID != id || c.Kind != "password-reset" || c.Outcome != "withdrawn" {
		t.Errorf("the register row is not kept: %+v", c)
	}
	if r := runAt(t, db, at("2026-10-10T12:05:00+03:00"), env, "doc", id, "1", "--out", filepath.Join(dir, "x")); r.code == 0 {
		t.Error("the document is still readable")
	}
	if letters := run("2026-10-10T12:05:00+03:00", "letters", id); !strings.Contains(letters, "2026-0001  reset-document-request") {
		t.Errorf("the letter's number is lost: %s", letters)
	}
	if acts := run("2026-10-10T12:05:00+03:00", "acts"); !strings.Contains(acts, id+"-У") {
		t.Errorf("no act for the depersonalisation: %s", acts)
	}
	raw, _ := os.ReadFile(db)
	if strings.Contains(string(raw), "PASSPORT-SCAN-77") {
		t.Error("the scan is in the file")
	}
	if out := run("2026-10-10T12:05:00+03:00", "check"); strings.TrimSpace(out) != "ok" {
		t.Errorf("check after depersonalisation: %s", out)
	}
	// A depersonalised case takes no new personal data: no note, document,
	// letter or detail, each refused in one line naming why.
	for _, args := range [][]string{
		{"note", id, "Перезвонила Рябинина"},
		{"attach", id, scan},
		{"letter", id, "reset-document-request"},
		{"edit", id, "--name", "Рябинина Ольга"},
		{"reopen", id, "--reason", "новое письмо"},
	} {
		r := runAt(t, db, at("2026-10-11T12:00:00+03:00"), env, args...)
		if r.code == 0 || !strings.Contains(r.stderr, "destroyed on 10.10.2026") || strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("%s on a depersonalised case: %d %q", args[0], r.code, r.stderr)
		}
	}
	if raw, _ := os.ReadFile(db); strings.Contains(string(raw), "Перезвонила") {
		t.Error("the refused note reached the file")
	}
}
