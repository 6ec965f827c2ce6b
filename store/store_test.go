package store_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"privdesk/assets"
	"privdesk/cases"
	"privdesk/store"
	"privdesk/store/seal"
)

var now = time.Date(2026, 11, 25, 10, 0, 0, 0, cases.Moscow)

func deadlines(t testing.TB) *cases.Rules {
	cal, err := cases.ParseCalendar(assets.Calendar)
	if err != nil {
		t.Fatal(err)
	}
	return &cases.Rules{Cal: cal}
}

// opts keeps the key file beside the database, as tests have no config folder.
func opts(dbPath string) store.Options {
	return store.Options{Key: seal.Source{KeyFile: filepath.Join(filepath.Dir(dbPath), "key")}, Create: true}
}

func openTemp(t testing.TB) *store.Store {
	t.Helper()
	path := filepath.Join(t.TempDir(), "sub", "privdesk.db")
	st, err := store.Open(path, opts(path))
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func create(t testing.TB, st *store.Store, dl *cases.Rules, kind cases.Kind, name string, received time.Time) cases.ID {
	t.Helper()
	c, ev, err := cases.New(cases.Intake{Kind: kind, Received: received,
		Subject: cases.Subject{Name: name, Email: "x@example.ru"}}, dl, now, "ivanova")
	if err != nil {
		t.Fatal(err)
	}
	id, err := st.Create(c, ev)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func errCode(err error) string {
	var se *store.Error
	if errors.As(err, &se) {
		return se.Code
	}
	return ""
}

func fileHash(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

func TestCreateUpdatePersist(t *testing.T) {
	st := openTemp(t)
	dl := deadlines(t)
	a := create(t, st, dl, cases.KindAccess, "Первый", now)
	b := create(t, st, dl, cases.KindDestroy, "Второй", now)
	old := create(t, st, dl, cases.KindAccess, "Прошлогодний", time.Date(2025, 12, 30, 9, 0, 0, 0, cases.Moscow))
	if a.String() != "2026-0001" || b.String() != "2026-0002" || old.String() != "2025-0001" {
		t.Fatalf("IDs %s %s %s: numbers go by year of receipt", a, b, old)
	}
	_, err := st.Update(a, func(c *cases.Case) ([]cases.Event, error) {
		n, err := c.AddNote("позвонили", now, "petrov")
		if err != nil {
			return nil, err
		}
		m, err := c.Move(cases.StatusVerifying, now, "petrov")
		return []cases.Event{n, m}, err
	})
	if err != nil {
		t.Fatal(err)
	}
	// A failing change writes nothing.
	before := fileHash(t, st.Path())
	_, err = st.Update(a, func(c *cases.Case) ([]cases.Event, error) {
		ev, err := c.Close(cases.OutcomeRejected, "", now, "petrov")
		return []cases.Event{ev}, err
	})
	if err == nil || fileHash(t, st.Path()) != before {
		t.Fatalf("a refused close changed the file (err %v)", err)
	}

	re, err := store.Open(st.Path(), opts(st.Path()))
	if err != nil {
		t.Fatal(err)
	}
	c, err := re.Get(a)
	if err != nil || c.Status != cases.StatusVerifying || c.Subject.Name != "Первый" {
		t.Fatalf("after reopening: %+v %v", c, err)
	}
	evs, _ := re.Events(a)
	if len(evs) != 3 || evs[1].Text != "позвонили" || evs[2].Officer != "petrov" || cases.VerifyChain(evs) != -1 {
		t.Fatalf("timeline: %+v", evs)
	}
	if _, err := re.Get(cases.ID{Year: 2026, N: 99}); errCode(err) != store.ErrNotFound {
		t.Errorf("missing case: %v", err)
	}
	list, _, _ := re.List(store.Filter{Status: cases.StatusNew})
	if len(list) != 2 {
		t.Errorf("status index: %d new cases, want 2", len(list))
	}
	list, _, _ = re.List(store.Filter{Kind: cases.KindDestroy})
	if len(list) != 1 || list[0].ID != b {
		t.Errorf("kind filter: %v", list)
	}
	if probs, err := re.Check(); err != nil || len(probs) != 0 {
		t.Errorf("check: %v %v", probs, err)
	}
}

func TestQueueOrderFromIndex(t *testing.T) {
	st := openTemp(t)
	dl := deadlines(t)
	late := create(t, st, dl, cases.KindAccess, "A", now.AddDate(0, 0, -30))
	soon := create(t, st, dl, cases.KindDestroy, "B", now)
	first := create(t, st, dl, cases.KindMarketingOptout, "C", now.Add(-time.Hour))
	rows, gen, err := st.Queue()
	if err != nil || len(rows) != 3 || gen == 0 {
		t.Fatalf("queue: %v %d %v", rows, gen, err)
	}
	// access received 30 days ago is due before the immediate opt-out of an hour ago.
	if rows[0].ID != late || rows[1].ID != first || rows[2].ID != soon {
		t.Errorf("order %v %v %v", rows[0].ID, rows[1].ID, rows[2].ID)
	}
	if rows[1].Unit != cases.UnitImmediately || rows[2].Kind != cases.KindDestroy || rows[2].Status != cases.StatusNew {
		t.Errorf("row fields: %+v", rows)
	}
	// Closing moves the status index entry, and bumps the generation.
	st.Update(soon, func(c *cases.Case) ([]cases.Event, error) {
		ev, err := c.Close(cases.OutcomeFulfilled, "", now, "x")
		return []cases.Event{ev}, err
	})
	rows, gen2, _ := st.Queue()
	if gen2 <= gen || rows[2].Status != cases.StatusClosed || len(rows) != 3 {
		t.Errorf("after close: gen %d→%d rows %+v", gen, gen2, rows)
	}
}

func TestPermissions(t *testing.T) {
	st := openTemp(t)
	fi, _ := os.Stat(st.Path())
	di, _ := os.Stat(filepath.Dir(st.Path()))
	if fi.Mode().Perm() != 0o600 || di.Mode().Perm() != 0o700 {
		t.Errorf("file %v, folder %v; want 0600 and 0700", fi.Mode().Perm(), di.Mode().Perm())
	}
}

func TestBadFilesUntouched(t *testing.T) {
	dir := t.TempDir()
	otherApp := filepath.Join(dir, "other.db")
	db, err := bolt.Open(otherApp, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("widgets")); return err })
	db.Close()

	newer := filepath.Join(dir, "newer.db")
	st, err := store.Open(newer, opts(newer))
	if err != nil {
		t.Fatal(err)
	}
	db, _ = bolt.Open(st.Path(), 0o600, nil)
	db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("meta")).Put([]byte("schema"), binary.BigEndian.AppendUint64(nil, store.SchemaVersion+1))
	})
	db.Close()

	text := filepath.Join(dir, "notes.txt")
	os.WriteFile(text, []byte(strings.Repeat("not a database\n", 500)), 0o644)
	empty := filepath.Join(dir, "empty.db")
	os.WriteFile(empty, nil, 0o600)

	for _, tc := range []struct {
		path, code string
	}{
		{dir, store.ErrIsDir},
		{text, store.ErrNotDatabase},
		{empty, store.ErrNotDatabase},
		{otherApp, store.ErrNotDatabase},
		{newer, store.ErrNewer},
	} {
		var before [32]byte
		if tc.path != dir {
			before = fileHash(t, tc.path)
		}
		_, err := store.Open(tc.path, opts(tc.path))
		if errCode(err) != tc.code {
			t.Errorf("%s: got %v, want %s", filepath.Base(tc.path), err, tc.code)
		}
		if tc.path != dir && fileHash(t, tc.path) != before {
			t.Errorf("%s was changed", filepath.Base(tc.path))
		}
	}
}

