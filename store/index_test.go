package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"privdesk/cases"
)

// The due index must not reveal a moment of receipt finer than the day: not
// in a key, not in a value, not through an hour term's end.
func TestDueIndexKeepsOnlyTheDay(t *testing.T) {
	dir := t.TempDir()
	st, err := Open(filepath.Join(dir, "p.db"), keyOpts(dir))
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 24, 10, 17, 23, 0, cases.Moscow)
	c, ev, err := cases.New(cases.Intake{Kind: cases.KindIncident, Received: at,
		Incident: &cases.Incident{DetectedBy: "operator", DetectedAt: at, Description: "leak"}}, rules(t), t0, "x")
	if err != nil {
		t.Fatal(err)
	}
	id, err := st.Create(c, ev)
	if err != nil {
		t.Fatal(err)
	}
	c.ID = id
	var probes [][]byte
	for _, tm := range []time.Time{at, c.DueAt()} {
		probes = append(probes, binary.BigEndian.AppendUint64(nil, uint64(tm.Unix())),
			binary.BigEndian.AppendUint64(nil, uint64(tm.Unix())+1<<63))
	}
	db, err := bolt.Open(st.Path(), 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bIdxDue).ForEach(func(k, v []byte) error {
			for _, p := range probes {
				if bytes.Contains(k, p) || bytes.Contains(v, p) {
					t.Errorf("the due index holds a time finer than the day: %x / %x", k, v)
				}
			}
			return nil
		})
	})
	rows, _, err := st.Queue()
	if err != nil || len(rows) != 1 || !rows[0].DueAt.Equal(c.DueAt()) || rows[0].Received != cases.DateOf(at) {
		t.Errorf("the queue lost the exact deadline: %+v (want %v) %v", rows, c.DueAt(), err)
	}
}

// A schema-2 database (plain dedup hashes, rows with the moment of receipt)
// is migrated: its dedup entries still stop a re-import, the plain hashes
// and the old rows are gone from the file, and check is clean.
func TestMigrateFromSchema2(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "p.db")
	st, err := Open(path, keyOpts(dir))
	if err != nil {
		t.Fatal(err)
	}
	id := newCase(t, st, cases.KindAccess, "A", "a@example.ru")
	const dedup = "mid:0123456789abcdef"
	plain := sha256.Sum256([]byte(dedup))
	received := binary.BigEndian.AppendUint64(nil, uint64(t0.Unix()))
	db, _ := bolt.Open(path, 0o600, nil)
	err = db.Update(func(tx *bolt.Tx) error {
		tx.Bucket(bMeta).Put(kSchema, binary.BigEndian.AppendUint64(nil, 2))
		old, _ := tx.CreateBucket(bImportedV2)
		old.Put(plain[:], caseKey(id))
		tx.DeleteBucket(bDedup)
		due := tx.Bucket(bIdxDue)
		due.ForEach(func(k, _ []byte) error {
			return due.Put(k, append([]byte{1, 0, 0, 0, 0}, received...)) // a schema-2 row
		})
		return nil
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	st, err = Open(path, keyOpts(dir))
	if err != nil {
		t.Fatal(err)
	}
	raw := rawFile(t, path)
	if bytes.Contains(raw, plain[:]) || bytes.Contains(raw, received) {
		t.Error("the plain hash or the moment of receipt survived the migration")
	}
	res, err := st.Import([]ImportCase{{Case: &cases.Case{}, Key: dedup, Content: "raw:other"}}, nil, true, nil)
	if err != nil || !res[0].Existing || res[0].ID != id {
		t.Errorf("a message imported before the migration is imported again: %+v %v", res, err)
	}
	if probs, err := st.Check(); err != nil || len(probs) != 0 {
		t.Errorf("check after migration: %v %v", probs, err)
	}
}

// A database whose open cases were computed by the first legal model is
// migrated once: each changed case records it in its timeline, a closed one
// keeps its history, and the chain stays whole.
func TestMigrateRules(t *testing.T) {
	dir := t.TempDir()
	st, err := Open(filepath.Join(dir, "p.db"), keyOpts(dir))
	if err != nil {
		t.Fatal(err)
	}
	open := newCase(t, st, cases.KindWithdrawConsent, "A", "a@example.ru")
	closed := newCase(t, st, cases.KindWithdrawConsent, "B", "b@example.ru")
	old := func(c *cases.Case) {
		moved := cases.DateOf(c.Received).AddDays(35)
		c.Milestones = []cases.Milestone{{Key: "stop", Unit: cases.UnitCalendarDays, N: 30, Due: moved, DueAt: moved.End()}}
	}
	st.Update(open, func(c *cases.Case) ([]cases.Event, error) { old(c); return nil, nil })
	st.Update(closed, func(c *cases.Case) ([]cases.Event, error) {
		old(c)
		ev, err := c.Close(cases.OutcomeWithdrawn, "заявитель отозвал обращение", t0, "x")
		return []cases.Event{ev}, err
	})
	db, _ := bolt.Open(st.Path(), 0o600, nil)
	db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bMeta).Put(kRules, binary.BigEndian.AppendUint64(nil, 1)) })
	db.Close()
	if v, _ := st.RulesVersion(); v != 1 {
		t.Fatalf("rules version %d", v)
	}
	r := rules(t)
	n, err := st.MigrateRules(cases.RulesVersion, func(c *cases.Case) (cases.Event, bool, error) { return c.Migrate(r, t0) })
	if err != nil || n != 1 {
		t.Fatalf("migrated %d: %v", n, err)
	}
	evs, _ := st.Events(open)
	if last := evs[len(evs)-1]; last.Type != cases.EventMigrated || last.Officer != "privdesk" {
		t.Errorf("last event: %+v", last)
	}
	c, _ := st.Get(open)
	if len(c.Milestones) != 2 {
		t.Errorf("open case milestones: %+v", c.Milestones)
	}
	if c, _ := st.Get(closed); len(c.Milestones) != 1 {
		t.Error("a closed case was rewritten")
	}
	if v, _ := st.RulesVersion(); v != cases.RulesVersion {
		t.Errorf("rules version after: %d", v)
	}
	if probs, err := st.Check(); err != nil || len(probs) != 0 {
		t.Errorf("check: %v %v", probs, err)
	}
}
