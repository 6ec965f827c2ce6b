package tui

import (
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"privdesk/cases"
	"privdesk/ui/office"
)

// The found form records what a search of one system found of the
// subject's data (Art. 14 p. 7 item 5), which the access answer lists.

// foundDialog asks which system was searched, which categories it holds of
// the subject (none: nothing), and the values the answer should give, one
// "category: value" a line.
func (m *Model) foundDialog(c *cases.Case) *dialog {
	l := m.cfg.L
	d := &dialog{kind: formFound, id: c.ID, found: new([]string)}
	var system huh.Field
	if names := office.Systems(m.cfg.Settings); len(names) > 0 {
		d.step = names[0]
		opts := make([]huh.Option[string], len(names))
		for i, n := range names {
			opts[i] = huh.NewOption(n, n)
		}
		system = huh.NewSelect[string]().Title(l.T("form.found_system")).Options(opts...).Value(&d.step)
	} else {
		system = huh.NewInput().Title(l.T("form.found_system")).Value(&d.step).Validate(m.required(cases.ErrFoundSystem))
	}
	cats := m.cfg.Settings.Processing.AllCategories()
	fields := []huh.Field{system}
	if len(cats) > 0 {
		opts := make([]huh.Option[string], len(cats))
		for i, cat := range cats {
			opts[i] = huh.NewOption(cat, cat)
		}
		fields = append(fields, huh.NewMultiSelect[string]().Title(l.T("form.found_categories")).
			Description(l.T("form.found_categories_hint")).Options(opts...).Value(d.found).Height(min(len(cats)+2, 10)))
	}
	fields = append(fields, huh.NewText().Title(l.T("form.found_values")).Description(l.T("form.found_values_hint")).
		Value(&d.text).Lines(3))
	d.form = m.themed(huh.NewForm(huh.NewGroup(fields...)))
	return d
}

// finding reads the form: the categories ticked, and each "category: value"
// line (a category named there is found too).
func (d *dialog) finding() cases.Finding {
	f := cases.Finding{System: d.step, Categories: slices.Clone(*d.found), Values: map[string]string{}}
	for _, line := range strings.Split(d.text, "\n") {
		k, v, ok := strings.Cut(line, ":")
		if k, v = strings.TrimSpace(k), strings.TrimSpace(v); ok && k != "" {
			f.Values[k] = v
			if !slices.Contains(f.Categories, k) {
				f.Categories = append(f.Categories, k)
			}
		}
	}
	return f
}

// submitFound records the finding.
func (m *Model) submitFound(d *dialog) (tea.Cmd, bool) {
	if d.kind != formFound {
		return nil, false
	}
	f, systems, now, who := d.finding(), office.Systems(m.cfg.Settings), m.cfg.Now(), m.cfg.Officer
	return changeCmd(m.cfg.Office, d.id, m.cfg.L.T("msg.found", f.System), func(c *cases.Case) (cases.Event, error) {
		return c.RecordFound(f, systems, now, who)
	}), true
}
