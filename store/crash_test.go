package store_test

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"privdesk/assets"
	"privdesk/cases"
	"privdesk/store"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestCrashLosesNothing kills writers with SIGKILL at random moments while
// they create cases, add notes, attach, tick steps, close and destroy:
// afterwards every write a writer reported done must be there, and the file
// must check clean.
func TestCrashLosesNothing(t *testing.T) {
	if os.Getenv("PRIVDESK_CRASH_WRITER") != "" {
		t.Skip("helper")
	}
	path := filepath.Join(t.TempDir(), "crash.db")
	reported := crashRounds(t, path)
	st, err := store.Open(path, opts(path))
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, line := range reported {
		f := strings.Fields(line)
		op, id := f[0], mustID(t, f[1])
		kinds[op]++
		c, err := st.Get(id)
		if err != nil {
			t.Fatalf("%s reported, case lost: %v", line, err)
		}
		checkReported(t, st, c, line)
	}
	for _, op := range []string{"new", "note", "attach", "step", "close", "destroy"} {
		if kinds[op] == 0 {
			t.Errorf("no %s was reported before the kills", op)
		}
	}
	if probs, err := st.Check(); err != nil || len(probs) != 0 {
		t.Errorf("check after the crashes: %v %v", probs, err)
	}
	checkDocumentsOnDisk(t, st, path)
}

func mustID(t *testing.T, s string) cases.ID {
	id, err := cases.ParseID(s)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// TestCrashWriter is the writer TestCrashLosesNothing kills: a loop of every
// kind of write, each printed once it has returned success.
func TestCrashWriter(t *testing.T) {
	path := os.Getenv("PRIVDESK_CRASH_WRITER")
	if path == "" {
		t.Skip("run by TestCrashLosesNothing")
	}
	st, err := store.Open(path, opts(path))
	if err != nil {
		t.Fatal(err)
	}
	dl := deadlines(t)
	steps, err := cases.ParseSteps(assets.Steps)
	if err != nil {
		t.Fatal(err)
	}
	dl.Steps = steps
	for i := range 100000 {
		id := create(t, st, dl, cases.KindPasswordReset, fmt.Sprintf("Subject %d", i), now)
		fmt.Printf("OK new %s\n", id)
		note := fmt.Sprintf("note-%d", i)
		if _, err := st.Update(id, func(c *cases.Case) ([]cases.Event, error) {
			ev, err := c.AddNote(note, now, "x")
			return []cases.Event{ev}, err
		}); err != nil {
			t.Fatal(err)
		}
		fmt.Printf("OK note %s %s\n", id, note)
		content := bytes.Repeat([]byte{byte(i)}, 4096)
		sum := sha256.Sum256(content)
		c, err := st.Attach(id, content, func(c *cases.Case) (cases.Event, error) {
			return c.Attach(cases.Document{Name: "scan.jpg", Size: 4096, SHA256: fmt.Sprintf("%x", sum), Type: "image/jpeg"}, now, "x")
		})
		if err != nil {
			t.Fatal(err)
		}
		fmt.Printf("OK attach %s %d\n", id, len(c.Documents))
		if _, err := st.Update(id, func(c *cases.Case) ([]cases.Event, error) {
			return c.MarkStep(c.Steps[0].Key, cases.StepDone, "", "", now, "x")
		}); err != nil {
			t.Fatal(err)
		}
		fmt.Printf("OK step %s\n", id)
		if i%3 == 0 {
			err := st.Destroy(map[cases.ID]store.DestroyFn{id: func(c *cases.Case, _ func(int) ([]byte, error)) ([]cases.Event, map[int][]byte, error) {
				ev, err := c.DestroyDocument(1, cases.Destruction{Reason: "purpose achieved", System: "privdesk"}, now, "x")
				return []cases.Event{ev}, nil, err
			}})
			if err != nil {
				t.Fatal(err)
			}
			fmt.Printf("OK destroy %s 1\n", id)
		}
		if _, err := st.Update(id, func(c *cases.Case) ([]cases.Event, error) {
			ev, err := c.Close(cases.OutcomeWithdrawn, "заявитель отозвал обращение", now, "x")
			return []cases.Event{ev}, err
		}); err != nil {
			t.Fatal(err)
		}
		fmt.Printf("OK close %s\n", id)
	}
}

// crashRounds runs the writer four times, killing it at a random write,
// and returns every write it reported done.
func crashRounds(t *testing.T, path string) []string {
	var reported []string
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))
	for round := range 4 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashWriter$")
		cmd.Env = append(os.Environ(), "PRIVDESK_CRASH_WRITER="+path, fmt.Sprintf("PRIVDESK_CRASH_SEED=%d", round))
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		killAt := 40 + rng.IntN(160)
		n := 0
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if line := sc.Text(); strings.HasPrefix(line, "OK ") {
				reported = append(reported, strings.TrimPrefix(line, "OK "))
				if n++; n == killAt {
					// Kill in the middle of whatever comes next.
					time.Sleep(time.Duration(rng.IntN(3000)) * time.Microsecond)
					cmd.Process.Signal(syscall.SIGKILL)
					break
				}
			}
		}
		cmd.Wait()
		if n < killAt {
			t.Fatalf("round %d: writer reported only %d writes", round, n)
		}
	}
	return reported
}

// checkReported checks that a write the writer reported is in the file.
func checkReported(t *testing.T, st *store.Store, c *cases.Case, line string) {
	t.Helper()
	f := strings.Fields(line)
	op, id := f[0], mustID(t, f[1])
	switch op {
	case "note":
		evs, _ := st.Events(id)
		found := false
		for _, e := range evs {
			found = found || (e.Type == cases.EventNote && e.Text == f[2])
		}
		if !found {
			t.Fatalf("%s reported, note lost", line)
		}
	case "attach":
		if d := c.Document(atoi(f[2])); d == nil {
			t.Fatalf("%s reported, document lost", line)
		}
	case "step":
		if c.Steps[0].State != cases.StepDone {
			t.Fatalf("%s reported, step lost", line)
		}
	case "close":
		if c.Status != cases.StatusClosed {
			t.Fatalf("%s reported, closing lost", line)
		}
	case "destroy":
		if d := c.Document(atoi(f[2])); d == nil || d.Destroyed == nil {
			t.Fatalf("%s reported, destruction lost", line)
		}
		if _, _, err := st.Content(id, atoi(f[2])); err == nil {
			t.Fatalf("%s reported, content still readable", line)
		}
	}
}

// checkDocumentsOnDisk checks that exactly the live documents are on disk.
func checkDocumentsOnDisk(t *testing.T, st *store.Store, path string) {
	t.Helper()
	// Exactly the live documents are on disk: one file and one key each;
	// nothing of a destroyed document or of an attach the kill cut short.
	all, _, err := st.List(store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	live := 0
	for _, c := range all {
		for _, d := range c.Documents {
			if d.Destroyed == nil {
				live++
			}
		}
	}
	files, _ := os.ReadDir(path + ".docs")
	keys, _ := os.ReadFile(path + ".keys")
	used := 0
	for i := 0; i+128 <= len(keys); i += 128 {
		if keys[i] != 0 {
			used++
		}
	}
	if len(files) != live || used != live {
		t.Errorf("%d live documents, but %d files and %d keys on disk", live, len(files), used)
	}
}
