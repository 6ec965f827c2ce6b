package store

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"privdesk/cases"
)

// closedCases is a store of n closed cases with a note each.
func closedCases(t *testing.T, n int) (*Store, []cases.ID) {
	t.Helper()
	dir := t.TempDir()
	st, err := Open(filepath.Join(dir, "p.db"), keyOpts(dir))
	if err != nil {
		t.Fatal(err)
	}
	var ids []cases.ID
	for range n {
		id := newCase(t, st, cases.KindAccess, "Рябинина Ольга", "olga@example.ru")
		_, err := st.Update(id, func(c *cases.Case) ([]cases.Event, error) {
			note, err := c.AddNote("Перезвонила, номер "+id.String(), t0, "ivanova")
			if err != nil {
				return nil, err
			}
			closed, err := c.Close(cases.OutcomeWithdrawn, "отозвано заявителем", t0.Add(time.Hour), "ivanova")
			return []cases.Event{note, closed}, err
		})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return st, ids
}

// sealedValues is a 48-byte piece of every record and event in the file.
func sealedValues(t *testing.T, path string) [][]byte {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var out [][]byte
	db.View(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bCases, bEvents} {
			tx.Bucket(b).ForEach(func(_, v []byte) error {
				if len(v) >= 80 {
					out = append(out, bytes.Clone(v[len(v)/2-24:len(v)/2+24]))
				}
				return nil
			})
		}
		return nil
	})
	return out
}

// Retention rewrites the records in place, in chunks, and leaves no earlier
// version of any in the file: the same file, its free pages zeroed.
func TestDepersonaliseInPlaceLeavesNoOldVersion(t *testing.T) {
	st, ids := closedCases(t, 2*retentionChunk+50)
	before, err := os.Stat(st.Path())
	if err != nil {
		t.Fatal(err)
	}
	old := sealedValues(t, st.Path())
	if len(old) < 3*len(ids) || !bytes.Contains(rawFile(t, st.Path()), old[0]) {
		t.Fatalf("fixture: %d sealed values", len(old))
	}
	fns := map[cases.ID]DepersonaliseFn{}
	for _, id := range ids {
		fns[id] = func(c *cases.Case, tl []cases.Event) ([]cases.Event, []cases.Event, error) {
			return c.Depersonalise(tl, "privdesk", t0.AddDate(0, 1, 0), "ivanova")
		}
	}
	if err := st.Depersonalise(fns); err != nil {
		t.Fatal(err)
	}
	after, _ := os.Stat(st.Path())
	if !os.SameFile(before, after) {
		t.Error("the database file was replaced, not rewritten in place")
	}
	raw := rawFile(t, st.Path())
	left := 0
	for _, v := range old {
		if bytes.Contains(raw, v) {
			left++
		}
	}
	if left > 0 {
		t.Errorf("%d of %d earlier sealed values are still in the file", left, len(old))
	}
	for _, id := range []cases.ID{ids[0], ids[retentionChunk], ids[len(ids)-1]} {
		c, err := st.Get(id)
		if err != nil || c.Depersonalised == nil || c.Subject.Name != "" {
			t.Errorf("%s not depersonalised: %v", id, err)
		}
	}
	if probs, err := st.Check(); err != nil || len(probs) != 0 {
		t.Errorf("check: %v %v", probs, err)
	}
}

// A run stopped between a chunk and its scrub leaves the mark; the next
// open scrubs.
func TestInterruptedScrubIsFinished(t *testing.T) {
	st, ids := closedCases(t, 3)
	old := sealedValues(t, st.Path())
	fns := map[cases.ID]DepersonaliseFn{}
	for _, id := range ids {
		fns[id] = func(c *cases.Case, tl []cases.Event) ([]cases.Event, []cases.Event, error) {
			return c.Depersonalise(tl, "privdesk", t0.AddDate(0, 1, 0), "ivanova")
		}
	}
	if _, err := st.depersonalise(ids, func(c *cases.Case) DepersonaliseFn { return fns[c.ID] }); err != nil {
		t.Fatal(err)
	}
	stale := func() bool {
		raw := rawFile(t, st.Path())
		return slices.ContainsFunc(old, func(v []byte) bool { return bytes.Contains(raw, v) })
	}
	if !stale() {
		t.Fatal("fixture: no earlier version left before the scrub")
	}
	re, err := Open(st.Path(), keyOpts(filepath.Dir(st.Path())))
	if err != nil {
		t.Fatal(err)
	}
	if stale() {
		t.Error("opening did not finish the scrub")
	}
	re.view(func(tx *bolt.Tx) error {
		if tx.Bucket(bMeta).Get(kScrub) != nil {
			t.Error("the mark stays after the scrub")
		}
		return nil
	})
}

// freePages reads the same pages bbolt itself holds free.
func TestFreePagesAreBboltsOwn(t *testing.T) {
	st, ids := closedCases(t, 40)
	for _, id := range ids[:20] {
		st.Update(id, func(c *cases.Case) ([]cases.Event, error) {
			ev, err := c.AddNote("ещё заметка", t0, "ivanova")
			return []cases.Event{ev}, err
		})
	}
	err := st.update(func(tx *bolt.Tx) error {
		f, err := os.Open(st.Path())
		if err != nil {
			return err
		}
		defer f.Close()
		got, err := freePages(f, tx)
		if err != nil {
			return err
		}
		var want []uint64
		for id := 2; ; id++ {
			info, err := tx.Page(id)
			if err != nil {
				return err
			}
			if info == nil {
				break
			}
			if info.Type == "free" {
				want = append(want, uint64(id))
			}
		}
		if len(want) == 0 || !slices.Equal(got, want) {
			t.Errorf("free pages read %v, bbolt's %v", got, want)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
