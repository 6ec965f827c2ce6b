package office

import (
	"io"
	"time"

	"privdesk/cases"
	"privdesk/store"
)

// The register as every actor may read it.

// Get reads one case.
func (s *Session) Get(id cases.ID) (*cases.Case, error) {
	return read(s, func() (*cases.Case, error) { return s.o.st.Get(id) })
}

// Events reads a case's timeline.
func (s *Session) Events(id cases.ID) ([]cases.Event, error) {
	return read(s, func() ([]cases.Event, error) { return s.o.st.Events(id) })
}

// List reads the cases a filter selects.
func (s *Session) List(f Filter) ([]*cases.Case, Unreadable, error) {
	type out struct {
		cs  []*cases.Case
		bad Unreadable
	}
	r, err := read(s, func() (out, error) { cs, bad, err := s.o.st.List(f); return out{cs, bad}, err })
	return r.cs, r.bad, err
}

// Each gives fn the cases a filter selects, in List's order, a chunk at a
// time: an export of any size holds one chunk, and a writer of another
// session waits for one chunk at most.
func (s *Session) Each(f Filter, fn func(*cases.Case) error) (Unreadable, error) {
	return s.o.st.Each(f, fn, func(r func() error) error {
		s.o.mu.RLock()
		defer s.o.mu.RUnlock()
		return r()
	})
}

// Queue reads every case's row, and the generation it was read at.
func (s *Session) Queue() ([]Row, uint64, error) {
	type out struct {
		rows []Row
		gen  uint64
	}
	r, err := read(s, func() (out, error) { rows, gen, err := s.o.st.Queue(); return out{rows, gen}, err })
	return r.rows, r.gen, err
}

// Load reads the full records of ids.
func (s *Session) Load(ids []cases.ID) ([]*cases.Case, Unreadable, error) {
	type out struct {
		cs  []*cases.Case
		bad Unreadable
	}
	r, err := read(s, func() (out, error) { cs, bad, err := s.o.st.Load(ids); return out{cs, bad}, err })
	return r.cs, r.bad, err
}

// Briefs reads the briefs of ids.
func (s *Session) Briefs(ids []cases.ID) ([]IDBrief, error) {
	return read(s, func() ([]IDBrief, error) { return s.o.st.Briefs(ids) })
}

// Content reads a document back, checked against its hash.
func (s *Session) Content(id cases.ID, no int) (cases.Document, []byte, error) {
	type out struct {
		d cases.Document
		b []byte
	}
	r, err := read(s, func() (out, error) { d, b, err := s.o.st.Content(id, no); return out{d, b}, err })
	return r.d, r.b, err
}

// SubjectCases reads the earlier cases of c's subject.
func (s *Session) SubjectCases(c *cases.Case) ([]*cases.Case, error) {
	return read(s, func() ([]*cases.Case, error) { return s.o.st.SubjectCases(c) })
}

// LatestAccess reads, by subject key, the latest request for information.
func (s *Session) LatestAccess(keys []string) (map[string]*cases.Case, error) {
	return read(s, func() (map[string]*cases.Case, error) { return s.o.st.LatestAccess(keys) })
}

// Quarantine lists the messages the import refused.
func (s *Session) Quarantine(all bool) ([]Quarantined, error) {
	return read(s, func() ([]Quarantined, error) { return s.o.st.Quarantine(all) })
}

// QuarantineItem reads one refused message.
func (s *Session) QuarantineItem(no int) (Quarantined, error) {
	return read(s, func() (Quarantined, error) { return s.o.st.QuarantineItem(no) })
}

// QuarantineCount counts the refused messages waiting.
func (s *Session) QuarantineCount() (int, error) {
	return read(s, func() (int, error) { return s.o.st.QuarantineCount() })
}

// Generation changes with every committed write, by any process.
func (s *Session) Generation() (uint64, error) {
	return read(s, func() (uint64, error) { return s.o.st.Generation() })
}

// RulesVersion is the legal model the open cases were last brought to.
func (s *Session) RulesVersion() (int, error) {
	return read(s, func() (int, error) { return s.o.st.RulesVersion() })
}

// Check checks the hash chains, the indexes and the file. It is the
// server's to run, not a remote session's: it may mark the file damaged.
func (s *Session) Check() ([]Problem, error) {
	if err := s.may(OpMaintain); err != nil {
		return nil, err
	}
	return read(s, func() ([]Problem, error) { return s.o.st.Check() })
}

// Backup writes a consistent copy of the database to w.
func (s *Session) Backup(w io.Writer, now time.Time) error {
	if err := s.may(OpBackup); err != nil {
		return err
	}
	_, err := read(s, func() (struct{}, error) { return struct{}{}, s.o.st.Backup(w, now) })
	return err
}

// Path is the database file's path; a remote actor is never told it.
func (s *Session) Path() string {
	if s.actor.Remote {
		return ""
	}
	return s.o.st.Path()
}

// store is the office's store, for the operations of this package.
func (s *Session) store() *store.Store { return s.o.st }
