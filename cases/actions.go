package cases

import (
	"time"
	"unicode/utf8"
)

// What the officer does to a case, and what the case answers about its
// deadlines. Each action returns the event the timeline records.

// Next returns the open milestone that is due first, or nil when every
// milestone has been met.
func (c *Case) Next() *Milestone {
	var next *Milestone
	for i := range c.Milestones {
		m := &c.Milestones[i]
		if m.Met != nil {
			continue
		}
		if next == nil || m.DueAt.Before(next.DueAt) {
			next = m
		}
	}
	return next
}

// DueAt is the instant the case's next milestone ends; zero if none.
func (c *Case) DueAt() time.Time {
	if m := c.Next(); m != nil {
		return m.DueAt
	}
	return time.Time{}
}

// Due is the last day of the next milestone, or of the last one when all are met.
func (c *Case) Due() Date {
	if m := c.Next(); m != nil {
		return m.Due
	}
	var last Date
	for _, m := range c.Milestones {
		last = max(last, m.Due)
	}
	return last
}

// Provisional tells whether any milestone rests on a computed calendar year.
func (c *Case) Provisional() bool {
	for _, m := range c.Milestones {
		if m.Provisional {
			return true
		}
	}
	return false
}

// Overdue tells whether an open case has passed its next milestone at now.
func (c *Case) Overdue(now time.Time) bool {
	return c.Status.Open() && !c.DueAt().IsZero() && now.After(c.DueAt())
}

// AddNote records a note in the timeline.
func (c *Case) AddNote(text string, now time.Time, officer string) (Event, error) {
	if err := c.personal(); err != nil {
		return Event{}, err
	}
	text = Clean(text)
	if text == "" {
		return Event{}, errf(ErrNoteEmpty)
	}
	if utf8.RuneCountInString(text) > maxNote {
		return Event{}, errf(ErrFieldTooLong, Field("note"), maxNote)
	}
	ev := newEvent(EventNote, now, officer)
	ev.Text = text
	return ev, nil
}

// Move changes the status of an open case.
func (c *Case) Move(to Status, now time.Time, officer string) (Event, error) {
	if !c.Status.Open() {
		return Event{}, errf(ErrAlreadyClosed, c.ID.String())
	}
	if to == StatusClosed || !c.Status.CanMove(to) {
		return Event{}, errf(ErrIllegalTransition, c.Status, to)
	}
	ev := newEvent(EventStatus, now, officer)
	ev.From, ev.To = string(c.Status), string(to)
	c.Status = to
	return ev, nil
}

// Close ends the case with an outcome; a rejection needs its legal reason.
func (c *Case) Close(o Outcome, reason string, now time.Time, officer string) (Event, error) {
	if !c.Status.Open() {
		return Event{}, errf(ErrAlreadyClosed, c.ID.String())
	}
	if _, err := ParseOutcome(string(o)); err != nil {
		return Event{}, err
	}
	reason = Clean(reason)
	if o == OutcomeRejected {
		// A rejection is the reasoned refusal sent (Art. 20 p. 2): its
		// ground becomes the case's.
		ground, err := c.SentRefusal()
		if err != nil {
			return Event{}, err
		}
		if reason == "" {
			reason = ground
		} else {
			reason = ground + ": " + reason
		}
	}
	if (o == OutcomeWithdrawn || o == OutcomeNotRequest) && reason == "" {
		return Event{}, errf(ErrCloseReason, o.Title())
	}
	if o == OutcomeFulfilled {
		// A request is fulfilled for the person it belongs to: not while
		// its verification is open or has failed (for a request for
		// information, the Art. 14 p. 3 details and the identity).
		for _, st := range c.Steps {
			if st.Verification && (st.State == StepPending || st.State == StepFailed) {
				return Event{}, errf(ErrVerificationOpen, c.ID.String(), StepKey(st.Key))
			}
		}
	}
	if utf8.RuneCountInString(reason) > maxSummary {
		return Event{}, errf(ErrFieldTooLong, Field("reason"), maxSummary)
	}
	ev := newEvent(EventClosed, now, officer)
	ev.From, ev.To, ev.Text = string(c.Status), string(o), reason
	c.Status, c.Outcome, c.Reason = StatusClosed, o, reason
	t := now
	c.Closed = &t
	return ev, nil
}

