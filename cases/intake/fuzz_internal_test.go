package intake

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"time"

	"github.com/emersion/go-message"
	"github.com/emersion/go-message/mail"
	"github.com/emersion/go-message/textproto"

	"privdesk/cases"
)

// These targets call the parser's parts directly: no recover stands
// between the fuzzer and the code.

var fuzzNow = time.Date(2026, 11, 25, 10, 0, 0, 0, cases.Moscow)

func FuzzMailHeader(f *testing.F) {
	for _, s := range []string{
		"From: a@example.ru\r\nSubject: x\r\n\r\nbody",
		"From: a@example.ru\nSubject: no blank line\nотпишите меня",
		"From: Bob <a@x.ru> Ann <b@y.ru>\r\n\r\n",
		"Date: Mon, 01 Jan 0500 10:00:00 +0300\r\nFrom: bob@extern\r\n\r\n",
		" continuation first\r\n\r\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		head, body, ok := splitHeader(raw)
		if !ok {
			return
		}
		if !bytes.HasSuffix(head, []byte("\n")) || len(body) > len(raw) {
			t.Fatalf("split %q into %q + %q", raw, head, body)
		}
		th, err := textproto.ReadHeader(bufio.NewReader(bytes.NewReader(head)))
		if err != nil {
			return
		}
		h := mail.Header{Header: message.Header{Header: th}}
		if a, ok := senderOf(h); ok && a.Address == "" {
			t.Fatalf("sender without an address from %q", head)
		}
		if at, _ := mailDate(h, fuzzNow, fuzzNow); cases.CheckReceived(at, fuzzNow) != nil {
			t.Fatalf("date %v from %q cannot be counted from", at, head)
		}
	})
}

func FuzzMailBody(f *testing.F) {
	for _, s := range []string{
		"From: a@b.ru\r\nContent-Type: multipart/mixed; boundary=X\r\n\r\n--X\r\nContent-Type: text/plain\r\n\r\nhi\r\n--X\r\nContent-Type: image/jpeg\r\nContent-Transfer-Encoding: base64\r\n\r\n/9j/4A==\r\n--X--\r\n",
		"From: a@b.ru\r\nContent-Transfer-Encoding: 8-bit\r\n\r\nотпишите меня",
		"From: a@b.ru\r\nContent-Type: multipart/alternative; boundary=\"a\"\r\n\r\n--a\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\nx\r\n--b--\r\n--a--",
		"From: a@b.ru\r\nContent-Type: text/plain; charset=koi8-r\r\nContent-Transfer-Encoding: quoted printable\r\n\r\n=F4=C5",
	} {
		f.Add([]byte(s))
	}
	ph, err := ParsePhrases([]byte(`{"phrases":{"destroy":["удалить"]}}`))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		it := ParseMail(raw, "f.eml", fuzzNow, fuzzNow, ph)
		if it.Err == nil {
			if err := it.Intake.Validate(); err != nil || it.ContentKey == "" {
				t.Fatalf("accepted an invalid item: %v", err)
			}
			if in := it.Intake; cases.Safe(it.Note) != it.Note || cases.Safe(in.Summary) != in.Summary || cases.SafeLine(in.Subject.Name) != in.Subject.Name {
				t.Fatalf("a control character kept from %q", raw)
			}
		}
		// The rewrite for a destruction must not fail on what was parsed.
		for _, a := range it.Attachments[min(1, len(it.Attachments)):] {
			sum := sumOf(a.Content)
			out, _, err := StripPart(raw, sum, "removed")
			if err != nil {
				return // the caller destroys the whole message then
			}
			for _, b := range ParseMail(out, "f.eml", fuzzNow, fuzzNow, ph).Attachments[1:] {
				if sumOf(b.Content) == sum {
					t.Fatalf("attachment survived its removal from %q", raw)
				}
			}
		}
	})
}

func FuzzMbox(f *testing.F) {
	f.Add([]byte("From x Mon Nov 23 09:00:00 2026\nFrom: b@example.ru\n\nhi\n>From quoted\nFrom y\nFrom: c@d\n\n"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		total := 0
		for m, err := range Mbox(bytes.NewReader(raw)) {
			if err != nil {
				t.Fatal(err)
			}
			total += len(m)
		}
		if total > len(raw) {
			t.Fatalf("messages hold %d bytes of %d", total, len(raw))
		}
	})
}

func sumOf(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}
