package office

import (
	"context"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"privdesk/cases"
	"privdesk/ui/office/systems"
)

// Discovery: privdesk looks for the subject's data in the operator's own
// systems, records what it found (the located data of the answer's item
// 5), and erases it with an act built from the erase itself.

// Error codes of discovery.
const (
	ErrNoConnector  = "no_connector"
	ErrEraseKind    = "erase_kind"
	ErrStillFound   = "still_found"
	ErrSystemFailed = "system_failed"
)

// connected are the register's systems with a connector: all of them, or
// the one named.
func (s *Session) connected(name string) ([]cases.System, error) {
	var out []cases.System
	for _, sys := range s.o.set.Processing.Systems {
		if sys.Connector != "" && (name == "" || sys.Name == name) {
			out = append(out, sys)
		}
	}
	if len(out) == 0 {
		var names []string
		for _, sys := range s.o.set.Processing.Systems {
			if sys.Connector != "" {
				names = append(names, sys.Name)
			}
		}
		return nil, &cases.Error{Code: ErrNoConnector, Args: []any{name, cases.Join(names)}}
	}
	return out, nil
}

// Find searches every connected system (or the one named) for the subject
// of case id, all at once, and records in the case what each found; a
// system that fails is named with its error and recorded as nothing.
func (s *Session) Find(ctx context.Context, id cases.ID, system string, now time.Time) ([]systems.Found, error) {
	if err := s.writable(); err != nil {
		return nil, err
	}
	c, err := s.Get(id)
	if err != nil {
		return nil, err
	}
	list, err := s.connected(system)
	if err != nil {
		return nil, err
	}
	found := s.findAll(ctx, list, systems.SubjectOf(c.Subject))
	for _, f := range found {
		if f.Err != nil {
			continue
		}
		finding, _ := f.Finding()
		if _, err := s.Update(id, func(c *cases.Case) ([]cases.Event, error) {
			ev, err := c.RecordFound(finding, nil, now, s.actor.Login)
			return []cases.Event{ev}, err
		}); err != nil {
			return found, err
		}
	}
	return found, nil
}

// findAll runs the finds of the systems at once.
func (s *Session) findAll(ctx context.Context, list []cases.System, subj systems.Subject) []systems.Found {
	out := make([]systems.Found, len(list))
	var wg sync.WaitGroup
	for i, sys := range list {
		wg.Go(func() { out[i] = systems.Find(ctx, sys, s.o.set.Dir, subj) })
	}
	wg.Wait()
	return out
}

// Erased is what an erase did in one system: the rows each table lost (or
// would lose, in a dry run), or why it failed.
type Erased struct {
	System string         `json:"system"`
	Tables map[string]int `json:"tables"`
	Done   bool           `json:"done"` // erased and recorded, or recorded before
	// Submitted: the erase waits for a reviewer ([review] erasure), who
	// sees these counts.
	Submitted bool  `json:"submitted,omitempty"`
	Err       error `json:"-"`
}

// Erase erases the subject's data of case id in every connected system
// that is not yet recorded as erased (or the one named): each in one
// transaction, then searched again; a system is recorded as erased only
// when the search finds nothing. With dry, nothing changes: each system's
// statements run in a transaction that is rolled back, to count the rows.
// A failing system is named and left pending; the others go on; a rerun
// finishes what is pending.
func (s *Session) Erase(ctx context.Context, id cases.ID, system string, dry bool, now time.Time) ([]Erased, error) {
	if err := s.writable(); err != nil {
		return nil, err
	}
	c, err := s.Get(id)
	if err != nil {
		return nil, err
	}
	if !Erases(c.Kind) {
		return nil, &cases.Error{Code: ErrEraseKind, Args: []any{c.Kind.Info().Title}}
	}
	list, err := s.connected(system)
	if err != nil {
		return nil, err
	}
	subj := systems.SubjectOf(c.Subject)
	var out []Erased
	for _, sys := range list {
		if c.ErasedIn(sys.Name) {
			out = append(out, Erased{System: sys.Name, Done: true})
			continue
		}
		out = append(out, s.eraseOne(ctx, id, sys, subj, dry || s.o.set.Review.Erasure, now))
	}
	if dry || !s.o.set.Review.Erasure {
		return out, nil
	}
	// Four eyes: what was counted goes before a reviewer instead.
	var pending, names []string
	for i, e := range out {
		if e.Err == nil && !e.Done {
			pending = append(pending, e.System+": "+tablesText(e.Tables))
			names = append(names, e.System)
			out[i].Submitted = true
		}
	}
	if len(pending) == 0 {
		return out, nil
	}
	_, err = s.Update(id, func(c *cases.Case) ([]cases.Event, error) {
		ev, err := c.Submit(cases.ActionErasure, strings.Join(pending, "; "), 0, now, s.actor.Login)
		if err == nil {
			c.Pending.Systems = names
		}
		return []cases.Event{ev}, err
	})
	return out, err
}

