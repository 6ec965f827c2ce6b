package cases

import (
	"strconv"
	"strings"
	"time"
)

// Undo reverses the officer's own last action, given as its events (one
// action may record several at the same instant: a tick that meets a
// deadline and moves the status). Nothing is rewritten: each reversal is a
// correction event that names the entry it corrects. What the law does not
// let a desk take back is refused: a closing, a destruction, a letter or an
// act, and anything the case has moved past since.
func (c *Case) Undo(evs []Event, dl *Rules, now time.Time, officer string) ([]Event, error) {
	if len(evs) == 0 {
		return nil, errf(ErrNothingToUndo)
	}
	if !c.Status.Open() {
		return nil, errf(ErrAlreadyClosed, c.ID.String())
	}
	var out []Event
	for i := len(evs) - 1; i >= 0; i-- {
		e := evs[i]
		extra, err := c.undoOne(e, dl, now, officer)
		if err != nil {
			return nil, err
		}
		out = append(out, extra...)
		cor := newEvent(EventCorrection, now, officer)
		cor.From, cor.To = e.To, e.From
		cor.Data = map[string]string{"undoes": strconv.Itoa(e.Seq), "type": string(e.Type)}
		out = append(out, cor)
	}
	return out, nil
}

func (c *Case) undoOne(e Event, dl *Rules, now time.Time, officer string) ([]Event, error) {
	switch e.Type {
	case EventStep:
		key, state, _ := strings.Cut(e.To, "=")
		st := c.step(key)
		if st == nil || string(st.State) != state || e.From != string(StepPending) {
			return nil, errf(ErrCannotUndo)
		}
		if st.Destroys && st.State == StepDone {
			return nil, errf(ErrCannotUndo)
		}
		st.State, st.Note, st.By, st.At, st.Method, st.Extra = StepPending, "", "", nil, "", nil
		return nil, nil
	case EventMilestone:
		for i := range c.Milestones {
			if m := &c.Milestones[i]; m.Key == e.To && m.Met != nil && m.Met.Equal(e.At) {
				m.Met = nil
				return nil, nil
			}
		}
	case EventStatus:
		if string(c.Status) == e.To && Status(e.From).Open() {
			c.Status = Status(e.From)
			return nil, nil
		}
	case EventKind:
		if string(c.Kind) == e.To {
			ev, err := c.SetKind(Kind(e.From), dl, now, officer)
			if err != nil {
				return nil, err
			}
			return []Event{ev}, nil
		}
	case EventAssigned:
		if c.Assignee == e.To {
			c.Assignee = e.From
			return nil, nil
		}
	}
	return nil, errf(ErrCannotUndo)
}

// step finds a checklist step by key.
func (c *Case) step(key string) *Step {
	for i := range c.Steps {
		if c.Steps[i].Key == key {
			return &c.Steps[i]
		}
	}
	return nil
}

// Undoable says whether an event records a change Undo can take back.
func Undoable(t EventType) bool {
	switch t {
	case EventStep, EventMilestone, EventStatus, EventKind, EventAssigned:
		return true
	}
	return false
}

// LastAction finds the officer's most recent action since the moment
// given, as the events it recorded, provided every one of them can be
// undone and none has been undone already.
func LastAction(evs []Event, officer string, since time.Time) []Event {
	undone := map[string]bool{}
	for _, e := range evs {
		if e.Type == EventCorrection {
			undone[e.Data["undoes"]] = true
		}
	}
	for i := len(evs) - 1; i >= 0; i-- {
		e := evs[i]
		if e.Officer != officer || e.At.Before(since) {
			return nil
		}
		if e.Type == EventCorrection || undone[strconv.Itoa(e.Seq)] {
			continue
		}
		// The action is every event recorded at this instant.
		j := i
		for j > 0 && evs[j-1].At.Equal(e.At) && evs[j-1].Officer == officer {
			j--
		}
		group := evs[j : i+1]
		for _, g := range group {
			if !Undoable(g.Type) || undone[strconv.Itoa(g.Seq)] {
				return nil
			}
		}
		return group
	}
	return nil
}
