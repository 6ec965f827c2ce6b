package report

import (
	"bytes"

	"github.com/go-pdf/fpdf"

	"privdesk/cases"
)

// pdfColumns are the journal's columns a landscape page has room for, with
// their widths in millimetres; the CSV, XLSX and JSON carry every column.
var pdfColumns = []struct {
	key   string
	width float64
}{
	{"jr.id", 20}, {"jr.received", 24}, {"jr.kind", 30}, {"jr.subject", 34}, {"jr.done", 24},
	{"jr.answer_sent", 24}, {"jr.answer_via", 16}, {"jr.outcome", 24}, {"jr.ground", 31}, {"jr.acts", 22}, {"jr.due", 18},
}

// PDF is the journal on A4 landscape as a table: a header row repeated on
// each page, one row a request, cells wrapped to their width.
func PDF(rows []cases.JournalRow, title string, t Translate, lang cases.Lang) ([]byte, error) {
	pdf := newPDF("L", title)
	pdf.SetMargins(10, 12, 10)
	pdf.SetAutoPageBreak(false, 12)
	byKey := map[string]column{}
	for _, c := range columns {
		byKey[c.key] = c
	}
	header := func() {
		pdf.SetFont("go", "B", 8)
		cells := make([]string, len(pdfColumns))
		for i, c := range pdfColumns {
			cells[i] = t(c.key)
		}
		tableRow(pdf, cells, true)
		pdf.SetFont("go", "", 8)
	}
	pdf.AddPage()
	pdf.SetFont("go", "B", 13)
	pdf.MultiCell(0, 7, title, "", "L", false)
	pdf.Ln(1)
	header()
	for _, r := range rows {
		cells := make([]string, len(pdfColumns))
		for i, c := range pdfColumns {
			cells[i] = cases.SafeLine(text(byKey[c.key].value(r, lang), lang))
		}
		if _, h := pdf.GetPageSize(); pdf.GetY()+rowHeight(pdf, cells) > h-14 {
			pdf.AddPage()
			header()
		}
		tableRow(pdf, cells, false)
	}
	if err := pdf.Error(); err != nil {
		return nil, err
	}
	var out bytes.Buffer
	err := pdf.Output(&out)
	return out.Bytes(), err
}

const lineH = 3.8

// rowHeight is the height of the tallest wrapped cell of a row.
func rowHeight(pdf *fpdf.Fpdf, cells []string) float64 {
	lines := 1
	for i, c := range cells {
		lines = max(lines, len(pdf.SplitText(c, pdfColumns[i].width-2)))
	}
	return float64(lines)*lineH + 1
}

// tableRow draws one row of bordered cells of equal height.
func tableRow(pdf *fpdf.Fpdf, cells []string, shade bool) {
	h := rowHeight(pdf, cells)
	x, y := pdf.GetXY()
	pdf.SetFillColor(230, 230, 230)
	for i, c := range cells {
		w := pdfColumns[i].width
		pdf.Rect(x, y, w, h, map[bool]string{true: "FD", false: "D"}[shade])
		pdf.SetXY(x+1, y+0.5)
		pdf.MultiCell(w-2, lineH, c, "", "L", false)
		x += w
	}
	pdf.SetXY(pdf.GetX(), y+h)
	pdf.SetX(10)
}
