package letters

import (
	"strings"
	"time"

	"privdesk/cases"
)

// The facts a letter states beyond the case's own fields: a refusal's
// ground and the repeat it answers, the extended date, the measures done
// and a continuing ground, what Roskomnadzor is told, the addressee.

// prepare fills what a template needs beyond the case: a refusal's ground,
// the extended date.
func prepare(d *data, t Template, r Request) error {
	switch t.Name {
	case "access-answer":
		// Item 5 lists what the searches found (Art. 14 p. 7); the
		// register's list only when the officer chose it, labelled so.
		if len(r.Case.Found) == 0 && d.Args["register_list"] != "yes" {
			return &cases.Error{Code: ErrNotSearched, Args: []any{r.Case.ID.String()}}
		}
		d.Held = len(r.Case.Found) == 0 || len(r.Case.HeldCategories()) > 0
	case "refusal":
		ref, err := r.Case.CheckRefusal(d.Args, r.Earlier, r.Corrects)
		if err != nil {
			return err
		}
		d.Refusal, d.Ground = &ref, &ref.Ground.Text
	case "action-notice", "third-party-notice":
		if len(remedies(r.Case)) == 0 {
			return &cases.Error{Code: ErrNoRemedy, Args: []any{r.Case.ID.String()}}
		}
		for _, m := range r.Case.Milestones {
			if m.Ground != "" && m.Scope != nil {
				d.Continuing = &Continuing{Ground: cases.GroundTitle(m.Ground), Scope: *m.Scope}
			}
		}
		if t.Name == "third-party-notice" {
			return thirdParty(d, r)
		}
	case "authority-answer", "remedy-notice":
		return authorityFacts(d, t, r)
	case "extension-notice":
		for i := range r.Case.Milestones {
			if m := &r.Case.Milestones[i]; m.Extendable && m.Extension == nil && m.Met == nil {
				d.Milestone = m
				if ext, _, err := m.ExtendedDue(r.Cal); err == nil {
					d.Args["extended_due"] = funcs(r.Lang)["day"].(func(cases.Date) string)(ext)
				}
			}
		}
		if d.Milestone == nil {
			return &cases.Error{Code: cases.ErrNotExtendable, Args: []any{r.Case.Kind.Info().Title}}
		}
		// A notice written after the term ran out cannot extend it.
		if today := cases.DateOf(r.Now); today > d.Milestone.Due {
			return &cases.Error{Code: cases.ErrNoticeLate, Args: []any{today.String(), d.Milestone.Due.String()}}
		}
	}
	return nil
}

// addressBlock fills how the letter names its addressee and where it goes.
// An answer to Roskomnadzor's request goes to the office that wrote, at its
// address, and cites their number and date.
func addressBlock(d *data, r Request, t Template) error {
	switch {
	case t.ToRKN && r.Case.Kind == cases.KindAuthority:
		for _, f := range []string{"office", "office_address", "ref", "ref_date"} {
			if strings.TrimSpace(d.Args[f]) == "" {
				return &cases.Error{Code: cases.ErrLetterField, Args: []any{f}}
			}
		}
		ref, err := cases.ParseDate(d.Args["ref_date"])
		if err != nil {
			return &cases.Error{Code: cases.ErrLetterField, Args: []any{"ref_date (YYYY-MM-DD)"}}
		}
		d.Addressee, d.ToAddress, d.RefDate = cases.CleanLine(d.Args["office"]), cases.CleanLine(d.Args["office_address"]), ref
	case t.ToRKN || r.Template == "third-party-notice":
		d.Addressee = d.To
	default:
		s := r.Case.Subject
		d.Addressee, d.ToAddress = s.Name, s.Email
		if r.Lang == cases.RU {
			d.Addressee = cases.Dative(s.Name)
		}
	}
	return nil
}

// authorityFacts gathers what an answer to Roskomnadzor states: the block
// and since when, what was checked, and the result or the date it will
// follow; a remedy notice states what was done, from the steps.
func authorityFacts(d *data, t Template, r Request) error {
	for i := range r.Case.Milestones {
		if m := r.Case.Milestones[i]; m.Key == "block" && m.Met != nil {
			d.Blocked = m.Met
		}
	}
	if r.Case.Branch != "complaint" {
		return nil
	}
	if strings.TrimSpace(d.Args["checked"]) == "" {
		return &cases.Error{Code: cases.ErrLetterField, Args: []any{"checked"}}
	}
	if t.Name == "remedy-notice" {
		if len(remedies(r.Case)) == 0 {
			return &cases.Error{Code: ErrNoRemedy, Args: []any{r.Case.ID.String()}}
		}
		return nil
	}
	if strings.TrimSpace(d.Args["result"]) != "" {
		return nil
	}
	by, err := cases.ParseDate(d.Args["result_date"])
	if err != nil {
		return &cases.Error{Code: cases.ErrLetterField, Args: []any{"result, or result_date (YYYY-MM-DD)"}}
	}
	d.ResultBy = by
	return nil
}

// thirdParty fills what a notice to a third party needs: its action by
// the request's kind, and for a rectification the new values.
func thirdParty(d *data, r Request) error {
	for _, f := range []string{"recipient", "data"} {
		if strings.TrimSpace(d.Args[f]) == "" {
			return &cases.Error{Code: cases.ErrLetterField, Args: []any{f}}
		}
	}
	if r.Case.Kind == cases.KindRectify && strings.TrimSpace(d.Args["new_values"]) == "" {
		return &cases.Error{Code: cases.ErrLetterField, Args: []any{"new_values"}}
	}
	d.Action = map[cases.Kind]cases.Text{
		cases.KindRectify:         {RU: "об уточнении персональных данных", EN: "of the rectification of personal data"},
		cases.KindDestroy:         {RU: "об уничтожении персональных данных", EN: "of the destruction of personal data"},
		cases.KindBlock:           {RU: "о блокировании персональных данных", EN: "of the blocking of personal data"},
		cases.KindWithdrawConsent: {RU: "об отзыве согласия на обработку персональных данных", EN: "of the withdrawal of consent to processing"},
	}[r.Case.Kind]
	return nil
}

// ErrNoRemedy: a remedy notice with no measure recorded as done.
const ErrNoRemedy = "no_remedy"

// Remedy is a measure taken, as a notice reports it: the step's title, the
// moment it was done, and where a destroying step recorded them, the
// system and the categories.
type Remedy struct {
	Title      cases.Text
	At         time.Time
	System     string
	Categories string
}

// remedies are the done steps of a case that changed its data or their
// processing (blocked, unblocked, rectified, stopped, destroyed,
// unsubscribed).
func remedies(c *cases.Case) []Remedy {
	var out []Remedy
	for _, st := range c.Steps {
		switch st.Key {
		case "data_blocked", "data_unblocked", "data_rectified", "processing_stopped", "data_destroyed", "unsubscribed":
			if st.State == cases.StepDone && st.At != nil {
				out = append(out, Remedy{Title: st.Title, At: *st.At, System: st.Extra["system"], Categories: st.Extra["categories"]})
			}
		}
	}
	return out
}

// Continuing is a recorded ground on which processing goes on, with what
// it covers.
type Continuing struct {
	Ground cases.Text
	Scope  cases.GroundScope
}
