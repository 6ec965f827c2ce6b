package report

import (
	"archive/zip"
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// sheetWriter writes one worksheet of an XLSX workbook row by row into a
// zip stream, so that a journal of any length takes the memory of one row:
// strings inline (no shared-string table to hold), a bold wrapped header,
// dates as dates, column widths, the header frozen and filtered.
type sheetWriter struct {
	zw   *zip.Writer
	w    *bufio.Writer
	cols int
	row  int
}

// Styles of the workbook's cells (indexes into cellXfs).
const (
	xfPlain = 0
	xfHead  = 1
	xfDate  = 2
)

// newSheet starts a workbook of one sheet named name, with the widths of
// its columns and the number format of its dates.
func newSheet(out io.Writer, name string, widths []float64, dateFmt string) (*sheetWriter, error) {
	zw := zip.NewWriter(out)
	quoted := "'" + strings.ReplaceAll(name, "'", "''") + "'"
	parts := []struct{ path, body string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`},
		{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="` + xmlText(name) + `" sheetId="1" r:id="rId1"/></sheets><definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">` + xmlText(quoted) + `!$A$1:$` + colName(len(widths)) + `$1</definedName></definedNames></workbook>`},
		{"xl/styles.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="` + xmlText(dateFmt) + `"/></numFmts><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`},
	}
	for _, p := range parts {
		f, err := zw.Create(p.path)
		if err != nil {
			return nil, err
		}
		if _, err := io.WriteString(f, p.body); err != nil {
			return nil, err
		}
	}
	f, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		return nil, err
	}
	s := &sheetWriter{zw: zw, w: bufio.NewWriter(f), cols: len(widths)}
	fmt.Fprint(s.w, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\n"+
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><cols>`)
	for i, w := range widths {
		fmt.Fprintf(s.w, `<col min="%d" max="%d" width="%g" customWidth="1"/>`, i+1, i+1, w)
	}
	fmt.Fprint(s.w, `</cols><sheetData>`)
	return s, nil
}

// add writes a row: each value a string, or a time.Time written as a
// date in its own wall clock; head rows are bold.
func (s *sheetWriter) add(values []any, head bool) {
	s.row++
	fmt.Fprintf(s.w, `<row r="%d">`, s.row)
	for i, v := range values {
		ref := colName(i+1) + strconv.Itoa(s.row)
		switch v := v.(type) {
		case time.Time:
			fmt.Fprintf(s.w, `<c r="%s" s="%d"><v>%s</v></c>`, ref, xfDate, strconv.FormatFloat(serialDate(v), 'f', -1, 64))
		case string:
			style := xfPlain
			if head {
				style = xfHead
			}
			fmt.Fprintf(s.w, `<c r="%s" s="%d" t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>`, ref, style, xmlText(v))
		}
	}
	fmt.Fprint(s.w, `</row>`)
}

// close ends the sheet with its filter on the header and the workbook.
func (s *sheetWriter) close() error {
	fmt.Fprintf(s.w, `</sheetData><autoFilter ref="A1:%s1"/></worksheet>`, colName(s.cols))
	if err := s.w.Flush(); err != nil {
		return err
	}
	return s.zw.Close()
}

// colName is a column's letters: 1 → A, 27 → AA.
func colName(n int) string {
	var b []byte
	for ; n > 0; n = (n - 1) / 26 {
		b = append([]byte{byte('A' + (n-1)%26)}, b...)
	}
	return string(b)
}

// serialDate is t's wall clock as a spreadsheet date: days since
// 1899-12-30, the fraction the time of day.
func serialDate(t time.Time) float64 {
	wall := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC)
	return float64(wall.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC))) / float64(24*time.Hour)
}

// xmlText escapes s for XML text and attributes, dropping the characters
// XML 1.0 cannot carry.
func xmlText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '"':
			b.WriteString("&quot;")
		case r == '\t' || r == '\n' || r == '\r' || (r >= 0x20 && r < 0xD800) || (r >= 0xE000 && r < 0xFFFE) || r >= 0x10000:
			b.WriteRune(r)
		}
	}
	return b.String()
}
