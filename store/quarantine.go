package store

import (
	"crypto/sha256"
	"encoding/binary"
	"time"

	bolt "go.etcd.io/bbolt"
)

// bQuarantine keeps what an import refused as not a request at all (no
// header, no sender), sealed, so that no message reaching the privacy
// mailbox is lost silently: the officer sees each in the desk and decides.
var bQuarantine = []byte("quarantine")

// Quarantined is one refused file or message.
type Quarantined struct {
	No     int               `json:"no"`
	Source string            `json:"source"`
	Code   string            `json:"code"` // why it was refused
	At     time.Time         `json:"at"`
	Raw    []byte            `json:"raw,omitempty"`
	Size   int               `json:"size"`
	Drop   *QuarantineRemark `json:"dropped,omitempty"`
}

// QuarantineRemark records who set an item aside, when and why.
type QuarantineRemark struct {
	At     time.Time `json:"at"`
	By     string    `json:"by"`
	Reason string    `json:"reason"`
}

func quarantineKey(no int) []byte { return binary.BigEndian.AppendUint64(nil, uint64(no)) }

// quarantine stores q unless the same bytes are there already. It runs
// inside an import's transaction.
func (s *Store) quarantine(tx *bolt.Tx, q Quarantined) error {
	sum := sha256.Sum256(q.Raw)
	dedup, err := tx.CreateBucketIfNotExists(bDedup)
	if err != nil {
		return err
	}
	dk := append([]byte{'q'}, s.sealer.Key(sum[:])...)
	if dedup.Get(dk) != nil {
		return nil
	}
	b, err := tx.CreateBucketIfNotExists(bQuarantine)
	if err != nil {
		return err
	}
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	q.No, q.Size = int(seq), len(q.Raw)
	k := quarantineKey(q.No)
	v, err := s.encode(bQuarantine, k, q)
	if err != nil {
		return err
	}
	if err := b.Put(k, v); err != nil {
		return err
	}
	return dedup.Put(dk, k)
}

// Quarantine lists the items still waiting (dropped ones too with all), newest
// first, without their content.
func (s *Store) Quarantine(all bool) ([]Quarantined, error) {
	var out []Quarantined
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bQuarantine)
		if b == nil {
			return nil
		}
		c := b.Cursor()
		for k, v := c.Last(); k != nil; k, v = c.Prev() {
			var q Quarantined
			if err := s.decode(bQuarantine, k, v, &q); err != nil {
				continue // check reports what cannot be read
			}
			if q.Drop == nil || all {
				q.Raw = nil
				out = append(out, q)
			}
		}
		return nil
	})
	return out, err
}

// getQuarantined reads item no inside a transaction.
func (s *Store) getQuarantined(tx *bolt.Tx, no int) (Quarantined, error) {
	var q Quarantined
	var v []byte
	if b := tx.Bucket(bQuarantine); b != nil {
		v = b.Get(quarantineKey(no))
	}
	if v == nil {
		return q, &Error{Code: ErrNoQuarantined, Path: s.path, Args: []any{no}}
	}
	if err := s.decode(bQuarantine, quarantineKey(no), v, &q); err != nil {
		return q, &Error{Code: ErrCorrupt, Path: s.path, Err: err}
	}
	return q, nil
}

// QuarantineItem reads one item with its content.
func (s *Store) QuarantineItem(no int) (q Quarantined, err error) {
	err = s.view(func(tx *bolt.Tx) error {
		q, err = s.getQuarantined(tx, no)
		return err
	})
	return q, err
}

// DropQuarantined sets an item aside: its content is deleted, the record of
// what it was, who dropped it and why is kept.
func (s *Store) DropQuarantined(no int, r QuarantineRemark) error {
	return s.update(func(tx *bolt.Tx) error {
		q, err := s.getQuarantined(tx, no)
		if err != nil {
			return err
		}
		if q.Drop != nil {
			return &Error{Code: ErrNoQuarantined, Path: s.path, Args: []any{no}}
		}
		q.Raw, q.Drop = nil, &r
		v, err := s.encode(bQuarantine, quarantineKey(no), q)
		if err != nil {
			return err
		}
		return tx.Bucket(bQuarantine).Put(quarantineKey(no), v)
	})
}

// QuarantineCount is how many items wait for the officer.
func (s *Store) QuarantineCount() (int, error) {
	items, err := s.Quarantine(false)
	return len(items), err
}
