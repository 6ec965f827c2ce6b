package letters

import (
	"bytes"
	"fmt"
	"html"
	"strings"

	"github.com/go-pdf/fpdf"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"

	"privdesk/cases"
)

// Markdown is the letter as issued.
func Markdown(l cases.Letter) []byte { return []byte(l.Body) }

// HTML is the letter as a web page, every value escaped.
func HTML(l cases.Letter) ([]byte, error) {
	var body bytes.Buffer
	md := goldmark.New(goldmark.WithExtensions(extension.Table)) // raw HTML in the text is not rendered
	if err := md.Convert([]byte(l.Body), &body); err != nil {
		return nil, err
	}
	var out bytes.Buffer
	fmt.Fprintf(&out, "<!doctype html>\n<html lang=%q><head><meta charset=\"utf-8\"><title>%s</title>\n", l.Lang, html.EscapeString(l.Number+" "+l.Title))
	out.WriteString("<style>body{font-family:serif;max-width:42em;margin:2em auto;line-height:1.45}</style></head><body>\n")
	out.Write(body.Bytes())
	out.WriteString("</body></html>\n")
	return out.Bytes(), nil
}

// PDF is the letter on A4, print-ready: the operator in the header, page
// numbers in the footer, the Go fonts (which cover Cyrillic) embedded.
func PDF(l cases.Letter, operator cases.Party) ([]byte, error) {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes("go", "", goregular.TTF)
	pdf.AddUTF8FontFromBytes("go", "B", gobold.TTF)
	pdf.SetMargins(25, 22, 18)
	pdf.SetAutoPageBreak(true, 20)
	pdf.SetTitle(l.Number+" "+l.Title, true)
	pdf.SetCreator("privdesk", true)
	pdf.AliasNbPages("{nb}")
	pdf.SetHeaderFunc(func() {
		pdf.SetFont("go", "", 8)
		pdf.SetTextColor(90, 90, 90)
		pdf.CellFormat(0, 4, operator.Name+" · "+operator.Address, "B", 1, "L", false, 0, "")
		pdf.Ln(4)
		pdf.SetTextColor(0, 0, 0)
	})
	pdf.SetFooterFunc(func() {
		pdf.SetY(-14)
		pdf.SetFont("go", "", 8)
		label := map[cases.Lang]string{cases.RU: "Исх. № %s · стр. %d из {nb}", cases.EN: "Ref. No. %s · page %d of {nb}"}[l.Lang]
		if label == "" {
			label = "%s · %d/{nb}"
		}
		pdf.CellFormat(0, 5, fmt.Sprintf(label, l.Number, pdf.PageNo()), "", 0, "C", false, 0, "")
	})
	pdf.AddPage()
	for _, block := range strings.Split(strings.TrimSpace(l.Body), "\n\n") {
		writeBlock(pdf, block)
	}
	if err := pdf.Error(); err != nil {
		return nil, err
	}
	var out bytes.Buffer
	if err := pdf.Output(&out); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// writeBlock writes one paragraph of the letter's Markdown: a heading, or
// lines with **bold** runs. A backslash-escaped character is written as
// itself: values from data reach the letter escaped.
func writeBlock(pdf *fpdf.Fpdf, block string) {
	const lh = 5.6
	if rows := tableRows(block); rows != nil {
		writeTable(pdf, rows)
		return
	}
	if h, ok := strings.CutPrefix(block, "# "); ok {
		pdf.Ln(2)
		pdf.SetFont("go", "B", 13)
		pdf.MultiCell(0, 6.5, unescape(h), "", "L", false)
		pdf.Ln(2)
		return
	}
	for _, line := range strings.Split(block, "\n") {
		line = strings.TrimSuffix(line, "\\") // a hard line break: each line is one here
		for i, run := range boldRuns(line) {
			style := ""
			if i%2 == 1 {
				style = "B"
			}
			pdf.SetFont("go", style, 10.5)
			pdf.Write(lh, run)
		}
		pdf.Ln(lh)
	}
	pdf.Ln(2)
}

// tableRows reads a block that is a Markdown table into its rows, the
// header first, without the rule under it; nil when it is no table.
func tableRows(block string) [][]string {
	lines := strings.Split(block, "\n")
	if len(lines) < 2 || !strings.HasPrefix(lines[0], "|") || strings.Trim(lines[1], "|-: ") != "" {
		return nil
	}
	var rows [][]string
	for i, line := range lines {
		if i == 1 {
			continue
		}
		var cells []string
		var b strings.Builder
		inner := strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(line), "|"), "|")
		for j := 0; j < len(inner); j++ {
			switch {
			case inner[j] == '\\' && j+1 < len(inner):
				b.WriteByte(inner[j])
				j++
				b.WriteByte(inner[j])
			case inner[j] == '|':
				cells = append(cells, unescape(strings.TrimSpace(b.String())))
				b.Reset()
			default:
				b.WriteByte(inner[j])
			}
		}
		rows = append(rows, append(cells, unescape(strings.TrimSpace(b.String()))))
	}
	return rows
}

// writeTable draws a table across the page, the header bold, each row as
// tall as its tallest wrapped cell.
func writeTable(pdf *fpdf.Fpdf, rows [][]string) {
	const lh = 4.6
	left, _, right, _ := pdf.GetMargins()
	pw, _ := pdf.GetPageSize()
	w := (pw - left - right) / float64(len(rows[0]))
	for r, cells := range rows {
		pdf.SetFont("go", map[bool]string{true: "B", false: ""}[r == 0], 9)
		lines := 1
		for _, c := range cells {
			lines = max(lines, len(pdf.SplitText(c, w-2)))
		}
		h := float64(lines)*lh + 1.5
		if _, ph := pdf.GetPageSize(); pdf.GetY()+h > ph-22 {
			pdf.AddPage()
		}
		x, y := left, pdf.GetY()
		for _, c := range cells {
			pdf.Rect(x, y, w, h, "D")
			pdf.SetXY(x+1, y+0.7)
			pdf.MultiCell(w-2, lh, c, "", "L", false)
			x += w
		}
		pdf.SetXY(left, y+h)
	}
	pdf.Ln(2)
}

// boldRuns splits a line at its unescaped "**" and unescapes each run:
// runs alternate plain and bold, the first plain.
func boldRuns(line string) []string {
	var runs []string
	var b strings.Builder
	for i := 0; i < len(line); i++ {
		switch {
		case line[i] == '\\' && i+1 < len(line) && isASCIIPunct(line[i+1]):
			i++
			b.WriteByte(line[i])
		case strings.HasPrefix(line[i:], "**"):
			runs = append(runs, b.String())
			b.Reset()
			i++
		default:
			b.WriteByte(line[i])
		}
	}
	return append(runs, b.String())
}

// unescape removes Markdown's backslash escapes.
func unescape(s string) string {
	return strings.Join(boldRuns(strings.ReplaceAll(s, "**", "\\*\\*")), "")
}

// isASCIIPunct tells whether c may be backslash-escaped in Markdown.
func isASCIIPunct(c byte) bool {
	return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~'
}
