package seal

import (
	"bytes"
	"path/filepath"
	"testing"
)

func TestSealBindsLocation(t *testing.T) {
	_, s, err := New(Source{KeyFile: filepath.Join(t.TempDir(), "k")}, true)
	if err != nil {
		t.Fatal(err)
	}
	ct := s.Seal([]byte("Иванова"), []byte("cases\x00a"))
	if bytes.Contains(ct, []byte("Иванова")) {
		t.Fatal("plaintext in ciphertext")
	}
	if pt, err := s.Open(ct, []byte("cases\x00a")); err != nil || string(pt) != "Иванова" {
		t.Fatalf("open: %q %v", pt, err)
	}
	if _, err := s.Open(ct, []byte("cases\x00b")); err != ErrCorrupt {
		t.Error("a value moved to another key must not open")
	}
	if _, err := s.Open(ct[:10], []byte("cases\x00a")); err != ErrCorrupt {
		t.Error("a truncated value must not open")
	}
}

// BenchmarkOpenRecord is the price of encryption per case record read.
func BenchmarkOpenRecord(b *testing.B) {
	_, s, _ := New(Source{KeyFile: filepath.Join(b.TempDir(), "k")}, true)
	rec := bytes.Repeat([]byte("x"), 600)
	ct := s.Seal(rec, []byte("cases\x00key"))
	b.SetBytes(int64(len(rec)))
	for b.Loop() {
		if _, err := s.Open(ct, []byte("cases\x00key")); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkUnwrapPassphrase(b *testing.B) {
	h, _, _ := New(Source{Passphrase: []byte("pass")}, false)
	for b.Loop() {
		if _, err := h.Unwrap(Source{Passphrase: []byte("pass")}); err != nil {
			b.Fatal(err)
		}
	}
}
