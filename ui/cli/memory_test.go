package cli_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"privdesk/assets"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"filippo.io/age"
)

// privdesk backup of 20,000 cases and 200 MiB of documents holds about one
// document at a time: its heap peaks at a small part of what it writes.
func TestBackupMemoryIsFlat(t *testing.T) {
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
	// The backup runs as a process of its own, which reports its peak
	// resident memory as the kernel counts it (VmHWM; a child's rusage
	// would count the parent it was forked from).
	cmd := child(t, db, nil, "backup", "--out", out, "--recipient", id.Recipient().String())
	b, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("backup: %v\n%s", err, b)
	}
	fi, err := os.Stat(out)
	if err != nil || fi.Size() < 200<<20 {
		t.Fatalf("the backup: %v", err)
	}
	var kb int64
	if i := bytes.Index(b, []byte("VmHWM:")); i < 0 {
		t.Fatalf("the child said no peak:\n%s", b)
	} else if _, err := fmt.Sscan(string(b[i+len("VmHWM:"):]), &kb); err != nil {
		t.Fatal(err)
	}
	rss := kb << 10
	// A third of what it wrote: the race detector's shadow memory included.
	if rss > fi.Size()/3 {
		t.Errorf("the backup's process peaked at %d MiB for %d MiB written", rss>>20, fi.Size()>>20)
	}
	t.Logf("backup: %d MiB resident at most, %d MiB written", rss>>20, fi.Size()>>20)
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
// its own peak resident memory; run by itself it does nothing.
func TestChild(t *testing.T) {
	var spec childSpec
	if err := json.Unmarshal([]byte(os.Getenv("PRIVDESK_TEST_CHILD")), &spec); err != nil || spec.DB == "" {
		t.Skip("a parent test's child process")
	}
	if r := runEnv(t, spec.DB, spec.Env, spec.Args...); r.code != 0 {
		t.Fatalf("privdesk %s: %s", strings.Join(spec.Args, " "), r.stderr)
	}
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(status), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			t.Log(line)
		}
	}
}

// A note from this process succeeds, every time, while a backup and a
// retention run are under way in processes of their own: a writer waits
// for the file instead of being turned away.
func TestNoteWhileBackupAndRetentionRun(t *testing.T) {
	if testing.Short() {
		t.Skip("fills a register of 5,000 cases")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	conf := filepath.Join(dir, "config.toml")
	os.WriteFile(conf, append(append([]byte{}, assets.DemoConfig...), "\n[retention]\ncase_days = 0\n"...), 0o600)
	env := map[string]string{"PRIVDESK_CONFIG": conf, "PRIVDESK_OFFICER": "demo"}
	if r := runEnv(t, db, env, "demo", "--cases", "5000"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	backup := child(t, db, env, "backup", "--out", filepath.Join(dir, "b.age"), "--recipient", id.Recipient().String())
	retention := child(t, db, env, "retention")
	var bout, rout bytes.Buffer
	backup.Stdout, backup.Stderr, retention.Stdout, retention.Stderr = &bout, &bout, &rout, &rout
	var wg sync.WaitGroup
	var backupErr, retentionErr error
	var left atomic.Int32
	for _, p := range []struct {
		cmd *exec.Cmd
		err *error
	}{{backup, &backupErr}, {retention, &retentionErr}} {
		if err := p.cmd.Start(); err != nil {
			t.Fatal(err)
		}
		left.Add(1)
		wg.Go(func() { *p.err = p.cmd.Wait(); left.Add(-1) })
	}
	notes := 0
	for ; left.Load() > 0 || notes < 5; notes++ {
		if r := runEnv(t, db, env, "note", "2026-0001", "во время копии и срока хранения"); r.code != 0 {
			t.Fatalf("note %d turned away: %s", notes+1, r.stderr)
		}
	}
	wg.Wait()
	if backupErr != nil {
		t.Fatalf("backup: %v\n%s", backupErr, bout.String())
	}
	if retentionErr != nil {
		t.Fatalf("retention: %v\n%s", retentionErr, rout.String())
	}
	evs := must(t, db, "show", "2026-0001")
	if got := strings.Count(evs, "во время копии"); got != notes {
		t.Errorf("%d notes written, the timeline holds %d", notes, got)
	}
}
