package systems

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"modernc.org/sqlite"

	"privdesk/cases"
)

// Limits of one find: a statement's time, and the rows kept of a table.
const (
	Timeout = 15 * time.Second
	MaxRows = 1000
)

// Subject is what a system is searched by, in normal form: e-mail in
// lower case, a Russian phone as +7 and ten digits.
type Subject struct{ Email, Phone, Account, Name string }

// SubjectOf takes the identifiers of a case's subject.
func SubjectOf(s cases.Subject) Subject {
	phone := cases.PhoneKey(s.Phone)
	if len(phone) == 11 && phone[0] == '7' {
		phone = "+" + phone
	}
	return Subject{Email: strings.ToLower(strings.TrimSpace(s.Email)), Phone: phone,
		Account: strings.TrimSpace(s.Account), Name: strings.TrimSpace(s.Name)}
}

// arg is the value bound for a named parameter: an identifier the subject
// did not give is NULL, which equals nothing, so that an empty e-mail
// never matches every row with an empty e-mail.
func (s Subject) arg(name string) any {
	v := map[string]string{"email": s.Email, "phone": s.Phone, "account": s.Account, "name": s.Name}[name]
	if v == "" {
		return nil
	}
	return v
}

// Table is what one lookup found: its columns and rows (at most MaxRows),
// and for each column the register's category it holds ("" when none).
type Table struct {
	Table      string     `json:"table"`
	Columns    []string   `json:"columns"`
	Categories []string   `json:"categories"`
	Rows       [][]string `json:"rows"`
	Capped     bool       `json:"capped,omitempty"`
}

// Found is what a find gave in one system, or why it failed.
type Found struct {
	System string  `json:"system"`
	Tables []Table `json:"tables"`
	Err    error   `json:"-"`
}

// Rows counts the rows found in every table.
func (f Found) Rows() int {
	n := 0
	for _, t := range f.Tables {
		n += len(t.Rows)
	}
	return n
}

// Finding is the found data as the case records them: the categories
// held, each with its values (distinct, joined by "; "), and the rows of
// each table.
func (f Found) Finding() (cases.Finding, map[string]int) {
	vals := map[string][]string{}
	var cats []string
	rows := map[string]int{}
	for _, t := range f.Tables {
		rows[t.Table] = len(t.Rows)
		for _, r := range t.Rows {
			for i, v := range r {
				cat := t.Categories[i]
				if cat == "" || strings.TrimSpace(v) == "" {
					continue
				}
				if _, ok := vals[cat]; !ok {
					cats = append(cats, cat)
				}
				if !contains(vals[cat], v) {
					vals[cat] = append(vals[cat], v)
				}
			}
		}
	}
	values := map[string]string{}
	for c, vs := range vals {
		values[c] = cases.CleanLine(strings.Join(vs, "; "))
	}
	return cases.Finding{System: f.System, Categories: cats, Values: values}, rows
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// Check tells what is wrong with a system's connector, lookups and
// statements, without connecting: every find a SELECT, every erase a
// DELETE or an UPDATE, every parameter known.
func Check(sys cases.System) error {
	switch sys.Connector {
	case "":
		return nil
	case "sqlite":
		if sys.Path == "" {
			return fmt.Errorf("%s: a sqlite connector needs path", sys.Name)
		}
	case "postgres", "mysql":
		if (sys.DSNEnv == "") == (sys.DSNFile == "") {
			return fmt.Errorf("%s: give the connection string by dsn_env or dsn_file (one of them), never in config.toml", sys.Name)
		}
	case "command":
		if len(sys.Command) == 0 {
			return fmt.Errorf("%s: a command connector needs command", sys.Name)
		}
		return nil
	default:
		return fmt.Errorf("%s: unknown connector %q (sqlite, postgres, mysql or command)", sys.Name, sys.Connector)
	}
	if len(sys.Lookups) == 0 {
		return fmt.Errorf("%s: no lookups", sys.Name)
	}
	for _, l := range sys.Lookups {
		if w := firstWord(l.Find); w != "SELECT" && w != "WITH" {
			return fmt.Errorf("%s, table %s: find must be a SELECT, not %s", sys.Name, l.Table, w)
		}
		if _, _, err := bind(l.Find, false); err != nil {
			return fmt.Errorf("%s, table %s, find: %v", sys.Name, l.Table, err)
		}
		if l.Erase != "" {
			if w := firstWord(l.Erase); w != "DELETE" && w != "UPDATE" {
				return fmt.Errorf("%s, table %s: erase must be a DELETE or an UPDATE, not %s", sys.Name, l.Table, w)
			}
			if _, _, err := bind(l.Erase, false); err != nil {
				return fmt.Errorf("%s, table %s, erase: %v", sys.Name, l.Table, err)
			}
		}
	}
	return nil
}

// open connects to a database system; dir is config.toml's folder, which
// a relative SQLite path or dsn_file is read from.
func open(sys cases.System, dir string, readOnly bool) (*sql.DB, bool, error) {
	switch sys.Connector {
	case "sqlite":
		path := sys.Path
		if !filepath.IsAbs(path) {
			path = filepath.Join(dir, path)
		}
		if _, err := os.Stat(path); err != nil {
			return nil, false, fmt.Errorf("the SQLite file %s: %w", path, errors.Unwrap(err))
		}
		dsn := "file:" + path + "?_pragma=busy_timeout(5000)"
		if readOnly {
			dsn += "&mode=ro&_pragma=query_only(1)"
		}
		return sql.OpenDB(sqliteConnector{dsn}), false, nil
	case "postgres", "mysql":
		dsn, err := secret(sys, dir)
		if err != nil {
			return nil, false, err
		}
		if sys.Connector == "mysql" {
			cfg, err := mysql.ParseDSN(dsn)
			if err != nil {
				return nil, false, errors.New("the connection string does not parse as MySQL's")
			}
			c, err := mysql.NewConnector(cfg)
			return sql.OpenDB(c), false, err
		}
		cfg, err := pgx.ParseConfig(dsn)
		if err != nil {
			return nil, false, errors.New("the connection string does not parse as PostgreSQL's")
		}
		return stdlib.OpenDB(*cfg), true, nil
	}
	return nil, false, fmt.Errorf("connector %q", sys.Connector)
}

// sqliteConnector opens SQLite connections through modernc.org/sqlite.
type sqliteConnector struct{ dsn string }

func (c sqliteConnector) Connect(ctx context.Context) (driver.Conn, error) {
	return (&sqlite.Driver{}).Open(c.dsn)
}

func (c sqliteConnector) Driver() driver.Driver { return &sqlite.Driver{} }

// secret reads a connection string from its environment variable or file;
// it is never printed, logged or recorded.
func secret(sys cases.System, dir string) (string, error) {
	if sys.DSNEnv != "" {
		v := os.Getenv(sys.DSNEnv)
		if v == "" {
			return "", fmt.Errorf("the environment variable %s that holds the connection string is not set", sys.DSNEnv)
		}
		return v, nil
	}
	path := sys.DSNFile
	if !filepath.IsAbs(path) {
		path = filepath.Join(dir, path)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("the connection string's file %s cannot be read", path)
	}
	return strings.TrimSpace(string(b)), nil
}
