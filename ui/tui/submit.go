package tui

import (
	"fmt"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"privdesk/cases"
	"privdesk/ui/office"
)

// submit turns a completed form into a store command.
func (m *Model) submit(d *dialog) tea.Cmd {
	if cmd, ok := m.submitLegal(d); ok {
		return cmd
	}
	if cmd, ok := m.submitLetterForm(d); ok {
		return cmd
	}
	if cmd, ok := m.submitBulk(d); ok {
		return cmd
	}
	if cmd, ok := m.submitSteps(d); ok {
		return cmd
	}
	if cmd, ok := m.submitFound(d); ok {
		return cmd
	}
	if cmd, ok := m.submitAct(d); ok {
		return cmd
	}
	if d.kind == formJump {
		id, err := parseIDLoose(d.received, m.cfg.Now())
		if err != nil {
			return func() tea.Msg { return errMsg{err} }
		}
		return loadCaseCmd(m.cfg.Office, id, true)
	}
	l, now, who, st := m.cfg.L, m.cfg.Now(), m.cfg.Officer, m.cfg.Office
	switch d.kind {
	case formNew:
		in, err := d.intake()
		if err != nil {
			return func() tea.Msg { return errMsg{err} }
		}
		c, ev, err := cases.New(in, m.cfg.Rules, now, who)
		if err != nil {
			return func() tea.Msg { return errMsg{err} }
		}
		return createCmd(st, c, ev, func(id cases.ID) string { return l.T("msg.created", id.String()) })
	case formNote:
		return changeCmd(st, d.id, l.T("msg.noted", d.id.String()), func(c *cases.Case) (cases.Event, error) {
			return c.AddNote(d.text, now, who)
		})
	case formExtend:
		notice, err := cases.ParseDate(d.received)
		if err != nil {
			return func() tea.Msg { return errMsg{err} }
		}
		cal := m.cfg.Rules.Cal
		done := l.T("msg.extended", d.id.String())
		if m.file.c != nil {
			done = m.withLetterHint(done, m.file.c, "extend")
		}
		return changeCmd(st, d.id, done, func(c *cases.Case) (cases.Event, error) {
			return c.Extend(cal, d.text, notice, now, who)
		})
	case formEdit:
		return m.submitEdit(d)
	case formClose:
		o := cases.Outcome(d.outcome)
		done := l.T("msg.closed", d.id.String(), l.Text(o.Title()))
		if o == cases.OutcomeRejected && m.file.c != nil {
			done = m.withLetterHint(done, m.file.c, "reject")
		}
		if o == cases.OutcomeRejected && m.cfg.Settings.Review.Refusals {
			done = l.T("msg.submitted", d.id.String())
		}
		return changeCmd(st, d.id, done, func(c *cases.Case) (cases.Event, error) {
			return office.Close(m.cfg.Settings, c, o, d.text, now, who)
		})
	}
	return changeCmd(st, d.id, l.T("msg.reopened", d.id.String()), func(c *cases.Case) (cases.Event, error) {
		return c.Reopen(d.text, now, who)
	})
}

