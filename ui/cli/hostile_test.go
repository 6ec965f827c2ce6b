package cli_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"privdesk/ui/cli"
)

// hostile is what a sender (or a careless paste) can put in any field: a
// window title change, a screen clear, a carriage return that overwrites,
// a C1 CSI, and a right-to-left override.
const hostile = "A\x1b]2;PWNED\x07\x1b[2JB\rC\u009b31mD\u202eE"

// noControl fails when out carries a byte that drives a terminal.
func noControl(t *testing.T, what, out string) {
	t.Helper()
	for _, bad := range []string{"\x1b", "\x07", "\r", "\u009b", "\u202e"} {
		if strings.Contains(out, bad) {
			t.Errorf("%s writes %q to the terminal:\n%q", what, bad, out)
		}
	}
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestTerminalInjectionThroughEveryField(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	id := must(t, db, "new", "--kind", "access", "--name", "Anna"+hostile, "--email", "anna@example.ru", "--summary", hostile)
	must(t, db, "note", id, hostile)
	doc := writeFile(t, dir, "scan"+"\x1b[2J\r"+".pdf", "%PDF-1.4 scan")
	if r := runEnv(t, db, map[string]string{"PRIVDESK_OFFICER": "petrov" + hostile}, "attach", id, doc, "--label", hostile); r.code != 0 {
		t.Fatalf("attach: %d %s", r.code, r.stderr)
	}
	must(t, db, "close", id, "--outcome", "withdrawn", "--reason", hostile)
	for _, args := range [][]string{{"show", id}, {"docs", id}, {"list"}, {"steps", id}, {"show", id, "--json"}, {"list", "--json"}} {
		r := run(t, db, args...)
		noControl(t, strings.Join(args, " "), r.stdout+r.stderr)
		if !strings.Contains(r.stdout, "]2;PWNED") && args[0] != "steps" && args[0] != "docs" {
			t.Errorf("%s hides the text instead of showing it harmlessly:\n%s", args, r.stdout)
		}
	}
	// An error that quotes what was typed is as safe.
	r := run(t, db, "show", "2026-0001\x1b]2;X\x07")
	noControl(t, "an error", r.stderr)
	if r.code != 2 {
		t.Errorf("bad id: exit %d", r.code)
	}
}

func TestInvalidUTF8KeepsTheChainWhole(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	cp1251 := "\xcf\xf0\xe8\xe2\xe5\xf2 \xff\xfe" // "Привет" in CP1251, then junk
	id := must(t, db, "new", "--kind", "access", "--name", "A"+cp1251, "--email", "a@example.ru", "--summary", cp1251)
	must(t, db, "note", id, cp1251)
	must(t, db, "close", id, "--outcome", "withdrawn", "--reason", cp1251)
	if out := must(t, db, "check"); out != "ok" {
		t.Fatalf("check after CP1251 text: %s", out)
	}
}

// mail builds a message with a JPEG-like attachment holding marker.
func mail(mid, date, marker string) string {
	scan := base64.StdEncoding.EncodeToString([]byte("\xff\xd8\xff\xe0JFIF passport " + marker + strings.Repeat(" scan", 40)))
	return "From: Anna <anna@example.ru>\r\nTo: privacy@service.ru\r\nMessage-ID: <" + mid + ">\r\nDate: " + date + "\r\n" +
		"Subject: password reset\r\nContent-Type: multipart/mixed; boundary=XX\r\n\r\n" +
		"--XX\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nзабыл пароль, паспорт во вложении\r\n" +
		"--XX\r\nContent-Type: image/jpeg\r\nContent-Disposition: attachment; filename=passport.jpg\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
		scan + "\r\n--XX--\r\n"
}

func TestYear500MailKeepsTheRegisterReadable(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	eml := writeFile(t, dir, "old.eml", "From: x@example.ru\r\nDate: Mon, 01 Jan 0500 10:00:00 +0300\r\nSubject: hi\r\n\r\nотпишите меня от рассылки\r\n")
	must(t, db, "import", eml)
	var list []caseOut
	if err := json.Unmarshal([]byte(must(t, db, "list", "--json")), &list); err != nil || len(list) != 1 {
		t.Fatalf("list after a year-500 message: %v %d", err, len(list))
	}
	if !strings.HasPrefix(list[0].ID, "2026-") {
		t.Errorf("the case is numbered %s; the arrival time should stand in", list[0].ID)
	}
	show := must(t, db, "show", list[0].ID)
	if !strings.Contains(show, "reached the mailbox") {
		t.Errorf("the case does not say its time is the arrival time:\n%s", show)
	}
	// Typed, such a date is refused and nothing is written.
	before := hashFile(t, db)
	if r := run(t, db, "new", "--kind", "access", "--name", "A", "--email", "a@example.ru", "--received", "0500-01-01"); r.code != 2 || !strings.Contains(r.stderr, "year 500") {
		t.Errorf("typed year 500: %d %s", r.code, r.stderr)
	}
	if hashFile(t, db) != before {
		t.Error("a refused command changed the database")
	}
}

func TestFutureReceiptRefused(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	id := must(t, db, "new", "--kind", "access", "--name", "A", "--email", "a@example.ru", "--received", "2026-11-20")
	before := hashFile(t, db)
	for _, args := range [][]string{
		{"new", "--kind", "access", "--name", "A", "--email", "a@example.ru", "--received", "2030-01-01"},
		{"edit", id, "--received", "2030-01-01"},
	} {
		r := run(t, db, args...)
		if r.code == 0 || !strings.Contains(r.stderr, "future") || strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("%s: exit %d %q", args[0], r.code, r.stderr)
		}
	}
	if hashFile(t, db) != before {
		t.Error("a refused date changed the database")
	}
}

