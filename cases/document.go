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
	No     int    `json:"no"`
	Name   string `json:"name,omitempty"` // original file name
	Label  string `json:"label,omitempty"`
	Step   string `json:"step,omitempty"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256,omitempty"`
	Type   string `json:"type"` // detected MIME type
	// DocType is what the document is (passport, ...), which says what
	// categories of data it holds; Role "request" marks the original
	// request message, which follows the case's retention.
	DocType string `json:"doc_type,omitempty"`
	Role    string `json:"role,omitempty"`
	// Paper: the document is a physical original kept on paper.
	Paper bool `json:"paper,omitempty"`
	// Hold is a legal ground, recorded by the officer, to keep an identity
	// document past its 30 days (Art. 21 p. 4).
	Hold      *Hold         `json:"hold,omitempty"`
	By        string        `json:"by"`
	At        time.Time     `json:"at"`
	Destroyed *DocDestroyed `json:"destroyed,omitempty"`
}

// DocDestroyed records when and why a document was destroyed.
type DocDestroyed struct {
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
	if err := c.personal(); err != nil {
		return Event{}, err
	}
	d.Label, d.Name = CleanLine(d.Label), CleanLine(d.Name)
	if utf8.RuneCountInString(d.Label) > maxShort {
		return Event{}, errf(ErrFieldTooLong, Field("label"), maxShort)
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

// RoleRequest marks the original request message kept with the case.
const RoleRequest = "request"

// Hold is a recorded legal ground for keeping a document longer.
type Hold struct {
	Ground string    `json:"ground"`
	By     string    `json:"by"`
	At     time.Time `json:"at"`
}

// Destruction is what destroying a document records for the act and the log
// export (Order 179 p. 3, 5).
type Destruction struct {
	Reason     string
	System     string   // ж: the information system (privdesk's own, as configured)
	How        string   // з: the method
	Categories []string // д: from the document's type
	Medium     string   // е: a paper original's medium
	Sheets     int      // and its sheets
}

// IsRequest tells whether the document is the original request message,
// including one kept by an older build.
func (d Document) IsRequest() bool {
	return d.Role == RoleRequest || (d.Role == "" && d.Name == "message.eml" && d.Type == "message/rfc822")
}

// DestroyDocument marks a document destroyed and returns the event that
// logs it with the fields Order 179 p. 5 wants. The store deletes the
// content.
func (c *Case) DestroyDocument(no int, how Destruction, now time.Time, officer string) (Event, error) {
	d := c.Document(no)
	if d == nil {
		return Event{}, errf(ErrNoDocument, strconv.Itoa(no), c.ID.String())
	}
	if d.Destroyed != nil {
		return Event{}, errf(ErrDocDestroyed, strconv.Itoa(no), d.Destroyed.At.In(Moscow).Format(time.DateOnly))
	}
	reason := Clean(how.Reason)
	if reason == "" {
		return Event{}, errf(ErrReasonRequired)
	}
	data := map[string]string{
		"subject":            c.Subject.Name,
		"information_system": CleanLine(how.System),
		"how":                CleanLine(how.How),
		"reason":             reason,
		"date":               DateOf(now).String(),
	}
	var cats []string
	for _, x := range how.Categories {
		if x = CleanLine(x); x != "" {
			cats = append(cats, x)
		}
	}
	if len(cats) == 0 {
		cats = DefaultCategories
	}
	data["categories"] = strings.Join(cats, "; ")
	medium := CleanLine(how.Medium)
	switch {
	case medium != "" && how.Sheets > 0:
		data["medium"], data["sheets"] = medium, strconv.Itoa(how.Sheets)
	case medium != "" || how.Sheets != 0 || d.Paper:
		return Event{}, errf(ErrDestructionDetails, "medium, sheets")
	}
	d.Destroyed = &DocDestroyed{At: now, By: officer, Reason: reason}
	d.Name, d.SHA256 = "", ""
	ev := newEvent(EventDestroyed, now, officer)
	ev.To, ev.Text, ev.Data = strconv.Itoa(no), reason, data
	return ev, nil
}

// PurposeAchieved is when the identity documents of the case served their
// purpose: the latest done step that achieves it (doc_matches, link_sent,
// identity_confirmed), else the closing of the case; nil while open.
func (c *Case) PurposeAchieved() *time.Time {
	var at *time.Time
	for _, s := range c.Steps {
		if s.Purpose && s.State == StepDone && s.At != nil && (at == nil || s.At.After(*at)) {
			at = s.At
		}
	}
	if at == nil && !c.Status.Open() {
		at = c.Closed
	}
	return at
}

// PurgeReason is why the identity documents of a case are destroyed at the
// end of their term, in the act's words (Order 179 p. 3 и): the purpose
// achieved, on its date, and the norm.
func (c *Case) PurgeReason() string {
	reason := "цель обработки достигнута"
	if at := c.PurposeAchieved(); at != nil {
		reason += " " + DateOf(*at).Start().Format("02.01.2006")
	}
	return reason + "; ч. 4 ст. 21 152-ФЗ"
}

// DocumentsDue lists the identity documents kept past their term: days
// (30 by Art. 21 p. 4) after their purpose was achieved. A document with a
// recorded legal ground to keep it is not due; nor is the original request
// message, which is evidence of the request and follows the case's own
// retention.
func (c *Case) DocumentsDue(now time.Time, days int) []int {
	from := c.PurposeAchieved()
	if from == nil || now.Before(from.AddDate(0, 0, days)) {
		return nil
	}
	var due []int
	for _, d := range c.Documents {
		if d.Destroyed == nil && d.Hold == nil && !d.IsRequest() {
			due = append(due, d.No)
		}
	}
	return due
}

// HoldDocument records a legal ground for keeping an identity document
// longer than 30 days.
func (c *Case) HoldDocument(no int, ground string, now time.Time, officer string) (Event, error) {
	d := c.Document(no)
	if d == nil {
		return Event{}, errf(ErrNoDocument, strconv.Itoa(no), c.ID.String())
	}
	if d.Destroyed != nil {
		return Event{}, errf(ErrDocDestroyed, strconv.Itoa(no), d.Destroyed.At.In(Moscow).Format(time.DateOnly))
	}
	ground = Clean(ground)
	if ground == "" {
		return Event{}, errf(ErrReasonRequired)
	}
	if utf8.RuneCountInString(ground) > maxSummary {
		return Event{}, errf(ErrFieldTooLong, Field("ground"), maxSummary)
	}
	d.Hold = &Hold{Ground: ground, By: officer, At: now}
	ev := newEvent(EventHold, now, officer)
	ev.To, ev.Text = strconv.Itoa(no), ground
	return ev, nil
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