// submitEdit corrects the subject and changes the kind, dates and course.
func (m *Model) submitEdit(d *dialog) tea.Cmd {
	l, now, who, st := m.cfg.L, m.cfg.Now(), m.cfg.Officer, m.cfg.Office
	dateChanged := strings.TrimSpace(d.received) != d.shown
	at, err := cases.ParseTime(d.received)
	if err != nil {
		return func() tea.Msg { return errMsg{err} }
	}
	dl := m.cfg.Rules
	done := "msg.edited"
	return editSaysCmd(st, d.id, func() string { return l.T(done, d.id.String()) }, func(c *cases.Case) ([]cases.Event, error) {
		evs, err := d.corrections(c, now, who)
		if err != nil {
			return nil, err
		}
		if len(evs) > 0 {
			done = "msg.subject_corrected"
		}
		if k := cases.Kind(d.kindVal); k != c.Kind {
			ev, err := c.SetKind(k, dl, now, who)
			if err != nil {
				return nil, err
			}
			evs = append(evs, ev)
		}
		if dateChanged && !at.Equal(c.Received) {
			ev, err := c.SetReceived(at, dl, now, who)
			if err != nil {
				return nil, err
			}
			evs = append(evs, ev)
		}
		more, err := d.editLegal(c, dl, now, who)
		if err != nil {
			return nil, err
		}
		evs = append(evs, more...)
		if len(evs) > 0 && evs[len(evs)-1].Type != cases.EventSubject {
			done = "msg.edited" // the terms moved too
		}
		if len(evs) == 0 {
			return nil, &cases.Error{Code: cases.ErrUnchanged, Args: []any{c.ID.String()}}
		}
		return evs, nil
	})
}

// submitSteps records a milestone met, a step, a document, a review.
func (m *Model) submitSteps(d *dialog) (tea.Cmd, bool) {
	l, now, who, st := m.cfg.L, m.cfg.Now(), m.cfg.Officer, m.cfg.Office
	switch d.kind {
	case formDone:
		return changeCmd(st, d.id, l.T("msg.met", d.id.String()), func(c *cases.Case) (cases.Event, error) {
			if d.ground != "" && (d.text == "destroy" || d.text == "stop") {
				return c.KeepOnGround(d.ground, cases.GroundScope{Data: d.medium, Purposes: d.sheets}, now, who)
			}
			return c.Meet(d.text, now, who)
		}), true
	case formMethod, formStepFailed:
		state, method := cases.StepDone, d.outcome
		if d.kind == formStepFailed {
			state, method = cases.StepFailed, ""
		}
		cmd := editCmd(st, d.id, l.T("msg.step", l.StepName(d.step), l.StepState(state)), func(c *cases.Case) ([]cases.Event, error) {
			return c.MarkStep(d.step, state, method, d.text, now, who)
		})
		m.nextStep()
		return cmd, true
	case formAttach:
		path := d.received
		if path == "" {
			path = d.picked
		}
		doc := cases.Document{Label: d.text, Step: d.step, DocType: d.kindVal}
		if d.step != "" && m.screen == screenCase && m.file.selected().step == d.step {
			m.nextStep() // the step the document ticks is done: on to the next
		}
		return attachCmd(st, d.id, path, doc, m.cfg.Settings.MaxBytes(), now, who, l), true
	case formQuarDrop:
		return m.submitQuarDrop(d), true
	case formImport:
		m.imp = newImporting(d.received, m.width)
		maxMiB := m.cfg.Settings.Documents.MaxMiB
		return importCmd(m.cfg, d.received, func(name string, size int64) string {
			return l.T("import.too_big", name, fmt.Sprintf("%.1f", float64(size)/(1<<20)), maxMiB)
		}), true
	case formDestroy:
		no := d.doc
		how := cases.Destruction{Reason: d.text, Medium: d.medium}
		if d.sheets != "" {
			n, err := strconv.Atoi(strings.TrimSpace(d.sheets))
			if err != nil {
				return func() tea.Msg { return errMsg{&cases.Error{Code: cases.ErrDestructionDetails, Args: []any{"sheets"}}} }, true
			}
			how.Sheets = n
		}
		return destroyCmd(m.cfg, d.id, no, how, l.T("msg.destroyed_tui", no), l.T("msg.submitted", d.id.String()), m.scratch), true
	case formReview:
		if d.outcome == "decline" {
			return changeCmd(st, d.id, l.T("msg.declined", d.id.String()), func(c *cases.Case) (cases.Event, error) {
				return c.Decline(d.text, now, who)
			}), true
		}
		return approveCmd(m.cfg, d.id, l.T("msg.approved_tui", d.id.String())), true
	}
	return nil, false
}
