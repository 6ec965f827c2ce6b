package store

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	bolt "go.etcd.io/bbolt"

	"privdesk/store/seal"
)

// A kill during the very first write of the key file used to leave it
// empty, and every later command said the key was damaged. An empty or
// torn key file beside no database has sealed nothing: a new database
// replaces it. A leftover temporary file is ignored.
func TestTornKeyFileBeforeTheDatabase(t *testing.T) {
	for _, torn := range []string{"", "privdesk-ke", "privdesk-key-v1:q83v"} {
		dir := t.TempDir()
		key := filepath.Join(dir, "key")
		os.WriteFile(key, []byte(torn), 0o600)
		os.WriteFile(filepath.Join(dir, ".key.new-123"), []byte("privdesk-key-v1:"), 0o600)
		st, err := Open(filepath.Join(dir, "p.db"), keyOpts(dir))
		if err != nil {
			t.Fatalf("%q: %v", torn, err)
		}
		newCase(t, st, "access", "Анна", "anna@example.ru")
		if _, err := seal.ReadKeyFile(key); err != nil {
			t.Errorf("%q: the new key file: %v", torn, err)
		}
	}
	// Beside an existing database, a damaged key file is never replaced.
	dir := t.TempDir()
	st, err := Open(filepath.Join(dir, "p.db"), keyOpts(dir))
	if err != nil {
		t.Fatal(err)
	}
	newCase(t, st, "access", "Анна", "anna@example.ru")
	os.WriteFile(filepath.Join(dir, "key"), nil, 0o600)
	var se *Error
	if _, err := Open(filepath.Join(dir, "p.db"), keyOpts(dir)); !errors.As(err, &se) || se.Code != ErrKeyMalformed {
		t.Errorf("an emptied key beside its database: %v", err)
	}
}

// A key file that group or others can read is refused with the chmod to
// run, as ssh refuses such a key; nothing is written.
func TestKeyFileModeRefused(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	st, err := Open(db, keyOpts(dir))
	if err != nil {
		t.Fatal(err)
	}
	newCase(t, st, "access", "Анна", "anna@example.ru")
	key := filepath.Join(dir, "key")
	for _, mode := range []os.FileMode{0o644, 0o640, 0o604} {
		os.Chmod(key, mode)
		before, _ := os.ReadFile(db)
		var se *Error
		if _, err := Open(db, keyOpts(dir)); !errors.As(err, &se) || se.Code != ErrKeyExposed || len(se.Args) != 2 || se.Args[1] != key {
			t.Errorf("mode %04o: %v", mode, err)
		}
		if after, _ := os.ReadFile(db); string(after) != string(before) {
			t.Errorf("mode %04o: the database changed", mode)
		}
	}
	os.Chmod(key, 0o600)
	if _, err := Open(db, keyOpts(dir)); err != nil {
		t.Errorf("after chmod 600: %v", err)
	}
}

// A tampered header cannot make privdesk allocate terabytes for Argon2.
func TestHeaderArgonBounds(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	opts := Options{Key: seal.Source{Passphrase: []byte("correct horse")}, Create: true}
	st, err := Open(db, opts)
	if err != nil {
		t.Fatal(err)
	}
	newCase(t, st, "access", "Анна", "anna@example.ru")
	for _, tamper := range []func(h *seal.Header){
		func(h *seal.Header) { h.Memory = math.MaxUint32 }, // 4 TiB in KiB
		func(h *seal.Header) { h.Time = 1 << 20 },
		func(h *seal.Header) { h.Threads = 255 },
		func(h *seal.Header) { h.Memory = 0 },
	} {
		bdb, err := bolt.Open(db, 0o600, nil)
		if err != nil {
			t.Fatal(err)
		}
		var orig []byte
		bdb.Update(func(tx *bolt.Tx) error {
			orig = append([]byte(nil), tx.Bucket(bMeta).Get(kSeal)...)
			var h seal.Header
			json.Unmarshal(orig, &h)
			tamper(&h)
			b, _ := json.Marshal(h)
			return tx.Bucket(bMeta).Put(kSeal, b)
		})
		bdb.Close()
		var se *Error
		if _, err := Open(db, opts); !errors.As(err, &se) || se.Code != ErrKeyHeader {
			t.Errorf("a tampered header: %v", err)
		}
		bdb, _ = bolt.Open(db, 0o600, nil)
		bdb.Update(func(tx *bolt.Tx) error { return tx.Bucket(bMeta).Put(kSeal, orig) })
		bdb.Close()
	}
}

// A write that fails for want of space names the full disk and what is
// needed, not the path.
func TestDiskFullIsNamed(t *testing.T) {
	dir := t.TempDir()
	st, err := Open(filepath.Join(dir, "p.db"), keyOpts(dir))
	if err != nil {
		t.Fatal(err)
	}
	full := &Error{Code: ErrIO, Path: st.path, Err: &os.PathError{Op: "write", Path: st.path, Err: syscall.ENOSPC}}
	var se *Error
	if err := st.diskFull(full, 5<<20); !errors.As(err, &se) || se.Code != ErrDiskFull || len(se.Args) != 2 || se.Args[1] != "6144" {
		t.Errorf("ENOSPC: %v %v", err, se)
	}
	if err := st.diskFull(st.diskFull(full, 0), 5<<20); !errors.As(err, &se) || se.Args[1] != "6144" {
		t.Errorf("wrapped twice: %v", se.Args)
	}
	other := &Error{Code: ErrIO, Path: st.path, Err: syscall.EACCES}
	if err := st.diskFull(other, 0); err != other {
		t.Errorf("EACCES became %v", err)
	}
}

// A compacted copy that lost a case is never swapped in.
func TestCopyCheckedBeforeSwap(t *testing.T) {
	dir := t.TempDir()
	st, err := Open(filepath.Join(dir, "p.db"), keyOpts(dir))
	if err != nil {
		t.Fatal(err)
	}
	newCase(t, st, "access", "Анна", "anna@example.ru")
	newCase(t, st, "access", "Борис", "boris@example.ru")
	src, err := st.boltOpen(st.path, true)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	tmp := filepath.Join(dir, "copy.db")
	dst, _ := st.boltOpen(tmp, false)
	bolt.Compact(dst, src, 1<<20)
	dst.Close()
	if err := st.verifyCopy(tmp, src); err != nil {
		t.Fatalf("a whole copy: %v", err)
	}
	dst, _ = st.boltOpen(tmp, false)
	dst.Update(func(tx *bolt.Tx) error {
		k, _ := tx.Bucket(bCases).Cursor().First()
		return tx.Bucket(bCases).Delete(k)
	})
	dst.Close()
	var se *Error
	if err := st.verifyCopy(tmp, src); !errors.As(err, &se) || se.Code != ErrCopyCheck {
		t.Errorf("a copy short of a case: %v", err)
	}
}
