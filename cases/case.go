package cases

import (
	"fmt"
	"net/mail"
	"strconv"
	"strings"
	"time"

	"unicode/utf8"
)

// ID is a case's register number: the year of receipt and a number within it.
type ID struct {
	Year int
	N    int
}

// String is YYYY-NNNN: always four digits of year, so that ParseID reads
// back every number a record can carry.
func (id ID) String() string { return fmt.Sprintf("%04d-%04d", id.Year, id.N) }

// IsZero tells whether the ID is unset.
func (id ID) IsZero() bool { return id.Year == 0 && id.N == 0 }

// MarshalText writes YYYY-NNNN.
func (id ID) MarshalText() ([]byte, error) { return []byte(id.String()), nil }

// UnmarshalText reads YYYY-NNNN.
func (id *ID) UnmarshalText(b []byte) error {
	v, err := ParseID(string(b))
	if err != nil {
		return err
	}
	*id = v
	return nil
}

// ParseID reads a register number such as 2026-0042.
func ParseID(s string) (ID, error) {
	y, n, ok := strings.Cut(strings.TrimSpace(s), "-")
	year, err1 := strconv.Atoi(y)
	num, err2 := strconv.Atoi(n)
	if !ok || err1 != nil || err2 != nil || len(y) != 4 || len(n) < 4 || len(n) > 9 || num < 1 || y[0] == '+' || y[0] == '-' || n[0] == '+' {
		return ID{}, errf(ErrBadID, s)
	}
	return ID{year, num}, nil
}

// Subject is the person the data belong to.
type Subject struct {
	Name    string `json:"name"`
	Email   string `json:"email"`
	Phone   string `json:"phone"`
	Account string `json:"account"`
}

// Case is one subject request: the officer's case file.
type Case struct {
	ID         ID          `json:"id"`
	Kind       Kind        `json:"kind"`
	Status     Status      `json:"status"`
	Outcome    Outcome     `json:"outcome"`
	Reason     string      `json:"reason"`
	Subject    Subject     `json:"subject"`
	Channel    Channel     `json:"channel"`
	Received   time.Time   `json:"received"`
	Summary    string      `json:"summary"`
	Assignee   string      `json:"assignee"`
	Milestones []Milestone `json:"milestones"`
	Steps      []Step      `json:"steps,omitempty"`
	Documents  []Document  `json:"documents,omitempty"`
	Created    time.Time   `json:"created"`
	// Triage marks an imported request whose kind was not recognised.
	Triage bool `json:"triage,omitempty"`
	// RepeatOf links a possible repeat request (152-FZ Art. 14 p. 4-6).
	RepeatOf *ID `json:"repeat_of,omitempty"`
	// DuplicateOf links an imported message whose Message-ID (or external
	// ID) an earlier case already has, with other content.
	DuplicateOf *ID        `json:"duplicate_of,omitempty"`
	Closed      *time.Time `json:"closed,omitempty"`
	// Branch is the course the case took after its check (Branches).
	Branch string `json:"branch,omitempty"`
	// Evidence is when the subject gave the evidence that anchors the
	// rectify and destroy terms (Art. 20 p. 3, Art. 21 p. 2); nil: receipt.
	Evidence *time.Time `json:"evidence,omitempty"`
	// QuotedDue is an earlier due date Roskomnadzor set in its request.
	QuotedDue *Date `json:"quoted_due,omitempty"`
	// Incident describes a breach; an incident has no subject.
	Incident *Incident `json:"incident,omitempty"`
	// Acts are the destruction acts issued, as issued.
	Acts []Act `json:"acts,omitempty"`
	// Letters are the documents sent or to be sent, as issued.
	Letters []Letter `json:"letters,omitempty"`
	// Depersonalised is when the case's personal data were destroyed at the
	// end of its retention; the register row stays.
	Depersonalised *time.Time `json:"depersonalised,omitempty"`
}

// Intake is what registering a request needs.
type Intake struct {
	Kind     Kind
	Subject  Subject
	Channel  Channel
	Received time.Time
	Summary  string
	Assignee string
	Incident *Incident // for KindIncident, instead of a subject
}

