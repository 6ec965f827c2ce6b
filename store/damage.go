package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
)

// A damaged file (cut short by a full disk or a bad copy, or with corrupt
// pages) must cost one clear error, never a crash, and must not be written
// to: each is found before bbolt maps the file, or caught where bbolt
// panics on a page it cannot read.

// damagedMark, beside the database, records that check found the file
// damaged; writes refuse to start while it is there.
func damagedMark(path string) string { return path + ".damaged" }

// precheck reads both bbolt meta pages by hand. It refuses a file whose
// meta pages are both invalid, or which is shorter than its newest valid
// meta page says, before bbolt could map (and fault on) the missing part.
func precheck(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return &Error{Code: ErrIO, Path: path, Err: err}
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return &Error{Code: ErrIO, Path: path, Err: err}
	}
	var best *metaPage
	for i := range 2 {
		m, ok := readMeta(f, i)
		if ok && (best == nil || m.txid > best.txid) {
			best = &m
		}
	}
	if best == nil {
		return damaged(path, "no valid meta page")
	}
	if need := int64(best.pgid) * int64(best.pageSize); fi.Size() < need {
		return damaged(path, fmt.Sprintf("cut short: %d of %d bytes", fi.Size(), need))
	}
	return nil
}

type metaPage struct {
	pageSize uint32
	pgid     uint64 // the high-water page: pages below it are in the file
	txid     uint64
}

// readMeta reads meta page i. The layout is bbolt's: a 16-byte page header,
// then magic, version, page size, flags, root (16), freelist, pgid, txid and
// an FNV-64a checksum of the fields before it.
func readMeta(f *os.File, i int) (metaPage, bool) {
	head := make([]byte, 16+64)
	if _, err := f.ReadAt(head, 0); err != nil {
		return metaPage{}, false
	}
	pageSize := binary.LittleEndian.Uint32(head[16+8:])
	if i == 1 {
		if pageSize < 512 || pageSize > 1<<20 {
			pageSize = uint32(os.Getpagesize()) // meta 0 is unreadable: guess
		}
		if _, err := f.ReadAt(head, int64(pageSize)); err != nil && !errors.Is(err, io.EOF) {
			return metaPage{}, false
		}
	}
	m := head[16:]
	h := fnv.New64a()
	h.Write(m[:56])
	if binary.LittleEndian.Uint32(m[0:]) != 0xED0CDAED || binary.LittleEndian.Uint32(m[4:]) != 2 ||
		binary.LittleEndian.Uint64(m[56:]) != h.Sum64() {
		return metaPage{}, false
	}
	return metaPage{
		pageSize: binary.LittleEndian.Uint32(m[8:]),
		pgid:     binary.LittleEndian.Uint64(m[40:]),
		txid:     binary.LittleEndian.Uint64(m[48:]),
	}, true
}

// guard turns bbolt's panic on a corrupt page, or a memory fault on the
// mapped file, into ErrDamaged. It must be deferred directly. A panic that
// began outside bbolt and this package (a bug in the domain code a
// transaction ran) says nothing of the file: the transaction is rolled back
// and it is reported as the bug it is, never as a damaged database.
func guard(path string, err *error, restore bool) {
	debug.SetPanicOnFault(restore)
	if r := recover(); r != nil {
		if site := panicSite(); !fileCode(site) {
			what := fmt.Sprintf("%v, in %s", r, site)
			*err = &Error{Code: ErrInternal, Path: path, Err: errors.New(what), Args: []any{what}}
			return
		}
		*err = damaged(path, fmt.Sprint(r))
	}
}

// panicSite names the function in which the panic being recovered began:
// the first frame above the runtime's panic machinery.
func panicSite() string {
	pc := make([]uintptr, 64)
	frames := runtime.CallersFrames(pc[:runtime.Callers(3, pc)])
	inPanic := false
	for {
		f, more := frames.Next()
		switch {
		case f.Function == "runtime.gopanic" || strings.HasPrefix(f.Function, "runtime.panic") || f.Function == "runtime.sigpanic":
			inPanic = true
		case inPanic && !strings.HasPrefix(f.Function, "runtime."):
			return f.Function
		}
		if !more {
			return ""
		}
	}
}

// fileCode tells whether a panic in function fn can come from the file's
// bytes: bbolt's own code, or this package's reading of mapped pages.
func fileCode(fn string) bool {
	return fn == "" || strings.HasPrefix(fn, "go.etcd.io/bbolt") || strings.HasPrefix(fn, "privdesk/store.")
}

func damaged(path, what string) error {
	return &Error{Code: ErrDamaged, Path: path, Err: errors.New(what), Args: []any{what}}
}
