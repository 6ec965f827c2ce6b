package cli_test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"privdesk/ui/cli"
)

func mboxOf(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "From sender%d@example.ru Mon Nov 23 09:00:00 2026\n", i)
		fmt.Fprintf(&b, "From: Sender %d <s%d@example.ru>\nSubject: Прошу удалить мои данные\nMessage-ID: <m%d@example.ru>\nDate: Mon, 23 Nov 2026 09:%02d:00 +0300\n\nУдалите, пожалуйста.\n\n", i, i, i, i%60)
	}
	return b.String()
}

func countCases(t *testing.T, db string) int {
	var list []caseOut
	json.Unmarshal([]byte(must(t, db, "list", "--json")), &list)
	return len(list)
}

func TestImportMboxTwice(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	box := filepath.Join(dir, "inbox.mbox")
	os.WriteFile(box, []byte(mboxOf(20)), 0o600)
	out := must(t, db, "import", box)
	if !strings.Contains(out, "20 created, 0 skipped") || countCases(t, db) != 20 {
		t.Fatalf("first import: %s", out)
	}
	out = must(t, db, "import", box)
	if !strings.Contains(out, "0 created, 20 skipped") || countCases(t, db) != 20 {
		t.Errorf("second import: %s", out)
	}
	if must(t, db, "check") != "ok" {
		t.Error("check")
	}
	var c caseOut
	json.Unmarshal([]byte(must(t, db, "show", "2026-0001", "--json")), &c)
	if c.Kind != "destroy" || c.Subject.Email != "s0@example.ru" || c.Channel != "email" {
		t.Errorf("imported case: %+v", c)
	}
}

func TestImportAtomicityAndStrict(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	must(t, db, "init")
	in := filepath.Join(dir, "web.json")
	os.WriteFile(in, []byte(`[{"kind":"access","name":"A","email":"a@example.ru","external_id":"1"},
		{"kind":"access","name":"B","email":"bad"},
		{"kind":"rectify","name":"C","phone":"+79001234567","external_id":"3"}]`), 0o600)

	before := hashFile(t, db)
	r := run(t, db, "import", in, "--strict")
	if r.code != 1 || !strings.Contains(r.stderr, "with --strict nothing was imported") || !strings.Contains(r.stdout, `web.json[1]: "bad" is not an e-mail`) {
		t.Errorf("strict: %d %q %q", r.code, r.stdout, r.stderr)
	}
	if r := run(t, db, "import", in, "--dry-run"); r.code != 1 || !strings.Contains(r.stdout, "Nothing was written") {
		t.Errorf("dry run: %d %q", r.code, r.stdout)
	}
	if hashFile(t, db) != before {
		t.Fatal("--strict or --dry-run wrote to the database")
	}
	r = run(t, db, "import", in, "--json")
	var rep struct {
		Created []struct{ ID, Source, Kind string }
		Skipped []struct{ ID, Source string }
		Invalid []struct{ Source, Error string }
		Written bool
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatal(err)
	}
	if r.code != 1 || len(rep.Created) != 2 || len(rep.Invalid) != 1 || !rep.Written || rep.Invalid[0].Source != in+"[1]" || rep.Created[1].ID != "2026-0002" {
		t.Errorf("import --json: %d %+v", r.code, rep)
	}
	if countCases(t, db) != 2 {
		t.Error("the valid items were not all written")
	}
}

func TestImportRepeatAndMaildir(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	earlier := must(t, db, "new", "--kind", "access", "--name", "Вера", "--email", "vera@example.ru", "--received", "2026-11-10")
	must(t, db, "new", "--kind", "access", "--name", "Глеб", "--email", "gleb@example.ru", "--received", "2026-09-01")
	md := filepath.Join(dir, "Maildir")
	for _, sub := range []string{"new", "cur", "tmp"} {
		os.MkdirAll(filepath.Join(md, sub), 0o700)
	}
	pdf := base64.StdEncoding.EncodeToString([]byte("%PDF-1.4 passport"))
	os.WriteFile(filepath.Join(md, "new", "1.host"), []byte("From: Вера <Vera@Example.ru>\nSubject: Какие мои данные вы храните?\nDate: Wed, 25 Nov 2026 09:00:00 +0300\nMessage-ID: <v2@x>\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain; charset=utf-8\n\nПрошу сообщить, какие мои данные.\n--b\nContent-Type: application/pdf\nContent-Disposition: attachment; filename=passport.pdf\nContent-Transfer-Encoding: base64\n\n"+pdf+"\n--b--\n"), 0o600)
	os.WriteFile(filepath.Join(md, "cur", "2.host:2,S"), []byte("From: gleb@example.ru\nSubject: Какие данные обо мне?\nDate: Wed, 25 Nov 2026 10:00:00 +0300\nMessage-ID: <g2@x>\n\nКакие данные?\n"), 0o600)
	out := must(t, db, "import", md)
	if !strings.Contains(out, "possible repeat of "+earlier) || strings.Count(out, "possible repeat") != 1 {
		t.Errorf("repeat: %s", out)
	}
	var c caseOut
	json.Unmarshal([]byte(must(t, db, "show", "2026-0004", "--json")), &c)
	var docs []struct{ Name, Type string }
	json.Unmarshal([]byte(must(t, db, "docs", "2026-0004", "--json")), &docs)
	if c.Kind != "access" || len(docs) != 2 || docs[0].Name != "message.eml" || docs[1].Name != "passport.pdf" || docs[1].Type != "application/pdf" {
		t.Errorf("maildir case: %+v docs %+v", c, docs)
	}
}

