package cases

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// RulesVersion is the legal model this build computes deadlines and
// checklists by: 1 was the first model; 2 adds branches, the evidence
// anchor, nominal 30-day dates, verification by kind, the triage target and
// incidents without a subject.
const RulesVersion = 2

// Migrate brings an open case to the current legal model: its milestones are
// computed afresh (what was met stays met) and its checklist merged (what
// was worked stays). It returns the event that records the change, and
// false when nothing changed. A closed case keeps its history as it was.
func (c *Case) Migrate(dl *Rules, now time.Time) (Event, bool, error) {
	if !c.Status.Open() {
		return Event{}, false, nil
	}
	if c.Kind == KindIncident && c.Incident == nil {
		c.Incident = ReportedIncident(c.Received, c.Summary)
	}
	before := describe(c)
	ms, err := c.milestones(c.Kind, c.Branch, dl)
	if err != nil {
		return Event{}, false, err
	}
	c.adopt(ms)
	c.MergeSteps(dl.Steps)
	after := describe(c)
	if slices.Equal(before, after) {
		return Event{}, false, nil
	}
	var changes []string
	for _, a := range after {
		if !slices.Contains(before, a) {
			changes = append(changes, "+"+a)
		}
	}
	for _, b := range before {
		if !slices.Contains(after, b) {
			changes = append(changes, "-"+b)
		}
	}
	ev := newEvent(EventMigrated, now, "privdesk")
	ev.Text = strings.Join(changes, "; ")
	ev.From, ev.To = "1", fmt.Sprint(RulesVersion)
	return ev, true, nil
}

// describe lists a case's milestones (key and due day) and steps.
func describe(c *Case) []string {
	var out []string
	for _, m := range c.Milestones {
		out = append(out, m.Key+" "+m.Due.String())
	}
	for _, s := range c.Steps {
		out = append(out, "step "+s.Key)
	}
	return out
}
