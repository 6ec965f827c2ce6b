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

// Retention makes each act in the same transaction as its case's
// depersonalisation: a register with a request that came by post
// completes (retention destroys electronic records only, and asks for no
// paper sheets), and a rejected case keeps its ground and its refusal's
// number, dates and proof.
func TestRetentionWithPostalRequestsCompletes(t *testing.T) {
	run := demoAt(t, "\n[retention]\ncase_days = 30\n")
	post := run("2026-08-03T10:00:00+03:00", "new", "--kind", "access", "--name", "Почтова Анна", "--phone", "+7 916 000-11-22", "--channel", "post")
	run("2026-08-03T11:00:00+03:00", "letter", post, "refusal", "--ground", "14-3", "--missing", "подпись")
	run("2026-08-03T12:00:00+03:00", "sent", post, "1", "--via", "post", "--receipt", "80080012345678")
	run("2026-08-03T13:00:00+03:00", "close", post, "--outcome", "rejected", "--reason", "Почтова не подписала запрос")
	mail := run("2026-08-04T10:00:00+03:00", "new", "--kind", "access", "--name", "Почтов Иван", "--email", "i@example.ru")
	run("2026-08-04T11:00:00+03:00", "close", mail, "--outcome", "withdrawn", "--reason", "отозвано письмом")
	run("2026-10-10T12:00:00+03:00", "retention")
	for _, id := range []string{post, mail} {
		if acts := run("2026-10-10T12:05:00+03:00", "acts"); !strings.Contains(acts, id+"-У") {
			t.Errorf("no act for %s: %s", id, acts)
		}
	}
	var c struct {
		Reason string `json:"reason"`
	}
	var letters []struct {
		Number   string  `json:"number"`
		Template string  `json:"template"`
		Sent     *string `json:"sent_at"`
		Proof    string  `json:"proof"`
	}
	show := run("2026-10-10T12:05:00+03:00", "show", post, "--json")
	json.Unmarshal([]byte(show), &c)
	json.Unmarshal([]byte(run("2026-10-10T12:05:00+03:00", "letters", post, "--json")), &letters)
	if c.Reason != "ч. 3 ст. 14 152-ФЗ: запрос не содержит обязательных сведений" || strings.Contains(show, "Почтова") {
		t.Errorf("the ground of the outcome, and only it, is kept: %q", c.Reason)
	}
	if len(letters) != 1 || letters[0].Template != "refusal" || letters[0].Sent == nil || !strings.Contains(letters[0].Proof, "80080012345678") {
		t.Errorf("the refusal's number, dates and proof are not kept: %+v", letters)
	}
}

// demoAt is a command line on a fresh database with the demo's config.toml
// (and extra), run at a moment given as RFC 3339; a failure stops the test.
func demoAt(t *testing.T, extra string) func(when string, args ...string) string {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	cfg := filepath.Join(dir, "config.toml")
	os.WriteFile(cfg, append(append([]byte{}, assets.DemoConfig...), extra...), 0o600)
	env := map[string]string{"PRIVDESK_CONFIG": cfg, "PRIVDESK_OFFICER": "demo"}
	return func(when string, args ...string) string {
		t.Helper()
		at, _ := time.Parse(time.RFC3339, when)
		r := runAt(t, db, at, env, args...)
		if r.code != 0 {
			t.Fatalf("privdesk %s: %s", strings.Join(args, " "), r.stderr)
		}
		return strings.TrimSpace(r.stdout)
	}
}
