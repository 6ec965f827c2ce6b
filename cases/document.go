package cases

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Document is a file attached to a case, typically identity evidence. Its
// content is kept by the store; this is what the case knows of it.
type Document struct {
	No        int          `json:"no"`
	Name      string       `json:"name,omitempty"` // original file name
	Label     string       `json:"label,omitempty"`
	Step      string       `json:"step,omitempty"`
	Size      int64        `json:"size"`
	SHA256    string       `json:"sha256,omitempty"`
	Type      string       `json:"type"` // detected MIME type
	By        string       `json:"by"`
	At        time.Time    `json:"at"`
	Destroyed *Destruction `json:"destroyed,omitempty"`
}

// Destruction records when and why a document was destroyed.
type Destruction struct {
	At     time.Time `json:"at"`
	By     string    `json:"by"`
	Reason string    `json:"reason"`
}

// Error codes for documents.
const (
	ErrNoDocument       = "no_document"
	ErrDocDestroyed     = "doc_destroyed"
	ErrNoDocumentsToAct = "no_destruction"
)

// Attach records a new document; its number is the next in the case.
func (c *Case) Attach(d Document, now time.Time, officer string) (Event, error) {
	d.Label, d.Name = CleanLine(d.Label), CleanLine(d.Name)
	if utf8.RuneCountInString(d.Label) > maxShort {
		return Event{}, errf(ErrFieldTooLong, "label", maxShort)
	}
	if d.Step != "" {
		found := false
		keys := make([]string, len(c.Steps))
		for i, s := range c.Steps {
			keys[i] = s.Key
			found = found || s.Key == d.Step
		}
		if !found {
			return Event{}, errf(ErrNoStep, d.Step, strings.Join(keys, ", "))
		}
	}
	d.No, d.By, d.At = len(c.Documents)+1, officer, now
	c.Documents = append(c.Documents, d)
	ev := newEvent(EventAttached, now, officer)
	ev.To, ev.Text = strconv.Itoa(d.No), d.Label
	ev.Data = map[string]string{"type": d.Type, "size": strconv.FormatInt(d.Size, 10)}
	if d.Step != "" {
		ev.Data["step"] = d.Step
	}
	return ev, nil
}

// Document returns document no, or nil.
func (c *Case) Document(no int) *Document {
	if no >= 1 && no <= len(c.Documents) {
		return &c.Documents[no-1]
	}
	return nil
}

// DocumentCategory names what a destroyed document held, for the act and
// the log export.
var DocumentCategory = Text{
	RU: "сведения документа, представленного для подтверждения личности",
	EN: "data of a document given to prove identity",
}

// DestroyDocument records the destruction of a document with the fields
// Roskomnadzor Order 179 p. 5 asks of the log export: subject, categories of
// data, information system, reason and date. The file name and hash go with
// the content.
func (c *Case) DestroyDocument(no int, reason, system string, now time.Time, officer string) (Event, error) {
	d := c.Document(no)
	if d == nil {
		return Event{}, errf(ErrNoDocument, strconv.Itoa(no), c.ID.String())
	}
	if d.Destroyed != nil {
		return Event{}, errf(ErrDocDestroyed, strconv.Itoa(no), d.Destroyed.At.In(Moscow).Format(time.DateOnly))
	}
	reason = Clean(reason)
	if reason == "" {
		return Event{}, errf(ErrReasonRequired)
	}
	d.Destroyed = &Destruction{At: now, By: officer, Reason: reason}
	d.Name, d.SHA256 = "", ""
	categories := DocumentCategory.RU
	if d.Label != "" {
		categories += " (" + d.Label + ")"
	}
	ev := newEvent(EventDestroyed, now, officer)
	ev.To, ev.Text = strconv.Itoa(no), reason
	ev.Data = map[string]string{
		"subject":            c.Subject.Name,
		"categories":         categories,
		"information_system": system,
		"reason":             reason,
		"date":               DateOf(now).String(),
	}
	return ev, nil
}

// DocumentsDue lists the documents kept past retention: those of a case
// closed more than days ago that are not destroyed yet.
func (c *Case) DocumentsDue(now time.Time, days int) []int {
	if c.Status.Open() || c.Closed == nil || now.Before(c.Closed.AddDate(0, 0, days)) {
		return nil
	}
	var due []int
	for _, d := range c.Documents {
		if d.Destroyed == nil {
			due = append(due, d.No)
		}
	}
	return due
}

// Redact records that document no (a kept message) was rewritten without a
// destroyed document's content: its new size and hash, and why.
func (c *Case) Redact(no int, size int64, sum, why string, now time.Time, officer string) (Event, error) {
	d := c.Document(no)
	if d == nil {
		return Event{}, errf(ErrNoDocument, strconv.Itoa(no), c.ID.String())
	}
	if d.Destroyed != nil {
		return Event{}, errf(ErrDocDestroyed, strconv.Itoa(no), d.Destroyed.At.In(Moscow).Format(time.DateOnly))
	}
	d.Size, d.SHA256 = size, sum
	ev := newEvent(EventRedacted, now, officer)
	ev.To, ev.Text = strconv.Itoa(no), Clean(why)
	return ev, nil
}
