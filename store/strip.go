package store

import (
	"bytes"

	bolt "go.etcd.io/bbolt"
)

// Schema 7: a case record keeps keys of the catalog's texts, not the texts
// (cases.Case.Stored). A file of an older schema is marked needs_strip by
// its migration; the first open that has the catalog rewrites its records
// and compacts it.

var kStrip = []byte("needs_strip")

// stripChunk is how many records one transaction of stripRecords rewrites.
const stripChunk = 1000

// stripRecords rewrites every case record as schema 7 keeps it, a chunk at
// a time, then compacts the file so that the pages of the whole records
// go. A record that cannot be read is left for check to report.
func (s *Store) stripRecords() error {
	var after []byte
	for done := false; !done; {
		err := s.update(func(tx *bolt.Tx) error {
			type rec struct{ k, v []byte }
			var chunk []rec
			c := tx.Bucket(bCases).Cursor()
			k, v := c.First()
			if after != nil {
				if k, v = c.Seek(after); bytes.Equal(k, after) {
					k, v = c.Next()
				}
			}
			for ; k != nil && len(chunk) < stripChunk; k, v = c.Next() {
				cs, err := s.decodeCase(k, v)
				if err != nil {
					continue
				}
				cs.ID = idFromKey(k)
				enc, err := s.encodeCase(cs)
				if err != nil {
					return err
				}
				chunk = append(chunk, rec{bytes.Clone(k), enc})
			}
			for _, r := range chunk {
				if err := tx.Bucket(bCases).Put(r.k, r.v); err != nil {
					return err
				}
			}
			if k != nil && len(chunk) > 0 {
				after = chunk[len(chunk)-1].k
				return nil
			}
			done = true
			if err := tx.Bucket(bMeta).Delete(kStrip); err != nil {
				return err
			}
			return tx.Bucket(bMeta).Put(kCompact, []byte{1})
		})
		if err != nil {
			return err
		}
	}
	return s.Compact()
}
