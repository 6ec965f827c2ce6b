package cases_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"privdesk/cases"
)

// One test per correction of duties-and-letters.md section 1, named after
// the norm it applies.

func opened(t *testing.T, in cases.Intake) *cases.Case {
	t.Helper()
	if in.Subject == (cases.Subject{}) && in.Kind != cases.KindIncident {
		in.Subject = cases.Subject{Name: "Субъект", Email: "s@example.ru"}
	}
	c, _, err := cases.New(in, rulesWithSteps(t), t0, "ivanova")
	if err != nil {
		t.Fatal(err)
	}
	c.ID = cases.ID{Year: 2026, N: 1}
	return c
}

func milestone(t *testing.T, c *cases.Case, key string) cases.Milestone {
	t.Helper()
	for _, m := range c.Milestones {
		if m.Key == key {
			return m
		}
	}
	t.Fatalf("no milestone %s in %v", key, c.Milestones)
	return cases.Milestone{}
}

func stepKeys(c *cases.Case) []string {
	var out []string
	for _, s := range c.Steps {
		out = append(out, s.Key)
	}
	return out
}

func people(known map[string]cases.Person) func(string) (cases.Person, bool) {
	return func(login string) (cases.Person, bool) { p, ok := known[login]; return p, ok }
}

// Corrections 1–5: Order 179 p. 3 г (who destroyed), д (categories), е
// (paper), ж and з (another system), and p. 5 (the log export).
func TestOrder179p3ActFromTheRecord(t *testing.T) {
	c := opened(t, cases.Intake{Kind: cases.KindDestroy, Received: date(t, "2026-11-20").Start(), Channel: cases.ChannelPost})
	c.Documents = []cases.Document{{No: 1, Name: "passport.jpg", SHA256: "x", Paper: true}}
	var evs []cases.Event
	// A paper original needs its medium and sheets.
	if _, err := c.DestroyDocument(1, cases.Destruction{Reason: "цель достигнута"}, t0, "ivanova"); code(err) != cases.ErrDestructionDetails {
		t.Fatalf("paper without medium: %v", err)
	}
	ev, err := c.DestroyDocument(1, cases.Destruction{Reason: "цель достигнута", System: "privdesk", How: "удаление",
		Categories: []string{"ФИО", "серия и номер паспорта"}, Medium: "копия паспорта, бумага А4", Sheets: 2}, t0, "ivanova")
	if err != nil {
		t.Fatal(err)
	}
	ev.Seal(1, "")
	evs = append(evs, ev)
	// Data destroyed in the CRM by someone else, recorded on the step.
	if _, err := c.Mark("data_destroyed", cases.StepMark{State: cases.StepDone}, t0, "sidorov"); code(err) != cases.ErrDestructionDetails {
		t.Fatalf("a destroying step without its system: %v", err)
	}
	sevs, err := c.Mark("data_destroyed", cases.StepMark{State: cases.StepDone, Destruction: &cases.Destruction{
		System: "CRM", How: "удаление карточки клиента", Categories: []string{"ФИО", "история заказов"}}}, t0.Add(time.Hour), "sidorov")
	if err != nil {
		t.Fatal(err)
	}
	for i := range sevs {
		sevs[i].Seal(2+i, evs[len(evs)-1].Hash)
		evs = append(evs, sevs[i])
	}
	op := cases.Party{Name: "ООО «Пример»", Address: "Москва"}
	if _, err := cases.BuildAct(c, evs, cases.ActSetup{Operator: op, PaperMethod: "измельчение в шредере", People: people(map[string]cases.Person{
		"ivanova": {Name: "Иванова А. П.", Position: "ответственный"}})}, t0.AddDate(0, 0, 1)); code(err) != cases.ErrUnknownOfficer {
		t.Fatalf("a destroyer without an officers entry: %v", err)
	}
	act, err := cases.BuildAct(c, evs, cases.ActSetup{Operator: op, PaperMethod: "измельчение в шредере", People: people(map[string]cases.Person{
		"ivanova": {Name: "Иванова А. П.", Position: "ответственный"},
		"sidorov": {Name: "Сидоров П. И.", Position: "администратор CRM"},
		"petrov":  {Name: "Петров", Position: "печатает акт"},
	})}, t0.AddDate(0, 0, 1))
	if err != nil {
		t.Fatal(err)
	}
	if len(act.Destroyers) != 2 || act.Destroyers[0].Login != "ivanova" || act.Destroyers[1].Position != "администратор CRM" {
		t.Errorf("г: %+v", act.Destroyers)
	}
	if len(act.Entries) != 2 || !slices.Equal(act.Entries[0].Categories, []string{"ФИО", "серия и номер паспорта"}) ||
		act.Entries[1].System != "CRM" || act.Entries[1].How != "удаление карточки клиента" {
		t.Errorf("д, ж, з: %+v", act.Entries)
	}
	if p := act.Paper(); len(p) != 1 || p[0].Sheets != 2 || p[0].How != "измельчение в шредере" {
		t.Errorf("е, з for paper: %+v", p)
	}
	// и: the reason in words with its norm; д: each category once.
	if r := act.Entries[1].Reason; !strings.HasPrefix(r, "требование субъекта об уничтожении") || !strings.Contains(r, "ст. 20") {
		t.Errorf("и: %q", r)
	}
	if cats := act.Categories(); !slices.Equal(cats, []string{"ФИО", "серия и номер паспорта", "история заказов"}) {
		t.Errorf("д: %v", cats)
	}
	// Kept in the case, numbered; a second act finds nothing new.
	c.IssueAct(act, t0, "petrov")
	if c.Acts[0].No != "2026-0001-У" {
		t.Errorf("act number %q", c.Acts[0].No)
	}
	if _, err := cases.BuildAct(c, evs, cases.ActSetup{Operator: op, PaperMethod: "измельчение в шредере", People: people(nil)}, t0); code(err) != cases.ErrActCovered {
		t.Errorf("second act: %v", err)
	}
	// p. 5: the log export holds the five fields, the event, its hash, who and how.
	log := c.Acts[0].Log()
	if len(log) != 2 || log[0].Subject != "Субъект" || log[0].Categories != "ФИО; серия и номер паспорта" ||
		log[0].Hash != evs[0].Hash || log[1].By != "sidorov" || log[1].Method != "удаление карточки клиента" {
		t.Errorf("log export: %+v", log)
	}
}

