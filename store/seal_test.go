package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"privdesk/assets"
	"privdesk/cases"
	"privdesk/store/seal"
)

var t0 = time.Date(2026, 11, 25, 10, 0, 0, 0, cases.Moscow)

func rules(t testing.TB) *cases.Rules {
	cal, err := cases.ParseCalendar(assets.Calendar)
	if err != nil {
		t.Fatal(err)
	}
	steps, err := cases.ParseSteps(assets.Steps)
	if err != nil {
		t.Fatal(err)
	}
	return &cases.Rules{Cal: cal, Steps: steps}
}

func keyOpts(dir string) Options {
	return Options{Key: seal.Source{KeyFile: filepath.Join(dir, "key")}, Create: true}
}

func newCase(t testing.TB, st *Store, kind cases.Kind, name, email string) cases.ID {
	t.Helper()
	c, ev, err := cases.New(cases.Intake{Kind: kind, Received: t0, Subject: cases.Subject{Name: name, Email: email}}, rules(t), t0, "ivanova")
	if err != nil {
		t.Fatal(err)
	}
	id, err := st.Create(c, ev)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// allFiles is every file under dir, concatenated.
func allFiles(t *testing.T, dir string) []byte {
	t.Helper()
	var all []byte
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			all = append(all, rawFile(t, path)...)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return all
}

func rawFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func code(err error) string {
	var se *Error
	if errors.As(err, &se) {
		return se.Code
	}
	return ""
}

// TestMigrateFromPlaintext writes a schema 1 file the way the foundation
// did, and opens it: every value is sealed and the plaintext is gone from
// the file.
func TestMigrateFromPlaintext(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "old.db")
	c, ev, err := cases.New(cases.Intake{Kind: cases.KindAccess, Received: t0,
		Subject: cases.Subject{Name: "Plainov MARKER-OLD", Email: "old.marker@example.ru"}}, rules(t), t0, "ivanova")
	if err != nil {
		t.Fatal(err)
	}
	c.ID = cases.ID{Year: 2026, N: 1}
	ev.Seal(1, "")
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bMeta, bCases, bEvents, bIdxDue, bIdxStatus} {
			tx.CreateBucket(b)
		}
		plain := func(v any) []byte { j, _ := json.Marshal(v); return append([]byte{valuePlain}, j...) }
		tx.Bucket(bMeta).Put(kSchema, binary.BigEndian.AppendUint64(nil, 1))
		tx.Bucket(bMeta).Put([]byte("seq:2026"), binary.BigEndian.AppendUint64(nil, 1))
		tx.Bucket(bCases).Put(caseKey(c.ID), plain(c))
		tx.Bucket(bEvents).Put(eventKey(c.ID, 1), plain(ev))
		tx.Bucket(bIdxDue).Put(dueKey(c), []byte{1}) // a schema-1 row; the migration rebuilds the index
		return tx.Bucket(bIdxStatus).Put(statusKey(c.Status, c.ID), nil)
	})
	db.Close()
	if err != nil || !bytes.Contains(rawFile(t, path), []byte("MARKER-OLD")) {
		t.Fatalf("fixture: %v", err)
	}

	st, err := Open(path, keyOpts(dir))
	if err != nil {
		t.Fatal(err)
	}
	if raw := rawFile(t, path); bytes.Contains(raw, []byte("MARKER-OLD")) || bytes.Contains(raw, []byte("old.marker")) {
		t.Error("plaintext survived the migration")
	}
	got, err := st.Get(c.ID)
	if err != nil || got.Subject.Name != "Plainov MARKER-OLD" {
		t.Fatalf("after migration: %+v %v", got, err)
	}
	if probs, err := st.Check(); err != nil || len(probs) != 0 {
		t.Errorf("check: %v %v", probs, err)
	}
	if id := newCase(t, st, cases.KindAccess, "Next", "n@example.ru"); id.N != 2 {
		t.Errorf("numbering after migration: %s", id)
	}
}

