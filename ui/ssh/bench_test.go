package ssh

import (
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"privdesk/ui/cli"
)

// 20 officers at once, each registering 100 cases over SSH, beside the same
// 2,000 cases registered by one local process, one after another. Reported:
// cases a second, and the 95th percentile of one registration.

const sessions, perSession = 20, 100

func BenchmarkSSHSessions20x100(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		d := startDesk(b)
		b.StartTimer()
		began := time.Now()
		var mu sync.Mutex
		var took []time.Duration
		var wg sync.WaitGroup
		for s := range sessions {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c, err := d.dial(b, d.keys[[]string{"ivanova", "petrov"}[s%2]])
				if err != nil {
					b.Error(err)
					return
				}
				defer c.Close()
				for i := range perSession {
					sess, err := c.NewSession()
					if err != nil {
						b.Error(err)
						return
					}
					t0 := time.Now()
					err = sess.Run(fmt.Sprintf("privdesk new --kind access --name \"Субъект %d-%d\" --email s%d-%d@example.ru", s, i, s, i))
					dt := time.Since(t0)
					sess.Close()
					if err != nil {
						b.Error(err)
						return
					}
					mu.Lock()
					took = append(took, dt)
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		report(b, took, time.Since(began))
	}
}

func BenchmarkLocalProcess2000(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		dir := b.TempDir()
		env := map[string]string{"PRIVDESK_DB": filepath.Join(dir, "p.db"), "PRIVDESK_KEY": filepath.Join(dir, "key"), "PRIVDESK_OFFICER": "ivanova", "LANG": "en_US.UTF-8"}
		e := cli.Env{Stdout: io.Discard, Stderr: io.Discard, Getenv: func(k string) string { return env[k] }, Now: func() time.Time { return now }}
		cli.Run([]string{"init"}, e)
		b.StartTimer()
		began := time.Now()
		var took []time.Duration
		for i := range sessions * perSession {
			t0 := time.Now()
			if cli.Run([]string{"new", "--kind", "access", "--name", fmt.Sprint("Субъект ", i), "--email", fmt.Sprintf("s%d@example.ru", i)}, e) != 0 {
				b.Fatal("new failed")
			}
			took = append(took, time.Since(t0))
		}
		report(b, took, time.Since(began))
	}
}

func report(b *testing.B, took []time.Duration, total time.Duration) {
	if len(took) != sessions*perSession {
		b.Fatalf("%d of %d cases registered", len(took), sessions*perSession)
	}
	slices.Sort(took)
	b.ReportMetric(float64(len(took))/total.Seconds(), "cases/s")
	b.ReportMetric(float64(took[len(took)*95/100].Microseconds())/1000, "p95-ms")
}
