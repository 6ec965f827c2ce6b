package office

import (
	"strings"

	"privdesk/cases"
	"privdesk/ui/l10n"
	"privdesk/ui/office/config"
)

// The case file's facts, written once for the desk and for privdesk show:
// each front end lays them out (and words its notices) in its own way, but
// neither can show a fact the other leaves out.

// Fact is one line of the case file: a labelled value, or a notice to the
// officer (Notice names it; Args are its values).
type Fact struct {
	// Section is the catalog key of the section this fact opens, if any.
	Section string
	Label   string // catalog key
	Value   string
	Notice  string // triage, duplicate, repeat, pending
	Args    []any
}

// CaseFacts are a case's facts, in the case file's order: the header, the
// subject or the incident, the request. earlier are the subject's other
// requests.
func CaseFacts(c *cases.Case, earlier []*cases.Case, l *l10n.Printer) []Fact {
	var fs []Fact
	add := func(label, v string) {
		if v != "" {
			fs = append(fs, Fact{Label: label, Value: v})
		}
	}
	status := l.Text(c.Status.Title())
	if c.Outcome != "" {
		status += " — " + l.Text(c.Outcome.Title())
	}
	add("f.status", status)
	add("f.reason", c.Reason)
	if c.AwaitsTriage() {
		fs = append(fs, Fact{Notice: "triage", Args: []any{c.ID.String()}})
	}
	if c.DuplicateOf != nil {
		fs = append(fs, Fact{Notice: "duplicate", Args: []any{c.DuplicateOf.String()}})
	}
	if c.RepeatOf != nil {
		fs = append(fs, Fact{Notice: "repeat", Args: []any{c.RepeatOf.String()}})
	}
	if p := c.Pending; p != nil {
		fs = append(fs, Fact{Notice: "pending", Args: []any{l.T("action." + p.Action), p.By, cases.SafeLine(p.Reason), c.ID.String()}})
	}
	add("f.basis", l.Text(c.Kind.Info().Article))
	add("f.assignee", c.Assignee)
	fs = append(fs, whoFacts(c, l)...)
	fs = append(fs, Fact{Section: "f.request", Label: "f.channel", Value: l.Text(c.Channel.Title())})
	add("f.received", l.Time(c.Received))
	if c.Evidence != nil {
		add("f.evidence", l.Time(*c.Evidence))
	}
	if c.Branch != "" {
		add("f.branch", l.T("branch."+c.Branch))
	} else if len(cases.Branches(c.Kind)) > 0 && c.Status.Open() {
		add("f.branch", l.T("f.branch_pending"))
	}
	add("f.summary", c.Summary)
	for _, f := range c.Found {
		held := l.T("f.found_nothing")
		if len(f.Categories) > 0 {
			held = strings.Join(f.Categories, "; ")
		}
		add("f.found", f.System+": "+held)
	}
	for _, a := range c.Acts {
		add("f.acts", a.No+" ("+a.Date.String()+")")
	}
	for _, lt := range c.Letters {
		state := l.T("letter.state_issued") + " " + cases.DateOf(lt.Issued).String()
		if lt.Sent != nil {
			state = l.T("letter.state_sent") + " " + cases.DateOf(*lt.Sent).String() + " (" + l.T("via."+lt.Via) + ")"
		}
		add("f.letters", lt.Number+"  "+lt.Title+" — "+state)
	}
	for _, e := range earlier {
		add("f.earlier_one", e.ID.String()+"  "+cases.DateOf(e.Received).String()+"  "+l.Text(e.Kind.Info().Short))
	}
	return fs
}

// whoFacts are the subject's details, or an incident's.
func whoFacts(c *cases.Case, l *l10n.Printer) []Fact {
	var fs []Fact
	add := func(label, v string) {
		if v != "" {
			fs = append(fs, Fact{Label: label, Value: v})
		}
	}
	section := "f.subject"
	if in := c.Incident; in != nil {
		section = "f.incident"
		add("f.detected", l.DetectedAt(in.DetectedAt)+", "+l.Text(cases.DetectorTitle(in.DetectedBy)))
		add("f.description", in.Description)
		add("f.categories", strings.Join(in.Categories, "; "))
		if in.Subjects > 0 || in.Records > 0 {
			add("f.affected", l.T("f.affected_n", in.Subjects, in.Records))
		}
		add("f.causes", in.Causes)
		add("f.harm", in.Harm)
		add("f.measures", in.Measures)
		add("f.contact", in.Contact)
		add("f.investigation", in.Investigation)
		add("f.responsible", in.Responsible)
	} else {
		add("f.name", c.Subject.Name)
		add("f.email", c.Subject.Email)
		add("f.phone", c.Subject.Phone)
		add("f.account", c.Subject.Account)
		add("f.representative", c.Subject.Representative)
	}
	if len(fs) == 0 {
		fs = append(fs, Fact{})
	}
	fs[0].Section = section
	return fs
}

// Systems are the names of the register's systems, which a finding, a
// destruction and a notice name; none configured: any name.
func Systems(set config.Settings) []string {
	var out []string
	for _, s := range set.Processing.Systems {
		out = append(out, s.Name)
	}
	return out
}
