package cli_test

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"filippo.io/age"
)

// peakHeap runs fn while sampling the heap in use, and returns its peak.
func peakHeap(fn func()) uint64 {
	runtime.GC()
	var peak atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			peak.Store(max(peak.Load(), ms.HeapInuse))
			select {
			case <-stop:
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	})
	fn()
	close(stop)
	wg.Wait()
	return peak.Load()
}

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
	var r result
	peak := peakHeap(func() { r = run(t, db, "backup", "--out", out, "--recipient", id.Recipient().String()) })
	if r.code != 0 {
		t.Fatalf("backup: %s", r.stderr)
	}
	fi, err := os.Stat(out)
	if err != nil || fi.Size() < 200<<20 {
		t.Fatalf("the backup: %v", err)
	}
	if peak > 64<<20 {
		t.Errorf("the backup's heap peaked at %d MiB for %d MiB written", peak>>20, fi.Size()>>20)
	}
}
