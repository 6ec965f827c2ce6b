package letters

import (
	"bytes"
	"fmt"
	"html"
	"strings"

	"github.com/go-pdf/fpdf"
	"github.com/yuin/goldmark"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"

	"privdesk/cases"
)

// Markdown is the letter as issued.
func Markdown(l cases.Letter) []byte { return []byte(l.Body) }

// HTML is the letter as a web page, every value escaped.
func HTML(l cases.Letter) ([]byte, error) {
	var body bytes.Buffer
	md := goldmark.New() // raw HTML in the text is not rendered
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
	if h, ok := strings.CutPrefix(block, "# "); ok {
		pdf.Ln(2)
		pdf.SetFont("go", "B", 13)
		pdf.MultiCell(0, 6.5, unescape(h), "", "L", false)
		pdf.Ln(2)
		return
	}
	for _, line := range strings.Split(block, "\n") {
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
