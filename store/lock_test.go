package store

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// A writer that waits out its time for a file another process holds is
// told which command holds it, its process and for how long; with the
// holder gone, only that the file is busy.
func TestBusyNamesTheHolder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.db")
	held, err := lock(path, true, time.Second, "backup")
	if err != nil {
		t.Fatal(err)
	}
	_, err = lock(path, true, 50*time.Millisecond, "note")
	var se *Error
	if !errors.As(err, &se) || se.Code != ErrBusyBy || len(se.Args) != 4 || se.Args[1] != "backup" || se.Args[2] != os.Getpid() {
		t.Fatalf("waiting for a held file: %#v", err)
	}
	held.unlock()
	// A holder line of a process that is gone names nobody.
	if err := os.WriteFile(path+".lock", []byte("999999999\tbackup\t1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	other, err := os.OpenFile(path+".lock", os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if err := busy(path, other, time.Second); !errors.As(err, &se) || se.Code != ErrBusy {
		t.Errorf("a dead holder: %#v", err)
	}
	if l, err := lock(path, true, time.Second, "note"); err != nil {
		t.Errorf("the file let go is still busy: %v", err)
	} else {
		l.unlock()
	}
}

// A writer that takes the file back each time it lets go of it (retention's
// chunks) lets a waiting writer go first: the waiter gets the file at the
// end of the chunk it waits behind, not when it happens to poll in the
// microseconds between two chunks.
func TestWaiterIsNotStarved(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.db")
	stop, started := make(chan struct{}), make(chan struct{})
	done := make(chan int)
	go func() {
		n := 0
		for {
			select {
			case <-stop:
				done <- n
				return
			default:
			}
			l, err := lock(path, true, time.Minute, "retention")
			if err != nil {
				t.Error(err)
				close(started)
				done <- n
				return
			}
			if n == 0 {
				close(started)
			}
			time.Sleep(50 * time.Millisecond) // a chunk
			l.unlock()
			n++
		}
	}()
	<-started
	var err error
	for i := 0; i < 5 && err == nil; i++ {
		var l *fileLock
		if l, err = lock(path, true, time.Second, "note"); err == nil {
			l.unlock()
			time.Sleep(60 * time.Millisecond) // the run takes the file again
		}
	}
	close(stop)
	<-done
	if err != nil {
		t.Errorf("a note behind a run of chunks: %v", err)
	}
}
