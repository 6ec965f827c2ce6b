package report

import (
	"bytes"
	"fmt"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
)

// Doc is a formal document laid out as tables, such as an act: a title,
// paragraphs, tables with a header row, and closing lines.
type Doc struct {
	Title  string
	Blocks []Block
}

// Block is a paragraph (Text), or a table (Head and Rows, with Widths in
// millimetres), or a heading (Heading).
type Block struct {
	Heading string
	Text    string
	Head    []string
	Rows    [][]string
	Widths  []float64
}

// DocPDF lays a document out on A4 portrait with the Go fonts embedded.
func DocPDF(d Doc, footer string) ([]byte, error) {
	pdf := newPDF("P", footer)
	pdf.SetMargins(18, 15, 15)
	pdf.SetAutoPageBreak(true, 15)
	pdf.AddPage()
	pdf.SetFont("go", "B", 14)
	pdf.MultiCell(0, 7, d.Title, "", "C", false)
	pdf.Ln(2)
	for _, b := range d.Blocks {
		switch {
		case b.Heading != "":
			pdf.Ln(2)
			pdf.SetFont("go", "B", 11)
			pdf.MultiCell(0, 6, b.Heading, "", "L", false)
		case len(b.Rows) > 0:
			docTable(pdf, b)
		default:
			pdf.SetFont("go", "", 10)
			pdf.MultiCell(0, 5, b.Text, "", "L", false)
			pdf.Ln(1.5)
		}
	}
	if err := pdf.Error(); err != nil {
		return nil, err
	}
	var out bytes.Buffer
	err := pdf.Output(&out)
	return out.Bytes(), err
}

// newPDF is an A4 page in orientation ("P" or "L") with the Go fonts
// embedded (they cover Cyrillic) and footer and the page numbers at the foot.
func newPDF(orientation, footer string) *fpdf.Fpdf {
	pdf := fpdf.New(orientation, "mm", "A4", "")
	pdf.AddUTF8FontFromBytes("go", "", goregular.TTF)
	pdf.AddUTF8FontFromBytes("go", "B", gobold.TTF)
	pdf.AliasNbPages("{nb}")
	pdf.SetFooterFunc(func() {
		pdf.SetY(-10)
		pdf.SetFont("go", "", 8)
		pdf.CellFormat(0, 5, fmt.Sprintf("%s · %d / {nb}", footer, pdf.PageNo()), "", 0, "C", false, 0, "")
	})
	return pdf
}

// docTable draws a table, its header row shaded, each row as tall as its
// tallest wrapped cell; a row that does not fit starts a new page.
func docTable(pdf *fpdf.Fpdf, b Block) {
	const lh = 4.4
	row := func(cells []string, bold bool) {
		style := map[bool]string{true: "B", false: ""}[bold]
		pdf.SetFont("go", style, 9)
		lines := 1
		for i, c := range cells {
			lines = max(lines, len(pdf.SplitText(c, b.Widths[i]-2)))
		}
		h := float64(lines)*lh + 1.5
		if _, ph := pdf.GetPageSize(); pdf.GetY()+h > ph-16 {
			pdf.AddPage()
		}
		x, y := pdf.GetXY()
		pdf.SetFillColor(232, 232, 232)
		for i, c := range cells {
			pdf.Rect(x, y, b.Widths[i], h, map[bool]string{true: "FD", false: "D"}[bold])
			pdf.SetXY(x+1, y+0.7)
			pdf.MultiCell(b.Widths[i]-2, lh, c, "", "L", false)
			x += b.Widths[i]
		}
		pdf.SetXY(18, y+h)
	}
	if len(b.Head) > 0 {
		row(b.Head, true)
	}
	for _, r := range b.Rows {
		row(r, false)
	}
	pdf.Ln(2)
}
