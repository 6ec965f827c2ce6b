// Package store keeps case files in one bbolt file. It is the only package
// that knows about bbolt.
//
// The file is opened for the length of one operation and closed again:
// bbolt lets one process hold it at a time, and the officer's TUI must not
// lock out a script, nor a script the TUI. Everything personal is sealed
// (package seal) before it reaches the file; indexes hold only register
// numbers, dates, statuses and kinds.
package store

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"privdesk/cases"
	"privdesk/store/seal"
)

// SchemaVersion is the layout this build writes: 1 was the plaintext
// foundation; 2 seals every personal value and adds documents; 3 keys the
// dedup index with the data key and keeps only the day of receipt in the
// due index; 4 adds the subject index; 5 moves documents out of the file,
// each under a key of its own (docstore.go); 6 adds each case's brief.
const SchemaVersion = 7

var (
	bMeta      = []byte("meta")
	bCases     = []byte("cases")
	bEvents    = []byte("events")
	bIdxDue    = []byte("idx_due")
	bIdxStatus = []byte("idx_status")
	bBlobs     = []byte("blobs") // documents, up to schema 4
	bIdxSubj   = []byte("idx_subject")
	bBrief     = []byte("briefs") // case → its sealed cases.Brief

	kSchema  = []byte("schema")
	kGen     = []byte("generation")
	kSeal    = []byte("seal")
	kCompact = []byte("needs_compaction")
)

// DefaultTimeout is how long an operation waits for another process to let
// go of the file before it reports the database busy, and who holds it.
const DefaultTimeout = 10 * time.Second

// Options say how to open a database.
type Options struct {
	Timeout time.Duration
	Key     seal.Source
	// Create makes a new database where none exists; without it a missing
	// file is an error, so that a mistyped path creates nothing.
	Create bool
	// Holder names what this process does (a command's name), for the
	// message of a process that has to wait for it.
	Holder string
	// Rules is the catalog records keep keys of instead of its texts
	// (cases.Case.Stored); without it records are written whole, and
	// texts left out of them stay out when read.
	Rules *cases.Rules
}

// Store is a privdesk database file.
type Store struct {
	path    string
	timeout time.Duration
	holder  string
	rules   *cases.Rules
	sealer  *seal.Sealer
	// readOnly: this view of the database refuses every write (an
	// auditor's session).
	readOnly bool
}

// ReadOnly returns a view of the database that reads as s does and refuses
// every write with ErrReadOnly. Every change goes through one write path,
// so no screen or command can get round it.
func (s *Store) ReadOnly() *Store {
	v := *s
	v.readOnly = true
	return &v
}

// Path returns the database file's path.
func (s *Store) Path() string { return s.path }

// Open checks the file at path, creates it (and its folder, 0700) when it
// does not exist, unlocks its data key, and migrates an older schema. It
// leaves the file untouched when it is anything but a privdesk database this
// build can read with the key given.
func Open(path string, opts Options) (*Store, error) {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	s := &Store{path: path, timeout: opts.Timeout, holder: cmp.Or(opts.Holder, "privdesk"), rules: opts.Rules}
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
		if err := precheck(path); err != nil {
			return nil, err
		}
	case errors.Is(err, os.ErrNotExist) && !opts.Create:
		return nil, &Error{Code: ErrMissing, Path: path}
	case errors.Is(err, os.ErrNotExist):
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, &Error{Code: ErrIO, Path: path, Err: err}
		}
	default:
		return nil, &Error{Code: ErrIO, Path: path, Err: err}
	}
	var version uint64
	var header []byte
	var m marks
	err = s.view(func(tx *bolt.Tx) error {
		version = schemaOf(tx)
		if first, _ := tx.Cursor().First(); tx.Bucket(bMeta) == nil && first != nil {
			return &Error{Code: ErrNotDatabase, Path: path} // another program's bbolt file
		}
		if meta := tx.Bucket(bMeta); meta != nil {
			header = bytes.Clone(meta.Get(kSeal))
			m = marks{compact: meta.Get(kCompact) != nil, scrub: meta.Get(kScrub) != nil,
				strip: meta.Get(kStrip) != nil, erase: s.pendingErasure(tx)}
		}
		return nil
	})
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	if version > SchemaVersion {
		return nil, &Error{Code: ErrNewer, Path: path}
	}
	if header != nil {
		var h seal.Header
		if err := json.Unmarshal(header, &h); err != nil {
			return nil, &Error{Code: ErrNotDatabase, Path: path, Err: err}
		}
		if s.sealer, err = h.Unwrap(opts.Key); err != nil {
			return nil, keyError(path, err)
		}
	}
	if err := s.finish(version, opts.Key, m); err != nil {
		return nil, err
	}
	return s, nil
}

