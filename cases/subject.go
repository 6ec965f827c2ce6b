package cases

import (
	"time"
	"unicode/utf8"
)

// SubjectFields are the subject's details an officer may correct, in the
// order forms and commands offer them.
var SubjectFields = []string{"name", "email", "phone", "account", "representative"}

// CorrectSubject sets one of the subject's details (a name or contact typed
// wrong), checked as at registration. The event names the field and keeps
// the old and new values in its data, which is sealed like every event and
// removed by depersonalisation; letters already issued keep what they said.
func (c *Case) CorrectSubject(field, value string, now time.Time, officer string) (Event, error) {
	if err := c.personal(); err != nil {
		return Event{}, err
	}
	value = CleanLine(value)
	s := c.Subject
	var at *string
	switch field {
	case "name":
		at = &s.Name
		if value == "" && c.Kind != KindIncident {
			return Event{}, errf(ErrNameRequired)
		}
	case "email":
		at = &s.Email
		if err := ValidateEmail(value); err != nil {
			return Event{}, err
		}
	case "phone":
		at = &s.Phone
		if err := ValidatePhone(value); err != nil {
			return Event{}, err
		}
	case "account":
		at = &s.Account
	case "representative":
		at = &s.Representative
	default:
		return Event{}, errf(ErrSubjectField, field)
	}
	if utf8.RuneCountInString(value) > maxShort {
		return Event{}, errf(ErrFieldTooLong, Field(field), maxShort)
	}
	if value == *at {
		return Event{}, errf(ErrUnchanged, value)
	}
	old := *at
	*at = value
	if c.Kind != KindIncident && s.Email == "" && s.Phone == "" && s.Account == "" {
		return Event{}, errf(ErrContactRequired)
	}
	c.Subject = s
	ev := newEvent(EventSubject, now, officer)
	ev.To = field
	ev.Data = map[string]string{"old": old, "new": value}
	return ev, nil
}

// personal refuses a change that would bring personal data into a case
// whose personal data were destroyed at the end of its retention: none of
// it could ever be destroyed again.
func (c *Case) personal() error {
	if c.Depersonalised != nil {
		return errf(ErrDepersonalised, c.ID.String(), c.Depersonalised.In(Moscow).Format("02.01.2006"))
	}
	return nil
}
