package cli_test

import (
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite"

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

// A letter can be edited before it is issued; an issued letter is
// corrected by a new one that names it; an extension notice, once sent, is
// the notice that extends the term.
func TestLetterEditCorrectionAndExtension(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	cfg := filepath.Join(dir, "config.toml")
	os.WriteFile(cfg, assets.DemoConfig, 0o600)
	editor := filepath.Join(dir, "editor.sh")
	os.WriteFile(editor, []byte("#!/bin/sh\nsed -i 's/сообщаем:/сообщаем следующее (дополнено вручную):/' \"$1\"\n"), 0o700)
	env := map[string]string{"PRIVDESK_CONFIG": cfg, "PRIVDESK_OFFICER": "demo", "EDITOR": editor}
	id := strings.TrimSpace(runEnv(t, db, env, "new", "--kind", "access", "--name", "А", "--email", "a@example.ru", "--received", "2026-11-20").stdout)
	if r := runEnv(t, db, env, "found", id, "--system", "CRM «Демо-Клиенты»", "--categories", "адрес электронной почты"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	if r := runEnv(t, db, env, "letter", id, "access-answer", "--edit"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	md := filepath.Join(dir, "1.md")
	runEnv(t, db, env, "print", id, "1", "--format", "md", "--out", md)
	if b, _ := os.ReadFile(md); !strings.Contains(string(b), "дополнено вручную") || !strings.Contains(string(b), "Исх. № 2026-0001 от") {
		t.Errorf("the edited letter:\n%s", b)
	}
	if r := runEnv(t, db, env, "letter", id, "access-answer", "--corrects", "1"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	runEnv(t, db, env, "print", id, "2", "--format", "md", "--out", filepath.Join(dir, "2.md"))
	if b, _ := os.ReadFile(filepath.Join(dir, "2.md")); !strings.Contains(string(b), "Взамен письма исх. № 2026-0001") {
		t.Errorf("the correction does not name the letter it replaces:\n%s", b)
	}
	if r := runEnv(t, db, env, "letter", id, "extension-notice", "--reason", "поиск данных в архиве"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	runEnv(t, db, env, "sent", id, "3", "--via", "email")
	var c struct {
		Due        string `json:"due"`
		Milestones []struct {
			Extended bool `json:"extended"`
		} `json:"milestones"`
	}
	json.Unmarshal([]byte(runEnv(t, db, env, "show", id, "--json").stdout), &c)
	if c.Due != "2026-12-11" || !c.Milestones[0].Extended {
		t.Errorf("the extension notice did not extend the term: %+v", c)
	}
}

func TestConfigCheckAndOwnTemplates(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	cfg := filepath.Join(dir, "config.toml")
	os.WriteFile(cfg, []byte(strings.Replace(string(assets.DemoConfig), `sources = "`, `# sources = "`, 1)), 0o600)
	env := map[string]string{"PRIVDESK_CONFIG": cfg, "PRIVDESK_OFFICER": "demo", "XDG_CONFIG_HOME": dir}
	if r := runEnv(t, db, env, "config", "check"); r.code != 1 || !strings.Contains(r.stdout, "processing.sources") {
		t.Errorf("config check with a hole: %d %q %q", r.code, r.stdout, r.stderr)
	}
	os.WriteFile(cfg, assets.DemoConfig, 0o600)
	// Its CRM is not there yet: each lookup is named as failing.
	if r := runEnv(t, db, env, "config", "check"); r.code != 1 || strings.Count(r.stdout, "crm.sqlite") != 3 {
		t.Errorf("config check without the demo CRM: %d %q", r.code, r.stdout)
	}
	crmDB, err := sql.Open("sqlite", filepath.Join(filepath.Dir(cfg), "crm.sqlite"))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"CREATE TABLE accounts (login, full_name, email, phone, company)", "CREATE TABLE orders (email, address)", "CREATE TABLE mailing (email)"} {
		if _, err := crmDB.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	crmDB.Close()
	if r := runEnv(t, db, env, "config", "check"); r.code != 0 || strings.Count(r.stdout, "подключение есть") != 3 && strings.Count(r.stdout, "reached") != 3 {
		t.Errorf("config check of the demo register: %d %q", r.code, r.stdout)
	}
	// The officer's own template replaces the embedded one.
	os.MkdirAll(filepath.Join(dir, "privdesk", "templates"), 0o700)
	os.WriteFile(filepath.Join(dir, "privdesk", "templates", "reset-link-sent.ru.md"),
		[]byte("{{template \"header\" .}}\nСвой текст компании.\n{{template \"signature\" .}}\n"), 0o600)
	id := strings.TrimSpace(runEnv(t, db, env, "new", "--kind", "password-reset", "--name", "Б", "--email", "b@example.ru").stdout)
	runEnv(t, db, env, "letter", id, "reset-link-sent")
	out := filepath.Join(dir, "l.md")
	runEnv(t, db, env, "print", id, "1", "--format", "md", "--out", out)
	if b, _ := os.ReadFile(out); !strings.Contains(string(b), "Свой текст компании.") || !strings.Contains(string(b), "Исх. № 2026-0001 от") {
		t.Errorf("own template not used:\n%s", b)
	}
}
