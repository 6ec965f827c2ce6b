package store

import (
	"errors"
	"fmt"
	"os"

	bolt "go.etcd.io/bbolt"

	"privdesk/cases"
)

// Check: the consistency of records, indexes and timelines.

// Problem is one inconsistency found by Check.
type Problem struct {
	Case string // register number, or "" for the file itself
	Code string // chain_broken, index_missing, index_stale, undecodable, bolt
	Info string
}

// Check verifies every event chain, that the indexes match the records, and
// the bbolt file's own page structure. A damaged file is a problem it
// reports, never a crash; while the file is damaged, writes refuse to start.
func (s *Store) Check() ([]Problem, error) {
	probs, err := s.check()
	var se *Error
	if errors.As(err, &se) && se.Code == ErrDamaged {
		probs, err = append(probs, Problem{Code: "damaged", Info: fmt.Sprint(se.Args...)}), nil
	}
	if err != nil {
		return nil, err
	}
	structural := false
	for _, p := range probs {
		structural = structural || p.Code == "bolt" || p.Code == "damaged"
	}
	if structural {
		f, err := os.OpenFile(damagedMark(s.path), os.O_CREATE|os.O_WRONLY, 0o600)
		if err == nil {
			f.Close()
		}
	} else {
		os.Remove(damagedMark(s.path))
	}
	return probs, nil
}

func (s *Store) check() ([]Problem, error) {
	var probs []Problem
	err := s.view(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			probs = append(probs, Problem{Code: "bolt", Info: err.Error()})
		}
		if s.pendingErasure(tx) {
			probs = append(probs, Problem{Code: "erase_pending"})
		}
		wantDue, wantStatus, wantBlob, wantSubj, wantBrief := map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
		err := tx.Bucket(bCases).ForEach(func(k, v []byte) error {
			id := idFromKey(k)
			c, err := s.decodeCase(k, v)
			if err != nil {
				probs = append(probs, Problem{Case: id.String(), Code: "undecodable", Info: err.Error()})
				return nil
			}
			c.ID = id
			wantBrief[string(k)] = true
			var b cases.Brief
			if s.decode(bBrief, k, tx.Bucket(bBrief).Get(k), &b) != nil || !sameBrief(b, c.Brief()) {
				probs = append(probs, Problem{Case: id.String(), Code: "index_missing", Info: "briefs"})
			}
			dk, sk := dueKey(c), statusKey(c.Status, id)
			wantDue[string(dk)], wantStatus[string(sk)] = true, true
			if subj := s.subjectKey(c); subj != nil {
				wantSubj[string(subj)] = true
				if tx.Bucket(bIdxSubj).Get(subj) == nil {
					probs = append(probs, Problem{Case: id.String(), Code: "index_missing", Info: "idx_subject"})
				}
			}
			if r, ok := s.parseRow(dk, tx.Bucket(bIdxDue).Get(dk)); !ok || !s.sameRow(r, dk, c) {
				probs = append(probs, Problem{Case: id.String(), Code: "index_missing", Info: "idx_due"})
			}
			if tx.Bucket(bIdxStatus).Get(sk) == nil {
				probs = append(probs, Problem{Case: id.String(), Code: "index_missing", Info: "idx_status"})
			}
			for _, d := range c.Documents {
				if d.Destroyed == nil {
					k := blobKey(id, d.No)
					wantBlob[string(k)] = true
					slot, ok := u64(tx.Bucket(bBlobRef).Get(k))
					if !ok || !s.blobPresent(k, slot) {
						probs = append(probs, Problem{Case: id.String(), Code: "doc_missing", Info: fmt.Sprint(d.No)})
					}
				}
			}
			evs, err := s.readEvents(tx, id)
			if err != nil {
				probs = append(probs, Problem{Case: id.String(), Code: "undecodable", Info: err.Error()})
				return nil
			}
			if i := cases.VerifyChain(evs); i >= 0 || len(evs) == 0 {
				probs = append(probs, Problem{Case: id.String(), Code: "chain_broken", Info: fmt.Sprint(i + 1)})
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, ix := range []struct {
			name string
			want map[string]bool
		}{{"idx_due", wantDue}, {"idx_status", wantStatus}, {string(bBlobRef), wantBlob}, {"idx_subject", wantSubj}, {string(bBrief), wantBrief}} {
			err := tx.Bucket([]byte(ix.name)).ForEach(func(k, _ []byte) error {
				if !ix.want[string(k)] {
					probs = append(probs, Problem{Code: "index_stale", Info: ix.name})
				}
				return nil
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	return probs, err
}

// sameRow compares an index row with the one the record gives; the sealed
// instant differs byte for byte, so rows are compared parsed.
func (s *Store) sameRow(r Row, k []byte, c *cases.Case) bool {
	w, ok := s.parseRow(k, s.rowValue(c))
	return ok && r == w
}

// sameBrief compares a stored brief with the one the record gives.
func sameBrief(a, b cases.Brief) bool {
	closed := (a.Closed == nil) == (b.Closed == nil) && (a.Closed == nil || a.Closed.Equal(*b.Closed))
	a.Closed, b.Closed = nil, nil
	return a == b && closed
}