// Corrections 6 and 7: Art. 21 p. 5, "a term not exceeding 30 days", and
// p. 6 and Art. 9 p. 2 for what follows.
func TestArt21p5WithdrawalNominalDeadlineAndBranches(t *testing.T) {
	c := opened(t, cases.Intake{Kind: cases.KindWithdrawConsent, Received: date(t, "2025-12-01").Start()})
	stop, destroy := milestone(t, c, "stop"), milestone(t, c, "destroy")
	if stop.Due.String() != "2025-12-31" || stop.Moved == nil || stop.Moved.String() != "2026-01-12" || destroy.Due != stop.Due {
		t.Fatalf("stop %+v destroy %+v", stop, destroy)
	}
	if !c.Overdue(time.Date(2026, 1, 1, 0, 0, 1, 0, cases.Moscow)) || c.Overdue(time.Date(2025, 12, 31, 23, 0, 0, 0, cases.Moscow)) {
		t.Error("the nominal date does not drive the overdue flag")
	}
	if !slices.Contains(stepKeys(c), "act_issued") || slices.Contains(stepKeys(c), "request_details") {
		t.Errorf("steps: %v", stepKeys(c))
	}
	// Processing may continue on a ground of Art. 9 p. 2.
	scope := cases.GroundScope{Data: "история заказов", Purposes: "исполнение договора"}
	if _, err := c.KeepOnGround("6-1-99", scope, t0, "x"); code(err) != cases.ErrUnknownGround {
		t.Errorf("unknown ground: %v", err)
	}
	// Art. 9 p. 2: a ground covers named data and purposes, never the whole duty.
	if _, err := c.KeepOnGround("6-1-5", cases.GroundScope{}, t0, "x"); code(err) != cases.ErrGroundScope {
		t.Errorf("a ground with no scope: %v", err)
	}
	ev, err := c.KeepOnGround("6-1-5", scope, t0, "x")
	if m := milestone(t, c, "destroy"); err != nil || ev.Data["ground"] != "6-1-5" || m.Ground != "6-1-5" || m.Met == nil || m.Scope == nil || *m.Scope != scope {
		t.Errorf("ground: %v %+v", err, ev)
	}
	// Destruction impossible in time: block, then destroy within 6 months.
	imp := opened(t, cases.Intake{Kind: cases.KindWithdrawConsent, Received: date(t, "2025-12-01").Start()})
	if _, err := imp.SetBranch(cases.BranchImpossible, rulesWithSteps(t), t0, "x"); err != nil {
		t.Fatal(err)
	}
	if m := milestone(t, imp, "destroy"); m.Unit != cases.UnitMonths || m.Due.String() != "2026-06-01" {
		t.Errorf("6-month destroy: %+v", m)
	}
	if milestone(t, imp, "block").Due.String() != "2025-12-31" || !slices.Contains(stepKeys(imp), "data_blocked") {
		t.Errorf("impossible branch: %v", stepKeys(imp))
	}
}

