package office

import (
	"context"
	"time"

	"privdesk/cases"
	"privdesk/store"
	"privdesk/ui/l10n"
	"privdesk/ui/office/config"
)

// MayReview tells whether a role may approve or decline what waits.
func MayReview(role string) bool { return role == config.RoleReviewer || role == config.RoleAdmin }

// Close closes a case, or, when refusals need review and this is one,
// submits it for review instead. Every screen and command closes through
// it, so none can refuse a request alone where the office asks for four eyes.
func Close(set config.Settings, c *cases.Case, o cases.Outcome, reason string, now time.Time, who string) (cases.Event, error) {
	if o == cases.OutcomeRejected && set.Review.Refusals {
		if _, err := c.SentRefusal(); err != nil {
			return cases.Event{}, err
		}
		return c.Submit(cases.ActionRefusal, reason, 0, now, who)
	}
	return c.Close(o, reason, now, who)
}

// Destroy destroys a document, or, when destruction needs review, submits
// it for review instead; submitted tells which it did. The statutory purge
// of identity documents after their 30 days is not submitted: the law, not
// an officer, decides it.
func Destroy(cfg Config, id cases.ID, no int, how cases.Destruction, who string) (submitted bool, err error) {
	now := cfg.Now()
	if cfg.Settings.Review.Destruction {
		_, err := cfg.Office.Update(id, func(c *cases.Case) ([]cases.Event, error) {
			ev, err := c.Submit(cases.ActionDestruction, how.Reason, no, now, who)
			return []cases.Event{ev}, err
		})
		return true, err
	}
	return false, cfg.Office.Destroy(map[cases.ID]store.DestroyFn{id: DestroyDocs([]int{no}, how, cfg.Settings, now, who, cfg.L)})
}

// Approve carries out what waits for review, as reviewer, in the same
// transaction as the approval: the refusal closes the case, the
// destruction destroys the document.
func Approve(cfg Config, id cases.ID, l *l10n.Printer) (cases.Pending, error) {
	actor := cfg.Office.Actor()
	if !actor.MayReview() {
		return cases.Pending{}, &cases.Error{Code: ErrNotReviewer, Args: []any{actor.Login, actor.Role}}
	}
	reviewer := actor.Login
	now := cfg.Now()
	c, err := cfg.Office.Get(id)
	if err != nil {
		return cases.Pending{}, err
	}
	var done cases.Pending
	if c.Pending != nil && c.Pending.Action == cases.ActionErasure {
		p := *c.Pending
		runs, err := cfg.Office.ApproveErasure(context.Background(), id, now)
		for _, r := range runs {
			if err == nil && r.Err != nil {
				err = r.Err // the first system that failed; the others are recorded
			}
		}
		return p, err
	}
	if c.Pending != nil && c.Pending.Action == cases.ActionDestruction {
		err := cfg.Office.Destroy(map[cases.ID]store.DestroyFn{id: func(c *cases.Case, content func(int) ([]byte, error)) ([]cases.Event, map[int][]byte, error) {
			p, ev, err := c.Approve(now, reviewer)
			if err != nil {
				return nil, nil, err
			}
			done = p
			evs, blobs, err := DestroyDocs([]int{p.Doc}, cases.Destruction{Reason: p.Reason}, cfg.Settings, now, reviewer, l)(c, content)
			return append([]cases.Event{ev}, evs...), blobs, err
		}})
		return done, err
	}
	_, err = cfg.Office.Update(id, func(c *cases.Case) ([]cases.Event, error) {
		p, ev, err := c.Approve(now, reviewer)
		if err != nil {
			return nil, err
		}
		done = p
		closed, err := c.Close(cases.OutcomeRejected, p.Reason, now, reviewer)
		return []cases.Event{ev, closed}, err
	})
	return done, err
}

// ErrNotReviewer: approving and declining are a reviewer's.
const ErrNotReviewer = "not_reviewer"
