package office_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite"

	"privdesk/cases"
	"privdesk/store"
	"privdesk/store/seal"
	"privdesk/ui/office"
	"privdesk/ui/office/config"
)

// crmConfig is a register with a SQLite CRM of three tables, a system
// that is down, and the officer.
const crmConfig = `
[operator]
name = "ООО Тест"
address = "Москва"

[[officers]]
login = "ivanova"
name = "Иванова Анна"
position = "ответственный"

[[processing.systems]]
name = "CRM"
method = "удаление записей средствами СУБД"
connector = "sqlite"
path = "crm.sqlite"
[[processing.systems.lookups]]
table = "accounts"
find = "SELECT full_name, email, phone FROM accounts WHERE email = :email OR phone = :phone OR login = :account"
erase = "DELETE FROM accounts WHERE email = :email OR phone = :phone OR login = :account"
[processing.systems.lookups.categories]
full_name = "фамилия, имя, отчество"
email = "адрес электронной почты"
phone = "номер телефона"
[[processing.systems.lookups]]
table = "orders"
find = "SELECT address FROM orders WHERE email = :email -- a comment: :nothing"
erase = "DELETE FROM orders WHERE email = :email"
[processing.systems.lookups.categories]
address = "адрес"
[[processing.systems.lookups]]
table = "mailing"
find = "SELECT email FROM mailing WHERE lower(email) = :email"
erase = "DELETE FROM mailing WHERE lower(email) = :email"
[processing.systems.lookups.categories]
email = "адрес электронной почты"

[[processing.systems]]
name = "Архив"
method = "удаление записей средствами СУБД"
connector = "sqlite"
path = "gone.sqlite"
[[processing.systems.lookups]]
table = "t"
find = "SELECT x FROM t WHERE email = :email"
`

