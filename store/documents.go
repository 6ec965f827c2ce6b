package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"syscall"
	"time"

	bolt "go.etcd.io/bbolt"

	"privdesk/cases"
)

func blobKey(id cases.ID, no int) []byte {
	return binary.BigEndian.AppendUint32(caseKey(id), uint32(no))
}

// Attach stores content as a new document of case id. fn records the
// document's metadata with cases.Case.Attach; content is sealed and written
// in the same transaction, so a document is either wholly there or absent.
func (s *Store) Attach(id cases.ID, content []byte, fn func(c *cases.Case) (cases.Event, error)) (*cases.Case, error) {
	var out *cases.Case
	err := s.update(func(tx *bolt.Tx) error {
		c, err := s.change(tx, id, func(c *cases.Case) ([]cases.Event, error) {
			n := len(c.Documents)
			ev, err := fn(c)
			if err == nil && len(c.Documents) != n+1 {
				return nil, &Error{Code: ErrCorrupt, Path: id.String()}
			}
			return []cases.Event{ev}, err
		})
		if err != nil {
			return err
		}
		out = c
		return s.putBlob(tx, blobKey(id, c.Documents[len(c.Documents)-1].No), content)
	})
	return out, s.diskFull(err, int64(len(content)))
}

// Content reads a document back and checks it against the hash taken when
// it was attached.
func (s *Store) Content(id cases.ID, no int) (cases.Document, []byte, error) {
	var doc cases.Document
	var content []byte
	err := s.view(func(tx *bolt.Tx) error {
		c, err := s.getCase(tx, id)
		if err != nil {
			return err
		}
		d := c.Document(no)
		if d == nil {
			return &cases.Error{Code: cases.ErrNoDocument, Args: []any{strconv.Itoa(no), id.String()}}
		}
		if d.Destroyed != nil {
			return &cases.Error{Code: cases.ErrDocDestroyed, Args: []any{strconv.Itoa(no), d.Destroyed.At.In(cases.Moscow).Format("2006-01-02")}}
		}
		doc = *d
		plain, err := s.getBlob(tx, blobKey(id, no))
		sum := sha256.Sum256(plain)
		if err != nil || hex.EncodeToString(sum[:]) != d.SHA256 {
			return &Error{Code: ErrDocDamaged, Path: id.String() + "/" + strconv.Itoa(no)}
		}
		content = plain
		return nil
	})
	return doc, content, err
}

// DestroyFn marks documents of a case destroyed (cases.Case.DestroyDocument)
// and may rewrite others (cases.Case.Redact), returning the events and the
// new content of each rewritten document. content reads a document as it is
// before the destruction.
type DestroyFn func(c *cases.Case, content func(no int) ([]byte, error)) ([]cases.Event, map[int][]byte, error)

// freeSpace is the space available to an unprivileged writer in dir; a
// variable so that tests can simulate a full disk.
var freeSpace = func(dir string) (uint64, error) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return 0, err
	}
	return st.Bavail * uint64(st.Bsize), nil
}

// Destroy applies destructions to several cases in one transaction. When it
// commits, each destroyed document's key is overwritten with zeros in place
// and its file deleted (docstore.go): milliseconds, whatever the size of the
// database, and no other process waits longer than one write. A refused
// change leaves everything as it was. The destruction journal learns of the
// destruction first, so that a restore of an older backup replays it.
func (s *Store) Destroy(fns map[cases.ID]DestroyFn) error {
	return s.diskFull(s.destroy(fns), 0)
}

func (s *Store) destroy(fns map[cases.ID]DestroyFn) error {
	return s.update(func(tx *bolt.Tx) error {
		var plan []destroyed
		for id, fn := range fns {
			old, err := s.getCase(tx, id)
			if err != nil {
				return err
			}
			fresh, _ := s.getCase(tx, id)
			content := func(no int) ([]byte, error) { return s.getBlob(tx, blobKey(id, no)) }
			evs, blobs, err := fn(fresh, content)
			if err != nil {
				return err
			}
			fresh.ID = id
			plan = append(plan, destroyed{old: old, fresh: fresh, events: evs, blobs: blobs})
		}
		if err := writeJournal(s.path, plan, time.Now()); err != nil {
			return &Error{Code: ErrIO, Path: s.path, Err: err}
		}
		for _, p := range plan {
			if err := s.putCase(tx, p.old, p.fresh); err != nil {
				return err
			}
			if err := s.appendEvents(tx, p.fresh.ID, p.events); err != nil {
				return err
			}
			if err := s.applyDocuments(tx, p); err != nil {
				return err
			}
		}
		return nil
	})
}

