package cases

import (
	"fmt"
	"net/mail"
	"strconv"
	"strings"
	"time"

	"unicode"
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
	// Representative is who made the request for the subject, and by what
	// power (a power of attorney's number and date), when not the subject.
	Representative string `json:"representative,omitempty"`
}

// Case is one subject request: the officer's case file.
type Case struct {
	ID       ID        `json:"id"`
	Kind     Kind      `json:"kind"`
	Status   Status    `json:"status"`
	Outcome  Outcome   `json:"outcome"`
	Reason   string    `json:"reason"`
	Subject  Subject   `json:"subject"`
	Channel  Channel   `json:"channel"`
	Received time.Time `json:"received"`
	Summary  string    `json:"summary"`
	Assignee string    `json:"assignee"`
	// Pending is a refusal or destruction that waits for a reviewer.
	Pending    *Pending    `json:"pending,omitempty"`
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
	// Found is what searches of the operator's systems found of the
	// subject's data, one finding per system.
	Found []Finding `json:"found,omitempty"`
	// Erased are the erases privdesk ran in the operator's systems.
	Erased []Erasure `json:"erased,omitempty"`
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
	// Sender: the e-mail is the sender of a message that arrived, so a
	// domain of one label (an internal mail system's) is taken as it is.
	Sender bool
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
	s.Representative = CleanLine(s.Representative)
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
	for field, v := range map[string]string{"name": s.Name, "email": s.Email, "phone": s.Phone, "account": s.Account, "representative": s.Representative} {
		if utf8.RuneCountInString(v) > maxShort {
			return errf(ErrFieldTooLong, Field(field), maxShort)
		}
	}
	if utf8.RuneCountInString(in.Summary) > maxSummary {
		return errf(ErrFieldTooLong, Field("summary"), maxSummary)
	}
	if err := validateEmail(s.Email, !in.Sender); err != nil {
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
func ValidateEmail(e string) error { return validateEmail(e, true) }

// validateEmail is ValidateEmail; tld false also takes a domain of one
// label, as an internal mail system delivers.
func validateEmail(e string, tld bool) error {
	if e == "" {
		return nil
	}
	a, err := mail.ParseAddress(e)
	if err != nil || a.Address != e || strings.ContainsAny(e, " \t") {
		return errf(ErrBadEmail, e)
	}
	at := strings.LastIndexByte(e, '@')
	if !mailDomain(e[at+1:], tld) {
		return errf(ErrBadEmail, e)
	}
	return nil
}

// mailDomain tells whether d can receive mail: two labels or more, each of
// letters (Cyrillic ones too), digits and inner hyphens, the last a name of
// two letters or more (or an xn-- name), as mail systems require. A host
// alone, an address literal, or a stray sign after the name is refused.
func mailDomain(d string, tld bool) bool {
	labels := strings.Split(d, ".")
	if (tld && len(labels) < 2) || len(d) > 253 {
		return false
	}
	for _, l := range labels {
		if l == "" || len([]rune(l)) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for _, r := range l {
			if r != '-' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				return false
			}
		}
	}
	last := labels[len(labels)-1]
	if !tld || strings.HasPrefix(strings.ToLower(last), "xn--") {
		return true
	}
	if len([]rune(last)) < 2 {
		return false
	}
	for _, r := range last {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// ValidatePhone accepts "" or a number of 10 to 15 digits (a Russian
// number has ten after its 8 or +7) written with spaces, dashes, brackets
// and a leading plus.
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
	if digits < 10 || digits > 15 {
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

// AwaitsTriage tells whether the case still waits for its kind to be set:
// an import could not tell it, and the case is open (closing it, say as not
// a request, is the triage's answer).
func (c *Case) AwaitsTriage() bool { return c.Triage && c.Status.Open() }