// SentRefusal is the ground, in Russian, of the case's sent refusal that no
// later letter corrects.
func (c *Case) SentRefusal() (string, error) {
	for i := len(c.Letters) - 1; i >= 0; i-- {
		l := c.Letters[i]
		if l.Template != "refusal" || c.corrected(l.No) {
			continue
		}
		if l.Sent == nil {
			return "", errf(ErrRefusalUnsent, l.Number)
		}
		g, ok := RefusalGroundText(l.Args["ground"])
		if !ok {
			return "", errf(ErrRefusalUnsent, l.Number)
		}
		return g.RU, nil
	}
	return "", errf(ErrNoRefusal, c.ID.String())
}

// Reopen puts a closed case back in work; the reason is kept in the timeline.
func (c *Case) Reopen(reason string, now time.Time, officer string) (Event, error) {
	if err := c.personal(); err != nil {
		return Event{}, err
	}
	if c.Status.Open() {
		return Event{}, errf(ErrNotClosed, c.ID.String())
	}
	reason = Clean(reason)
	if reason == "" {
		return Event{}, errf(ErrReasonRequired)
	}
	ev := newEvent(EventReopened, now, officer)
	ev.From, ev.To, ev.Text = string(c.Outcome), string(StatusInProgress), reason
	c.Status, c.Outcome, c.Reason, c.Closed = StatusInProgress, "", "", nil
	return ev, nil
}

// ExtendableTerm is the term an extension would extend, or the error that
// says why none can be: the kind allows none, it was extended once, or it
// was met. The desk asks before it opens its form.
func (c *Case) ExtendableTerm() (*Milestone, error) {
	for i := range c.Milestones {
		if m := &c.Milestones[i]; m.Extendable {
			switch {
			case m.Extension != nil:
				return nil, errf(ErrAlreadyExtended, m.Extension.NoticeDate.String(), m.Due.String())
			case m.Met != nil:
				return nil, errf(ErrNotExtendable, c.Kind.Info().Title)
			}
			return m, nil
		}
	}
	return nil, errf(ErrNotExtendable, c.Kind.Info().Title)
}

// Extend adds the +5 working days a reasoned notice allows (Art. 14 p. 3,
// Art. 20 p. 1, 2 and 4, Art. 21 p. 5.1): once, for an extendable term, and
// only with a notice dated no later than the base due date.
func (c *Case) Extend(cal *Calendar, reason string, notice Date, now time.Time, officer string) (Event, error) {
	if !c.Status.Open() {
		return Event{}, errf(ErrAlreadyClosed, c.ID.String())
	}
	m, err := c.ExtendableTerm()
	if err != nil {
		return Event{}, err
	}
	reason = Clean(reason)
	if reason == "" {
		return Event{}, errf(ErrReasonRequired)
	}
	if notice > m.Due {
		return Event{}, errf(ErrNoticeLate, notice.String(), m.Due.String())
	}
	if notice < DateOf(c.Received) {
		return Event{}, errf(ErrNoticeEarly, notice.String(), DateOf(c.Received).String())
	}
	due, prov, err := cal.AddWorkingDays(m.Due, ExtensionDays)
	if err != nil {
		return Event{}, err
	}
	ev := newEvent(EventExtended, now, officer)
	ev.From, ev.To, ev.Text = m.Due.String(), due.String(), reason
	m.Extension = &Extension{BaseDue: m.Due, NoticeDate: notice, Reason: reason, At: now, Officer: officer}
	m.Due, m.DueAt, m.Provisional = due, due.End(), m.Provisional || prov
	return ev, nil
}

// SetKind changes what the request is and recomputes its deadlines.
func (c *Case) SetKind(k Kind, dl *Rules, now time.Time, officer string) (Event, error) {
	if !k.Valid() {
		return Event{}, errf(ErrUnknownKind, string(k))
	}
	if k == c.Kind {
		return Event{}, errf(ErrUnchanged, k.Info().Title)
	}
	incident := c.Incident
	switch {
	case k == KindIncident:
		c.Incident = ReportedIncident(c.Received, c.Summary)
	case c.Kind == KindIncident && (c.Subject.Name == "" || (c.Subject.Email == "" && c.Subject.Phone == "" && c.Subject.Account == "")):
		return Event{}, errf(ErrIncidentKind)
	default:
		c.Incident = nil
	}
	old := c.Kind
	ev, err := c.recompute(k, "", EventKind, dl, now, officer)
	ev.From, ev.To = string(old), string(k)
	if err != nil {
		c.Incident = incident
		return ev, err
	}
	c.Triage = false
	return ev, nil
}
