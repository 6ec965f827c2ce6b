package office

import (
	"strings"
	"time"

	"privdesk/cases"
	"privdesk/ui/letters"
)

// The letters: every letter is written here from the case and the facts
// around it (the request a repeat repeats), whichever front end asks.

// facts adds to a letter's request what the case points to: the earlier
// request it repeats. A link that no longer reads is left out, and a
// letter that needs it says so.
func (s *Session) facts(req *letters.Request) {
	req.Earlier = nil
	if c := req.Case; c != nil && c.RepeatOf != nil {
		if e, err := s.Get(*c.RepeatOf); err == nil {
			req.Earlier = e
		}
	}
}

// DraftLetter fills a template for req.Case under a placeholder number,
// for the officer to read or edit before it is issued.
func (s *Session) DraftLetter(req letters.Request, pending string) (cases.Letter, error) {
	s.facts(&req)
	return letters.Write(req, pending)
}

// WriteLetter fills a template for case id and issues it under the next
// outgoing number, in one transaction. body, when not "", is the officer's
// edit of a draft, whose placeholder number pending becomes the real one.
func (s *Session) WriteLetter(id cases.ID, req letters.Request, body, pending string, now time.Time, officer string) (cases.Letter, error) {
	c, err := s.Get(id)
	if err != nil {
		return cases.Letter{}, err
	}
	req.Case = c
	s.facts(&req)
	return s.IssueLetter(id, func(c *cases.Case, number string) (cases.Letter, error) {
		req.Case = c
		l, err := letters.Write(req, number)
		if err != nil {
			return l, err
		}
		if body != "" {
			l.Body = strings.ReplaceAll(body, pending, number)
		}
		return l, nil
	}, now, officer)
}
