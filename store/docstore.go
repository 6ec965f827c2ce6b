package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"
	"golang.org/x/sys/unix"

	"privdesk/store/seal"
)

// Documents live outside the database file, so that destroying one takes
// milliseconds and removes it for good. Each document version is sealed
// with a key of its own, in a file of its own under privdesk.db.docs/; its
// key, sealed with the data key, sits in a fixed-size slot of
// privdesk.db.keys; the database maps the document to its slot. Destroying
// a document overwrites its key slot with zeros in place and syncs it, which
// makes the content unreadable at once, and then deletes its file: neither
// a copy of the database nor of the document folder can bring it back.
// Slots are handed out in order under the database's write lock; a slot the
// database never committed (a crash mid-attach) is erased the next time the
// database is written or opened.

const slotSize = 128

var (
	bBlobRef = []byte("blob_refs") // blob key (case, document) → slot
	bShred   = []byte("shred")     // slot → blob key: destroyed, key and file still to erase
	kSlots   = []byte("key_slots") // how many slots the database has committed
)

func keysPath(db string) string { return db + ".keys" }
func docsDir(db string) string  { return db + ".docs" }

func (s *Store) blobPath(slot uint64) string {
	return filepath.Join(docsDir(s.path), fmt.Sprintf("%016x", slot))
}

func slotAD(key []byte, slot uint64) []byte {
	return binary.BigEndian.AppendUint64(append([]byte("doc-key\x00"), key...), slot)
}

func blobAD(key []byte, slot uint64) []byte {
	return binary.BigEndian.AppendUint64(append([]byte("doc\x00"), key...), slot)
}

func u64(v []byte) (uint64, bool) {
	if len(v) != 8 {
		return 0, false
	}
	return binary.BigEndian.Uint64(v), true
}

// putBlob stores content as the document at key, replacing (and erasing)
// any earlier version. Its key and file are synced before it returns.
func (s *Store) putBlob(tx *bolt.Tx, key, content []byte) error {
	return s.putBlobSync(tx, key, content, true)
}

// putBlobLater is putBlob for a batch (an import, a migration): nothing is
// synced until syncBlobs, which the batch calls once before it commits.
func (s *Store) putBlobLater(tx *bolt.Tx, key, content []byte) error {
	return s.putBlobSync(tx, key, content, false)
}

func (s *Store) putBlobSync(tx *bolt.Tx, key, content []byte, sync bool) error {
	slot, err := s.writeBlob(key, content, sync)
	if err != nil {
		return &Error{Code: ErrIO, Path: s.path, Err: err}
	}
	refs, err := tx.CreateBucketIfNotExists(bBlobRef)
	if err != nil {
		return err
	}
	if old, ok := u64(refs.Get(key)); ok {
		if err := s.markShred(tx, old, key); err != nil {
			return err
		}
	}
	return refs.Put(bytes.Clone(key), binary.BigEndian.AppendUint64(nil, slot))
}

// dropBlob forgets the document at key and queues its key and file for
// erasing once the transaction commits.
func (s *Store) dropBlob(tx *bolt.Tx, key []byte) error {
	refs := tx.Bucket(bBlobRef)
	if refs == nil {
		return nil
	}
	slot, ok := u64(refs.Get(key))
	if !ok {
		return nil
	}
	if err := refs.Delete(key); err != nil {
		return err
	}
	return s.markShred(tx, slot, key)
}

func (s *Store) markShred(tx *bolt.Tx, slot uint64, key []byte) error {
	b, err := tx.CreateBucketIfNotExists(bShred)
	if err != nil {
		return err
	}
	return b.Put(binary.BigEndian.AppendUint64(nil, slot), bytes.Clone(key))
}

// getBlob reads the document at key.
func (s *Store) getBlob(tx *bolt.Tx, key []byte) ([]byte, error) {
	refs := tx.Bucket(bBlobRef)
	if refs == nil {
		return nil, errNoBlob
	}
	slot, ok := u64(refs.Get(key))
	if !ok {
		return nil, errNoBlob
	}
	return s.readBlob(key, slot)
}

var errNoBlob = errors.New("no such document")

// syncBlobs makes a batch's keys and files durable: the key file, then the
// file system the documents are on, in one call (syncfs), instead of an
// fsync for every file of the batch.
func (s *Store) syncBlobs(n int) error {
	if n == 0 {
		return nil
	}
	f, err := os.OpenFile(keysPath(s.path), os.O_RDWR, 0o600)
	if errors.Is(err, os.ErrNotExist) {
		return nil // the batch held no document
	}
	if err != nil {
		return &Error{Code: ErrIO, Path: s.path, Err: err}
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return &Error{Code: ErrIO, Path: s.path, Err: err}
	}
	if err := syncFS(docsDir(s.path)); err != nil {
		return &Error{Code: ErrIO, Path: s.path, Err: err}
	}
	return nil
}

// syncFS makes everything written to the file system dir is on durable:
// the files and the folders that name them.
func syncFS(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return unix.Syncfs(int(d.Fd()))
}

