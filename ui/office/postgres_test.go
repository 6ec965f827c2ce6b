package office_test

import (
	"context"
	"database/sql"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"privdesk/cases"
	"privdesk/ui/office"
	"privdesk/ui/office/systems"
)

// pgBin is where the machine image keeps PostgreSQL 15.
const pgBin = "/usr/lib/postgresql/15/bin"

// postgres starts a throwaway PostgreSQL cluster on a Unix socket in a
// temporary folder, as the postgres user when the test runs as root, and
// returns its connection string. PRIVDESK_TEST_PG_DSN names a running one
// instead; without either, the test is skipped (.ci/run installs it).
func postgres(t testing.TB) string {
	t.Helper()
	if dsn := os.Getenv("PRIVDESK_TEST_PG_DSN"); dsn != "" {
		return dsn
	}
	if _, err := os.Stat(filepath.Join(pgBin, "initdb")); err != nil {
		t.Skip("PostgreSQL 15 is not installed (.ci/run installs it)")
	}
	dir, err := os.MkdirTemp("", "privdesk-pg-")
	if err != nil {
		t.Fatal(err)
	}
	as := func(name string, args ...string) *exec.Cmd { return exec.Command(filepath.Join(pgBin, name), args...) }
	if os.Geteuid() == 0 { // initdb refuses root: the cluster is the postgres user's
		u, err := user.Lookup("postgres")
		if err != nil {
			t.Skip("no postgres user to run the cluster as")
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			t.Fatal(err)
		}
		as = func(name string, args ...string) *exec.Cmd {
			return exec.Command("runuser", append([]string{"-u", "postgres", "--", filepath.Join(pgBin, name)}, args...)...)
		}
	}
	data := filepath.Join(dir, "data")
	if out, err := as("initdb", "-D", data, "-A", "trust", "-U", "postgres", "--no-sync").CombinedOutput(); err != nil {
		t.Fatalf("initdb: %v\n%s", err, out)
	}
	if out, err := as("pg_ctl", "-D", data, "-o", "-k "+dir+" -c listen_addresses='' -c fsync=off", "-l", filepath.Join(dir, "log"), "-w", "start").CombinedOutput(); err != nil {
		t.Fatalf("pg_ctl start: %v\n%s", err, out)
	}
	t.Cleanup(func() {
		as("pg_ctl", "-D", data, "-m", "immediate", "-w", "stop").Run()
		os.RemoveAll(dir)
	})
	return "host=" + dir + " user=postgres dbname=postgres sslmode=disable"
}

