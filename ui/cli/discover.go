package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	flag "github.com/spf13/pflag"

	"privdesk/cases"
	"privdesk/ui/office/systems"
	"privdesk/ui/report"
)

// Discovery on the command line: find the subject's data in the
// operator's systems, erase it, and hand it over as the access answer's
// appendix.

func discoverCommands(register func(command)) {
	register(findCommand())
	register(eraseCommand())
	register(packageCommand())
}

// findCommand is privdesk find.
func findCommand() command {
	var system string
	var asJSON bool
	return command{name: "find", args: []argKind{argCase}, flags: func(fs *flag.FlagSet) {
		fs.StringVar(&system, "system", "", "")
		fs.BoolVar(&asJSON, "json", false, "")
	}, run: func(a *app, fs *flag.FlagSet, pos []string) error {
		id, err := oneID(a, pos, 1)
		if err != nil {
			return err
		}
		if err := a.setup(); err != nil {
			return err
		}
		found, err := a.cfg.Office.Find(context.Background(), id, system, a.env.Now())
		if err != nil {
			return err
		}
		if asJSON {
			type sysJSON struct {
				System string          `json:"system"`
				Error  string          `json:"error,omitempty"`
				Tables []systems.Table `json:"tables"`
			}
			var out []sysJSON
			for _, f := range found {
				s := sysJSON{System: f.System, Tables: f.Tables}
				if f.Err != nil {
					s.Error = f.Err.Error()
				}
				out = append(out, s)
			}
			return writeJSON(a.env.Stdout, out)
		}
		failed := 0
		for _, f := range found {
			if f.Err != nil {
				failed++
				fmt.Fprintf(a.env.Stdout, "%s: %s\n", f.System, a.l.T("find.failed", f.Err.Error()))
				continue
			}
			fmt.Fprintf(a.env.Stdout, "%s: %s\n", f.System, a.l.T("find.rows", f.Rows()))
			for _, t := range f.Tables {
				cats := map[string]bool{}
				for _, c := range t.Categories {
					if c != "" {
						cats[c] = true
					}
				}
				fmt.Fprintf(a.env.Stdout, "  %s: %s\n", t.Table, a.l.T("find.table", len(t.Rows), strings.Join(sortedKeys(cats), "; ")))
			}
		}
		if failed > 0 {
			return errors.New(a.l.T("find.some_failed", failed))
		}
		return nil
	}}
}

// eraseCommand is privdesk erase.
func eraseCommand() command {
	var system string
	var dry, asJSON bool
	return command{name: "erase", args: []argKind{argCase}, flags: func(fs *flag.FlagSet) {
		fs.StringVar(&system, "system", "", "")
		fs.BoolVar(&dry, "dry-run", false, "")
		fs.BoolVar(&asJSON, "json", false, "")
	}, run: func(a *app, fs *flag.FlagSet, pos []string) error {
		id, err := oneID(a, pos, 1)
		if err != nil {
			return err
		}
		if err := a.setup(); err != nil {
			return err
		}
		done, err := a.cfg.Office.Erase(context.Background(), id, system, dry, a.env.Now())
		if err != nil {
			return err
		}
		if asJSON {
			type outJSON struct {
				System string         `json:"system"`
				Tables map[string]int `json:"tables"`
				Erased bool           `json:"erased"`
				Error  string         `json:"error,omitempty"`
			}
			var out []outJSON
			for _, e := range done {
				o := outJSON{System: e.System, Tables: e.Tables, Erased: e.Done}
				if e.Err != nil {
					o.Error = a.l.Err(e.Err)
				}
				out = append(out, o)
			}
			return writeJSON(a.env.Stdout, out)
		}
		failed := 0
		for _, e := range done {
			var tables []string
			for _, t := range sortedKeys(e.Tables) {
				tables = append(tables, fmt.Sprintf("%s %d", t, e.Tables[t]))
			}
			switch {
			case e.Err != nil:
				failed++
				fmt.Fprintf(a.env.Stdout, "%s: %s\n", e.System, a.l.T("erase.failed", a.l.Err(e.Err)))
			case e.Submitted:
				fmt.Fprintf(a.env.Stdout, "%s: %s\n", e.System, a.l.T("erase.submitted", strings.Join(tables, ", ")))
			case dry:
				fmt.Fprintf(a.env.Stdout, "%s: %s\n", e.System, a.l.T("erase.would", strings.Join(tables, ", ")))
			case len(e.Tables) == 0:
				fmt.Fprintf(a.env.Stdout, "%s: %s\n", e.System, a.l.T("erase.before"))
			default:
				fmt.Fprintf(a.env.Stdout, "%s: %s\n", e.System, a.l.T("erase.done", strings.Join(tables, ", ")))
			}
		}
		if failed > 0 {
			return errors.New(a.l.T("find.some_failed", failed))
		}
		return nil
	}}
}

