// Package store keeps case files in one bbolt file. It is the only package
// that knows about bbolt.
//
// The file is opened for the length of one operation and closed again:
// bbolt lets one process hold it at a time, and the officer's TUI must not
// lock out a script, nor a script the TUI.
package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// SchemaVersion is the layout this build writes.
const SchemaVersion = 1

var (
	bMeta      = []byte("meta")
	bCases     = []byte("cases")
	bEvents    = []byte("events")
	bIdxDue    = []byte("idx_due")
	bIdxStatus = []byte("idx_status")

	kSchema = []byte("schema")
	kGen    = []byte("generation")
)

// migrations[v] brings a file from schema v to v+1. Version 0 is a file
// with no privdesk buckets yet.
var migrations = []func(tx *bolt.Tx) error{
	func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bMeta, bCases, bEvents, bIdxDue, bIdxStatus} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	},
}

// DefaultTimeout is how long an operation waits for another process to let
// go of the file before it reports the database busy.
const DefaultTimeout = 3 * time.Second

// Store is a privdesk database file.
type Store struct {
	path    string
	timeout time.Duration
}

// Path returns the database file's path.
func (s *Store) Path() string { return s.path }

// Open checks the file at path, creates it (and its folder, 0700) when it
// does not exist, and migrates an older schema. It leaves the file untouched
// when it is anything but a privdesk database this build can read.
func Open(path string, timeout time.Duration) (*Store, error) {
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	s := &Store{path: path, timeout: timeout}
	fi, err := os.Stat(path)
	switch {
	case err == nil && fi.IsDir():
		return nil, &Error{Code: ErrIsDir, Path: path}
	case err == nil && !fi.Mode().IsRegular():
		return nil, &Error{Code: ErrNotDatabase, Path: path}
	case err == nil:
		if err := checkMagic(path); err != nil {
			return nil, err
		}
	case errors.Is(err, os.ErrNotExist):
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, &Error{Code: ErrIO, Path: path, Err: err}
		}
	default:
		return nil, &Error{Code: ErrIO, Path: path, Err: err}
	}
	var version uint64
	err = s.view(func(tx *bolt.Tx) error {
		version = schemaOf(tx)
		if first, _ := tx.Cursor().First(); tx.Bucket(bMeta) == nil && first != nil {
			return &Error{Code: ErrNotDatabase, Path: path} // another program's bbolt file
		}
		return nil
	})
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	if version > SchemaVersion {
		return nil, &Error{Code: ErrNewer, Path: path}
	}
	if version < SchemaVersion {
		if err := s.update(migrate); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// checkMagic reads the first meta page by hand, so that a file that is not
// a bbolt database is refused before bbolt could write anything to it.
func checkMagic(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return &Error{Code: ErrIO, Path: path, Err: err}
	}
	defer f.Close()
	head := make([]byte, 32)
	if _, err := io.ReadFull(f, head); err != nil {
		return &Error{Code: ErrNotDatabase, Path: path}
	}
	// page header (16 bytes), then meta: magic uint32, version uint32.
	if binary.LittleEndian.Uint32(head[16:]) != 0xED0CDAED {
		return &Error{Code: ErrNotDatabase, Path: path}
	}
	return nil
}

func schemaOf(tx *bolt.Tx) uint64 {
	meta := tx.Bucket(bMeta)
	if meta == nil {
		return 0
	}
	if v := meta.Get(kSchema); len(v) == 8 {
		return binary.BigEndian.Uint64(v)
	}
	return 0
}

func migrate(tx *bolt.Tx) error {
	v := schemaOf(tx)
	if v > SchemaVersion {
		return &Error{Code: ErrNewer, Path: tx.DB().Path()}
	}
	for ; v < SchemaVersion; v++ {
		if err := migrations[v](tx); err != nil {
			return err
		}
	}
	return tx.Bucket(bMeta).Put(kSchema, binary.BigEndian.AppendUint64(nil, SchemaVersion))
}

func (s *Store) open(readOnly bool) (*bolt.DB, error) {
	if readOnly {
		if _, err := os.Stat(s.path); err != nil {
			return nil, err
		}
	}
	db, err := bolt.Open(s.path, 0o600, &bolt.Options{
		Timeout:      s.timeout,
		ReadOnly:     readOnly,
		FreelistType: bolt.FreelistMapType,
	})
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return nil, &Error{Code: ErrBusy, Path: s.path}
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrChecksum), errors.Is(err, berrors.ErrVersionMismatch):
		return nil, &Error{Code: ErrNotDatabase, Path: s.path, Err: err}
	case err != nil:
		return nil, &Error{Code: ErrIO, Path: s.path, Err: err}
	}
	if !readOnly {
		// The file holds personal data: the owner alone may read it, even if
		// it was created by hand or copied in with a wider mode.
		if err := os.Chmod(s.path, 0o600); err != nil {
			db.Close()
			return nil, &Error{Code: ErrIO, Path: s.path, Err: err}
		}
	}
	return db, nil
}

func (s *Store) view(fn func(tx *bolt.Tx) error) error {
	db, err := s.open(true)
	if err != nil {
		return err
	}
	defer db.Close()
	return db.View(fn)
}

// update runs fn in one write transaction and bumps the generation, which
// other processes poll to notice the change.
func (s *Store) update(fn func(tx *bolt.Tx) error) error {
	db, err := s.open(false)
	if err != nil {
		return err
	}
	err = db.Update(func(tx *bolt.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		meta := tx.Bucket(bMeta)
		gen := uint64(0)
		if v := meta.Get(kGen); len(v) == 8 {
			gen = binary.BigEndian.Uint64(v)
		}
		return meta.Put(kGen, binary.BigEndian.AppendUint64(nil, gen+1))
	})
	if cerr := db.Close(); err == nil && cerr != nil {
		err = &Error{Code: ErrIO, Path: s.path, Err: cerr}
	}
	return err
}

// Generation changes with every committed write, by any process.
func (s *Store) Generation() (uint64, error) {
	var gen uint64
	err := s.view(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bMeta).Get(kGen); len(v) == 8 {
			gen = binary.BigEndian.Uint64(v)
		}
		return nil
	})
	return gen, err
}

func hasPrefix(k, prefix []byte) bool { return k != nil && bytes.HasPrefix(k, prefix) }
