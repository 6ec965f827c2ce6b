package cases

import (
	"strconv"
	"time"
	"unicode/utf8"
)

// Four eyes: where an office asks for it (config [review]), a refusal and
// a destruction take effect only once a second officer, a reviewer, has
// approved them. Until then the case holds the pending action, and its
// timeline says who submitted it and why.

// The actions that may wait for approval.
const (
	ActionRefusal     = "refusal"
	ActionDestruction = "destruction"
	// ActionErasure erases the subject's data in the operator's systems;
	// its reason is what the dry run said each table would lose.
	ActionErasure = "erasure"
)

// Pending is an action that waits for a reviewer.
type Pending struct {
	Action string `json:"action"`
	Reason string `json:"reason"`
	Doc    int    `json:"doc,omitempty"` // the document to destroy
	// Systems are the systems an erasure erases in.
	Systems []string  `json:"systems,omitempty"`
	By      string    `json:"by"`
	At      time.Time `json:"at"`
}

// The review events.
const (
	EventSubmitted EventType = "submitted"
	EventApproved  EventType = "approved"
	EventDeclined  EventType = "declined"
)

// Review error codes.
const (
	ErrPendingExists = "pending_exists"
	ErrNothingToSign = "nothing_pending"
	ErrOwnSubmission = "own_submission"
)

// Submit puts a refusal or a destruction before a reviewer instead of
// carrying it out.
func (c *Case) Submit(action, reason string, doc int, now time.Time, officer string) (Event, error) {
	reason = Clean(reason)
	switch {
	case c.Pending != nil:
		return Event{}, errf(ErrPendingExists, ReviewAction(c.Pending.Action), c.Pending.By)
	case reason == "":
		return Event{}, errf(ErrReasonRequired)
	case utf8.RuneCountInString(reason) > maxNote:
		return Event{}, errf(ErrFieldTooLong, Field("reason"), maxNote)
	case !c.Status.Open() && action == ActionRefusal:
		return Event{}, errf(ErrAlreadyClosed, c.ID.String())
	}
	if action == ActionDestruction {
		d := c.Document(doc)
		if d == nil {
			return Event{}, errf(ErrNoDocument, strconv.Itoa(doc), c.ID.String())
		}
		if d.Destroyed != nil {
			return Event{}, errf(ErrDocDestroyed, strconv.Itoa(doc), d.Destroyed.At.In(Moscow).Format("2006-01-02"))
		}
	}
	c.Pending = &Pending{Action: action, Reason: reason, Doc: doc, By: officer, At: now}
	ev := newEvent(EventSubmitted, now, officer)
	ev.To, ev.Text = action, reason
	if doc > 0 {
		ev.Data = map[string]string{"document": strconv.Itoa(doc)}
	}
	return ev, nil
}

// Approve signs the pending action as reviewer, who must not be the one
// who submitted it, and returns it for the caller to carry out in the same
// transaction.
func (c *Case) Approve(now time.Time, reviewer string) (Pending, Event, error) {
	p := c.Pending
	switch {
	case p == nil:
		return Pending{}, Event{}, errf(ErrNothingToSign, c.ID.String())
	case p.By == reviewer:
		return Pending{}, Event{}, errf(ErrOwnSubmission, p.By)
	}
	c.Pending = nil
	ev := newEvent(EventApproved, now, reviewer)
	ev.To, ev.From = p.Action, p.By
	return *p, ev, nil
}

// Decline turns the pending action down, with the reviewer's reason.
func (c *Case) Decline(reason string, now time.Time, reviewer string) (Event, error) {
	reason = Clean(reason)
	switch {
	case c.Pending == nil:
		return Event{}, errf(ErrNothingToSign, c.ID.String())
	case reason == "":
		return Event{}, errf(ErrReasonRequired)
	}
	ev := newEvent(EventDeclined, now, reviewer)
	ev.To, ev.From, ev.Text = c.Pending.Action, c.Pending.By, reason
	c.Pending = nil
	return ev, nil
}
