package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"maps"
	"path/filepath"
	"slices"
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
			fresh, err := s.getCase(tx, id)
			if err != nil {
				return err
			}
			old := indexOf(fresh)
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

// retentionChunk is how many cases one depersonalising transaction takes:
// a writer of another process waits for at most one chunk.
const retentionChunk = 200

// Depersonalise applies fns in transactions of retentionChunk cases each,
// in the order of their numbers, rewriting each case's record and timeline
// in place; then it scrubs the file's free pages (scrub.go), so that no
// earlier version of a rewritten record survives in the file. Each case
// changes with its events and act or not at all; a failure stops the run
// after the chunks already made, and a rerun finds only the cases left.
func (s *Store) Depersonalise(fns map[cases.ID]DepersonaliseFn) error {
	ids := slices.SortedFunc(maps.Keys(fns), func(a, b cases.ID) int { return bytes.Compare(caseKey(a), caseKey(b)) })
	return s.depersonaliseAll(ids, func(c *cases.Case) DepersonaliseFn { return fns[c.ID] }, nil)
}

// DepersonaliseDue depersonalises, as Depersonalise does, every closed
// case that due says is past its term: it goes through the closed cases by
// the status index and reads each once, in the transaction that changes
// it. done hears each case depersonalised once its chunk is committed.
func (s *Store) DepersonaliseDue(due func(*cases.Case) bool, fn DepersonaliseFn, done func(*cases.Case)) error {
	ids, err := s.closedIDs()
	if err != nil {
		return err
	}
	return s.depersonaliseAll(ids, func(c *cases.Case) DepersonaliseFn {
		if due(c) {
			return fn
		}
		return nil
	}, done)
}

// closedIDs are the numbers of the closed cases, by the status index.
func (s *Store) closedIDs() ([]cases.ID, error) {
	var ids []cases.ID
	err := s.view(func(tx *bolt.Tx) error {
		prefix := statusKey(cases.StatusClosed, cases.ID{})[:len(cases.StatusClosed)+1]
		c := tx.Bucket(bIdxStatus).Cursor()
		for k, _ := c.Seek(prefix); hasPrefix(k, prefix); k, _ = c.Next() {
			ids = append(ids, idFromKey(k[len(prefix):]))
		}
		return nil
	})
	return ids, err
}

// depersonaliseAll runs the chunks of ids, then the scrub; fnFor gives the
// change of each case, nil for none.
func (s *Store) depersonaliseAll(ids []cases.ID, fnFor func(*cases.Case) DepersonaliseFn, done func(*cases.Case)) error {
	var err error
	rewritten := false
	for made := 0; made < len(ids); made += retentionChunk {
		var changed []*cases.Case
		changed, err = s.depersonalise(ids[made:min(made+retentionChunk, len(ids))], fnFor)
		if err != nil {
			break
		}
		rewritten = rewritten || len(changed) > 0
		for _, c := range changed {
			if done != nil {
				done(c)
			}
		}
	}
	if rewritten {
		// Records were rewritten: scrub, even after a later failure.
		if serr := s.scrub(); err == nil {
			err = serr
		}
	}
	return s.diskFull(err, 0)
}

// depersonalise is one chunk of Depersonalise: one transaction, which
// marks the file for scrubbing. It returns the cases it changed.
func (s *Store) depersonalise(ids []cases.ID, fnFor func(*cases.Case) DepersonaliseFn) ([]*cases.Case, error) {
	if free, err := freeSpace(filepath.Dir(s.path)); err == nil && free < 1<<20 {
		return nil, &Error{Code: ErrNoSpace, Path: s.path, Args: []any{"1", strconv.FormatUint(free>>20, 10)}}
	}
	var changed []*cases.Case
	err := s.update(func(tx *bolt.Tx) error {
		var plan []destroyed
		for _, id := range ids {
			fresh, err := s.getCase(tx, id)
			if err != nil {
				return err
			}
			fresh.ID = id
			fn := fnFor(fresh)
			if fn == nil {
				continue
			}
			old := indexOf(fresh)
			timeline, err := s.readEvents(tx, id)
			if err != nil {
				return err
			}
			kept, added, err := fn(fresh, timeline)
			if err != nil {
				return err
			}
			fresh.ID = id
			plan = append(plan, destroyed{old: old, fresh: fresh, events: added, timeline: kept})
		}
		if len(plan) == 0 {
			return errNothingDue // no commit, no new generation
		}
		// The journal learns of the destruction before it is made, so that
		// a restore of an older backup replays it.
		if err := writeJournal(s.path, plan, time.Now()); err != nil {
			return &Error{Code: ErrIO, Path: s.path, Err: err}
		}
		for _, p := range plan {
			if err := s.rewriteCase(tx, p); err != nil {
				return err
			}
			changed = append(changed, p.fresh)
		}
		return tx.Bucket(bMeta).Put(kScrub, []byte{1})
	})
	if errors.Is(err, errNothingDue) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return changed, nil
}

var errNothingDue = errors.New("no case of the chunk is due")

// rewriteCase writes one case's depersonalisation: its record, its
// timeline in place, the events added and its documents.
func (s *Store) rewriteCase(tx *bolt.Tx, p destroyed) error {
	id := p.fresh.ID
	if err := s.putCase(tx, p.old, p.fresh); err != nil {
		return err
	}
	for _, e := range p.timeline {
		k := eventKey(id, e.Seq)
		v, err := s.encodeEvent(k, e)
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
	return s.applyDocuments(tx, p)
}

// destroyed is what one case's destruction changes.
type destroyed struct {
	old, fresh *cases.Case
	events     []cases.Event  // to append
	blobs      map[int][]byte // rewritten documents
	timeline   []cases.Event  // the whole timeline in place of the old one, or nil
}
