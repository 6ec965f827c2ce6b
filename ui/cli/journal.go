package cli

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	flag "github.com/spf13/pflag"

	"privdesk/cases"
	"privdesk/ui/office"
	"privdesk/ui/report"
)

// journalCommands declares its commands, each with fresh flag variables.
func journalCommands(register func(command)) {
	register(journalCommand())
	register(reportCommand())
	register(actsCommand())
}

// journalCommand is privdesk journal.
func journalCommand() command {
	var from, to, format, out string
	return command{name: "journal", values: map[string][]string{"format": []string{"csv", "xlsx", "pdf", "json"}}, flags: func(fs *flag.FlagSet) {
		fs.StringVar(&from, "from", "", "YYYY-MM-DD")
		fs.StringVar(&to, "to", "", "YYYY-MM-DD")
		fs.StringVar(&format, "format", "csv", "")
		fs.StringVar(&out, "out", "", "FILE")
	}, run: func(a *app, fs *flag.FlagSet, pos []string) error {
		if err := noArgs(a, fs, pos); err != nil {
			return err
		}
		lo, hi, err := period(from, to)
		if err != nil {
			return err
		}
		if format != "csv" && format != "xlsx" && format != "pdf" && format != "json" {
			return usageError{a.l.T("err.journal_format", format)}
		}
		if (format == "xlsx" || format == "pdf") && out == "" {
			return usageError{a.l.T("err.out_missing")}
		}
		if err := a.setup(); err != nil {
			return err
		}
		if out == "" {
			out = "-"
		}
		now := a.env.Now()
		in := func(c *cases.Case) bool {
			d := cases.DateOf(c.Received)
			return (lo == 0 || d >= lo) && (hi == 0 || d <= hi)
		}
		if format == "pdf" { // the PDF is laid out whole
			var rows []cases.JournalRow
			if err := a.eachJournalRow(in, now, func(r cases.JournalRow) error { rows = append(rows, r); return nil }); err != nil {
				return err
			}
			b, err := report.PDF(rows, a.l.T("jr.title", periodText(lo, hi, a.l.Lang)), a.l.T, a.l.Lang)
			if err != nil {
				return err
			}
			return a.writeOut(out, b, true)
		}
		return a.writeOutFrom(out, func(w io.Writer) error {
			jw, err := report.NewJournal(w, format, a.l.T, a.l.Lang)
			if err != nil {
				return err
			}
			if err := a.eachJournalRow(in, now, jw.Add); err != nil {
				return err
			}
			return jw.Close()
		}, format == "xlsx")
	}}
}

// eachJournalRow gives add the journal's rows of the cases in, in order of
// receipt, reading the register a chunk at a time: the rows of one day are
// held, to be put in order of the moment of receipt.
func (a *app) eachJournalRow(in func(*cases.Case) bool, now time.Time, add func(cases.JournalRow) error) error {
	var day []cases.JournalRow
	flush := func() error {
		sortJournal(day)
		for _, r := range day {
			if err := add(r); err != nil {
				return err
			}
		}
		day = day[:0]
		return nil
	}
	bad, err := a.cfg.Office.Each(office.Filter{ByReceipt: true}, func(c *cases.Case) error {
		if !in(c) {
			return nil
		}
		if len(day) > 0 && cases.DateOf(day[0].Received) != cases.DateOf(c.Received) {
			if err := flush(); err != nil {
				return err
			}
		}
		day = append(day, c.Journal(now))
		return nil
	})
	if err != nil {
		return err
	}
	a.warnUnreadable(bad)
	return flush()
}

