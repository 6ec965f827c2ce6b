package cases

import (
	"strings"
	"time"
	"unicode/utf8"
)

// The terms of a case: its kind, branch, receipt and evidence dates set
// the milestones; meeting one, and assigning the case, are recorded too.

// MergeSteps gives the case the checklist of its kind, branch and channel;
// steps it shares with the old one keep their state, and a step already
// worked that the new list lacks stays, so that nothing done is lost.
func (c *Case) MergeSteps(t StepTemplates) {
	steps := t.NewSteps(c.Kind, c.Branch, c.Channel)
	kept := map[string]bool{}
	for i := range steps {
		for _, old := range c.Steps {
			if old.Key == steps[i].Key {
				steps[i].State, steps[i].Note, steps[i].By, steps[i].At, steps[i].Method = old.State, old.Note, old.By, old.At, old.Method
				steps[i].Extra = old.Extra
				kept[old.Key] = true
			}
		}
	}
	for _, old := range c.Steps {
		if !kept[old.Key] && old.State != StepPending {
			steps = append(steps, old)
		}
	}
	c.Steps = steps
}

// SetReceived corrects the moment of receipt and recomputes the deadlines.
func (c *Case) SetReceived(at time.Time, dl *Rules, now time.Time, officer string) (Event, error) {
	if at.IsZero() {
		return Event{}, errf(ErrBadDate, "")
	}
	if at.Equal(c.Received) {
		return Event{}, errf(ErrUnchanged, at.Format(time.RFC3339))
	}
	if err := CheckReceived(at, now); err != nil {
		return Event{}, err
	}
	old := c.Received
	c.Received = at
	ev, err := c.recompute(c.Kind, c.Branch, EventReceived, dl, now, officer)
	ev.From, ev.To = old.Format(time.RFC3339), at.Format(time.RFC3339)
	if err != nil {
		c.Received = old
	}
	return ev, err
}

// milestones computes the terms of kind k on branch from the case's anchors.
func (c *Case) milestones(k Kind, branch string, dl *Rules) ([]Milestone, error) {
	at := Anchors{Received: c.Received}
	if c.Evidence != nil {
		at.Evidence = *c.Evidence
	}
	if c.Incident != nil {
		at.Detected = c.Incident.DetectedAt
	}
	ms, err := dl.ComputeFor(k, branch, at)
	if err != nil {
		return nil, err
	}
	if c.QuotedDue != nil {
		for i := range ms {
			if ms[i].Key == "answer" && *c.QuotedDue < ms[i].Due {
				ms[i].Due, ms[i].DueAt, ms[i].Extendable = *c.QuotedDue, c.QuotedDue.End(), false
				ms[i].Basis = Text{ms[i].Basis.RU + "; срок из запроса РКН", ms[i].Basis.EN + "; the date set in Roskomnadzor's request"}
				ms[i].Quoted = true
			}
		}
	}
	return ms, nil
}

// recompute applies the terms of kind k on branch afresh. Milestones
// already met stay met; an extension is dropped, since its notice was for
// the old term, and the event says so.
func (c *Case) recompute(k Kind, branch string, t EventType, dl *Rules, now time.Time, officer string) (Event, error) {
	if !c.Status.Open() {
		return Event{}, errf(ErrAlreadyClosed, c.ID.String())
	}
	ms, err := c.milestones(k, branch, dl)
	if err != nil {
		return Event{}, err
	}
	ev := newEvent(t, now, officer)
	ev.Text = c.adopt(ms)
	c.Kind, c.Branch = k, branch
	c.MergeSteps(dl.Steps)
	return ev, nil
}

// adopt replaces the milestones, carrying over what was met and any
// extension of a term that did not change; it says whether an extension
// was dropped.
func (c *Case) adopt(ms []Milestone) string {
	note := ""
	for _, old := range c.Milestones {
		kept := false
		for i := range ms {
			if old.Key != ms[i].Key {
				continue
			}
			ms[i].Met = old.Met
			if old.Extension != nil && old.Extension.BaseDue == ms[i].Due && ms[i].Extendable {
				ms[i].Extension, ms[i].Due, ms[i].DueAt, ms[i].Provisional = old.Extension, old.Due, old.DueAt, old.Provisional
				kept = true
			}
		}
		if old.Extension != nil && !kept {
			note = NoteExtensionDropped
		}
	}
	c.Milestones = ms
	return note
}