// The same discovery against a real PostgreSQL: three tables, the values
// found, a dry run, a kill between the erase and its record then a rerun
// that records it, another subject's rows untouched (checked by SQL), the
// act, and a lookup with :: casts.
func TestFindEraseInPostgres(t *testing.T) {
	dsn := postgres(t)
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{
		"CREATE TABLE accounts (login text, full_name text, email text, phone text)",
		"CREATE TABLE orders (id serial, email text, address text)",
		"CREATE TABLE mailing (email text)",
		"INSERT INTO accounts VALUES ('anna', 'Смирнова Анна', 'anna@example.ru', '+79160001122'), ('boris', 'Борисов Борис', 'boris@example.ru', '+79160003344')",
		"INSERT INTO orders (email, address) VALUES ('anna@example.ru', 'Москва, ул. Ленина, 1'), ('anna@example.ru', 'Тверь, ул. Мира, 2'), ('boris@example.ru', 'Казань')",
		"INSERT INTO mailing VALUES ('Anna@Example.ru')",
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	dir := t.TempDir()
	t.Setenv("CRM_DSN", dsn)
	conf := strings.Replace(crmConfig, `connector = "sqlite"
path = "crm.sqlite"`, `connector = "postgres"
dsn_env = "CRM_DSN"`, 1)
	conf = strings.Replace(conf, "WHERE lower(email) = :email", "WHERE lower(email)::text = :email::text", 2)
	cfg, _ := officeIn(t, dir, conf)
	c, ev, err := cases.New(cases.Intake{Kind: cases.KindDestroy, Received: now,
		Subject: cases.Subject{Name: "Смирнова Анна", Email: "anna@example.ru", Phone: "8 916 000 11 22"}}, cfg.Rules, now, "ivanova")
	if err != nil {
		t.Fatal(err)
	}
	id, _ := cfg.Office.Create(c, ev)
	ctx := context.Background()
	found, err := cfg.Office.Find(ctx, id, "CRM", now)
	if err != nil || found[0].Err != nil || found[0].Rows() != 4 {
		t.Fatalf("find: %v %v, %d rows", err, found[0].Err, found[0].Rows())
	}
	if c, _ := cfg.Office.Get(id); !strings.Contains(c.Found[0].Values["адрес"], "Тверь") {
		t.Errorf("the values found: %+v", c.Found)
	}
	dry, err := cfg.Office.Erase(ctx, id, "CRM", true, now)
	if err != nil || dry[0].Tables["orders"] != 2 || dry[0].Tables["accounts"] != 1 {
		t.Fatalf("dry run: %v %+v", err, dry)
	}
	// A kill after the erase committed, before it was recorded: the rows
	// are gone, the case says nothing yet; the rerun records it.
	if _, err := db.Exec("DELETE FROM accounts WHERE login = 'anna'; DELETE FROM orders WHERE email = 'anna@example.ru'; DELETE FROM mailing"); err != nil {
		t.Fatal(err)
	}
	done, err := cfg.Office.Erase(ctx, id, "CRM", false, now)
	if err != nil || !done[0].Done {
		t.Fatalf("rerun: %v %+v", err, done)
	}
	var left, boris int
	db.QueryRow("SELECT count(*) FROM orders").Scan(&left)
	db.QueryRow("SELECT count(*) FROM accounts WHERE login = 'boris'").Scan(&boris)
	if left != 1 || boris != 1 {
		t.Errorf("another subject's rows: orders %d, Boris %d", left, boris)
	}
	// Boris's erase runs the DELETEs themselves, in one transaction.
	c2, ev2, _ := cases.New(cases.Intake{Kind: cases.KindWithdrawConsent, Received: now,
		Subject: cases.Subject{Name: "Борисов Борис", Email: "boris@example.ru"}}, cfg.Rules, now, "ivanova")
	id2, _ := cfg.Office.Create(c2, ev2)
	if done, err := cfg.Office.Erase(ctx, id2, "CRM", false, now); err != nil || !done[0].Done || done[0].Tables["orders"] != 1 || done[0].Tables["accounts"] != 1 {
		t.Fatalf("Boris's erase: %v %+v", err, done)
	}
	db.QueryRow("SELECT count(*) FROM accounts").Scan(&left)
	if left != 0 {
		t.Errorf("%d accounts left", left)
	}
	act, err := office.IssueAct(cfg, id)
	if err != nil || len(act.Entries) != 1 || !strings.Contains(strings.Join(act.Entries[0].Categories, ";"), "адрес") {
		t.Errorf("the act: %v %+v", err, act.Entries)
	}
}

// BenchmarkFindMillionRows: privdesk's find of one subject in a table of
// 1,000,000 accounts with an index on e-mail (connect, read-only
// transaction, the bound query, the rows), beside the same query run by
// psql in the same run (a process that connects and queries): ms-find and
// ms-psql per search.
func BenchmarkFindMillionRows(b *testing.B) {
	dsn := postgres(b)
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{
		"CREATE TABLE accounts (login text, full_name text, email text, phone text)",
		"INSERT INTO accounts SELECT 'u' || i, 'Имя ' || i, 'user' || i || '@example.ru', '+7916' || lpad(i::text, 7, '0') FROM generate_series(1, 1000000) i",
		"CREATE INDEX ON accounts (email)",
		"ANALYZE accounts",
	} {
		if _, err := db.Exec(q); err != nil {
			b.Fatal(err)
		}
	}
	b.Setenv("CRM_DSN", dsn)
	sys := cases.System{Name: "CRM", Method: "удаление", Connector: "postgres", DSNEnv: "CRM_DSN", Lookups: []cases.Lookup{{
		Table: "accounts", Find: "SELECT full_name, email, phone FROM accounts WHERE email = :email",
		Categories: map[string]string{"email": "адрес электронной почты"}}}}
	subj := systems.Subject{Email: "user500000@example.ru"}
	host := strings.TrimPrefix(strings.Fields(dsn)[0], "host=")
	var findTime, psqlTime time.Duration
	for b.Loop() {
		start := time.Now()
		f := systems.Find(context.Background(), sys, "", subj)
		findTime += time.Since(start)
		if f.Err != nil || f.Rows() != 1 {
			b.Fatalf("find: %v, %d rows", f.Err, f.Rows())
		}
		start = time.Now()
		out, err := exec.Command(filepath.Join(pgBin, "psql"), "-h", host, "-U", "postgres", "-d", "postgres", "-At", "-c",
			"SELECT full_name, email, phone FROM accounts WHERE email = 'user500000@example.ru'").Output()
		psqlTime += time.Since(start)
		if err != nil || !strings.Contains(string(out), "user500000") {
			b.Fatalf("psql: %v %s", err, out)
		}
	}
	b.ReportMetric(float64(findTime.Microseconds())/1000/float64(b.N), "ms-find")
	b.ReportMetric(float64(psqlTime.Microseconds())/1000/float64(b.N), "ms-psql")
}
