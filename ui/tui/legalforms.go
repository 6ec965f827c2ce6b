package tui

import (
	"strconv"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"privdesk/cases"
)

// Forms of the legal model: an incident's details, the course a case takes
// after its check, a destruction done in another system, and the ground on
// which processing continues after a withdrawal.

// legal holds what those forms bind.
type legal struct {
	detectedBy, description, categories, subjects, records string
	system, how, evidence, rknDue, ground                  string
}

// incidentGroup is the new-case form's page for an incident, shown
// instead of the subject's when the kind is incident.
func (m *Model) incidentGroup(d *dialog) *huh.Group {
	l := m.cfg.L
	d.detectedBy = "operator"
	who := make([]huh.Option[string], len(cases.Detectors))
	for i, k := range cases.Detectors {
		who[i] = huh.NewOption(l.Text(cases.DetectorTitle(k)), k)
	}
	number := m.validator(func(s string) error {
		if s == "" {
			return nil
		}
		if n, err := strconv.Atoi(s); err != nil || n < 0 {
			return &cases.Error{Code: cases.ErrIncidentDetails, Args: []any{"subjects, records", ">= 0"}}
		}
		return nil
	})
	return huh.NewGroup(
		huh.NewSelect[string]().Title(l.T("form.detected_by")).Options(who...).Value(&d.detectedBy),
		huh.NewText().Title(l.T("form.description")).Value(&d.description).Lines(3).
			Validate(m.required(cases.ErrIncidentDetails)),
		huh.NewInput().Title(l.T("form.categories")).Description(l.T("form.categories_hint")).Value(&d.categories),
		huh.NewInput().Title(l.T("form.subjects")).Value(&d.subjects).Validate(number),
		huh.NewInput().Title(l.T("form.records")).Value(&d.records).Validate(number),
	).WithHideFunc(func() bool { return d.kindVal != string(cases.KindIncident) })
}

// incident is the incident the new-case form describes.
func (d *dialog) incident(detected time.Time) *cases.Incident {
	in := &cases.Incident{DetectedBy: d.detectedBy, DetectedAt: detected, Description: d.description,
		Categories: strings.Split(d.categories, ";")}
	in.Subjects, _ = strconv.Atoi(strings.TrimSpace(d.subjects))
	in.Records, _ = strconv.Atoi(strings.TrimSpace(d.records))
	return in
}

// branchDialog asks which course the case takes after its check.
func (m *Model) branchDialog(c *cases.Case) *dialog {
	l := m.cfg.L
	d := &dialog{kind: formBranch, id: c.ID, outcome: c.Branch}
	var opts []huh.Option[string]
	for _, b := range cases.Branches(c.Kind) {
		opts = append(opts, huh.NewOption(l.T("branch."+b), b))
	}
	if d.outcome == "" {
		d.outcome = cases.Branches(c.Kind)[0]
	}
	d.form = m.themed(huh.NewForm(huh.NewGroup(
		huh.NewSelect[string]().Title(l.T("form.branch", c.ID.String())).Description(l.T("form.branch_hint")).
			Options(opts...).Value(&d.outcome),
	)))
	return d
}

// destroyStepDialog asks where and how data were destroyed outside privdesk.
func (m *Model) destroyStepDialog(c *cases.Case, step string) *dialog {
	l := m.cfg.L
	d := &dialog{kind: formDestroyStep, id: c.ID, step: step}
	d.form = m.themed(huh.NewForm(huh.NewGroup(
		huh.NewInput().Title(l.T("form.system")).Description(l.T("form.system_hint")).Value(&d.system).
			Validate(m.required(cases.ErrDestructionDetails)),
		huh.NewInput().Title(l.T("form.how")).Value(&d.how).Validate(m.required(cases.ErrDestructionDetails)),
		huh.NewInput().Title(l.T("form.categories")).Description(l.T("form.categories_hint")).Value(&d.categories),
		huh.NewInput().Title(l.T("form.medium")).Description(l.T("form.medium_hint")).Value(&d.medium),
		huh.NewInput().Title(l.T("form.sheets")).Value(&d.sheets),
	)))
	return d
}

// destruction is what the destroying-step form describes.
func (d *dialog) destruction() (*cases.Destruction, error) {
	out := &cases.Destruction{System: d.system, How: d.how, Categories: strings.Split(d.categories, ";"), Medium: d.medium}
	if s := strings.TrimSpace(d.sheets); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			return nil, &cases.Error{Code: cases.ErrDestructionDetails, Args: []any{"sheets"}}
		}
		out.Sheets = n
	}
	return out, nil
}

