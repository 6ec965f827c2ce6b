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

// ImportMemo is what an import made in chunks has seen in its earlier
// chunks, for a dry run, which writes no dedup keys to find them by: the
// keyed hashes only, as the dedup bucket holds them.
type ImportMemo struct{ content, ident map[string]cases.ID }

// NewImportMemo is an empty memo.
func NewImportMemo() *ImportMemo {
	return &ImportMemo{content: map[string]cases.ID{}, ident: map[string]cases.ID{}}
}

// Import registers every new item of a chunk in one transaction: all of
// them or, on a failure, none. What was refused as not a request at all
// goes into the quarantine in the same transaction. An item whose content
// was imported before is reported as existing; one whose identity was
// imported with other content is imported and flagged as a possible
// duplicate. With dryRun nothing is written and new items get no ID; memo,
// when not nil, remembers the chunk for the next one.
func (s *Store) Import(items []ImportCase, refused []Quarantined, dryRun bool, memo *ImportMemo) ([]ImportResult, error) {
	out := make([]ImportResult, len(items))
	var b *importing
	run := func(tx *bolt.Tx) error {
		if !dryRun {
			for _, q := range refused {
				if err := s.quarantine(tx, q); err != nil {
					return err
				}
			}
		}
		b = &importing{s: s, tx: tx, out: out, dedup: tx.Bucket(bDedup), seen: map[string]int{}, idents: map[string]int{}, w: sortedPuts{}, memo: memo}
		for i, it := range items {
			ck, ik, known := b.known(i, it)
			if known {
				continue
			}
			b.remember(i, ck, ik)
			if dryRun {
				continue
			}
			if err := b.register(i, it, ck, ik); err != nil {
				return err
			}
		}
		if !dryRun {
			if err := s.syncBlobs(b.blobs); err != nil {
				return err
			}
		}
		return b.w.flush(tx)
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
	if memo != nil {
		b.keep()
	}
	return out, nil
}

// importing is one import's transaction: what it has seen and written.
type importing struct {
	s      *Store
	tx     *bolt.Tx
	out    []ImportResult
	dedup  *bolt.Bucket
	seen   map[string]int // content keys of this batch
	idents map[string]int // identity keys of this batch
	w      sortedPuts
	blobs  int
	memo   *ImportMemo
	fresh  [][2][]byte // the content and identity keys of the new items
	ofItem []int
}

// remember notes a new item's keys for the memo.
func (b *importing) remember(i int, ck, ik []byte) {
	if b.memo != nil {
		b.fresh = append(b.fresh, [2][]byte{ck, ik})
		b.ofItem = append(b.ofItem, i)
	}
}

// keep puts what the chunk saw into the memo, once it is through.
func (b *importing) keep() {
	for n, k := range b.fresh {
		id := b.out[b.ofItem[n]].ID
		b.memo.content[string(k[0])] = id
		if k[1] != nil {
			b.memo.ident[string(k[1])] = id
		}
	}
}

// get is the case a dedup key names, if any: in the register, or in an
// earlier chunk of a dry run.
func (b *importing) get(k []byte) (cases.ID, bool) {
	if b.memo != nil {
		m := b.memo.content
		if k[0] == nsIdentity {
			m = b.memo.ident
		}
		if id, ok := m[string(k)]; ok {
			return id, true
		}
	}
	if b.dedup == nil {
		return cases.ID{}, false
	}
	if v := b.dedup.Get(k); len(v) == 8 {
		return idFromKey(v), true
	}
	return cases.ID{}, false
}

// known tells whether item i was imported before (its content, in the
// register or the batch), and marks it a duplicate of an earlier case with
// its Message-ID. It returns the item's content and identity keys.
func (b *importing) known(i int, it ImportCase) (ck, ik []byte, known bool) {
	out := b.out
	ck = b.s.dedupKey(nsContent, it.Content)
	if id, ok := b.get(ck); ok {
		out[i] = ImportResult{ID: id, Existing: true}
		return ck, nil, true
	}
	if j, ok := b.seen[string(ck)]; ok {
		out[i] = ImportResult{ID: out[j].ID, Existing: true}
		return ck, nil, true
	}
	for _, k := range []string{it.Key, it.Content} {
		if k == "" {
			continue
		}
		if id, ok := b.get(b.s.legacyKey(k)); ok {
			out[i] = ImportResult{ID: id, Existing: true}
			return ck, nil, true
		}
	}
	b.seen[string(ck)] = i
	if it.Key != "" {
		ik = b.s.dedupKey(nsIdentity, it.Key)
		if id, ok := b.get(ik); ok {
			out[i].DuplicateOf = id
		} else if j, ok := b.idents[string(ik)]; ok {
			out[i].DuplicateOf = out[j].ID
		}
		b.idents[string(ik)] = i
	}
	return ck, ik, false
}

// register writes item i as a new case, with its events, documents and
// dedup keys.
func (b *importing) register(i int, it ImportCase, ck, ik []byte) error {
	s, tx, out := b.s, b.tx, b.out
	if b.dedup == nil {
		var err error
		if b.dedup, err = tx.CreateBucketIfNotExists(bDedup); err != nil {
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
	if err := s.putCaseVia(tx, nil, c, b.w); err != nil {
		return err
	}
	if err := s.appendEvents(tx, id, it.Events); err != nil {
		return err
	}
	b.blobs += len(it.Blobs)
	for n, content := range it.Blobs {
		if err := s.putBlobLater(tx, blobKey(id, c.Documents[n].No), content); err != nil {
			return err
		}
	}
	b.w.put(bDedup, ck, caseKey(id))
	if ik != nil {
		b.w.put(bDedup, ik, caseKey(id))
	}
	out[i].ID = id
	return nil
}
