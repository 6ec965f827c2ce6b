package store

import (
	"crypto/sha256"

	bolt "go.etcd.io/bbolt"

	"privdesk/cases"
)

// bImported maps the hash of an import's dedup key (Message-ID, external ID
// or content hash) to the case it became. Only hashes are kept: a Message-ID
// can name its sender.
var bImported = []byte("imported")

// ImportCase is one request to register by import.
type ImportCase struct {
	Case   *cases.Case
	Events []cases.Event
	Blobs  [][]byte // contents of Case.Documents, in order
	Key    string   // dedup key
	// RepeatOfItem is the index of an earlier item of the same import that
	// this one repeats, or -1; the link is made once that item has its ID.
	RepeatOfItem int
}

// ImportResult says what became of one ImportCase.
type ImportResult struct {
	ID       cases.ID
	Existing bool // already imported as ID; nothing written
}

func importKey(key string) []byte {
	sum := sha256.Sum256([]byte(key))
	return sum[:]
}

// Import registers every new item in one transaction: all of them or, on a
// failure, none. An item whose key was imported before is reported as
// existing. With dryRun nothing is written and new items get no ID.
func (s *Store) Import(items []ImportCase, dryRun bool) ([]ImportResult, error) {
	out := make([]ImportResult, len(items))
	run := func(tx *bolt.Tx) error {
		seen := map[string]int{}
		imported := tx.Bucket(bImported)
		if !dryRun {
			var err error
			if imported, err = tx.CreateBucketIfNotExists(bImported); err != nil {
				return err
			}
		}
		for i, it := range items {
			k := string(importKey(it.Key))
			if imported != nil {
				if v := imported.Get([]byte(k)); v != nil {
					out[i] = ImportResult{ID: idFromKey(v), Existing: true}
					continue
				}
			}
			if j, ok := seen[k]; ok {
				out[i] = ImportResult{ID: out[j].ID, Existing: true}
				continue
			}
			seen[k] = i
			if dryRun {
				continue
			}
			c := it.Case
			id, err := nextID(tx, c.Received.In(cases.Moscow).Year())
			if err != nil {
				return err
			}
			c.ID = id
			if j := it.RepeatOfItem; j >= 0 && j < i && !out[j].ID.IsZero() {
				earlier := out[j].ID
				c.RepeatOf = &earlier
			}
			if err := s.putCase(tx, nil, c); err != nil {
				return err
			}
			if err := s.appendEvents(tx, id, it.Events); err != nil {
				return err
			}
			for n, content := range it.Blobs {
				bk := blobKey(id, c.Documents[n].No)
				if err := tx.Bucket(bBlobs).Put(bk, s.sealValue(bBlobs, bk, content)); err != nil {
					return err
				}
			}
			if err := imported.Put([]byte(k), caseKey(id)); err != nil {
				return err
			}
			out[i] = ImportResult{ID: id}
		}
		return nil
	}
	var err error
	if dryRun {
		err = s.view(run)
	} else {
		err = s.update(run)
	}
	if err != nil {
		for _, it := range items {
			it.Case.ID = cases.ID{}
		}
		return nil, err
	}
	return out, nil
}