// Length limits keep one bad paste from bloating every queue read.
const (
	maxShort   = 200
	maxSummary = 4000
	maxNote    = 20000
)

// Validate checks an intake and normalises its fields in place.
func (in *Intake) Validate() error {
	s := &in.Subject
	s.Name, s.Email, s.Phone, s.Account = CleanLine(s.Name), CleanLine(s.Email), CleanLine(s.Phone), CleanLine(s.Account)
	in.Summary = Clean(in.Summary)
	in.Assignee = CleanLine(in.Assignee)
	if in.Channel == "" {
		in.Channel = ChannelEmail
	}
	if !in.Kind.Valid() {
		return errf(ErrUnknownKind, string(in.Kind))
	}
	if _, err := ParseChannel(string(in.Channel)); err != nil {
		return err
	}
	switch {
	case in.Kind == KindIncident && in.Incident == nil:
		return errf(ErrIncidentDetails, "detected", "YYYY-MM-DD HH:MM")
	case in.Kind != KindIncident && in.Incident != nil:
		return errf(ErrIncidentKind)
	case in.Kind == KindIncident:
		// An incident has no subject: who detected it stands in its place.
	case s.Name == "":
		return errf(ErrNameRequired)
	case s.Email == "" && s.Phone == "" && s.Account == "":
		return errf(ErrContactRequired)
	}
	for field, v := range map[string]string{"name": s.Name, "email": s.Email, "phone": s.Phone, "account": s.Account} {
		if utf8.RuneCountInString(v) > maxShort {
			return errf(ErrFieldTooLong, field, maxShort)
		}
	}
	if utf8.RuneCountInString(in.Summary) > maxSummary {
		return errf(ErrFieldTooLong, "summary", maxSummary)
	}
	if err := ValidateEmail(s.Email); err != nil {
		return err
	}
	if err := ValidatePhone(s.Phone); err != nil {
		return err
	}
	if in.Received.IsZero() {
		return errf(ErrBadDate, "")
	}
	return nil
}

// ValidateEmail accepts "" or a bare address such as anna@example.ru. A
// domain without a dot (bob@extern) is an address of an internal mail
// system and is accepted.
func ValidateEmail(e string) error {
	if e == "" {
		return nil
	}
	a, err := mail.ParseAddress(e)
	if err != nil || a.Address != e {
		return errf(ErrBadEmail, e)
	}
	return nil
}

// ValidatePhone accepts "" or a number of 5 to 15 digits written with
// spaces, dashes, brackets and a leading plus.
func ValidatePhone(p string) error {
	if p == "" {
		return nil
	}
	digits := 0
	for i, r := range p {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' && i == 0, r == ' ', r == '-', r == '(', r == ')':
		default:
			return errf(ErrBadPhone, p)
		}
	}
	if digits < 5 || digits > 15 {
		return errf(ErrBadPhone, p)
	}
	return nil
}

// ClockSkew is how far in the future a moment of receipt may lie: the
// clocks of a mail server and of the officer's machine differ a little.
const ClockSkew = 10 * time.Minute

// CheckReceived refuses a moment of receipt that privdesk cannot count from
// (a year outside the calendar) or that has not come yet.
func CheckReceived(at, now time.Time) error {
	if y := at.In(Moscow).Year(); y < MinYear || y > MaxYear {
		return errf(ErrOutsideCalendar, strconv.Itoa(y))
	}
	if at.After(now.Add(ClockSkew)) {
		return errf(ErrFutureDate, at.In(Moscow).Format("2006-01-02 15:04"), now.In(Moscow).Format("2006-01-02 15:04"))
	}
	return nil
}

