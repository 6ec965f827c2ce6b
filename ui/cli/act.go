package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	htmltemplate "html/template"
	"io"
	"path/filepath"
	"strings"
	"text/template"

	flag "github.com/spf13/pflag"

	"privdesk/assets"
	"privdesk/cases"
	"privdesk/ui/office"
	"privdesk/ui/report"
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
	var out, logOut, no, format string
	return command{name: "act", args: []argKind{argCase}, values: map[string][]string{"format": {"md", "html", "pdf"}}, flags: func(fs *flag.FlagSet) {
		fs.StringVar(&out, "out", "", "")
		fs.StringVar(&format, "format", "md", "")
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
		if format != "md" && format != "html" && format != "pdf" {
			return usageError{a.l.T("err.print_format", format)}
		}
		if err := a.setup(); err != nil {
			return err
		}
		act, err := a.issueAct(id, no)
		if err != nil {
			return err
		}
		if out != "" {
			var b []byte
			if format == "pdf" {
				b, err = report.DocPDF(report.ActDoc(act, a.l.Lang, a.l.T, a.l.Text), a.l.T("act.title")+" № "+act.No)
			} else {
				var buf bytes.Buffer
				err = RenderAct(&buf, act, a.l.Lang, format == "html", a.l.T, a.l.Text)
				b = buf.Bytes()
			}
			if err != nil {
				return err
			}
			if err := a.writeOut(out, b, format == "pdf"); err != nil {
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
	return office.IssueAct(a.cfg, id)
}

// RenderAct writes the act as Markdown, or as HTML with every value escaped.
// The same act in the same language always gives the same bytes.
func RenderAct(w io.Writer, act cases.Act, lang cases.Lang, asHTML bool, t func(string, ...any) string, text func(cases.Text) string) error {
	data := struct {
		Act   cases.Act
		Lang  cases.Lang
		Media cases.Text // е, when no paper medium was destroyed
	}{act, lang, cases.ActMedia}
	funcs := map[string]any{"t": t, "text": text,
		"join":       func(xs []string) string { return strings.Join(xs, "; ") },
		"day":        func(d cases.Date) string { return report.Day(d, lang) },
		"inc":        func(i int) int { return i + 1 },
		"processors": report.ActProcessors}
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

// logExport is the log export of Order 179 p. 5 for an act, as CSV (the
// bytes whose SHA-256 the act prints) or JSON.
func logExport(act cases.Act, asJSON bool) ([]byte, error) {
	if asJSON {
		return json.MarshalIndent(act.Log(), "", "  ")
	}
	return act.LogCSV(), nil
}
