package office_test

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"privdesk/cases"
	"privdesk/store"
	"privdesk/ui/office"
)

// Imports at scale, each beside its floor measured in the same run.

// full100k is a configuration on a database of 100,000 cases, built once.
var (
	fullOnce sync.Once
	fullDir  string
	fullCfg  office.Config
)

func full100k(b *testing.B) office.Config {
	fullOnce.Do(func() {
		var err error
		if fullDir, err = os.MkdirTemp("", "privdesk-bench-"); err != nil {
			b.Fatal(err)
		}
		fullCfg = configIn(b, fullDir)
		if _, err := fullCfg.Office.Demo(fullCfg.Rules, 100_000, now); err != nil {
			b.Fatal(err)
		}
	})
	return fullCfg
}

// BenchmarkImportOneEml100k imports one new message into the 100,000-case
// database, as each round of import --watch does.
func BenchmarkImportOneEml100k(b *testing.B) {
	cfg := full100k(b)
	dir := b.TempDir()
	i := 0
	for b.Loop() {
		b.StopTimer()
		path := filepath.Join(dir, fmt.Sprintf("m%d.eml", i))
		os.WriteFile(path, fmt.Appendf(nil, "From: Анна <anna%d@example.ru>\nSubject: Какие данные обо мне вы храните?\nMessage-ID: <eml%d@example.ru>\nDate: Tue, 24 Nov 2026 09:00:00 +0300\nContent-Type: text/plain; charset=utf-8\n\nПрошу сообщить, какие мои данные вы обрабатываете.\n", i, i), 0o600)
		i++
		b.StartTimer()
		rep, err := office.Import(cfg, []string{path}, office.ImportOptions{})
		if err != nil || len(rep.Created) != 1 {
			b.Fatalf("%d created, %v", len(rep.Created), err)
		}
	}
}

// BenchmarkFloorCreateOne is its floor: one new case in the same database,
// one transaction.
func BenchmarkFloorCreateOne(b *testing.B) {
	cfg := full100k(b)
	for b.Loop() {
		c, ev, err := cases.New(cases.Intake{Kind: cases.KindAccess, Received: now,
			Subject: cases.Subject{Name: "Анна", Email: "anna@example.ru"}}, cfg.Rules, now, "bench")
		if err != nil {
			b.Fatal(err)
		}
		if _, err := cfg.Office.Create(c, ev); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkImportJSON100k imports 100,000 JSON requests into a new database.
func BenchmarkImportJSON100k(b *testing.B) { benchImport(b, writeJSON(b, 100_000), 100_000) }

// BenchmarkFloorCreate100k is its floor, the benchmark's own generator:
// the same 100,000 cases, built in memory and written in one transaction.
func BenchmarkFloorCreate100k(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		cfg := newConfig(b)
		b.StartTimer()
		items := make([]store.NewCase, 100_000)
		for i := range items {
			kind := cases.Kinds[i%len(cases.Kinds)]
			if kind == cases.KindIncident {
				kind = cases.KindOther // an incident needs details the generator does not make
			}
			c, ev, err := cases.New(cases.Intake{Kind: kind, Received: now.AddDate(0, 0, -5),
				Subject: cases.Subject{Name: fmt.Sprintf("Субъект %d", i), Email: fmt.Sprintf("s%d@example.ru", i)}, Summary: "Запрос с веб-формы"}, cfg.Rules, now, "bench")
			if err != nil {
				b.Fatal(err)
			}
			items[i] = store.NewCase{Case: c, Events: []cases.Event{ev}}
		}
		if _, err := cfg.Office.CreateMany(items); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkImportMbox20k imports a 20,000-message mbox and reports the peak
// heap (MiB-peak) beside the file's size (MiB-file).
func BenchmarkImportMbox20k(b *testing.B) {
	path := writeMbox(b, 20_000)
	fi, _ := os.Stat(path)
	for b.Loop() {
		b.StopTimer()
		cfg := newConfig(b)
		runtime.GC()
		stop, peak := sampleHeap()
		b.StartTimer()
		rep, err := office.Import(cfg, []string{path}, office.ImportOptions{})
		b.StopTimer()
		close(stop)
		if err != nil || len(rep.Created) != 20_000 {
			b.Fatalf("%d created, %v", len(rep.Created), err)
		}
		b.ReportMetric(float64(<-peak)/(1<<20), "MiB-peak")
		b.ReportMetric(float64(fi.Size())/(1<<20), "MiB-file")
		b.StartTimer()
	}
}

// sampleHeap reads the heap every few milliseconds until stop is closed,
// and then sends the largest it saw.
func sampleHeap() (chan struct{}, chan uint64) {
	stop, peak := make(chan struct{}), make(chan uint64, 1)
	go func() {
		var most uint64
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			most = max(most, ms.HeapAlloc)
			select {
			case <-stop:
				peak <- most
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	return stop, peak
}

func TestMain(m *testing.M) {
	code := m.Run()
	if fullDir != "" {
		os.RemoveAll(fullDir)
	}
	os.Exit(code)
}