// Correction 8: Art. 14 p. 3 sets what a request for information must
// contain; a withdrawal, a stop demand or an opt-out is matched to the
// account and never refused for missing passport details.
func TestArt14p3VerificationByKind(t *testing.T) {
	access := opened(t, cases.Intake{Kind: cases.KindAccess, Received: t0})
	if !slices.Contains(stepKeys(access), "request_details") {
		t.Fatalf("access: %v", stepKeys(access))
	}
	if _, err := access.MarkStep("request_details", cases.StepFailed, "", "", t0, "x"); err != nil {
		t.Fatal(err)
	}
	if g, r, ok := access.OfferedRefusal(); !ok || g != "14-3" || !strings.Contains(r.EN, "Art. 14 p. 3") || !strings.Contains(r.RU, "ч. 2 ст. 20") {
		t.Errorf("refusal for missing details: %v %q", ok, r.EN)
	}
	if _, err := access.Close(cases.OutcomeFulfilled, "", t0, "x"); code(err) != cases.ErrVerificationOpen {
		t.Errorf("an access request without its details closed as fulfilled: %v", err)
	}
	for _, k := range []cases.Kind{cases.KindWithdrawConsent, cases.KindStopProcessing, cases.KindMarketingOptout} {
		c := opened(t, cases.Intake{Kind: k, Received: t0})
		if slices.Contains(stepKeys(c), "request_details") || slices.Contains(stepKeys(c), "identity_confirmed") || !slices.Contains(stepKeys(c), "requester_matched") {
			t.Errorf("%s: %v", k, stepKeys(c))
		}
		if _, err := c.MarkStep("requester_matched", cases.StepFailed, "", "no match", t0, "x"); err != nil {
			t.Fatal(err)
		}
		if _, _, ok := c.OfferedRefusal(); ok {
			t.Errorf("%s: a failed match offers a refusal", k)
		}
	}
	ident := opened(t, cases.Intake{Kind: cases.KindAccess, Received: t0})
	ident.MarkStep("identity_confirmed", cases.StepFailed, "", "", t0, "x")
	if g, r, _ := ident.OfferedRefusal(); g != "14-8-4" || !strings.Contains(r.EN, "Art. 14 p. 8 item 4") {
		t.Errorf("refusal for identity: %q", r.EN)
	}
}

