package tui

import (
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"privdesk/cases"
	"privdesk/store"
	"privdesk/store/demo"
	"privdesk/ui/office"
)

// A writer (a script, a mail watch, another officer) should never wait long
// for the file: not while the desk loads 100,000 cases, not while a
// document is destroyed. Each of its writes is timed and the slowest is
// reported (worst-ms) beside the floor: the slowest of the same writes with
// nothing else at the file (floor-worst-ms). A timing is a benchmark's, not
// a test's: it says how a machine did, not whether the code is right.
//
//	go test -run '^$' -bench '^BenchmarkWritersWait$' -benchtime 1x ./ui/tui
func BenchmarkWritersWait(b *testing.B) {
	t := b
	cfg, id := registerWithScan(b)
	// The writer: a separate handle on the file, as another process has.
	writer, err := store.Open(cfg.Office.Path(), testOptions(filepath.Dir(cfg.Office.Path())))
	if err != nil {
		t.Fatal(err)
	}
	note := func() time.Duration {
		began := time.Now()
		if _, err := writer.Update(id, func(c *cases.Case) ([]cases.Event, error) {
			ev, err := c.AddNote("ещё заметка", testNow, "writer")
			return []cases.Event{ev}, err
		}); err != nil {
			t.Error(err)
		}
		return time.Since(began)
	}
	var floor time.Duration
	for range 50 {
		floor = max(floor, note())
		time.Sleep(20 * time.Millisecond)
	}
	b.ResetTimer()
	stop := make(chan struct{})
	var worst time.Duration
	var writes int
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			worst = max(worst, note())
			writes++
			time.Sleep(20 * time.Millisecond) // a busy script: fifty writes a second
		}
	}()
	var m tea.Model = New(cfg)
	m, _ = m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	m = run(m, loadQueueCmd(cfg.Office, firstPage))
	if m.(Model).status != "" && m.(Model).statusErr {
		t.Fatalf("the desk's load failed: %s", m.(Model).status)
	}
	loaded := 0
	for _, r := range m.(Model).q.rows {
		if r.brief != nil {
			loaded++
		}
	}
	err = cfg.Office.Destroy(map[cases.ID]office.DestroyFn{id: func(c *cases.Case, _ func(int) ([]byte, error)) ([]cases.Event, map[int][]byte, error) {
		ev, err := c.DestroyDocument(1, cases.Destruction{Reason: "цель достигнута", System: "privdesk"}, testNow, "x")
		return []cases.Event{ev}, nil, err
	}})
	if err != nil {
		t.Fatal(err)
	}
	close(stop)
	wg.Wait()
	if loaded < benchCases {
		t.Fatalf("the desk loaded %d briefs", loaded)
	}
	if writes < 5 {
		t.Fatalf("the writer wrote only %d times", writes)
	}
	b.ReportMetric(float64(worst.Microseconds())/1000, "worst-ms")
	b.ReportMetric(float64(floor.Microseconds())/1000, "floor-worst-ms")
	b.ReportMetric(float64(writes), "writes")
}

// registerWithScan is a register of 100,000 cases and one more holding a
// 4 MiB scan, whose number it returns.
func registerWithScan(t testing.TB) (office.Config, cases.ID) {
	cfg := testConfig(t, cases.RU)
	ins, err := demo.Intakes(benchCases, testNow, 1)
	if err != nil {
		t.Fatal(err)
	}
	for start := 0; start < len(ins); start += 10_000 {
		var items []office.NewCase
		for _, in := range ins[start : start+10_000] {
			c, ev, err := cases.New(in, cfg.Rules, testNow, "x")
			if err != nil {
				t.Fatal(err)
			}
			items = append(items, office.NewCase{Case: c, Events: []cases.Event{ev}})
		}
		if _, err := cfg.Office.CreateMany(items); err != nil {
			t.Fatal(err)
		}
	}
	content := make([]byte, 4<<20)
	sum := sha256.Sum256(content)
	id := addCase(t, cfg, cases.KindPasswordReset, "Документов Денис", testNow)
	if _, err := cfg.Office.Attach(id, content, func(c *cases.Case) (cases.Event, error) {
		return c.Attach(cases.Document{Name: "scan.jpg", Size: int64(len(content)), SHA256: hex.EncodeToString(sum[:])}, testNow, "x")
	}); err != nil {
		t.Fatal(err)
	}
	return cfg, id
}