// New registers a request. The ID is assigned by the store.
func New(in Intake, dl *Rules, now time.Time, officer string) (*Case, Event, error) {
	if err := in.Validate(); err != nil {
		return nil, Event{}, err
	}
	if err := CheckReceived(in.Received, now); err != nil {
		return nil, Event{}, err
	}
	if in.Incident != nil {
		inc := *in.Incident
		if err := inc.Validate(now); err != nil {
			return nil, Event{}, err
		}
		in.Incident = &inc
	}
	draft := &Case{Kind: in.Kind, Received: in.Received, Incident: in.Incident}
	ms, err := draft.milestones(in.Kind, "", dl)
	if err != nil {
		return nil, Event{}, err
	}
	assignee := in.Assignee
	if assignee == "" {
		assignee = officer
	}
	c := &Case{
		Kind: in.Kind, Status: StatusNew, Subject: in.Subject, Channel: in.Channel,
		Received: in.Received, Summary: in.Summary, Assignee: assignee,
		Milestones: ms, Created: now, Incident: in.Incident,
	}
	c.Steps = dl.Steps.NewSteps(in.Kind, "", in.Channel)
	ev := newEvent(EventCreated, now, officer)
	ev.To = string(in.Kind)
	return c, ev, nil
}

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
	text = Clean(text)
	if text == "" {
		return Event{}, errf(ErrNoteEmpty)
	}
	if utf8.RuneCountInString(text) > maxNote {
		return Event{}, errf(ErrFieldTooLong, "note", maxNote)
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
		return Event{}, errf(ErrIllegalTransition, string(c.Status), string(to))
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
	if o == OutcomeRejected && reason == "" {
		return Event{}, errf(ErrReasonRequired)
	}
	if o == OutcomeFulfilled {
		// A request is fulfilled for the person it belongs to: not while
		// its verification is open or has failed (for a request for
		// information, the Art. 14 p. 3 details and the identity).
		for _, st := range c.Steps {
			if st.Verification && (st.State == StepPending || st.State == StepFailed) {
				return Event{}, errf(ErrVerificationOpen, c.ID.String(), st.Key)
			}
		}
	}
	if utf8.RuneCountInString(reason) > maxSummary {
		return Event{}, errf(ErrFieldTooLong, "reason", maxSummary)
	}
	ev := newEvent(EventClosed, now, officer)
	ev.From, ev.To, ev.Text = string(c.Status), string(o), reason
	c.Status, c.Outcome, c.Reason = StatusClosed, o, reason
	t := now
	c.Closed = &t
	return ev, nil
}

// Reopen puts a closed case back in work; the reason is kept in the timeline.
func (c *Case) Reopen(reason string, now time.Time, officer string) (Event, error) {
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

// Extend adds the +5 working days a reasoned notice allows (Art. 14 p. 3,
// Art. 20 p. 1, 2 and 4, Art. 21 p. 5.1): once, for an extendable term, and
// only with a notice dated no later than the base due date.
func (c *Case) Extend(cal *Calendar, reason string, notice Date, now time.Time, officer string) (Event, error) {
	if !c.Status.Open() {
		return Event{}, errf(ErrAlreadyClosed, c.ID.String())
	}
	var m *Milestone
	for i := range c.Milestones {
		if c.Milestones[i].Extendable {
			m = &c.Milestones[i]
			break
		}
	}
	if m == nil {
		return Event{}, errf(ErrNotExtendable, string(c.Kind))
	}
	if m.Extension != nil {
		return Event{}, errf(ErrAlreadyExtended, m.Extension.NoticeDate.String(), m.Due.String())
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
		return Event{}, errf(ErrUnchanged, string(k))
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
		return Event{}, errf(ErrNotAuthority, string(c.Kind))
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
		return Event{}, errf(ErrMilestoneMet, m.Key)
	}
	t := now
	m.Met = &t
	ev := newEvent(EventMilestone, now, officer)
	ev.To = m.Key
	if now.After(m.DueAt) {
		ev.Text = NoteLate
	}
	return ev, nil
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
		return Event{}, errf(ErrFieldTooLong, "assignee", maxShort)
	}
	if to == c.Assignee {
		return Event{}, errf(ErrUnchanged, to)
	}
	ev := newEvent(EventAssigned, now, officer)
	ev.From, ev.To = c.Assignee, to
	c.Assignee = to
	return ev, nil
}
