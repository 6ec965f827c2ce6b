package store_test

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	bolt "go.etcd.io/bbolt"

	"privdesk/cases"
	"privdesk/store"
	"privdesk/store/demo"
)

// Scale: destroying one document in a database of 100,000 cases and 1 GiB
// of documents, beside its floor, a bbolt delete and commit in a file of the
// same number of records. PRIVDESK_BENCH_DOCS_MB sets the documents' total
// (1024 by default).

const scaleCases = 100_000

var (
	scaleOnce sync.Once
	scaleDir  string
	scaleErr  error
	scaleDocs []cases.ID // the cases holding one 1 MiB document each
)

func scaleDB(b *testing.B) string {
	scaleOnce.Do(func() {
		dir, err := os.MkdirTemp("", "privdesk-scale-")
		if err != nil {
			scaleErr = err
			return
		}
		scaleDir = dir
		path := filepath.Join(dir, "p.db")
		st, err := store.Open(path, opts(path))
		if err != nil {
			scaleErr = err
			return
		}
		dl := deadlines(b)
		if _, err := demo.Fill(st, dl, scaleCases, now, "bench"); err != nil {
			scaleErr = err
			return
		}
		mb := 1024
		if v, err := strconv.Atoi(os.Getenv("PRIVDESK_BENCH_DOCS_MB")); err == nil && v > 0 {
			mb = v
		}
		content := make([]byte, 1<<20)
		for i := range mb {
			binary.BigEndian.PutUint64(content, uint64(i)) // each document differs
			sum := sha256.Sum256(content)
			c, ev, err := cases.New(cases.Intake{Kind: cases.KindPasswordReset, Received: now,
				Subject: cases.Subject{Name: fmt.Sprint("Doc ", i), Email: "d@example.ru"}}, dl, now, "bench")
			if err != nil {
				scaleErr = err
				return
			}
			ev2, err := c.Attach(cases.Document{Name: "scan.jpg", Size: int64(len(content)), SHA256: hex.EncodeToString(sum[:]), Type: "image/jpeg"}, now, "bench")
			if err != nil {
				scaleErr = err
				return
			}
			ids, err := st.CreateMany([]store.NewCase{{Case: c, Events: []cases.Event{ev, ev2}, Blobs: [][]byte{content}}})
			if err != nil {
				scaleErr = err
				return
			}
			scaleDocs = append(scaleDocs, ids[0])
		}
	})
	if scaleErr != nil {
		b.Fatal(scaleErr)
	}
	return filepath.Join(scaleDir, "p.db")
}

// BenchmarkDestroyDocument destroys one document per iteration, as
// privdesk destroy does: the case's change, its event, the key's erasing
// and the file's deletion.
func BenchmarkDestroyDocument(b *testing.B) {
	path := scaleDB(b)
	st, err := store.Open(path, opts(path))
	if err != nil {
		b.Fatal(err)
	}
	i := 0
	for b.Loop() {
		if i == len(scaleDocs) {
			b.Fatalf("only %d documents to destroy: raise PRIVDESK_BENCH_DOCS_MB or lower -benchtime", i)
		}
		err := st.Destroy(map[cases.ID]store.DestroyFn{scaleDocs[i]: func(c *cases.Case, _ func(int) ([]byte, error)) ([]cases.Event, map[int][]byte, error) {
			ev, err := c.DestroyDocument(1, cases.Destruction{Reason: "purpose achieved", System: "privdesk"}, now, "bench")
			return []cases.Event{ev}, nil, err
		}})
		if err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkFloorDeleteCommit is the floor for a destruction: open a bbolt
// file of as many records, delete one key, commit, close.
func BenchmarkFloorDeleteCommit(b *testing.B) {
	path := filepath.Join(b.TempDir(), "floor.db")
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		b.Fatal(err)
	}
	value := make([]byte, 2000)
	for start := 0; start < scaleCases; start += 10_000 {
		db.Update(func(tx *bolt.Tx) error {
			bk, _ := tx.CreateBucketIfNotExists([]byte("cases"))
			for n := start; n < start+10_000; n++ {
				bk.Put(binary.BigEndian.AppendUint64(nil, uint64(n)), value)
			}
			return nil
		})
	}
	db.Close()
	i := 0
	for b.Loop() {
		db, err := bolt.Open(path, 0o600, nil)
		if err != nil {
			b.Fatal(err)
		}
		err = db.Update(func(tx *bolt.Tx) error {
			return tx.Bucket([]byte("cases")).Delete(binary.BigEndian.AppendUint64(nil, uint64(i)))
		})
		db.Close()
		if err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func TestMain(m *testing.M) {
	code := m.Run()
	if scaleDir != "" {
		os.RemoveAll(scaleDir)
	}
	os.Exit(code)
}
