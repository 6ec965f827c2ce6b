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
	a.Close(cases.OutcomeWithdrawn, "заявитель отозвал обращение", at("2026-11-06"), "x")
	b := mk(2, cases.KindAccess, "2026-10-30") // answered late, after 27 days
	b.Meet("answer", at("2026-11-26").Add(-48*time.Hour), "x")
	b.Close(cases.OutcomeWithdrawn, "заявитель отозвал обращение", at("2026-11-26").Add(-48*time.Hour), "x")
	c := mk(3, cases.KindDestroy, "2026-11-10") // open and late now
	d := mk(4, cases.KindRectify, "2026-11-20") // open, in time
	e := mk(5, cases.KindAccess, "2026-09-15")  // before the period
	f := mk(6, cases.KindAccess, "2026-11-10")  // refused after 2 days
	f.IssueLetter(cases.Letter{Template: "refusal", Body: "отказ", Args: map[string]string{"ground": "14-8-4", "details": "подробности"}}, "2026-0009", at("2026-11-12"), "x")
	f.LetterSent(1, cases.SentMark{Via: "email", At: at("2026-11-12")}, at("2026-11-12"), "x")
	f.Close(cases.OutcomeRejected, "подробности", at("2026-11-12"), "x")
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
	// Late now is every open case past its deadline, as list --overdue
	// shows, wherever its receipt falls; a deadline met late is its own figure.
	if len(r.LateNow) != 2 || r.LateNow[0].ID.N != 3 || r.LateNow[1].ID.N != 5 {
		t.Errorf("late now: %+v", r.LateNow)
	}
	if len(r.MetLate) != 1 || r.MetLate[0].ID.N != 2 {
		t.Errorf("met late: %+v", r.MetLate)
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

// Internal control (Art. 18.1): a period's report counts what happened in
// it, whenever the request came: an act made in December is December's; a
// rejection with no refusal sent is a violation of Art. 20 p. 2; mail that
// is no request stays out of the figures.
func TestArt18_1ReportCountsWhatHappenedInThePeriod(t *testing.T) {
	at := func(s string) time.Time { return date(t, s).Start().Add(12 * time.Hour) }
	mk := func(n int, k cases.Kind, received string) *cases.Case {
		c, _, err := cases.New(cases.Intake{Kind: k, Subject: cases.Subject{Name: "С", Email: "s@example.ru"}, Received: at(received)}, rulesWithSteps(t), at(received), "x")
		if err != nil {
			t.Fatal(err)
		}
		c.ID = cases.ID{Year: 2026, N: n}
		return c
	}
	old := mk(1, cases.KindDestroy, "2026-10-20")
	old.Acts = append(old.Acts, cases.Act{No: "2026-0001-У1", Date: date(t, "2026-12-07")}, cases.Act{No: "2026-0001-У2", Date: date(t, "2026-12-07")})
	legacy := mk(2, cases.KindAccess, "2026-12-01") // rejected by an older build, no letter
	closed := at("2026-12-03")
	legacy.Status, legacy.Outcome, legacy.Closed, legacy.Reason = cases.StatusClosed, cases.OutcomeRejected, &closed, "устно"
	spam := mk(3, cases.KindOther, "2026-12-02")
	if _, err := spam.Close(cases.OutcomeNotRequest, "реклама", at("2026-12-02"), "x"); err != nil {
		t.Fatal(err)
	}
	r := cases.BuildReport([]*cases.Case{old, legacy, spam}, date(t, "2026-12-01"), date(t, "2026-12-31"), at("2026-12-07"))
	if len(r.Acts) != 2 {
		t.Errorf("acts made in the period: %v", r.Acts)
	}
	if len(r.Violations) != 1 || r.Violations[0].ID.N != 2 {
		t.Errorf("violations: %+v", r.Violations)
	}
	if r.Received != 1 || r.NotRequests != 1 || r.Closed != 1 {
		t.Errorf("received %d, not requests %d, closed %d", r.Received, r.NotRequests, r.Closed)
	}
}
