package store

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
	"golang.org/x/sys/unix"

	"privdesk/cases"
	"privdesk/store/seal"
)

// backupMagic starts a backup's plaintext (inside the encryption): what it
// is and when it was taken. Version 1 then held the database file alone
// (documents lived in it); version 2 holds framed parts: the database, the
// key slots, and each live document's file.
const (
	backupMagicV1 = "privdesk-backup-v1"
	backupMagic   = "privdesk-backup-v2"
)

type backupHeader struct {
	Magic string    `json:"magic"`
	Taken time.Time `json:"taken"`
	// Database and Journal: where the backup was taken from (absolute
	// paths), so that a restore anywhere finds the destructions made since.
	Database string `json:"database,omitempty"`
	Journal  string `json:"journal,omitempty"`
}

// A part is a name (u16 length, bytes), a size (u64) and its bytes.
func writePart(w io.Writer, name string, size int64, body func(io.Writer) error) error {
	head := binary.BigEndian.AppendUint16(nil, uint16(len(name)))
	head = append(head, name...)
	head = binary.BigEndian.AppendUint64(head, uint64(size))
	if _, err := w.Write(head); err != nil {
		return err
	}
	cw := &countWriter{w: w}
	if err := body(cw); err != nil {
		return err
	}
	if cw.n != size {
		return fmt.Errorf("backup part %s: wrote %d bytes of %d", name, cw.n, size)
	}
	return nil
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// Backup writes a consistent copy of the database, its key slots and its
// documents, with the moment it was taken, to w (which the caller
// encrypts). Writers wait only while the database and the key slots are
// copied; the documents, the bulk, are copied after the file is let go. A
// document destroyed meanwhile is left out: its destruction is in the
// journal, which a restore replays, so it stays destroyed either way.
func (s *Store) Backup(w io.Writer, now time.Time) error {
	h := backupHeader{Magic: backupMagic, Taken: now.UTC(), Database: s.path, Journal: journalPath(s.path)}
	if abs, err := filepath.Abs(s.path); err == nil {
		h.Database, h.Journal = abs, journalPath(abs)
	}
	hb, _ := json.Marshal(h)
	if _, err := w.Write(append(hb, '\n')); err != nil {
		return err
	}
	// The database is copied under the lock into an unnamed file beside it
	// (a copy in the kernel, gone with the process), and encrypted from
	// there once the file is let go: writers wait for the copy alone.
	snap, err := anonymousFile(filepath.Dir(s.path))
	if err != nil {
		return &Error{Code: ErrIO, Path: s.path, Err: err}
	}
	defer snap.Close()
	var slots []uint64
	var keys []byte
	var size int64
	err = s.view(func(tx *bolt.Tx) error {
		size = tx.Size()
		if _, err := tx.WriteTo(snap); err != nil {
			return err
		}
		var err error
		keys, err = os.ReadFile(keysPath(s.path))
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
		keys = keys[:min(uint64(len(keys)), committedSlots(tx)*slotSize)]
		if refs := tx.Bucket(bBlobRef); refs != nil {
			return refs.ForEach(func(_, v []byte) error {
				if slot, ok := u64(v); ok {
					slots = append(slots, slot)
				}
				return nil
			})
		}
		return nil
	})
	if err != nil {
		return err
	}
	if _, err := snap.Seek(0, io.SeekStart); err != nil {
		return &Error{Code: ErrIO, Path: s.path, Err: err}
	}
	if err := writePart(w, "db", size, func(w io.Writer) error { _, err := io.Copy(w, io.LimitReader(snap, size)); return err }); err != nil {
		return err
	}
	if err := writePart(w, "keys", int64(len(keys)), func(w io.Writer) error { _, err := w.Write(keys); return err }); err != nil {
		return err
	}
	for _, slot := range slots {
		if err := s.backupBlob(w, slot); err != nil {
			return err
		}
	}
	return nil
}

// backupBlob copies one document's file as a part, unless it was destroyed
// since the database was copied.
func (s *Store) backupBlob(w io.Writer, slot uint64) error {
	f, err := os.Open(s.blobPath(slot))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return &Error{Code: ErrIO, Path: s.path, Err: err}
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return &Error{Code: ErrIO, Path: s.path, Err: err}
	}
	return writePart(w, filepath.Base(f.Name()), fi.Size(), func(w io.Writer) error {
		_, err := io.Copy(w, io.LimitReader(f, fi.Size()))
		return err
	})
}

// Restore writes the database in a backup to path (which must not exist,
// nor its key slots or documents), after replaying the destructions of the
// journals made after the backup was taken: the restored database never
// holds what was destroyed since. It returns how many cases were replayed.
func Restore(r io.Reader, path string, js Journals, opts Options) (int, error) {
	br := bufio.NewReader(r)
	line, err := br.ReadBytes('\n')
	var h backupHeader
	if err != nil || json.Unmarshal(line, &h) != nil || (h.Magic != backupMagic && h.Magic != backupMagicV1) {
		return 0, &Error{Code: ErrNotBackup, Path: path}
	}
	for _, p := range []string{path, keysPath(path), docsDir(path)} {
		if _, err := os.Stat(p); err == nil {
			return 0, &Error{Code: ErrExists, Path: p}
		}
	}
	entries, err := journals(path, h, js)
	if err != nil {
		return 0, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return 0, &Error{Code: ErrIO, Path: path, Err: err}
	}
	tmp := path + ".restoring"
	clean := func() {
		for _, p := range []string{tmp, keysPath(tmp), docsDir(tmp), tmp + ".lock", tmp + ".compact", tmp + ".destroyed"} {
			os.RemoveAll(p)
		}
	}
	clean()
	if h.Magic == backupMagicV1 {
		err = writeNew(tmp, br, true)
	} else {
		err = restoreParts(br, tmp)
	}
	if err != nil {
		clean()
		var se *Error
		if errors.As(err, &se) {
			return 0, err
		}
		return 0, &Error{Code: ErrIO, Path: path, Err: err}
	}
	n, err := replay(tmp, entries, h.Taken, opts)
	if err != nil {
		clean()
		return 0, err
	}
	os.Remove(tmp + ".lock")
	os.Remove(tmp + ".destroyed") // the replay's own journal: the real one already lists it
	// The database last: once it is in place, so are its keys and documents.
	for _, mv := range [][2]string{{docsDir(tmp), docsDir(path)}, {keysPath(tmp), keysPath(path)}, {tmp, path}} {
		if err := os.Rename(mv[0], mv[1]); err != nil && !errors.Is(err, os.ErrNotExist) {
			clean()
			return 0, &Error{Code: ErrIO, Path: path, Err: err}
		}
	}
	return n, syncDir(filepath.Dir(path))
}

