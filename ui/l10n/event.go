package l10n

import (
	"strings"
	"time"

	"privdesk/assets"
	"privdesk/cases"
)

// Event describes a timeline entry in one line.
func (p *Printer) Event(e cases.Event) string {
	status := func(s string) string { return p.Text(cases.Status(s).Title()) }
	kind := func(s string) string { return p.Text(cases.Kind(s).Info().Short) }
	switch e.Type {
	case cases.EventCreated:
		out := p.T("ev.created", kind(e.To))
		if src := e.Data["source"]; src != "" {
			out += " " + p.T("ev.imported", src)
		}
		if e.Data["received_from"] == "file_time" {
			out += " " + p.T("ev.received_guessed")
		}
		return out
	case cases.EventNote:
		return p.T("ev.note", e.Text)
	case cases.EventStatus:
		return p.T("ev.status", status(e.From), status(e.To))
	case cases.EventClosed:
		if e.Text != "" {
			return p.T("ev.closed_reason", p.Text(cases.Outcome(e.To).Title()), e.Text)
		}
		return p.T("ev.closed", p.Text(cases.Outcome(e.To).Title()))
	case cases.EventReopened:
		return p.T("ev.reopened", e.Text)
	case cases.EventKind, cases.EventReceived:
		from, to := e.From, e.To
		key := "ev.received"
		if e.Type == cases.EventKind {
			from, to, key = kind(from), kind(to), "ev.kind"
		}
		s := p.T(key, from, to)
		if e.Text == cases.NoteExtensionDropped {
			s += " " + p.T("ev.extension_dropped")
		}
		return s
	case cases.EventExtended:
		return p.T("ev.extended", e.To, e.Text)
	case cases.EventStep:
		key, state, _ := strings.Cut(e.To, "=")
		out := p.T("ev.step", p.StepName(key), p.StepState(cases.StepState(state)))
		if m := e.Data["method"]; m != "" {
			out += " (" + p.T("method."+m) + ")"
		}
		if e.Text != "" {
			out += " — " + e.Text
		}
		return out
	}
	return p.eventMore(e)
}

// eventMore describes the events of documents, terms, acts, letters and
// review.
func (p *Printer) eventMore(e cases.Event) string {
	switch e.Type {
	case cases.EventAttached:
		if e.Text == "" {
			return p.T("ev.attached_plain", e.To, e.Data["type"])
		}
		return p.T("ev.attached", e.To, e.Text, e.Data["type"])
	case cases.EventDestroyed:
		return p.T("ev.destroyed", e.To, e.Text)
	case cases.EventRedacted:
		return p.T("ev.redacted", e.To, e.Text)
	case cases.EventMilestone:
		name := p.MilestoneName(e.To)
		if t, ok := cases.TermTitleIn(e.From, e.To); ok {
			name = p.Text(t) // the term as the case's own course names it
		}
		switch {
		case e.Data["ground"] != "":
			return p.T("ev.milestone_ground", name, p.Text(cases.GroundTitle(e.Data["ground"])))
		case e.Text == cases.NoteLate:
			return p.T("ev.milestone_late", name)
		}
		return p.T("ev.milestone", name)
	case cases.EventBranch:
		return p.T("ev.branch", p.T("branch."+e.To))
	case cases.EventEvidence:
		if at, err := time.Parse(time.RFC3339, e.To); err == nil {
			return p.T("ev.evidence", p.Time(at))
		}
		return p.T("ev.evidence", e.To)
	case cases.EventQuotedDue:
		return p.T("ev.quoted_due", e.To)
	case cases.EventIncident:
		return p.T("ev.incident")
	case cases.EventMigrated:
		return p.T("ev.migrated", e.Text)
	case cases.EventAct:
		return p.T("ev.act", e.To)
	case cases.EventHold:
		return p.T("ev.hold", e.To, e.Text)
	case cases.EventSubject:
		if e.Redacted {
			return p.T("ev.subject", p.T("subject."+e.To), "…", "…")
		}
		return p.T("ev.subject", p.T("subject."+e.To), quoted(e.Data["old"]), quoted(e.Data["new"]))
	case cases.EventCorrection:
		return p.T("ev.correction", "#"+e.Data["undoes"])
	case cases.EventLetterConfirmed:
		return p.T("ev.letter_confirmed", e.Text)
	case cases.EventFound:
		if e.Data["categories"] == "" {
			return p.T("ev.found_nothing", e.To)
		}
		return p.T("ev.found", e.To, e.Data["categories"])
	case cases.EventErased:
		return p.T("ev.erased", e.To, e.Data["tables"], e.Data["categories"])
	case cases.EventAssigned:
		return p.T("ev.assigned", e.From, e.To)
	case cases.EventSubmitted:
		return p.T("ev.submitted", p.T("action."+e.To), e.Text)
	case cases.EventApproved:
		return p.T("ev.approved", p.T("action."+e.To), e.From)
	case cases.EventDeclined:
		return p.T("ev.declined", p.T("action."+e.To), e.From, e.Text)
	case cases.EventLetter:
		tpl := e.Data["template"]
		if Has("tpl." + tpl) {
			tpl = p.T("tpl." + tpl)
		}
		return p.T("ev.letter", e.Text, tpl)
	case cases.EventLetterSent:
		via := e.Text
		if Has("via." + via) {
			via = p.T("via." + via)
		}
		return p.T("ev.letter_sent", e.Data["number"], via)
	}
	return string(e.Type)
}