// TestNothingPersonalInTheFile writes a case, a note and a document with
// marker strings; none may be found in any file of the database. Destroying
// the document erases its key in place at once and deletes its file: no
// byte of its ciphertext or its key is left in any file.
func TestNothingPersonalInTheFile(t *testing.T) {
	dir := t.TempDir()
	st, err := Open(filepath.Join(dir, "p.db"), keyOpts(dir))
	if err != nil {
		t.Fatal(err)
	}
	id := newCase(t, st, cases.KindPasswordReset, "Markerova Zinaida ZQXNAME", "zqxmail@example.ru")
	st.Update(id, func(c *cases.Case) ([]cases.Event, error) {
		ev, err := c.AddNote("called ZQXNOTE about the passport", t0, "ivanova")
		return []cases.Event{ev}, err
	})
	content := bytes.Repeat([]byte("passport page ZQXDOC 4510 123456 "), 2000)
	sum := sha256.Sum256(content)
	if _, err := st.Attach(id, content, func(c *cases.Case) (cases.Event, error) {
		return c.Attach(cases.Document{Name: "zqxfile.jpg", Size: int64(len(content)), SHA256: hex.EncodeToString(sum[:]), Type: "image/jpeg"}, t0, "ivanova")
	}); err != nil {
		t.Fatal(err)
	}
	all := allFiles(t, dir)
	for _, m := range []string{"ZQXNAME", "Markerova", "zqxmail", "ZQXNOTE", "ZQXDOC", "zqxfile"} {
		if bytes.Contains(all, []byte(m)) {
			t.Errorf("%q is in a database file in the clear", m)
		}
	}
	var slot uint64
	st.view(func(tx *bolt.Tx) error {
		slot, _ = u64(tx.Bucket(bBlobRef).Get(blobKey(id, 1)))
		return nil
	})
	sealed := rawFile(t, st.blobPath(slot))
	probe := sealed[len(sealed)/2 : len(sealed)/2+64]
	keySlot := rawFile(t, keysPath(st.Path()))[slot*slotSize+2 : slot*slotSize+2+64]
	if !bytes.Contains(all, probe) || !bytes.Contains(all, keySlot) {
		t.Fatal("the probes are not on disk before destruction; the test proves nothing")
	}
	if _, got, err := st.Content(id, 1); err != nil || !bytes.Equal(got, content) {
		t.Fatalf("content: %v", err)
	}

	err = st.Destroy(map[cases.ID]DestroyFn{id: destroyOne(1, "purpose achieved", "CRM", "ivanova")})
	if err != nil {
		t.Fatal(err)
	}
	after := allFiles(t, dir)
	if bytes.Contains(after, probe) {
		t.Error("the destroyed document's ciphertext is still in a file")
	}
	if bytes.Contains(after, keySlot) {
		t.Error("the destroyed document's key is still in a file")
	}
	if _, err := os.Stat(st.blobPath(slot)); !errors.Is(err, os.ErrNotExist) {
		t.Error("the destroyed document's file is still there")
	}
	if _, _, err := st.Content(id, 1); err == nil {
		t.Error("a destroyed document can still be read")
	}
	c, _ := st.Get(id)
	if d := c.Documents[0]; d.Destroyed == nil || d.Name != "" || d.SHA256 != "" {
		t.Errorf("tombstone keeps %+v", d)
	}
	evs, _ := st.Events(id)
	last := evs[len(evs)-1]
	for _, f := range []string{"subject", "categories", "information_system", "reason", "date"} {
		if last.Type != cases.EventDestroyed || last.Data[f] == "" {
			t.Errorf("destruction event lacks %s: %+v", f, last)
		}
	}
	if probs, err := st.Check(); err != nil || len(probs) != 0 {
		t.Errorf("check: %v %v", probs, err)
	}
}

func TestKeyErrorsLeaveFileAlone(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "p.db")
	st, err := Open(path, keyOpts(dir))
	if err != nil {
		t.Fatal(err)
	}
	newCase(t, st, cases.KindAccess, "A", "a@example.ru")
	before := sha256.Sum256(rawFile(t, path))
	other := t.TempDir()
	seal.CreateKeyFile(filepath.Join(other, "key"))
	bad := filepath.Join(other, "bad")
	os.WriteFile(bad, []byte("not a key\n"), 0o600)
	for _, tc := range []struct {
		key  seal.Source
		code string
	}{
		{seal.Source{KeyFile: filepath.Join(other, "missing")}, ErrKeyMissing},
		{seal.Source{KeyFile: filepath.Join(other, "key")}, ErrKeyWrong},
		{seal.Source{KeyFile: bad}, ErrKeyMalformed},
		{seal.Source{Passphrase: []byte("guess")}, ErrKeyMode},
	} {
		if _, err := Open(path, Options{Key: tc.key, Create: true}); code(err) != tc.code {
			t.Errorf("%+v: got %v, want %s", tc.key, err, tc.code)
		}
	}
	if sha256.Sum256(rawFile(t, path)) != before {
		t.Error("a key error changed the database")
	}
	if _, err := os.Stat(filepath.Join(other, "missing")); err == nil {
		t.Error("a missing key for an existing database was created anew")
	}
}

