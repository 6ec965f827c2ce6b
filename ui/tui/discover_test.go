package tui

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	_ "modernc.org/sqlite"

	"privdesk/cases"
	"privdesk/ui/office/config"
)

// F in a case file searches the connected systems and records what they
// hold; E shows what the erase would remove, and erases on confirmation.
func TestFindAndEraseKeys(t *testing.T) {
	dir := t.TempDir()
	db, err := sql.Open("sqlite", filepath.Join(dir, "crm.sqlite"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{"CREATE TABLE accounts (full_name TEXT, email TEXT)",
		"INSERT INTO accounts VALUES ('Анна', 's@example.ru'), ('Борис', 'b@example.ru')"} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	conf := filepath.Join(dir, "config.toml")
	os.WriteFile(conf, []byte(`[[processing.systems]]
name = "CRM"
method = "удаление записей средствами СУБД"
connector = "sqlite"
path = "crm.sqlite"
[[processing.systems.lookups]]
table = "accounts"
find = "SELECT full_name, email FROM accounts WHERE email = :email"
erase = "DELETE FROM accounts WHERE email = :email"
[processing.systems.lookups.categories]
full_name = "фамилия, имя, отчество"
email = "адрес электронной почты"
`), 0o600)
	set, err := config.LoadSettings(conf)
	if err != nil {
		t.Fatal(err)
	}
	cfg := testConfigWith(t, cases.RU, set)
	id := addCase(t, cfg, cases.KindDestroy, "Анна", testNow) // s@example.ru
	m := deskAt(cfg, 80, 24)
	c, _ := cfg.Office.Get(id)
	m, _ = m.Update(caseMsg{c: c, open: true})
	m, cmd := m.Update(tea.KeyPressMsg{Code: 'F', Text: "F"})
	done, ok := cmd().(doneMsg)
	if !ok || !strings.Contains(done.text, "CRM: строк 1 (accounts 1)") {
		t.Fatalf("F: %#v", done)
	}
	if c, _ := cfg.Office.Get(id); len(c.Found) != 1 || c.Found[0].Values["фамилия, имя, отчество"] != "Анна" {
		t.Fatalf("what F recorded: %+v", c.Found)
	}
	m, cmd = m.Update(tea.KeyPressMsg{Code: 'E', Text: "E"})
	m = run(m, cmd)
	mm := m.(Model)
	if mm.dlg == nil || mm.dlg.kind != formErase || mm.dlg.text != "CRM: будет удалено accounts 1" {
		t.Fatalf("E shows no dry run: %+v", mm.dlg)
	}
	var n int
	db.QueryRow("SELECT count(*) FROM accounts").Scan(&n)
	if n != 2 {
		t.Fatalf("the dry run removed rows: %d left", n)
	}
	cmd, _ = mm.submitAct(mm.dlg)
	if done, ok := cmd().(doneMsg); !ok || !strings.Contains(done.text, "CRM: стёрто") {
		t.Fatalf("the erase: %#v", done)
	}
	db.QueryRow("SELECT count(*) FROM accounts WHERE email = 'b@example.ru'").Scan(&n)
	var left int
	db.QueryRow("SELECT count(*) FROM accounts").Scan(&left)
	if n != 1 || left != 1 {
		t.Errorf("after the erase: %d rows left, Boris's %d", left, n)
	}
}
