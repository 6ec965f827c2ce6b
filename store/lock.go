package store

import (
	"errors"
	"os"
	"syscall"
	"time"
)

// fileLock is an flock on privdesk.db.lock beside the database. Reads hold
// it shared; writes, and compaction while it swaps the database for a fresh
// file, hold it exclusive, so that no process can be left writing to the
// replaced one.
type fileLock struct{ f *os.File }

func lock(path string, exclusive bool, timeout time.Duration) (*fileLock, error) {
	f, err := os.OpenFile(path+".lock", os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, &Error{Code: ErrIO, Path: path, Err: err}
	}
	how := syscall.LOCK_SH
	if exclusive {
		how = syscall.LOCK_EX
	}
	deadline := time.Now().Add(timeout)
	for {
		err := syscall.Flock(int(f.Fd()), how|syscall.LOCK_NB)
		if err == nil {
			return &fileLock{f}, nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) || time.Now().After(deadline) {
			f.Close()
			if errors.Is(err, syscall.EWOULDBLOCK) {
				return nil, &Error{Code: ErrBusy, Path: path}
			}
			return nil, &Error{Code: ErrIO, Path: path, Err: err}
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (l *fileLock) unlock() {
	syscall.Flock(int(l.f.Fd()), syscall.LOCK_UN)
	l.f.Close()
}
