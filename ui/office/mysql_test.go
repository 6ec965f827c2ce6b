package office_test

import (
	"context"
	"database/sql"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/go-sql-driver/mysql"

	"privdesk/cases"
)

// mariadb starts a throwaway MariaDB on a Unix socket in a temporary
// folder and returns its connection string; without MariaDB installed
// (.ci/run installs it), the test is skipped.
func mariadb(t testing.TB) string {
	t.Helper()
	install, err := exec.LookPath("mariadb-install-db")
	if err != nil {
		t.Skip("MariaDB is not installed (.ci/run installs it)")
	}
	dir, err := os.MkdirTemp("", "privdesk-my-")
	if err != nil {
		t.Fatal(err)
	}
	data, sock := filepath.Join(dir, "data"), filepath.Join(dir, "sock")
	user := []string{}
	if os.Geteuid() == 0 {
		user = []string{"--user=root"}
	}
	if out, err := exec.Command(install, append([]string{"--datadir=" + data, "--auth-root-authentication-method=normal", "--skip-test-db"}, user...)...).CombinedOutput(); err != nil {
		t.Fatalf("mariadb-install-db: %v\n%s", err, out)
	}
	srv := exec.Command("mariadbd", append([]string{"--no-defaults", "--datadir=" + data, "--socket=" + sock, "--skip-networking",
		"--pid-file=" + filepath.Join(dir, "pid"), "--log-error=" + filepath.Join(dir, "log")}, user...)...)
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		srv.Process.Kill()
		srv.Wait()
		os.RemoveAll(dir)
	})
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if _, err := os.Stat(sock); err == nil {
			break
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(filepath.Join(dir, "log"))
			t.Fatalf("MariaDB did not start:\n%s", log)
		}
	}
	return "root@unix(" + sock + ")/mysql"
}

// Discovery against a real MariaDB: find across three tables, a dry run
// that changes nothing, an erase of the subject's rows alone.
func TestFindEraseInMySQL(t *testing.T) {
	dsn := mariadb(t)
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{
		"CREATE DATABASE crm CHARACTER SET utf8mb4", "USE crm",
		"CREATE TABLE crm.accounts (login text, full_name text, email text, phone text)",
		"CREATE TABLE crm.orders (id int, email text, address text)",
		"CREATE TABLE crm.mailing (email text)",
		"INSERT INTO crm.accounts VALUES ('anna', 'Смирнова Анна', 'anna@example.ru', '+79160001122'), ('boris', 'Борисов Борис', 'boris@example.ru', '+79160003344')",
		"INSERT INTO crm.orders VALUES (1, 'anna@example.ru', 'Москва, ул. Ленина, 1'), (2, 'anna@example.ru', 'Тверь, ул. Мира, 2'), (3, 'boris@example.ru', 'Казань')",
		"INSERT INTO crm.mailing VALUES ('Anna@Example.ru')",
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	dir := t.TempDir()
	t.Setenv("CRM_DSN", strings.TrimSuffix(dsn, "/mysql")+"/crm")
	conf := strings.Replace(crmConfig, `connector = "sqlite"
path = "crm.sqlite"`, `connector = "mysql"
dsn_env = "CRM_DSN"`, 1)
	cfg, _ := officeIn(t, dir, conf)
	c, ev, _ := cases.New(cases.Intake{Kind: cases.KindDestroy, Received: now,
		Subject: cases.Subject{Name: "Смирнова Анна", Email: "anna@example.ru", Phone: "89160001122"}}, cfg.Rules, now, "ivanova")
	id, _ := cfg.Office.Create(c, ev)
	ctx := context.Background()
	found, err := cfg.Office.Find(ctx, id, "CRM", now)
	if err != nil || found[0].Err != nil || found[0].Rows() != 4 {
		t.Fatalf("find: %v %v", err, found)
	}
	dry, err := cfg.Office.Erase(ctx, id, "CRM", true, now)
	var n int
	db.QueryRow("SELECT count(*) FROM crm.orders").Scan(&n)
	if err != nil || dry[0].Tables["orders"] != 2 || n != 3 {
		t.Fatalf("dry run: %v %+v, %d orders left", err, dry, n)
	}
	done, err := cfg.Office.Erase(ctx, id, "CRM", false, now)
	if err != nil || !done[0].Done {
		t.Fatalf("erase: %v %+v", err, done)
	}
	var accounts, orders, mailing int
	db.QueryRow("SELECT count(*) FROM crm.accounts WHERE login = 'boris'").Scan(&accounts)
	db.QueryRow("SELECT count(*) FROM crm.orders").Scan(&orders)
	db.QueryRow("SELECT count(*) FROM crm.mailing").Scan(&mailing)
	if accounts != 1 || orders != 1 || mailing != 0 {
		t.Errorf("after the erase: Boris %d, orders %d, mailing %d", accounts, orders, mailing)
	}
}
