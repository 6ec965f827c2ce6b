package cases

import (
	"fmt"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"
)

// Letter is a document the officer sends: an answer, a refusal, a notice.
// Once issued it is immutable: a correction is a new letter that refers to
// the old one.
type Letter struct {
	No       int       `json:"no"`     // within the case, as the command line names it
	Number   string    `json:"number"` // the outgoing number, from the yearly register of outgoing mail
	Template string    `json:"template"`
	Lang     Lang      `json:"lang"`
	Title    string    `json:"title"`
	To       string    `json:"to"` // the addressee
	Body     string    `json:"body"`
	Issued   time.Time `json:"issued"`
	By       string    `json:"by"`
	Answers  string    `json:"answers,omitempty"` // the milestone the letter meets when sent
	Corrects int       `json:"corrects,omitempty"`
	// Args are what the officer chose for the letter: a refusal's ground,
	// an extension's reasons, a third party.
	Args  map[string]string `json:"args,omitempty"`
	Sent  *time.Time        `json:"sent_at,omitempty"`
	Via   string            `json:"via,omitempty"`
	Proof string            `json:"proof,omitempty"`
	// Confirmed is when the recipient of a notice to a third party
	// confirmed it acted (Art. 20 p. 3), and Confirmation how.
	Confirmed    *time.Time `json:"confirmed_at,omitempty"`
	Confirmation string     `json:"confirmation,omitempty"`
}

// State is issued, or sent.
func (l Letter) State() string {
	if l.Sent != nil {
		return "sent"
	}
	return "issued"
}

// Channels a letter leaves by.
var Vias = []string{"email", "post", "portal", "in-person"}

// Error codes of letters.
const (
	ErrNoLetter     = "no_letter"
	ErrLetterSent   = "letter_sent"
	ErrUnknownVia   = "unknown_via"
	ErrLetterField  = "letter_field"
	ErrNoTemplate   = "no_template"
	ErrSentEarly    = "sent_early"
	ErrLetterEmpty  = "letter_empty"
	ErrNotForKind   = "template_kind"
	ErrSMTP         = "smtp"
	ErrNoAddress    = "no_address"
	ErrRegisterHole = "register_missing"
	ErrSendPaper    = "send_paper"
	ErrSentTime     = "sent_time"
)

// maxLetter bounds a letter's text.
const maxLetter = 100000

// IssueLetter keeps a letter in the case under the outgoing number the
// store gave it.
func (c *Case) IssueLetter(l Letter, number string, now time.Time, officer string) (Event, error) {
	if err := c.personal(); err != nil {
		return Event{}, err
	}
	l.Body = Clean(l.Body)
	if l.Body == "" {
		return Event{}, errf(ErrLetterEmpty)
	}
	if utf8.RuneCountInString(l.Body) > maxLetter {
		return Event{}, errf(ErrFieldTooLong, Field("letter"), maxLetter)
	}
	if l.Corrects != 0 && c.Letter(l.Corrects) == nil {
		return Event{}, errf(ErrNoLetter, strconv.Itoa(l.Corrects), c.ID.String())
	}
	l.No, l.Number, l.Issued, l.By = len(c.Letters)+1, number, now, officer
	l.Title, l.To = CleanLine(l.Title), CleanLine(l.To)
	l.Sent, l.Via, l.Proof = nil, "", ""
	c.Letters = append(c.Letters, l)
	ev := newEvent(EventLetter, now, officer)
	ev.To, ev.Text = strconv.Itoa(l.No), number
	ev.Data = map[string]string{"template": l.Template}
	return ev, nil
}

// Letter returns letter no, or nil.
func (c *Case) Letter(no int) *Letter {
	if no >= 1 && no <= len(c.Letters) {
		return &c.Letters[no-1]
	}
	return nil
}

// SentMark is how a letter left: the channel, when, and the proof (a
// postal receipt, a portal's receipt number). DateOnly: the officer gave
// the day and no time.
type SentMark struct {
	Via      string
	At       time.Time
	DateOnly bool
	Proof    string
}

