package cli

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	htmltemplate "html/template"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"text/template"

	flag "github.com/spf13/pflag"

	"privdesk/assets"
	"privdesk/cases"
)

// destructionFlags are the flags that describe a destruction: the paper
// medium and its sheets, and for a destroying step also the system, the
// method and the categories.
type destructionFlags struct {
	system, how, categories, medium string
	sheets                          int
}

func (d *destructionFlags) declare(fs *flag.FlagSet, step bool) {
	if step {
		fs.StringVar(&d.system, "system", "", "")
		fs.StringVar(&d.how, "how", "", "")
		fs.StringVar(&d.categories, "categories", "", "")
	}
	fs.StringVar(&d.medium, "medium", "", "")
	fs.IntVar(&d.sheets, "sheets", 0, "")
}

func (d *destructionFlags) given() bool {
	return d.system != "" || d.how != "" || d.categories != "" || d.medium != "" || d.sheets != 0
}

func (d *destructionFlags) value() *cases.Destruction {
	var cats []string
	for _, c := range strings.Split(d.categories, ";") {
		if c = strings.TrimSpace(c); c != "" {
			cats = append(cats, c)
		}
	}
	return &cases.Destruction{System: d.system, How: d.how, Categories: cats, Medium: d.medium, Sheets: d.sheets}
}

// actCommands declares its commands, each with fresh flag variables.
func actCommands(register func(command)) {
	register(actCommand())
}

// actCommand is privdesk act.
func actCommand() command {
	var out, logOut, no string
	var asHTML bool
	return command{name: "act", args: []argKind{argCase}, flags: func(fs *flag.FlagSet) {
		fs.StringVar(&out, "out", "", "")
		fs.BoolVar(&asHTML, "html", false, "")
		fs.StringVar(&logOut, "log", "", "FILE.csv | FILE.json")
		fs.StringVar(&no, "no", "", "")
	}, run: func(a *app, fs *flag.FlagSet, pos []string) error {
		id, err := oneID(a, pos, 1)
		if err != nil {
			return err
		}
		if out == "" && logOut == "" {
			return usageError{a.l.T("err.out_missing")}
		}
		if out == "-" && logOut == "-" {
			return usageError{a.l.T("err.two_stdout")}
		}
		if ext := strings.ToLower(filepath.Ext(logOut)); logOut != "" && ext != ".csv" && ext != ".json" {
			return usageError{a.l.T("err.log_format", logOut)}
		}
		if err := a.setup(); err != nil {
			return err
		}
		act, err := a.issueAct(id, no)
		if err != nil {
			return err
		}
		if out != "" {
			var buf bytes.Buffer
			if err := RenderAct(&buf, act, a.l.Lang, asHTML, a.l.T, a.l.Text); err != nil {
				return err
			}
			if err := a.writeOut(out, buf.Bytes(), false); err != nil {
				return err
			}
		}
		if logOut != "" {
			b, err := logExport(act, strings.ToLower(filepath.Ext(logOut)) == ".json")
			if err != nil {
				return err
			}
			if err := a.writeOut(logOut, b, false); err != nil {
				return err
			}
		}
		fmt.Fprintln(a.env.Stderr, a.l.T("act.issued", act.No, id.String()))
		return nil
	}}
}

// issueAct returns act no of the case, or, without a number, a new act for
// the destructions no act confirms yet (numbered and kept in the case), or
// else the last act as it was issued.
func (a *app) issueAct(id cases.ID, no string) (cases.Act, error) {
	c, err := a.cfg.Office.Get(id)
	if err != nil {
		return cases.Act{}, err
	}
	if no != "" {
		if act, ok := c.Act(no); ok {
			return act, nil
		}
		return cases.Act{}, usageError{a.l.T("err.no_act", no, id.String())}
	}
	set := a.cfg.Settings
	var proc *cases.Party
	if set.Processor.Name != "" {
		proc = &cases.Party{Name: set.Processor.Name, Address: set.Processor.Address}
	}
	people := func(login string) (cases.Person, bool) {
		o, ok := set.Officer(login)
		return cases.Person{Name: o.Name, Position: o.Position}, ok
	}
	anyone := func(string) (cases.Person, bool) { return cases.Person{Name: "-", Position: "-"}, true }
	act, err := a.cfg.Office.IssueAct(id, func(c *cases.Case, evs []cases.Event) (cases.Act, error) {
		// Only a new act needs the operator's details: a reprint does not.
		if _, err := cases.BuildAct(c, evs, cases.Party{}, nil, "", anyone, a.env.Now()); err != nil {
			return cases.Act{}, err
		}
		for _, need := range []struct{ key, v string }{
			{"[operator] name", set.Operator.Name},
			{"[operator] address", set.Operator.Address},
		} {
			if strings.TrimSpace(need.v) == "" {
				return cases.Act{}, usageError{a.l.T("err.config_missing", need.key)}
			}
		}
		return cases.BuildAct(c, evs, cases.Party{Name: set.Operator.Name, Address: set.Operator.Address}, proc,
			set.System(), people, a.env.Now())
	}, a.env.Now(), a.cfg.Officer)
	var ce *cases.Error
	if asCode(err, &ce, cases.ErrActCovered) {
		last, _ := c.Act("")
		return last, nil
	}
	if asCode(err, &ce, cases.ErrUnknownOfficer) {
		return act, usageError{a.l.T("err.config_officer", ce.Args...)}
	}
	return act, err
}

// RenderAct writes the act as Markdown, or as HTML with every value escaped.
// The same act in the same language always gives the same bytes.
func RenderAct(w io.Writer, act cases.Act, lang cases.Lang, asHTML bool, t func(string, ...any) string, text func(cases.Text) string) error {
	data := struct {
		Act   cases.Act
		Lang  cases.Lang
		Media cases.Text // е, when no paper medium was destroyed
	}{act, lang, cases.ActMedia}
	funcs := map[string]any{"t": func(k string) string { return t(k) }, "text": text,
		"join": func(xs []string) string { return strings.Join(xs, "; ") }}
	if asHTML {
		tpl, err := htmltemplate.New("act").Funcs(funcs).Parse(assets.ActHTML)
		if err != nil {
			return err
		}
		return tpl.Execute(w, data)
	}
	tpl, err := template.New("act").Funcs(funcs).Parse(assets.ActMarkdown)
	if err != nil {
		return err
	}
	return tpl.Execute(w, data)
}

// logExport is the log export of Order 179 p. 5 for an act, as CSV (UTF-8
// with a BOM, for spreadsheet programs) or JSON.
func logExport(act cases.Act, asJSON bool) ([]byte, error) {
	rows := act.Log()
	if asJSON {
		return json.MarshalIndent(rows, "", "  ")
	}
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	w := csv.NewWriter(&buf)
	w.Write([]string{"act", "subject", "categories", "system", "reason", "date", "event", "hash", "by", "method"})
	for _, r := range rows {
		row := []string{r.Act, r.Subject, r.Categories, r.System, r.Reason, r.Date, strconv.Itoa(r.Event), r.Hash, r.By, r.Method}
		for i := range row {
			row[i] = cases.SpreadsheetCell(row[i])
		}
		w.Write(row)
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

// asCode tells whether err is the domain error code, and sets ce to it.
func asCode(err error, ce **cases.Error, code string) bool {
	return errors.As(err, ce) && (*ce).Code == code
}
