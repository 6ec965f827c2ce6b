package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"privdesk/cases"
	"privdesk/ui/l10n"
	"privdesk/ui/office"
)

// How a case is shown: as JSON for scripts, as text for people.

type subjectJSON = cases.Subject

type milestoneJSON struct {
	Key         string  `json:"key"`
	Met         bool    `json:"met"`
	MetAt       *string `json:"met_at"`
	Late        bool    `json:"late"` // met after its end, or open past it
	Title       string  `json:"title"`
	Basis       string  `json:"basis"`
	Unit        string  `json:"unit"`
	N           int     `json:"n"`
	Due         string  `json:"due"`
	DueAt       string  `json:"due_at"`
	DueMoved    *string `json:"due_moved"`             // the first working day after a term ending on a day off
	DueNominal  *string `json:"due_nominal,omitempty"` // records of older builds: the date before it was moved
	Quoted      bool    `json:"quoted"`                // the date Roskomnadzor set in its request
	Ground      string  `json:"ground,omitempty"`
	Extendable  bool    `json:"extendable"`
	Extended    bool    `json:"extended"`
	Provisional bool    `json:"provisional"`
}

type caseJSON struct {
	ID          string          `json:"id"`
	Kind        cases.Kind      `json:"kind"`
	Status      cases.Status    `json:"status"`
	Subject     subjectJSON     `json:"subject"`
	Channel     cases.Channel   `json:"channel"`
	Received    string          `json:"received"`
	Summary     string          `json:"summary"`
	Due         string          `json:"due"`
	DueAt       *string         `json:"due_at"` // null when every milestone is met
	Overdue     bool            `json:"overdue"`
	Provisional bool            `json:"provisional"`
	Assignee    string          `json:"assignee"`
	Outcome     cases.Outcome   `json:"outcome"`
	Reason      string          `json:"reason"`
	Milestones  []milestoneJSON `json:"milestones"`
	Triage      bool            `json:"triage"`
	RepeatOf    *cases.ID       `json:"repeat_of"`
	DuplicateOf *cases.ID       `json:"duplicate_of"`
	Events      []cases.Event   `json:"events,omitempty"`
}

