package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"privdesk/cases"
)

// Create stores a new case with its first event and returns the register
// number it was given: the next in the year of receipt.
func (s *Store) Create(c *cases.Case, ev cases.Event) (cases.ID, error) {
	ids, err := s.CreateMany([]NewCase{{Case: c, Events: []cases.Event{ev}}})
	if err != nil {
		return cases.ID{}, err
	}
	return ids[0], nil
}

// NewCase is a case to register with its timeline so far and the contents
// of its documents, in the order of Case.Documents.
type NewCase struct {
	Case   *cases.Case
	Events []cases.Event
	Blobs  [][]byte
}

// CreateMany stores several new cases in one transaction: all or none.
func (s *Store) CreateMany(items []NewCase) ([]cases.ID, error) {
	ids := make([]cases.ID, len(items))
	err := s.update(func(tx *bolt.Tx) error {
		w, blobs := sortedPuts{}, 0
		for i, it := range items {
			c := it.Case
			blobs += len(it.Blobs)
			if len(it.Blobs) != len(c.Documents) {
				return fmt.Errorf("store: %d documents but %d contents", len(c.Documents), len(it.Blobs))
			}
			id, err := nextID(tx, c.Received.In(cases.Moscow).Year())
			if err != nil {
				return err
			}
			c.ID = id
			if err := s.putCaseVia(tx, nil, c, w); err != nil {
				return err
			}
			if err := s.appendEvents(tx, id, it.Events); err != nil {
				return err
			}
			for n, content := range it.Blobs {
				if err := s.putBlobLater(tx, blobKey(id, c.Documents[n].No), content); err != nil {
					return err
				}
			}
			ids[i] = id
		}
		if err := s.syncBlobs(blobs); err != nil {
			return err
		}
		return w.flush(tx)
	})
	if err != nil {
		for _, it := range items {
			it.Case.ID = cases.ID{}
		}
		return nil, err
	}
	return ids, nil
}

func nextID(tx *bolt.Tx, year int) (cases.ID, error) {
	n, err := nextSeq(tx, fmt.Sprintf("seq:%d", year))
	return cases.ID{Year: year, N: n}, err
}

// nextSeq advances and returns a counter kept in the meta bucket.
func nextSeq(tx *bolt.Tx, name string) (int, error) {
	meta := tx.Bucket(bMeta)
	key := []byte(name)
	n := uint64(0)
	if v := meta.Get(key); len(v) == 8 {
		n = binary.BigEndian.Uint64(v)
	}
	n++
	return int(n), meta.Put(key, binary.BigEndian.AppendUint64(nil, n))
}

// putCase writes c and its index entries, removing those of old (the record
// as it was before, nil for a new case) in the same transaction.
func (s *Store) putCase(tx *bolt.Tx, old, c *cases.Case) error {
	return s.putCaseVia(tx, old, c, nil)
}

// putCaseVia is putCase with the index entries whose keys come in no order
// (due date, subject hash) handed to w, when w is not nil.
func (s *Store) putCaseVia(tx *bolt.Tx, old, c *cases.Case, w sortedPuts) error {
	put := func(bucket, k, v []byte) error {
		if w != nil {
			w.put(bucket, k, v)
			return nil
		}
		return tx.Bucket(bucket).Put(k, v)
	}
	if old != nil {
		if err := tx.Bucket(bIdxDue).Delete(dueKey(old)); err != nil {
			return err
		}
		if err := tx.Bucket(bIdxStatus).Delete(statusKey(old.Status, old.ID)); err != nil {
			return err
		}
		if sk := s.subjectKey(old); sk != nil {
			if err := tx.Bucket(bIdxSubj).Delete(sk); err != nil {
				return err
			}
		}
	}
	if sk := s.subjectKey(c); sk != nil {
		if err := put(bIdxSubj, sk, []byte{}); err != nil {
			return err
		}
	}
	v, err := s.encodeCase(c)
	if err != nil {
		return err
	}
	if err := tx.Bucket(bCases).Put(caseKey(c.ID), v); err != nil {
		return err
	}
	bv, err := s.encode(bBrief, caseKey(c.ID), c.Brief())
	if err != nil {
		return err
	}
	if err := tx.Bucket(bBrief).Put(caseKey(c.ID), bv); err != nil {
		return err
	}
	if err := put(bIdxDue, dueKey(c), s.rowValue(c)); err != nil {
		return err
	}
	return tx.Bucket(bIdxStatus).Put(statusKey(c.Status, c.ID), nil)
}

// indexOf is what putCase needs of a case's stored version to find its
// index entries (number, status, subject, milestones): a copy that changes
// made to c leave as it was, without decoding the record a second time.
func indexOf(c *cases.Case) *cases.Case {
	return &cases.Case{ID: c.ID, Status: c.Status, Subject: c.Subject, Milestones: slices.Clone(c.Milestones)}
}

func (s *Store) appendEvents(tx *bolt.Tx, id cases.ID, evs []cases.Event) error {
	b := tx.Bucket(bEvents)
	seq, prev := 0, ""
	prefix := caseKey(id)
	// The last event of the case is the greatest key with its prefix.
	c := b.Cursor()
	k, v := c.Seek(eventKey(id, 1<<32-1))
	if k == nil || !hasPrefix(k, prefix) {
		k, v = c.Prev()
	}
	if hasPrefix(k, prefix) {
		var last cases.Event
		if err := s.decode(bEvents, k, v, &last); err != nil {
			return corrupt(id, err)
		}
		seq, prev = last.Seq, last.Hash
	}
	for _, ev := range evs {
		seq++
		ev.Seal(seq, prev)
		prev = ev.Hash
		k := eventKey(id, seq)
		v, err := s.encodeEvent(k, ev)
		if err != nil {
			return err
		}
		if err := b.Put(k, v); err != nil {
			return err
		}
	}
	return nil
}