// writeNew writes r to a new file at path, readable by its owner only.
func writeNew(path string, r io.Reader, sync bool) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	_, err = io.Copy(f, r)
	if err == nil && sync {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// restoreParts writes a version 2 backup's parts beside tmp, and makes
// them durable at the end in one call (syncfs), not a file at a time.
func restoreParts(r *bufio.Reader, tmp string) error {
	if err := os.MkdirAll(docsDir(tmp), 0o700); err != nil {
		return err
	}
	for {
		var n [2]byte
		if _, err := io.ReadFull(r, n[:]); err == io.EOF {
			return syncFS(docsDir(tmp))
		} else if err != nil {
			return &Error{Code: ErrNotBackup, Path: tmp}
		}
		name := make([]byte, binary.BigEndian.Uint16(n[:]))
		var size [8]byte
		if _, err := io.ReadFull(r, name); err != nil {
			return &Error{Code: ErrNotBackup, Path: tmp}
		}
		if _, err := io.ReadFull(r, size[:]); err != nil {
			return &Error{Code: ErrNotBackup, Path: tmp}
		}
		body := &io.LimitedReader{R: r, N: int64(binary.BigEndian.Uint64(size[:]))}
		var dest string
		switch part := string(name); {
		case part == "db":
			dest = tmp
		case part == "keys":
			dest = keysPath(tmp)
		case len(part) == 16 && strings.Trim(part, "0123456789abcdef") == "":
			dest = filepath.Join(docsDir(tmp), part)
		default:
			return &Error{Code: ErrNotBackup, Path: tmp}
		}
		if err := writeNew(dest, body, false); err != nil {
			return err
		}
		if body.N != 0 {
			return &Error{Code: ErrNotBackup, Path: tmp} // cut short
		}
	}
}

// replay destroys in the restored file what the journal entries say was
// destroyed after taken.
func replay(tmp string, entries []journalEntry, taken time.Time, opts Options) (int, error) {
	opts.Create = false
	st, err := Open(tmp, opts)
	if err != nil {
		return 0, err
	}
	docs := map[cases.ID]map[int]bool{}
	wiped := map[cases.ID]bool{}
	for _, e := range entries {
		if !e.At.After(taken) {
			continue
		}
		if docs[e.Case] == nil {
			docs[e.Case] = map[int]bool{}
		}
		for _, no := range e.Documents {
			docs[e.Case][no] = true
		}
		wiped[e.Case] = wiped[e.Case] || e.Wiped
	}
	if len(docs) == 0 {
		return 0, nil
	}
	reason := fmt.Sprintf("restore of the backup of %s: destroyed after it was taken", taken.Format(time.RFC3339))
	fns := map[cases.ID]DepersonaliseFn{}
	for id := range docs {
		fns[id] = func(c *cases.Case, evs []cases.Event) ([]cases.Event, []cases.Event, error) {
			var added []cases.Event
			for no := range docs[id] {
				if d := c.Document(no); d != nil && d.Destroyed == nil {
					ev, err := c.DestroyDocument(no, cases.Destruction{Reason: reason, System: "privdesk"}, time.Now(), "privdesk")
					if err != nil {
						return nil, nil, err
					}
					added = append(added, ev)
				}
			}
			if wiped[id] && c.Depersonalised == nil && !c.Status.Open() {
				kept, more, err := c.Depersonalise(evs, "privdesk", time.Now(), "privdesk")
				if err != nil {
					return nil, nil, err
				}
				return kept, append(added, more...), nil
			}
			return nil, added, nil
		}
	}
	for id := range fns {
		if _, err := st.Get(id); err != nil {
			delete(fns, id) // registered after the backup: not in it
		}
	}
	return len(fns), st.Depersonalise(fns)
}

// Rekey wraps the data key for a new key file or passphrase; the data are
// not rewritten.
func (s *Store) Rekey(src seal.Source) error {
	h, err := s.sealer.Wrap(src)
	if err != nil {
		return keyError(s.path, err)
	}
	hb, _ := json.Marshal(h)
	return s.update(func(tx *bolt.Tx) error {
		return tx.Bucket(bMeta).Put(kSeal, hb)
	})
}

// anonymousFile is a file with no name in dir, readable by its owner only:
// nothing is left of it when it is closed or the process dies. Where the
// file system has no unnamed files, a named one is removed at once.
func anonymousFile(dir string) (*os.File, error) {
	if fd, err := unix.Open(dir, unix.O_TMPFILE|unix.O_RDWR|unix.O_CLOEXEC, 0o600); err == nil {
		return os.NewFile(uintptr(fd), filepath.Join(dir, "(backup snapshot)")), nil
	}
	f, err := os.CreateTemp(dir, ".privdesk-backup-*")
	if err != nil {
		return nil, err
	}
	if err := os.Remove(f.Name()); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}
