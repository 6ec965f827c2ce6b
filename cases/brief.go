package cases

import (
	"strings"
	"time"
)

// Brief is what a queue needs of a case beyond its index row: the text a
// search matches, the name to show and sort by, the assignee, and how and
// when it was closed. It is small, so that a desk holds the briefs of a
// hundred thousand cases and decodes a full record only to show it.
type Brief struct {
	// Name is the subject's name, or an incident's description.
	Name string `json:"n"`
	// Search is the register number, name, contacts (a phone also by its
	// digits), account and summary, case-folded with ё as е.
	Search   string     `json:"s"`
	Assignee string     `json:"a,omitempty"`
	Outcome  Outcome    `json:"o,omitempty"`
	Closed   *time.Time `json:"c,omitempty"`
	// Pending is the action that waits for a reviewer, if any.
	Pending string `json:"p,omitempty"`
}

// Brief summarises the case for a queue.
func (c *Case) Brief() Brief {
	name := c.Subject.Name
	if c.Incident != nil && name == "" {
		name = c.Incident.Description
	}
	b := Brief{Name: name, Search: SearchText(c), Assignee: c.Assignee, Outcome: c.Outcome, Closed: c.Closed}
	if c.Pending != nil {
		b.Pending = c.Pending.Action
	}
	return b
}

// Fold lowers s and writes ё as е, as searches compare text.
func Fold(s string) string {
	return strings.ReplaceAll(strings.ToLower(s), "ё", "е")
}

// Digits keeps the digits of s: a phone number whatever its formatting.
func Digits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

// PhoneKey is a Russian phone number in one normal form, 7 and ten
// digits: "8 (916) 000-11-22", "+7 916 000 11 22" and "9160001122" are
// one number; another number is its digits.
func PhoneKey(s string) string {
	d := Digits(s)
	switch {
	case len(d) == 11 && (d[0] == '7' || d[0] == '8'):
		return "7" + d[1:]
	case len(d) == 10 && d[0] == '9':
		return "7" + d
	}
	return d
}

// SearchText is what a search's free text matches in a case, folded.
func SearchText(c *Case) string {
	s := c.Subject
	parts := []string{c.ID.String(), s.Name, s.Email, s.Phone, Digits(s.Phone), PhoneKey(s.Phone), s.Account, c.Summary}
	if c.Incident != nil {
		parts = append(parts, c.Incident.Description)
	}
	return Fold(strings.Join(parts, "\n"))
}
