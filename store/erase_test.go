package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"privdesk/cases"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// A crash between a destruction's commit and its erasing: check reports the
// erasing as pending, and the next open carries it out.
func TestErasingInterruptedIsFinished(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "p.db")
	st, _ := Open(path, keyOpts(dir))
	id := newCase(t, st, cases.KindAccess, "A", "a@example.ru")
	content := []byte("scan ZQXPENDING")
	sum := sha256.Sum256(content)
	st.Attach(id, content, func(c *cases.Case) (cases.Event, error) {
		return c.Attach(cases.Document{Name: "a.jpg", Size: int64(len(content)), SHA256: hex.EncodeToString(sum[:])}, t0, "x")
	})
	var slot uint64
	// The destruction's transaction, committed, and then the process dies.
	db, _ := bolt.Open(path, 0o600, nil)
	db.Update(func(tx *bolt.Tx) error {
		slot, _ = u64(tx.Bucket(bBlobRef).Get(blobKey(id, 1)))
		if _, err := st.change(tx, id, func(c *cases.Case) ([]cases.Event, error) {
			ev, err := c.DestroyDocument(1, cases.Destruction{Reason: "purpose achieved", System: "privdesk"}, t0, "x")
			return []cases.Event{ev}, err
		}); err != nil {
			return err
		}
		return st.dropBlob(tx, blobKey(id, 1))
	})
	db.Close()
	if probs, _ := st.Check(); len(probs) != 1 || probs[0].Code != "erase_pending" {
		t.Fatalf("check with an erasing pending: %v", probs)
	}
	if _, err := os.Stat(st.blobPath(slot)); err != nil {
		t.Fatal("the fixture lost the file before the test")
	}
	if _, err := Open(path, keyOpts(dir)); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(st.blobPath(slot)); !errors.Is(err, os.ErrNotExist) {
		t.Error("open did not delete the destroyed document's file")
	}
	if k := rawFile(t, keysPath(path))[slot*slotSize : (slot+1)*slotSize]; !bytes.Equal(k, make([]byte, slotSize)) {
		t.Error("open did not erase the destroyed document's key")
	}
	if probs, _ := st.Check(); len(probs) != 0 {
		t.Errorf("check after the open: %v", probs)
	}
}

// An attach whose transaction never committed leaves a key slot and a file
// no case refers to; the next write erases both.
func TestUncommittedAttachIsErased(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "p.db")
	st, _ := Open(path, keyOpts(dir))
	id := newCase(t, st, cases.KindAccess, "A", "a@example.ru")
	slot, err := st.writeBlob(blobKey(id, 1), []byte("orphan"), true)
	if err != nil {
		t.Fatal(err)
	}
	if probs, _ := st.Check(); len(probs) != 1 || probs[0].Code != "erase_pending" {
		t.Fatalf("check with an uncommitted slot: %v", probs)
	}
	newCase(t, st, cases.KindAccess, "B", "b@example.ru")
	if _, err := os.Stat(st.blobPath(slot)); !errors.Is(err, os.ErrNotExist) {
		t.Error("the orphan file survived the next write")
	}
	if st.fileSlots() != slot {
		t.Errorf("key file holds %d slots, want %d", st.fileSlots(), slot)
	}
	if probs, _ := st.Check(); len(probs) != 0 {
		t.Errorf("check: %v", probs)
	}
}

// A schema-4 database kept documents inside the file: opening it moves
// each to the document store under a key of its own, and the compaction
// that follows leaves no copy of the old sealed value in the file.
func TestDocumentsMoveOutOfTheFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "p.db")
	st, _ := Open(path, keyOpts(dir))
	id := newCase(t, st, cases.KindAccess, "A", "a@example.ru")
	content := bytes.Repeat([]byte("old layout "), 500)
	sum := sha256.Sum256(content)
	st.Attach(id, content, func(c *cases.Case) (cases.Event, error) {
		return c.Attach(cases.Document{Name: "a.jpg", Size: int64(len(content)), SHA256: hex.EncodeToString(sum[:])}, t0, "x")
	})
	// Back to schema 4: the sealed document in the blobs bucket, no store.
	k := blobKey(id, 1)
	old := st.sealValue(bBlobs, k, content)
	db, _ := bolt.Open(path, 0o600, nil)
	db.Update(func(tx *bolt.Tx) error {
		b, _ := tx.CreateBucket(bBlobs)
		b.Put(k, old)
		tx.DeleteBucket(bBlobRef)
		tx.Bucket(bMeta).Delete(kSlots)
		return tx.Bucket(bMeta).Put(kSchema, binary.BigEndian.AppendUint64(nil, 4))
	})
	db.Close()
	os.RemoveAll(docsDir(path))
	os.Remove(keysPath(path))
	probe := old[len(old)/2 : len(old)/2+64]
	if !bytes.Contains(rawFile(t, path), probe) {
		t.Fatal("fixture: the old value is not in the file")
	}
	re, err := Open(path, keyOpts(dir))
	if err != nil {
		t.Fatal(err)
	}
	if _, got, err := re.Content(id, 1); err != nil || !bytes.Equal(got, content) {
		t.Fatalf("content after the move: %v", err)
	}
	if bytes.Contains(rawFile(t, path), probe) {
		t.Error("the old sealed document is still in the database file")
	}
	if files, _ := os.ReadDir(docsDir(path)); len(files) != 1 {
		t.Errorf("%d files in the document store, want 1", len(files))
	}
	if probs, err := re.Check(); err != nil || len(probs) != 0 {
		t.Errorf("check: %v %v", probs, err)
	}
}
