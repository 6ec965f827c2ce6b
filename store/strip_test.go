package store

import (
	"archive/tar"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	bolt "go.etcd.io/bbolt"

	"privdesk/store/seal"
)

// untar writes testdata/turn2.tgz into a new folder: a database of 100
// demo cases made by the build that ended turn 2 (bd83c04, schema 6), with
// its key, key slots and documents.
func untar(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	f, err := os.Open("testdata/turn2.tgz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return dir
		}
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, filepath.Clean("/"+h.Name))
		if h.Typeflag == tar.TypeDir {
			os.MkdirAll(path, 0o700)
			continue
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// recordBytes is the size of every sealed case record in the file.
func recordBytes(t *testing.T, st *Store) (n int) {
	st.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bCases).ForEach(func(_, v []byte) error { n += len(v); return nil })
	})
	return n
}

// A database of turn 2 opened with the catalog is migrated to records that
// keep keys, not texts: every case reads back as it did, the records are
// less than half their size, the file shrinks, and check is clean.
func TestTurn2DatabaseKeepsKeys(t *testing.T) {
	open := func(dir string, withRules bool) *Store {
		opts := Options{Key: seal.Source{KeyFile: filepath.Join(dir, "key")}}
		if withRules {
			opts.Rules = rules(t)
		}
		st, err := Open(filepath.Join(dir, "p.db"), opts)
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	keys, whole := open(untar(t), true), open(untar(t), false)
	got, bad, err := keys.List(Filter{})
	if err != nil || len(bad) > 0 || len(got) != 100 {
		t.Fatalf("%d cases, %v unreadable: %v", len(got), bad, err)
	}
	want, _, _ := whole.List(Filter{})
	for i := range got {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("%s reads back as\n%+v\nnot\n%+v", got[i].ID, got[i], want[i])
		}
	}
	if k, w := recordBytes(t, keys), recordBytes(t, whole); k*2 > w {
		t.Errorf("records hold %d bytes, %d whole", k, w)
	}
	kf, _ := os.Stat(keys.Path())
	t.Logf("records %d bytes with keys, %d whole", recordBytes(t, keys), recordBytes(t, whole))
	wf, _ := os.Stat(whole.Path())
	if kf.Size() >= wf.Size() {
		t.Errorf("the file holds %d bytes, %d with whole records", kf.Size(), wf.Size())
	}
	if probs, err := keys.Check(); err != nil || len(probs) != 0 {
		t.Errorf("check: %v %v", probs, err)
	}
	keys.view(func(tx *bolt.Tx) error {
		if schemaOf(tx) != SchemaVersion || tx.Bucket(bMeta).Get(kStrip) != nil || tx.Bucket(bMeta).Get(kCompact) != nil {
			t.Errorf("schema %d, marks left", schemaOf(tx))
		}
		return nil
	})
	// Opened without the catalog, the file keeps its mark until one with it
	// strips the records.
	whole.view(func(tx *bolt.Tx) error {
		if tx.Bucket(bMeta).Get(kStrip) == nil {
			t.Error("no mark left for the records still whole")
		}
		return nil
	})
}
