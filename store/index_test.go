package store

import (
	"bytes"
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
		Subject: cases.Subject{Name: "A", Email: "a@example.ru"}}, rules(t), t0, "x")
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