func toJSON(c *cases.Case, evs []cases.Event, now time.Time, l *l10n.Printer) caseJSON {
	j := caseJSON{
		ID: c.ID.String(), Kind: c.Kind, Status: c.Status, Subject: c.Subject, Channel: c.Channel,
		Received: c.Received.Format(time.RFC3339), Summary: c.Summary, Due: c.Due().String(),
		Overdue: c.Overdue(now), DuplicateOf: c.DuplicateOf,
		Provisional: c.Provisional(), Assignee: c.Assignee, Outcome: c.Outcome, Reason: c.Reason,
		Milestones: []milestoneJSON{}, Events: evs, Triage: c.Triage, RepeatOf: c.RepeatOf,
	}
	if at := c.DueAt(); !at.IsZero() {
		s := at.In(cases.Moscow).Format(time.RFC3339)
		j.DueAt = &s
	}
	for _, m := range c.Milestones {
		mj := milestoneJSON{Key: m.Key, Title: l.Text(m.Title), Basis: l.Text(m.Basis), Unit: string(m.Unit), N: m.N,
			Due: m.Due.String(), DueAt: m.DueAt.In(cases.Moscow).Format(time.RFC3339),
			Extendable: m.Extendable, Extended: m.Extension != nil, Provisional: m.Provisional,
			Met: m.Met != nil, Late: (m.Met != nil && m.Met.After(m.DueAt)) || (m.Met == nil && now.After(m.DueAt))}
		if m.Met != nil {
			s := m.Met.In(cases.Moscow).Format(time.RFC3339)
			mj.MetAt = &s
		}
		if m.Moved != nil {
			s := m.Moved.String()
			mj.DueMoved = &s
		}
		if m.Nominal != nil {
			s := m.Nominal.String()
			mj.DueNominal = &s
		}
		mj.Quoted, mj.Ground = m.Quoted, m.Ground
		j.Milestones = append(j.Milestones, mj)
	}
	return j
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func (a *app) printCase(w io.Writer, c *cases.Case, evs []cases.Event, oldestFirst bool) {
	l := a.l
	row := func(label, v string) {
		if v != "" {
			fmt.Fprintf(w, "%-14s %s\n", l.T(label)+":", v)
		}
	}
	fmt.Fprintf(w, "%s  %s\n", c.ID, l.Text(c.Kind.Info().Title))
	// The same facts as the desk's case file (office.CaseFacts); the
	// subject's earlier requests follow the timeline (printEarlier).
	for _, f := range office.CaseFacts(c, nil, l) {
		switch {
		case f.Notice != "":
			label, text := cliNotice(f, l)
			row(label, text)
		case f.Label != "":
			row(f.Label, f.Value)
		}
	}
	for _, m := range c.Milestones {
		row("f.milestone", milestoneLine(m, l))
	}
	a.printLists(w, c)
	fmt.Fprintln(w)
	fmt.Fprintln(w, l.T("f.timeline"))
	if !oldestFirst { // newest first, as the desk shows it
		evs = slices.Clone(evs)
		slices.Reverse(evs)
	}
	for _, e := range evs {
		fmt.Fprintf(w, "  %s  %-10s %s\n", e.At.In(cases.Moscow).Format("2006-01-02 15:04"), e.Officer, l.Event(e))
	}
}

// cliNotice words a notice of the case file for the command line: its
// label and what to run.
func cliNotice(f office.Fact, l *l10n.Printer) (label, text string) {
	switch f.Notice {
	case "triage":
		return "f.triage", l.T("f.triage_hint", f.Args...)
	case "duplicate":
		return "f.duplicate", l.T("f.duplicate_hint", f.Args...)
	case "repeat":
		return "f.repeat", l.T("f.repeat_cli", f.Args...) // the desk's key means nothing here
	}
	return "f.review", l.T("f.pending", f.Args...)
}

// milestoneLine is a milestone in one line: its due, title and basis, and
// when it was met, on which ground, or how its date moved.
func milestoneLine(m cases.Milestone, l *l10n.Printer) string {
	due := m.Due.String()
	if m.Unit == cases.UnitHours || m.Unit == cases.UnitImmediately {
		due = l.Time(m.DueAt)
	}
	line := fmt.Sprintf("%s — %s (%s)", due, l.Text(m.Title), l.Text(m.Basis))
	if m.Met != nil {
		key := "f.met"
		if m.Met.After(m.DueAt) {
			key = "f.met_late"
		}
		line = "✓ " + line + " — " + l.T(key, m.Met.In(cases.Moscow).Format("2006-01-02 15:04"))
	}
	if m.Ground != "" {
		line += " — " + l.T("ms.ground", l.Text(cases.GroundTitle(m.Ground)))
	}
	if m.Moved != nil && m.Met == nil {
		line += " — " + l.T("ms.moved", m.Moved.String())
	}
	return line
}

// printLists writes the checklist and the documents of a case.
func (a *app) printLists(w io.Writer, c *cases.Case) {
	l := a.l
	if len(c.Steps) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, l.T("f.steps"))
		for _, s := range c.Steps {
			fmt.Fprintf(w, "  [%s] %-20s %s\n", stepMark(s.State), s.Key, l.Text(s.Title))
		}
	}
	if len(c.Documents) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, l.T("f.documents"))
		for _, d := range c.Documents {
			fmt.Fprintf(w, "  %d  %s\n", d.No, strings.ReplaceAll(a.docLine(d), "\t", "  "))
		}
	}
}

// printEarlier lists the subject's other requests, as information: only a
// request for information can be a repeat (Art. 14 p. 4–6).
func (a *app) printEarlier(w io.Writer, earlier []*cases.Case) {
	if len(earlier) == 0 {
		return
	}
	slices.SortFunc(earlier, func(x, y *cases.Case) int { return x.Received.Compare(y.Received) })
	fmt.Fprintln(w)
	fmt.Fprintln(w, a.l.T("f.earlier"))
	for _, e := range earlier {
		fmt.Fprintf(w, "  %s  %s  %s  %s\n", e.ID, cases.DateOf(e.Received), a.l.Text(e.Kind.Info().Short), a.l.Text(e.Status.Title()))
	}
}

// stepMark is a checklist box: x done, ! failed, - not applicable.
func stepMark(s cases.StepState) string {
	switch s {
	case cases.StepDone:
		return "x"
	case cases.StepFailed:
		return "!"
	case cases.StepNA:
		return "-"
	}
	return " "
}
