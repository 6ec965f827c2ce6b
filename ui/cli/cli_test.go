package cli_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"privdesk/assets"
	"privdesk/ui/cli"
)

var now = time.Date(2026, 11, 25, 10, 0, 0, 0, time.FixedZone("MSK", 3*3600))

type result struct {
	code           int
	stdout, stderr string
}

func run(t *testing.T, db string, args ...string) result {
	return runEnv(t, db, nil, args...)
}

func runEnv(t *testing.T, db string, extra map[string]string, args ...string) result {
	return runAt(t, db, now, extra, args...)
}

func runAt(t *testing.T, db string, at time.Time, extra map[string]string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	env := map[string]string{"PRIVDESK_DB": db, "PRIVDESK_OFFICER": "ivanova", "LANG": "en_US.UTF-8",
		"PRIVDESK_KEY": filepath.Join(filepath.Dir(db), "test.key")}
	for k, v := range extra {
		env[k] = v
	}
	code := cli.Run(args, cli.Env{
		Stdout: &out, Stderr: &errb,
		Getenv: func(k string) string { return env[k] },
		Now:    func() time.Time { return at },
	})
	return result{code, out.String(), errb.String()}
}

func must(t *testing.T, db string, args ...string) string {
	t.Helper()
	r := run(t, db, args...)
	if r.code != 0 {
		t.Fatalf("privdesk %s: exit %d: %s", strings.Join(args, " "), r.code, r.stderr)
	}
	return strings.TrimSpace(r.stdout)
}

type caseOut struct {
	ID      string `json:"id"`
	Kind    string `json:"kind"`
	Status  string `json:"status"`
	Subject struct {
		Name, Email, Phone, Account string
	} `json:"subject"`
	Channel  string `json:"channel"`
	Received string `json:"received"`
	Due      string `json:"due"`
	Outcome  string `json:"outcome"`
	Reason   string `json:"reason"`
	Events   []struct {
		Type, Officer, Text, To string
	} `json:"events"`
}

func TestCaseLifecycle(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	id := must(t, db, "new", "--kind", "access", "--name", "Иванова Анна Петровна", "--email", "anna@example.ru",
		"--channel", "web", "--received", "2025-10-31", "--summary", "Какие данные обо мне?")
	if id != "2025-0001" {
		t.Fatalf("new printed %q", id)
	}
	must(t, db, "note", id, "Запрошены реквизиты паспорта")
	must(t, db, "--officer", "petrov", "status", id, "verifying")
	must(t, db, "status", id, "in_progress", "--officer", "sidorov")
	must(t, db, "step", id, "request_details", "done")
	must(t, db, "step", id, "identity_confirmed", "done", "--method", "document")
	must(t, db, "close", id, "--outcome", "fulfilled")

	var c caseOut
	if err := json.Unmarshal([]byte(must(t, db, "show", id, "--json")), &c); err != nil {
		t.Fatal(err)
	}
	if c.Status != "closed" || c.Outcome != "fulfilled" || c.Due != "2025-11-17" || c.Channel != "web" ||
		c.Subject.Email != "anna@example.ru" || c.Received != "2025-10-31T00:00:00+03:00" {
		t.Errorf("show: %+v", c)
	}
	wantEvents := []struct{ typ, officer string }{
		{"created", "ivanova"}, {"note", "ivanova"}, {"status", "petrov"}, {"status", "sidorov"},
		{"step", "ivanova"}, {"step", "ivanova"}, {"closed", "ivanova"},
	}
	if len(c.Events) != len(wantEvents) {
		t.Fatalf("events: %+v", c.Events)
	}
	for i, w := range wantEvents {
		if c.Events[i].Type != w.typ || c.Events[i].Officer != w.officer {
			t.Errorf("event %d: %+v, want %v", i, c.Events[i], w)
		}
	}
	must(t, db, "reopen", id, "--reason", "subject sent more documents")
	var list []caseOut
	json.Unmarshal([]byte(must(t, db, "list", "--json", "--status", "in_progress")), &list)
	if len(list) != 1 || list[0].ID != id || list[0].Events != nil {
		t.Errorf("list --json: %+v", list)
	}
	if must(t, db, "check") != "ok" {
		t.Error("check is not ok")
	}
}