func TestMistypedDBCreatesNothing(t *testing.T) {
	dir := t.TempDir()
	typo := filepath.Join(dir, "typo.db")
	for _, cmd := range []string{"list", "show", "docs", "steps", "check", "quarantine"} {
		args := []string{cmd}
		if cmd == "show" || cmd == "docs" || cmd == "steps" {
			args = append(args, "2026-0001")
		}
		r := run(t, typo, args...)
		if r.code != 1 || !strings.Contains(r.stderr, typo) || !strings.Contains(r.stderr, "privdesk init") {
			t.Errorf("%s on a missing file: %d %q", cmd, r.code, r.stderr)
		}
		if _, err := os.Stat(typo); err == nil {
			t.Fatalf("%s created %s", cmd, typo)
		}
	}
}

func TestDemoRefusesARealRegister(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	must(t, db, "new", "--kind", "access", "--name", "A", "--email", "a@example.ru")
	before := hashFile(t, db)
	r := run(t, db, "demo")
	if r.code != 1 || !strings.Contains(r.stderr, "privdesk --demo") {
		t.Errorf("demo into a register: %d %q", r.code, r.stderr)
	}
	if hashFile(t, db) != before {
		t.Error("demo wrote into a non-empty register")
	}
}

func TestMetMilestonesInJSON(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	id := must(t, db, "new", "--kind", "access", "--name", "A", "--email", "a@example.ru", "--received", "2026-11-20")
	must(t, db, "done", id)
	var c struct {
		DueAt      *string `json:"due_at"`
		Milestones []struct {
			Met   bool    `json:"met"`
			MetAt *string `json:"met_at"`
			Late  bool    `json:"late"`
		} `json:"milestones"`
	}
	if err := json.Unmarshal([]byte(must(t, db, "show", id, "--json")), &c); err != nil {
		t.Fatal(err)
	}
	if c.DueAt != nil || len(c.Milestones) == 0 {
		t.Fatalf("due_at with every milestone met: %v", c.DueAt)
	}
	for _, m := range c.Milestones {
		if !m.Met || m.MetAt == nil || !strings.HasPrefix(*m.MetAt, "2026-11-25T10:00:00") || m.Late {
			t.Errorf("milestone: %+v", m)
		}
	}
	if show := must(t, db, "show", id); !strings.Contains(show, "✓") || !strings.Contains(show, "met 2026-11-25") {
		t.Errorf("text show does not mark the met deadline:\n%s", show)
	}
}

