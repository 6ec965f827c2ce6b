package cases

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
)

// StepState is where a checklist step stands.
type StepState string

// The step states; "n/a" is the CLI's word for not applicable.
const (
	StepPending StepState = "pending"
	StepDone    StepState = "done"
	StepFailed  StepState = "failed"
	StepNA      StepState = "n/a"
)

// ParseStepState reads done, failed, n/a (or na) and pending.
func ParseStepState(s string) (StepState, error) {
	switch st := StepState(strings.ToLower(s)); st {
	case StepPending, StepDone, StepFailed, StepNA:
		return st, nil
	case "na":
		return StepNA, nil
	}
	return "", errf(ErrStepState, s)
}

// StepTemplate is a step as kept in assets/steps.json.
type StepTemplate struct {
	Key          string `json:"key"`
	Title        Text   `json:"title,omitzero"`
	Verification bool   `json:"verification,omitempty"`
	// Methods: marking the step done asks which of these was used (how
	// identity was confirmed, how the requester was matched).
	Methods []string `json:"methods,omitempty"`
	// Milestone is met when the step is done.
	Milestone string `json:"milestone,omitempty"`
	// Destroys marks the step that records data destroyed, for the act: it
	// asks for the system, the method and the categories.
	Destroys bool `json:"destroys,omitempty"`
	// Rejection is the reasoned refusal, with its legal ground, that a
	// failure of this step offers; nil: a failure offers no refusal.
	Rejection *Text `json:"rejection,omitempty"`
	// Purpose marks a step whose completion achieves the purpose of the
	// identity documents (Art. 21 p. 4): their 30 days run from it.
	Purpose bool `json:"purpose,omitempty"`
	// Channel limits the step to requests that came through it.
	Channel Channel `json:"channel,omitempty"`
}

// AsksMethod tells whether marking the step done needs a method.
func (t StepTemplate) AsksMethod() bool { return len(t.Methods) > 0 }

// StepTemplates are the checklists by kind, and by kind and branch
// ("block:unlawful").
type StepTemplates map[string][]StepTemplate

