package store

import (
	"errors"
	"path/filepath"
	"strconv"
	"syscall"

	bolt "go.etcd.io/bbolt"
)

// diskFull names a full disk as such: where an operation failed for want of
// space (ENOSPC, EDQUOT), the officer is told how much is free and about
// how much the operation needs, instead of being sent to check the path.
// need is what the operation was writing (a document's size), or 0.
func (s *Store) diskFull(err error, need int64) error {
	if err == nil || !(errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT)) {
		return err
	}
	var se *Error
	if errors.As(err, &se) && se.Code == ErrDiskFull {
		if need == 0 {
			return err
		}
		err = se.Err
	}
	// bbolt grows the file in steps of up to 1 GiB and needs room for its
	// pages besides what is written: at least 1 MiB more.
	need += 1 << 20
	free, ferr := freeSpace(filepath.Dir(s.path))
	if ferr != nil {
		free = 0
	}
	return &Error{Code: ErrDiskFull, Path: s.path, Err: err, Args: []any{kib(uint64(free)), kib(uint64(need))}}
}

// kib writes a size in KiB, the unit df prints.
func kib(b uint64) string { return strconv.FormatUint((b+1023)/1024, 10) }

// verifyCopy checks a rewritten copy of the database (a compaction, a
// destruction's rewrite) before it replaces the original: bbolt's
// consistency check finds nothing, and it holds as many cases and briefs
// as the original. Until it passes, the original stays as it is.
func (s *Store) verifyCopy(tmp string, src *bolt.DB) error {
	dst, err := s.boltOpen(tmp, true)
	if err != nil {
		return err
	}
	defer dst.Close()
	count := func(db *bolt.DB) (n [2]int, err error) {
		err = db.View(func(tx *bolt.Tx) error {
			for i, name := range [][]byte{bCases, bBrief} {
				if b := tx.Bucket(name); b != nil {
					n[i] = b.Stats().KeyN
				}
			}
			return nil
		})
		return n, err
	}
	var problem error
	err = dst.View(func(tx *bolt.Tx) error {
		for e := range tx.Check() {
			problem = e
			break
		}
		return nil
	})
	if err == nil && problem == nil {
		var want, got [2]int
		if want, err = count(src); err == nil {
			if got, err = count(dst); err == nil && got != want {
				problem = errors.New("cases " + strconv.Itoa(got[0]) + " of " + strconv.Itoa(want[0]) + ", briefs " + strconv.Itoa(got[1]) + " of " + strconv.Itoa(want[1]))
			}
		}
	}
	if err == nil && problem != nil {
		err = &Error{Code: ErrCopyCheck, Path: s.path, Err: problem, Args: []any{problem.Error()}}
	}
	return err
}