// reportCommand is privdesk report.
func reportCommand() command {
	var from, to, out string
	var month, reportFormat string
	return command{name: "report", values: map[string][]string{"format": []string{"md", "html", "pdf"}}, flags: func(fs *flag.FlagSet) {
		fs.StringVar(&month, "period", "", "YYYY-MM")
		fs.StringVar(&from, "from", "", "YYYY-MM-DD")
		fs.StringVar(&to, "to", "", "YYYY-MM-DD")
		fs.StringVar(&reportFormat, "format", "md", "")
		fs.StringVar(&out, "out", "", "FILE")
	}, run: func(a *app, fs *flag.FlagSet, pos []string) error {
		if err := noArgs(a, fs, pos); err != nil {
			return err
		}
		lo, hi, err := period(from, to)
		if err != nil {
			return err
		}
		if month != "" {
			first, err := cases.ParseDate(month + "-01")
			if err != nil {
				return err
			}
			lo, hi = first, first.AddMonths(1)-1
		}
		today := cases.DateOf(a.env.Now())
		if lo == 0 {
			y, m, _ := today.Parts()
			lo = cases.MakeDate(y, m, 1)
		}
		if hi == 0 {
			hi = today
		}
		if reportFormat != "md" && reportFormat != "html" && reportFormat != "pdf" {
			return usageError{a.l.T("err.print_format", reportFormat)}
		}
		if reportFormat == "pdf" && out == "" {
			return usageError{a.l.T("err.out_missing")}
		}
		if err := a.setup(); err != nil {
			return err
		}
		rb := cases.NewReport(lo, hi, a.env.Now())
		bad, err := a.cfg.Office.Each(office.Filter{}, func(c *cases.Case) error { rb.Add(c); return nil })
		if err != nil {
			return err
		}
		a.warnUnreadable(bad)
		r := rb.Report()
		md := report.Markdown(r, a.l.T, a.l.Lang)
		var b []byte
		switch reportFormat {
		case "md":
			b = []byte(md)
		case "html":
			b, err = report.HTML(md)
		case "pdf":
			b, err = report.ReportPDF(r, md)
		}
		if err != nil {
			return err
		}
		if out == "" {
			out = "-"
		}
		return a.writeOut(out, b, reportFormat == "pdf")
	}}
}

// actsCommand is privdesk acts.
func actsCommand() command {
	var asJSON bool
	return command{name: "acts", flags: func(fs *flag.FlagSet) {
		fs.BoolVar(&asJSON, "json", false, "")
	}, run: func(a *app, fs *flag.FlagSet, pos []string) error {
		if err := noArgs(a, fs, pos); err != nil {
			return err
		}
		if err := a.setup(); err != nil {
			return err
		}
		type actJSON struct {
			No          string     `json:"no"`
			Date        cases.Date `json:"date"`
			Case        cases.ID   `json:"case"`
			RetainUntil cases.Date `json:"retain_until"`
			Entries     int        `json:"entries"`
		}
		list := []actJSON{}
		bad, err := a.cfg.Office.Each(office.Filter{}, func(c *cases.Case) error {
			for _, act := range c.Acts {
				list = append(list, actJSON{act.No, act.Date, c.ID, act.RetainUntil, len(act.Entries)})
			}
			return nil
		})
		if err != nil {
			return err
		}
		a.warnUnreadable(bad)
		if asJSON {
			return writeJSON(a.env.Stdout, list)
		}
		tw := tabwriter.NewWriter(a.env.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, a.l.T("acts.header"))
		for _, x := range list {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", x.No, x.Date, x.Case, x.RetainUntil)
		}
		return tw.Flush()
	}}
}

// period reads --from and --to.
func period(from, to string) (cases.Date, cases.Date, error) {
	var lo, hi cases.Date
	var err error
	if from != "" {
		if lo, err = cases.ParseDate(from); err != nil {
			return 0, 0, err
		}
	}
	if to != "" {
		if hi, err = cases.ParseDate(to); err != nil {
			return 0, 0, err
		}
	}
	return lo, hi, nil
}

func periodText(lo, hi cases.Date, lang cases.Lang) string {
	day := func(d cases.Date) string {
		if d == 0 {
			return ""
		}
		return report.Day(d, lang)
	}
	if lo == 0 && hi == 0 {
		return ""
	}
	return strings.TrimSpace(day(lo) + " — " + day(hi))
}

// sortJournal puts the journal in the order of receipt.
func sortJournal(rows []cases.JournalRow) {
	slices.SortStableFunc(rows, func(x, y cases.JournalRow) int { return x.Received.Compare(y.Received) })
}
