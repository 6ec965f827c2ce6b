package intake_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime/quotedprintable"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"golang.org/x/text/encoding/charmap"

	"privdesk/assets"
	"privdesk/cases"
	"privdesk/cases/intake"
)

var fileTime = time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)

func phrases(t testing.TB) *intake.Phrases {
	p, err := intake.ParsePhrases(assets.Intake)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func encode(t testing.TB, cm *charmap.Charmap, s string) []byte {
	b, err := cm.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// word is an RFC 2047 encoded word in charset cs.
func word(t testing.TB, cm *charmap.Charmap, cs, s string) string {
	return fmt.Sprintf("=?%s?B?%s?=", cs, base64.StdEncoding.EncodeToString(encode(t, cm, s)))
}

func TestKOI8R(t *testing.T) {
	body := encode(t, charmap.KOI8R, "Здравствуйте! Прошу удалить мои данные из вашей базы.\r\n")
	msg := "From: " + word(t, charmap.KOI8R, "koi8-r", "Пётр Сидоров") + " <Petr@Example.RU>\r\n" +
		"To: privacy@service.ru\r\nSubject: " + word(t, charmap.KOI8R, "koi8-r", "Удаление данных") + "\r\n" +
		"Date: Tue, 24 Nov 2026 16:30:00 +0300\r\nMessage-ID: <koi8@example.ru>\r\n" +
		"Content-Type: text/plain; charset=koi8-r\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + string(body)
	it := intake.ParseMail([]byte(msg), "koi8.eml", fileTime, importNow, phrases(t))
	if it.Err != nil {
		t.Fatal(it.Err)
	}
	in := it.Intake
	if in.Subject.Name != "Пётр Сидоров" || in.Subject.Email != "petr@example.ru" || in.Summary != "Удаление данных" {
		t.Errorf("headers: %+v", in)
	}
	if in.Kind != cases.KindDestroy || it.Triage || !strings.Contains(it.Note, "удалить мои данные") {
		t.Errorf("kind %s triage %v note %q", in.Kind, it.Triage, it.Note)
	}
	if !in.Received.Equal(time.Date(2026, 11, 24, 13, 30, 0, 0, time.UTC)) || it.TimeGuessed {
		t.Errorf("received %v", in.Received)
	}
	if len(it.Attachments) != 1 || it.Attachments[0].Type != "message/rfc822" {
		t.Errorf("the original message must be kept: %+v", it.Attachments)
	}
}

func TestWindows1251QuotedPrintable(t *testing.T) {
	var qp bytes.Buffer
	w := quotedprintable.NewWriter(&qp)
	w.Write(encode(t, charmap.Windows1251, "Добрый день. Отзываю согласие на обработку персональных данных."))
	w.Close()
	msg := "From: " + word(t, charmap.Windows1251, "windows-1251", "Анна Кузнецова") + " <anna@example.ru>\r\n" +
		"Subject: " + word(t, charmap.Windows1251, "windows-1251", "Отзыв согласия") + "\r\n" +
		"Date: Mon, 23 Nov 2026 09:00:00 +0300\r\n" +
		"Content-Type: text/plain; charset=windows-1251\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" + qp.String()
	it := intake.ParseMail([]byte(msg), "cp1251.eml", fileTime, importNow, phrases(t))
	if it.Err != nil || it.Intake.Kind != cases.KindWithdrawConsent || it.Intake.Subject.Name != "Анна Кузнецова" ||
		!strings.Contains(it.Note, "Отзываю согласие") {
		t.Errorf("%+v %v", it.Intake, it.Err)
	}
	if it.DedupKey != "" || !strings.HasPrefix(it.ContentKey, "raw:") {
		t.Error("without a Message-ID the content hash identifies the message")
	}
}

func TestHTMLOnlyBase64(t *testing.T) {
	html := "<html><body><p>Hello,</p><p>I <b>forgot my password</b> and cannot log in.</p></body></html>"
	msg := "From: John Smith <john@example.com>\r\nSubject: help\r\nDate: Mon, 23 Nov 2026 09:00:00 +0000\r\n" +
		"Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
		base64.StdEncoding.EncodeToString([]byte(html)) + "\r\n"
	it := intake.ParseMail([]byte(msg), "html.eml", fileTime, importNow, phrases(t))
	if it.Err != nil || it.Intake.Kind != cases.KindPasswordReset || strings.Contains(it.Note, "<b>") || !strings.Contains(it.Note, "forgot my password") {
		t.Errorf("%+v note %q %v", it.Intake, it.Note, it.Err)
	}
}

const pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

var jpeg = []byte{0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 'J', 'F', 'I', 'F', 0, 1}

func multipart(final bool) string {
	b := "From: Мария <maria@example.ru>\r\nSubject: =?utf-8?B?" + base64.StdEncoding.EncodeToString([]byte("Сброс пароля")) + "?=\r\n" +
		"Message-ID: <multi@example.ru>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"BND\"\r\n\r\n" +
		"--BND\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nЗабыла пароль, прикладываю паспорт.\r\n" +
		"--BND\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"passport.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
		base64.StdEncoding.EncodeToString([]byte(pdf)) + "\r\n" +
		"--BND\r\nContent-Type: image/jpeg; name=\"selfie.jpg\"\r\nContent-Disposition: attachment; filename=\"selfie.jpg\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
		base64.StdEncoding.EncodeToString(jpeg) + "\r\n"
	if final {
		b += "--BND--\r\n"
	}
	return b
}

func TestMultipartAttachments(t *testing.T) {
	for _, final := range []bool{true, false} {
		it := intake.ParseMail([]byte(multipart(final)), "multi.eml", fileTime, importNow, phrases(t))
		if it.Err != nil {
			t.Fatalf("final boundary %v: %v", final, it.Err)
		}
		if it.Intake.Kind != cases.KindPasswordReset || it.Intake.Summary != "Сброс пароля" {
			t.Errorf("final boundary %v: %+v", final, it.Intake)
		}
		var names []string
		for _, a := range it.Attachments {
			names = append(names, a.Name)
		}
		if strings.Join(names, ",") != "message.eml,passport.pdf,selfie.jpg" ||
			string(it.Attachments[1].Content) != pdf || !bytes.Equal(it.Attachments[2].Content, jpeg) {
			t.Errorf("final boundary %v: attachments %v", final, names)
		}
		// No Date header: the file's time stands in, and says so.
		if !it.TimeGuessed || !it.Intake.Received.Equal(fileTime) {
			t.Errorf("received %v guessed %v", it.Intake.Received, it.TimeGuessed)
		}
	}
}

func TestMailErrorsAndKinds(t *testing.T) {
	ph := phrases(t)
	if it := intake.ParseMail([]byte("Subject: hi\r\n\r\nno sender"), "x.eml", fileTime, importNow, ph); it.Err == nil {
		t.Error("a message without From must be refused")
	}
	if it := intake.ParseMail([]byte("   \n"), "x.eml", fileTime, importNow, ph); it.Err == nil {
		t.Error("an empty file must be refused")
	}
	rkn := "From: Управление РКН <office@rsoc77.rkn.gov.ru>\r\nSubject: Запрос\r\n\r\nПросим представить сведения.\r\n"
	if it := intake.ParseMail([]byte(rkn), "rkn.eml", fileTime, importNow, ph); it.Intake.Kind != cases.KindAuthority || it.Intake.Channel != cases.ChannelAuthority {
		t.Errorf("rkn: %+v", it.Intake)
	}
	vague := "From: a@example.ru\r\nSubject: вопрос\r\n\r\nЗдравствуйте, у меня вопрос.\r\n"
	if it := intake.ParseMail([]byte(vague), "v.eml", fileTime, importNow, ph); it.Intake.Kind != cases.KindOther || !it.Triage || it.Intake.Subject.Name != "a@example.ru" {
		t.Errorf("vague: %+v triage %v", it.Intake, it.Triage)
	}
	for text, want := range map[string]cases.Kind{
		"Отпишите меня от рассылки":                  cases.KindMarketingOptout,
		"Какие мои данные вы храните?":               cases.KindAccess,
		"Прошу исправить фамилию":                    cases.KindRectify,
		"Заблокируйте мои данные до проверки":        cases.KindBlock,
		"Требую прекратить обработку моих данных":    cases.KindStopProcessing,
		"Please delete my personal data and account": cases.KindDestroy,
	} {
		if k, ok := ph.Classify("x@example.ru", text); k != want || !ok {
			t.Errorf("%q: %s", text, k)
		}
	}
}

func TestSplitMbox(t *testing.T) {
	var mbox bytes.Buffer
	for i := range 50 {
		fmt.Fprintf(&mbox, "From sender%d@example.ru Mon Nov 23 09:00:00 2026\n", i)
		fmt.Fprintf(&mbox, "From: S%d <s%d@example.ru>\nSubject: n%d\nMessage-ID: <%d@x>\n\nbody\n>From the start, quoted\n\n", i, i, i, i)
	}
	msgs := splitMbox(mbox.Bytes())
	if len(msgs) != 50 {
		t.Fatalf("%d messages", len(msgs))
	}
	if !bytes.Contains(msgs[7], []byte("\nFrom the start, quoted")) || !bytes.HasPrefix(msgs[7], []byte("From: S7")) {
		t.Errorf("message 7: %q", msgs[7])
	}
	it := intake.ParseMail(msgs[49], "box.mbox#50", fileTime, importNow, phrases(t))
	if it.Err != nil || it.Intake.Subject.Email != "s49@example.ru" {
		t.Errorf("%+v %v", it.Intake, it.Err)
	}
}

func TestDetect(t *testing.T) {
	for _, tc := range []struct {
		name, head string
		want       intake.Format
	}{
		{"a.eml", "", intake.FormatEML}, {"a.mbox", "", intake.FormatMbox}, {"a.jsonl", "", intake.FormatJSON},
		{"a.csv", "", intake.FormatCSV}, {"1700000000.M1P2.host", "Return-Path: <x@y>\n", intake.FormatEML},
		{"inbox", "From x@y Mon Nov 23 09:00:00 2026\n", intake.FormatMbox}, {"data", " [{}]", intake.FormatJSON},
		{"export", "kind,name,email\n", intake.FormatCSV},
	} {
		if got, ok := intake.Detect(tc.name, []byte(tc.head)); got != tc.want || !ok {
			t.Errorf("%s: %s", tc.name, got)
		}
	}
	if _, ok := intake.Detect("photo", []byte{0xff, 0xd8}); ok {
		t.Error("a JPEG is no request")
	}
}

func koi8() *charmap.Charmap { return charmap.KOI8R }

func sum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// An mbox is read a message at a time, whatever the length of its lines.
func TestMboxLongLines(t *testing.T) {
	long := strings.Repeat("я", 150_000) // 300 KB on one line
	box := "From a Mon Nov 23 09:00:00 2026\nFrom: a@example.ru\n\n" + long + "\n>From b\nFrom b Mon Nov 23 09:00:00 2026\nFrom: b@example.ru\n\nhi"
	msgs := splitMbox([]byte(box))
	if len(msgs) != 2 || !bytes.Contains(msgs[0], []byte("\n"+long+"\nFrom b\n")) || string(msgs[1]) != "From: b@example.ru\n\nhi" {
		t.Fatalf("%d messages: %.80q", len(msgs), msgs)
	}
	n := 0
	for m, err := range intake.Mbox(iotest.OneByteReader(strings.NewReader(box))) {
		if err != nil || !bytes.Equal(m, msgs[n]) {
			t.Fatalf("message %d read a byte at a time: %v", n, err)
		}
		n++
	}
	var errs []error
	for _, err := range intake.Mbox(iotest.ErrReader(io.ErrUnexpectedEOF)) {
		errs = append(errs, err)
	}
	if len(errs) != 1 || !errors.Is(errs[0], io.ErrUnexpectedEOF) {
		t.Errorf("a read error: %v", errs)
	}
}