// ApproveErasure carries out an erase that waited for review, as the
// reviewer: the approval is recorded first, then each system is erased
// and recorded as without review.
func (s *Session) ApproveErasure(ctx context.Context, id cases.ID, now time.Time) ([]Erased, error) {
	if !s.actor.MayReview() {
		return nil, &cases.Error{Code: ErrNotReviewer, Args: []any{s.actor.Login, s.actor.Role}}
	}
	var approved cases.Pending
	_, err := s.Update(id, func(c *cases.Case) ([]cases.Event, error) {
		if c.Pending == nil || c.Pending.Action != cases.ActionErasure {
			return nil, &cases.Error{Code: cases.ErrNothingToSign, Args: []any{c.ID.String()}}
		}
		p, ev, err := c.Approve(now, s.actor.Login)
		approved = p
		return []cases.Event{ev}, err
	})
	if err != nil {
		return nil, err
	}
	c, err := s.Get(id)
	if err != nil {
		return nil, err
	}
	list, err := s.connected("")
	if err != nil {
		return nil, err
	}
	var out []Erased
	for _, sys := range list {
		if slices.Contains(approved.Systems, sys.Name) && !c.ErasedIn(sys.Name) {
			out = append(out, s.eraseOne(ctx, id, sys, systems.SubjectOf(c.Subject), false, now))
		}
	}
	return out, nil
}

// tablesText is a dry run's counts: "accounts 1, orders 2".
func tablesText(m map[string]int) string {
	var parts []string
	for _, t := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, t+" "+strconv.Itoa(m[t]))
	}
	return strings.Join(parts, ", ")
}

// eraseOne erases in one system and records it.
func (s *Session) eraseOne(ctx context.Context, id cases.ID, sys cases.System, subj systems.Subject, dry bool, now time.Time) Erased {
	e := Erased{System: sys.Name}
	before := systems.Find(ctx, sys, s.o.set.Dir, subj)
	if before.Err != nil {
		e.Err = before.Err
		return e
	}
	e.Tables, e.Err = systems.Erase(ctx, sys, s.o.set.Dir, subj, dry)
	if e.Err != nil || dry {
		return e
	}
	after := systems.Find(ctx, sys, s.o.set.Dir, subj)
	switch {
	case after.Err != nil:
		e.Err = after.Err
		return e
	case after.Rows() > 0:
		e.Err = &cases.Error{Code: ErrStillFound, Args: []any{sys.Name, after.Rows()}}
		return e
	}
	finding, rows := before.Finding()
	for t, n := range e.Tables {
		rows[t] = max(rows[t], n)
	}
	cats := finding.Categories
	if len(cats) == 0 { // erased before a kill, recorded now: what the search found then
		if c, err := s.Get(id); err == nil {
			for _, f := range c.Found {
				if f.System == sys.Name {
					cats = f.Categories
				}
			}
		}
	}
	_, err := s.Update(id, func(c *cases.Case) ([]cases.Event, error) {
		ev, err := c.RecordErased(cases.Erasure{System: sys.Name, How: sys.Method, Categories: cats, Tables: rows}, now, s.actor.Login)
		return []cases.Event{ev}, err
	})
	e.Err, e.Done = err, err == nil
	return e
}

// Erases tells whether a request of kind k can end in destroying the
// subject's data (Art. 21 p. 3–5 of 152-FZ): a demand to destroy, a
// withdrawal of consent, a demand to stop processing, a block of unlawful
// processing. An access request or a correction never erases.
func Erases(k cases.Kind) bool {
	switch k {
	case cases.KindDestroy, cases.KindWithdrawConsent, cases.KindStopProcessing, cases.KindBlock:
		return true
	}
	return false
}
