package store

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"privdesk/cases"
	"time"
)

// Journals say which destruction journals a restore replays: the
// database's own and any the caller names (--journal, the configured
// database's), with the one recorded in the backup added by Restore. Every
// one that exists is replayed: replaying more never brings anything back.
// When none exists the restore is refused, unless None says the officer
// accepts that what was destroyed after the backup comes back.
type Journals struct {
	Named []string // must exist
	Found []string // replayed if they exist
	None  bool
}

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

// readJournal reads a journal strictly: a line it cannot read stops the
// restore with its number, since skipping it would bring back what it
// destroyed. A missing file is ok false.
func readJournal(path string) (entries []journalEntry, ok bool, err error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, &Error{Code: ErrIO, Path: path, Err: err}
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for line := 1; sc.Scan(); line++ {
		var e journalEntry
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil || e.At.IsZero() || e.Case.IsZero() {
			return nil, false, &Error{Code: ErrJournalLine, Path: path, Err: fmt.Errorf("line %d", line), Args: []any{line}}
		}
		entries = append(entries, e)
	}
	if err := sc.Err(); err != nil {
		return nil, false, &Error{Code: ErrJournalLine, Path: path, Err: err, Args: []any{0}}
	}
	return entries, true, nil
}

// journals reads every journal a restore to path replays (Journals).
func journals(path string, h backupHeader, js Journals) ([]journalEntry, error) {
	var all []journalEntry
	found := false
	for _, j := range js.Named {
		e, ok, err := readJournal(j)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, &Error{Code: ErrJournalMissing, Path: j}
		}
		all, found = append(all, e...), true
	}
	seen := map[string]bool{}
	for _, j := range append([]string{journalPath(path), h.Journal}, js.Found...) {
		if j == "" || seen[j] {
			continue
		}
		seen[j] = true
		e, ok, err := readJournal(j)
		if err != nil {
			return nil, err
		}
		all, found = append(all, e...), found || ok
	}
	if !found && !js.None {
		return nil, &Error{Code: ErrNoJournal, Path: path, Args: []any{h.Taken.In(cases.Moscow).Format("02.01.2006 15:04")}}
	}
	return all, nil
}