// writeBlob seals content with a new key in a new slot and file, both
// synced before it returns when sync is set.
func (s *Store) writeBlob(key, content []byte, sync bool) (uint64, error) {
	if err := os.MkdirAll(docsDir(s.path), 0o700); err != nil {
		return 0, err
	}
	f, err := os.OpenFile(keysPath(s.path), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return 0, err
	}
	slot := uint64((fi.Size() + slotSize - 1) / slotSize)
	dek := seal.NewKey()
	sealed := s.sealer.Seal(dek, slotAD(key, slot))
	buf := make([]byte, slotSize)
	buf[0] = 1
	buf[1] = byte(len(sealed))
	copy(buf[2:], sealed)
	if _, err := f.WriteAt(buf, int64(slot)*slotSize); err != nil {
		return 0, err
	}
	if sync {
		if err := f.Sync(); err != nil {
			return 0, err
		}
	}
	ds, err := seal.With(dek)
	if err != nil {
		return 0, err
	}
	return slot, writeWhole(s.blobPath(slot), ds.Seal(content, blobAD(key, slot)), sync)
}

// readBlob opens the document in slot.
func (s *Store) readBlob(key []byte, slot uint64) ([]byte, error) {
	f, err := os.Open(keysPath(s.path))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	buf := make([]byte, slotSize)
	if _, err := f.ReadAt(buf, int64(slot)*slotSize); err != nil {
		return nil, err
	}
	if buf[0] != 1 || int(buf[1]) > slotSize-2 {
		return nil, errNoBlob // erased
	}
	dek, err := s.sealer.Open(buf[2:2+int(buf[1])], slotAD(key, slot))
	if err != nil {
		return nil, err
	}
	ct, err := os.ReadFile(s.blobPath(slot))
	if err != nil {
		return nil, err
	}
	ds, err := seal.With(dek)
	if err != nil {
		return nil, err
	}
	return ds.Open(ct, blobAD(key, slot))
}

// writeWhole writes a new file whole or not at all: a temporary file,
// renamed into place; with sync, the file and then the folder are synced.
func writeWhole(path string, data []byte, sync bool) error {
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil && sync {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	if !sync {
		return nil
	}
	return syncDir(filepath.Dir(path))
}

// erase overwrites slots with zeros in place, syncs the key file, and
// deletes the slots' files.
func (s *Store) erase(slots []uint64) error {
	if len(slots) == 0 {
		return nil
	}
	f, err := os.OpenFile(keysPath(s.path), os.O_RDWR, 0o600)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	if f != nil {
		defer f.Close()
		zero := make([]byte, slotSize)
		for _, slot := range slots {
			if _, err := f.WriteAt(zero, int64(slot)*slotSize); err != nil {
				return err
			}
		}
		if err := f.Sync(); err != nil {
			return err
		}
	}
	for _, slot := range slots {
		// A write killed before its rename leaves the temporary file.
		for _, p := range []string{s.blobPath(slot), s.blobPath(slot) + ".tmp"} {
			if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
				return err
			}
		}
	}
	return syncDir(docsDir(s.path))
}

// finishErasing erases what committed destructions queued, and forgets the
// queue. It runs after every destruction and on open, so that a crash
// between the commit and the erasing leaves it for the next start.
func (s *Store) finishErasing(tx *bolt.Tx) error {
	if !queued(tx) {
		return nil
	}
	b := tx.Bucket(bShred)
	var slots []uint64
	if err := b.ForEach(func(k, _ []byte) error {
		if slot, ok := u64(k); ok {
			slots = append(slots, slot)
		}
		return nil
	}); err != nil {
		return err
	}
	if err := s.erase(slots); err != nil {
		return &Error{Code: ErrIO, Path: s.path, Err: err}
	}
	return tx.DeleteBucket(bShred)
}

// committedSlots is how many key slots the database knows of.
func committedSlots(tx *bolt.Tx) uint64 {
	meta := tx.Bucket(bMeta)
	if meta == nil {
		return 0 // a file being created
	}
	n, _ := u64(meta.Get(kSlots))
	return n
}

// fileSlots is how many slots the key file holds.
func (s *Store) fileSlots() uint64 {
	fi, err := os.Stat(keysPath(s.path))
	if err != nil {
		return 0
	}
	return uint64((fi.Size() + slotSize - 1) / slotSize)
}

// dropUncommitted erases the slots (and files) written after the database's
// last commit: an attach whose transaction failed or was killed.
func (s *Store) dropUncommitted(committed uint64) error {
	n := s.fileSlots()
	if n <= committed {
		return nil
	}
	var slots []uint64
	for slot := committed; slot < n; slot++ {
		slots = append(slots, slot)
	}
	if err := s.erase(slots); err != nil {
		return err
	}
	return os.Truncate(keysPath(s.path), int64(committed)*slotSize)
}

// pendingErasure tells whether destroyed documents or uncommitted slots
// still wait to be erased.
func (s *Store) pendingErasure(tx *bolt.Tx) bool {
	return queued(tx) || s.fileSlots() > committedSlots(tx)
}

// queued tells whether destroyed documents wait to be erased.
func queued(tx *bolt.Tx) bool {
	b := tx.Bucket(bShred)
	if b == nil {
		return false
	}
	k, _ := b.Cursor().First()
	return k != nil
}

// blobPresent tells whether a document's key is in its slot and its file
// exists, without reading the content.
func (s *Store) blobPresent(key []byte, slot uint64) bool {
	f, err := os.Open(keysPath(s.path))
	if err != nil {
		return false
	}
	defer f.Close()
	buf := make([]byte, slotSize)
	if _, err := f.ReadAt(buf, int64(slot)*slotSize); err != nil || buf[0] != 1 || int(buf[1]) > slotSize-2 {
		return false
	}
	if _, err := s.sealer.Open(buf[2:2+int(buf[1])], slotAD(key, slot)); err != nil {
		return false
	}
	_, err = os.Stat(s.blobPath(slot))
	return err == nil
}