func keyError(path string, err error) error {
	code := ErrIO
	switch {
	case errors.Is(err, seal.ErrKeyMissing):
		code = ErrKeyMissing
	case errors.Is(err, seal.ErrKeyWrong):
		code = ErrKeyWrong
	case errors.Is(err, seal.ErrKeyMalformed):
		code = ErrKeyMalformed
	case errors.Is(err, seal.ErrModeMismatch):
		code = ErrKeyMode
	case errors.Is(err, seal.ErrHeaderBounds):
		code = ErrKeyHeader
	case errors.Is(err, seal.ErrKeyExposed):
		var ee *seal.ExposedError
		errors.As(err, &ee)
		mode, file := "", ""
		if ee != nil {
			mode, file = fmt.Sprintf("%04o", ee.Mode), ee.Path
		}
		return &Error{Code: ErrKeyExposed, Path: path, Err: err, Args: []any{mode, file}}
	}
	return &Error{Code: code, Path: path, Err: err}
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

func (s *Store) open(readOnly bool) (*bolt.DB, *fileLock, error) {
	if readOnly {
		if _, err := os.Stat(s.path); err != nil {
			return nil, nil, err
		}
	}
	// Writers take the lock file exclusively, readers shared: the wait is
	// privdesk's own, polled every 10 ms, so that a writer runs as soon as
	// a reader lets go (bbolt's own lock retries every 50 ms).
	l, err := lock(s.path, !readOnly, s.timeout, s.holder)
	if err != nil {
		return nil, nil, err
	}
	db, err := s.boltOpen(s.path, readOnly)
	if err != nil {
		l.unlock()
		return nil, nil, err
	}
	return db, l, nil
}

func (s *Store) boltOpen(path string, readOnly bool) (*bolt.DB, error) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{
		Timeout:      s.timeout,
		ReadOnly:     readOnly,
		FreelistType: bolt.FreelistMapType,
		PageSize:     pageSize,
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
		if err := os.Chmod(path, 0o600); err != nil {
			db.Close()
			return nil, &Error{Code: ErrIO, Path: s.path, Err: err}
		}
	}
	return db, nil
}

func (s *Store) view(fn func(tx *bolt.Tx) error) (err error) {
	if err := s.precheck(); err != nil {
		return err
	}
	db, l, err := s.open(true)
	if err != nil {
		return err
	}
	defer l.unlock()
	defer db.Close()
	defer guard(s.path, &err, debug.SetPanicOnFault(true))
	return db.View(fn)
}

// update runs fn in one write transaction and bumps the generation, which
// other processes poll to notice the change. It refuses to start on a file
// known to be damaged; a panic on a corrupt page rolls the transaction back.
func (s *Store) update(fn func(tx *bolt.Tx) error) (err error) {
	if s.readOnly {
		return &Error{Code: ErrReadOnly, Path: s.path}
	}
	if _, err := os.Stat(damagedMark(s.path)); err == nil {
		return damaged(s.path, "privdesk check found it damaged")
	}
	if err := s.precheck(); err != nil {
		return err
	}
	db, l, err := s.open(false)
	if err != nil {
		return err
	}
	defer l.unlock()
	defer func() {
		if cerr := db.Close(); err == nil && cerr != nil {
			err = &Error{Code: ErrIO, Path: s.path, Err: cerr}
		}
	}()
	defer guard(s.path, &err, debug.SetPanicOnFault(true))
	erase := false
	err = db.Update(func(tx *bolt.Tx) error {
		packAppends(tx)
		base := committedSlots(tx)
		// Key slots a killed writer left behind hold documents no case knows.
		if err := s.dropUncommitted(base); err != nil {
			return &Error{Code: ErrIO, Path: s.path, Err: err}
		}
		if err := fn(tx); err != nil {
			s.dropUncommitted(base)
			return err
		}
		if n := s.fileSlots(); n != base {
			if err := tx.Bucket(bMeta).Put(kSlots, binary.BigEndian.AppendUint64(nil, n)); err != nil {
				return err
			}
		}
		erase = queued(tx)
		return bumpGeneration(tx)
	})
	if err == nil && erase {
		// Committed: now the destroyed documents' keys and files go.
		err = db.Update(s.finishErasing)
	}
	return s.diskFull(err, 0)
}

// appendBuckets are keyed by case number (then event number): new keys come
// last, so a page that splits keeps most of what it holds.
var appendBuckets = [][]byte{bCases, bEvents, bBrief}

// packAppends lets this transaction fill the pages of appendBuckets to 90%
// before it splits them, not bbolt's half: a register written case after
// case takes about half the pages.
func packAppends(tx *bolt.Tx) {
	for _, name := range appendBuckets {
		if b := tx.Bucket(name); b != nil {
			b.FillPercent = 0.9
		}
	}
}

// precheck checks an existing file's meta pages and length; a file not yet
// created is left to the caller.
func (s *Store) precheck() error {
	if _, err := os.Stat(s.path); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	return precheck(s.path)
}

func bumpGeneration(tx *bolt.Tx) error {
	meta := tx.Bucket(bMeta)
	gen := uint64(0)
	if v := meta.Get(kGen); len(v) == 8 {
		gen = binary.BigEndian.Uint64(v)
	}
	return meta.Put(kGen, binary.BigEndian.AppendUint64(nil, gen+1))
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

// pageSize is the page size of a new database file: twice bbolt's 4 KiB,
// so that records of about 1 KiB fill a page to 90% and not to 75% (an
// older file keeps the size it was made with).
const pageSize = 8192
