package intake_test

import (
	"strings"
	"testing"
	"time"

	"privdesk/cases/intake"
)

// Mail that mature mail programs read must become a request, not a refusal.
func TestReadableMailShapes(t *testing.T) {
	ph := phrases(t)
	arrival := time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name, raw, email, note string
		guessed                bool
	}{
		{"8-bit misspelt encoding", "From: a@example.ru\r\nContent-Transfer-Encoding: 8-bit\r\nDate: Tue, 24 Nov 2026 10:00:00 +0300\r\n\r\nотпишите меня от рассылки", "a@example.ru", "отпишите меня", false},
		{"quoted printable misspelt", "From: a@example.ru\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: Quoted Printable\r\n\r\n=D0=BE=D1=82=D0=BF=D0=B8=D1=88=D0=B8=D1=82=D0=B5", "a@example.ru", "отпишите", true},
		{"year 500", "From: a@example.ru\r\nDate: Mon, 01 Jan 0500 10:00:00 +0300\r\n\r\nотпишите меня от рассылки", "a@example.ru", "отпишите", true},
		{"old bounce, 1999", "From: a@example.ru\r\nDate: Fri, 31 Dec 1999 23:00:00 +0300\r\n\r\nудалите мои данные", "a@example.ru", "удалите", true},
		{"dated in the future", "From: a@example.ru\r\nDate: Fri, 01 Jan 2038 10:00:00 +0300\r\n\r\nудалите мои данные", "a@example.ru", "удалите", true},
		{"domain without a dot", "From: Bob <bob@extern>\r\nDate: Tue, 24 Nov 2026 10:00:00 +0300\r\n\r\nудалите мои данные", "bob@extern", "удалите", false},
		{"two addresses, no comma", "From: Bob <bob@example.ru> Ann <ann@example.ru>\r\n\r\nудалите мои данные", "bob@example.ru", "удалите", true},
		{"bare addresses, no comma", "From: bob@example.ru ann@example.ru\r\n\r\nудалите мои данные", "bob@example.ru", "удалите", true},
		{"no blank line after the header", "From: a@example.ru\r\nSubject: x\r\nотпишите меня от рассылки\r\n", "a@example.ru", "отпишите", true},
		{"LF only, no blank line", "From: a@example.ru\nотпишите меня\n", "a@example.ru", "отпишите", true},
		{"sender only in Reply-To", "From: undisclosed\r\nReply-To: c@example.ru\r\n\r\nудалите мои данные", "c@example.ru", "удалите", true},
		{"unknown nested encoding", "From: a@example.ru\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n--B\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: x-uuencode\r\n\r\nудалите мои данные\r\n--B--\r\n", "a@example.ru", "удалите", true},
	} {
		it := intake.ParseMail([]byte(tc.raw), "m.eml", arrival, importNow, ph)
		if it.Err != nil {
			t.Errorf("%s: refused: %v", tc.name, it.Err)
			continue
		}
		if it.Intake.Subject.Email != tc.email || !strings.Contains(it.Note, tc.note) {
			t.Errorf("%s: sender %q note %q", tc.name, it.Intake.Subject.Email, it.Note)
		}
		if it.TimeGuessed != tc.guessed || (tc.guessed && !it.Intake.Received.Equal(arrival)) {
			t.Errorf("%s: received %v guessed %v", tc.name, it.Intake.Received, it.TimeGuessed)
		}
	}
}

// Only what is not a message at all is refused, and it is kept for the
// quarantine.
func TestNotAMessage(t *testing.T) {
	ph := phrases(t)
	for _, raw := range []string{"just some text\nwith no header\n", "Subject: hi\r\n\r\nno sender at all", ": no name\r\n\r\nx"} {
		it := intake.ParseMail([]byte(raw), "x.eml", fileTime, importNow, ph)
		if it.Err == nil || len(it.Raw) == 0 {
			t.Errorf("%q: err %v, kept %d bytes", raw, it.Err, len(it.Raw))
		}
	}
}

func TestStripPart(t *testing.T) {
	scan := "\xff\xd8\xff\xe0 passport scan bytes"
	raw := "From: a@example.ru\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n--B\r\nContent-Type: text/plain; charset=koi8-r\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" +
		string(encode(t, koi8(), "удалите")) + "\r\n--B\r\nContent-Type: image/jpeg\r\nContent-Disposition: attachment; filename=p.jpg\r\nContent-Transfer-Encoding: base64\r\n\r\n/9j/4CBwYXNzcG9ydCBzY2FuIGJ5dGVz\r\n--B--\r\n"
	it := intake.ParseMail([]byte(raw), "m.eml", fileTime, importNow, phrases(t))
	if len(it.Attachments) != 2 || string(it.Attachments[1].Content) != scan {
		t.Fatalf("attachments: %d", len(it.Attachments))
	}
	out, changed, err := intake.StripPart([]byte(raw), sum(it.Attachments[1].Content), "removed: p.jpg")
	if err != nil || !changed {
		t.Fatalf("strip: %v %v", changed, err)
	}
	again := intake.ParseMail(out, "m.eml", fileTime, importNow, phrases(t))
	if len(again.Attachments) != 1 || !strings.Contains(again.Note, "удалите") || strings.Contains(string(out), "/9j/") {
		t.Errorf("rewritten message:\n%s", out)
	}
	if _, changed, _ := intake.StripPart(out, sum(it.Attachments[1].Content), "x"); changed {
		t.Error("a second strip found the part again")
	}
}

// A record with invalid bytes is registered with them replaced, and the
// record as it came is kept as a document.
func TestInvalidUTF8RecordKeepsItsOriginal(t *testing.T) {
	ph := phrases(t)
	row := "kind,name,email,summary\naccess,\xc0\xed\xed\xe0,a@example.ru,\xcf\xf0\xe8\xe2\xe5\xf2\n"
	items := parseCSV([]byte(row), "w.csv", importNow, ph)
	if len(items) != 1 || items[0].Err != nil || !strings.Contains(items[0].Intake.Subject.Name, "\ufffd") {
		t.Fatalf("%+v", items)
	}
	if a := items[0].Attachments; len(a) != 1 || a[0].Name != "original.csv" || !strings.Contains(string(a[0].Content), "\xc0\xed\xed\xe0") {
		t.Errorf("original not kept: %+v", a)
	}
	js := parseJSON([]byte("{\"kind\":\"access\",\"name\":\"\xc0\xed\xed\xe0\",\"email\":\"a@example.ru\"}\n"), "w.json", importNow, ph)
	if len(js) != 1 || js[0].Err != nil || len(js[0].Attachments) != 1 || js[0].Attachments[0].Name != "original.json" {
		t.Errorf("json: %+v", js)
	}
}
