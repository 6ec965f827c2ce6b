package systems

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"privdesk/cases"
)

// Find runs every lookup of a system in one read-only transaction, with
// the subject's identifiers bound as parameters. dir is config.toml's
// folder. A failure names the system and the table, never a value or the
// connection string.
func Find(ctx context.Context, sys cases.System, dir string, subj Subject) Found {
	out := Found{System: sys.Name, Tables: []Table{}}
	if sys.Connector == "command" {
		out.Tables, out.Err = commandFind(ctx, sys, dir, subj)
		return out
	}
	db, dollar, err := open(sys, dir, true)
	if err != nil {
		out.Err = err
		return out
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: sys.Connector != "sqlite"})
	if err != nil {
		out.Err = clean(err)
		return out
	}
	defer tx.Rollback()
	for _, l := range sys.Lookups {
		t, err := query(ctx, tx, l, subj, dollar)
		if err != nil {
			out.Err = fmt.Errorf("table %s: %w", l.Table, clean(err))
			return out
		}
		out.Tables = append(out.Tables, t)
	}
	return out
}

// query runs one lookup's find.
func query(ctx context.Context, tx *sql.Tx, l cases.Lookup, subj Subject, dollar bool) (Table, error) {
	stmt, names, err := bind(l.Find, dollar)
	if err != nil {
		return Table{}, err
	}
	args := make([]any, len(names))
	for i, n := range names {
		args[i] = subj.arg(n)
	}
	rows, err := tx.QueryContext(ctx, stmt, args...)
	if err != nil {
		return Table{}, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return Table{}, err
	}
	t := Table{Table: l.Table, Columns: make([]string, len(cols)), Categories: make([]string, len(cols)), Rows: [][]string{}}
	for i, c := range cols {
		t.Columns[i] = cases.CleanLine(c) // a name from the database: no control character goes on
		t.Categories[i] = l.Categories[c]
	}
	for rows.Next() {
		if len(t.Rows) == MaxRows {
			t.Capped = true
			break
		}
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return Table{}, err
		}
		row := make([]string, len(cols))
		for i, v := range vals {
			row[i] = cases.CleanLine(v.String) // a value from outside: no control character goes on
		}
		t.Rows = append(t.Rows, row)
	}
	return t, rows.Err()
}

// Erase runs a system's erase statements in one transaction: with dry, it
// rolls back and only counts what they would remove. It returns the rows
// each table's statement touched.
func Erase(ctx context.Context, sys cases.System, dir string, subj Subject, dry bool) (map[string]int, error) {
	if sys.Connector == "command" {
		return commandErase(ctx, sys, dir, subj, dry)
	}
	db, dollar, err := open(sys, dir, false)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return nil, clean(err)
	}
	defer tx.Rollback()
	out := map[string]int{}
	for _, l := range sys.Lookups {
		if l.Erase == "" {
			continue
		}
		stmt, names, err := bind(l.Erase, dollar)
		if err != nil {
			return nil, err
		}
		args := make([]any, len(names))
		for i, n := range names {
			args[i] = subj.arg(n)
		}
		res, err := tx.ExecContext(ctx, stmt, args...)
		if err != nil {
			return nil, fmt.Errorf("table %s: %w", l.Table, clean(err))
		}
		n, err := res.RowsAffected()
		if err != nil {
			return nil, clean(err)
		}
		out[l.Table] += int(n)
	}
	if dry {
		return out, nil
	}
	return out, clean(tx.Commit())
}

// clean keeps a driver's error to its first line, which names what failed
// (a driver may quote a statement's text; never a bound value).
func clean(err error) error {
	if err == nil {
		return nil
	}
	msg, _, _ := strings.Cut(err.Error(), "\n")
	return errors.New(cases.SafeLine(msg))
}

// Probe runs each lookup's find of a system with identifiers that match
// nothing, and gives each table's error (nil: it ran): config check's test
// that the connection, the tables and the columns are there.
func Probe(ctx context.Context, sys cases.System, dir string) map[string]error {
	probe := Subject{Email: "privdesk-probe@invalid.invalid", Phone: "+70000000000", Account: "privdesk-probe", Name: "privdesk-probe"}
	out := map[string]error{}
	if sys.Connector == "command" {
		out["*"] = Find(ctx, sys, dir, probe).Err
		return out
	}
	for _, l := range sys.Lookups {
		one := sys
		one.Lookups = []cases.Lookup{l}
		out[l.Table] = Find(ctx, one, dir, probe).Err
	}
	return out
}
