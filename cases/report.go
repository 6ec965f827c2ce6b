package cases

import (
	"slices"
	"sort"
	"strings"
	"time"
)

// Report is the internal-control report of a period (duties-and-letters.md
// D10). It counts what happened in the period: requests received, cases
// closed, refusals sent, acts made, documents destroyed, incidents
// detected; and, at the report's moment, what is late now (exactly the
// cases "list --overdue" shows).
type Report struct {
	From, To    Date
	Received    int // personal-data requests received in the period
	NotRequests int // mail received in the period and closed as no request
	ByKind      map[Kind]int
	ByChannel   map[Channel]int
	Closed      int     // requests closed in the period
	OnTime      int     // of them, closed with every deadline met in time
	OnTimeShare float64 // OnTime / Closed
	MedianDays  float64 // receipt to closing, calendar days
	WorstDays   float64
	WorstCase   ID
	MetLate     []ReportItem // deadlines met in the period after they ran out
	Extensions  []ReportItem // case and reasons, of extensions noticed in the period
	Refusals    map[string]int
	// Violations are rejections closed in the period with no refusal sent.
	Violations []ReportItem
	LateNow    []ReportItem // open and past their next deadline at the report's moment
	Destroyed  int          // documents destroyed in the period, and data destroyed elsewhere
	Acts       []string     // acts made in the period
	Incidents  []IncidentReport
	OpenBlocks []ReportItem // blocking cases still open, with days since receipt
	Months     []MonthCount // the trend: requests received by month
}

// ReportItem names a case with a note: its kind, the term met late (a
// milestone's key), an extension's reasons.
type ReportItem struct {
	ID   ID
	Kind Kind
	Term string
	Note string
	Days int
}

// IncidentReport says whether an incident's notices left in time.
type IncidentReport struct {
	ID       ID
	Detected time.Time
	OnTime24 bool
	OnTime72 bool
	Sent24   bool
	Sent72   bool
}

// MonthCount is the requests received in a month.
type MonthCount struct {
	Month string // YYYY-MM
	N     int
}

// BuildReport computes the report of the period from `from` to `to`
// (inclusive days), at now.
func BuildReport(all []*Case, from, to Date, now time.Time) Report {
	b := NewReport(from, to, now)
	for _, c := range all {
		b.Add(c)
	}
	return b.Report()
}

// ReportBuilder makes a report one case at a time, so that a register of
// any size is read in chunks and never held whole.
type ReportBuilder struct {
	r      Report
	now    time.Time
	days   []float64
	months map[string]int
}

// NewReport starts the report of the period from..to, at now.
func NewReport(from, to Date, now time.Time) *ReportBuilder {
	return &ReportBuilder{r: Report{From: from, To: to, ByKind: map[Kind]int{}, ByChannel: map[Channel]int{}, Refusals: map[string]int{}},
		now: now, months: map[string]int{}}
}

// Add counts one case.
func (b *ReportBuilder) Add(c *Case) {
	r, now := &b.r, b.now
	in := func(t time.Time) bool { d := DateOf(t); return d >= r.From && d <= r.To }
	if c.Outcome.Counted() {
		b.months[DateOf(c.Received).String()[:7]]++
	}
	if c.Overdue(now) {
		r.LateNow = append(r.LateNow, ReportItem{ID: c.ID, Kind: c.Kind, Days: int(now.Sub(c.Received).Hours() / 24)})
	}
	r.add(c, now, in, &b.days)
}

// Report is the report of the cases added.
func (b *ReportBuilder) Report() Report {
	r, days := b.r, b.days
	if r.Closed > 0 {
		r.OnTimeShare = float64(r.OnTime) / float64(r.Closed)
		sort.Float64s(days)
		n := len(days)
		r.MedianDays = days[n/2]
		if n%2 == 0 {
			r.MedianDays = (days[n/2-1] + days[n/2]) / 2
		}
	}
	for m, n := range b.months {
		r.Months = append(r.Months, MonthCount{m, n})
	}
	slices.SortFunc(r.Months, func(a, b MonthCount) int { return strings.Compare(a.Month, b.Month) })
	if len(r.Months) > 12 {
		r.Months = r.Months[len(r.Months)-12:]
	}
	return r
}