func TestBusy(t *testing.T) {
	st := openTemp(t)
	busy, err := store.Open(st.Path(), store.Options{Timeout: 200 * time.Millisecond, Key: opts(st.Path()).Key})
	if err != nil {
		t.Fatal(err)
	}
	// Another holder of the write lock: bbolt's flock is per open file.
	db, err := bolt.Open(st.Path(), 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	start := time.Now()
	_, _, err = busy.Queue()
	if errCode(err) != store.ErrBusy {
		t.Fatalf("got %v, want busy", err)
	}
	if time.Since(start) > 5*time.Second {
		t.Error("a busy database must fail, not hang")
	}
}

func TestCheckFindsTampering(t *testing.T) {
	st := openTemp(t)
	dl := deadlines(t)
	edited := create(t, st, dl, cases.KindAccess, "A", now)
	removed := create(t, st, dl, cases.KindAccess, "B", now)
	for _, id := range []cases.ID{edited, removed} {
		st.Update(id, func(c *cases.Case) ([]cases.Event, error) {
			a, _ := c.AddNote("first", now, "x")
			b, _ := c.AddNote("second", now, "x")
			return []cases.Event{a, b}, nil
		})
	}
	db, _ := bolt.Open(st.Path(), 0o600, nil)
	db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("events"))
		// One bit of a sealed note flipped; one event of the other case removed.
		k := append(binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint32(nil, uint32(edited.Year)), uint32(edited.N)), 0, 0, 0, 2)
		v := bytes.Clone(b.Get(k))
		v[len(v)-1] ^= 1
		if err := b.Put(k, v); err != nil {
			return err
		}
		k = append(binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint32(nil, uint32(removed.Year)), uint32(removed.N)), 0, 0, 0, 2)
		return b.Delete(k)
	})
	db.Close()
	probs, err := st.Check()
	if err != nil || len(probs) != 2 {
		t.Fatalf("check: %+v %v", probs, err)
	}
	if probs[0].Case != edited.String() || probs[0].Code != "undecodable" || probs[1].Case != removed.String() || probs[1].Code != "chain_broken" {
		t.Errorf("check: %+v", probs)
	}
}