func TestSharedMessageIDIsImportedAndFlagged(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	a := writeFile(t, dir, "a.eml", mail("same@example.ru", "Mon, 23 Nov 2026 09:00:00 +0300", "ONE"))
	b := writeFile(t, dir, "b.eml", mail("same@example.ru", "Mon, 23 Nov 2026 09:05:00 +0300", "TWO"))
	must(t, db, "import", a)
	out := must(t, db, "import", a, b)
	if !strings.Contains(out, "1 created, 1 skipped") {
		t.Fatalf("second import: %s", out)
	}
	var second struct {
		DuplicateOf *string `json:"duplicate_of"`
	}
	json.Unmarshal([]byte(must(t, db, "show", "2026-0002", "--json")), &second)
	if second.DuplicateOf == nil || *second.DuplicateOf != "2026-0001" {
		t.Errorf("the second message is not flagged as a possible duplicate: %v", second.DuplicateOf)
	}
}

func TestKeyedDedupIndex(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	must(t, db, "import", writeFile(t, dir, "a.eml", mail("mid-42@example.ru", "Mon, 23 Nov 2026 09:00:00 +0300", "X")))
	raw, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	for _, probe := range []string{"anna@example.ru", "mid-42@example.ru", "<mid-42@example.ru>"} {
		sum := sha256.Sum256([]byte(probe))
		if bytes.Contains(raw, []byte(probe)) || bytes.Contains(raw, sum[:]) || bytes.Contains(raw, []byte(hex.EncodeToString(sum[:]))) {
			t.Errorf("the file holds %q or its plain SHA-256", probe)
		}
	}
}

func TestDestroyedAttachmentLeavesTheKeptMessage(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	marker := "SCAN-MARKER-7731"
	must(t, db, "import", writeFile(t, dir, "m.eml", mail("scan@example.ru", "Mon, 23 Nov 2026 09:00:00 +0300", marker)))
	docs := must(t, db, "docs", "2026-0001")
	if !strings.Contains(docs, "message.eml") || !strings.Contains(docs, "passport.jpg") {
		t.Fatalf("documents: %s", docs)
	}
	must(t, db, "destroy", "2026-0001", "2", "--reason", "identity confirmed, purpose achieved")
	msg := filepath.Join(dir, "kept.eml")
	must(t, db, "doc", "2026-0001", "1", "--out", msg)
	kept, _ := os.ReadFile(msg)
	if bytes.Contains(kept, []byte(marker)) || bytes.Contains(kept, []byte("/9j/")) {
		t.Fatalf("the scan survives in the kept message:\n%s", kept)
	}
	if !bytes.Contains(kept, []byte("passport.jpg")) || !bytes.Contains(kept, []byte("=D0=B7=D0=B0=D0=B1=D1=8B=D0=BB")) && !bytes.Contains(kept, []byte("забыл")) {
		t.Errorf("the rest of the message is lost or the removal unsaid:\n%s", kept)
	}
	show := must(t, db, "show", "2026-0001")
	if !strings.Contains(show, "rewritten") {
		t.Errorf("the timeline does not record the rewrite:\n%s", show)
	}
	raw, _ := os.ReadFile(db)
	if bytes.Contains(raw, []byte(marker)) {
		t.Error("the database file holds the scan")
	}
	if out := must(t, db, "check"); out != "ok" {
		t.Errorf("check: %s", out)
	}
}

