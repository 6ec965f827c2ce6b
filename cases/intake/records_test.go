package intake_test

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"privdesk/cases"
	"privdesk/cases/intake"
)

var importNow = time.Date(2026, 11, 25, 10, 0, 0, 0, cases.Moscow)

func parseJSON(raw []byte, source string, now time.Time, ph *intake.Phrases) []intake.Item {
	return slices.Collect(intake.JSON(bytes.NewReader(raw), source, now, ph))
}

func parseCSV(raw []byte, source string, now time.Time, ph *intake.Phrases) []intake.Item {
	return slices.Collect(intake.CSV(bytes.NewReader(raw), source, now, ph))
}

// splitMbox is every message of an mbox held in memory.
func splitMbox(raw []byte) [][]byte {
	var out [][]byte
	for m, err := range intake.Mbox(bytes.NewReader(raw)) {
		if err != nil {
			panic(err) // a bytes.Reader fails at nothing but its end
		}
		out = append(out, m)
	}
	return out
}

func TestJSONArrayAndLines(t *testing.T) {
	ph := phrases(t)
	arr := `[{"kind":"access","name":"Анна","email":"anna@example.ru","received":"2026-11-20"},
	         {"name":"Борис","phone":"+79001234567","summary":"Прошу удалить мои данные"},
	         {"kind":"access","name":"","email":"x@example.ru"},
	         {"kind":"access","name":"Вера","email":"v@example.ru","colour":"red"},
	         {"id":"2026-0001","kind":"rectify","subject":{"name":"Глеб","email":"g@example.ru"},"external_id":"web-77"}]`
	items := parseJSON([]byte(arr), "in.json", importNow, ph)
	if len(items) != 5 {
		t.Fatalf("%d items", len(items))
	}
	if it := items[0]; it.Err != nil || it.Intake.Kind != cases.KindAccess || it.Intake.Channel != cases.ChannelWeb || cases.DateOf(it.Intake.Received).String() != "2026-11-20" {
		t.Errorf("0: %+v %v", it.Intake, it.Err)
	}
	if it := items[1]; it.Err != nil || it.Intake.Kind != cases.KindDestroy || it.Triage || !it.Intake.Received.Equal(importNow) {
		t.Errorf("1: kind from the summary: %+v %v", it.Intake, it.Err)
	}
	if it := items[2]; it.Err == nil || it.Source != "in.json[2]" {
		t.Errorf("2: no name must be invalid: %v", it.Err)
	}
	if it := items[3]; it.Err == nil || !strings.Contains(it.Err.Error(), "colour") {
		t.Errorf("3: unknown field: %v", it.Err)
	}
	if it := items[4]; it.Err == nil {
		t.Errorf("4: id is privdesk's own and not an import field")
	}
	lines := "{\"kind\":\"access\",\"name\":\"A\",\"email\":\"a@example.ru\",\"external_id\":\"x1\"}\n\n{broken\n"
	items = parseJSON([]byte(lines), "in.jsonl", importNow, ph)
	if len(items) != 2 || items[0].Err != nil || items[1].Err == nil || items[1].Source != "in.jsonl:3" {
		t.Errorf("lines: %+v", items)
	}
	again := parseJSON([]byte(lines), "other.jsonl", importNow, ph)
	if again[0].DedupKey != items[0].DedupKey {
		t.Error("the same external_id must give the same dedup key")
	}
}

func TestCSV(t *testing.T) {
	ph := phrases(t)
	doc := "\ufeffKind,Name,Email,Phone,Account,Channel,Received,Summary,External_ID\n" +
		"access,Анна Иванова,anna@example.ru,,,email,2026-11-20,\"Какие данные, обо мне?\",sd-1\n" +
		",Борис,,+7 900 123-45-67,,phone,2026-11-21T12:00:00+03:00,отпишите меня от рассылки,sd-2\n" +
		"access,Вера,,,,fax,2026-11-21,,sd-3\n" +
		"access,Глеб,g@example.ru,,,,31.12.2026,,sd-4\n"
	items := parseCSV([]byte(doc), "desk.csv", importNow, ph)
	if len(items) != 4 {
		t.Fatalf("%d items", len(items))
	}
	if it := items[0]; it.Err != nil || it.Intake.Summary != "Какие данные, обо мне?" || it.Intake.Subject.Name != "Анна Иванова" {
		t.Errorf("row 2: %+v %v", it.Intake, it.Err)
	}
	if it := items[1]; it.Err != nil || it.Intake.Kind != cases.KindMarketingOptout || it.Intake.Channel != cases.ChannelPhone {
		t.Errorf("row 3: %+v %v", it.Intake, it.Err)
	}
	if items[2].Err == nil || items[2].Source != "desk.csv:4" || items[3].Err == nil {
		t.Errorf("rows 4-5 must be invalid: %v %v", items[2].Err, items[3].Err)
	}
	// A row with a field too many (an unquoted comma) is refused, named by
	// its line, never cut to the header's width.
	shifted := parseCSV([]byte("kind,name,email,summary,external_id\naccess,А,a@example.ru,о данных, и о другом,sd-9\n"), "s.csv", importNow, ph)
	var ce *cases.Error
	if len(shifted) != 1 || !errors.As(shifted[0].Err, &ce) || ce.Code != intake.ErrCSVFields || shifted[0].Source != "s.csv:2" {
		t.Errorf("a row with a field too many: %+v", shifted)
	}
	bad := parseCSV([]byte("kind,name,mobile\naccess,A,1\n"), "bad.csv", importNow, ph)
	if len(bad) != 1 || bad[0].Err == nil || !strings.Contains(bad[0].Err.Error(), "mobile") {
		t.Errorf("unknown column: %+v", bad)
	}
}

