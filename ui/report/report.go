package report

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/go-pdf/fpdf"
	"github.com/yuin/goldmark"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"

	"privdesk/cases"
)

// Markdown writes the report, with the monthly trend as a bar chart.
func Markdown(r cases.Report, t Translate) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", t("rp.title", r.From.String(), r.To.String()))
	fmt.Fprintf(&b, "- %s\n", t("rp.received", r.Received))
	fmt.Fprintf(&b, "- %s\n", t("rp.closed", r.Closed, r.OnTime, r.OnTimeShare*100))
	fmt.Fprintf(&b, "- %s\n", t("rp.days", r.MedianDays, r.WorstDays, r.WorstCase.String()))
	fmt.Fprintf(&b, "- %s\n", t("rp.late_now", len(r.LateNow)))
	fmt.Fprintf(&b, "- %s\n\n", t("rp.destroyed", r.Destroyed, strings.Join(r.Acts, ", ")))
	section := func(key string) { fmt.Fprintf(&b, "## %s\n\n", t(key)) }
	section("rp.by_kind")
	for _, k := range slices.Sorted(maps.Keys(r.ByKind)) {
		fmt.Fprintf(&b, "- %s: %d\n", k, r.ByKind[k])
	}
	b.WriteString("\n")
	section("rp.by_channel")
	for _, c := range slices.Sorted(maps.Keys(r.ByChannel)) {
		fmt.Fprintf(&b, "- %s: %d\n", c, r.ByChannel[c])
	}
	b.WriteString("\n")
	list := func(key string, items []cases.ReportItem) {
		if len(items) == 0 {
			return
		}
		section(key)
		for _, it := range items {
			fmt.Fprintf(&b, "- %s — %s%s\n", it.ID, cases.SafeLine(it.Note), days(it.Days, t))
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
	list("rp.late_list", r.LateNow)
	list("rp.blocks", r.OpenBlocks)
	if len(r.Incidents) > 0 {
		section("rp.incidents")
		for _, in := range r.Incidents {
			fmt.Fprintf(&b, "- %s, %s: %s\n", in.ID, in.Detected.In(cases.Moscow).Format("2006-01-02 15:04"),
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
