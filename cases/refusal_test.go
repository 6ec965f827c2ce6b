package cases_test

import (
	"testing"
	"time"

	"privdesk/cases"
)

// Refusals, named by the norm each checks (issue "Documents that follow from
// the facts of the case", item 3).

// answered gives c a sent access answer on the date sent.
func answered(t *testing.T, c *cases.Case, sent string) {
	t.Helper()
	issued := date(t, sent).Start().Add(9 * time.Hour)
	if _, err := c.IssueLetter(cases.Letter{Template: "access-answer", Body: "ответ"}, "2026-0001", issued, "x"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.LetterSent(len(c.Letters), cases.SentMark{Via: "email", At: issued.Add(time.Hour)}, issued.Add(2*time.Hour), "x"); err != nil {
		t.Fatal(err)
	}
}

// Art. 14 p. 3, 4–6 and 8 concern requests for information alone: a
// withdrawal, an opt-out, a stop demand cannot be refused on them.
func TestArt14p3p8GroundsOnlyForRequestsForInformation(t *testing.T) {
	for _, k := range []cases.Kind{cases.KindWithdrawConsent, cases.KindMarketingOptout, cases.KindStopProcessing, cases.KindRectify} {
		c := opened(t, cases.Intake{Kind: k, Received: date(t, "2026-10-02").Start()})
		for _, g := range []string{"14-3", "14-6", "14-8-4"} {
			_, err := c.CheckRefusal(map[string]string{"ground": g, "missing": "x", "details": "x"}, nil, 0)
			if code(err) != cases.ErrRefusalGround {
				t.Errorf("%s refused on %s: %v", k, g, err)
			}
		}
	}
	if len(cases.RefusalGroundsFor(cases.KindMarketingOptout)) != 0 {
		t.Error("an opt-out (38-FZ Art. 18 p. 1: stop at once) is offered refusal grounds")
	}
	c := opened(t, cases.Intake{Kind: cases.KindAccess, Received: date(t, "2026-10-02").Start()})
	if _, err := c.CheckRefusal(map[string]string{"ground": "14-3", "missing": "номер паспорта"}, nil, 0); err != nil {
		t.Errorf("access refused on 14-3: %v", err)
	}
}

// Art. 20 p. 2: a refusal on another federal law names the law, its article
// and part, and the facts in words; so does one under Art. 14 p. 8.
func TestArt20p2RefusalNamesTheNormAndFacts(t *testing.T) {
	c := opened(t, cases.Intake{Kind: cases.KindAccess, Received: date(t, "2026-10-02").Start()})
	full := map[string]string{"ground": "law", "law": "Федеральный закон от 07.08.2001 № 115-ФЗ", "article": "7", "part": "1", "details": "сведения о проверке"}
	if _, err := c.CheckRefusal(full, nil, 0); err != nil {
		t.Fatalf("a complete refusal on a law: %v", err)
	}
	for _, drop := range []string{"law", "article", "part", "details"} {
		args := map[string]string{}
		for k, v := range full {
			if k != drop {
				args[k] = v
			}
		}
		if _, err := c.CheckRefusal(args, nil, 0); code(err) != cases.ErrRefusalFact {
			t.Errorf("refusal on a law without %s: %v", drop, err)
		}
	}
	if _, err := c.CheckRefusal(map[string]string{"ground": "14-8-4"}, nil, 0); code(err) != cases.ErrRefusalFact {
		t.Errorf("refusal under Art. 14 p. 8 item 4 with no facts: %v", err)
	}
}

// Art. 14 p. 4–6: a repeat is refused only when it came within 30 days of
// the sent answer to the linked earlier request.
func TestArt14p4RepeatRefusalFromTheSentAnswer(t *testing.T) {
	first := opened(t, cases.Intake{Kind: cases.KindAccess, Received: date(t, "2026-08-01").Start()})
	repeat := func(received string) *cases.Case {
		c := opened(t, cases.Intake{Kind: cases.KindAccess, Received: date(t, received).Start()})
		c.ID = cases.ID{Year: 2026, N: 2}
		c.RepeatOf = &first.ID
		return c
	}
	args := map[string]string{"ground": "14-6"}
	if _, err := repeat("2026-08-20").CheckRefusal(args, first, 0); code(err) != cases.ErrRepeatUnanswered {
		t.Errorf("repeat of an unanswered request: %v", err)
	}
	answered(t, first, "2026-08-10")
	if _, err := repeat("2026-11-09").CheckRefusal(args, first, 0); code(err) != cases.ErrRepeatLate {
		t.Errorf("a request 91 days later refused as a repeat: %v", err)
	}
	if _, err := repeat("2026-08-05").CheckRefusal(args, first, 0); code(err) != cases.ErrRepeatLate {
		t.Errorf("an answer sent after the repeat accepted: %v", err)
	}
	unlinked := repeat("2026-08-20")
	unlinked.RepeatOf = nil
	if _, err := unlinked.CheckRefusal(args, first, 0); code(err) != cases.ErrRepeatUnlinked {
		t.Errorf("repeat refusal with no linked request: %v", err)
	}
	r, err := repeat("2026-08-20").CheckRefusal(args, first, 0)
	if err != nil {
		t.Fatalf("repeat 10 days after the answer: %v", err)
	}
	if r.FirstID != first.ID || r.FirstRequest != date(t, "2026-08-01") || r.FirstAnswer != date(t, "2026-08-10") || r.FirstAnswerNo != "2026-0001" {
		t.Errorf("repeat facts: %+v", r)
	}
}

// Art. 20 p. 2: one reasoned refusal per request; another must correct it.
func TestArt20p2SecondRefusalCorrectsTheFirst(t *testing.T) {
	c := opened(t, cases.Intake{Kind: cases.KindAccess, Received: date(t, "2026-10-02").Start()})
	args := map[string]string{"ground": "14-3", "missing": "подпись"}
	if _, err := c.IssueLetter(cases.Letter{Template: "refusal", Body: "отказ", Args: args}, "2026-0002", t0, "x"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CheckRefusal(args, nil, 0); code(err) != cases.ErrRefusalTwice {
		t.Errorf("second refusal without a correction: %v", err)
	}
	if _, err := c.CheckRefusal(args, nil, 1); err != nil {
		t.Errorf("a refusal that corrects the first: %v", err)
	}
}

// Art. 21 p. 3.1: the 24-hour notice is on time only to the hour. A date
// with no time (00:00) cannot show it; a notice cannot leave before it was
// issued, unless the portal's receipt number dates it.
func TestArt21p3_1NoticeSentNeedsTheHour(t *testing.T) {
	detected := time.Date(2026, 11, 23, 9, 0, 0, 0, cases.Moscow)
	mk := func() *cases.Case {
		c := opened(t, cases.Intake{Kind: cases.KindIncident, Received: detected, Incident: &cases.Incident{
			DetectedBy: "operator", DetectedAt: detected, Description: "выгрузка", Subjects: 10, Records: 10}})
		issued := detected.Add(30 * time.Hour) // late: after the 24 hours
		if _, err := c.IssueLetter(cases.Letter{Template: "incident-24h", Body: "уведомление", Answers: "notify24"}, "2026-0003", issued, "x"); err != nil {
			t.Fatal(err)
		}
		return c
	}
	c := mk()
	day := date(t, "2026-11-24").Start()
	if _, err := c.LetterSent(1, cases.SentMark{Via: "email", At: day, DateOnly: true}, t0, "x"); code(err) != cases.ErrSentTime {
		t.Errorf("a date with no time for an hour term: %v", err)
	}
	before := detected.Add(20 * time.Hour)
	if _, err := c.LetterSent(1, cases.SentMark{Via: "email", At: before}, t0, "x"); code(err) != cases.ErrSentEarly {
		t.Errorf("sent before it was issued: %v", err)
	}
	if _, err := c.LetterSent(1, cases.SentMark{Via: "portal", At: before}, t0, "x"); code(err) != cases.ErrSentEarly {
		t.Errorf("a portal submission with no receipt number dated before the issue: %v", err)
	}
	evs, err := c.LetterSent(1, cases.SentMark{Via: "email", At: detected.Add(31 * time.Hour)}, t0, "x")
	if err != nil || len(evs) != 2 || evs[1].Text != cases.NoteLate {
		t.Errorf("a late notice is not recorded as late: %v %+v", err, evs)
	}
	portal := mk()
	if _, err := portal.LetterSent(1, cases.SentMark{Via: "portal", At: before, Proof: "квитанция № 123"}, t0, "x"); err != nil {
		t.Errorf("a portal submission with its receipt number: %v", err)
	}
}

// Art. 21 p. 5.1: a stop demand records the exception processing goes on
// under (a ground of Art. 6 p. 1 items 2–11, Art. 10 p. 2, Art. 11 p. 2),
// with the data and purposes it covers.
func TestArt21p5_1StopDemandRecordsItsException(t *testing.T) {
	c := opened(t, cases.Intake{Kind: cases.KindStopProcessing, Received: date(t, "2026-11-20").Start()})
	scope := cases.GroundScope{Data: "история платежей", Purposes: "бухгалтерский учёт"}
	ev, err := c.KeepOnGround("6-1-2", scope, t0, "x")
	if err != nil {
		t.Fatal(err)
	}
	m := milestone(t, c, "stop")
	if m.Met == nil || m.Ground != "6-1-2" || m.Scope == nil || *m.Scope != scope || ev.Data["purposes"] != "бухгалтерский учёт" {
		t.Errorf("stop demand's exception: %+v %+v", m, ev)
	}
	optout := opened(t, cases.Intake{Kind: cases.KindMarketingOptout, Received: date(t, "2026-11-20").Start()})
	if _, err := optout.KeepOnGround("6-1-2", scope, t0, "x"); code(err) != cases.ErrNoMilestone {
		t.Errorf("an opt-out kept on a ground: %v", err)
	}
}
