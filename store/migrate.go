package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"

	bolt "go.etcd.io/bbolt"

	"privdesk/cases"
	"privdesk/store/seal"
)

// Schema migrations: each brings an older file to this build's layout in
// one transaction.

// migrate brings the file from schema `from` to SchemaVersion in one
// transaction: a new file gets its buckets and data key; a plaintext
// foundation file has every case and event sealed; a schema-2 file has its
// dedup hashes keyed and its due index rebuilt.
func (s *Store) migrate(from uint64, key seal.Source) error {
	var hb []byte
	if s.sealer == nil {
		if from == 2 {
			return &Error{Code: ErrNotDatabase, Path: s.path} // sealed data without a header
		}
		h, sealer, err := seal.New(key, true)
		if err != nil {
			return keyError(s.path, err)
		}
		hb, _ = json.Marshal(h) // a struct of bytes and numbers
		s.sealer = sealer
	}
	return s.update(func(tx *bolt.Tx) error {
		if schemaOf(tx) != from {
			return &Error{Code: ErrBusy, Path: s.path} // another process migrated it meanwhile
		}
		for _, b := range [][]byte{bMeta, bCases, bEvents, bIdxDue, bIdxStatus, bIdxSubj, bBlobRef, bBrief} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		meta := tx.Bucket(bMeta)
		if from == 1 {
			for _, b := range [][]byte{bCases, bEvents} {
				if err := s.sealBucket(tx, b); err != nil {
					return err
				}
			}
		}
		if err := s.moveBlobs(tx); err != nil {
			return err
		}
		if from >= 1 {
			if err := s.keyDedup(tx); err != nil {
				return err
			}
			if err := s.rebuildIndexes(tx); err != nil {
				return err
			}
			// Old hashes and receipt times stay in free pages until compacted;
			// records keep the catalog's texts until stripped (strip.go).
			if err := meta.Put(kCompact, []byte{1}); err != nil {
				return err
			}
			if err := meta.Put(kStrip, []byte{1}); err != nil {
				return err
			}
		}
		if hb != nil {
			if err := meta.Put(kSeal, hb); err != nil {
				return err
			}
		}
		if from == 0 { // a new file: its cases follow this build's legal model
			if err := meta.Put(kRules, binary.BigEndian.AppendUint64(nil, cases.RulesVersion)); err != nil {
				return err
			}
		}
		return meta.Put(kSchema, binary.BigEndian.AppendUint64(nil, SchemaVersion))
	})
}

// moveBlobs moves documents from the file (schema 2 to 4) to the document
// store, each under a key of its own; their old pages go with the compaction
// that follows a migration.
func (s *Store) moveBlobs(tx *bolt.Tx) error {
	old := tx.Bucket(bBlobs)
	if old == nil {
		return nil
	}
	type blob struct{ k, content []byte }
	var all []blob
	err := old.ForEach(func(k, v []byte) error {
		content, err := s.openValue(bBlobs, k, v)
		if err != nil && len(k) == 12 {
			return corrupt(idFromKey(k[:8]), err)
		}
		if err != nil {
			return &Error{Code: ErrCorrupt, Path: s.path, Err: err}
		}
		all = append(all, blob{bytes.Clone(k), content})
		return nil
	})
	if err != nil {
		return err
	}
	for _, b := range all {
		if err := s.putBlobLater(tx, b.k, b.content); err != nil {
			return err
		}
	}
	if err := s.syncBlobs(len(all)); err != nil {
		return err
	}
	return tx.DeleteBucket(bBlobs)
}

// keyDedup moves schema 2's plain dedup hashes under keyed hashes.
func (s *Store) keyDedup(tx *bolt.Tx) error {
	old := tx.Bucket(bImportedV2)
	if old == nil {
		return nil
	}
	dedup, err := tx.CreateBucketIfNotExists(bDedup)
	if err != nil {
		return err
	}
	err = old.ForEach(func(k, v []byte) error {
		return dedup.Put(append([]byte{nsLegacy}, s.sealer.Key(k)...), bytes.Clone(v))
	})
	if err != nil {
		return err
	}
	return tx.DeleteBucket(bImportedV2)
}

// rebuildIndexes writes the due and subject indexes and the briefs afresh
// from the records. A record that cannot be read is left for check to report.
func (s *Store) rebuildIndexes(tx *bolt.Tx) error {
	if err := tx.DeleteBucket(bIdxDue); err != nil {
		return err
	}
	due, err := tx.CreateBucket(bIdxDue)
	if err != nil {
		return err
	}
	subj, briefs := tx.Bucket(bIdxSubj), tx.Bucket(bBrief)
	return tx.Bucket(bCases).ForEach(func(k, v []byte) error {
		c, err := s.decodeCase(k, v)
		if err != nil {
			return nil
		}
		c.ID = idFromKey(k)
		if sk := s.subjectKey(c); sk != nil {
			if err := subj.Put(sk, nil); err != nil {
				return err
			}
		}
		bv, err := s.encode(bBrief, k, c.Brief())
		if err != nil {
			return err
		}
		if err := briefs.Put(bytes.Clone(k), bv); err != nil {
			return err
		}
		return due.Put(dueKey(c), s.rowValue(c))
	})
}

// sealBucket rewrites every plaintext value of bucket name sealed.
func (s *Store) sealBucket(tx *bolt.Tx, name []byte) error {
	b := tx.Bucket(name)
	type kv struct{ k, v []byte }
	var all []kv
	err := b.ForEach(func(k, v []byte) error {
		if len(v) > 0 && v[0] == valuePlain {
			all = append(all, kv{bytes.Clone(k), bytes.Clone(v[1:])})
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, e := range all {
		if err := b.Put(e.k, s.sealValue(name, e.k, e.v)); err != nil {
			return err
		}
	}
	return nil
}