// Correction 9: Art. 21 p. 1–3: after the check, the inaccurate-data branch
// (rectify in 7 wd of the evidence, lift the block) or the unlawful one (stop
// in 3 wd, destroy in 10 wd, act); "check done" meets nothing.
func TestArt21p1to3BlockBranches(t *testing.T) {
	rules := rulesWithSteps(t)
	c := opened(t, cases.Intake{Kind: cases.KindBlock, Received: date(t, "2026-11-23").Start(), Channel: cases.ChannelAuthority})
	c.MarkStep("data_blocked", cases.StepDone, "", "", t0, "x")
	if _, err := c.MarkStep("check_done", cases.StepDone, "", "", t0, "x"); err != nil || c.Next() != nil || len(c.Milestones) != 1 {
		t.Fatalf("check done: %v %+v", err, c.Milestones)
	}
	inacc := *c
	inacc.Milestones, inacc.Steps = slices.Clone(c.Milestones), slices.Clone(c.Steps)
	if _, err := inacc.SetBranch(cases.BranchInaccurate, rules, t0, "x"); err != nil {
		t.Fatal(err)
	}
	if milestone(t, &inacc, "rectify").Due.String() != "2026-12-02" || milestone(t, &inacc, "unblock").Due.String() != "2026-12-02" ||
		milestone(t, &inacc, "block").Met == nil {
		t.Errorf("inaccurate: %+v", inacc.Milestones)
	}
	for _, k := range []string{"data_rectified", "data_unblocked", "subject_notified", "rkn_notified"} {
		if !slices.Contains(stepKeys(&inacc), k) {
			t.Errorf("inaccurate branch lacks %s: %v", k, stepKeys(&inacc))
		}
	}
	if _, err := c.SetBranch(cases.BranchUnlawful, rules, t0, "x"); err != nil {
		t.Fatal(err)
	}
	if milestone(t, c, "stop").Due.String() != "2026-11-26" || milestone(t, c, "destroy").Due.String() != "2026-12-07" ||
		!slices.Contains(stepKeys(c), "act_issued") || !slices.Contains(stepKeys(c), "rkn_notified") {
		t.Errorf("unlawful: %+v %v", c.Milestones, stepKeys(c))
	}
	// A request that did not come through Roskomnadzor has no RKN step.
	own := opened(t, cases.Intake{Kind: cases.KindBlock, Received: t0})
	own.SetBranch(cases.BranchUnlawful, rules, t0, "x")
	if slices.Contains(stepKeys(own), "rkn_notified") || !slices.Contains(stepKeys(own), "subject_notified") {
		t.Errorf("own request: %v", stepKeys(own))
	}
}

// Correction 10: Art. 20 p. 3, Art. 21 p. 2: the 7 working days run from the
// day the subject gave the evidence; the date of receipt does not change.
func TestArt20p3EvidenceAnchor(t *testing.T) {
	c := opened(t, cases.Intake{Kind: cases.KindRectify, Received: date(t, "2026-11-02").Start()})
	if c.Due().String() != "2026-11-12" {
		t.Fatalf("from receipt: %s", c.Due())
	}
	received := c.Received
	ev, err := c.SetEvidence(date(t, "2026-11-16").Start(), rulesWithSteps(t), t0, "x")
	if err != nil || ev.Type != cases.EventEvidence || c.Due().String() != "2026-11-25" || !c.Received.Equal(received) {
		t.Errorf("evidence: %v %+v due %s", err, ev, c.Due())
	}
	if _, err := c.SetEvidence(date(t, "2026-10-01").Start(), rulesWithSteps(t), t0, "x"); code(err) != cases.ErrEvidenceEarly {
		t.Errorf("evidence before receipt: %v", err)
	}
}

// Correction 11: Art. 14 p. 4–6 concern requests for information alone.
func TestArt14p4RepeatsForAccessOnly(t *testing.T) {
	first := opened(t, cases.Intake{Kind: cases.KindAccess, Received: date(t, "2026-08-02").Start()})
	again := opened(t, cases.Intake{Kind: cases.KindAccess, Received: date(t, "2026-08-20").Start()})
	again.ID = cases.ID{Year: 2026, N: 2}
	if r := again.FindRepeat([]*cases.Case{first}); r == nil || *r != first.ID {
		t.Errorf("access within 30 days: %v", r)
	}
	destroy := opened(t, cases.Intake{Kind: cases.KindDestroy, Received: date(t, "2026-08-20").Start()})
	destroy.ID = cases.ID{Year: 2026, N: 3}
	if r := destroy.FindRepeat([]*cases.Case{first}); r != nil {
		t.Errorf("a destruction request flagged as a repeat of %v", r)
	}
	// Linked up to 60 days back (30 days after an answer that may take 15
	// working days); whether it is a repeat is the refusal's to decide.
	late := opened(t, cases.Intake{Kind: cases.KindAccess, Received: date(t, "2026-10-20").Start()})
	late.ID = cases.ID{Year: 2026, N: 4}
	if r := late.FindRepeat([]*cases.Case{first}); r != nil {
		t.Errorf("a request after 60 days flagged: %v", r)
	}
}

