package office

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"

	"privdesk/cases"
)

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
