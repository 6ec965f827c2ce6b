package cli_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"privdesk/cases"
	"strings"
	"testing"
)

func TestPasswordResetFlowCLI(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	scan := filepath.Join(dir, "passport.jpg")
	content := append([]byte{0xff, 0xd8, 0xff, 0xe0}, []byte("JFIF passport scan")...)
	os.WriteFile(scan, content, 0o644)

	id := must(t, db, "new", "--kind", "password-reset", "--name", "Жукова Вера", "--email", "vera@example.ru", "--account", "u42")
	var steps []struct{ Key, State string }
	json.Unmarshal([]byte(must(t, db, "steps", id, "--json")), &steps)
	if len(steps) != 4 || steps[0].Key != "doc_requested" || steps[3].Key != "link_sent" {
		t.Fatalf("steps: %+v", steps)
	}
	// Each change prints one line: the case, what happened, and the status
	// and deadline where they moved.
	for _, want := range []struct {
		args []string
		line string
	}{
		{[]string{"step", id, "doc_requested", "done", "--note", "asked by e-mail"}, "Step Identity document requested: done — asked by e-mail; Status: new → verifying"},
		{[]string{"attach", id, scan, "--step", "doc_received", "--label", "passport"}, "Document 1 attached: passport (image/jpeg)"},
		{[]string{"step", id, "doc_received", "done"}, "Step Document received: done"},
		{[]string{"step", id, "doc_matches", "done"}, "Step Document matches the account holder (name, date of birth, account)…; Status: verifying → in progress"},
		{[]string{"step", id, "link_sent", "done"}, "Step Reset link sent to the account's own e-mail address: done; Deadline met: Verify identity and send the link · no deadline left"},
		{[]string{"close", id, "--outcome", "fulfilled"}, "Closed: fulfilled"},
	} {
		if out := must(t, db, want.args...); out != id+"  "+want.line {
			t.Errorf("%v: %q", want.args, out)
		}
	}
	var docs []struct {
		No         int
		Name, Type string
		Size       int64
		Step       string
	}
	json.Unmarshal([]byte(must(t, db, "docs", id, "--json")), &docs)
	if len(docs) != 1 || docs[0].Name != "passport.jpg" || docs[0].Type != "image/jpeg" || docs[0].Step != "doc_received" {
		t.Errorf("docs: %+v", docs)
	}
	out := filepath.Join(dir, "copy.jpg")
	must(t, db, "doc", id, "1", "--out", out)
	got, _ := os.ReadFile(out)
	fi, _ := os.Stat(out)
	if !bytes.Equal(got, content) || fi.Mode().Perm() != 0o600 {
		t.Errorf("copy: %d bytes, mode %v", len(got), fi.Mode().Perm())
	}
	if r := run(t, db, "doc", id, "1", "--out", out); r.code == 0 {
		t.Error("doc --out overwrote an existing file")
	}
	var c caseOut
	json.Unmarshal([]byte(must(t, db, "show", id, "--json")), &c)
	var types []string
	for _, e := range c.Events {
		types = append(types, e.Type)
	}
	want := "created,step,status,attached,step,step,status,step,milestone,closed"
	if strings.Join(types, ",") != want {
		t.Errorf("timeline %v\nwant %s", types, want)
	}
}

func TestIdentityFailureOffersRejection(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	id := must(t, db, "new", "--kind", "access", "--name", "A", "--email", "a@example.ru")
	if r := run(t, db, "step", id, "identity_confirmed", "done"); r.code != 2 || !strings.Contains(r.stderr, "--method") {
		t.Errorf("identity without method: %d %q", r.code, r.stderr)
	}
	r := run(t, db, "step", id, "identity_confirmed", "failed", "--note", "no document")
	if r.code != 0 || !strings.Contains(r.stderr, "refusal --ground 14-8-4") {
		t.Errorf("failed identity: %d %q", r.code, r.stderr)
	}
	// Missing Art. 14 p. 3 details offer a refusal citing them.
	id = must(t, db, "new", "--kind", "access", "--name", "B", "--email", "b@example.ru")
	r = run(t, db, "step", id, "request_details", "failed")
	if r.code != 0 || !strings.Contains(r.stderr, "refusal --ground 14-3") {
		t.Errorf("missing details: %d %q", r.code, r.stderr)
	}
}