// applyDocuments stores a plan's rewritten documents and queues its
// destroyed ones for erasing.
func (s *Store) applyDocuments(tx *bolt.Tx, p destroyed) error {
	id := p.fresh.ID
	for no, content := range p.blobs {
		if err := s.putBlob(tx, blobKey(id, no), content); err != nil {
			return err
		}
	}
	for _, d := range p.fresh.Documents {
		if d.Destroyed != nil {
			if err := s.dropBlob(tx, blobKey(id, d.No)); err != nil {
				return err
			}
		}
	}
	return nil
}

// DepersonaliseFn removes a case's personal data: it gets the case and its
// timeline, and returns the timeline to keep in its place (texts removed,
// hashes kept) and the events to add.
type DepersonaliseFn func(c *cases.Case, timeline []cases.Event) ([]cases.Event, []cases.Event, error)

// Depersonalise applies fns as Destroy does: a new file in which the
// removed texts and destroyed documents never appear, swapped in.
func (s *Store) Depersonalise(fns map[cases.ID]DepersonaliseFn) error {
	return s.rewriteWithout(func(tx *bolt.Tx) ([]destroyed, error) {
		var plan []destroyed
		for id, fn := range fns {
			old, err := s.getCase(tx, id)
			if err != nil {
				return nil, err
			}
			fresh, _ := s.getCase(tx, id)
			timeline, err := s.readEvents(tx, id)
			if err != nil {
				return nil, err
			}
			kept, added, err := fn(fresh, timeline)
			if err != nil {
				return nil, err
			}
			fresh.ID = id
			plan = append(plan, destroyed{old: old, fresh: fresh, events: added, timeline: kept})
		}
		return plan, nil
	})
}

// rewriteWithout plans a change from the file as it is, then writes a new
// file without what the plan destroys, and swaps it in.
func (s *Store) rewriteWithout(planFn func(tx *bolt.Tx) ([]destroyed, error)) error {
	if err := s.swapWithout(planFn); err != nil {
		return err
	}
	return s.update(func(*bolt.Tx) error { return nil }) // erases what the plan destroyed
}

// swapWithout is rewriteWithout's rewrite and swap, under the exclusive lock.
func (s *Store) swapWithout(planFn func(tx *bolt.Tx) ([]destroyed, error)) error {
	if s.readOnly {
		return &Error{Code: ErrReadOnly, Path: s.path}
	}
	if err := s.precheck(); err != nil {
		return err
	}
	if _, err := os.Stat(damagedMark(s.path)); err == nil {
		return damaged(s.path, "privdesk check found it damaged")
	}
	l, err := lock(s.path, true, s.timeout, s.holder)
	if err != nil {
		return err
	}
	defer l.unlock()
	fi, err := os.Stat(s.path)
	if err != nil {
		return &Error{Code: ErrIO, Path: s.path, Err: err}
	}
	need := uint64(fi.Size()) + 1<<20
	if free, err := freeSpace(filepath.Dir(s.path)); err == nil && free < need {
		return &Error{Code: ErrNoSpace, Path: s.path, Args: []any{strconv.FormatUint(need>>20+1, 10), strconv.FormatUint(free>>20, 10)}}
	}
	src, err := s.boltOpen(s.path, true)
	if err != nil {
		return err
	}
	defer src.Close()
	var plan []destroyed
	err = func() (err error) {
		defer guard(s.path, &err, debug.SetPanicOnFault(true))
		return src.View(func(tx *bolt.Tx) error {
			plan, err = planFn(tx)
			return err
		})
	}()
	if err != nil {
		return err
	}
	tmp := s.path + ".compact"
	os.Remove(tmp) // a leftover of an interrupted run holds nothing committed
	err = s.rewrite(src, tmp, plan)
	if err == nil {
		err = s.verifyCopy(tmp, src)
	}
	if err != nil {
		os.Remove(tmp)
		var se *Error
		if errors.As(err, &se) {
			return err
		}
		return &Error{Code: ErrIO, Path: s.path, Err: err}
	}
	// The journal learns of the destruction before it is made, so that a
	// restore of an older backup replays it.
	if err := writeJournal(s.path, plan, time.Now()); err != nil {
		os.Remove(tmp)
		return &Error{Code: ErrIO, Path: s.path, Err: err}
	}
	if err := os.Rename(tmp, s.path); err != nil {
		os.Remove(tmp)
		return &Error{Code: ErrIO, Path: s.path, Err: err}
	}
	return syncDir(filepath.Dir(s.path))
}

