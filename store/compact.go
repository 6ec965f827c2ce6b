package store

import (
	"errors"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"
)

// Compaction: a fresh copy of the file, swapped in, so that what was
// deleted is gone from the file and not merely from its tree.

// Compact rewrites the database into a fresh file and swaps it in, so that
// values deleted or rewritten are gone from the file and not merely from its
// tree: bbolt keeps old values in free pages until they are reused.
func (s *Store) Compact() error {
	if s.readOnly {
		return &Error{Code: ErrReadOnly, Path: s.path}
	}
	l, err := lock(s.path, true, s.timeout, s.holder)
	if err != nil {
		return err
	}
	defer l.unlock()
	src, err := s.boltOpen(s.path, false)
	if err != nil {
		return err
	}
	tmp := s.path + ".compact"
	os.Remove(tmp) // a leftover of an interrupted compaction holds nothing committed
	dst, err := s.boltOpen(tmp, false)
	if err != nil {
		src.Close()
		return err
	}
	err = bolt.Compact(dst, src, 4<<20)
	if err == nil {
		err = dst.Update(func(tx *bolt.Tx) error {
			for _, k := range [][]byte{kCompact, kScrub} {
				if err := tx.Bucket(bMeta).Delete(k); err != nil {
					return err
				}
			}
			return bumpGeneration(tx)
		})
	}
	dst.Close()
	if err == nil {
		err = s.verifyCopy(tmp, src)
	}
	src.Close()
	if err == nil {
		// Commit synced tmp; the rename is atomic, so a crash leaves either
		// the old file or the new one, never neither.
		err = os.Rename(tmp, s.path)
	}
	if err != nil {
		os.Remove(tmp)
		var se *Error
		if errors.As(err, &se) {
			return err
		}
		return s.diskFull(&Error{Code: ErrIO, Path: s.path, Err: err}, 0)
	}
	return syncDir(filepath.Dir(s.path))
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