func TestImportWatch(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	md := filepath.Join(dir, "Maildir")
	for _, sub := range []string{"new", "cur", "tmp"} {
		os.MkdirAll(filepath.Join(md, sub), 0o700)
	}
	must(t, db, "init")
	done := make(chan struct{})
	finished := make(chan int)
	var out strings.Builder
	go func() {
		finished <- cli.Run([]string{"import", "--watch", md}, cli.Env{
			Stdout: &out, Stderr: &strings.Builder{}, Done: done, Now: func() time.Time { return now },
			Getenv: func(k string) string {
				return map[string]string{"PRIVDESK_DB": db, "PRIVDESK_KEY": filepath.Join(dir, "test.key")}[k]
			},
		})
	}()
	time.Sleep(200 * time.Millisecond)
	os.WriteFile(filepath.Join(md, "tmp", "9.host"), []byte("From: Watched Wanda <w@example.ru>\nSubject: отпишите меня от рассылки\nMessage-ID: <w9@x>\n\nspam\n"), 0o600)
	os.Rename(filepath.Join(md, "tmp", "9.host"), filepath.Join(md, "new", "9.host"))
	deadline := time.Now().Add(5 * time.Second)
	for countCases(t, db) == 0 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	close(done)
	if code := <-finished; code != 0 {
		t.Errorf("watch exited %d", code)
	}
	var list []caseOut
	json.Unmarshal([]byte(must(t, db, "list", "--json")), &list)
	if len(list) != 1 || list[0].Kind != "marketing-optout" {
		t.Errorf("watched import: %+v", list)
	}
	if !strings.Contains(out.String(), "2026-0001") || strings.Contains(out.String(), "Wanda") {
		t.Errorf("watch output must name the case, not the subject: %q", out.String())
	}
}

// In a plain folder, a message whose writer pauses mid-way is taken only
// once it is whole: one case, with the whole text.
func TestImportWatchPlainFolderWaitsForWholeFile(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	in := filepath.Join(dir, "inbox")
	os.MkdirAll(in, 0o700)
	must(t, db, "init")
	done := make(chan struct{})
	finished := make(chan int)
	go func() {
		finished <- cli.Run([]string{"import", "--watch", in}, cli.Env{
			Stdout: &strings.Builder{}, Stderr: &strings.Builder{}, Done: done, Now: func() time.Time { return now },
			Getenv: func(k string) string {
				return map[string]string{"PRIVDESK_DB": db, "PRIVDESK_KEY": filepath.Join(dir, "test.key")}[k]
			},
		})
	}()
	path := filepath.Join(in, "m.eml")
	f, _ := os.OpenFile(path, os.O_CREATE|os.O_WRONLY, 0o600)
	f.WriteString("From: Half Written <h@example.ru>\nSubject: удалите мои данные\n\nПервая половина письма.\n")
	f.Sync()
	time.Sleep(1500 * time.Millisecond) // the writer pauses across a poll
	f.WriteString("Вторая половина письма.\n")
	f.Close()
	deadline := time.Now().Add(10 * time.Second)
	for countCases(t, db) == 0 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	time.Sleep(2500 * time.Millisecond) // a second import would come by now
	close(done)
	<-finished
	var list []caseOut
	json.Unmarshal([]byte(must(t, db, "list", "--json")), &list)
	if len(list) != 1 {
		t.Fatalf("%d cases from one message", len(list))
	}
	if show := must(t, db, "show", list[0].ID); !strings.Contains(show, "Вторая половина") {
		t.Errorf("the case holds a half message:\n%s", show)
	}
}