// add counts what happened to one case in the period.
func (r *Report) add(c *Case, now time.Time, in func(time.Time) bool, days *[]float64) {
	if !c.Outcome.Counted() {
		if in(c.Received) {
			r.NotRequests++
		}
		return
	}
	if in(c.Received) {
		r.Received++
		r.ByKind[c.Kind]++
		r.ByChannel[c.Channel]++
	}
	late := false
	for _, m := range c.Milestones {
		if m.Extension != nil && in(m.Extension.NoticeDate.Start()) {
			r.Extensions = append(r.Extensions, ReportItem{ID: c.ID, Kind: c.Kind, Note: m.Extension.Reason})
		}
		if m.Met != nil && m.Met.After(m.DueAt) {
			late = true
			if in(*m.Met) {
				r.MetLate = append(r.MetLate, ReportItem{ID: c.ID, Kind: c.Kind, Term: m.Key, Days: int(m.Met.Sub(m.DueAt).Hours() / 24)})
			}
		}
	}
	if !c.Status.Open() && c.Closed != nil && in(*c.Closed) {
		r.closed(c, late, days)
	}
	for _, l := range c.Letters {
		if l.Template == "refusal" && l.Sent != nil && in(*l.Sent) && !c.corrected(l.No) {
			g, _ := RefusalGroundText(l.Args["ground"])
			r.Refusals[g.RU]++
		}
	}
	r.destructions(c, in)
	if c.Incident != nil && in(c.Incident.DetectedAt) {
		r.Incidents = append(r.Incidents, incidentReport(c))
	}
	blocked := false
	for _, m := range c.Milestones {
		blocked = blocked || (m.Key == "block" && m.Met != nil)
	}
	if blocked && c.Status.Open() {
		r.OpenBlocks = append(r.OpenBlocks, ReportItem{ID: c.ID, Kind: c.Kind, Days: int(now.Sub(c.Received).Hours() / 24)})
	}
}

// closed counts a request closed in the period; a rejection with no refusal
// sent is a violation of Art. 20 p. 2.
func (r *Report) closed(c *Case, late bool, days *[]float64) {
	r.Closed++
	if !late {
		r.OnTime++
	}
	span := c.Closed.Sub(c.Received).Hours() / 24
	*days = append(*days, span)
	if span > r.WorstDays {
		r.WorstDays, r.WorstCase = span, c.ID
	}
	if c.Outcome == OutcomeRejected {
		if _, err := c.SentRefusal(); err != nil {
			r.Violations = append(r.Violations, ReportItem{ID: c.ID, Kind: c.Kind, Note: c.Reason})
		}
	}
}

// destructions counts documents destroyed, destroying steps done and acts
// made in the period.
func (r *Report) destructions(c *Case, in func(time.Time) bool) {
	for _, d := range c.Documents {
		if d.Destroyed != nil && in(d.Destroyed.At) {
			r.Destroyed++
		}
	}
	for _, st := range c.Steps {
		if st.Destroys && st.State == StepDone && st.At != nil && in(*st.At) {
			r.Destroyed++
		}
	}
	for _, a := range c.Acts {
		if in(a.Date.Start()) {
			r.Acts = append(r.Acts, a.No)
		}
	}
}

// incidentReport is whether an incident's notices left, and in time.
func incidentReport(c *Case) IncidentReport {
	ir := IncidentReport{ID: c.ID, Detected: c.Incident.DetectedAt}
	for _, m := range c.Milestones {
		switch m.Key {
		case "notify24":
			ir.Sent24, ir.OnTime24 = m.Met != nil, m.Met != nil && !m.Met.After(m.DueAt)
		case "notify72":
			ir.Sent72, ir.OnTime72 = m.Met != nil, m.Met != nil && !m.Met.After(m.DueAt)
		}
	}
	return ir
}