// crm makes the CRM: Anna in all three tables, Boris in accounts alone.
func crm(t *testing.T, dir string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", filepath.Join(dir, "crm.sqlite"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for _, q := range []string{
		"CREATE TABLE accounts (login TEXT, full_name TEXT, email TEXT, phone TEXT)",
		"CREATE TABLE orders (id INTEGER, email TEXT, address TEXT)",
		"CREATE TABLE mailing (email TEXT)",
		"INSERT INTO accounts VALUES ('anna', 'Смирнова Анна', 'anna@example.ru', '+79160001122'), ('boris', 'Борисов Борис', 'boris@example.ru', '+79160003344'), ('x', 'Пустой', '', '')",
		"INSERT INTO orders VALUES (1, 'anna@example.ru', 'Москва, ул. Ленина, 1'), (2, 'anna@example.ru', 'Тверь, ул. Мира, 2'), (3, 'boris@example.ru', 'Казань')",
		"INSERT INTO mailing VALUES ('Anna@Example.ru')",
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

func count(t *testing.T, db *sql.DB, q string) int {
	t.Helper()
	var n int
	if err := db.QueryRow(q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestFindEraseInSQLite(t *testing.T) {
	dir := t.TempDir()
	db := crm(t, dir)
	cfg, _ := officeIn(t, dir, crmConfig)
	newCase := func(s cases.Subject) cases.ID {
		c, ev, err := cases.New(cases.Intake{Kind: cases.KindDestroy, Received: now, Subject: s}, cfg.Rules, now, "ivanova")
		if err != nil {
			t.Fatal(err)
		}
		id, err := cfg.Office.Create(c, ev)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	ctx := context.Background()
	// An identifier that looks like SQL finds nothing, not everything.
	hostile := newCase(cases.Subject{Name: "X", Account: "' OR 1=1 --"})
	found, err := cfg.Office.Find(ctx, hostile, "CRM", now)
	if err != nil || len(found) != 1 || found[0].Err != nil || found[0].Rows() != 0 {
		t.Fatalf("the SQL-like identifier: %v %+v", err, found)
	}
	// Anna, as she wrote: upper-case e-mail, the phone with 8.
	id := newCase(cases.Subject{Name: "Смирнова Анна", Email: "Anna@Example.RU", Phone: "8 (916) 000-11-22"})
	found, err = cfg.Office.Find(ctx, id, "", now)
	if err != nil || len(found) != 2 {
		t.Fatalf("find: %v, %d systems", err, len(found))
	}
	if found[1].Err == nil || !strings.Contains(found[1].Err.Error(), "gone.sqlite") {
		t.Errorf("the system that is down: %v", found[1].Err)
	}
	rows := map[string]int{}
	for _, tb := range found[0].Tables {
		rows[tb.Table] = len(tb.Rows)
	}
	if found[0].Err != nil || rows["accounts"] != 1 || rows["orders"] != 2 || rows["mailing"] != 1 {
		t.Fatalf("found %v (%v)", rows, found[0].Err)
	}
	c, _ := cfg.Office.Get(id)
	if len(c.Found) != 1 || !strings.Contains(c.Found[0].Values["адрес"], "Тверь") || c.Found[0].Values["номер телефона"] != "+79160001122" {
		t.Fatalf("recorded finding: %+v", c.Found)
	}
	// The dry run counts and changes nothing.
	dry, err := cfg.Office.Erase(ctx, id, "CRM", true, now)
	if err != nil || len(dry) != 1 || dry[0].Tables["orders"] != 2 || dry[0].Done {
		t.Fatalf("dry run: %v %+v", err, dry)
	}
	if n := count(t, db, "SELECT count(*) FROM orders"); n != 3 {
		t.Fatalf("the dry run removed rows: %d left of 3", n)
	}
	done, err := cfg.Office.Erase(ctx, id, "CRM", false, now)
	if err != nil || !done[0].Done || done[0].Err != nil {
		t.Fatalf("erase: %v %+v", err, done)
	}
	for q, want := range map[string]int{
		"SELECT count(*) FROM accounts WHERE login = 'anna'": 0, "SELECT count(*) FROM accounts": 2,
		"SELECT count(*) FROM orders WHERE email = 'anna@example.ru'": 0, "SELECT count(*) FROM orders": 1,
		"SELECT count(*) FROM mailing": 0,
	} {
		if n := count(t, db, q); n != want {
			t.Errorf("%s: %d, want %d", q, n, want)
		}
	}
	// A rerun finds the system erased and recorded.
	again, err := cfg.Office.Erase(ctx, id, "CRM", false, now)
	if err != nil || !again[0].Done {
		t.Fatalf("rerun: %v %+v", err, again)
	}
	c, _ = cfg.Office.Get(id)
	if len(c.Erased) != 1 {
		t.Fatalf("%d erases recorded", len(c.Erased))
	}
	act, err := office.IssueAct(cfg, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(act.Entries) != 1 || act.Entries[0].System != "CRM" || !strings.Contains(act.Entries[0].How, "orders: 2") ||
		!strings.Contains(strings.Join(act.Entries[0].Categories, ";"), "адрес") {
		t.Errorf("the act's entry: %+v", act.Entries)
	}
	evs, _ := cfg.Office.Events(id)
	for _, e := range evs {
		if strings.Contains(e.Text+strings.Join(mapValues(e.Data), " "), "Тверь") {
			t.Errorf("a found value reached the timeline: %+v", e)
		}
	}
}

func mapValues(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// A find that is not a SELECT, or an erase that is not a DELETE or an
// UPDATE, or an unknown parameter, stops config.toml from loading.
func TestSystemConfigRefusesNonSelect(t *testing.T) {
	for _, bad := range []string{
		strings.Replace(crmConfig, `find = "SELECT address FROM orders`, `find = "DELETE FROM orders --`, 1),
		strings.Replace(crmConfig, `erase = "DELETE FROM orders`, `erase = "DROP TABLE orders --`, 1),
		strings.Replace(crmConfig, `WHERE email = :email -- a comment`, `WHERE email = :mail -- a comment`, 1),
	} {
		if _, err := config.ParseSettings([]byte(bad), "config.toml"); err == nil {
			t.Errorf("accepted:\n%s", bad[:200])
		}
	}
}

// The command connector: the operator's script gets the identifiers as
// JSON on standard input and answers JSON; a find and an erase go through
// it, and a script that fails is named and leaves the system pending.
func TestCommandConnector(t *testing.T) {
	dir := t.TempDir()
	script := `#!/bin/sh
req=$(cat)
case "$req" in
  *'"action":"find"'*)
    if [ -f erased ]; then echo '{"tables":[{"table":"subscribers","columns":["email"],"rows":[]}]}'
    else echo '{"tables":[{"table":"subscribers","columns":["email","name"],"rows":[["anna@example.ru","Анна"]]}]}'; fi ;;
  *'"action":"dry-run"'*) echo '{"erased":{"subscribers":1}}' ;;
  *'"action":"erase"'*) touch erased; echo '{"erased":{"subscribers":1}}' ;;
esac
`
	os.WriteFile(filepath.Join(dir, "saas.sh"), []byte(script), 0o700)
	os.WriteFile(filepath.Join(dir, "broken.sh"), []byte("#!/bin/sh\necho 'the service is down' >&2\nexit 3\n"), 0o700)
	conf := `[[processing.systems]]
name = "Рассылка"
method = "удаление подписчика через API сервиса"
connector = "command"
command = ["./saas.sh"]
[[processing.systems.lookups]]
table = "subscribers"
[processing.systems.lookups.categories]
email = "адрес электронной почты"
name = "фамилия, имя, отчество"

[[processing.systems]]
name = "Опросы"
method = "удаление через API"
connector = "command"
command = ["./broken.sh"]
`
	cfg, _ := officeIn(t, dir, conf)
	c, ev, _ := cases.New(cases.Intake{Kind: cases.KindWithdrawConsent, Received: now, Subject: cases.Subject{Name: "Анна", Email: "anna@example.ru"}}, cfg.Rules, now, "ivanova")
	id, _ := cfg.Office.Create(c, ev)
	ctx := context.Background()
	found, err := cfg.Office.Find(ctx, id, "", now)
	if err != nil || found[0].Err != nil || found[0].Rows() != 1 || found[1].Err == nil || !strings.Contains(found[1].Err.Error(), "the service is down") {
		t.Fatalf("find: %v %+v", err, found)
	}
	done, err := cfg.Office.Erase(ctx, id, "", false, now)
	if err != nil || !done[0].Done || done[1].Err == nil || done[1].Done {
		t.Fatalf("erase: %v %+v", err, done)
	}
	if got, _ := cfg.Office.Get(id); !got.ErasedIn("Рассылка") || got.ErasedIn("Опросы") {
		t.Errorf("recorded erases: %+v", got.Erased)
	}
}

// With [review] erasure, an officer's erase removes nothing: its dry run
// goes before a reviewer, and the reviewer's approval erases.
func TestErasureWaitsForAReviewer(t *testing.T) {
	dir := t.TempDir()
	db := crm(t, dir)
	conf := crmConfig + `
[[officers]]
login = "petrov"
name = "Петров Пётр"
position = "юрист"
role = "reviewer"

[review]
erasure = true
`
	cfg, off := officeIn(t, dir, conf)
	c, ev, _ := cases.New(cases.Intake{Kind: cases.KindDestroy, Received: now, Subject: cases.Subject{Name: "Анна", Email: "anna@example.ru"}}, cfg.Rules, now, "ivanova")
	id, _ := cfg.Office.Create(c, ev)
	ctx := context.Background()
	runs, err := cfg.Office.Erase(ctx, id, "CRM", false, now)
	if err != nil || len(runs) != 1 || !runs[0].Submitted || runs[0].Done {
		t.Fatalf("the officer's erase: %v %+v", err, runs)
	}
	if n := count(t, db, "SELECT count(*) FROM orders"); n != 3 {
		t.Fatalf("an erase waiting for review removed rows: %d of 3 left", n)
	}
	got, _ := cfg.Office.Get(id)
	if got.Pending == nil || got.Pending.Action != cases.ActionErasure || !strings.Contains(got.Pending.Reason, "CRM: accounts 1, mailing 1, orders 2") {
		t.Fatalf("what the reviewer sees: %+v", got.Pending)
	}
	if _, err := office.Approve(cfg, id, cfg.L); code(err) != office.ErrNotReviewer {
		t.Errorf("the officer approved her own erase: %v", err)
	}
	rev := cfg
	rev.Officer, rev.Office = "petrov", off.For(office.Actor{Login: "petrov", Role: config.RoleReviewer})
	if _, err := office.Approve(rev, id, cfg.L); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, "SELECT count(*) FROM orders"); n != 1 {
		t.Errorf("after the approval %d orders left, want Boris's 1", n)
	}
	if got, _ := cfg.Office.Get(id); got.Pending != nil || !got.ErasedIn("CRM") || got.Erased[0].By != "petrov" {
		t.Errorf("after the approval: pending %+v, erased %+v", got.Pending, got.Erased)
	}
}

// officeIn is the office of config.toml conf written into dir, with a new
// register there, as ivanova.
func officeIn(t *testing.T, dir, conf string) (office.Config, *office.Office) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, "config.toml"), []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	set, err := config.LoadSettings(filepath.Join(dir, "config.toml"))
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(filepath.Join(dir, "p.db"), store.Options{Key: seal.Source{KeyFile: filepath.Join(dir, "key")}, Create: true})
	if err != nil {
		t.Fatal(err)
	}
	off := office.New(st, set, false)
	cfg := newConfig(t)
	cfg.Settings, cfg.Officer = set, "ivanova"
	cfg.Office = off.For(office.Actor{Login: "ivanova", Role: config.RoleOfficer})
	return cfg, off
}
