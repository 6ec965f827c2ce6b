package store

import (
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"os"

	bolt "go.etcd.io/bbolt"
)

// Scrubbing: a record rewritten in place leaves its earlier version in the
// pages bbolt freed, until a later write reuses them. Where that version
// held personal data since removed (depersonalisation), scrub overwrites
// every free page of the file with zeros, in place and under the write
// lock: it writes the free pages, not the file, and the file stays where
// it is. A run that stops between its rewrite and its scrub leaves the
// needs_scrub mark, and the next writable open scrubs.

var kScrub = []byte("needs_scrub")

// bbolt's on-disk layout (go.etcd.io/bbolt/internal/common): a page header
// of 16 bytes (id u64, flags u16, count u16, overflow u32), and on pages 0
// and 1 the meta after it (magic, version, page size, flags: u32 each; root
// bucket 16 bytes; freelist page, high-water mark, transaction id: u64
// each; then an FNV-64a checksum of all before it). Values are in the
// machine's byte order.
const (
	pageHeader   = 16
	metaMagic    = 0xED0CDAED
	freelistPage = 0x10
	noFreelist   = ^uint64(0)
)

// scrub zeros every free page of the file and clears the mark.
func (s *Store) scrub() error {
	return s.update(func(tx *bolt.Tx) error {
		if err := s.zeroFree(tx); err != nil {
			return err
		}
		return tx.Bucket(bMeta).Delete(kScrub)
	})
}

// zeroFree writes zeros over the pages the committed freelist names. It
// runs first in a write transaction, which has released every page freed
// before it (no reader is open under the write lock), so that each listed
// page is referenced by neither meta page's tree: bbolt itself would
// overwrite any of them in this transaction.
func (s *Store) zeroFree(tx *bolt.Tx) error {
	f, err := os.OpenFile(s.path, os.O_RDWR, 0)
	if err != nil {
		return &Error{Code: ErrIO, Path: s.path, Err: err}
	}
	defer f.Close()
	ids, err := freePages(f, tx)
	if err != nil {
		return &Error{Code: ErrIO, Path: s.path, Err: err}
	}
	size := int64(tx.DB().Info().PageSize)
	zeros := make([]byte, 256*size)
	for i := 0; i < len(ids); {
		// A run of consecutive pages, at most len(zeros) long.
		j := i + 1
		for j < len(ids) && ids[j] == ids[j-1]+1 && int64(j-i) < 256 {
			j++
		}
		if _, err := f.WriteAt(zeros[:int64(j-i)*size], int64(ids[i])*size); err != nil {
			return &Error{Code: ErrIO, Path: s.path, Err: err}
		}
		i = j
	}
	if err := f.Sync(); err != nil {
		return &Error{Code: ErrIO, Path: s.path, Err: err}
	}
	return nil
}

// freePages reads the freelist the last commit wrote: the meta page of
// that commit (checksum good, transaction id one before tx's), then its
// freelist page. Every id is checked to lie past the meta pages and below
// the high-water mark; anything unexpected stops the scrub before it
// writes a byte.
func freePages(f *os.File, tx *bolt.Tx) ([]uint64, error) {
	size := int64(tx.DB().Info().PageSize)
	var freelist, hwm uint64
	found := false
	for m := int64(0); m < 2 && !found; m++ {
		b := make([]byte, pageHeader+64)
		if _, err := f.ReadAt(b, m*size); err != nil {
			return nil, err
		}
		meta := b[pageHeader:]
		h := fnv.New64a()
		h.Write(meta[:56])
		ne := binary.NativeEndian
		if ne.Uint32(meta) != metaMagic || ne.Uint64(meta[56:]) != h.Sum64() || ne.Uint64(meta[48:]) != uint64(tx.ID())-1 {
			continue
		}
		freelist, hwm, found = ne.Uint64(meta[32:]), ne.Uint64(meta[40:]), true
	}
	switch {
	case !found:
		return nil, fmt.Errorf("scrub: no meta page of transaction %d", tx.ID()-1)
	case freelist == noFreelist:
		return nil, fmt.Errorf("scrub: the freelist is not kept in the file")
	case freelist < 2 || freelist >= hwm:
		return nil, fmt.Errorf("scrub: freelist page %d out of range", freelist)
	}
	head := make([]byte, pageHeader+8)
	if _, err := f.ReadAt(head, int64(freelist)*size); err != nil {
		return nil, err
	}
	ne := binary.NativeEndian
	if ne.Uint64(head) != freelist || ne.Uint16(head[8:])&freelistPage == 0 {
		return nil, fmt.Errorf("scrub: page %d is no freelist", freelist)
	}
	count, skip := uint64(ne.Uint16(head[10:])), int64(0)
	if count == 0xFFFF {
		count, skip = ne.Uint64(head[pageHeader:]), 8
	}
	overflow := uint64(ne.Uint32(head[12:]))
	span := int64(overflow+1) * size
	if int64(count)*8+skip+pageHeader > span {
		return nil, fmt.Errorf("scrub: freelist of %d ids overflows its %d bytes", count, span)
	}
	raw := make([]byte, count*8)
	if _, err := f.ReadAt(raw, int64(freelist)*size+pageHeader+skip); err != nil {
		return nil, err
	}
	ids := make([]uint64, count)
	for i := range ids {
		ids[i] = ne.Uint64(raw[i*8:])
		if ids[i] < 2 || ids[i] >= hwm || (ids[i] >= freelist && ids[i] <= freelist+overflow) || (i > 0 && ids[i] <= ids[i-1]) {
			return nil, fmt.Errorf("scrub: free page %d out of range or order", ids[i])
		}
	}
	return ids, nil
}
