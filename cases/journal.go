package cases

import (
	"slices"
	"strings"
	"time"
)

// JournalRow is one line of the journal of requests (журнал учёта
// обращений, duties-and-letters.md D9).
type JournalRow struct {
	ID             ID         `json:"id"`
	Received       time.Time  `json:"received"`
	Kind           Kind       `json:"kind"`
	Article        string     `json:"article"`
	Channel        Channel    `json:"channel"`
	Subject        string     `json:"subject"`
	Representative string     `json:"representative,omitempty"`
	Details        string     `json:"details"` // the Art. 14 p. 3 details: complete, missing, not required
	Blocked        *time.Time `json:"blocked,omitempty"`
	ExtNotice      string     `json:"extension_notice,omitempty"`
	ExtReason      string     `json:"extension_reason,omitempty"`
	ExtDue         string     `json:"extension_due,omitempty"`
	Outcome        Outcome    `json:"outcome,omitempty"`
	Ground         string     `json:"ground,omitempty"` // the reason of a refusal, or the ground processing continues on
	Outgoing       []string   `json:"outgoing"`         // numbers of the letters sent or issued
	AnswerSent     *time.Time `json:"answer_sent,omitempty"`
	AnswerVia      string     `json:"answer_via,omitempty"`
	Acts           []string   `json:"acts"`
	Responsible    string     `json:"responsible"`
	Status         Status     `json:"status"`
	Due            Date       `json:"due"`
	Late           bool       `json:"late"` // a deadline met after its end, or open past it
	// RequestNo and RequestDate are the request's own number and date,
	// where it has them (Roskomnadzor's request).
	RequestNo   string `json:"request_no,omitempty"`
	RequestDate *Date  `json:"request_date,omitempty"`
	// Done is when the last measure was done (blocked, rectified, stopped,
	// destroyed, unsubscribed).
	Done *time.Time `json:"done,omitempty"`
	// Notified lists the third parties and Roskomnadzor told, with dates
	// ("" names Roskomnadzor).
	Notified []Notified `json:"notified"`
	// Proof is the proof of the answer's delivery.
	Proof string `json:"proof,omitempty"`
}

// Notified is whom a notice went to, and when.
type Notified struct {
	To        string     `json:"to"` // "": Roskomnadzor
	At        time.Time  `json:"at"`
	Confirmed *time.Time `json:"confirmed,omitempty"` // the recipient confirmed it acted
}

// measureSteps are the steps that change data or their processing.
var measureSteps = []string{"data_blocked", "data_unblocked", "data_rectified", "processing_stopped", "data_destroyed", "unsubscribed"}

// Journal is the case's row of the journal at now.
func (c *Case) Journal(now time.Time) JournalRow {
	r := JournalRow{ID: c.ID, Received: c.Received, Kind: c.Kind, Article: c.Kind.Info().Article.RU, Channel: c.Channel,
		Subject: c.Subject.Name, Representative: c.Subject.Representative, Outcome: c.Outcome, Ground: c.Reason, Responsible: c.Assignee, Status: c.Status,
		Due: c.Due(), Outgoing: []string{}, Acts: []string{}, Notified: []Notified{}}
	if c.Incident != nil {
		r.Subject = c.Incident.Description
	}
	r.Details = "не требуются"
	for _, s := range c.Steps {
		if s.Key == "request_details" {
			r.Details = map[StepState]string{StepDone: "полные", StepFailed: "неполные", StepNA: "не требуются"}[s.State]
			if r.Details == "" {
				r.Details = "не проверены"
			}
		}
	}
	for _, m := range c.Milestones {
		if m.Key == "block" && m.Met != nil {
			r.Blocked = m.Met
		}
		if x := m.Extension; x != nil {
			r.ExtNotice, r.ExtReason, r.ExtDue = x.NoticeDate.String(), x.Reason, m.Due.String()
		}
		if m.Ground != "" {
			r.Ground = GroundTitle(m.Ground).RU
		}
		if (m.Met != nil && m.Met.After(m.DueAt)) || (m.Met == nil && c.Status.Open() && now.After(m.DueAt)) {
			r.Late = true
		}
	}
	for _, l := range c.Letters {
		r.Outgoing = append(r.Outgoing, l.Number)
		if l.Sent != nil && (r.AnswerSent == nil || l.Sent.Before(*r.AnswerSent)) && l.Answers != "" {
			r.AnswerSent, r.AnswerVia, r.Proof = l.Sent, l.Via, l.Proof
		}
		if l.Sent != nil && (l.Template == "third-party-notice" || l.Template == "remedy-notice") {
			r.Notified = append(r.Notified, Notified{To: l.To, At: *l.Sent, Confirmed: l.Confirmed})
		}
		if d, err := ParseDate(l.Args["ref_date"]); err == nil && l.Args["ref"] != "" {
			r.RequestNo, r.RequestDate = l.Args["ref"], &d
		}
	}
	for _, st := range c.Steps {
		if slices.Contains(measureSteps, st.Key) && st.State == StepDone && st.At != nil && (r.Done == nil || st.At.After(*r.Done)) {
			r.Done = st.At
		}
		if st.Key == "rkn_notified" && st.State == StepDone && st.At != nil {
			r.Notified = append(r.Notified, Notified{At: *st.At})
		}
	}
	for _, a := range c.Acts {
		r.Acts = append(r.Acts, a.No)
	}
	return r
}

// Join lists values for one cell.
func Join(xs []string) string { return strings.Join(xs, "; ") }