func TestListFilters(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	must(t, db, "new", "--kind", "access", "--name", "Old", "--phone", "+79001234567", "--received", "2026-10-01")
	must(t, db, "new", "--kind", "destroy", "--name", "Fresh", "--account", "u1", "--received", "2026-11-24T15:00:00+03:00")
	var list []caseOut
	json.Unmarshal([]byte(must(t, db, "list", "--overdue", "--json")), &list)
	if len(list) != 1 || list[0].Subject.Name != "Old" {
		t.Errorf("--overdue: %+v", list)
	}
	json.Unmarshal([]byte(must(t, db, "list", "--kind", "destroy", "--json")), &list)
	if len(list) != 1 || list[0].Subject.Name != "Fresh" {
		t.Errorf("--kind: %+v", list)
	}
	if out := must(t, db, "list", "--json", "--status", "closed"); out != "[]" {
		t.Errorf("empty list prints %q", out)
	}
}

func hashFile(t *testing.T, path string) [32]byte {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

func TestBadInputChangesNothing(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	id := must(t, db, "new", "--kind", "access", "--name", "A", "--email", "a@example.ru")
	must(t, db, "close", id, "--outcome", "withdrawn", "--reason", "отозвано письмом")
	open := must(t, db, "new", "--kind", "access", "--name", "B", "--email", "b@example.ru")
	text := filepath.Join(dir, "notes.txt")
	os.WriteFile(text, []byte("hello, this is not a database at all, just some text long enough"), 0o600)

	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"new", "--name", "X", "--email", "x@example.ru"}, 2, "the kind is required"},
		{[]string{"new", "--kind", "gdpr", "--name", "X", "--email", "x@example.ru"}, 2, `unknown kind "gdpr"`},
		{[]string{"new", "--kind", "access", "--email", "x@example.ru"}, 2, "full name is required"},
		{[]string{"new", "--kind", "access", "--name", "X"}, 2, "at least one contact"},
		{[]string{"new", "--kind", "access", "--name", "X", "--email", "nope"}, 2, `"nope" is not an e-mail`},
		{[]string{"new", "--kind", "access", "--name", "X", "--phone", "12"}, 2, "is not a phone number"},
		{[]string{"new", "--kind", "access", "--name", "X", "--phone", "+79001234567", "--channel", "fax"}, 2, `unknown channel "fax"`},
		{[]string{"new", "--kind", "access", "--name", "X", "--phone", "+79001234567", "--received", "31/12/2026"}, 2, "is not a date"},
		{[]string{"new", "--kind", "access", "--name", "X", "--phone", "+79001234567", "--bogus"}, 2, "unknown flag: --bogus"},
		{[]string{"new", "--kind", "access", "--name", "X", "--phone", "+79001234567", "extra"}, 2, "takes no arguments"},
		{[]string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{[]string{"show"}, 2, "a case number is required"},
		{[]string{"show", "42"}, 2, `"42" is not a case number`},
		{[]string{"show", "2026-0099"}, 1, "no case 2026-0099"},
		{[]string{"note", open}, 2, "an argument is missing: privdesk note ID TEXT"},
		{[]string{"note", open, "  "}, 2, "the note is empty"},
		{[]string{"status", open, "closed"}, 2, "a status moves to verifying or in_progress"},
		{[]string{"status", open, "done"}, 2, `unknown status "done"`},
		{[]string{"status", id, "in_progress"}, 1, "is closed: reopen it first"},
		{[]string{"close", open}, 2, "the outcome is required"},
		{[]string{"close", open, "--outcome", "rejected"}, 1, "has no refusal letter"},
		{[]string{"close", open, "--outcome", "withdrawn"}, 1, "needs its reason"},
		{[]string{"close", open, "--outcome", "maybe"}, 2, `unknown outcome "maybe"`},
		{[]string{"close", id, "--outcome", "fulfilled"}, 1, "is closed"},
		{[]string{"reopen", open, "--reason", "x"}, 1, "is not closed"},
		{[]string{"reopen", id}, 2, "a reason is required"},
		{[]string{"--lang", "de", "list"}, 2, `unknown language "de"`},
		{[]string{"calendar", "abc"}, 2, `"abc" is not a year`},
		{[]string{"list", "--db", dir}, 1, "is a folder, not a database file"},
		{[]string{"list", "--db", text}, 1, "is not a privdesk database"},
	} {
		before := hashFile(t, db)
		r := run(t, db, tc.args...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.msg) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d with %q", tc.args, r.code, r.stderr, tc.code, tc.msg)
		}
		if !strings.HasPrefix(r.stderr, "privdesk: ") || strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("%v: error is not one privdesk: line: %q", tc.args, r.stderr)
		}
		if hashFile(t, db) != before {
			t.Errorf("%v changed the database", tc.args)
		}
	}
	if b, _ := os.ReadFile(text); !strings.HasPrefix(string(b), "hello") {
		t.Error("a text file given as --db was changed")
	}
}