// groundOptions are the choices of the "met" form for a withdrawal's second
// duty: destroyed, or one of the grounds to continue processing.
func (m *Model) groundGroup(d *dialog, c *cases.Case) *huh.Group {
	l := m.cfg.L
	none := "form.ground_destroyed"
	if c.Kind == cases.KindStopProcessing {
		none = "form.ground_stopped"
	}
	opts := []huh.Option[string]{huh.NewOption(l.T(none), "")}
	for _, g := range cases.Grounds {
		opts = append(opts, huh.NewOption(l.Text(g.Title), g.Key))
	}
	return huh.NewGroup(
		huh.NewSelect[string]().Title(l.T("form.ground")).Options(opts...).Value(&d.ground).Height(8),
		huh.NewInput().Title(l.T("form.ground_data")).Value(&d.medium),
		huh.NewInput().Title(l.T("form.ground_purposes")).Value(&d.sheets),
	).WithHideFunc(func() bool {
		withdrawal := d.text == "destroy" && c.Kind == cases.KindWithdrawConsent
		stop := d.text == "stop" && c.Kind == cases.KindStopProcessing
		return !(withdrawal || stop) || c.Branch != ""
	})
}

// editExtras are the edit form's fields for the evidence date and, for a
// Roskomnadzor request, the date it set.
func (m *Model) editExtras(d *dialog, c *cases.Case) []huh.Field {
	l := m.cfg.L
	optionalTime := m.validator(func(s string) error {
		if s == "" {
			return nil
		}
		_, err := cases.ParseTime(s)
		return err
	})
	if c.Evidence != nil {
		d.evidence = c.Evidence.In(cases.Moscow).Format("2006-01-02 15:04")
	}
	fields := []huh.Field{huh.NewInput().Title(l.T("form.evidence")).Description(l.T("form.evidence_hint")).
		Value(&d.evidence).Validate(optionalTime)}
	if c.Kind == cases.KindAuthority {
		if c.QuotedDue != nil {
			d.rknDue = c.QuotedDue.String()
		}
		fields = append(fields, huh.NewInput().Title(l.T("form.rkn_due")).Value(&d.rknDue).Validate(optionalTime))
	}
	return fields
}

// submitLegal turns the legal forms into store commands; ok is false for
// other forms.
func (m *Model) submitLegal(d *dialog) (tea.Cmd, bool) {
	l, st, now, who := m.cfg.L, m.cfg.Office, m.cfg.Now(), m.cfg.Officer
	switch d.kind {
	case formBranch:
		dl := m.cfg.Rules
		return changeCmd(st, d.id, l.T("msg.branch", d.id.String(), l.T("branch."+d.outcome)), func(c *cases.Case) (cases.Event, error) {
			return c.SetBranch(d.outcome, dl, now, who)
		}), true
	case formDestroyStep:
		dest, err := d.destruction()
		if err != nil {
			return func() tea.Msg { return errMsg{err} }, true
		}
		mark := cases.StepMark{State: cases.StepDone, Destruction: dest}
		m.nextStep()
		return editCmd(st, d.id, l.T("msg.step", l.StepName(d.step), l.StepState(cases.StepDone)), func(c *cases.Case) ([]cases.Event, error) {
			return c.Mark(d.step, mark, now, who)
		}), true
	}
	return nil, false
}

// editLegal applies the edit form's evidence and RKN date to c.
func (d *dialog) editLegal(c *cases.Case, dl *cases.Rules, now time.Time, who string) ([]cases.Event, error) {
	var evs []cases.Event
	if s := strings.TrimSpace(d.evidence); s != "" {
		at, err := cases.ParseTime(s)
		if err != nil {
			return nil, err
		}
		if c.Evidence == nil || !at.Equal(c.Evidence.Truncate(time.Minute)) {
			ev, err := c.SetEvidence(at, dl, now, who)
			if err != nil {
				return nil, err
			}
			evs = append(evs, ev)
		}
	}
	if s := strings.TrimSpace(d.rknDue); s != "" {
		day, err := cases.ParseDate(s)
		if err != nil {
			return nil, err
		}
		if c.QuotedDue == nil || *c.QuotedDue != day {
			ev, err := c.SetQuotedDue(day, dl, now, who)
			if err != nil {
				return nil, err
			}
			evs = append(evs, ev)
		}
	}
	return evs, nil
}
