package cli_test

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"filippo.io/age"
)

// On 20,000 cases and 200 MiB of documents, privdesk backup holds about
// one document at a time, an export one chunk of records, and an import of
// a 100 MiB mbox one chunk of messages: each process peaks at a small part
// of what it reads or writes.
func TestBackupExportAndImportMemoryIsFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 200 MiB of documents")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	must(t, db, "demo", "--cases", "20000")
	scan := filepath.Join(dir, "scan.jpg")
	content := make([]byte, 4<<20)
	content[0], content[1], content[2] = 0xff, 0xd8, 0xff
	for i := range 50 { // 200 MiB
		content[100] = byte(i)
		if err := os.WriteFile(scan, content, 0o600); err != nil {
			t.Fatal(err)
		}
		must(t, db, "attach", fmt.Sprintf("2026-%04d", i+1), scan)
	}
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "b.age")
	// Each within a part of what it writes or reads: the backup a ninth of
	// what it writes; the export 2 KiB a case (20,000 records decoded at
	// once take more); the import two thirds of the mbox (one chunk of
	// documents and the messages kept whole beside them).
	rss := peak(t, db, "backup", "--out", out, "--recipient", id.Recipient().String())
	within(t, "backup", rss, size(t, out)/9, size(t, out))
	export := filepath.Join(dir, "journal.json")
	rss = peak(t, db, "journal", "--format", "json", "--out", export)
	within(t, "journal --format json", rss, 20000<<11, size(t, db))
	box := filepath.Join(dir, "box.mbox")
	writeMbox(t, box, 1000, 100<<10) // 132 MiB
	rss = peak(t, db, "import", box)
	within(t, "import", rss, size(t, box)*2/3, size(t, box))
}

func size(t *testing.T, file string) int64 {
	t.Helper()
	fi, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}

// peak runs privdesk ARGS as a process of its own, which reports the peak
// of its anonymous resident memory as the kernel counts it (a child's
// rusage would count the parent it was forked from).
func peak(t *testing.T, db string, args ...string) int64 {
	t.Helper()
	b, err := child(t, db, nil, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", args[0], err, b)
	}
	var kb int64
	if i := bytes.Index(b, []byte("RssAnonPeak:")); i < 0 {
		t.Fatalf("the child said no peak:\n%s", b)
	} else if _, err := fmt.Sscan(string(b[i+len("RssAnonPeak:"):]), &kb); err != nil {
		t.Fatal(err)
	}
	return kb << 10
}

// within fails the test when rss is over limit, four times that under the
// race detector (its shadow memory); of is the size of what the command
// read or wrote, for the log.
func within(t *testing.T, what string, rss, limit, of int64) {
	t.Helper()
	if raceDetector {
		limit *= 4
	}
	if rss > limit {
		t.Errorf("%s peaked at %d MiB, over %d MiB (for %d MiB)", what, rss>>20, limit>>20, of>>20)
	}
	t.Logf("%s: %d MiB resident at most, for %d MiB", what, rss>>20, of>>20)
}

// writeMbox writes an mbox of n messages, each with an attachment of size
// bytes.
func writeMbox(t *testing.T, path string, n, size int) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	content := make([]byte, size)
	for i := range n {
		binary.BigEndian.PutUint32(content, uint32(i))
		enc := base64.StdEncoding.EncodeToString(content)
		fmt.Fprintf(w, "From u%d@example.ru Mon Nov 23 09:00:00 2026\nFrom: Пользователь %d <u%d@example.ru>\n"+
			"Subject: Удалите мои данные\nDate: Mon, 23 Nov 2026 09:00:00 +0300\nMessage-ID: <%d@memory>\n"+
			"MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b\"\n\n--b\nContent-Type: text/plain; charset=utf-8\n\n"+
			"Прошу удалить мои данные.\n--b\nContent-Type: application/pdf\nContent-Disposition: attachment; filename=\"scan.pdf\"\n"+
			"Content-Transfer-Encoding: base64\n\n", i, i, i, i)
		for len(enc) > 76 {
			fmt.Fprintln(w, enc[:76])
			enc = enc[76:]
		}
		fmt.Fprintf(w, "%s\n--b--\n\n", enc)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

// child is privdesk ARGS on db as a process of its own: this test binary
// running TestChild, at the tests' clock, with the extra environment env.
func child(t *testing.T, db string, env map[string]string, args ...string) *exec.Cmd {
	t.Helper()
	spec, err := json.Marshal(childSpec{DB: db, Env: env, Args: args})
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestChild$", "-test.v")
	cmd.Env = append(os.Environ(), "PRIVDESK_TEST_CHILD="+string(spec))
	return cmd
}

type childSpec struct {
	DB   string
	Env  map[string]string
	Args []string
}

// TestChild runs the command a parent test gives (child), then reports
// its own peak resident memory (VmHWM) and the peak of its anonymous part,
// sampled every millisecond: the file pages of the database it maps are
// not what it holds. Run by itself it does nothing.
func TestChild(t *testing.T) {
	var spec childSpec
	if err := json.Unmarshal([]byte(os.Getenv("PRIVDESK_TEST_CHILD")), &spec); err != nil || spec.DB == "" {
		t.Skip("a parent test's child process")
	}
	var anon atomic.Int64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		for {
			if kb := statusField("RssAnon:"); kb > anon.Load() {
				anon.Store(kb)
			}
			select {
			case <-stop:
				return
			case <-time.After(time.Millisecond):
			}
		}
	}()
	r := runEnv(t, spec.DB, spec.Env, spec.Args...)
	close(stop)
	<-sampled
	if r.code != 0 {
		t.Fatalf("privdesk %s: %s", strings.Join(spec.Args, " "), r.stderr)
	}
	t.Logf("VmHWM: %d kB", statusField("VmHWM:"))
	t.Logf("RssAnonPeak: %d kB", anon.Load())
}

// statusField is a field of /proc/self/status in kB, or 0.
func statusField(name string) int64 {
	status, _ := os.ReadFile("/proc/self/status")
	for _, line := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, name); ok {
			var kb int64
			fmt.Sscan(v, &kb)
			return kb
		}
	}
	return 0
}
