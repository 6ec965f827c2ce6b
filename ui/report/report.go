package report

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
	"github.com/yuin/goldmark"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"

	"privdesk/cases"
)

// Markdown writes the report in lang, with the monthly trend as a bar
// chart. Kinds, channels and terms are named in lang; Russian dates are
// written DD.MM.YYYY.
func Markdown(r cases.Report, t Translate, lang cases.Lang) string {
	var b strings.Builder
	day := func(d cases.Date) string { return Day(d, lang) }
	fmt.Fprintf(&b, "# %s\n\n", t("rp.title", day(r.From), day(r.To)))
	fmt.Fprintf(&b, "- %s\n", t("rp.received", r.Received))
	fmt.Fprintf(&b, "- %s\n", t("rp.closed", r.Closed, r.OnTime, r.OnTimeShare*100))
	fmt.Fprintf(&b, "- %s\n", t("rp.days", r.MedianDays, r.WorstDays, r.WorstCase.String()))
	fmt.Fprintf(&b, "- %s\n", t("rp.met_late", len(r.MetLate)))
	fmt.Fprintf(&b, "- %s\n", t("rp.late_now", len(r.LateNow)))
	fmt.Fprintf(&b, "- %s\n", t("rp.violations", len(r.Violations)))
	fmt.Fprintf(&b, "- %s\n", t("rp.not_requests", r.NotRequests))
	fmt.Fprintf(&b, "- %s\n\n", t("rp.destroyed", r.Destroyed, len(r.Acts)))
	section := func(key string) { fmt.Fprintf(&b, "## %s\n\n", t(key)) }
	section("rp.by_kind")
	for _, k := range cases.Kinds {
		if n := r.ByKind[k]; n > 0 {
			fmt.Fprintf(&b, "- %s: %d\n", k.Info().Title.In(lang), n)
		}
	}
	b.WriteString("\n")
	section("rp.by_channel")
	for _, c := range cases.Channels {
		if n := r.ByChannel[c]; n > 0 {
			fmt.Fprintf(&b, "- %s: %d\n", c.Title().In(lang), n)
		}
	}
	b.WriteString("\n")
	list := func(key string, items []cases.ReportItem) {
		if len(items) == 0 {
			return
		}
		section(key)
		for _, it := range items {
			fmt.Fprintf(&b, "- %s\n", item(it, t, lang))
		}
		b.WriteString("\n")
	}
	list("rp.extensions", r.Extensions)
	if len(r.Refusals) > 0 {
		section("rp.refusals")
		for _, g := range slices.Sorted(maps.Keys(r.Refusals)) {
			fmt.Fprintf(&b, "- %s: %d\n", cases.SafeLine(g), r.Refusals[g])
		}
		b.WriteString("\n")
	}
	list("rp.violation_list", r.Violations)
	list("rp.met_late_list", r.MetLate)
	list("rp.late_list", r.LateNow)
	list("rp.blocks", r.OpenBlocks)
	if len(r.Acts) > 0 {
		section("rp.acts")
		for _, a := range r.Acts {
			fmt.Fprintf(&b, "- %s\n", a)
		}
		b.WriteString("\n")
	}
	if len(r.Incidents) > 0 {
		section("rp.incidents")
		for _, in := range r.Incidents {
			fmt.Fprintf(&b, "- %s, %s: %s\n", in.ID, Moment(in.Detected, lang),
				t("rp.notices", yes(in.Sent24, in.OnTime24, t), yes(in.Sent72, in.OnTime72, t)))
		}
		b.WriteString("\n")
	}
	section("rp.trend")
	top := 1
	for _, m := range r.Months {
		top = max(top, m.N)
	}
	b.WriteString("```\n")
	for _, m := range r.Months {
		fmt.Fprintf(&b, "%s %s %d\n", m.Month, strings.Repeat("█", max(1, m.N*30/top)), m.N)
	}
	b.WriteString("```\n")
	return b.String()
}

