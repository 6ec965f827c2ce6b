package tui

import (
	"errors"
	"privdesk/cases"
	"strings"
	"time"

	"charm.land/huh/v2"
)

// subjectGroup is the edit form's first page: the subject's name and
// contacts as recorded, to correct what was typed or imported wrong.
func (m *Model) subjectGroup(d *dialog, c *cases.Case) *huh.Group {
	l := m.cfg.L
	d.name, d.email, d.phone, d.account = c.Subject.Name, c.Subject.Email, c.Subject.Phone, c.Subject.Account
	return huh.NewGroup(m.subjectFields(d, l.T("form.subject_hint"))...).WithHideFunc(func() bool { return c.Kind == cases.KindIncident || c.Depersonalised != nil })
}

// subjectFields ask for the subject's name and contacts, checked as the
// domain checks them; hint, if any, is said under the name.
func (m *Model) subjectFields(d *dialog, hint string) []huh.Field {
	l := m.cfg.L
	name := huh.NewInput().Title(l.T("form.name")).Value(&d.name).Validate(func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errors.New(l.Err(&cases.Error{Code: cases.ErrNameRequired}))
		}
		return nil
	})
	if hint != "" {
		name = name.Description(hint)
	}
	return []huh.Field{name,
		huh.NewInput().Title(l.T("form.email")).Value(&d.email).Validate(m.validator(cases.ValidateEmail)),
		huh.NewInput().Title(l.T("form.phone")).Value(&d.phone).Validate(m.validator(cases.ValidatePhone)),
		huh.NewInput().Title(l.T("form.account")).Value(&d.account).Validate(func(s string) error {
			if strings.TrimSpace(d.email+d.phone+s) == "" {
				return errors.New(l.Err(&cases.Error{Code: cases.ErrContactRequired}))
			}
			return nil
		}),
	}
}

// corrections are the subject's details the edit form changed, as events.
func (d *dialog) corrections(c *cases.Case, now time.Time, who string) ([]cases.Event, error) {
	if c.Kind == cases.KindIncident || c.Depersonalised != nil {
		return nil, nil
	}
	var evs []cases.Event
	for _, f := range []struct{ field, value, was string }{
		{"name", d.name, c.Subject.Name}, {"email", d.email, c.Subject.Email},
		{"phone", d.phone, c.Subject.Phone}, {"account", d.account, c.Subject.Account},
	} {
		if cases.CleanLine(f.value) == f.was {
			continue
		}
		ev, err := c.CorrectSubject(f.field, f.value, now, who)
		if err != nil {
			return nil, err
		}
		evs = append(evs, ev)
	}
	return evs, nil
}
