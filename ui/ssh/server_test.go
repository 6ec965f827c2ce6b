package ssh

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"privdesk/assets"
	"privdesk/cases"
	"privdesk/store"
	"privdesk/store/seal"
	"privdesk/ui/l10n"
	"privdesk/ui/office"
	"privdesk/ui/office/config"
)

var now = time.Date(2026, 11, 25, 10, 0, 0, 0, cases.Moscow)

type desk struct {
	addr    string
	db      string
	keys    map[string]gossh.Signer // by login
	log     *syncBuffer
	cfg     office.Config
	stopped chan error
	stop    context.CancelFunc
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
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

// startDesk serves a fresh database on loopback to two officers and an
// auditor, each with a key of their own.
func startDesk(t testing.TB) *desk {
	t.Helper()
	dir := t.TempDir()
	d := &desk{db: filepath.Join(dir, "p.db"), keys: map[string]gossh.Signer{}, log: &syncBuffer{}}
	var conf strings.Builder
	conf.WriteString("[operator]\nname = \"ООО Тест\"\naddress = \"Москва\"\n")
	for _, o := range []struct{ login, role string }{{"ivanova", ""}, {"petrov", "reviewer"}, {"audit", "auditor"}} {
		pub, priv, _ := ed25519.GenerateKey(rand.Reader)
		signer, _ := gossh.NewSignerFromKey(priv)
		sp, _ := gossh.NewPublicKey(pub)
		d.keys[o.login] = signer
		fmt.Fprintf(&conf, "[[officers]]\nlogin = %q\nname = \"Сотрудник\"\nposition = \"ответственный\"\nrole = %q\nkeys = [%q]\n",
			o.login, o.role, strings.TrimSpace(string(gossh.MarshalAuthorizedKey(sp))))
	}
	set, err := config.ParseSettings([]byte(conf.String()), "config.toml")
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(d.db, office.Options{Key: seal.Source{KeyFile: filepath.Join(dir, "key")}, Create: true})
	if err != nil {
		t.Fatal(err)
	}
	cal, _ := cases.ParseCalendar(assets.Calendar)
	steps, _ := cases.ParseSteps(assets.Steps)
	d.cfg = office.Config{Office: office.New(st, set, true).For(office.Actor{Login: "server", Role: config.RoleAdmin}), Rules: &cases.Rules{Cal: cal, Steps: steps}, L: l10n.New(cases.EN),
		Officer: "server", Now: func() time.Time { return now }, Settings: set}
	hostKey := filepath.Join(dir, "host", "ssh_host_ed25519_key")
	s, err := New(d.cfg, hostKey, d.log)
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(hostKey); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("host key: %v %v", fi.Mode(), err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	d.addr = l.Addr().String()
	s.Grace = time.Second
	ctx, cancel := context.WithCancel(context.Background())
	d.stop = cancel
	d.stopped = make(chan error, 1)
	go func() { d.stopped <- s.Serve(ctx, l) }()
	t.Cleanup(func() {
		cancel()
		<-d.stopped
	})
	return d
}

func (d *desk) dial(t testing.TB, signer gossh.Signer) (*gossh.Client, error) {
	return gossh.Dial("tcp", d.addr, &gossh.ClientConfig{User: "any", Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second})
}

// run runs a command line over SSH as login; it returns stdout, stderr and
// the exit code.
func (d *desk) run(t testing.TB, login, cmd string) (string, string, int) {
	t.Helper()
	c, err := d.dial(t, d.keys[login])
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	var out, errb bytes.Buffer
	sess.Stdout, sess.Stderr = &out, &errb
	code := 0
	if err := sess.Run(cmd); err != nil {
		var ee *gossh.ExitError
		if !errors.As(err, &ee) {
			t.Fatalf("%s: %v", cmd, err)
		}
		code = ee.ExitStatus()
	}
	return out.String(), errb.String(), code
}

func fileHash(t *testing.T, path string) [32]byte {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

func TestCommandsOverSSH(t *testing.T) {
	d := startDesk(t)
	// An event created over SSH records the key's login, whatever --officer says.
	id, stderr, code := d.run(t, "ivanova", `privdesk new --kind access --name "Иванова Анна" --email anna@example.ru --officer mallory`)
	id = strings.TrimSpace(id)
	if code != 0 || id != "2026-0001" || !strings.Contains(stderr, "--officer is ignored") {
		t.Fatalf("new over SSH: %d %q %q", code, id, stderr)
	}
	out, _, code := d.run(t, "petrov", "privdesk show "+id+" --json")
	var c struct {
		Events []struct{ Type, Officer string }
	}
	if err := json.Unmarshal([]byte(out), &c); err != nil || code != 0 || c.Events[0].Officer != "ivanova" {
		t.Fatalf("show --json: %d %v %+v", code, err, c)
	}
	// An officer's key runs list --json: the same output as locally.
	out, _, code = d.run(t, "petrov", "privdesk list --json")
	var list []struct{ ID string }
	if err := json.Unmarshal([]byte(out), &list); err != nil || code != 0 || len(list) != 1 || list[0].ID != id {
		t.Fatalf("list --json: %d %v %q", code, err, out)
	}
	// A usage error keeps its exit code.
	if _, stderr, code := d.run(t, "ivanova", "privdesk show"); code != 2 || !strings.HasPrefix(stderr, "privdesk: ") {
		t.Errorf("usage error over SSH: %d %q", code, stderr)
	}
	// The server's files are not the officer's.
	for _, cmd := range []string{"privdesk attach " + id + " /etc/passwd", "privdesk list --db /tmp/other.db", "privdesk journal --out /tmp/j.csv",
		"privdesk paths", "privdesk restore /tmp/b.age --db /tmp/r.db", "privdesk serve", "privdesk import /etc/hosts", "privdesk backup --out -", "privdesk check"} {
		if _, stderr, code := d.run(t, "ivanova", cmd); code != 2 || !strings.Contains(stderr, "SSH") {
			t.Errorf("%s: %d %q", cmd, code, stderr)
		}
	}
	// Hostile bytes in a command line over SSH: stored as text, never sent
	// back as a control sequence; a stray word is a usage error, not a panic.
	if _, stderr, code := d.run(t, "ivanova", "privdesk note "+id+" '\x1b]2;TITLE\x07 \xff\xfe ok'"); code != 0 {
		t.Errorf("a hostile note: %d %q", code, stderr)
	}
	if out, _, _ := d.run(t, "ivanova", "privdesk show "+id); strings.ContainsAny(out, "\x1b\x07") {
		t.Errorf("show over SSH sent a control character: %q", out)
	}
	if _, stderr, code := d.run(t, "ivanova", "privdesk '\x1b[2J'"); code != 2 || strings.Contains(stderr, "\x1b") {
		t.Errorf("a hostile command word: %d %q", code, stderr)
	}
	// An auditor reads, and cannot change a case: a clear error, nothing written.
	before := fileHash(t, d.db)
	if out, _, code := d.run(t, "audit", "privdesk show "+id); code != 0 || !strings.Contains(out, id) {
		t.Errorf("auditor show: %d", code)
	}
	_, stderr, code = d.run(t, "audit", "privdesk note "+id+" подправил")
	if code != 1 || !strings.Contains(stderr, "auditor") {
		t.Errorf("auditor note: %d %q", code, stderr)
	}
	if fileHash(t, d.db) != before {
		t.Error("an auditor's command changed the database")
	}
	// The log names logins and refusals, never a subject: not even a
	// mistyped command that is a name.
	d.run(t, "ivanova", `privdesk "Иванова Анна"`)
	if log := d.log.String(); !strings.Contains(log, "officer=ivanova") || !strings.Contains(log, "session=new") || !strings.Contains(log, "session=other") || strings.Contains(log, "Иванова") {
		t.Errorf("log: %s", log)
	}
}

func TestUnknownKeyIsRefused(t *testing.T) {
	d := startDesk(t)
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	stranger, _ := gossh.NewSignerFromKey(priv)
	if c, err := d.dial(t, stranger); err == nil {
		c.Close()
		t.Fatal("a key config.toml does not name logged in")
	}
	if log := d.log.String(); !strings.Contains(log, "msg=refused") || !strings.Contains(log, "unknown key") {
		t.Errorf("the refusal is not logged: %s", log)
	}
}

// Two sessions writing the same case at once lose nothing.
func TestConcurrentSessionsLoseNothing(t *testing.T) {
	d := startDesk(t)
	id, _, _ := d.run(t, "ivanova", `privdesk new --kind access --name "Анна" --email a@example.ru`)
	id = strings.TrimSpace(id)
	var wg sync.WaitGroup
	for _, login := range []string{"ivanova", "petrov"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 15 {
				if _, stderr, code := d.run(t, login, fmt.Sprintf("privdesk note %s %s-%d", id, login, i)); code != 0 {
					t.Errorf("%s note %d: %d %s", login, i, code, stderr)
				}
			}
		}()
	}
	wg.Wait()
	evs, err := d.cfg.Office.Events(cases.ID{Year: 2026, N: 1})
	if err != nil {
		t.Fatal(err)
	}
	notes := map[string]bool{}
	for _, e := range evs {
		if e.Type == cases.EventNote {
			notes[e.Text] = true
		}
	}
	if len(notes) != 30 || cases.VerifyChain(evs) >= 0 {
		t.Errorf("%d of 30 notes kept, chain broken at %d", len(notes), cases.VerifyChain(evs))
	}
}

// screen is an interactive session's terminal: what it was sent, and the
// keys to send it.
type screen struct {
	in  io.Writer
	out *syncBuffer
	t   *testing.T
}

// openDesk logs in as login with a terminal, and waits for the queue.
func (d *desk) openDesk(t *testing.T, login, waitFor string) *screen {
	t.Helper()
	c, err := d.dial(t, d.keys[login])
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestPty("xterm-256color", 30, 110, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	in, _ := sess.StdinPipe()
	sc := &screen{in: in, out: &syncBuffer{}, t: t}
	sess.Stdout = sc.out
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	sc.waitFor(waitFor)
	return sc
}

func (sc *screen) waitFor(s string) {
	sc.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(sc.out.String(), s) {
		if time.Now().After(deadline) {
			sc.t.Fatalf("%q never appeared; the screen had %d bytes", s, len(sc.out.String()))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (sc *screen) keys(s string) {
	time.Sleep(100 * time.Millisecond)
	io.WriteString(sc.in, s)
}

// An interactive session gets the desk: it opens the case and adds a note,
// recorded under the key's login. A second officer opening the same case
// sees that the first has it open.
func TestDeskOverSSH(t *testing.T) {
	d := startDesk(t)
	d.run(t, "petrov", `privdesk new --kind access --name "Анна Каренина" --email anna@example.ru`)
	one := d.openDesk(t, "ivanova", "Анна Каренина")
	one.keys("\r")
	one.waitFor("Timeline")
	one.keys("n")
	one.waitFor("Note to 2026-0001")
	one.keys("Позвонила, уточнила адрес")
	one.keys("\r")
	one.waitFor("Note added to 2026-0001")
	evs, _ := d.cfg.Office.Events(cases.ID{Year: 2026, N: 1})
	last := evs[len(evs)-1]
	if last.Type != cases.EventNote || last.Text != "Позвонила, уточнила адрес" || last.Officer != "ivanova" {
		t.Errorf("the note over SSH: %+v", last)
	}
	two := d.openDesk(t, "petrov", "Анна Каренина")
	two.keys("\r")
	two.waitFor("also open by ivanova")
	two.keys("\x1b[6~")      // page down, to the notes
	two.waitFor("Позвонила") // the first officer's note, at once
}

// When the server stops, an open desk says so before its session closes,
// and the server then ends.
func TestDeskToldWhenServerStops(t *testing.T) {
	d := startDesk(t)
	d.run(t, "petrov", `privdesk new --kind access --name "Анна Каренина" --email anna@example.ru`)
	one := d.openDesk(t, "ivanova", "Анна Каренина")
	d.stop()
	one.waitFor("The server is stopping: this session closes in 1 s")
	one.waitFor("privdesk: the server stopped")
	select {
	case err := <-d.stopped:
		d.stopped <- err // for the cleanup
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the server did not stop")
	}
}