// SetBranch records the course the case takes after its check, and the
// duties that come with it.
func (c *Case) SetBranch(branch string, dl *Rules, now time.Time, officer string) (Event, error) {
	known := false
	for _, b := range Branches(c.Kind) {
		known = known || b == branch
	}
	if !known {
		return Event{}, errf(ErrUnknownBranch, branch, string(c.Kind), strings.Join(Branches(c.Kind), ", "))
	}
	if branch == c.Branch {
		return Event{}, errf(ErrUnchanged, branch)
	}
	old := c.Branch
	ev, err := c.recompute(c.Kind, branch, EventBranch, dl, now, officer)
	ev.From, ev.To = old, branch
	return ev, err
}

// SetEvidence records when the subject gave the evidence that anchors the
// rectify and destroy terms. The date of receipt does not change.
func (c *Case) SetEvidence(at time.Time, dl *Rules, now time.Time, officer string) (Event, error) {
	if err := CheckReceived(at, now); err != nil {
		return Event{}, err
	}
	if at.Before(c.Received) {
		return Event{}, errf(ErrEvidenceEarly, at.In(Moscow).Format("2006-01-02 15:04"), c.Received.In(Moscow).Format("2006-01-02 15:04"))
	}
	if c.Evidence != nil && c.Evidence.Equal(at) {
		return Event{}, errf(ErrUnchanged, at.Format(time.RFC3339))
	}
	prev := c.Evidence
	c.Evidence = &at
	ev, err := c.recompute(c.Kind, c.Branch, EventEvidence, dl, now, officer)
	if err != nil {
		c.Evidence = prev
		return ev, err
	}
	ev.To = at.Format(time.RFC3339)
	if prev != nil {
		ev.From = prev.Format(time.RFC3339)
	}
	return ev, nil
}

// SetQuotedDue records an earlier due date that Roskomnadzor set in its
// request; the answer is then due by it.
func (c *Case) SetQuotedDue(d Date, dl *Rules, now time.Time, officer string) (Event, error) {
	if c.Kind != KindAuthority {
		return Event{}, errf(ErrNotAuthority, c.Kind.Info().Title)
	}
	if d < DateOf(c.Received) {
		return Event{}, errf(ErrEvidenceEarly, d.String(), DateOf(c.Received).String())
	}
	prev := c.QuotedDue
	c.QuotedDue = &d
	ev, err := c.recompute(c.Kind, c.Branch, EventQuotedDue, dl, now, officer)
	if err != nil {
		c.QuotedDue = prev
		return ev, err
	}
	ev.To = d.String()
	return ev, nil
}

// Meet records that a milestone's duty was done; key "" means the next one.
func (c *Case) Meet(key string, now time.Time, officer string) (Event, error) {
	if !c.Status.Open() {
		return Event{}, errf(ErrAlreadyClosed, c.ID.String())
	}
	var m *Milestone
	if key == "" {
		m = c.Next()
	}
	for i := range c.Milestones {
		if c.Milestones[i].Key == key {
			m = &c.Milestones[i]
		}
	}
	if m == nil {
		return Event{}, errf(ErrNoMilestone, key, c.milestoneKeys())
	}
	if m.Met != nil {
		return Event{}, errf(ErrMilestoneMet, MilestoneKey(m.Key))
	}
	t := now
	m.Met = &t
	ev := newEvent(EventMilestone, now, officer)
	ev.From, ev.To = c.Course(), m.Key
	if now.After(m.DueAt) {
		ev.Text = NoteLate
	}
	return ev, nil
}

// Course names the kind and the branch the case took ("block:unlawful"),
// which a milestone event records so that the timeline names the term as
// this case's course defines it.
func (c *Case) Course() string {
	if c.Branch != "" {
		return string(c.Kind) + ":" + c.Branch
	}
	return string(c.Kind)
}

// TermTitleIn names a milestone as course (Course) defines it; ok is false
// when the course has no such term.
func TermTitleIn(course, key string) (Text, bool) {
	k, b, _ := strings.Cut(course, ":")
	for _, t := range Terms(Kind(k), b, 0) {
		if t.Key == key {
			return t.Title, true
		}
	}
	return Text{}, false
}

func (c *Case) milestoneKeys() string {
	keys := make([]string, len(c.Milestones))
	for i, m := range c.Milestones {
		keys[i] = m.Key
	}
	return strings.Join(keys, ", ")
}

// Assign gives the case to an officer.
func (c *Case) Assign(to string, now time.Time, officer string) (Event, error) {
	to = CleanLine(to)
	if to == "" {
		return Event{}, errf(ErrAssigneeRequired)
	}
	if utf8.RuneCountInString(to) > maxShort {
		return Event{}, errf(ErrFieldTooLong, Field("assignee"), maxShort)
	}
	if to == c.Assignee {
		return Event{}, errf(ErrUnchanged, to)
	}
	ev := newEvent(EventAssigned, now, officer)
	ev.From, ev.To = c.Assignee, to
	c.Assignee = to
	return ev, nil
}
