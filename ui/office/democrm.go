package office

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"

	"privdesk/cases"
	"privdesk/ui/office/systems"
)

// DemoCRM writes the throwaway desk's CRM, a SQLite file beside its
// config.toml that the demo register's CRM system points at: accounts for
// the subjects of the demo cases ids, orders for every other one, the
// mailing list for every third, and the first subject in all three, so
// that finding, the appendix and the erase can be tried at once.
func (s *Session) DemoCRM(ids []cases.ID) error {
	var path string
	for _, sys := range s.o.set.Processing.Systems {
		if sys.Connector == "sqlite" {
			path = sys.Path
			if !filepath.IsAbs(path) {
				path = filepath.Join(s.o.set.Dir, path)
			}
		}
	}
	if path == "" {
		return nil
	}
	if _, err := os.Stat(path); err == nil {
		return nil // made before
	}
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		return err
	}
	defer db.Close()
	for _, q := range []string{
		"CREATE TABLE accounts (login TEXT, full_name TEXT, email TEXT, phone TEXT, company TEXT)",
		"CREATE TABLE orders (id INTEGER PRIMARY KEY, email TEXT, address TEXT, total INTEGER)",
		"CREATE TABLE mailing (email TEXT, subscribed TEXT)",
	} {
		if _, err := db.Exec(q); err != nil {
			return err
		}
	}
	cs, _, err := s.Load(ids)
	if err != nil {
		return err
	}
	for i, c := range cs {
		subj := systems.SubjectOf(c.Subject)
		if c.Subject.Name == "" || (subj.Email == "" && subj.Phone == "") {
			continue
		}
		login := fmt.Sprintf("user%03d", i+1)
		if _, err := db.Exec("INSERT INTO accounts VALUES (?, ?, ?, ?, ?)", login, c.Subject.Name, subj.Email, subj.Phone, "ООО «Вымысел»"); err != nil {
			return err
		}
		if i%2 == 0 && subj.Email != "" {
			for k := range 1 + i%3 {
				addr := fmt.Sprintf("000000, г. Демоград, ул. Вымышленная, д. %d, кв. %d (демо)", i+1, k+1)
				if _, err := db.Exec("INSERT INTO orders (email, address, total) VALUES (?, ?, ?)", subj.Email, addr, 1000*(k+1)); err != nil {
					return err
				}
			}
		}
		if i%3 == 0 && subj.Email != "" {
			if _, err := db.Exec("INSERT INTO mailing VALUES (?, '2026-01-15')", subj.Email); err != nil {
				return err
			}
		}
	}
	return os.Chmod(path, 0o600)
}
