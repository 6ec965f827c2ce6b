package cases

import (
	"reflect"
	"slices"
)

// Records keep keys, not texts: a milestone's title and legal basis and a
// step's title and template are the catalog's (Terms, and the step
// templates of Rules) for the case's kind and branch. Stored leaves out of
// the record what the catalog gives back, and Expand puts it back when the
// record is read. A text the catalog does not give (an older legal
// model's, a milestone of another kind) is kept in the record as it is.

// Stored is c as its record keeps it: a copy whose milestones and steps
// hold only what the catalog r cannot give back. c itself is unchanged.
func (c *Case) Stored(r *Rules) *Case {
	out := *c
	terms := Terms(c.Kind, c.Branch, r.PasswordResetDays)
	if len(c.Milestones) > 0 {
		out.Milestones = slices.Clone(c.Milestones)
		for i := range out.Milestones {
			m := &out.Milestones[i]
			if t, ok := termOf(terms, m.Key); ok && t.Title == m.Title && t.Basis == m.Basis {
				m.Title, m.Basis = Text{}, Text{}
			}
		}
	}
	if len(c.Steps) > 0 {
		out.Steps = slices.Clone(c.Steps)
		for i := range out.Steps {
			s := &out.Steps[i]
			if t, ok := r.Steps.template(c.Kind, c.Branch, s.Key); ok && t.same(s.StepTemplate) {
				s.StepTemplate = StepTemplate{Key: s.Key}
			}
		}
	}
	return &out
}

// Expand puts back into c, read from its record, the texts and templates
// the catalog r gives for its keys.
func (c *Case) Expand(r *Rules) {
	var terms []Term
	for i := range c.Milestones {
		m := &c.Milestones[i]
		if !m.Title.IsZero() {
			continue
		}
		if terms == nil {
			terms = Terms(c.Kind, c.Branch, r.PasswordResetDays)
		}
		if t, ok := termOf(terms, m.Key); ok {
			m.Title, m.Basis = t.Title, t.Basis
		}
	}
	for i := range c.Steps {
		s := &c.Steps[i]
		if !s.Title.IsZero() {
			continue
		}
		if t, ok := r.Steps.template(c.Kind, c.Branch, s.Key); ok {
			s.StepTemplate = t
		}
	}
}

func termOf(terms []Term, key string) (Term, bool) {
	for _, t := range terms {
		if t.Key == key {
			return t, true
		}
	}
	return Term{}, false
}

// template is the step key of kind k on branch, as NewSteps copies it: the
// first of that key in the kind's list, then the branch's.
func (t StepTemplates) template(k Kind, branch, key string) (StepTemplate, bool) {
	lists := [][]StepTemplate{t[string(k)]}
	if branch != "" {
		lists = append(lists, t[string(k)+":"+branch])
	}
	for _, list := range lists {
		for _, st := range list {
			if st.Key == key {
				return st, true
			}
		}
	}
	return StepTemplate{}, false
}

// same tells whether two templates are equal in every field.
func (t StepTemplate) same(o StepTemplate) bool { return reflect.DeepEqual(t, o) }