// ParseSteps reads the checklists: a map from kind (or kind:branch) to its
// steps, where a kind may name shared lists ("@verify") to include.
func ParseSteps(data []byte) (StepTemplates, error) {
	var raw struct {
		Lists map[string][]StepTemplate `json:"lists"`
		Kinds map[string][]string       `json:"kinds"`
		Steps map[string]StepTemplate   `json:"steps"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("steps: %w", err)
	}
	out := StepTemplates{}
	for k, names := range raw.Kinds {
		kindName, branch, _ := strings.Cut(k, ":")
		kind, err := ParseKind(kindName)
		if err != nil {
			return nil, fmt.Errorf("steps: unknown kind %q", k)
		}
		if branch != "" && !slices.Contains(Branches(kind), branch) {
			return nil, fmt.Errorf("steps: kind %s has no branch %q", kindName, branch)
		}
		for _, n := range names {
			if list, ok := raw.Lists[strings.TrimPrefix(n, "@")]; ok && strings.HasPrefix(n, "@") {
				out[k] = append(out[k], list...)
				continue
			}
			st, ok := raw.Steps[n]
			if !ok {
				return nil, fmt.Errorf("steps: kind %s names unknown step %q", k, n)
			}
			st.Key = n
			out[k] = append(out[k], st)
		}
	}
	return out, nil
}

// Step is one item of a case's checklist.
type Step struct {
	StepTemplate
	State  StepState  `json:"state"`
	Note   string     `json:"note,omitempty"`
	By     string     `json:"by,omitempty"`
	At     *time.Time `json:"at,omitempty"`
	Method string     `json:"method,omitempty"`
	// Extra holds what a destroying step records: system, how, categories,
	// and for paper, medium and sheets.
	Extra map[string]string `json:"extra,omitempty"`
}

// NewSteps copies the checklist of kind k, and of its branch, for a case
// that came through channel.
func (t StepTemplates) NewSteps(k Kind, branch string, channel Channel) []Step {
	var out []Step
	list := t[string(k)]
	if branch != "" {
		list = append(slices.Clone(list), t[string(k)+":"+branch]...)
	}
	seen := map[string]bool{}
	for _, st := range list {
		if (st.Channel != "" && st.Channel != channel) || seen[st.Key] {
			continue
		}
		seen[st.Key] = true
		out = append(out, Step{StepTemplate: st, State: StepPending})
	}
	return out
}

// VerificationOpen tells whether identity verification is still under way.
func (c *Case) VerificationOpen() bool {
	for _, s := range c.Steps {
		if s.Verification && s.State == StepPending {
			return true
		}
	}
	return false
}

// VerificationFailed tells whether a verification step failed.
func (c *Case) VerificationFailed() bool {
	for _, s := range c.Steps {
		if s.Verification && s.State == StepFailed {
			return true
		}
	}
	return false
}

// refusalOf is the refusal ground a failed verification step leads to.
var refusalOf = map[string]string{"request_details": "14-3", "identity_confirmed": "14-8-4", "doc_matches": "identity"}

// OfferedRefusal is the reasoned refusal a failed step offers: its ground
// (a key of RefusalGrounds) and the facts in words; ok is false when no
// failed step offers one, or the kind cannot be refused on that ground.
func (c *Case) OfferedRefusal() (ground string, facts Text, ok bool) {
	for _, s := range c.Steps {
		g := refusalOf[s.Key]
		if s.State != StepFailed || s.Rejection == nil || g == "" {
			continue
		}
		if slices.ContainsFunc(RefusalGroundsFor(c.Kind), func(r RefusalGround) bool { return r.Key == g }) {
			return g, *s.Rejection, true
		}
	}
	return "", Text{}, false
}

// StepMark is what marking a step records.
type StepMark struct {
	State  StepState
	Method string // for a step with Methods
	Note   string
	// Destruction is what a destroying step records for the act: the
	// system and method used outside privdesk, the categories, and any
	// paper medium; its Reason is not used (the kind's article is).
	Destruction *Destruction
}

// MarkStep sets a step's state; see Mark.
func (c *Case) MarkStep(key string, state StepState, method, note string, now time.Time, officer string) ([]Event, error) {
	return c.Mark(key, StepMark{State: state, Method: method, Note: note}, now, officer)
}

// Mark sets a step's state. The status follows the checklist: a case whose
// verification has started shows verifying, and moves to in progress once
// every verification step is settled. A done step meets its milestone. A
// destroying step done records the system, method and categories.
func (c *Case) Mark(key string, mark StepMark, now time.Time, officer string) ([]Event, error) {
	if err := c.personal(); err != nil {
		return nil, err
	}
	state, method, note := mark.State, mark.Method, mark.Note
	if !c.Status.Open() {
		return nil, errf(ErrAlreadyClosed, c.ID.String())
	}
	st, err := c.markable(key, state, method)
	if err != nil {
		return nil, err
	}
	if len([]rune(note)) > maxSummary {
		return nil, errf(ErrFieldTooLong, Field("note"), maxSummary)
	}
	var extra map[string]string
	if st.Destroys && state == StepDone {
		if extra, err = mark.Destruction.record(); err != nil {
			return nil, err
		}
	}
	ev := newEvent(EventStep, now, officer)
	ev.From, ev.To, ev.Text = string(st.State), key+"="+string(state), Clean(note)
	if method != "" && state == StepDone {
		ev.Data = map[string]string{"method": method}
	}
	if extra != nil {
		ev.Data = maps.Clone(extra)
	}
	st.Extra = extra
	t := now
	st.State, st.Note, st.By, st.At = state, Clean(note), officer, &t
	st.Method = ""
	if state == StepDone {
		st.Method = method
	}
	more, err := c.followStep(st, now, officer)
	return append([]Event{ev}, more...), err
}

// markable finds the step key, and refuses a mark that changes nothing or
// lacks the method the step asks for.
func (c *Case) markable(key string, state StepState, method string) (*Step, error) {
	var st *Step
	keys := make([]string, len(c.Steps))
	for i := range c.Steps {
		keys[i] = c.Steps[i].Key
		if c.Steps[i].Key == key {
			st = &c.Steps[i]
		}
	}
	if st == nil {
		return nil, errf(ErrNoStep, key, strings.Join(keys, ", "))
	}
	if st.State == state {
		return nil, errf(ErrUnchanged, state)
	}
	if st.AsksMethod() && state == StepDone {
		if method == "" {
			return nil, errf(ErrMethodRequired, strings.Join(st.Methods, ", "))
		}
		if !slices.Contains(st.Methods, method) {
			return nil, errf(ErrUnknownMethod, method, strings.Join(st.Methods, ", "))
		}
	}
	return st, nil
}

// followStep is what a step's new state sets off: the milestone a done
// step meets, and the status the verification steps lead to.
func (c *Case) followStep(st *Step, now time.Time, officer string) ([]Event, error) {
	var evs []Event
	if st.State == StepDone && st.Milestone != "" {
		for _, m := range c.Milestones {
			if m.Key == st.Milestone && m.Met == nil {
				mev, err := c.Meet(st.Milestone, now, officer)
				if err != nil {
					return nil, err
				}
				evs = append(evs, mev)
			}
		}
	}
	if st.Verification {
		next := c.Status
		switch {
		case c.VerificationOpen() && c.Status == StatusNew:
			next = StatusVerifying
		case !c.VerificationOpen() && !c.VerificationFailed() && c.Status != StatusInProgress:
			next = StatusInProgress
		}
		if next != c.Status {
			sev, err := c.Move(next, now, officer)
			if err != nil {
				return nil, err
			}
			evs = append(evs, sev)
		}
	}
	return evs, nil
}

// record checks a destroying step's details and gives them as the step's
// extra fields; a paper medium comes with its number of sheets.
func (d *Destruction) record() (map[string]string, error) {
	if d == nil || CleanLine(d.System) == "" || CleanLine(d.How) == "" {
		return nil, errf(ErrDestructionDetails, "system, how")
	}
	out := map[string]string{"system": CleanLine(d.System), "how": CleanLine(d.How)}
	var cats []string
	for _, c := range d.Categories {
		if c = CleanLine(c); c != "" {
			cats = append(cats, c)
		}
	}
	if len(cats) > 0 {
		out["categories"] = strings.Join(cats, "; ")
	}
	if m := CleanLine(d.Medium); m != "" || d.Sheets > 0 {
		if m == "" || d.Sheets <= 0 {
			return nil, errf(ErrDestructionDetails, "medium, sheets")
		}
		out["medium"], out["sheets"] = m, strconv.Itoa(d.Sheets)
	}
	for k, v := range out {
		if len(v) > maxSummary {
			return nil, errf(ErrFieldTooLong, Field(k), maxSummary)
		}
	}
	return out, nil
}

// PaperOriginal tells whether the request came on paper (by post or in
// person), so that destroying it is destroying a physical medium.
func (c *Case) PaperOriginal() bool {
	return c.Channel == ChannelPost || c.Channel == ChannelInPerson
}

// Title names a step of these checklists by its key; ok is false for a key
// no checklist has.
func (t StepTemplates) Title(key string) (Text, bool) {
	for _, list := range t {
		for _, s := range list {
			if s.Key == key {
				return s.Title, true
			}
		}
	}
	return Text{}, false
}

// StepState is the state of the case's step key ("" when it has none).
func (c *Case) StepState(key string) StepState {
	if st := c.step(key); st != nil {
		return st.State
	}
	return ""
}
