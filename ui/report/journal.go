// Package report writes what an inspection asks for: the journal of
// requests, as CSV, XLSX, JSON or PDF.
package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"time"

	"github.com/go-pdf/fpdf"
	"github.com/xuri/excelize/v2"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"

	"privdesk/cases"
)

// column is one column of the journal: its header's catalog key, its
// width in a spreadsheet, and how a row gives its value.
type column struct {
	key   string
	width float64
	value func(r cases.JournalRow) any // string, or time.Time for a date
}

func when(t *time.Time) any {
	if t == nil {
		return ""
	}
	return t.In(cases.Moscow)
}

var columns = []column{
	{"jr.id", 11, func(r cases.JournalRow) any { return r.ID.String() }},
	{"jr.received", 17, func(r cases.JournalRow) any { return r.Received.In(cases.Moscow) }},
	{"jr.kind", 14, func(r cases.JournalRow) any { return string(r.Kind) }},
	{"jr.article", 28, func(r cases.JournalRow) any { return r.Article }},
	{"jr.channel", 10, func(r cases.JournalRow) any { return string(r.Channel) }},
	{"jr.subject", 28, func(r cases.JournalRow) any { return r.Subject }},
	{"jr.details", 13, func(r cases.JournalRow) any { return r.Details }},
	{"jr.blocked", 17, func(r cases.JournalRow) any { return when(r.Blocked) }},
	{"jr.extension", 30, func(r cases.JournalRow) any {
		if r.ExtNotice == "" {
			return ""
		}
		return fmt.Sprintf("%s → %s: %s", r.ExtNotice, r.ExtDue, r.ExtReason)
	}},
	{"jr.outcome", 12, func(r cases.JournalRow) any { return string(r.Outcome) }},
	{"jr.ground", 30, func(r cases.JournalRow) any { return r.Ground }},
	{"jr.outgoing", 20, func(r cases.JournalRow) any { return cases.Join(r.Outgoing) }},
	{"jr.answer_sent", 17, func(r cases.JournalRow) any { return when(r.AnswerSent) }},
	{"jr.answer_via", 10, func(r cases.JournalRow) any { return r.AnswerVia }},
	{"jr.acts", 16, func(r cases.JournalRow) any { return cases.Join(r.Acts) }},
	{"jr.responsible", 14, func(r cases.JournalRow) any { return r.Responsible }},
	{"jr.status", 12, func(r cases.JournalRow) any { return string(r.Status) }},
	{"jr.due", 11, func(r cases.JournalRow) any { return r.Due.String() }},
	{"jr.late", 8, func(r cases.JournalRow) any {
		if r.Late {
			return "!"
		}
		return ""
	}},
}

func text(v any) string {
	if t, ok := v.(time.Time); ok {
		return t.Format("2006-01-02 15:04")
	}
	return v.(string)
}

// Translate gives a column header in the officer's language.
type Translate func(key string, args ...any) string

// CSV is the journal in UTF-8 with a BOM, so that a spreadsheet program
// opens Cyrillic correctly.
func CSV(rows []cases.JournalRow, t Translate) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	w := csv.NewWriter(&buf)
	head := make([]string, len(columns))
	for i, c := range columns {
		head[i] = t(c.key)
	}
	w.Write(head)
	for _, r := range rows {
		line := make([]string, len(columns))
		for i, c := range columns {
			line[i] = cases.SpreadsheetCell(text(c.value(r)))
		}
		w.Write(line)
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

// JSON is the journal's rows.
func JSON(rows []cases.JournalRow) ([]byte, error) {
	if rows == nil {
		rows = []cases.JournalRow{}
	}
	return json.MarshalIndent(rows, "", "  ")
}

// XLSX is the journal as a spreadsheet: a header row, frozen panes, column
// widths, and dates as real dates.
func XLSX(rows []cases.JournalRow, t Translate) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	sheet := t("jr.sheet")
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return nil, err
	}
	dateFmt := "yyyy-mm-dd hh:mm"
	date, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	if err != nil {
		return nil, err
	}
	for i, c := range columns {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		f.SetCellValue(sheet, cell, t(c.key))
		name, _ := excelize.ColumnNumberToName(i + 1)
		f.SetColWidth(sheet, name, name, c.width)
	}
	last, _ := excelize.CoordinatesToCellName(len(columns), 1)
	f.SetCellStyle(sheet, "A1", last, bold)
	for y, r := range rows {
		for x, c := range columns {
			cell, _ := excelize.CoordinatesToCellName(x+1, y+2)
			v := c.value(r)
			if tm, ok := v.(time.Time); ok {
				// Moscow wall-clock time, as the register counts it.
				f.SetCellValue(sheet, cell, time.Date(tm.Year(), tm.Month(), tm.Day(), tm.Hour(), tm.Minute(), 0, 0, time.UTC))
				f.SetCellStyle(sheet, cell, cell, date)
				continue
			}
			f.SetCellValue(sheet, cell, cases.SafeLine(v.(string)))
		}
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return nil, err
	}
	if err := f.AutoFilter(sheet, "A1:"+last, nil); err != nil {
		return nil, err
	}
	var out bytes.Buffer
	if err := f.Write(&out); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// PDF is the journal on A4 landscape, one block a request.
func PDF(rows []cases.JournalRow, title string, t Translate) ([]byte, error) {
	pdf := fpdf.New("L", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes("go", "", goregular.TTF)
	pdf.AddUTF8FontFromBytes("go", "B", gobold.TTF)
	pdf.SetMargins(15, 15, 15)
	pdf.SetAutoPageBreak(true, 15)
	pdf.AliasNbPages("{nb}")
	pdf.SetFooterFunc(func() {
		pdf.SetY(-12)
		pdf.SetFont("go", "", 8)
		pdf.CellFormat(0, 5, fmt.Sprintf("%s · %d / {nb}", title, pdf.PageNo()), "", 0, "C", false, 0, "")
	})
	pdf.AddPage()
	pdf.SetFont("go", "B", 14)
	pdf.MultiCell(0, 7, title, "", "L", false)
	pdf.Ln(2)
	for _, r := range rows {
		pdf.SetFont("go", "B", 10)
		pdf.MultiCell(0, 5.5, fmt.Sprintf("%s · %s · %s", r.ID, text(columns[1].value(r)), r.Kind), "T", "L", false)
		pdf.SetFont("go", "", 9)
		for _, c := range columns[3:] {
			if v := cases.SafeLine(text(c.value(r))); v != "" {
				pdf.MultiCell(0, 4.6, t(c.key)+": "+v, "", "L", false)
			}
		}
		pdf.Ln(1.5)
	}
	if err := pdf.Error(); err != nil {
		return nil, err
	}
	var out bytes.Buffer
	err := pdf.Output(&out)
	return out.Bytes(), err
}
