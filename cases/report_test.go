package cases_test

import (
	"math"
	"testing"
	"time"

	"privdesk/cases"
)

// The report's figures, from a fixture whose answers are known.
func TestReportFigures(t *testing.T) {
	rules := rulesWithSteps(t)
	at := func(s string) time.Time { return date(t, s).Start().Add(10 * time.Hour) }
	mk := func(n int, k cases.Kind, received string) *cases.Case {
		c, _, err := cases.New(cases.Intake{Kind: k, Received: at(received), Subject: cases.Subject{Name: "S", Email: "s@example.ru"}}, rules, at("2026-11-25"), "x")
		if err != nil {
			t.Fatal(err)
		}
		c.ID = cases.ID{Year: 2026, N: n}
		return c
	}
	a := mk(1, cases.KindAccess, "2026-11-02") // answered in 4 days, in time
	a.Meet("answer", at("2026-11-06"), "x")
	a.Close(cases.OutcomeWithdrawn, "", at("2026-11-06"), "x")
	b := mk(2, cases.KindAccess, "2026-10-30") // answered late, after 27 days
	b.Meet("answer", at("2026-11-26").Add(-48*time.Hour), "x")
	b.Close(cases.OutcomeWithdrawn, "", at("2026-11-26").Add(-48*time.Hour), "x")
	c := mk(3, cases.KindDestroy, "2026-11-10") // open and late now
	d := mk(4, cases.KindRectify, "2026-11-20") // open, in time
	e := mk(5, cases.KindAccess, "2026-09-15")  // before the period
	f := mk(6, cases.KindAccess, "2026-11-10")  // refused after 2 days
	f.Close(cases.OutcomeRejected, cases.RefusalGrounds[3].Text.RU+": подробности", at("2026-11-12"), "x")
	ext := mk(7, cases.KindStopProcessing, "2026-11-16")
	ext.Extend(rules.Cal, "поиск в архиве", date(t, "2026-11-20"), at("2026-11-20"), "x")

	r := cases.BuildReport([]*cases.Case{a, b, c, d, e, f, ext}, date(t, "2026-10-01"), date(t, "2026-11-30"), at("2026-11-25"))
	if r.Received != 6 || r.ByKind[cases.KindAccess] != 3 || r.ByChannel[cases.ChannelEmail] != 6 {
		t.Errorf("received %d, by kind %v", r.Received, r.ByKind)
	}
	if r.Closed != 3 || r.OnTime != 2 || math.Abs(r.OnTimeShare-2.0/3) > 1e-9 {
		t.Errorf("closed %d, on time %d (%.3f)", r.Closed, r.OnTime, r.OnTimeShare)
	}
	if r.MedianDays != 4 || r.WorstDays != 25 || r.WorstCase.N != 2 {
		t.Errorf("median %.1f, worst %.1f (%v)", r.MedianDays, r.WorstDays, r.WorstCase)
	}
	if len(r.LateNow) != 1 || r.LateNow[0].ID.N != 3 {
		t.Errorf("late now: %+v", r.LateNow)
	}
	if len(r.Extensions) != 1 || r.Extensions[0].Note != "поиск в архиве" {
		t.Errorf("extensions: %+v", r.Extensions)
	}
	if r.Refusals[cases.RefusalGrounds[3].Text.RU] != 1 {
		t.Errorf("refusals: %v", r.Refusals)
	}
	if n := len(r.Months); n != 3 || r.Months[0].Month != "2026-09" || r.Months[2].N != 5 {
		t.Errorf("months: %+v", r.Months)
	}
}
