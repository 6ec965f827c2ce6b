package cli_test

import (
	"database/sql"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite"

	"privdesk/assets"
)

// privdesk find, the access answer and the appendix on the demo register's
// CRM: the answer's item 5 lists the values found, the appendix gives them
// per system and table, and a value that would start a formula reaches the
// spreadsheet as text.
func TestFindAnswerAndPackage(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	conf := filepath.Join(dir, "config.toml")
	os.WriteFile(conf, assets.DemoConfig, 0o600)
	crm, err := sql.Open("sqlite", filepath.Join(dir, "crm.sqlite"))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		"CREATE TABLE accounts (login TEXT, full_name TEXT, email TEXT, phone TEXT, company TEXT)",
		"CREATE TABLE orders (email TEXT, address TEXT)",
		"CREATE TABLE mailing (email TEXT)",
		"INSERT INTO accounts VALUES ('anna', 'Смирнова Анна', 'anna@example.ru', '+79160001122', 'ООО «Ромашка»')",
		"INSERT INTO orders VALUES ('anna@example.ru', 'Тверь, ул. Мира, 2'), ('anna@example.ru', '=HYPERLINK(\"http://x\")'), ('boris@example.ru', 'Казань')",
		"INSERT INTO mailing VALUES ('anna@example.ru')",
	} {
		if _, err := crm.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	crm.Close()
	env := map[string]string{"PRIVDESK_CONFIG": conf, "PRIVDESK_OFFICER": "demo"}
	do := func(args ...string) string {
		t.Helper()
		r := runEnv(t, db, env, args...)
		if r.code != 0 {
			t.Fatalf("privdesk %s: %s", strings.Join(args, " "), r.stderr)
		}
		return r.stdout
	}
	id := strings.TrimSpace(do("new", "--kind", "access", "--name", "Смирнова Анна", "--email", "Anna@Example.ru", "--phone", "8 916 000-11-22"))
	if out := do("find", id); !strings.Contains(out, "CRM «Демо-Клиенты»: rows found: 4") || !strings.Contains(out, "orders: 2 rows") {
		t.Fatalf("find:\n%s", out)
	}
	if show := do("show", id); strings.Contains(show, "Тверь") || !strings.Contains(show, "CRM «Демо-Клиенты»") {
		t.Errorf("the timeline names the system, never a value:\n%s", show)
	}
	var pkg []struct {
		System string
		Tables []struct {
			Table string
			Rows  [][]string
		}
	}
	if err := json.Unmarshal([]byte(do("package", id, "--format", "json")), &pkg); err != nil || len(pkg) != 1 || len(pkg[0].Tables) != 3 {
		t.Fatalf("the appendix as JSON: %v %+v", err, pkg)
	}
	csv := do("package", id, "--format", "csv")
	if !strings.Contains(csv, "Тверь, ул. Мира, 2") || strings.Contains(csv, ";=HYPERLINK") || strings.Contains(csv, "Казань") {
		t.Errorf("the appendix as CSV:\n%s", csv)
	}
	pdf := filepath.Join(dir, "appendix.pdf")
	do("package", id, "--format", "pdf", "--out", pdf)
	text, err := exec.Command("pdftotext", "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Appendix to the answer", "CRM «Демо-Клиенты»", "Тверь, ул. Мира, 2", "orders"} {
		if !strings.Contains(string(text), want) {
			t.Errorf("the appendix PDF has no %q:\n%s", want, text)
		}
	}
	do("step", id, "request_details", "done")
	do("step", id, "identity_confirmed", "done", "--method", "account")
	do("letter", id, "access-answer")
	if md := do("print", id, "1", "--format", "md", "--out", "-"); !strings.Contains(md, "Тверь, ул. Мира, 2") || !strings.Contains(md, "ООО «Ромашка»") {
		t.Errorf("the answer's item 5 does not list the values found:\n%s", md)
	}
}