// Correction 12: Art. 21 p. 3.1: an incident has no subject; its notices run
// 24 and 72 hours from detection, kept with its zone.
func TestArt21p3_1IncidentWithoutSubject(t *testing.T) {
	detected := time.Date(2026, 11, 24, 23, 30, 0, 0, time.FixedZone("", 7*3600)) // Krasnoyarsk
	c := opened(t, cases.Intake{Kind: cases.KindIncident, Received: detected, Incident: &cases.Incident{
		DetectedBy: "rkn", DetectedAt: detected, Description: "выгрузка в открытом доступе", Subjects: 1200, Records: 5000}})
	if c.Subject != (cases.Subject{}) || c.Incident.DetectedBy != "rkn" {
		t.Fatalf("incident: %+v", c)
	}
	n24, n72 := milestone(t, c, "notify24"), milestone(t, c, "notify72")
	if !n24.DueAt.Equal(detected.Add(24*time.Hour)) || !n72.DueAt.Equal(detected.Add(72*time.Hour)) || n24.Anchor.Location() != detected.Location() {
		t.Errorf("notices: %v %v", n24.DueAt, n72.DueAt)
	}
	if _, _, err := cases.New(cases.Intake{Kind: cases.KindIncident, Received: detected}, rulesWithSteps(t), t0, "x"); code(err) != cases.ErrIncidentDetails {
		t.Errorf("incident without details: %v", err)
	}
	ev, err := c.UpdateIncident(cases.Incident{DetectedBy: "rkn", Description: c.Incident.Description, Causes: "ошибка настройки",
		Harm: "раскрытие e-mail", Measures: "доступ закрыт", Contact: "Иванова, +7 495 000-00-00"}, t0, "x")
	if err != nil || ev.Type != cases.EventIncident || c.Incident.Causes != "ошибка настройки" || !c.Incident.DetectedAt.Equal(detected) {
		t.Errorf("update: %v %+v", err, c.Incident)
	}
	c.MarkStep("notice24_sent", cases.StepDone, "", "", t0, "x")
	if milestone(t, c, "notify24").Met == nil {
		t.Error("the first notice recorded as sent does not meet its milestone")
	}
}

// Correction 13: Art. 20 p. 4 and Art. 21 p. 1, 3: a Roskomnadzor request that
// forwards a complaint carries a block and a remedy notice, and an earlier
// date RKN sets is the deadline.
func TestArt20p4AuthorityComplaintAndQuotedDate(t *testing.T) {
	c := opened(t, cases.Intake{Kind: cases.KindAuthority, Received: date(t, "2026-11-02").Start(), Channel: cases.ChannelAuthority})
	if _, err := c.SetBranch(cases.BranchComplaint, rulesWithSteps(t), t0, "x"); err != nil {
		t.Fatal(err)
	}
	if milestone(t, c, "block").Unit != cases.UnitImmediately || !slices.Contains(stepKeys(c), "remedy_notified") {
		t.Errorf("complaint: %+v %v", c.Milestones, stepKeys(c))
	}
	if _, err := c.SetQuotedDue(date(t, "2026-11-09"), rulesWithSteps(t), t0, "x"); err != nil {
		t.Fatal(err)
	}
	if a := milestone(t, c, "answer"); a.Due.String() != "2026-11-09" || !a.Quoted || a.Extendable || !strings.Contains(a.Basis.EN, "Roskomnadzor") {
		t.Errorf("quoted date: %+v", a)
	}
	access := opened(t, cases.Intake{Kind: cases.KindAccess, Received: t0})
	if _, err := access.SetQuotedDue(date(t, "2026-11-30"), rulesWithSteps(t), t0, "x"); code(err) != cases.ErrNotAuthority {
		t.Errorf("quoted date on an access request: %v", err)
	}
}

