package cases_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"privdesk/cases"
)

var t0 = time.Date(2026, 11, 25, 10, 0, 0, 0, cases.Moscow)

func newCase(t *testing.T) (*cases.Case, cases.Event) {
	t.Helper()
	c, ev, err := cases.New(cases.Intake{
		Kind: cases.KindAccess, Received: t0,
		Subject: cases.Subject{Name: "Иванова Анна", Email: "anna@example.ru"},
	}, &cases.Rules{Cal: calendar(t)}, t0, "ivanova")
	if err != nil {
		t.Fatal(err)
	}
	return c, ev
}

func code(err error) string {
	var ce *cases.Error
	if errors.As(err, &ce) {
		return ce.Code
	}
	return ""
}

func TestIntakeValidation(t *testing.T) {
	ok := cases.Intake{Kind: cases.KindAccess, Received: t0, Subject: cases.Subject{Name: "A B", Phone: "+7 (900) 123-45-67"}}
	for _, tc := range []struct {
		name string
		edit func(*cases.Intake)
		want string
	}{
		{"valid", func(*cases.Intake) {}, ""},
		{"no name", func(in *cases.Intake) { in.Subject.Name = "  " }, cases.ErrNameRequired},
		{"no contact", func(in *cases.Intake) { in.Subject.Phone = "" }, cases.ErrContactRequired},
		{"bad email", func(in *cases.Intake) { in.Subject.Email = "anna@" }, cases.ErrBadEmail},
		{"email with name", func(in *cases.Intake) { in.Subject.Email = "Anna <a@b.ru>" }, cases.ErrBadEmail},
		{"bad phone", func(in *cases.Intake) { in.Subject.Phone = "call me" }, cases.ErrBadPhone},
		{"short phone", func(in *cases.Intake) { in.Subject.Phone = "123" }, cases.ErrBadPhone},
		{"bad kind", func(in *cases.Intake) { in.Kind = "gdpr" }, cases.ErrUnknownKind},
		{"bad channel", func(in *cases.Intake) { in.Channel = "fax" }, cases.ErrUnknownChannel},
		{"no date", func(in *cases.Intake) { in.Received = time.Time{} }, cases.ErrBadDate},
	} {
		in := ok
		tc.edit(&in)
		if got := code(in.Validate()); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestTransitions(t *testing.T) {
	c, _ := newCase(t)
	if c.Status != cases.StatusNew || c.Due().String() != "2026-12-09" {
		t.Fatalf("new case: %s due %s", c.Status, c.Due())
	}
	if _, err := c.Move(cases.StatusClosed, t0, "x"); code(err) != cases.ErrIllegalTransition {
		t.Errorf("move to closed: %v", err)
	}
	if _, err := c.Move(cases.StatusNew, t0, "x"); code(err) != cases.ErrIllegalTransition {
		t.Errorf("move to new: %v", err)
	}
	for _, to := range []cases.Status{cases.StatusVerifying, cases.StatusInProgress} {
		ev, err := c.Move(to, t0, "ivanova")
		if err != nil || ev.To != string(to) || ev.Officer != "ivanova" {
			t.Fatalf("move to %s: %v %+v", to, err, ev)
		}
	}
	if _, err := c.Reopen("why", t0, "x"); code(err) != cases.ErrNotClosed {
		t.Errorf("reopen open case: %v", err)
	}
	// Art. 20 p. 2: a request is rejected by the reasoned refusal sent.
	if _, err := c.Close(cases.OutcomeRejected, " ", t0, "x"); code(err) != cases.ErrNoRefusal {
		t.Errorf("reject with no refusal letter: %v", err)
	}
	if c.Status != cases.StatusInProgress {
		t.Fatalf("a refused close changed the status to %s", c.Status)
	}
	refusal := cases.Letter{Template: "refusal", Body: "отказ", Args: map[string]string{"ground": "14-3", "missing": "подпись"}}
	if _, err := c.IssueLetter(refusal, "2026-0001", t0, "x"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Close(cases.OutcomeRejected, "", t0, "x"); code(err) != cases.ErrRefusalUnsent {
		t.Errorf("reject before the refusal was sent: %v", err)
	}
	if _, err := c.LetterSent(1, cases.SentMark{Via: "email", At: t0}, t0, "x"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Close(cases.OutcomeRejected, "нет подписи", t0, "x"); err != nil {
		t.Fatal(err)
	}
	g, _ := cases.RefusalGroundText("14-3")
	if c.Status != cases.StatusClosed || c.Outcome != cases.OutcomeRejected || c.Reason != g.RU+": нет подписи" {
		t.Errorf("closed case: %+v", c)
	}
	if _, err := c.Move(cases.StatusInProgress, t0, "x"); code(err) != cases.ErrAlreadyClosed {
		t.Errorf("move closed case: %v", err)
	}
	if _, err := c.Close(cases.OutcomeFulfilled, "", t0, "x"); code(err) != cases.ErrAlreadyClosed {
		t.Errorf("close twice: %v", err)
	}
	if _, err := c.Reopen("", t0, "x"); code(err) != cases.ErrReasonRequired {
		t.Errorf("reopen without reason: %v", err)
	}
	ev, err := c.Reopen("new evidence", t0, "x")
	if err != nil || c.Status != cases.StatusInProgress || c.Outcome != "" || ev.Text != "new evidence" {
		t.Errorf("reopen: %v %+v", err, c)
	}
}

func TestOverdue(t *testing.T) {
	c, _ := newCase(t)
	due := cases.MakeDate(2026, 12, 9)
	if c.Overdue(due.End().Add(-time.Second)) || !c.Overdue(due.End().Add(time.Second)) {
		t.Error("a case is due until 24:00 Moscow time of its last day")
	}
	c.Close(cases.OutcomeFulfilled, "", t0, "x")
	if c.Overdue(due.End().Add(time.Hour)) {
		t.Error("a closed case is never overdue")
	}
}

func TestEventChain(t *testing.T) {
	c, first := newCase(t)
	note, _ := c.AddNote("called the subject", t0.Add(time.Hour), "ivanova")
	move, _ := c.Move(cases.StatusVerifying, t0.Add(2*time.Hour), "petrov")
	evs := []cases.Event{first, note, move}
	prev := ""
	for i := range evs {
		evs[i].Seal(i+1, prev)
		prev = evs[i].Hash
	}
	if i := cases.VerifyChain(evs); i != -1 {
		t.Fatalf("a fresh chain breaks at %d", i)
	}
	for name, tamper := range map[string]func([]cases.Event){
		"text":    func(e []cases.Event) { e[1].Text = "edited" },
		"officer": func(e []cases.Event) { e[2].Officer = "someone" },
		"time":    func(e []cases.Event) { e[0].At = e[0].At.Add(time.Minute) },
	} {
		bad := append([]cases.Event(nil), evs...)
		tamper(bad)
		if cases.VerifyChain(bad) == -1 {
			t.Errorf("editing the %s went unnoticed", name)
		}
	}
	if cases.VerifyChain([]cases.Event{evs[0], evs[2]}) != 1 {
		t.Error("removing an event went unnoticed")
	}
}

func TestParseIDAndTime(t *testing.T) {
	id, err := cases.ParseID("2026-0042")
	if err != nil || id.String() != "2026-0042" {
		t.Errorf("ParseID: %v %v", id, err)
	}
	if id, err := cases.ParseID("2026-12345"); err != nil || id.N != 12345 {
		t.Errorf("five-digit number: %v %v", id, err)
	}
	for _, bad := range []string{"", "2026", "26-0001", "2026-1", "2026-0000", "abcd-0001"} {
		if _, err := cases.ParseID(bad); code(err) != cases.ErrBadID {
			t.Errorf("ParseID(%q) accepted", bad)
		}
	}
	got, _ := cases.ParseTime("2026-11-25")
	if !got.Equal(time.Date(2026, 11, 25, 0, 0, 0, 0, cases.Moscow)) {
		t.Errorf("a bare date is 00:00 Moscow time, got %v", got)
	}
	got, _ = cases.ParseTime("2026-11-25T10:00:00+10:00")
	if _, off := got.Zone(); off != 10*3600 {
		t.Error("an RFC 3339 time keeps its zone")
	}
	if got, err := cases.ParseTime("25.11.2026"); err != nil || !got.Equal(time.Date(2026, 11, 25, 0, 0, 0, 0, cases.Moscow)) {
		t.Errorf("a date written the Russian way is that day, 00:00 Moscow time: got %v, %v", got, err)
	}
	for _, bad := range []string{"31.13.2026", "25/11/2026", "2026-11-31"} {
		if _, err := cases.ParseTime(bad); code(err) != cases.ErrBadDate {
			t.Errorf("ParseTime(%q) = %v, want bad date", bad, err)
		}
	}
}

// An event whose text had invalid UTF-8 was hashed by an older build over
// encoding/json's escape of each bad byte; read back, the text holds U+FFFD
// itself. The chain must still verify: no false tamper alarm.
func TestChainWithInvalidUTF8FromOlderBuild(t *testing.T) {
	ev := cases.Event{Seq: 1, At: t0.UTC(), Officer: "x", Type: cases.EventNote, Text: "\xcf\xf0\xe8 cp1251"}
	b, _ := json.Marshal(ev)
	sum := sha256.Sum256(b) // how the older build computed it
	ev.Hash = hex.EncodeToString(sum[:])
	stored, _ := json.Marshal(ev)
	var back cases.Event
	json.Unmarshal(stored, &back)
	if i := cases.VerifyChain([]cases.Event{back}); i != -1 {
		t.Fatalf("an old event with invalid UTF-8 reads as tampered (at %d)", i)
	}
	back.Text += "!"
	if cases.VerifyChain([]cases.Event{back}) != 0 {
		t.Fatal("an edited event verifies")
	}
	// A new event is sealed over valid text and survives the round trip.
	fresh := cases.Event{At: t0.UTC(), Officer: "x", Type: cases.EventNote, Text: "\xff\xfe"}
	fresh.Seal(1, "")
	stored, _ = json.Marshal(fresh)
	var again cases.Event
	json.Unmarshal(stored, &again)
	if cases.VerifyChain([]cases.Event{again}) != -1 || again.Digest() != again.Hash {
		t.Fatal("a fresh event with invalid UTF-8 does not survive a round trip")
	}
}

// Contact checks refuse what mail and phone systems would refuse.
func TestContactChecks(t *testing.T) {
	for _, e := range []string{"anna@example.ru", "a.b+tag@mail.example.com", "ivan@почта.рф", "x@xn--p1ai.xn--p1ai", "o'neil@ex-ample.org"} {
		if err := cases.ValidateEmail(e); err != nil {
			t.Errorf("%q refused: %v", e, err)
		}
	}
	for _, e := range []string{"x@mail.example+", "x@localhost", "x@mail.", "x@-mail.ru", "x@mail.r", "x @mail.ru", "x@mail ru", "x@mail.ru.", "x@[127.0.0.1]", "x@mail.r1", "Анна <a@example.ru>"} {
		if err := cases.ValidateEmail(e); err == nil {
			t.Errorf("%q accepted", e)
		}
	}
	for _, p := range []string{"+7 (999) 123-45-67", "8-916-000-11-22", "89160001122", "+44 20 7946 0958"} {
		if err := cases.ValidatePhone(p); err != nil {
			t.Errorf("%q refused: %v", p, err)
		}
	}
	for _, p := range []string{"123-45-67", "+7 999 12", "7 (999) 123-45-67 ext", "+7+9991234567", "1234567890123456"} {
		if err := cases.ValidatePhone(p); err == nil {
			t.Errorf("%q accepted", p)
		}
	}
	in := cases.Intake{Kind: cases.KindAccess, Received: time.Date(2026, 11, 24, 9, 0, 0, 0, cases.Moscow), Subject: cases.Subject{Name: "Bob", Email: "bob@extern"}, Sender: true}
	if err := in.Validate(); err != nil {
		t.Errorf("a message's sender on an internal domain: %v", err)
	}
}

func TestSpreadsheetCell(t *testing.T) {
	for in, want := range map[string]string{"=1+1": "'=1+1", "+7": "'+7", "-1": "'-1", "@A1": "'@A1", "\t=1": "' =1", "\r=1": "' =1",
		"Анна": "Анна", "": "", "a=b": "a=b"} {
		if got := cases.SpreadsheetCell(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}