// item is one line of a list: the case, its kind, the term or note, days.
func item(it cases.ReportItem, t Translate, lang cases.Lang) string {
	s := it.ID.String() + " — " + it.Kind.Info().Title.In(lang)
	if title, ok := cases.TermTitle(it.Term); ok {
		s += ": " + title.In(lang)
	}
	if it.Note != "" {
		s += ": " + cases.SafeLine(it.Note)
	}
	return s + days(it.Days, t)
}

// Day writes a date as a reader of lang expects: 07.12.2026 in Russian,
// ISO 8601 in English.
func Day(d cases.Date, lang cases.Lang) string {
	if lang == cases.RU {
		return d.Start().Format("02.01.2006")
	}
	return d.String()
}

// Moment writes a time in Moscow time with its zone named.
func Moment(t time.Time, lang cases.Lang) string {
	if lang == cases.RU {
		return t.In(cases.Moscow).Format("02.01.2006 15:04") + " МСК"
	}
	return t.In(cases.Moscow).Format("2006-01-02 15:04") + " MSK"
}

func days(n int, t Translate) string {
	if n == 0 {
		return ""
	}
	return ", " + t("rp.days_open", n)
}

func yes(sent, onTime bool, t Translate) string {
	switch {
	case !sent:
		return t("rp.not_sent")
	case onTime:
		return t("rp.on_time")
	}
	return t("rp.late")
}

// HTML is the report as a web page.
func HTML(md string) ([]byte, error) {
	var body bytes.Buffer
	if err := goldmark.New().Convert([]byte(md), &body); err != nil {
		return nil, err
	}
	var out bytes.Buffer
	out.WriteString("<!doctype html>\n<html><head><meta charset=\"utf-8\"><style>body{font-family:sans-serif;max-width:48em;margin:2em auto}pre{line-height:1.1}</style></head><body>\n")
	out.Write(body.Bytes())
	out.WriteString("</body></html>\n")
	return out.Bytes(), nil
}

// ReportPDF is the report on A4 with the monthly trend drawn as bars.
func ReportPDF(r cases.Report, md string) ([]byte, error) {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes("go", "", goregular.TTF)
	pdf.AddUTF8FontFromBytes("go", "B", gobold.TTF)
	pdf.SetMargins(20, 18, 18)
	pdf.AliasNbPages("{nb}")
	pdf.SetFooterFunc(func() {
		pdf.SetY(-12)
		pdf.SetFont("go", "", 8)
		pdf.CellFormat(0, 5, fmt.Sprintf("%d / {nb}", pdf.PageNo()), "", 0, "C", false, 0, "")
	})
	pdf.AddPage()
	text, _, _ := strings.Cut(md, "```")
	for _, line := range strings.Split(text, "\n") {
		switch {
		case strings.HasPrefix(line, "# "):
			pdf.SetFont("go", "B", 14)
			pdf.MultiCell(0, 7, line[2:], "", "L", false)
			pdf.Ln(2)
		case strings.HasPrefix(line, "## "):
			pdf.Ln(1)
			pdf.SetFont("go", "B", 11)
			pdf.MultiCell(0, 6, line[3:], "", "L", false)
		case line == "":
			pdf.Ln(1.5)
		default:
			pdf.SetFont("go", "", 10)
			pdf.MultiCell(0, 5, strings.Replace(line, "- ", "• ", 1), "", "L", false)
		}
	}
	// The trend: one bar a month.
	top := 1
	for _, m := range r.Months {
		top = max(top, m.N)
	}
	pdf.Ln(3)
	pdf.SetFont("go", "", 8)
	x0, y0 := pdf.GetX(), pdf.GetY()+40
	w := 170.0 / float64(max(1, len(r.Months)))
	for i, m := range r.Months {
		h := 36 * float64(m.N) / float64(top)
		x := x0 + float64(i)*w
		pdf.SetFillColor(70, 110, 160)
		pdf.Rect(x+1, y0-h, w-2, h, "F")
		pdf.Text(x+1, y0+4, m.Month[2:])
		pdf.Text(x+1, y0-h-1, fmt.Sprint(m.N))
	}
	if err := pdf.Error(); err != nil {
		return nil, err
	}
	var out bytes.Buffer
	err := pdf.Output(&out)
	return out.Bytes(), err
}
