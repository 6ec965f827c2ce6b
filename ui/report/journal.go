// Package report writes what an inspection asks for: the journal of
// requests, as CSV, XLSX, JSON or PDF.
package report

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"privdesk/cases"
)

// column is one column of the journal: its header's catalog key, its
// width in a spreadsheet, and how a row gives its value in a language.
type column struct {
	key   string
	width float64
	value func(r cases.JournalRow, lang cases.Lang) any // string, or time.Time for a moment
}

func when(t *time.Time) any {
	if t == nil {
		return ""
	}
	return t.In(cases.Moscow)
}

// title picks the language's side of a domain name.
func title(t cases.Text, lang cases.Lang) string { return t.In(lang) }

var columns = []column{
	{"jr.id", 11, func(r cases.JournalRow, _ cases.Lang) any { return r.ID.String() }},
	{"jr.received", 17, func(r cases.JournalRow, _ cases.Lang) any { return r.Received.In(cases.Moscow) }},
	{"jr.request_ref", 18, func(r cases.JournalRow, lang cases.Lang) any {
		if r.RequestNo == "" || r.RequestDate == nil {
			return ""
		}
		return r.RequestNo + " / " + Day(*r.RequestDate, lang)
	}},
	{"jr.kind", 14, func(r cases.JournalRow, lang cases.Lang) any { return title(r.Kind.Info().Title, lang) }},
	{"jr.article", 28, func(r cases.JournalRow, _ cases.Lang) any { return r.Article }},
	{"jr.channel", 10, func(r cases.JournalRow, lang cases.Lang) any { return title(r.Channel.Title(), lang) }},
	{"jr.subject", 28, func(r cases.JournalRow, _ cases.Lang) any { return r.Subject }},
	{"jr.representative", 24, func(r cases.JournalRow, _ cases.Lang) any { return r.Representative }},
	{"jr.details", 13, func(r cases.JournalRow, _ cases.Lang) any { return r.Details }},
	{"jr.blocked", 17, func(r cases.JournalRow, _ cases.Lang) any { return when(r.Blocked) }},
	{"jr.extension", 30, func(r cases.JournalRow, lang cases.Lang) any {
		notice, err1 := cases.ParseDate(r.ExtNotice)
		due, err2 := cases.ParseDate(r.ExtDue)
		if err1 != nil || err2 != nil {
			return ""
		}
		return fmt.Sprintf("%s → %s: %s", Day(notice, lang), Day(due, lang), r.ExtReason)
	}},
	{"jr.done", 17, func(r cases.JournalRow, _ cases.Lang) any { return when(r.Done) }},
	{"jr.outcome", 12, func(r cases.JournalRow, lang cases.Lang) any {
		if r.Outcome == "" {
			return ""
		}
		return title(r.Outcome.Title(), lang)
	}},
	{"jr.ground", 30, func(r cases.JournalRow, _ cases.Lang) any { return r.Ground }},
	{"jr.outgoing", 20, func(r cases.JournalRow, _ cases.Lang) any { return cases.Join(r.Outgoing) }},
	{"jr.answer_sent", 17, func(r cases.JournalRow, _ cases.Lang) any { return when(r.AnswerSent) }},
	{"jr.answer_via", 10, func(r cases.JournalRow, lang cases.Lang) any { return via(r.AnswerVia, lang) }},
	{"jr.proof", 16, func(r cases.JournalRow, _ cases.Lang) any { return r.Proof }},
	{"jr.notified", 24, func(r cases.JournalRow, lang cases.Lang) any {
		var out []string
		for _, n := range r.Notified {
			to := n.To
			if to == "" {
				to = map[cases.Lang]string{cases.RU: "Роскомнадзор", cases.EN: "Roskomnadzor"}[lang]
			}
			line := to + " " + Day(cases.DateOf(n.At), lang)
			if n.Confirmed != nil {
				line += map[cases.Lang]string{cases.RU: " (подтверждено ", cases.EN: " (confirmed "}[lang] + Day(cases.DateOf(*n.Confirmed), lang) + ")"
			}
			out = append(out, line)
		}
		return cases.Join(out)
	}},
	{"jr.acts", 16, func(r cases.JournalRow, _ cases.Lang) any { return cases.Join(r.Acts) }},
	{"jr.responsible", 14, func(r cases.JournalRow, _ cases.Lang) any { return r.Responsible }},
	{"jr.status", 12, func(r cases.JournalRow, lang cases.Lang) any { return title(r.Status.Title(), lang) }},
	{"jr.due", 11, func(r cases.JournalRow, lang cases.Lang) any { return Day(r.Due, lang) }},
	{"jr.late", 8, func(r cases.JournalRow, _ cases.Lang) any {
		if r.Late {
			return "!"
		}
		return ""
	}},
}