// Each gives the cases List gives, in List's order, whatever the filter,
// with closed cases and cases with nothing left due among them.
func TestEachMatchesList(t *testing.T) {
	st := openTemp(t)
	dl := deadlines(t)
	var ids []cases.ID
	for i, k := range []cases.Kind{cases.KindAccess, cases.KindDestroy, cases.KindMarketingOptout, cases.KindAccess, cases.KindBlock, cases.KindAccess} {
		ids = append(ids, create(t, st, dl, k, fmt.Sprintf("S%d", i), now.AddDate(0, 0, -3*i)))
	}
	st.Update(ids[1], func(c *cases.Case) ([]cases.Event, error) {
		ev, err := c.Close(cases.OutcomeFulfilled, "", now, "x")
		return []cases.Event{ev}, err
	})
	st.Update(ids[4], func(c *cases.Case) ([]cases.Event, error) {
		ev, err := c.Close(cases.OutcomeWithdrawn, "отозвано", now, "x")
		return []cases.Event{ev}, err
	})
	st.Update(ids[3], func(c *cases.Case) ([]cases.Event, error) {
		var evs []cases.Event
		for range c.Milestones {
			ev, err := c.Meet("", now, "x")
			if err != nil {
				return nil, err
			}
			evs = append(evs, ev)
		}
		return evs, nil
	})
	for _, f := range []store.Filter{{}, {Status: cases.StatusClosed}, {Kind: cases.KindAccess}, {Status: cases.StatusNew, Kind: cases.KindAccess}} {
		want, _, err := st.List(f)
		if err != nil {
			t.Fatal(err)
		}
		var got []cases.ID
		direct := func(read func() error) error { return read() }
		if _, err := st.Each(f, func(c *cases.Case) error { got = append(got, c.ID); return nil }, direct); err != nil {
			t.Fatal(err)
		}
		var wantIDs []cases.ID
		for _, c := range want {
			wantIDs = append(wantIDs, c.ID)
		}
		if fmt.Sprint(got) != fmt.Sprint(wantIDs) || len(got) == 0 {
			t.Errorf("filter %+v: Each %v, List %v", f, got, wantIDs)
		}
	}
}