func TestRefusedMailGoesToQuarantine(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	junk := writeFile(t, dir, "junk.eml", "Subject: no sender here\r\n\r\nудалите мои данные, я Анна\r\n")
	r := run(t, db, "import", junk)
	if r.code != 1 || !strings.Contains(r.stdout, "quarantine") {
		t.Fatalf("import of a message without a sender: %d %s %s", r.code, r.stdout, r.stderr)
	}
	list := must(t, db, "quarantine")
	if !strings.Contains(list, "junk.eml") || !strings.Contains(list, "no sender") {
		t.Fatalf("quarantine list: %s", list)
	}
	if out := must(t, db, "quarantine", "show", "1"); !strings.Contains(out, "удалите мои данные") {
		t.Errorf("quarantine show: %s", out)
	}
	run(t, db, "import", junk) // the same file again is kept once
	if n := strings.Count(must(t, db, "quarantine"), "junk.eml"); n != 1 {
		t.Errorf("%d entries for one file", n)
	}
	if r := run(t, db, "quarantine", "drop", "1"); r.code != 2 {
		t.Errorf("drop without a reason: %d", r.code)
	}
	must(t, db, "quarantine", "drop", "1", "--reason", "spam")
	if out := must(t, db, "quarantine"); !strings.Contains(out, "empty") {
		t.Errorf("after drop: %s", out)
	}
	if _, err := os.Stat(db); err != nil {
		t.Fatal(err)
	}
	if raw, _ := os.ReadFile(db); bytes.Contains(raw, []byte("no sender here")) {
		t.Error("the refused message is in the file in plain text")
	}
}

func TestDamagedFileGivesOneLine(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	for i := range 200 {
		must(t, db, "new", "--kind", "access", "--name", "Subject", "--email", "s@example.ru", "--summary", strings.Repeat("x", i))
	}
	raw, _ := os.ReadFile(db)
	os.WriteFile(db, raw[:len(raw)/2], 0o600)
	before := hashFile(t, db)
	for _, args := range [][]string{{"list"}, {"check"}, {"new", "--kind", "access", "--name", "A", "--email", "a@example.ru"}, {"import", db}} {
		r := run(t, db, args...)
		if r.code != 1 || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, "damaged") ||
			!strings.Contains(r.stderr, "backup") || strings.Contains(r.stderr, "goroutine") {
			t.Errorf("%s on a truncated file: exit %d %q", args[0], r.code, r.stderr)
		}
	}
	if hashFile(t, db) != before {
		t.Error("a damaged file was written to")
	}
}

// A file written slowly into a watched folder (not a Maildir) is imported
// once it is whole, with its attachment; a refusal is logged without the
// address it quotes.
func TestWatchWaitsForWholeFiles(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	in := filepath.Join(dir, "in")
	os.MkdirAll(in, 0o700)
	must(t, db, "init")
	done := make(chan struct{})
	finished := make(chan int)
	var out, errb syncBuffer
	go func() {
		finished <- cli.Run([]string{"import", "--watch", in}, cli.Env{
			Stdout: &out, Stderr: &errb, Done: done, Now: func() time.Time { return now },
			Getenv: func(k string) string {
				return map[string]string{"PRIVDESK_DB": db, "PRIVDESK_KEY": filepath.Join(dir, "test.key"), "LANG": "en_US.UTF-8"}[k]
			},
		})
	}()
	full := mail("half@example.ru", "Mon, 23 Nov 2026 09:00:00 +0300", "HALF")
	path := filepath.Join(in, "slow.eml")
	f, _ := os.Create(path)
	// A slow writer: a chunk every quarter second, over several looks.
	for i := range 10 {
		f.WriteString(full[i*len(full)/10 : (i+1)*len(full)/10])
		f.Sync()
		if n := countCases(t, db); n != 0 {
			t.Fatalf("a half-written file was imported (%d cases)", n)
		}
		time.Sleep(250 * time.Millisecond)
	}
	f.Close()
	os.WriteFile(filepath.Join(in, "bad.csv"), []byte("kind,name,email\naccess,A,not-an-address-secret@\n"), 0o600)
	deadline := time.Now().Add(6 * time.Second)
	for countCases(t, db) == 0 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	time.Sleep(1500 * time.Millisecond)
	close(done)
	<-finished
	if docs := must(t, db, "docs", "2026-0001"); !strings.Contains(docs, "passport.jpg") || countCases(t, db) != 1 {
		t.Errorf("the whole file's attachment is missing: %s", docs)
	}
	log := out.String() + errb.String()
	if !strings.Contains(log, "bad.csv") || strings.Contains(log, "secret") || strings.Contains(log, "anna@") {
		t.Errorf("watch log: %q", log)
	}
}

// syncBuffer is a strings.Builder safe to read while a command writes it.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