func TestHelpAndLanguage(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	r := run(t, db, "--help")
	if r.code != 0 || !strings.Contains(r.stdout, "privdesk COMMAND") || !strings.Contains(r.stdout, "reopen") {
		t.Errorf("--help: %d %q", r.code, r.stdout)
	}
	r = run(t, db, "close", "--help")
	if r.code != 0 || !strings.Contains(r.stdout, "--outcome") {
		t.Errorf("close --help: %d %q", r.code, r.stdout)
	}
	r = run(t, db, "--lang", "ru", "new", "--kind", "access", "--name", "X")
	if r.code != 2 || !strings.Contains(r.stderr, "нужен хотя бы один контакт") {
		t.Errorf("Russian error: %q", r.stderr)
	}
	r = run(t, db, "no-tui-here")
	if r.code != 2 {
		t.Errorf("unknown command: %d", r.code)
	}
	if r := run(t, db); r.code != 1 || !strings.Contains(r.stderr, "no terminal") {
		t.Errorf("TUI without a terminal: %d %q", r.code, r.stderr)
	}
}

func TestDemo(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	must(t, db, "demo")
	var list []caseOut
	json.Unmarshal([]byte(must(t, db, "list", "--json")), &list)
	if len(list) != cli.DemoSize {
		t.Fatalf("demo made %d cases", len(list))
	}
	kinds, statuses := map[string]bool{}, map[string]bool{}
	for _, c := range list {
		kinds[c.Kind], statuses[c.Status+c.Outcome] = true, true
	}
	if len(kinds) != 11 || len(statuses) != 5 {
		t.Errorf("demo covers %d kinds and %d statuses/outcomes: %v", len(kinds), len(statuses), statuses)
	}
	var overdue []caseOut
	json.Unmarshal([]byte(must(t, db, "list", "--overdue", "--json")), &overdue)
	if len(overdue) == 0 || len(overdue) == len(list) {
		t.Errorf("demo: %d of %d overdue; want some", len(overdue), len(list))
	}
	if must(t, db, "check") != "ok" {
		t.Error("demo database does not check")
	}
}

// A subject's details typed wrong are corrected with edit: each correction
// is a timeline event naming the field; letters issued before keep what
// they said; a bad address is refused.
func TestEditCorrectsSubject(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	conf := filepath.Join(dir, "config.toml")
	os.WriteFile(conf, assets.DemoConfig, 0o600)
	env := map[string]string{"PRIVDESK_CONFIG": conf, "PRIVDESK_OFFICER": "demo"}
	must := func(t *testing.T, db string, args ...string) string {
		t.Helper()
		r := runEnv(t, db, env, args...)
		if r.code != 0 {
			t.Fatalf("privdesk %s: %s", strings.Join(args, " "), r.stderr)
		}
		return strings.TrimSpace(r.stdout)
	}
	id := must(t, db, "new", "--kind", "password-reset", "--name", "Алексеев Фёдор Ивановичa", "--email", "lekseev@mail.example", "--phone", "+7 (999) 123-45-67")
	must(t, db, "letter", id, "reset-document-request")
	before := must(t, db, "letters", id)
	if r := run(t, db, "edit", id, "--email", "x@mail.example+"); r.code == 0 || !strings.Contains(r.stderr, "not an e-mail address") {
		t.Errorf("a bad address: %d %q", r.code, r.stderr)
	}
	out := must(t, db, "edit", id, "--name", "Алексеев Фёдор Иванович", "--email", "alekseev@mail.example", "--phone", "")
	if !strings.Contains(out, "Corrected: e-mail") {
		t.Errorf("edit: %q", out)
	}
	var c caseOut
	json.Unmarshal([]byte(must(t, db, "show", id, "--json")), &c)
	if c.Subject.Name != "Алексеев Фёдор Иванович" || c.Subject.Email != "alekseev@mail.example" || c.Subject.Phone != "" {
		t.Errorf("subject after edit: %+v", c.Subject)
	}
	show := must(t, db, "show", id)
	for _, want := range []string{"Corrected: name «Алексеев Фёдор Ивановичa» → «Алексеев Фёдор Иванович»", "Corrected: e-mail «lekseev@mail.example» → «alekseev@mail.example»", "Corrected: phone «+7 (999) 123-45-67» → —"} {
		if !strings.Contains(show, want) {
			t.Errorf("timeline lacks %q:\n%s", want, show)
		}
	}
	if after := must(t, db, "letters", id); after != before {
		t.Errorf("the letter issued before changed:\n%s\n---\n%s", before, after)
	}
	if r := run(t, db, "edit", id, "--email", "alekseev@mail.example"); r.code == 0 {
		t.Error("an unchanged address was recorded")
	}
}
