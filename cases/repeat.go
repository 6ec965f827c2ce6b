package cases

import (
	"strings"
	"time"
)

// Key identifies a subject across requests: the e-mail, else the phone's
// digits, else the account; "" when there is none.
func (s Subject) Key() string {
	switch {
	case s.Email != "":
		return "e:" + strings.ToLower(s.Email)
	case s.Phone != "":
		return "p:" + strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, s.Phone)
	case s.Account != "":
		return "a:" + s.Account
	}
	return ""
}

// IsRepeat tells whether a request of kind k received at `at` may repeat a
// request of kind earlierKind received at `earlier` (whether it does is
// decided by a refusal, from the earlier answer's sending: CheckRefusal). Only requests for
// information (access) can be repeats (Art. 14 p. 4–6 concern them alone).
func IsRepeat(k, earlierKind Kind, earlier, at time.Time) bool {
	d := at.Sub(earlier)
	return k == KindAccess && earlierKind == KindAccess && d >= 0 && d <= RepeatLink
}

// FindRepeat links c to the latest of the subject's earlier requests that
// it may repeat, and returns it; nil when there is none.
func (c *Case) FindRepeat(earlier []*Case) *ID {
	var best *Case
	for _, e := range earlier {
		if e.ID != c.ID && IsRepeat(c.Kind, e.Kind, e.Received, c.Received) && (best == nil || e.Received.After(best.Received)) {
			best = e
		}
	}
	if best == nil {
		return nil
	}
	id := best.ID
	c.RepeatOf = &id
	return &id
}
