package ui

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	tea "charm.land/bubbletea/v2"

	"privdesk/cases"
	"privdesk/store"
	"privdesk/store/demo"
	"privdesk/ui/common"
)

const benchCases = 100_000

var (
	benchOnce sync.Once
	benchDir  string
	benchPath string
	benchErr  error
)

// benchDB builds a database of 100,000 fictional cases once per run.
func benchDB(b *testing.B) common.Config {
	cfg := testConfig(b, cases.RU)
	benchOnce.Do(func() {
		// Not b.TempDir: that is removed when the first benchmark ends.
		dir, err := os.MkdirTemp("", "privdesk-bench-")
		if err != nil {
			benchErr = err
			return
		}
		benchDir = dir
		benchPath = filepath.Join(dir, "bench.db")
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
			var items []store.NewCase
			for _, in := range ins[start : start+10_000] {
				c, ev, err := cases.New(in, cfg.Rules, testNow, "bench")
				if err != nil {
					benchErr = err
					return
				}
				items = append(items, store.NewCase{Case: c, Events: []cases.Event{ev}})
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

// BenchmarkOpenQueue measures what the officer waits for on start: opening
// the store, reading the due index and the first page, and the first frame.
func BenchmarkOpenQueue(b *testing.B) {
	cfg := benchDB(b)
	for b.Loop() {
		st, err := store.Open(benchPath, testOptions(benchDir))
		if err != nil {
			b.Fatal(err)
		}
		cfg.Store = st
		var m tea.Model = New(cfg)
		m, _ = m.Update(tea.WindowSizeMsg{Width: 140, Height: 40})
		m, _ = m.Update(loadQueueCmd(st, firstPage)())
		if len(m.(Model).q.rows) != benchCases {
			b.Fatalf("%d rows", len(m.(Model).q.rows))
		}
		_ = m.View()
	}
}

// BenchmarkFilterKeystroke measures one keystroke in the filter over
// 100,000 loaded cases: refiltering and the next frame.
func BenchmarkFilterKeystroke(b *testing.B) {
	cfg := benchDB(b)
	st, err := store.Open(benchPath, testOptions(benchDir))
	if err != nil {
		b.Fatal(err)
	}
	cfg.Store = st
	var m tea.Model = New(cfg)
	m, _ = m.Update(tea.WindowSizeMsg{Width: 140, Height: 40})
	m, _ = m.Update(loadQueueCmd(st, firstPage)())
	all, _, err := st.List(store.Filter{})
	if err != nil {
		b.Fatal(err)
	}
	m, _ = m.Update(casesMsg{cases: all})
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
	if fm := m.(Model); len(fm.q.rows) != benchCases || len([]rune(fm.q.filter.Value())) > 3 {
		b.Fatalf("%d rows, filter %q", len(fm.q.rows), fm.q.filter.Value())
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
	st, err := store.Open(benchPath, testOptions(benchDir))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		all, _, err := st.List(store.Filter{})
		if err != nil || len(all) != benchCases {
			b.Fatalf("%d cases, %v", len(all), err)
		}
	}
}
