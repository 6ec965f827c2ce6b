// Package seal encrypts what privdesk stores. Each database has a random
// data key; the database keeps it wrapped by a key-encryption key that comes
// from a key file kept apart from the data, or from a passphrase through
// Argon2id. Values are sealed with XChaCha20-Poly1305, bound to where they
// are stored so that a ciphertext cannot be moved to another record.
package seal

import (
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/chacha20poly1305"
)

// Errors a caller explains to the officer.
var (
	ErrKeyMissing   = errors.New("key file missing")
	ErrKeyWrong     = errors.New("wrong key")
	ErrKeyMalformed = errors.New("key file malformed")
	ErrModeMismatch = errors.New("database uses the other key mode")
	ErrCorrupt      = errors.New("ciphertext damaged")
)

// Source says where the key-encryption key comes from.
type Source struct {
	KeyFile    string // used when Passphrase is empty
	Passphrase []byte
}

func (s Source) mode() string {
	if len(s.Passphrase) > 0 {
		return ModePassphrase
	}
	return ModeKeyFile
}

// The key modes.
const (
	ModeKeyFile    = "keyfile"
	ModePassphrase = "passphrase"
)

// Header is what a database keeps to recover its data key.
type Header struct {
	Mode    string `json:"mode"`
	Salt    []byte `json:"salt,omitempty"`
	Time    uint32 `json:"time,omitempty"`
	Memory  uint32 `json:"memory_kib,omitempty"`
	Threads uint8  `json:"threads,omitempty"`
	Wrapped []byte `json:"wrapped"`
}

// Argon2id parameters for new databases: memory-hard, about a tenth of a
// second on a laptop core.
const (
	argonTime    = 3
	argonMemory  = 64 * 1024
	argonThreads = 2
)

const keyPrefix = "privdesk-key-v1:"

// Sealer seals and opens values with a database's data key.
type Sealer struct {
	aead cipher.AEAD
	mac  []byte // keys index entries; derived from the data key
	dek  []byte // the data key, to wrap it anew
}

// Wrap wraps the data key anew for src (a new key file, which is created
// when missing, or a new passphrase), so that the key can change without
// rewriting the data it seals.
func (s *Sealer) Wrap(src Source) (Header, error) {
	h := Header{Mode: src.mode()}
	if h.Mode == ModePassphrase {
		h.Salt = random(16)
		h.Time, h.Memory, h.Threads = argonTime, argonMemory, argonThreads
	} else if _, err := os.Stat(src.KeyFile); errors.Is(err, os.ErrNotExist) {
		if err := CreateKeyFile(src.KeyFile); err != nil {
			return Header{}, err
		}
	}
	kek, err := h.kek(src)
	if err != nil {
		return Header{}, err
	}
	wrapper, _ := chacha20poly1305.NewX(kek)
	h.Wrapped = seal(wrapper, s.dek, []byte("privdesk data key"))
	return h, nil
}

// New makes a fresh data key wrapped for src. In key-file mode a missing key
// file is created when create is set.
func New(src Source, create bool) (Header, *Sealer, error) {
	h := Header{Mode: src.mode()}
	if h.Mode == ModePassphrase {
		h.Salt = random(16)
		h.Time, h.Memory, h.Threads = argonTime, argonMemory, argonThreads
	} else if _, err := os.Stat(src.KeyFile); errors.Is(err, os.ErrNotExist) && create {
		if err := CreateKeyFile(src.KeyFile); err != nil {
			return Header{}, nil, err
		}
	}
	kek, err := h.kek(src)
	if err != nil {
		return Header{}, nil, err
	}
	dek := random(chacha20poly1305.KeySize)
	wrapper, _ := chacha20poly1305.NewX(kek) // a 32-byte key cannot be refused
	h.Wrapped = seal(wrapper, dek, []byte("privdesk data key"))
	s, err := newSealer(dek)
	return h, s, err
}

// Unwrap recovers the data key with src.
func (h Header) Unwrap(src Source) (*Sealer, error) {
	if h.Mode != src.mode() {
		return nil, ErrModeMismatch
	}
	kek, err := h.kek(src)
	if err != nil {
		return nil, err
	}
	wrapper, _ := chacha20poly1305.NewX(kek)
	dek, err := open(wrapper, h.Wrapped, []byte("privdesk data key"))
	if err != nil {
		return nil, ErrKeyWrong
	}
	return newSealer(dek)
}

func (h Header) kek(src Source) ([]byte, error) {
	if h.Mode == ModePassphrase {
		return argon2.IDKey(src.Passphrase, h.Salt, h.Time, h.Memory, h.Threads, chacha20poly1305.KeySize), nil
	}
	return ReadKeyFile(src.KeyFile)
}

// ReadKeyFile reads a key written by CreateKeyFile.
func ReadKeyFile(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, ErrKeyMissing
	}
	if err != nil {
		return nil, err
	}
	s := strings.TrimSpace(string(b))
	if !strings.HasPrefix(s, keyPrefix) {
		return nil, ErrKeyMalformed
	}
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(s, keyPrefix))
	if err != nil || len(key) != chacha20poly1305.KeySize {
		return nil, ErrKeyMalformed
	}
	return key, nil
}

// CreateKeyFile writes a new random key, readable by its owner only, and
// never over an existing file.
func CreateKeyFile(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(f, "%s%s\n", keyPrefix, base64.StdEncoding.EncodeToString(random(chacha20poly1305.KeySize)))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = syncDir(filepath.Dir(path))
	}
	return err
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

func newSealer(dek []byte) (*Sealer, error) {
	aead, err := chacha20poly1305.NewX(dek)
	if err != nil {
		return nil, err
	}
	mac, err := hkdf.Key(sha256.New, dek, nil, "privdesk index keys v1", 32)
	if err != nil {
		return nil, err
	}
	return &Sealer{aead: aead, mac: mac, dek: dek}, nil
}

// Key is a keyed hash (HMAC-SHA-256) of data for an index: without the
// data key, nobody can test a guessed address or Message-ID against it.
func (s *Sealer) Key(data []byte) []byte {
	h := hmac.New(sha256.New, s.mac)
	h.Write(data)
	return h.Sum(nil)
}

// Seal encrypts plaintext bound to ad (where the value is stored).
func (s *Sealer) Seal(plaintext, ad []byte) []byte { return seal(s.aead, plaintext, ad) }

// Open decrypts a value sealed for ad.
func (s *Sealer) Open(ciphertext, ad []byte) ([]byte, error) { return open(s.aead, ciphertext, ad) }

func seal(aead cipher.AEAD, plaintext, ad []byte) []byte {
	nonce := random(aead.NonceSize())
	return aead.Seal(nonce, nonce, plaintext, ad)
}

func open(aead cipher.AEAD, ciphertext, ad []byte) ([]byte, error) {
	n := aead.NonceSize()
	if len(ciphertext) < n+aead.Overhead() {
		return nil, ErrCorrupt
	}
	pt, err := aead.Open(nil, ciphertext[:n], ciphertext[n:], ad)
	if err != nil {
		return nil, ErrCorrupt
	}
	return pt, nil
}

// random returns n bytes from crypto/rand, which never fails (Go 1.24+).
func random(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return b
}

// NewKey returns a fresh random key, for one document.
func NewKey() []byte { return random(chacha20poly1305.KeySize) }

// With returns a sealer for a key of NewKey's: a document's own.
func With(key []byte) (*Sealer, error) {
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, err
	}
	return &Sealer{aead: aead}, nil
}