func TestDocumentBadInputs(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	cfg := filepath.Join(dir, "config.toml")
	os.WriteFile(cfg, []byte("[documents]\nmax_mib = 1\n"), 0o600)
	env := map[string]string{"PRIVDESK_CONFIG": cfg}
	id := must(t, db, "new", "--kind", "access", "--name", "A", "--email", "a@example.ru")
	big := filepath.Join(dir, "big.pdf")
	os.WriteFile(big, make([]byte, 1<<20+1), 0o600)
	empty := filepath.Join(dir, "empty.pdf")
	os.WriteFile(empty, nil, 0o600)
	locked := filepath.Join(dir, "locked.pdf")
	os.WriteFile(locked, []byte("x"), 0o000)
	otherKey := filepath.Join(dir, "other.key")
	must(t, filepath.Join(dir, "other.db"), "--key", otherKey, "init")

	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"attach", id, big}, 2, "larger than 1 MiB"},
		{[]string{"attach", id, empty}, 2, "is empty"},
		{[]string{"attach", id, dir}, 2, "is not a regular file"},
		{[]string{"attach", id, filepath.Join(dir, "nope.pdf")}, 2, "no file"},
		{[]string{"attach", id, big, "--step", "nope"}, 2, "larger than"},
		{[]string{"doc", id, "1", "--out", filepath.Join(dir, "x")}, 1, "no document 1"},
		{[]string{"doc", id, "one", "--out", filepath.Join(dir, "x")}, 2, "is not a document number"},
		{[]string{"destroy", id, "1", "--reason", "r"}, 1, "no document 1"},
		{[]string{"list", "--key", otherKey}, 1, "the key does not open"},
		{[]string{"list", "--key", filepath.Join(dir, "missing.key")}, 1, "key file for"},
	} {
		before := hashFile(t, db)
		r := runEnv(t, db, env, tc.args...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.msg) {
			t.Errorf("%v: exit %d %q, want %d %q", tc.args, r.code, r.stderr, tc.code, tc.msg)
		}
		if hashFile(t, db) != before {
			t.Errorf("%v changed the database", tc.args)
		}
	}
	if os.Geteuid() != 0 { // root reads anything
		if r := runEnv(t, db, env, "attach", id, locked); r.code != 2 || !strings.Contains(r.stderr, "cannot read") {
			t.Errorf("unreadable: %d %q", r.code, r.stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "missing.key")); err == nil {
		t.Error("a missing key was created for an existing database")
	}
}

// Order 179 p. 3 г: the act names the persons who destroyed the data, not
// the officer who prints it; p. 3 д: the categories as a list, per document
// type; ж, з: the system and method of a destruction done elsewhere; p. 5:
// a log export of its own.
// actFields are the act's fields of Order 179 p. 3 (and p. 8's term), as
// the test's case and config.toml fill them.
var actFields = map[string]string{
	"а":  "ООО «Пример», 123456, Москва, ул. Примерная, 1",
	"б":  "ООО «Хостинг», Санкт-Петербург, Невский пр., 2",
	"в":  "Фомина Ольга Игоревна",
	"г":  "Иванова Анна Петровна, Ответственный за обработку ПДн",
	"г2": "Сидоров Пётр Ильич, Администратор CRM",
	"д":  "серия, номер, дата выдачи паспорта и выдавший орган",
	"д2": "6) ФИО",
	"д3": "7) история заказов",
	"е":  "материальные носители не уничтожались",
	"ж":  "privdesk: зашифрованное хранилище документов дел по обращениям",
	"ж2": "CRM «Клиенты»",
	"з":  "удаление записи клиента средствами CRM",
	"и":  "цель обработки достигнута",
	"и2": "требование субъекта об уничтожении персональных данных (ч. 3 ст. 20 152-ФЗ)",
	"к":  "25.11.2026",
	"№":  "№ 2026-0001-У",
	"p8": "25.11.2029",
	"p5": "файл 2026-0001-У.csv, SHA-256 ",
}

