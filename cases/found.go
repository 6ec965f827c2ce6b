package cases

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Finding is what the officer found of the subject's data in one system
// (Art. 14 p. 7 item 5: "обрабатываемые персональные данные, относящиеся к
// соответствующему субъекту"): the categories held, and the values the
// answer should give. No categories: nothing of the subject is held there.
type Finding struct {
	System     string            `json:"system"`
	Categories []string          `json:"categories,omitempty"`
	Values     map[string]string `json:"values,omitempty"`
	At         time.Time         `json:"at"`
	By         string            `json:"by"`
}

// EventFound records that a system was searched; its text names the system
// and its data the categories, never the values.
const EventFound EventType = "found"

// Error codes of findings.
const (
	ErrFoundSystem   = "found_system"
	ErrFoundCategory = "found_category"
	ErrFoundValue    = "found_value"
)

// maxValue bounds one value of a finding.
const maxValue = 2000

// RecordFound records what a search of system found for the subject. A
// later search of the same system replaces the earlier finding. systems
// are the register's systems the officer may name (any name when empty).
func (c *Case) RecordFound(f Finding, systems []string, now time.Time, officer string) (Event, error) {
	if err := c.personal(); err != nil {
		return Event{}, err
	}
	if !c.Status.Open() {
		return Event{}, errf(ErrAlreadyClosed, c.ID.String())
	}
	f.System = CleanLine(f.System)
	if f.System == "" || (len(systems) > 0 && !slices.Contains(systems, f.System)) {
		return Event{}, errf(ErrFoundSystem, f.System, strings.Join(systems, "; "))
	}
	var cats []string
	for _, cat := range f.Categories {
		if cat = CleanLine(cat); cat != "" && !slices.Contains(cats, cat) {
			cats = append(cats, cat)
		}
	}
	values := map[string]string{}
	for k, v := range f.Values {
		k, v = CleanLine(k), CleanLine(v)
		if k == "" || v == "" || utf8.RuneCountInString(v) > maxValue {
			return Event{}, errf(ErrFoundValue, k)
		}
		if !slices.Contains(cats, k) {
			return Event{}, errf(ErrFoundCategory, k, strings.Join(cats, "; "))
		}
		values[k] = v
	}
	f.Categories, f.Values, f.At, f.By = cats, values, now, officer
	if len(values) == 0 {
		f.Values = nil
	}
	c.Found = slices.DeleteFunc(c.Found, func(o Finding) bool { return o.System == f.System })
	c.Found = append(c.Found, f)
	ev := newEvent(EventFound, now, officer)
	ev.To = f.System
	ev.Data = map[string]string{"categories": Join(cats)}
	return ev, nil
}

// HeldCategories lists every category found for the subject, in the order
// found, once each.
func (c *Case) HeldCategories() []string {
	var out []string
	for _, f := range c.Found {
		out = appendNew(out, f.Categories...)
	}
	return out
}

// appendNew appends to list the items it does not hold yet, in order.
func appendNew(list []string, items ...string) []string {
	for _, it := range items {
		if !slices.Contains(list, it) {
			list = append(list, it)
		}
	}
	return list
}