// destroyed is what one case's destruction changes.
type destroyed struct {
	old, fresh *cases.Case
	events     []cases.Event  // to append
	blobs      map[int][]byte // rewritten documents
	timeline   []cases.Event  // the whole timeline in place of the old one, or nil
}

// rewrite copies src into a new file at tmp, leaving out every value the
// plan replaces or destroys, then writes the plan's records there.
func (s *Store) rewrite(src *bolt.DB, tmp string, plan []destroyed) (err error) {
	skip := map[string]bool{}
	key := func(bucket, k []byte) string { return string(bucket) + "\x00" + string(k) }
	skip[key(bMeta, kCompact)] = true
	for _, p := range plan {
		id := p.fresh.ID
		skip[key(bCases, caseKey(id))] = true
		skip[key(bIdxDue, dueKey(p.old))] = true
		skip[key(bIdxStatus, statusKey(p.old.Status, id))] = true
		if sk := s.subjectKey(p.old); sk != nil {
			skip[key(bIdxSubj, sk)] = true
		}
		for _, e := range p.timeline {
			skip[key(bEvents, eventKey(id, e.Seq))] = true
		}
	}
	dst, err := s.boltOpen(tmp, false)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := dst.Close(); err == nil {
			err = cerr
		}
	}()
	defer guard(s.path, &err, debug.SetPanicOnFault(true))
	err = src.View(func(stx *bolt.Tx) error {
		return stx.ForEach(func(name []byte, b *bolt.Bucket) error {
			return copyBucket(dst, name, b, func(k []byte) bool { return skip[key(name, k)] })
		})
	})
	if err != nil {
		return err
	}
	return dst.Update(func(tx *bolt.Tx) error {
		for _, p := range plan {
			id := p.fresh.ID
			if err := s.putCase(tx, nil, p.fresh); err != nil {
				return err
			}
			for _, e := range p.timeline {
				k := eventKey(id, e.Seq)
				v, err := s.encode(bEvents, k, e)
				if err != nil {
					return err
				}
				if err := tx.Bucket(bEvents).Put(k, v); err != nil {
					return err
				}
			}
			if err := s.appendEvents(tx, id, p.events); err != nil {
				return err
			}
			if err := s.applyDocuments(tx, p); err != nil {
				return err
			}
		}
		if err := tx.Bucket(bMeta).Put(kSlots, binary.BigEndian.AppendUint64(nil, s.fileSlots())); err != nil {
			return err
		}
		return bumpGeneration(tx)
	})
}

// copyBucket copies a top-level bucket into dst in transactions of about
// 4 MiB, leaving out the keys skip names.
func copyBucket(dst *bolt.DB, name []byte, b *bolt.Bucket, skip func(k []byte) bool) error {
	c := b.Cursor()
	k, v := c.First()
	for first := true; first || k != nil; first = false {
		err := dst.Update(func(tx *bolt.Tx) error {
			out, err := tx.CreateBucketIfNotExists(name)
			if err != nil {
				return err
			}
			out.FillPercent = 1 // keys arrive in order
			size := 0
			for ; k != nil && size < 4<<20; k, v = c.Next() {
				if v == nil || skip(k) {
					continue // nested buckets: privdesk has none
				}
				if err := out.Put(bytes.Clone(k), bytes.Clone(v)); err != nil {
					return err
				}
				size += len(k) + len(v)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}