// Correction 14: Art. 21 p. 4: identity documents go 30 days after the step
// that achieved their purpose; a recorded ground keeps one; the request
// message follows the case.
func TestArt21p4IdentityDocumentRetention(t *testing.T) {
	c := opened(t, cases.Intake{Kind: cases.KindPasswordReset, Received: date(t, "2026-10-01").Start()})
	c.Documents = []cases.Document{{No: 1, Name: "message.eml", Type: "message/rfc822", Role: cases.RoleRequest}, {No: 2, Name: "passport.jpg"}, {No: 3, Name: "p2.jpg"}}
	matched := date(t, "2026-10-05").Start()
	c.MarkStep("doc_matches", cases.StepDone, "", "", matched, "x")
	if due := c.DocumentsDue(matched.AddDate(0, 0, 29), 30); len(due) != 0 {
		t.Errorf("due before 30 days: %v", due)
	}
	if _, err := c.HoldDocument(3, "", t0, "x"); code(err) != cases.ErrReasonRequired {
		t.Errorf("hold without a ground: %v", err)
	}
	c.HoldDocument(3, "запрос следователя от 01.10.2026", t0, "x")
	if due := c.DocumentsDue(matched.AddDate(0, 0, 30), 30); !slices.Equal(due, []int{2}) {
		t.Errorf("due at 30 days (open case): %v", due)
	}
}

// Corrections 16 and 17.
func TestArt15p2MarketingAndTriageTarget(t *testing.T) {
	m := opened(t, cases.Intake{Kind: cases.KindMarketingOptout, Received: t0})
	if b := milestone(t, m, "optout").Basis; !strings.Contains(b.RU, "ч. 2 ст. 15 152-ФЗ") || !strings.Contains(b.RU, "ч. 1 ст. 18 38-ФЗ") {
		t.Errorf("opt-out basis: %q", b.RU)
	}
	o := opened(t, cases.Intake{Kind: cases.KindOther, Received: date(t, "2026-11-20").Start()})
	if tr := milestone(t, o, "triage"); tr.Unit != cases.UnitInternal || tr.Due.String() != "2026-11-23" {
		t.Errorf("triage: %+v", tr)
	}
}

// Existing cases migrate: open ones get the new model with a timeline entry;
// closed ones keep their history.
func TestMigrationToTheNewModel(t *testing.T) {
	rules := rulesWithSteps(t)
	c := opened(t, cases.Intake{Kind: cases.KindWithdrawConsent, Received: date(t, "2025-12-01").Start()})
	// As the first model left it: one milestone on the moved date, passport checks.
	moved, nominal := date(t, "2026-01-12"), date(t, "2025-12-31")
	c.Milestones = []cases.Milestone{{Key: "stop", Unit: cases.UnitCalendarDays, N: 30, Due: moved, DueAt: moved.End(), Nominal: &nominal}}
	c.Steps = rules.Steps.NewSteps(cases.KindAccess, "", c.Channel)[:1]
	ev, changed, err := c.Migrate(rules, t0)
	if err != nil || !changed || ev.Type != cases.EventMigrated || !strings.Contains(ev.Text, "+destroy 2025-12-31") {
		t.Fatalf("migrate: %v %v %+v", err, changed, ev)
	}
	if milestone(t, c, "stop").Due.String() != "2025-12-31" || !slices.Contains(stepKeys(c), "requester_matched") {
		t.Errorf("after: %+v %v", c.Milestones, stepKeys(c))
	}
	if _, changed, _ := c.Migrate(rules, t0); changed {
		t.Error("a second migration changed the case again")
	}
	closed := opened(t, cases.Intake{Kind: cases.KindWithdrawConsent, Received: date(t, "2025-12-01").Start()})
	closed.Close(cases.OutcomeWithdrawn, "заявитель отозвал обращение", t0, "x")
	closed.Milestones = closed.Milestones[:1]
	if _, changed, _ := closed.Migrate(rules, t0); changed {
		t.Error("a closed case was rewritten")
	}
}
