package tui

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	tea "charm.land/bubbletea/v2"

	"privdesk/cases"
	"privdesk/store"
	"privdesk/store/demo"
	"privdesk/store/seal"
	"privdesk/ui/office"
	"privdesk/ui/office/config"
)

const benchCases = 100_000

var (
	benchOnce sync.Once
	benchDir  string
	benchPath string
	benchKey  string
	benchRows = benchCases // the cases of the bench database
	benchErr  error
)

// benchOptions open the bench database.
func benchOptions() office.Options {
	return office.Options{Key: seal.Source{KeyFile: benchKey}}
}

// benchDB builds a database of 100,000 fictional cases once per run, or
// takes the demo database PRIVDESK_BENCH_DB names (with its key,
// PRIVDESK_BENCH_KEY), as scripts/bench does.
func benchDB(b *testing.B) office.Config {
	cfg := testConfig(b, cases.RU)
	benchOnce.Do(func() {
		if path := os.Getenv("PRIVDESK_BENCH_DB"); path != "" {
			benchPath, benchKey = path, os.Getenv("PRIVDESK_BENCH_KEY")
			st, err := store.Open(benchPath, benchOptions())
			if err == nil {
				var rows []office.Row
				rows, _, err = st.Queue()
				benchRows = len(rows)
			}
			benchErr = err
			return
		}
		// Not b.TempDir: that is removed when the first benchmark ends.
		dir, err := os.MkdirTemp("", "privdesk-bench-")
		if err != nil {
			benchErr = err
			return
		}
		benchDir = dir
		benchPath, benchKey = filepath.Join(dir, "bench.db"), filepath.Join(dir, "key")
		st, err := store.Open(benchPath, testOptions(benchDir))
		if err != nil {
			benchErr = err
			return
		}
		ins, err := demo.Intakes(benchCases, testNow, 1)
		if err != nil {
			benchErr = err
			return
		}
		for start := 0; start < len(ins); start += 10_000 {
			var items []office.NewCase
			for _, in := range ins[start : start+10_000] {
				c, ev, err := cases.New(in, cfg.Rules, testNow, "bench")
				if err != nil {
					benchErr = err
					return
				}
				items = append(items, office.NewCase{Case: c, Events: []cases.Event{ev}})
			}
			if _, err := st.CreateMany(items); err != nil {
				benchErr = err
				return
			}
		}
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return cfg
}

// run drives the desk as the program would: it runs the commands a message
// asks for, and feeds their answers back, until nothing is asked. Ticks and
// other timers are left out.
func run(m tea.Model, cmd tea.Cmd) tea.Model {
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case queueMsg, briefsMsg, casesMsg, keyCasesMsg, errMsg, dryRunMsg:
			var next tea.Cmd
			m, next = m.Update(msg)
			queue = append(queue, next)
		}
	}
	return m
}

// openDesk opens the store and the desk on it, and loads the queue the way
// the program does: the index and the first page, then the briefs in
// chunks and the records of the rows on screen.
func openDesk(b *testing.B, cfg office.Config) Model {
	st, err := store.Open(benchPath, benchOptions())
	if err != nil {
		b.Fatal(err)
	}
	cfg.Office = office.Local(st, cfg.Settings, cfg.Officer, config.RoleOfficer)
	var m tea.Model = New(cfg)
	m, _ = m.Update(tea.WindowSizeMsg{Width: 140, Height: 40})
	return run(m, loadQueueCmd(cfg.Office, firstPage)).(Model)
}

// BenchmarkOpenQueue measures what the officer waits for on start: opening
// the store, reading the due index and the first page, and the first frame.
func BenchmarkOpenQueue(b *testing.B) {
	cfg := benchDB(b)
	for b.Loop() {
		st, err := store.Open(benchPath, benchOptions())
		if err != nil {
			b.Fatal(err)
		}
		cfg.Office = office.Local(st, cfg.Settings, cfg.Officer, config.RoleOfficer)
		m := deskAt(cfg, 140, 40)
		if len(m.(Model).q.rows) != benchRows {
			b.Fatalf("%d rows", len(m.(Model).q.rows))
		}
		_ = m.View()
	}
}

