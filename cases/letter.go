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
		return Event{}, errf(ErrFieldTooLong, "letter", maxLetter)
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

// LetterSent records that a letter left, when and how, with its proof; the
// milestone it answers is met on that date (late if after its end).
func (c *Case) LetterSent(no int, via string, at time.Time, proof string, now time.Time, officer string) ([]Event, error) {
	l := c.Letter(no)
	if l == nil {
		return nil, errf(ErrNoLetter, strconv.Itoa(no), c.ID.String())
	}
	if l.Sent != nil {
		return nil, errf(ErrLetterSent, l.Number, l.Sent.In(Moscow).Format(time.DateOnly))
	}
	if !slices.Contains(Vias, via) {
		return nil, errf(ErrUnknownVia, via, fmt.Sprint(Vias))
	}
	if DateOf(at) < DateOf(l.Issued) {
		return nil, errf(ErrSentEarly, at.In(Moscow).Format(time.DateOnly), l.Issued.In(Moscow).Format(time.DateOnly))
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
				mev.To = m.Key
				if at.After(m.DueAt) {
					mev.Text = NoteLate
				}
				evs = append(evs, mev)
			}
		}
	}
	return evs, nil
}

// RefusalGround is a legal ground for refusing a request, with its citation
// (Art. 20 p. 2: an item of Art. 14 p. 8, or another federal law).
type RefusalGround struct {
	Key  string
	Text Text
}

// RefusalGrounds lists the grounds a refusal offers.
var RefusalGrounds = []RefusalGround{
	{"14-8-1", Text{"п. 1 ч. 8 ст. 14 152-ФЗ: обработка осуществляется в целях обороны страны, безопасности государства и охраны правопорядка", "152-FZ Art. 14 p. 8 item 1: processing for national defence, state security and law enforcement"}},
	{"14-8-2", Text{"п. 2 ч. 8 ст. 14 152-ФЗ: обработка органами, задержавшими субъекта по подозрению в преступлении или предъявившими обвинение", "152-FZ Art. 14 p. 8 item 2: processing by the bodies that detained or charged the subject"}},
	{"14-8-3", Text{"п. 3 ч. 8 ст. 14 152-ФЗ: обработка в соответствии с законодательством о противодействии легализации доходов и финансированию терроризма", "152-FZ Art. 14 p. 8 item 3: processing under the law against money laundering and terrorist financing"}},
	{"14-8-4", Text{"п. 4 ч. 8 ст. 14 152-ФЗ: доступ субъекта к его персональным данным нарушает права и законные интересы третьих лиц", "152-FZ Art. 14 p. 8 item 4: the subject's access to the data violates the rights and legitimate interests of third parties"}},
	{"14-8-5", Text{"п. 5 ч. 8 ст. 14 152-ФЗ: обработка в случаях, предусмотренных законодательством о транспортной безопасности", "152-FZ Art. 14 p. 8 item 5: processing under the law on transport security"}},
	{"14-6", Text{"ч. 4–6 ст. 14 152-ФЗ: повторный запрос, не отвечающий условиям ч. 4 и 5 ст. 14", "152-FZ Art. 14 p. 4–6: a repeat request that does not meet Art. 14 p. 4 and 5"}},
	{"14-3", Text{"ч. 3 ст. 14 152-ФЗ: запрос не содержит обязательных сведений", "152-FZ Art. 14 p. 3: the request lacks the details it must contain"}},
	{"law", Text{"иной федеральный закон (указан ниже)", "another federal law (named below)"}},
}

// RefusalGroundText names a refusal ground.
func RefusalGroundText(key string) (Text, bool) {
	for _, g := range RefusalGrounds {
		if g.Key == key {
			return g.Text, true
		}
	}
	return Text{}, false
}