func corrupt(id cases.ID, err error) error {
	return &Error{Code: ErrCorrupt, Path: id.String(), Err: err}
}

func (s *Store) getCase(tx *bolt.Tx, id cases.ID) (*cases.Case, error) {
	v := tx.Bucket(bCases).Get(caseKey(id))
	if v == nil {
		return nil, &Error{Code: ErrNotFound, Path: id.String()}
	}
	c, err := s.decodeCase(caseKey(id), v)
	if err != nil {
		return nil, corrupt(id, err)
	}
	return c, nil
}

// Update loads a case, lets fn change it, and stores the case with the events
// fn returns, all in one transaction. If fn fails nothing is written.
func (s *Store) Update(id cases.ID, fn func(c *cases.Case) ([]cases.Event, error)) (*cases.Case, error) {
	var out *cases.Case
	err := s.update(func(tx *bolt.Tx) (err error) {
		out, err = s.change(tx, id, fn)
		return err
	})
	return out, err
}

// change is Update inside a transaction. fn works on a copy, so that a
// refused change leaves nothing half-done.
func (s *Store) change(tx *bolt.Tx, id cases.ID, fn func(c *cases.Case) ([]cases.Event, error)) (*cases.Case, error) {
	fresh, err := s.getCase(tx, id)
	if err != nil {
		return nil, err
	}
	old := indexOf(fresh)
	evs, err := fn(fresh)
	if err != nil {
		return nil, err
	}
	fresh.ID = id
	if err := s.putCase(tx, old, fresh); err != nil {
		return nil, err
	}
	return fresh, s.appendEvents(tx, id, evs)
}

var kRules = []byte("rules")

// RulesVersion is the legal model the open cases were last computed by.
func (s *Store) RulesVersion() (int, error) {
	v := 1
	err := s.view(func(tx *bolt.Tx) error {
		if b := tx.Bucket(bMeta).Get(kRules); len(b) == 8 {
			v = int(binary.BigEndian.Uint64(b))
		}
		return nil
	})
	return v, err
}

// MigrateRules applies fn to every case in one transaction, storing those
// it changed with the event it returns, and records version. A record that
// cannot be read is left for check to report.
func (s *Store) MigrateRules(version int, fn func(c *cases.Case) (cases.Event, bool, error)) (int, error) {
	n := 0
	err := s.update(func(tx *bolt.Tx) error {
		var ids []cases.ID
		if err := tx.Bucket(bCases).ForEach(func(k, _ []byte) error {
			ids = append(ids, idFromKey(k))
			return nil
		}); err != nil {
			return err
		}
		n = 0
		for _, id := range ids {
			_, err := s.change(tx, id, func(c *cases.Case) ([]cases.Event, error) {
				ev, changed, err := fn(c)
				if err != nil || !changed {
					return nil, err
				}
				n++
				return []cases.Event{ev}, nil
			})
			var se *Error
			if errors.As(err, &se) && se.Code == ErrCorrupt {
				continue
			}
			if err != nil {
				return err
			}
		}
		return tx.Bucket(bMeta).Put(kRules, binary.BigEndian.AppendUint64(nil, uint64(version)))
	})
	return n, err
}

// IssueLetter builds a letter from a case and keeps it in the case under
// the next number of the year's register of outgoing mail, in one
// transaction.
func (s *Store) IssueLetter(id cases.ID, build func(c *cases.Case, number string) (cases.Letter, error), now time.Time, officer string) (cases.Letter, error) {
	var out cases.Letter
	err := s.update(func(tx *bolt.Tx) error {
		_, err := s.change(tx, id, func(c *cases.Case) ([]cases.Event, error) {
			year := now.In(cases.Moscow).Year()
			seq, err := nextSeq(tx, fmt.Sprintf("out:%d", year))
			if err != nil {
				return nil, err
			}
			number := fmt.Sprintf("%d-%04d", year, seq)
			l, err := build(c, number)
			if err != nil {
				return nil, err
			}
			ev, err := c.IssueLetter(l, number, now, officer)
			if err != nil {
				return nil, err
			}
			out = c.Letters[len(c.Letters)-1]
			return []cases.Event{ev}, nil
		})
		return err
	})
	return out, err
}

// IssueAct builds an act from a case and its timeline and keeps it in the
// case, in one transaction, so that two officers never issue two acts for
// the same destructions.
func (s *Store) IssueAct(id cases.ID, build func(c *cases.Case, evs []cases.Event) (cases.Act, error), now time.Time, officer string) (cases.Act, error) {
	var act cases.Act
	err := s.update(func(tx *bolt.Tx) error {
		evs, err := s.readEvents(tx, id)
		if err != nil {
			return err
		}
		_, err = s.change(tx, id, func(c *cases.Case) ([]cases.Event, error) {
			a, err := build(c, evs)
			if err != nil {
				return nil, err
			}
			ev := c.IssueAct(a, now, officer)
			act = c.Acts[len(c.Acts)-1]
			return []cases.Event{ev}, nil
		})
		return err
	})
	return act, err
}