// actConfig is an operator with a processor and one officer.
const actConfig = `[operator]
name = "ООО «Пример»"
address = "123456, Москва, ул. Примерная, 1"
information_system = "privdesk (реестр обращений)"

[processor]
name = "ООО «Хостинг»"
address = "Санкт-Петербург, Невский пр., 2"

[[officers]]
login = "ivanova"
name = "Иванова Анна Петровна"
position = "Ответственный за обработку ПДн"
`

func TestDestructionActOrder179(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	cfg := filepath.Join(dir, "config.toml")
	env := map[string]string{"PRIVDESK_CONFIG": cfg}
	scan := filepath.Join(dir, "scan.pdf")
	os.WriteFile(scan, []byte("%PDF-1.4 scan"), 0o600)
	id := must(t, db, "new", "--kind", "destroy", "--name", "Фомина Ольга Игоревна", "--email", "o@example.ru")
	must(t, db, "attach", id, scan, "--label", "паспорт", "--type", "passport")

	config := actConfig
	os.WriteFile(cfg, []byte(config), 0o600)
	if r := runEnv(t, db, env, "act", id, "--out", filepath.Join(dir, "a.md")); r.code != 1 || !strings.Contains(r.stderr, "no destruction to confirm") {
		t.Errorf("act before destruction: %d %q", r.code, r.stderr)
	}
	// ivanova destroys the scan; sidorov destroys the data in the CRM.
	if r := runEnv(t, db, env, "destroy", id, "1", "--reason", "цель обработки достигнута"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	os.WriteFile(cfg, []byte("[operator]\nname = \"ООО «Пример»\"\n"), 0o600)
	if r := runEnv(t, db, env, "act", id, "--out", filepath.Join(dir, "a.md")); r.code != 1 || !strings.Contains(r.stderr, "[operator] address") {
		t.Errorf("missing address: %d %q", r.code, r.stderr)
	}
	os.WriteFile(cfg, []byte(config), 0o600)
	if r := runEnv(t, db, env, "step", id, "data_destroyed", "done"); r.code != 2 || !strings.Contains(r.stderr, "--system") {
		t.Errorf("a destroying step without its system: %d %q", r.code, r.stderr)
	}
	if r := runEnv(t, db, map[string]string{"PRIVDESK_CONFIG": cfg, "PRIVDESK_OFFICER": "sidorov"}, "step", id, "data_destroyed", "done",
		"--system", "CRM «Клиенты»", "--how", "удаление записи клиента средствами CRM", "--categories", "ФИО; история заказов"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	// The act is printed by petrov, who destroyed nothing: sidorov must be in the config.
	printer := map[string]string{"PRIVDESK_CONFIG": cfg, "PRIVDESK_OFFICER": "petrov"}
	if r := runEnv(t, db, printer, "act", id, "--out", filepath.Join(dir, "a.md")); r.code != 1 || !strings.Contains(r.stderr, `login = "sidorov"`) {
		t.Errorf("a destroyer without an [[officers]] entry: %d %q", r.code, r.stderr)
	}
	os.WriteFile(cfg, []byte(config+`
[[officers]]
login = "sidorov"
name = "Сидоров Пётр Ильич"
position = "Администратор CRM"
`), 0o600)
	first := ""
	for _, format := range []string{"md", "html", "md"} {
		out := filepath.Join(dir, fmt.Sprintf("act%d.%s", len(first), format))
		args := []string{"--lang", "ru", "act", id, "--out", out}
		args = append(args, "--format", format)
		if r := runEnv(t, db, printer, args...); r.code != 0 {
			t.Fatal(r.stderr)
		}
		b, _ := os.ReadFile(out)
		act := string(b)
		for field, want := range actFields {
			if !strings.Contains(act, want) {
				t.Errorf("%s act, field %s: %q missing", format, field, want)
			}
		}
		if strings.Contains(act, "Petrov") || strings.Contains(act, "petrov") {
			t.Errorf("the act names the officer who printed it")
		}
		if format == "md" {
			if first == "" {
				first = act
			} else if act != first {
				t.Errorf("the act printed twice differs:\n%s\n---\n%s", first, act)
			}
		}
	}
	checkActLog(t, db, dir, id)
}

func TestPurge(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	scan := filepath.Join(dir, "scan.pdf")
	os.WriteFile(scan, []byte("%PDF-1.4 scan"), 0o600)
	old := now.AddDate(0, 0, -40)
	oldID := strings.TrimSpace(runAt(t, db, old, nil, "new", "--kind", "password-reset", "--name", "A", "--email", "a@example.ru").stdout)
	runAt(t, db, old, nil, "attach", oldID, scan)
	runAt(t, db, old, nil, "close", oldID, "--outcome", "withdrawn", "--reason", "отозвано письмом")
	recent := must(t, db, "new", "--kind", "password-reset", "--name", "B", "--email", "b@example.ru")
	must(t, db, "attach", recent, scan)
	must(t, db, "close", recent, "--outcome", "withdrawn", "--reason", "отозвано письмом")

	before := hashFile(t, db)
	dry := must(t, db, "purge", "--dry-run")
	if !strings.Contains(dry, oldID+"\t1") || strings.Contains(dry, recent) || hashFile(t, db) != before {
		t.Errorf("dry run: %q", dry)
	}
	if out := must(t, db, "purge"); !strings.Contains(out, "1 document destroyed") {
		t.Errorf("purge: %q", out)
	}
	if r := run(t, db, "doc", oldID, "1", "--out", filepath.Join(dir, "x")); r.code != 1 || !strings.Contains(r.stderr, "was destroyed") {
		t.Errorf("purged document: %q", r.stderr)
	}
	// Order 179 p. 3 и, Art. 21 p. 4: the reason names the purpose achieved,
	// on its date (here the closing), and the norm; not "30 days after closing".
	closed := old.In(cases.Moscow).Format("02.01.2006")
	if show := must(t, db, "show", oldID, "--json"); !strings.Contains(show, "цель обработки достигнута "+closed+"; ч. 4 ст. 21 152-ФЗ") {
		t.Errorf("the purge's reason: %s", show)
	}
	must(t, db, "doc", recent, "1", "--out", filepath.Join(dir, "y"))
	if out := must(t, db, "purge"); !strings.Contains(out, "0 documents") {
		t.Errorf("second purge: %q", out)
	}
	if must(t, db, "check") != "ok" {
		t.Error("check after purge")
	}
}

// checkActLog checks the act's log export (Order 179 p. 5), as CSV and JSON.
func checkActLog(t *testing.T, db, dir, id string) {
	t.Helper()
	// The log export: the five fields of p. 5, the event, its hash, who and how; no contact data.
	log := filepath.Join(dir, "log.csv")
	must(t, db, "act", id, "--log", log)
	b, _ := os.ReadFile(log)
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff"))))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil || len(rows) != 3 || strings.Join(rows[0], ",") != "акт,субъект,категории,система,основание,дата,событие,хеш,кто,способ" {
		t.Fatalf("log export: %v %q", err, rows)
	}
	if rows[1][1] != "Фомина Ольга Игоревна" || rows[2][8] != "sidorov" || len(rows[1][7]) != 64 || bytes.Contains(b, []byte("o@example.ru")) {
		t.Errorf("log export rows: %q", rows)
	}
	// The act names the export and its SHA-256: the bytes written are those.
	sum := sha256.Sum256(b)
	if act, _ := os.ReadFile(filepath.Join(dir, "act0.md")); !bytes.Contains(act, []byte(hex.EncodeToString(sum[:]))) {
		t.Errorf("the act does not carry the SHA-256 of its log export")
	}
	jlog := filepath.Join(dir, "log.json")
	must(t, db, "act", id, "--log", jlog)
	if b, _ := os.ReadFile(jlog); !bytes.Contains(b, []byte(`"categories"`)) || bytes.Contains(b, []byte("o@example.ru")) {
		t.Errorf("json log: %s", b)
	}
}
