package store_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"

	"privdesk/cases"
	"privdesk/store"
)

// filled is a closed database with some cases, and its path.
func filled(t *testing.T, n int) string {
	t.Helper()
	st := openTemp(t)
	dl := deadlines(t)
	for i := range n {
		create(t, st, dl, cases.KindAccess, "Subject "+string(rune('A'+i%26)), now)
	}
	return st.Path()
}

func TestTruncatedFile(t *testing.T) {
	path := filled(t, 300)
	raw, _ := os.ReadFile(path)
	if err := os.WriteFile(path, raw[:len(raw)/2], 0o600); err != nil {
		t.Fatal(err)
	}
	before := fileHash(t, path)
	_, err := store.Open(path, opts(path))
	if errCode(err) != store.ErrDamaged {
		t.Fatalf("open of a file cut in half: %v", err)
	}
	if fileHash(t, path) != before {
		t.Error("opening a damaged file changed it")
	}
}

func TestCorruptPagesNeverPanic(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	refused, reported := 0, 0
	defer func() {
		if reported == 0 {
			t.Errorf("of 20 trials, %d files were refused at open and none reported by check: the test reached too little", refused)
		}
	}()
	for trial := range 20 {
		path := filled(t, 200)
		raw, _ := os.ReadFile(path)
		pages := len(raw) / 4096
		for range 3 { // a few random pages, past the two meta pages
			p := 2 + rng.IntN(pages-2)
			for i := range 4096 {
				raw[p*4096+i] = byte(rng.Uint32())
			}
		}
		os.WriteFile(path, raw, 0o600)
		st, err := store.Open(path, opts(path))
		if err != nil {
			if errCode(err) != store.ErrDamaged && errCode(err) != store.ErrCorrupt {
				t.Fatalf("trial %d: open: %v", trial, err)
			}
			refused++
			continue
		}
		// Every reader returns: a result, or an error, never a panic.
		st.Queue()
		st.List(store.Filter{})
		probs, err := st.Check()
		if err != nil {
			t.Fatalf("trial %d: check failed instead of reporting: %v", trial, err)
		}
		damaged := false
		for _, p := range probs {
			damaged = damaged || p.Code == "bolt" || p.Code == "damaged"
		}
		if !damaged {
			continue // the pages hit were free ones
		}
		reported++
		before := fileHash(t, path)
		_, err = st.Update(cases.ID{Year: 2026, N: 1}, func(c *cases.Case) ([]cases.Event, error) {
			ev, err := c.AddNote("x", now, "x")
			return []cases.Event{ev}, err
		})
		if errCode(err) != store.ErrDamaged || fileHash(t, path) != before {
			t.Fatalf("trial %d: a write started on a file check found damaged: %v", trial, err)
		}
	}
}

func TestUndecodableRecordIsSkipped(t *testing.T) {
	st := openTemp(t)
	dl := deadlines(t)
	a := create(t, st, dl, cases.KindAccess, "A", now)
	b := create(t, st, dl, cases.KindAccess, "B", now)
	st2 := corruptRecord(t, st, b)
	list, bad, err := st2.List(store.Filter{})
	if err != nil || len(list) != 1 || list[0].ID != a || len(bad) != 1 || bad[0] != b {
		t.Fatalf("list: %d cases, unreadable %v, %v", len(list), bad, err)
	}
	probs, _ := st2.Check()
	found := false
	for _, p := range probs {
		found = found || (p.Case == b.String() && p.Code == "undecodable")
	}
	if !found {
		t.Errorf("check does not name the unreadable record: %+v", probs)
	}
}

// A destruction that fails (its journal cannot be written) or a
// depersonalisation refused for want of space changes nothing.
func TestFailedDestructionChangesNothing(t *testing.T) {
	st, id := withDocument(t)
	before, keys := fileHash(t, st.Path()), fileHash(t, st.Path()+".keys")
	if err := os.MkdirAll(filepath.Join(st.Path()+".destroyed", "x"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := st.Destroy(map[cases.ID]store.DestroyFn{id: destroyFirst}); errCode(err) != store.ErrIO {
		t.Fatalf("destroy without its journal: %v", err)
	}
	if fileHash(t, st.Path()) != before || fileHash(t, st.Path()+".keys") != keys {
		t.Fatal("a failed destruction changed the database")
	}
	if _, content, err := st.Content(id, 1); err != nil || !bytes.Equal(content, []byte("scan")) {
		t.Fatalf("document after a failed destruction: %v", err)
	}
	os.RemoveAll(st.Path() + ".destroyed")
	restore := store.SetFreeSpace(func(string) (uint64, error) { return 1 << 10, nil })
	err := st.Depersonalise(map[cases.ID]store.DepersonaliseFn{id: func(_ *cases.Case, tl []cases.Event) ([]cases.Event, []cases.Event, error) {
		return tl, nil, nil
	}})
	restore()
	if errCode(err) != store.ErrNoSpace || fileHash(t, st.Path()) != before {
		t.Fatalf("depersonalise with 1 KiB free: %v", err)
	}
	if err := st.Destroy(map[cases.ID]store.DestroyFn{id: destroyFirst}); err != nil {
		t.Fatal(err)
	}
	if probs, err := st.Check(); err != nil || len(probs) != 0 {
		t.Errorf("check: %v %v", probs, err)
	}
}

func destroyFirst(c *cases.Case, _ func(int) ([]byte, error)) ([]cases.Event, map[int][]byte, error) {
	ev, err := c.DestroyDocument(1, cases.Destruction{Reason: "purpose achieved", System: "privdesk"}, now, "x")
	return []cases.Event{ev}, nil, err
}

// withDocument is a store with one case holding document 1, "scan".
func withDocument(t *testing.T) (*store.Store, cases.ID) {
	t.Helper()
	st := openTemp(t)
	id := create(t, st, deadlines(t), cases.KindAccess, "A", now)
	sum := sha256.Sum256([]byte("scan"))
	if _, err := st.Attach(id, []byte("scan"), func(c *cases.Case) (cases.Event, error) {
		return c.Attach(cases.Document{Name: "a.jpg", Size: 4, SHA256: hex.EncodeToString(sum[:])}, now, "x")
	}); err != nil {
		t.Fatal(err)
	}
	return st, id
}

// corruptRecord flips bytes of a case's sealed record in the file, and
// opens the store again.
func corruptRecord(t *testing.T, st *store.Store, id cases.ID) *store.Store {
	t.Helper()
	db, err := bolt.Open(st.Path(), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	key := binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint32(nil, uint32(id.Year)), uint32(id.N))
	err = db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("cases"))
		v := bytes.Clone(b.Get(key))
		v[len(v)/2] ^= 0xff
		return b.Put(key, v)
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	st2, err := store.Open(st.Path(), opts(st.Path()))
	if err != nil {
		t.Fatal(err)
	}
	return st2
}
