package cases

import (
	"strconv"
	"strings"
	"time"
)

// DefaultCaseDays is how long after closing a case keeps its personal data
// by default: 3 years, the operator's documented choice (duties-and-letters.md
// section 4), matching the term acts are kept (Order 179 p. 8).
const DefaultCaseDays = 1095

// depersonalisedCategories are what depersonalisation destroys.
var depersonalisedCategories = []string{"фамилия, имя, отчество", "контактные данные", "текст обращения и заметки",
	"переписка", "приложенные документы"}

// DueForDepersonalisation tells whether a closed case has kept its
// personal data for days after closing.
func (c *Case) DueForDepersonalisation(now time.Time, days int) bool {
	return c.Depersonalised == nil && !c.Status.Open() && c.Closed != nil && !now.Before(c.Closed.AddDate(0, 0, days))
}

// Depersonalise removes a closed case's personal data (art. 5 p. 7: keep no
// longer than the purpose needs): the subject, the summary and reason, the
// notes and texts of its timeline, the letters' texts, and every document.
// The register row stays: number, kind, dates, outcome, act and letter
// numbers. It returns the timeline with its texts removed (the chain still
// verifies) and the events to add: the destruction of each document and of
// the case's personal data, logged for the act.
func (c *Case) Depersonalise(evs []Event, system string, now time.Time, officer string) ([]Event, []Event, error) {
	if c.Status.Open() {
		return nil, nil, errf(ErrNotClosed, c.ID.String())
	}
	if c.Depersonalised != nil {
		return nil, nil, errf(ErrUnchanged, c.ID.String())
	}
	reason := "истечение срока хранения обращения (ч. 7 ст. 5 152-ФЗ)"
	var added []Event
	for _, d := range c.Documents {
		if d.Destroyed != nil {
			continue
		}
		ev, err := c.DestroyDocument(d.No, Destruction{Reason: reason, System: system, How: ActMethod.RU,
			Categories: []string{"приложенный документ"}}, now, officer)
		if err != nil {
			return nil, nil, err
		}
		ev.Data["subject"] = c.ID.String()
		added = append(added, ev)
	}
	redacted := make([]Event, len(evs))
	for i, e := range evs {
		e.Redact()
		redacted[i] = e
	}
	c.Subject, c.Summary = Subject{}, ""
	c.Reason = c.ground()
	for i := range c.Found {
		c.Found[i].Values = nil // the categories are no personal data; the values are
	}
	for i := range c.Steps {
		c.Steps[i].Note = ""
	}
	for i := range c.Letters {
		l := &c.Letters[i]
		// The letter's template, number, dates and proof stay: they show
		// the duty was met; a refusal keeps its ground.
		l.Body, l.To = "", ""
		if g := l.Args["ground"]; g != "" {
			l.Args = map[string]string{"ground": g}
		} else {
			l.Args = nil
		}
	}
	for i := range c.Acts {
		if !now.Before(c.Acts[i].RetainUntil.Start()) {
			c.Acts[i].Subject = c.ID.String()
		}
	}
	t := now
	c.Depersonalised = &t
	ev := newEvent(EventDestroyed, now, officer)
	ev.To, ev.Text = "case", reason
	ev.Data = map[string]string{
		"subject": "обращение № " + c.ID.String(), "categories": Join(depersonalisedCategories),
		"information_system": system, "how": ActMethod.RU, "reason": reason, "date": DateOf(now).String(),
		"documents": strconv.Itoa(len(added)),
	}
	return redacted, append(added, ev), nil
}

// ground is what of the closing reason a depersonalised case keeps: the
// legal ground of a rejection (the evidence of compliance), not the
// officer's words.
func (c *Case) ground() string {
	if c.Outcome != OutcomeRejected {
		return ""
	}
	for _, g := range RefusalGrounds {
		if strings.HasPrefix(c.Reason, g.Text.RU) {
			return g.Text.RU
		}
	}
	return ""
}