func TestPassphraseMode(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "p.db")
	pass := Options{Key: seal.Source{Passphrase: []byte("correct horse")}, Create: true}
	st, err := Open(path, pass)
	if err != nil {
		t.Fatal(err)
	}
	id := newCase(t, st, cases.KindAccess, "A", "a@example.ru")
	if _, err := os.Stat(filepath.Join(dir, "key")); err == nil {
		t.Error("passphrase mode wrote a key file")
	}
	if _, err := Open(path, Options{Key: seal.Source{Passphrase: []byte("wrong horse")}}); code(err) != ErrKeyWrong {
		t.Errorf("wrong passphrase: %v", err)
	}
	re, _ := Open(path, pass)
	if c, err := re.Get(id); err != nil || c.Subject.Name != "A" {
		t.Errorf("reopen: %v", err)
	}
}

func TestDamagedDocument(t *testing.T) {
	dir := t.TempDir()
	st, _ := Open(filepath.Join(dir, "p.db"), keyOpts(dir))
	id := newCase(t, st, cases.KindAccess, "A", "a@example.ru")
	content := []byte("scan")
	sum := sha256.Sum256(content)
	st.Attach(id, content, func(c *cases.Case) (cases.Event, error) {
		return c.Attach(cases.Document{Name: "a.jpg", Size: 4, SHA256: hex.EncodeToString(sum[:])}, t0, "x")
	})
	var slot uint64
	st.view(func(tx *bolt.Tx) error {
		slot, _ = u64(tx.Bucket(bBlobRef).Get(blobKey(id, 1)))
		return nil
	})
	v := rawFile(t, st.blobPath(slot))
	os.WriteFile(st.blobPath(slot), v[:len(v)-5], 0o600) // truncated
	if _, _, err := st.Content(id, 1); code(err) != ErrDocDamaged {
		t.Errorf("truncated document: %v", err)
	}
	os.Remove(st.blobPath(slot))
	if probs, _ := st.Check(); len(probs) != 1 || probs[0].Code != "doc_missing" {
		t.Errorf("check with the document's file gone: %v", probs)
	}
}

// TestCompactionLosesNoWrite destroys documents while other writers add
// cases: every case reported as created must survive the file swap.
func TestCompactionLosesNoWrite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "p.db")
	st, _ := Open(path, keyOpts(dir))
	target := newCase(t, st, cases.KindAccess, "A", "a@example.ru")
	for i := 0; i < 5; i++ {
		content := []byte(fmt.Sprint("doc", i))
		sum := sha256.Sum256(content)
		st.Attach(target, content, func(c *cases.Case) (cases.Event, error) {
			return c.Attach(cases.Document{Name: "d", Size: int64(len(content)), SHA256: hex.EncodeToString(sum[:])}, t0, "x")
		})
	}
	var mu sync.Mutex
	var created []cases.ID
	var wg sync.WaitGroup
	for w := 0; w < 2; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			other, err := Open(path, Options{Key: keyOpts(dir).Key, Timeout: 10 * time.Second})
			if err != nil {
				t.Error(err)
				return
			}
			for i := 0; i < 20; i++ {
				id := newCase(t, other, cases.KindDestroy, "W", "w@example.ru")
				mu.Lock()
				created = append(created, id)
				mu.Unlock()
			}
		}()
	}
	for no := 1; no <= 5; no++ {
		err := st.Destroy(map[cases.ID]DestroyFn{target: destroyOne(no, "r", "s", "x")})
		if err != nil {
			t.Fatal(err)
		}
	}
	wg.Wait()
	for _, id := range created {
		if _, err := st.Get(id); err != nil {
			t.Errorf("case %s lost across compaction: %v", id, err)
		}
	}
	if len(created) != 40 {
		t.Errorf("%d cases created", len(created))
	}
}

func BenchmarkAttach5MiB(b *testing.B) {
	dir := b.TempDir()
	st, err := Open(filepath.Join(dir, "p.db"), keyOpts(dir))
	if err != nil {
		b.Fatal(err)
	}
	id := newCase(b, st, cases.KindPasswordReset, "A", "a@example.ru")
	content := bytes.Repeat([]byte{0xA5, 0x5A, 0x11, 0x22}, 5<<20/4)
	sum := sha256.Sum256(content)
	doc := cases.Document{Name: "scan.jpg", Size: int64(len(content)), SHA256: hex.EncodeToString(sum[:]), Type: "image/jpeg"}
	b.SetBytes(int64(len(content)))
	for b.Loop() {
		if _, err := st.Attach(id, content, func(c *cases.Case) (cases.Event, error) { return c.Attach(doc, t0, "x") }); err != nil {
			b.Fatal(err)
		}
	}
}

// destroyOne destroys one document and rewrites nothing.
func destroyOne(no int, reason, system, officer string) DestroyFn {
	return func(c *cases.Case, _ func(int) ([]byte, error)) ([]cases.Event, map[int][]byte, error) {
		ev, err := c.DestroyDocument(no, cases.Destruction{Reason: reason, System: system}, t0, officer)
		return []cases.Event{ev}, nil, err
	}
}