// via names a channel a letter left by.
func via(v string, lang cases.Lang) string {
	names := map[string]cases.Text{"email": {RU: "эл. почта", EN: "e-mail"}, "post": {RU: "почта", EN: "post"},
		"portal": {RU: "портал", EN: "portal"}, "in-person": {RU: "лично", EN: "in person"}}
	if t, ok := names[v]; ok {
		return t.In(lang)
	}
	return v
}

// text writes a value as a cell shows it: a moment as its language writes
// it, in Moscow time.
func text(v any, lang cases.Lang) string {
	if t, ok := v.(time.Time); ok {
		if lang == cases.RU {
			return t.Format("02.01.2006 15:04")
		}
		return t.Format("2006-01-02 15:04")
	}
	return v.(string)
}

// Translate gives a column header in the officer's language.
type Translate func(key string, args ...any) string

// JournalWriter writes the journal a row at a time, in one format.
type JournalWriter interface {
	Add(r cases.JournalRow) error
	Close() error
}

// NewJournal starts the journal in format csv, json or xlsx on w: rows go
// out as they are added, so that a journal of any length holds one row.
func NewJournal(w io.Writer, format string, t Translate, lang cases.Lang) (JournalWriter, error) {
	switch format {
	case "csv":
		return newCSVJournal(w, t, lang)
	case "json":
		return &jsonJournal{w: bufio.NewWriter(w)}, nil
	}
	return newXLSXJournal(w, t, lang)
}

// csvJournal is the journal in UTF-8 with a BOM, so that a spreadsheet
// program opens Cyrillic correctly. A Russian journal separates its fields
// with ";", as Excel set to Russian expects (its list separator).
type csvJournal struct {
	w    *csv.Writer
	lang cases.Lang
}

func newCSVJournal(out io.Writer, t Translate, lang cases.Lang) (*csvJournal, error) {
	if _, err := io.WriteString(out, "\ufeff"); err != nil {
		return nil, err
	}
	w := csv.NewWriter(out)
	if lang == cases.RU {
		w.Comma = ';'
	}
	head := make([]string, len(columns))
	for i, c := range columns {
		head[i] = t(c.key)
	}
	return &csvJournal{w: w, lang: lang}, w.Write(head)
}

func (j *csvJournal) Add(r cases.JournalRow) error {
	line := make([]string, len(columns))
	for i, c := range columns {
		line[i] = cases.SpreadsheetCell(text(c.value(r, j.lang), j.lang))
	}
	return j.w.Write(line)
}

func (j *csvJournal) Close() error {
	j.w.Flush()
	return j.w.Error()
}

// jsonJournal is the journal's rows as a JSON array, indented.
type jsonJournal struct {
	w *bufio.Writer
	n int
}

func (j *jsonJournal) Add(r cases.JournalRow) error {
	b, err := json.MarshalIndent(r, "  ", "  ")
	if err != nil {
		return err
	}
	sep := ",\n  "
	if j.n == 0 {
		sep = "[\n  "
	}
	j.n++
	j.w.WriteString(sep)
	_, err = j.w.Write(b)
	return err
}

func (j *jsonJournal) Close() error {
	if j.n == 0 {
		j.w.WriteString("[]")
	} else {
		j.w.WriteString("\n]")
	}
	return j.w.Flush()
}

// xlsxJournal is the journal as a spreadsheet: a header row, frozen panes,
// column widths, and dates as real dates.
type xlsxJournal struct {
	sh   *sheetWriter
	lang cases.Lang
	line []any
}

func newXLSXJournal(out io.Writer, t Translate, lang cases.Lang) (*xlsxJournal, error) {
	widths, head := make([]float64, len(columns)), make([]any, len(columns))
	for i, c := range columns {
		widths[i], head[i] = c.width, t(c.key)
	}
	dateFmt := map[cases.Lang]string{cases.RU: "dd.mm.yyyy hh:mm", cases.EN: "yyyy-mm-dd hh:mm"}[lang]
	sh, err := newSheet(out, t("jr.sheet"), widths, dateFmt)
	if err != nil {
		return nil, err
	}
	sh.add(head, true)
	return &xlsxJournal{sh: sh, lang: lang, line: make([]any, len(columns))}, nil
}

func (j *xlsxJournal) Add(r cases.JournalRow) error {
	for x, c := range columns {
		v := c.value(r, j.lang)
		if s, ok := v.(string); ok {
			v = cases.SafeLine(s)
		}
		j.line[x] = v
	}
	j.sh.add(j.line, false)
	return nil
}

func (j *xlsxJournal) Close() error { return j.sh.close() }
