package cli_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
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
	cmd := exec.Command(os.Args[0], "-test.run=^TestBackupChild$", "-test.v")
	cmd.Env = append(os.Environ(), "PRIVDESK_TEST_BACKUP="+db+"\n"+out+"\n"+id.Recipient().String())
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

// TestBackupChild is the backup of TestBackupMemoryIsFlat, in a process of
// its own; run by itself it does nothing.
func TestBackupChild(t *testing.T) {
	args := strings.Split(os.Getenv("PRIVDESK_TEST_BACKUP"), "\n")
	if len(args) != 3 {
		t.Skip("the child process of TestBackupMemoryIsFlat")
	}
	if r := run(t, args[0], "backup", "--out", args[1], "--recipient", args[2]); r.code != 0 {
		t.Fatalf("backup: %s", r.stderr)
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
