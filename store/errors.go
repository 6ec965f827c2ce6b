package store

import "fmt"

// Error is a storage failure with a stable code, so that the CLI and the TUI
// can explain it in the officer's language.
type Error struct {
	Code string
	Path string
	Err  error
	Args []any // what the message names after the path
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Path, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Path)
}

func (e *Error) Unwrap() error { return e.Err }

// Error codes. Their texts live in the message catalog.
const (
	ErrIsDir          = "db_is_dir"
	ErrMissing        = "db_missing"
	ErrDamaged        = "db_damaged"
	ErrNoSpace        = "db_no_space"
	ErrNoQuarantined  = "no_quarantined"
	ErrNotBackup      = "not_backup"
	ErrExists         = "db_exists"
	ErrNotDatabase    = "db_not_database"
	ErrNewer          = "db_newer"
	ErrBusy           = "db_busy"
	ErrBusyBy         = "db_busy_by"
	ErrIO             = "db_io"
	ErrNotFound       = "case_not_found"
	ErrCorrupt        = "db_corrupt"
	ErrKeyMissing     = "key_missing"
	ErrKeyWrong       = "key_wrong"
	ErrKeyMalformed   = "key_malformed"
	ErrKeyMode        = "key_mode"
	ErrKeyExposed     = "key_exposed"
	ErrKeyHeader      = "key_header"
	ErrDocDamaged     = "doc_damaged"
	ErrReadOnly       = "db_read_only"
	ErrInternal       = "internal"
	ErrJournalLine    = "journal_line"
	ErrJournalMissing = "journal_missing"
	ErrNoJournal      = "no_journal"
	ErrDiskFull       = "disk_full"
	ErrCopyCheck      = "copy_check"
)
