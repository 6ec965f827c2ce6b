package store

import (
	"crypto/sha256"

	bolt "go.etcd.io/bbolt"

	"privdesk/cases"
)

// bDedup maps keyed hashes of what identifies an imported request to the
// case it became: its content (namespace 'c'), its Message-ID or external ID
// ('i'), and, from databases written before keyed hashes, the old plain
// hash keyed again ('l'). Only keyed hashes are kept: a Message-ID can name
// its sender, and a plain hash of an address can be tested by guessing.
var bDedup = []byte("dedup")

// bImportedV2 is the schema-2 dedup bucket of plain SHA-256 hashes.
var bImportedV2 = []byte("imported")

const (
	nsContent  = 'c'
	nsIdentity = 'i'
	nsLegacy   = 'l'
)

func (s *Store) dedupKey(ns byte, key string) []byte {
	return append([]byte{ns}, s.sealer.Key([]byte(key))...)
}

// legacyKey is where a schema-2 entry for key was moved.
func (s *Store) legacyKey(key string) []byte {
	sum := sha256.Sum256([]byte(key))
	return append([]byte{nsLegacy}, s.sealer.Key(sum[:])...)
}

// ImportCase is one request to register by import.
type ImportCase struct {
	Case    *cases.Case
	Events  []cases.Event
	Blobs   [][]byte // contents of Case.Documents, in order
	Key     string   // identity: Message-ID or external ID, "" if none
	Content string   // content hash
	// RepeatOfItem is the index of an earlier item of the same import that
	// this one repeats, or -1; the link is made once that item has its ID.
	RepeatOfItem int
}

// ImportResult says what became of one ImportCase.
type ImportResult struct {
	ID       cases.ID
	Existing bool // already imported as ID; nothing written
	// DuplicateOf is set when the item's Message-ID or external ID was
	// imported before with other content: it is imported all the same.
	DuplicateOf cases.ID
}

// Import registers every new item in one transaction: all of them or, on a
// failure, none. What was refused as not a request at all goes into the
// quarantine in the same transaction. An item whose content was imported before is reported as
// existing; one whose identity was imported with other content is imported
// and flagged as a possible duplicate. With dryRun nothing is written and
// new items get no ID.
func (s *Store) Import(items []ImportCase, refused []Quarantined, dryRun bool) ([]ImportResult, error) {
	out := make([]ImportResult, len(items))
	run := func(tx *bolt.Tx) error {
		if !dryRun {
			for _, q := range refused {
				if err := s.quarantine(tx, q); err != nil {
					return err
				}
			}
		}
		w, blobs := sortedPuts{}, 0
		seen := map[string]int{}   // content keys of this batch
		idents := map[string]int{} // identity keys of this batch
		dedup := tx.Bucket(bDedup)
		get := func(k []byte) (cases.ID, bool) {
			if dedup == nil {
				return cases.ID{}, false
			}
			if v := dedup.Get(k); len(v) == 8 {
				return idFromKey(v), true
			}
			return cases.ID{}, false
		}
		for i, it := range items {
			ck := s.dedupKey(nsContent, it.Content)
			if id, ok := get(ck); ok {
				out[i] = ImportResult{ID: id, Existing: true}
				continue
			}
			if j, ok := seen[string(ck)]; ok {
				out[i] = ImportResult{ID: out[j].ID, Existing: true}
				continue
			}
			legacy := false
			for _, k := range []string{it.Key, it.Content} {
				if k == "" {
					continue
				}
				if id, ok := get(s.legacyKey(k)); ok {
					out[i] = ImportResult{ID: id, Existing: true}
					legacy = true
					break
				}
			}
			if legacy {
				continue
			}
			seen[string(ck)] = i
			var ik []byte
			if it.Key != "" {
				ik = s.dedupKey(nsIdentity, it.Key)
				if id, ok := get(ik); ok {
					out[i].DuplicateOf = id
				} else if j, ok := idents[string(ik)]; ok {
					out[i].DuplicateOf = out[j].ID
				}
				idents[string(ik)] = i
			}
			if dryRun {
				continue
			}
			if dedup == nil {
				var err error
				if dedup, err = tx.CreateBucketIfNotExists(bDedup); err != nil {
					return err
				}
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
			if d := out[i].DuplicateOf; !d.IsZero() {
				c.DuplicateOf = &d
			}
			if err := s.putCaseVia(tx, nil, c, w); err != nil {
				return err
			}
			if err := s.appendEvents(tx, id, it.Events); err != nil {
				return err
			}
			blobs += len(it.Blobs)
			for n, content := range it.Blobs {
				if err := s.putBlobLater(tx, blobKey(id, c.Documents[n].No), content); err != nil {
					return err
				}
			}
			w.put(bDedup, ck, caseKey(id))
			if ik != nil {
				w.put(bDedup, ik, caseKey(id))
			}
			out[i].ID = id
		}
		if !dryRun {
			if err := s.syncBlobs(blobs); err != nil {
				return err
			}
		}
		return w.flush(tx)
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
