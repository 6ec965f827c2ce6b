package office

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"

	"golang.org/x/sys/unix"

	"privdesk/cases"
)

// Files on the machine the office runs on: what a local officer attaches,
// imports and prints. A remote session's officer is on another machine;
// the server's files are none of theirs, so each of these is refused to a
// remote actor by the allow-list, whatever front end asks.

// Allows tells whether the session's actor may do op: nil, or the refusal
// to show.
func (s *Session) Allows(op Op) error { return s.may(op) }

// ReadFile reads a file to attach (ReadDocument).
func (s *Session) ReadFile(path string, maxBytes int64) (cases.Document, []byte, error) {
	if err := s.may(OpReadFile); err != nil {
		return cases.Document{}, nil, err
	}
	return ReadDocument(path, maxBytes)
}

// WriteFile writes what the officer asked for (a letter, an export) to a
// new file at path, readable by its owner only, never over an existing
// file and never half-written (WritePrivate).
func (s *Session) WriteFile(path string, data []byte) error {
	return s.WriteFileFrom(path, func(w io.Writer) error { _, err := w.Write(data); return err })
}

// WriteFileFrom is WriteFile for what is written as it is made (a backup,
// an export): fill writes it, and nothing appears at path unless fill
// succeeds.
func (s *Session) WriteFileFrom(path string, fill func(io.Writer) error) error {
	if err := s.may(OpWriteFile); err != nil {
		return err
	}
	return WritePrivateFrom(path, fill)
}

// WritePrivate writes data to path readable by its owner only. The data
// go first into an unnamed file (O_TMPFILE), which is linked into place only
// once it is whole and synced, so that a process killed midway, even by
// SIGKILL, leaves no fragment of a document behind. Where the file system
// has no unnamed files, a hidden temporary file is used and removed on any
// failure or signal. An existing file is not replaced.
func WritePrivate(path string, data []byte) error {
	return WritePrivateFrom(path, func(w io.Writer) error { _, err := w.Write(data); return err })
}

// WritePrivateFrom is WritePrivate for data that fill writes as it makes
// them, through a buffer: memory stays flat however large the file.
func WritePrivateFrom(path string, fill func(io.Writer) error) error {
	if _, err := os.Lstat(path); err == nil {
		return errors.New("file exists")
	}
	dir := filepath.Dir(path)
	fd, err := unix.Open(dir, unix.O_TMPFILE|unix.O_WRONLY|unix.O_CLOEXEC, 0o600)
	if err != nil {
		return writeNamedTemp(dir, path, fill)
	}
	f := os.NewFile(uintptr(fd), path)
	defer f.Close()
	if err := writeSynced(f, fill); err != nil {
		return err
	}
	// Linking fails rather than replace a file created meanwhile.
	return unix.Linkat(unix.AT_FDCWD, fmt.Sprintf("/proc/self/fd/%d", fd), unix.AT_FDCWD, path, unix.AT_SYMLINK_FOLLOW)
}

func writeSynced(f *os.File, fill func(io.Writer) error) error {
	if err := f.Chmod(0o600); err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	if err := fill(bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return f.Sync()
}

// writeNamedTemp is WritePrivate on a file system without O_TMPFILE.
func writeNamedTemp(dir, path string, fill func(io.Writer) error) error {
	tmp, err := os.CreateTemp(dir, ".privdesk-*")
	if err != nil {
		return err
	}
	name := tmp.Name()
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGHUP, syscall.SIGINT, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case s := <-sig:
			os.Remove(name)
			signal.Stop(sig)
			syscall.Kill(os.Getpid(), s.(syscall.Signal))
		case <-done:
		}
	}()
	defer func() { signal.Stop(sig); close(done); os.Remove(name) }()
	if err := writeSynced(tmp, fill); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Link(name, path)
}

// Error codes for a document file that cannot be attached.
const (
	ErrFileMissing    = "file_missing"
	ErrFileNotRegular = "file_not_regular"
	ErrFileEmpty      = "file_empty"
	ErrFileTooBig     = "file_too_big"
	ErrFileUnreadable = "file_unreadable"
	ErrFileChanged    = "file_changed"
)

// ReadDocument reads a file to attach: a regular, non-empty file of at most
// maxBytes, read whole, hashed and typed.
func ReadDocument(path string, maxBytes int64) (cases.Document, []byte, error) {
	fail := func(code string, args ...any) (cases.Document, []byte, error) {
		return cases.Document{}, nil, &cases.Error{Code: code, Args: append([]any{path}, args...)}
	}
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return fail(ErrFileMissing)
	case err != nil:
		return fail(ErrFileUnreadable)
	case !fi.Mode().IsRegular():
		return fail(ErrFileNotRegular)
	case fi.Size() == 0:
		return fail(ErrFileEmpty)
	case fi.Size() > maxBytes:
		return fail(ErrFileTooBig, strconv.FormatInt(maxBytes>>20, 10))
	}
	f, err := os.Open(path)
	if err != nil {
		return fail(ErrFileUnreadable)
	}
	defer f.Close()
	content, err := io.ReadAll(io.LimitReader(f, maxBytes+1))
	switch {
	case err != nil:
		return fail(ErrFileUnreadable)
	case int64(len(content)) > maxBytes:
		return fail(ErrFileTooBig, strconv.FormatInt(maxBytes>>20, 10))
	case int64(len(content)) != fi.Size() || len(content) == 0:
		return fail(ErrFileChanged)
	}
	sum := sha256.Sum256(content)
	return cases.Document{
		Name:   filepath.Base(path),
		Size:   int64(len(content)),
		SHA256: hex.EncodeToString(sum[:]),
		Type:   http.DetectContentType(content),
	}, content, nil
}