// LetterSent records that a letter left, when and how, with its proof; the
// milestone it answers is met then (late if after its end). A letter that
// answers a term counted in hours needs the time it left; a letter cannot
// leave before it was issued (to the minute), except a portal submission
// recorded with its receipt number, which the portal may date earlier.
func (c *Case) LetterSent(no int, mark SentMark, now time.Time, officer string) ([]Event, error) {
	l := c.Letter(no)
	if l == nil {
		return nil, errf(ErrNoLetter, strconv.Itoa(no), c.ID.String())
	}
	if l.Sent != nil {
		return nil, errf(ErrLetterSent, l.Number, l.Sent.In(Moscow).Format(time.DateOnly))
	}
	via, at, proof := mark.Via, mark.At, mark.Proof
	if !slices.Contains(Vias, via) {
		return nil, errf(ErrUnknownVia, via, fmt.Sprint(Vias))
	}
	if mark.DateOnly && c.hourTerm(l.Answers) {
		return nil, errf(ErrSentTime, l.Number)
	}
	early := DateOf(at) < DateOf(l.Issued)
	if !mark.DateOnly {
		early = at.Truncate(time.Minute).Before(l.Issued.Truncate(time.Minute))
	}
	if early && (via != "portal" || CleanLine(proof) == "") {
		return nil, errf(ErrSentEarly, at.In(Moscow).Format("2006-01-02 15:04"), l.Issued.In(Moscow).Format("2006-01-02 15:04"))
	}
	if err := CheckReceived(at, now); err != nil {
		return nil, err
	}
	t := at
	l.Sent, l.Via, l.Proof = &t, via, CleanLine(proof)
	ev := newEvent(EventLetterSent, now, officer)
	ev.To, ev.Text = strconv.Itoa(no), via
	ev.Data = map[string]string{"number": l.Number, "sent": at.UTC().Format(time.RFC3339)}
	if l.Proof != "" {
		ev.Data["proof"] = l.Proof
	}
	evs := []Event{ev}
	if l.Answers != "" && c.Status.Open() {
		for i := range c.Milestones {
			m := &c.Milestones[i]
			if m.Key == l.Answers && m.Met == nil {
				m.Met = &t
				mev := newEvent(EventMilestone, now, officer)
				mev.From, mev.To = c.Course(), m.Key
				if at.After(m.DueAt) {
					mev.Text = NoteLate
				}
				evs = append(evs, mev)
			}
		}
	}
	return evs, nil
}

// hourTerm tells whether the milestone key is counted in hours.
func (c *Case) hourTerm(key string) bool {
	for _, m := range c.Milestones {
		if m.Key == key && m.Unit == UnitHours {
			return true
		}
	}
	return false
}

// EventLetterConfirmed records a third party's confirmation of a notice.
const EventLetterConfirmed EventType = "letter_confirmed"

// ErrNotConfirmable: only a sent notice to a third party is confirmed.
const ErrNotConfirmable = "not_confirmable"

// LetterConfirmed records that the recipient of a sent notice to a third
// party confirmed it made the change, when, and how (its letter's number,
// a reply).
func (c *Case) LetterConfirmed(no int, at time.Time, how string, now time.Time, officer string) (Event, error) {
	l := c.Letter(no)
	if l == nil {
		return Event{}, errf(ErrNoLetter, strconv.Itoa(no), c.ID.String())
	}
	if l.Template != "third-party-notice" || l.Sent == nil || l.Confirmed != nil {
		return Event{}, errf(ErrNotConfirmable, l.Number)
	}
	if at.Before(*l.Sent) {
		return Event{}, errf(ErrSentEarly, at.In(Moscow).Format("2006-01-02 15:04"), l.Sent.In(Moscow).Format("2006-01-02 15:04"))
	}
	if err := CheckReceived(at, now); err != nil {
		return Event{}, err
	}
	t := at
	l.Confirmed, l.Confirmation = &t, CleanLine(how)
	ev := newEvent(EventLetterConfirmed, now, officer)
	ev.To, ev.Text = strconv.Itoa(no), l.Number
	return ev, nil
}
