package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestWithdrawalDueIsTheNominalDate(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	var due struct {
		Due      string  `json:"due"`
		DueMoved *string `json:"due_moved"`
	}
	if err := json.Unmarshal([]byte(must(t, db, "due", "--kind", "withdraw-consent", "--received", "2025-12-01", "--json")), &due); err != nil {
		t.Fatal(err)
	}
	if due.Due != "2025-12-31" || due.DueMoved == nil || *due.DueMoved != "2026-01-12" {
		t.Errorf("due %s, moved %v", due.Due, due.DueMoved)
	}
	at := time.Date(2025, 12, 5, 12, 0, 0, 0, time.FixedZone("MSK", 3*3600))
	r := runAt(t, db, at, nil, "new", "--kind", "withdraw-consent", "--name", "A", "--email", "a@example.ru", "--received", "2025-12-01")
	if r.code != 0 {
		t.Fatal(r.stderr)
	}
	for day, want := range map[string]bool{"2025-12-31T23:00:00+03:00": false, "2026-01-01T00:30:00+03:00": true} {
		when, _ := time.Parse(time.RFC3339, day)
		out := runAt(t, db, when, nil, "list", "--overdue", "--json")
		if got := strings.Contains(out.stdout, "2025-0001"); got != want {
			t.Errorf("overdue at %s: %v, want %v", day, got, want)
		}
	}
}

func TestWithdrawalWithoutPassportIsFulfilled(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	id := must(t, db, "new", "--kind", "withdraw-consent", "--name", "A", "--email", "a@example.ru")
	steps := must(t, db, "steps", id)
	if strings.Contains(steps, "request_details") || strings.Contains(steps, "identity_confirmed") || strings.Contains(steps, "doc_") {
		t.Fatalf("a withdrawal asks for identity documents:\n%s", steps)
	}
	must(t, db, "step", id, "requester_matched", "done", "--method", "email")
	must(t, db, "step", id, "processing_stopped", "done")
	must(t, db, "done", id, "destroy", "--ground", "6-1-5", "--data", "история заказов", "--purposes", "исполнение договора")
	must(t, db, "step", id, "subject_notified", "done")
	must(t, db, "close", id, "--outcome", "fulfilled")
	if show := must(t, db, "show", id); !strings.Contains(show, "Art. 6 p. 1 item 5") {
		t.Errorf("the ground is not shown:\n%s", show)
	}
	// An access request without the Art. 14 p. 3 details cannot be.
	acc := must(t, db, "new", "--kind", "access", "--name", "B", "--email", "b@example.ru")
	must(t, db, "step", acc, "identity_confirmed", "done", "--method", "account")
	if r := run(t, db, "close", acc, "--outcome", "fulfilled"); r.code == 0 || !strings.Contains(r.stderr, "check «Request has the Art. 14 p. 3 details") {
		t.Errorf("access without details fulfilled: %d %q", r.code, r.stderr)
	}
}

func TestIncidentFromTheCommandLine(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	id := must(t, db, "new", "--kind", "incident", "--detected", "2026-11-24T21:30:00+07:00", "--detected-by", "other",
		"--description", "База клиентов в открытом доступе", "--categories", "ФИО; e-mail", "--subjects", "1200", "--records", "5000")
	var c struct {
		Subject    struct{ Name string } `json:"subject"`
		Milestones []struct {
			Key   string `json:"key"`
			DueAt string `json:"due_at"`
		} `json:"milestones"`
	}
	json.Unmarshal([]byte(must(t, db, "show", id, "--json")), &c)
	if c.Subject.Name != "" || len(c.Milestones) != 2 || c.Milestones[0].DueAt != "2026-11-25T17:30:00+03:00" || c.Milestones[1].DueAt != "2026-11-27T17:30:00+03:00" {
		t.Errorf("incident: %+v", c)
	}
	show := strings.ReplaceAll(must(t, db, "--lang", "ru", "show", id), "\u00a0", " ")
	for _, want := range []string{"2026-11-25 17:30 МСК", "2026-11-27 17:30 МСК", "иное заинтересованное лицо", "около 1 200 субъектов", "введено как 2026-11-24 21:30 +07:00"} {
		if !strings.Contains(show, want) {
			t.Errorf("show lacks %q:\n%s", want, show)
		}
	}
	must(t, db, "incident", id, "--causes", "ошибка настройки", "--measures", "доступ закрыт")
	if show := must(t, db, "show", id); !strings.Contains(show, "ошибка настройки") {
		t.Errorf("incident details not recorded:\n%s", show)
	}
	if r := run(t, db, "new", "--kind", "incident", "--description", "x"); r.code != 2 || !strings.Contains(r.stderr, "--detected") {
		t.Errorf("incident without detection time: %d %q", r.code, r.stderr)
	}
}

func TestRetentionLongerThan30DaysNeedsAGround(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	cfg := filepath.Join(dir, "config.toml")
	os.WriteFile(cfg, []byte("[documents]\nretention_days = 45\n"), 0o600)
	env := map[string]string{"PRIVDESK_CONFIG": cfg}
	if r := runEnv(t, db, env, "init"); r.code != 2 || !strings.Contains(r.stderr, "retention_ground") {
		t.Errorf("45 days without a ground: %d %q", r.code, r.stderr)
	}
	os.WriteFile(cfg, []byte("[documents]\nretention_days = 45\nretention_ground = \"ст. 29 Закона о бухучёте\"\n"), 0o600)
	if r := runEnv(t, db, env, "init"); r.code != 0 {
		t.Errorf("45 days with a ground: %d %q", r.code, r.stderr)
	}
}
