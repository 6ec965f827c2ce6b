package store

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// fileLock is an flock on privdesk.db.lock beside the database. Reads hold
// it shared; writes, and compaction while it swaps the database for a fresh
// file, hold it exclusive, so that no process can be left writing to the
// replaced one.
type fileLock struct{ f *os.File }

func lock(path string, exclusive bool, timeout time.Duration, holder string) (*fileLock, error) {
	f, err := os.OpenFile(path+".lock", os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, &Error{Code: ErrIO, Path: path, Err: err}
	}
	how := syscall.LOCK_SH
	if exclusive {
		how = syscall.LOCK_EX
	}
	deadline := time.Now().Add(timeout)
	waiting := othersWait(f)
	if waiting {
		// Someone waits already: join them rather than take the file the
		// moment it is let go, and give them two of their polls to take it.
		waitingRoom(f, unix.F_RDLCK)
		time.Sleep(25 * time.Millisecond)
	}
	for {
		err := syscall.Flock(int(f.Fd()), how|syscall.LOCK_NB)
		if err == nil {
			if waiting {
				waitingRoom(f, unix.F_UNLCK)
			}
			// Who holds the file, for a writer that has to wait: a line the
			// next holder overwrites (a command's name, never its arguments).
			line := fmt.Sprintf("%d\t%s\t%d\n", os.Getpid(), holder, time.Now().Unix())
			if f.Truncate(0) == nil {
				_, _ = f.WriteAt([]byte(line), 0)
			}
			return &fileLock{f}, nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) || time.Now().After(deadline) {
			defer f.Close()
			if errors.Is(err, syscall.EWOULDBLOCK) {
				return nil, busy(path, f, timeout)
			}
			return nil, &Error{Code: ErrIO, Path: path, Err: err}
		}
		if !waiting {
			waiting = true
			waitingRoom(f, unix.F_RDLCK)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// The waiting room: a process that waits for the file holds a read lock on
// one byte of the lock file (an open-file-description lock, apart from the
// flock), so that a process that comes back for the file right after it
// let go of it (retention's next chunk, an export's next read) sees that
// someone waits and lets them go first, instead of taking it back each
// time: no writer starves behind a long run of short holds.
const waitByte = 1 << 20

func waitingRoom(f *os.File, typ int16) {
	lk := unix.Flock_t{Type: typ, Whence: io.SeekStart, Start: waitByte, Len: 1}
	_ = unix.FcntlFlock(f.Fd(), unix.F_OFD_SETLK, &lk) // without it, only the order suffers
}

// othersWait tells whether another process waits for the file.
func othersWait(f *os.File) bool {
	lk := unix.Flock_t{Type: unix.F_WRLCK, Whence: io.SeekStart, Start: waitByte, Len: 1}
	return unix.FcntlFlock(f.Fd(), unix.F_OFD_GETLK, &lk) == nil && lk.Type != unix.F_UNLCK
}

func (l *fileLock) unlock() {
	syscall.Flock(int(l.f.Fd()), syscall.LOCK_UN)
	l.f.Close()
}

// busy is the error of a wait that timed out: it names the process that
// last took the file and is still running, and for how long it has held it.
func busy(path string, f *os.File, waited time.Duration) error {
	b := make([]byte, 256)
	n, _ := f.ReadAt(b, 0)
	parts := strings.Split(strings.TrimSpace(string(b[:n])), "\t")
	if len(parts) == 3 {
		pid, err1 := strconv.Atoi(parts[0])
		since, err2 := strconv.ParseInt(parts[2], 10, 64)
		if err1 == nil && err2 == nil && pid > 0 && syscall.Kill(pid, 0) == nil {
			held := time.Since(time.Unix(since, 0)).Round(time.Second)
			return &Error{Code: ErrBusyBy, Path: path, Args: []any{int(waited.Seconds()), safeWord(parts[1]), pid, int(held.Seconds())}}
		}
	}
	return &Error{Code: ErrBusy, Path: path, Args: []any{int(waited.Seconds())}}
}

// safeWord keeps a holder's name printable: letters, digits and dashes.
func safeWord(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '-' || r == ' ' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') {
			return r
		}
		return -1
	}, s)
	if len(s) > 40 {
		s = s[:40]
	}
	return s
}
