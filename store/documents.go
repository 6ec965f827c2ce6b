package store

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"strconv"

	bolt "go.etcd.io/bbolt"

	"privdesk/cases"
)

func blobKey(id cases.ID, no int) []byte {
	return binary.BigEndian.AppendUint32(caseKey(id), uint32(no))
}

// Attach stores content as a new document of case id. fn records the
// document's metadata with cases.Case.Attach; content is sealed and written
// in the same transaction, so a document is either wholly there or absent.
func (s *Store) Attach(id cases.ID, content []byte, fn func(c *cases.Case) (cases.Event, error)) (*cases.Case, error) {
	var out *cases.Case
	err := s.update(func(tx *bolt.Tx) error {
		c, err := s.change(tx, id, func(c *cases.Case) ([]cases.Event, error) {
			n := len(c.Documents)
			ev, err := fn(c)
			if err == nil && len(c.Documents) != n+1 {
				return nil, &Error{Code: ErrCorrupt, Path: id.String()}
			}
			return []cases.Event{ev}, err
		})
		if err != nil {
			return err
		}
		out = c
		k := blobKey(id, c.Documents[len(c.Documents)-1].No)
		return tx.Bucket(bBlobs).Put(k, s.sealValue(bBlobs, k, content))
	})
	return out, err
}

// Content reads a document back and checks it against the hash taken when
// it was attached.
func (s *Store) Content(id cases.ID, no int) (cases.Document, []byte, error) {
	var doc cases.Document
	var content []byte
	err := s.view(func(tx *bolt.Tx) error {
		c, err := s.getCase(tx, id)
		if err != nil {
			return err
		}
		d := c.Document(no)
		if d == nil {
			return &cases.Error{Code: cases.ErrNoDocument, Args: []any{strconv.Itoa(no), id.String()}}
		}
		if d.Destroyed != nil {
			return &cases.Error{Code: cases.ErrDocDestroyed, Args: []any{strconv.Itoa(no), d.Destroyed.At.In(cases.Moscow).Format("2006-01-02")}}
		}
		doc = *d
		k := blobKey(id, no)
		v := tx.Bucket(bBlobs).Get(k)
		plain, err := s.openValue(bBlobs, k, v)
		sum := sha256.Sum256(plain)
		if v == nil || err != nil || hex.EncodeToString(sum[:]) != d.SHA256 {
			return &Error{Code: ErrDocDamaged, Path: id.String() + "/" + strconv.Itoa(no)}
		}
		content = plain
		return nil
	})
	return doc, content, err
}

// Destroy applies destructions to several cases in one transaction: each fn
// marks documents destroyed (cases.Case.DestroyDocument), and their content
// is deleted. The file is then compacted, so that the content is gone from
// it and not only from its tree.
func (s *Store) Destroy(fns map[cases.ID]func(c *cases.Case) ([]cases.Event, error)) error {
	err := s.update(func(tx *bolt.Tx) error {
		for id, fn := range fns {
			c, err := s.change(tx, id, fn)
			if err != nil {
				return err
			}
			for _, d := range c.Documents {
				if d.Destroyed == nil {
					continue
				}
				if err := tx.Bucket(bBlobs).Delete(blobKey(id, d.No)); err != nil {
					return err
				}
			}
		}
		// Should the compaction below not finish, the next Open does it.
		return tx.Bucket(bMeta).Put(kCompact, []byte{1})
	})
	if err != nil {
		return err
	}
	return s.Compact()
}
