package store

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"errors"
	"slices"
	"sort"

	bolt "go.etcd.io/bbolt"

	"privdesk/cases"
)

// Reading cases: one, its timeline, filtered lists and the queue's rows.

// Get reads one case.
func (s *Store) Get(id cases.ID) (*cases.Case, error) {
	var c *cases.Case
	err := s.view(func(tx *bolt.Tx) (err error) {
		c, err = s.getCase(tx, id)
		return err
	})
	return c, err
}

// Events reads a case's timeline, oldest first.
func (s *Store) Events(id cases.ID) ([]cases.Event, error) {
	var evs []cases.Event
	err := s.view(func(tx *bolt.Tx) error {
		if tx.Bucket(bCases).Get(caseKey(id)) == nil {
			return &Error{Code: ErrNotFound, Path: id.String()}
		}
		var err error
		evs, err = s.readEvents(tx, id)
		return err
	})
	return evs, err
}

func (s *Store) readEvents(tx *bolt.Tx, id cases.ID) ([]cases.Event, error) {
	var evs []cases.Event
	prefix := caseKey(id)
	c := tx.Bucket(bEvents).Cursor()
	for k, v := c.Seek(prefix); hasPrefix(k, prefix); k, v = c.Next() {
		var ev cases.Event
		if err := s.decode(bEvents, k, v, &ev); err != nil {
			return nil, corrupt(id, err)
		}
		if ev.Prev == "" && len(evs) > 0 {
			ev.Prev = evs[len(evs)-1].Hash // implied by its place (encodeEvent)
		}
		evs = append(evs, ev)
	}
	return evs, nil
}

// Filter narrows List.
type Filter struct {
	Status cases.Status
	Kind   cases.Kind
	// ByReceipt orders Each by the day of receipt (then the number)
	// instead of List's order.
	ByReceipt bool
}

// Unreadable lists records that could not be decoded and were skipped, so
// that one damaged record never takes the rest down; check reports them.
type Unreadable []cases.ID

// List reads the cases that pass f, in queue order: open cases by due
// moment, then closed ones.
func (s *Store) List(f Filter) ([]*cases.Case, Unreadable, error) {
	var out []*cases.Case
	var bad Unreadable
	err := s.view(func(tx *bolt.Tx) error {
		cb := tx.Bucket(bCases)
		var ids []cases.ID
		if f.Status != "" {
			prefix := append([]byte(f.Status), 0)
			c := tx.Bucket(bIdxStatus).Cursor()
			for k, _ := c.Seek(prefix); hasPrefix(k, prefix); k, _ = c.Next() {
				ids = append(ids, idFromKey(k[len(prefix):]))
			}
		} else {
			c := tx.Bucket(bIdxDue).Cursor()
			for k, _ := c.First(); k != nil; k, _ = c.Next() {
				if len(k) == 16 {
					ids = append(ids, idFromKey(k[8:]))
				}
			}
		}
		for _, id := range ids {
			v := cb.Get(caseKey(id))
			if v == nil {
				continue
			}
			c, err := s.decodeCase(caseKey(id), v)
			if err != nil {
				bad = append(bad, id)
				continue
			}
			c.ID = id
			if f.Kind != "" && c.Kind != f.Kind {
				continue
			}
			out = append(out, c)
		}
		return nil
	})
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Status.Open() != b.Status.Open() {
			return a.Status.Open()
		}
		if a.DueAt().IsZero() != b.DueAt().IsZero() {
			return b.DueAt().IsZero() // every deadline met: after those still due
		}
		return a.DueAt().Before(b.DueAt())
	})
	return out, bad, err
}

// Queue reads every case's row from the due index, in due order, without
// decoding a single case record.
func (s *Store) Queue() ([]Row, uint64, error) {
	var rows []Row
	var gen uint64
	err := s.view(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bMeta).Get(kGen); len(v) == 8 {
			gen = binary.BigEndian.Uint64(v)
		}
		b := tx.Bucket(bIdxDue)
		rows = make([]Row, 0, b.Stats().KeyN)
		c := b.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if r, ok := s.parseRow(k, v); ok {
				rows = append(rows, r)
			}
		}
		return nil
	})
	// Keys order by day; within a day, by the instant.
	slices.SortStableFunc(rows, func(a, b Row) int {
		switch {
		case a.NoDue != b.NoDue:
			if a.NoDue {
				return 1
			}
			return -1
		case a.NoDue:
			return 0
		case a.Due != b.Due:
			return int(a.Due - b.Due)
		}
		return a.DueAt.Compare(b.DueAt)
	})
	return rows, gen, err
}

