package cases

import (
	"slices"
	"sort"
	"time"
)

// Report is the internal-control report of a period (duties-and-letters.md
// D10): what was received, how it was answered, and what is late.
type Report struct {
	From, To    Date
	Received    int
	ByKind      map[Kind]int
	ByChannel   map[Channel]int
	Closed      int
	OnTime      int     // closed with every deadline met in time
	OnTimeShare float64 // OnTime / Closed
	MedianDays  float64 // receipt to closing, calendar days
	WorstDays   float64
	WorstCase   ID
	Extensions  []ReportItem // case and reasons
	Refusals    map[string]int
	LateNow     []ReportItem // open and past a deadline at the report's moment
	Destroyed   int          // documents destroyed, and data destroyed elsewhere
	Acts        []string
	Incidents   []IncidentReport
	OpenBlocks  []ReportItem // blocking cases still open, with days since receipt
	Months      []MonthCount // the trend: requests received by month
}

// ReportItem names a case with a note.
type ReportItem struct {
	ID   ID
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

// BuildReport computes the report of requests received from `from` to `to`
// (inclusive days), at now.
func BuildReport(all []*Case, from, to Date, now time.Time) Report {
	r := Report{From: from, To: to, ByKind: map[Kind]int{}, ByChannel: map[Channel]int{}, Refusals: map[string]int{}}
	var days []float64
	months := map[string]int{}
	for _, c := range all {
		d := DateOf(c.Received)
		months[d.String()[:7]]++
		if d < from || d > to {
			continue
		}
		r.add(c, now, &days)
	}
	if r.Closed > 0 {
		r.OnTimeShare = float64(r.OnTime) / float64(r.Closed)
		sort.Float64s(days)
		n := len(days)
		r.MedianDays = days[n/2]
		if n%2 == 0 {
			r.MedianDays = (days[n/2-1] + days[n/2]) / 2
		}
	}
	for m, n := range months {
		r.Months = append(r.Months, MonthCount{m, n})
	}
	slices.SortFunc(r.Months, func(a, b MonthCount) int {
		if a.Month < b.Month {
			return -1
		}
		if a.Month > b.Month {
			return 1
		}
		return 0
	})
	if len(r.Months) > 12 {
		r.Months = r.Months[len(r.Months)-12:]
	}
	return r
}

// add counts a case received in the period.
func (r *Report) add(c *Case, now time.Time, days *[]float64) {
	r.Received++
	r.ByKind[c.Kind]++
	r.ByChannel[c.Channel]++
	late := false
	for _, m := range c.Milestones {
		if m.Extension != nil {
			r.Extensions = append(r.Extensions, ReportItem{ID: c.ID, Note: m.Extension.Reason})
		}
		if (m.Met != nil && m.Met.After(m.DueAt)) || (m.Met == nil && c.Status.Open() && now.After(m.DueAt)) {
			late = true
		}
	}
	if c.Status.Open() && late {
		r.LateNow = append(r.LateNow, ReportItem{ID: c.ID, Note: string(c.Kind), Days: int(now.Sub(c.Received).Hours() / 24)})
	}
	if !c.Status.Open() && c.Closed != nil {
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
			r.Refusals[refusalKey(c.Reason)]++
		}
	}
	for _, d := range c.Documents {
		if d.Destroyed != nil {
			r.Destroyed++
		}
	}
	for _, st := range c.Steps {
		if st.Destroys && st.State == StepDone {
			r.Destroyed++
		}
	}
	for _, a := range c.Acts {
		r.Acts = append(r.Acts, a.No)
	}
	if c.Incident != nil {
		r.Incidents = append(r.Incidents, incidentReport(c))
	}
	blocked := false
	for _, m := range c.Milestones {
		blocked = blocked || (m.Key == "block" && m.Met != nil)
	}
	if blocked && c.Status.Open() {
		r.OpenBlocks = append(r.OpenBlocks, ReportItem{ID: c.ID, Note: c.Branch, Days: int(now.Sub(c.Received).Hours() / 24)})
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

// refusalKey groups refusals by the ground they cite: the first clause of
// the reason.
func refusalKey(reason string) string {
	for _, g := range RefusalGrounds {
		if len(reason) >= len(g.Text.RU) && reason[:len(g.Text.RU)] == g.Text.RU {
			return g.Text.RU
		}
	}
	r := []rune(reason)
	if len(r) > 80 {
		return string(r[:79]) + "…"
	}
	return reason
}
