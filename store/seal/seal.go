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
	"io"
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
	// ErrKeyExposed: the key file can be read by others than its owner.
	ErrKeyExposed = errors.New("key file readable by others")
	// ErrHeaderBounds: the header asks for Argon2 work outside the bounds.
	ErrHeaderBounds = errors.New("key header parameters out of bounds")
)

// Bounds on the Argon2id parameters a header may ask for: a tampered header
// must not make privdesk allocate terabytes or spin for hours.
const (
	MaxMemoryKiB = 1 << 20 // 1 GiB
	MaxTime      = 16
	MaxThreads   = 16
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
	} else if err := durable(src.KeyFile); err != nil {
		// The record that only this key opens must not reach the disk
		// before the key itself.
		return Header{}, err
	}
	kek, err := h.kek(src)
	if err != nil {
		return Header{}, err
	}
	wrapper, _ := chacha20poly1305.NewX(kek)
	h.Wrapped = seal(wrapper, s.dek, []byte("privdesk data key"))
	return h, nil
}

// durable syncs an existing file and its folder.
func durable(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return syncDir(filepath.Dir(path))
}

// New makes a fresh data key wrapped for src. In key-file mode a missing key
// file is created when create is set.
func New(src Source, create bool) (Header, *Sealer, error) {
	h := Header{Mode: src.mode()}
	if h.Mode == ModePassphrase {
		h.Salt = random(16)
		h.Time, h.Memory, h.Threads = argonTime, argonMemory, argonThreads
	} else if create && (missing(src.KeyFile) || Torn(src.KeyFile)) {
		// A torn key file (an older build killed while writing it) has
		// never sealed anything: New is only called for a new database.
		os.Remove(src.KeyFile)
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
		if h.Memory == 0 || h.Memory > MaxMemoryKiB || h.Time == 0 || h.Time > MaxTime || h.Threads == 0 || h.Threads > MaxThreads {
			return nil, fmt.Errorf("%w: memory %d KiB, time %d, threads %d", ErrHeaderBounds, h.Memory, h.Time, h.Threads)
		}
		return argon2.IDKey(src.Passphrase, h.Salt, h.Time, h.Memory, h.Threads, chacha20poly1305.KeySize), nil
	}
	return ReadKeyFile(src.KeyFile)
}

// ReadKeyFile reads a key written by CreateKeyFile. A key file that others
// than its owner can read is refused, as ssh refuses such a private key.
func ReadKeyFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, ErrKeyMissing
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if mode := fi.Mode().Perm(); mode&0o077 != 0 {
		return nil, &ExposedError{Path: path, Mode: mode}
	}
	b, err := io.ReadAll(io.LimitReader(f, 4096))
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

// ExposedError is ErrKeyExposed with the mode the file has.
type ExposedError struct {
	Path string
	Mode os.FileMode
}

func (e *ExposedError) Error() string { return fmt.Sprintf("%v (mode %04o)", ErrKeyExposed, e.Mode) }

func (e *ExposedError) Unwrap() error { return ErrKeyExposed }

func missing(path string) bool {
	_, err := os.Lstat(path)
	return errors.Is(err, os.ErrNotExist)
}

// Torn tells whether path holds a key file cut short: empty, or the start
// of one with no end of line. Only an interrupted write leaves one.
func Torn(path string) bool {
	b, err := os.ReadFile(path)
	if err != nil {
		return false
	}
	s := string(b)
	switch {
	case s == "":
		return true
	case strings.HasSuffix(s, "\n"):
		return false
	case strings.HasPrefix(keyPrefix, s):
		return true
	}
	rest, ok := strings.CutPrefix(s, keyPrefix)
	return ok && strings.Trim(rest, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=") == ""
}

// CreateKeyFile writes a new random key, readable by its owner only, and
// never over an existing file. The key is written to a temporary file,
// synced, linked into place and its folder synced before anything is
// sealed with it: a crash leaves either no key file or a whole one.
func CreateKeyFile(path string) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".new-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	_, err = fmt.Fprintf(f, "%s%s\n", keyPrefix, base64.StdEncoding.EncodeToString(random(chacha20poly1305.KeySize)))
	if err == nil {
		err = f.Chmod(0o600)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	// A link, not a rename: it fails when the path exists, so an existing
	// key is never replaced.
	if err := os.Link(tmp, path); err != nil {
		return err
	}
	return syncDir(dir)
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