// Load reads the given cases; missing ones are left out, unreadable ones
// reported.
func (s *Store) Load(ids []cases.ID) ([]*cases.Case, Unreadable, error) {
	out := make([]*cases.Case, 0, len(ids))
	var bad Unreadable
	err := s.view(func(tx *bolt.Tx) error {
		for _, id := range ids {
			c, err := s.getCase(tx, id)
			var se *Error
			switch {
			case errors.As(err, &se) && se.Code == ErrNotFound:
			case errors.As(err, &se) && se.Code == ErrCorrupt:
				bad = append(bad, id)
			case err != nil:
				return err
			default:
				out = append(out, c)
			}
		}
		return nil
	})
	return out, bad, err
}

// IDBrief is one case's brief.
type IDBrief struct {
	ID cases.ID
	cases.Brief
}

// Briefs reads the briefs of the given cases in one short read; a desk
// asks for a few thousand at a time, so that writers never wait for a
// whole register. ids in the order of their numbers are read as a cursor
// walks: consecutive ones by its next step, a gap by a seek. Missing and
// unreadable ones are left out (check names them).
func (s *Store) Briefs(ids []cases.ID) ([]IDBrief, error) {
	out := make([]IDBrief, 0, len(ids))
	err := s.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bBrief).Cursor()
		var k, v []byte
		for _, id := range ids {
			key := caseKey(id)
			if !bytes.Equal(k, key) {
				k, v = c.Seek(key)
			}
			var br cases.Brief
			if bytes.Equal(k, key) && s.decode(bBrief, key, v, &br) == nil {
				out = append(out, IDBrief{ID: id, Brief: br})
			}
			k, v = c.Next()
		}
		return nil
	})
	return out, err
}

// eachChunk is how many records one read of Each decodes: the file is let
// go between chunks, so that writers wait for one chunk at most.
const eachChunk = 500

// Each gives fn the cases that pass f, in List's order, reading them a
// chunk at a time: memory holds the index and one chunk, however large the
// register. A case changed meanwhile is given as it is when its chunk is
// read. Each read runs inside around (a caller's lock, held for one chunk
// at a time, never while fn runs).
func (s *Store) Each(f Filter, fn func(*cases.Case) error, around func(read func() error) error) (Unreadable, error) {
	var rows []Row
	if err := around(func() (err error) { rows, _, err = s.Queue(); return err }); err != nil {
		return nil, err
	}
	// List's order: open cases first, those with something due by its
	// moment, then closed ones; or the day of receipt.
	slices.SortStableFunc(rows, func(a, b Row) int {
		if f.ByReceipt {
			return cmp.Or(cmp.Compare(a.Received, b.Received), cmp.Compare(a.ID.Year, b.ID.Year), cmp.Compare(a.ID.N, b.ID.N))
		}
		if a.Status.Open() != b.Status.Open() {
			return -cmp.Compare(b2i(a.Status.Open()), b2i(b.Status.Open()))
		}
		if a.NoDue != b.NoDue {
			return cmp.Compare(b2i(a.NoDue), b2i(b.NoDue))
		}
		if a.NoDue {
			return 0
		}
		return a.DueAt.Compare(b.DueAt)
	})
	ids := make([]cases.ID, 0, len(rows))
	for _, r := range rows {
		if f.Status == "" || r.Status == f.Status {
			ids = append(ids, r.ID)
		}
	}
	var bad Unreadable
	for start := 0; start < len(ids); start += eachChunk {
		var chunk []*cases.Case
		var unreadable Unreadable
		if err := around(func() (err error) {
			chunk, unreadable, err = s.Load(ids[start:min(len(ids), start+eachChunk)])
			return err
		}); err != nil {
			return bad, err
		}
		bad = append(bad, unreadable...)
		for _, c := range chunk {
			if f.Kind != "" && c.Kind != f.Kind {
				continue
			}
			if err := fn(c); err != nil {
				return bad, err
			}
		}
	}
	return bad, nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