// checkItems is the invariant every parser keeps: an item is either refused
// with a reason, or a valid request with a dedup key.
func checkItems(t *testing.T, items []intake.Item) {
	for _, it := range items {
		if it.Err != nil {
			continue
		}
		in := it.Intake
		if err := in.Validate(); err != nil || it.ContentKey == "" || it.Source == "" {
			t.Fatalf("accepted an invalid item: %+v (%v)", it, err)
		}
		if err := cases.CheckReceived(in.Received, importNow); err != nil {
			t.Fatalf("accepted a moment of receipt privdesk cannot count from: %v", err)
		}
		s := in.Subject
		if line := s.Name + s.Email + s.Phone + s.Account; cases.SafeLine(line) != line || cases.Safe(in.Summary) != in.Summary || cases.Safe(it.Note) != it.Note {
			t.Fatalf("a control character kept in %+v", in)
		}
	}
}

func FuzzJSON(f *testing.F) {
	f.Add([]byte(`[{"kind":"access","name":"A","email":"a@example.ru"}]`))
	f.Add([]byte("{\"name\":\"B\",\"phone\":\"+79001234567\",\"summary\":\"удалить мои данные\"}\n{}"))
	f.Add([]byte(`[{"subject":{"name":"C","account":"u1"},"received":"2026-02-30"}]`))
	f.Add([]byte(`[{"kind":"access","name":"A\u001b]2;T\u0007","email":"a@example.ru","received":"0500-01-01"}]`))
	ph := phrases(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		checkItems(t, parseJSON(data, "f.json", importNow, ph))
	})
}

func FuzzCSV(f *testing.F) {
	f.Add([]byte("kind,name,email\naccess,A,a@example.ru\n"))
	f.Add([]byte("name,phone,summary\n\"B\",+79001234567,\"отпишите\"\"\"\n"))
	f.Add([]byte("kind\n\n\n"))
	f.Add([]byte("kind,name,email,received\naccess,\"A\r\x1b[2J\",a@example.ru,2030-01-01\n"))
	ph := phrases(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		checkItems(t, parseCSV(data, "f.csv", importNow, ph))
	})
}

func FuzzMail(f *testing.F) {
	f.Add([]byte(multipart(true)))
	f.Add([]byte(multipart(false)))
	f.Add([]byte("From: a@example.ru\r\nSubject: =?koi8-r?B?9MXT1Ao=?=\r\n\r\nзабыл пароль"))
	f.Add([]byte("From x Mon Nov 23 09:00:00 2026\nFrom: b@example.ru\n\nhi\n"))
	ph := phrases(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		for i, m := range append(splitMbox(data), data) {
			checkItems(t, []intake.Item{intake.ParseMail(m, "f.eml#"+string(rune('a'+i%26)), fileTime, importNow, ph)})
		}
	})
}

// A JSON array that breaks off is refused whole, though its first requests
// were well formed: none of them is read before the array is checked.
func TestBrokenJSONArrayIsRefusedWhole(t *testing.T) {
	ph := phrases(t)
	raw := []byte("\ufeff [" + strings.Repeat(`{"kind":"access","name":"А","email":"a@example.ru"},`, 3000) + `{"kind":`)
	items := parseJSON(raw, "cut.json", importNow, ph)
	if len(items) != 1 || items[0].Err == nil || items[0].Source != "cut.json" {
		t.Fatalf("%d items, first %+v", len(items), items[0].Err)
	}
	whole := parseJSON(append(raw[:len(raw)-len(`,{"kind":`)], ']'), "ok.json", importNow, ph)
	if len(whole) != 3000 || whole[2999].Err != nil || whole[2999].Source != "ok.json[2999]" {
		t.Fatalf("%d items of a whole array", len(whole))
	}
	if trailing := parseJSON([]byte(`[{"kind":"access","name":"А","email":"a@example.ru"}] x`), "t.json", importNow, ph); len(trailing) != 1 || trailing[0].Err == nil {
		t.Errorf("data after the array: %+v", trailing)
	}
}