// BenchmarkFloorQueueIndex is the floor under the first frame: reading the
// due index's 100,000 rows, which the queue's counts and order need.
func BenchmarkFloorQueueIndex(b *testing.B) {
	benchDB(b)
	st, err := store.Open(benchPath, benchOptions())
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if rows, _, err := st.Queue(); err != nil || len(rows) != benchRows {
			b.Fatalf("%d rows, %v", len(rows), err)
		}
	}
}

// BenchmarkSearchReady measures how long after start a name search covers
// the whole register: open, first frame, and every brief read.
func BenchmarkSearchReady(b *testing.B) {
	cfg := benchDB(b)
	for b.Loop() {
		m := openDesk(b, cfg)
		for _, r := range m.q.rows {
			if r.brief == nil {
				b.Fatalf("%s has no brief", r.ID)
			}
		}
	}
}

// BenchmarkDeskMemory reports the desk's live heap once the queue is
// loaded (MiB-desk), beside the heap of the index rows alone (MiB-rows),
// the floor of any queue of this size.
func BenchmarkDeskMemory(b *testing.B) {
	cfg := benchDB(b)
	heap := func() float64 {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return float64(ms.HeapAlloc) / (1 << 20)
	}
	st, err := store.Open(benchPath, benchOptions())
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		base := heap()
		rows, _, err := st.Queue()
		if err != nil {
			b.Fatal(err)
		}
		onlyRows := heap() - base
		runtime.KeepAlive(rows)
		rows = nil
		base = heap()
		m := openDesk(b, cfg)
		desk := heap() - base
		runtime.KeepAlive(m)
		b.ReportMetric(desk, "MiB-desk")
		b.ReportMetric(onlyRows, "MiB-rows")
	}
}

// BenchmarkFilterKeystroke measures one keystroke in the filter over
// 100,000 cases, loaded as the desk loads them: refiltering and the next
// frame.
func BenchmarkFilterKeystroke(b *testing.B) {
	var m tea.Model = openDesk(b, benchDB(b))
	m, _ = m.Update(tea.KeyPressMsg{Code: '/', Text: "/"})
	// Type "ива" and erase it again, over and over: every key refilters.
	var keys []tea.KeyPressMsg
	for _, r := range "ива" {
		keys = append(keys, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	for range 3 {
		keys = append(keys, tea.KeyPressMsg{Code: tea.KeyBackspace})
	}
	i := 0
	for b.Loop() {
		m, _ = m.Update(keys[i%len(keys)])
		_ = m.View()
		i++
	}
	if fm := m.(Model); len(fm.q.rows) != benchRows || len([]rune(fm.q.filter.Value())) > 3 {
		b.Fatalf("%d rows, filter %q", len(fm.q.rows), fm.q.filter.Value())
	}
}

// BenchmarkFloorScan is the floor under a keystroke: one substring test
// against each of 100,000 search texts.
func BenchmarkFloorScan(b *testing.B) {
	m := openDesk(b, benchDB(b))
	texts := make([]string, len(m.q.rows))
	for i, r := range m.q.rows {
		texts[i] = r.search
	}
	needle, _ := narrow("ив")
	for b.Loop() {
		n := 0
		for _, t := range texts {
			if strings.Contains(t, needle) {
				n++
			}
		}
		if n == 0 {
			b.Fatal("nothing matched")
		}
	}
}

func TestMain(m *testing.M) {
	code := m.Run()
	if benchDir != "" {
		os.RemoveAll(benchDir)
	}
	os.Exit(code)
}

// BenchmarkLoadAllRecords measures the background load that lets the filter
// search names: unsealing and decoding all 100,000 records.
func BenchmarkLoadAllRecords(b *testing.B) {
	benchDB(b)
	st, err := store.Open(benchPath, benchOptions())
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		all, _, err := st.List(office.Filter{})
		if err != nil || len(all) != benchRows {
			b.Fatalf("%d cases, %v", len(all), err)
		}
	}
}