// packageCommand is privdesk package: the subject's data as found in each
// system, per table, as the access answer's appendix.
func packageCommand() command {
	var format, out string
	return command{name: "package", args: []argKind{argCase}, values: map[string][]string{"format": {"json", "csv", "pdf"}}, flags: func(fs *flag.FlagSet) {
		fs.StringVar(&format, "format", "json", "")
		fs.StringVar(&out, "out", "-", "")
	}, run: func(a *app, fs *flag.FlagSet, pos []string) error {
		id, err := oneID(a, pos, 1)
		if err != nil {
			return err
		}
		if format != "json" && format != "csv" && format != "pdf" {
			return usageError{a.l.T("err.package_format", format)}
		}
		if format == "pdf" && out == "-" {
			return usageError{a.l.T("err.out_missing")}
		}
		if err := a.setup(); err != nil {
			return err
		}
		found, err := a.cfg.Office.Find(context.Background(), id, "", a.env.Now())
		if err != nil {
			return err
		}
		for _, f := range found {
			if f.Err != nil {
				return fmt.Errorf("%s: %s", f.System, a.l.T("find.failed", f.Err.Error()))
			}
		}
		if format == "pdf" {
			b, err := report.DocPDF(a.packageDoc(id, found), a.l.T("package.title", id.String()))
			if err != nil {
				return err
			}
			return a.writeOut(out, b, true)
		}
		return a.writeOutFrom(out, func(w io.Writer) error {
			if format == "json" {
				return writeJSON(w, found)
			}
			return packageCSV(w, found, a.l.Lang)
		}, false)
	}}
}

// packageCSV writes one line per value: system, table, row, column, its
// category, the value (a cell that would start a formula is quoted).
func packageCSV(w io.Writer, found []systems.Found, lang cases.Lang) error {
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	cw := csv.NewWriter(&buf)
	if lang == cases.RU {
		cw.Comma = ';'
	}
	cw.Write([]string{"system", "table", "row", "column", "category", "value"})
	for _, f := range found {
		for _, t := range f.Tables {
			for r, row := range t.Rows {
				for i, v := range row {
					cw.Write([]string{cases.SpreadsheetCell(f.System), cases.SpreadsheetCell(t.Table), fmt.Sprint(r + 1),
						cases.SpreadsheetCell(t.Columns[i]), t.Categories[i], cases.SpreadsheetCell(v)})
				}
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// packageDoc lays the appendix out for its PDF: per system, each table's
// rows under its columns, each column with the register's category.
func (a *app) packageDoc(id cases.ID, found []systems.Found) report.Doc {
	doc := report.Doc{Title: a.l.T("package.title", id.String())}
	for _, f := range found {
		doc.Blocks = append(doc.Blocks, report.Block{Heading: f.System})
		for _, t := range f.Tables {
			if len(t.Rows) == 0 {
				doc.Blocks = append(doc.Blocks, report.Block{Text: a.l.T("package.none", t.Table)})
				continue
			}
			head := make([]string, len(t.Columns))
			widths := make([]float64, len(t.Columns))
			for i, c := range t.Columns {
				head[i] = c
				if t.Categories[i] != "" {
					head[i] += " (" + t.Categories[i] + ")"
				}
				widths[i] = 177 / float64(len(t.Columns))
			}
			doc.Blocks = append(doc.Blocks, report.Block{Text: a.l.T("package.table", t.Table, len(t.Rows))},
				report.Block{Head: head, Rows: t.Rows, Widths: widths})
		}
	}
	return doc
}
