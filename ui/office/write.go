package office

import (
	"time"

	"privdesk/cases"
	"privdesk/store"
	"privdesk/store/seal"
)

// Every change to the register: each checks that the actor may write, and
// that no server holds the database, then takes its turn as the process's
// one writer.

// Update changes one case with fn, whose events are appended.
func (s *Session) Update(id cases.ID, fn func(c *cases.Case) ([]cases.Event, error)) (c *cases.Case, err error) {
	err = s.write(func() error {
		c, err = s.o.st.Update(id, func(c *cases.Case) ([]cases.Event, error) {
			evs, err := fn(c)
			if err == nil {
				err = s.checkEvents(evs)
			}
			return evs, err
		})
		return err
	})
	return c, err
}

// checkEvents applies the rules a change must meet whatever front end
// asked for it: an assignment names an officer of config.toml; approving
// and declining are a reviewer's.
func (s *Session) checkEvents(evs []cases.Event) error {
	for _, e := range evs {
		switch e.Type {
		case cases.EventAssigned:
			if err := s.checkAssignee(e.To); err != nil {
				return err
			}
		case cases.EventApproved, cases.EventDeclined:
			if !s.actor.MayReview() {
				return &cases.Error{Code: ErrNotReviewer, Args: []any{s.actor.Login, s.actor.Role}}
			}
		}
	}
	return nil
}

// Create registers a new case.
func (s *Session) Create(c *cases.Case, ev cases.Event) (id cases.ID, err error) {
	err = s.write(func() error { id, err = s.o.st.Create(c, ev); return err })
	return id, err
}

// CreateMany registers cases in one transaction.
func (s *Session) CreateMany(items []NewCase) (ids []cases.ID, err error) {
	err = s.write(func() error { ids, err = s.o.st.CreateMany(items); return err })
	return ids, err
}

// Attach stores a document's content with the case change fn makes.
func (s *Session) Attach(id cases.ID, content []byte, fn func(c *cases.Case) (cases.Event, error)) (c *cases.Case, err error) {
	err = s.write(func() error { c, err = s.o.st.Attach(id, content, fn); return err })
	return c, err
}

// Destroy applies destructions to several cases in one transaction.
func (s *Session) Destroy(fns map[cases.ID]DestroyFn) error {
	return s.write(func() error { return s.o.st.Destroy(fns) })
}

// DepersonaliseDue removes the personal data of the closed cases due says
// are past their term (store.DepersonaliseDue).
func (s *Session) DepersonaliseDue(due func(*cases.Case) bool, fn DepersonaliseFn, done func(*cases.Case)) error {
	if err := s.may(OpMaintain); err != nil {
		return err
	}
	return s.write(func() error { return s.o.st.DepersonaliseDue(due, fn, done) })
}

// IssueLetter gives a letter its outgoing number and records it.
func (s *Session) IssueLetter(id cases.ID, build func(c *cases.Case, number string) (cases.Letter, error), now time.Time, officer string) (l cases.Letter, err error) {
	err = s.write(func() error { l, err = s.o.st.IssueLetter(id, build, now, officer); return err })
	return l, err
}

// IssueAct records an act of destruction.
func (s *Session) IssueAct(id cases.ID, build func(c *cases.Case, evs []cases.Event) (cases.Act, error), now time.Time, officer string) (a cases.Act, err error) {
	err = s.write(func() error { a, err = s.o.st.IssueAct(id, build, now, officer); return err })
	return a, err
}

// DropQuarantined removes a refused message with the officer's remark.
func (s *Session) DropQuarantined(no int, r QuarantineRemark) error {
	return s.write(func() error { return s.o.st.DropQuarantined(no, r) })
}

// MigrateRules brings the open cases to this build's legal model.
func (s *Session) MigrateRules(version int, fn func(c *cases.Case) (cases.Event, bool, error)) (n int, err error) {
	if s.actor.ReadOnly() {
		return 0, nil // a reader leaves it to the next writer
	}
	err = s.write(func() error { n, err = s.o.st.MigrateRules(version, fn); return err })
	return n, err
}

// Rekey wraps the data key for a new key file or passphrase.
func (s *Session) Rekey(src seal.Source) error {
	if err := s.may(OpRekey); err != nil {
		return err
	}
	return s.write(func() error { return s.o.st.Rekey(src) })
}

// importBatch registers a chunk of imported items; a dry run remembers it
// in memo for the next.
func (s *Session) importBatch(items []store.ImportCase, refused []Quarantined, dryRun bool, memo *store.ImportMemo) (r []store.ImportResult, err error) {
	if dryRun {
		return read(s, func() ([]store.ImportResult, error) { return s.o.st.Import(items, refused, true, memo) })
	}
	err = s.write(func() error { r, err = s.o.st.Import(items, refused, false, nil); return err })
	return r, err
}
