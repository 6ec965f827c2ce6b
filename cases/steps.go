package cases

import (
	"encoding/json"
	"fmt"
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

// Identity methods for a step that confirms who the requester is.
var IdentityMethods = []string{"document", "e-signature", "account", "other"}

// StepTemplate is a step as kept in assets/steps.json.
type StepTemplate struct {
	Key          string `json:"key"`
	Title        Text   `json:"title"`
	Verification bool   `json:"verification"`
	// AsksMethod asks how identity was confirmed (IdentityMethods).
	AsksMethod bool `json:"asks_method,omitempty"`
	// Milestone is met when the step is done.
	Milestone string `json:"milestone,omitempty"`
	// Destroys marks the step that records data destroyed, for the act.
	Destroys bool `json:"destroys,omitempty"`
}

// StepTemplates are the checklists by kind.
type StepTemplates map[Kind][]StepTemplate

// ParseSteps reads the checklists: a map from kind to its steps, where a
// kind may name shared lists ("@verify") to include.
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
		kind, err := ParseKind(k)
		if err != nil {
			return nil, fmt.Errorf("steps: unknown kind %q", k)
		}
		for _, n := range names {
			if list, ok := raw.Lists[strings.TrimPrefix(n, "@")]; ok && strings.HasPrefix(n, "@") {
				out[kind] = append(out[kind], list...)
				continue
			}
			st, ok := raw.Steps[n]
			if !ok {
				return nil, fmt.Errorf("steps: kind %s names unknown step %q", k, n)
			}
			st.Key = n
			out[kind] = append(out[kind], st)
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
}

// NewSteps copies a kind's checklist for a new case.
func (t StepTemplates) NewSteps(k Kind) []Step {
	var out []Step
	for _, st := range t[k] {
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

// IdentityFailed tells whether a verification step failed.
func (c *Case) IdentityFailed() bool {
	for _, s := range c.Steps {
		if s.Verification && s.State == StepFailed {
			return true
		}
	}
	return false
}

// MarkStep sets a step's state. The status follows the checklist: a case
// whose verification has started shows verifying, and moves to in progress
// once every verification step is settled. A done step meets its milestone.
func (c *Case) MarkStep(key string, state StepState, method, note string, now time.Time, officer string) ([]Event, error) {
	if !c.Status.Open() {
		return nil, errf(ErrAlreadyClosed, c.ID.String())
	}
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
		return nil, errf(ErrUnchanged, string(state))
	}
	if st.AsksMethod && state == StepDone {
		if method == "" {
			return nil, errf(ErrMethodRequired, strings.Join(IdentityMethods, ", "))
		}
		known := false
		for _, m := range IdentityMethods {
			known = known || m == method
		}
		if !known {
			return nil, errf(ErrUnknownMethod, method, strings.Join(IdentityMethods, ", "))
		}
	}
	if len([]rune(note)) > maxSummary {
		return nil, errf(ErrFieldTooLong, "note", maxSummary)
	}
	ev := newEvent(EventStep, now, officer)
	ev.From, ev.To, ev.Text = string(st.State), key+"="+string(state), Clean(note)
	if method != "" && state == StepDone {
		ev.Data = map[string]string{"method": method}
	}
	t := now
	st.State, st.Note, st.By, st.At = state, Clean(note), officer, &t
	st.Method = ""
	if state == StepDone {
		st.Method = method
	}
	evs := []Event{ev}
	if state == StepDone && st.Milestone != "" {
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
		case !c.VerificationOpen() && !c.IdentityFailed() && c.Status != StatusInProgress:
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

// RejectionReason is the prepared reason offered when identity could not be
// confirmed.
var RejectionReason = Text{
	RU: "Личность заявителя не подтверждена: запрос не содержит сведений, предусмотренных ч. 3 ст. 14 152-ФЗ, или представленные сведения не совпадают с данными субъекта.",
	EN: "The requester's identity was not confirmed: the request lacks the details required by 152-FZ Art. 14 p. 3, or they do not match the subject's data.",
}
