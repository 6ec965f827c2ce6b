package store

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"

	"privdesk/cases"
	"privdesk/store/seal"
)

// The destruction journal, beside the database (privdesk.db.destroyed),
// lists every destruction by case and document number and when it was
// made: no personal data. A restore replays the entries made after its
// backup was taken, so that a backup never brings destroyed data back.
type journalEntry struct {
	At        time.Time `json:"at"`
	Case      cases.ID  `json:"case"`
	Documents []int     `json:"documents,omitempty"`
	Wiped     bool      `json:"depersonalised,omitempty"`
}

func journalPath(db string) string { return db + ".destroyed" }

// writeJournal appends what a plan destroys, synced, before the new file
// is swapped in.
func writeJournal(db string, plan []destroyed, at time.Time) error {
	f, err := os.OpenFile(journalPath(db), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	defer f.Close()
	for _, p := range plan {
		e := journalEntry{At: at.UTC(), Case: p.fresh.ID, Wiped: p.timeline != nil}
		for _, d := range p.fresh.Documents {
			if d.Destroyed != nil {
				e.Documents = append(e.Documents, d.No)
			}
		}
		b, _ := json.Marshal(e)
		if _, err := f.Write(append(b, '\n')); err != nil {
			return err
		}
	}
	return f.Sync()
}

func readJournal(path string) ([]journalEntry, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []journalEntry
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var e journalEntry
		if json.Unmarshal(sc.Bytes(), &e) == nil {
			out = append(out, e)
		}
	}
	return out, sc.Err()
}

// backupMagic starts a backup's plaintext (inside the encryption): what it
// is and when it was taken, then the database file.
const backupMagic = "privdesk-backup-v1"

type backupHeader struct {
	Magic string    `json:"magic"`
	Taken time.Time `json:"taken"`
}

// Backup writes a consistent copy of the database, with the moment it was
// taken, to w (which the caller encrypts).
func (s *Store) Backup(w io.Writer, now time.Time) error {
	hb, _ := json.Marshal(backupHeader{backupMagic, now.UTC()})
	if _, err := w.Write(append(hb, '\n')); err != nil {
		return err
	}
	return s.view(func(tx *bolt.Tx) error {
		_, err := tx.WriteTo(w)
		return err
	})
}

// Restore writes the database in a backup to path (which must not exist),
// after replaying the destructions of journal made after the backup was
// taken: the restored file never holds what was destroyed since. It
// returns how many were replayed.
func Restore(r io.Reader, path, journal string, opts Options) (int, error) {
	br := bufio.NewReader(r)
	line, err := br.ReadBytes('\n')
	var h backupHeader
	if err != nil || json.Unmarshal(line, &h) != nil || h.Magic != backupMagic {
		return 0, &Error{Code: ErrNotBackup, Path: path}
	}
	if _, err := os.Stat(path); err == nil {
		return 0, &Error{Code: ErrExists, Path: path}
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return 0, &Error{Code: ErrIO, Path: path, Err: err}
	}
	tmp := path + ".restoring"
	os.Remove(tmp)
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return 0, &Error{Code: ErrIO, Path: path, Err: err}
	}
	_, err = io.Copy(f, br)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return 0, &Error{Code: ErrIO, Path: path, Err: err}
	}
	n, err := replay(tmp, journal, h.Taken, opts)
	if err != nil {
		os.Remove(tmp)
		os.Remove(tmp + ".lock")
		os.Remove(tmp + ".compact")
		return 0, err
	}
	os.Remove(tmp + ".lock")
	os.Remove(tmp + ".destroyed") // the replay's own journal: the real one already lists it
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return 0, &Error{Code: ErrIO, Path: path, Err: err}
	}
	return n, syncDir(filepath.Dir(path))
}

// replay destroys in the restored file what the journal says was destroyed
// after taken.
func replay(tmp, journal string, taken time.Time, opts Options) (int, error) {
	entries, err := readJournal(journal)
	if err != nil {
		return 0, &Error{Code: ErrIO, Path: journal, Err: err}
	}
	opts.Create = false
	st, err := Open(tmp, opts)
	if err != nil {
		return 0, err
	}
	docs := map[cases.ID]map[int]bool{}
	wiped := map[cases.ID]bool{}
	for _, e := range entries {
		if !e.At.After(taken) {
			continue
		}
		if docs[e.Case] == nil {
			docs[e.Case] = map[int]bool{}
		}
		for _, no := range e.Documents {
			docs[e.Case][no] = true
		}
		wiped[e.Case] = wiped[e.Case] || e.Wiped
	}
	if len(docs) == 0 {
		return 0, nil
	}
	reason := fmt.Sprintf("restore of the backup of %s: destroyed after it was taken", taken.Format(time.RFC3339))
	fns := map[cases.ID]DepersonaliseFn{}
	for id := range docs {
		fns[id] = func(c *cases.Case, evs []cases.Event) ([]cases.Event, []cases.Event, error) {
			var added []cases.Event
			for no := range docs[id] {
				if d := c.Document(no); d != nil && d.Destroyed == nil {
					ev, err := c.DestroyDocument(no, cases.Destruction{Reason: reason, System: "privdesk"}, time.Now(), "privdesk")
					if err != nil {
						return nil, nil, err
					}
					added = append(added, ev)
				}
			}
			if wiped[id] && c.Depersonalised == nil && !c.Status.Open() {
				kept, more, err := c.Depersonalise(evs, "privdesk", time.Now(), "privdesk")
				if err != nil {
					return nil, nil, err
				}
				return kept, append(added, more...), nil
			}
			return nil, added, nil
		}
	}
	for id := range fns {
		if _, err := st.Get(id); err != nil {
			delete(fns, id) // registered after the backup: not in it
		}
	}
	return len(fns), st.Depersonalise(fns)
}

// Rekey wraps the data key for a new key file or passphrase; the data are
// not rewritten.
func (s *Store) Rekey(src seal.Source) error {
	h, err := s.sealer.Wrap(src)
	if err != nil {
		return keyError(s.path, err)
	}
	hb, _ := json.Marshal(h)
	return s.update(func(tx *bolt.Tx) error {
		return tx.Bucket(bMeta).Put(kSeal, hb)
	})
}