// Counted explains how a milestone's date was counted.
func (p *Printer) Counted(m cases.Milestone) string {
	switch m.Unit {
	case cases.UnitWorkingDays:
		return p.T("ms.wd", m.N, cases.DateOf(m.Anchor).String())
	case cases.UnitInternal:
		return p.T("ms.internal", m.N, cases.DateOf(m.Anchor).String())
	case cases.UnitCalendarDays:
		return p.T("ms.cd", m.N, cases.DateOf(m.Anchor).String())
	case cases.UnitHours:
		return p.T("ms.hours", m.N, p.Time(m.Anchor))
	case cases.UnitMonths:
		return p.T("ms.months", m.N, cases.DateOf(m.Anchor).String())
	}
	return p.T("ms.immediately")
}

// StepState names a checklist state.
func (p *Printer) StepState(s cases.StepState) string {
	switch s {
	case cases.StepDone:
		return p.T("step.done")
	case cases.StepFailed:
		return p.T("step.failed")
	case cases.StepNA:
		return p.T("step.na")
	}
	return p.T("step.pending")
}

// Time writes a moment in Moscow time, which every deadline is counted in,
// marked МСК or MSK; the record keeps the zone it was given in.
func (p *Printer) Time(t time.Time) string {
	return t.In(cases.Moscow).Format("2006-01-02 15:04") + " " + p.T("tz.msk")
}

// DetectedAt is a moment in Moscow time, followed by the offset it was given
// in when that was another zone: the record keeps the anchor's zone.
func (p *Printer) DetectedAt(t time.Time) string {
	out := p.Time(t)
	if _, off := t.Zone(); off != 3*3600 {
		out += " (" + p.T("f.given_as", t.Format("2006-01-02 15:04 -07:00")) + ")"
	}
	return out
}

var stepTitles = func() cases.StepTemplates {
	t, _ := cases.ParseSteps(assets.Steps) // checked by the tests of assets
	return t
}()

// StepName is a step's title in the printer's language; the desk never
// shows a step's internal key.
func (p *Printer) StepName(key string) string {
	if t, ok := stepTitles.Title(key); ok {
		return p.Text(t)
	}
	return key
}

// MilestoneName is a milestone's title in the printer's language.
func (p *Printer) MilestoneName(key string) string {
	if t, ok := cases.TermTitle(key); ok {
		return p.Text(t)
	}
	return key
}

// quoted shows a value in «», and an empty one as a dash.
func quoted(s string) string {
	if s == "" {
		return "—"
	}
	return "«" + s + "»"
}
