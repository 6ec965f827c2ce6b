package store

import (
	bolt "go.etcd.io/bbolt"

	"privdesk/cases"
)

// The subject index: a subject's other requests, found without reading
// the register.

// subjectKey is the subject index entry of c: a keyed hash of who the
// subject is, then the case's number; nil for a case with no contact.
func (s *Store) subjectKey(c *cases.Case) []byte {
	k := c.Subject.Key()
	if k == "" {
		return nil
	}
	return append(s.sealer.Key([]byte("subject:"+k)), caseKey(c.ID)...)
}

// SubjectCases reads the cases of the same subject as c, other than c: by
// the subject index, without decoding any other record.
func (s *Store) SubjectCases(c *cases.Case) ([]*cases.Case, error) {
	k := c.Subject.Key()
	if k == "" {
		return nil, nil
	}
	prefix := s.sealer.Key([]byte("subject:" + k))
	var out []*cases.Case
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bIdxSubj)
		if b == nil {
			return nil
		}
		cur := b.Cursor()
		for key, _ := cur.Seek(prefix); hasPrefix(key, prefix); key, _ = cur.Next() {
			id := idFromKey(key[len(prefix):])
			if id == c.ID {
				continue
			}
			other, err := s.getCase(tx, id)
			if err != nil {
				continue // check reports a record that cannot be read
			}
			out = append(out, other)
		}
		return nil
	})
	return out, err
}

// LatestAccess finds, for each subject key, the latest request for
// information (access) of that subject: by the subject index, decoding only
// that subject's records. Import asks it for the subjects of a batch, to
// link repeats (Art. 14 p. 4–6) without reading the whole register.
func (s *Store) LatestAccess(keys []string) (map[string]*cases.Case, error) {
	out := map[string]*cases.Case{}
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bIdxSubj)
		if b == nil {
			return nil
		}
		cur := b.Cursor()
		for _, k := range keys {
			if _, done := out[k]; done || k == "" {
				continue
			}
			prefix := s.sealer.Key([]byte("subject:" + k))
			for key, _ := cur.Seek(prefix); hasPrefix(key, prefix); key, _ = cur.Next() {
				c, err := s.getCase(tx, idFromKey(key[len(prefix):]))
				if err != nil || c.Kind != cases.KindAccess {
					continue // check reports a record that cannot be read
				}
				if best := out[k]; best == nil || c.Received.After(best.Received) {
					out[k] = c
				}
			}
		}
		return nil
	})
	return out, err
}
