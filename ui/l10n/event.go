package l10n

import "privdesk/cases"

// Event describes a timeline entry in one line.
func (p *Printer) Event(e cases.Event) string {
	status := func(s string) string { return p.Text(cases.Status(s).Title()) }
	kind := func(s string) string { return p.Text(cases.Kind(s).Info().Short) }
	switch e.Type {
	case cases.EventCreated:
		return p.T("ev.created", kind(e.To))
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
	case cases.EventKind:
		return p.T("ev.kind", kind(e.From), kind(e.To))
	case cases.EventReceived:
		return p.T("ev.received", e.From, e.To)
	case cases.EventExtended:
		return p.T("ev.extended", e.To, e.Text)
	}
	return string(e.Type)
}
