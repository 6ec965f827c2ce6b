package cases

import (
	"time"
)

// Unit is how a term is counted.
type Unit string

// The units of a term (law-152fz.md 1.3).
const (
	UnitWorkingDays  Unit = "working_days"
	UnitCalendarDays Unit = "calendar_days"
	UnitHours        Unit = "hours"
	UnitImmediately  Unit = "immediately"
	UnitInternal     Unit = "internal" // the company's own target, counted in working days
	UnitMonths       Unit = "months"   // GK 192: the same date of the last month
)

// Anchor names the moment a term is counted from.
type Anchor string

// The anchors.
const (
	// AnchorReceived is the receipt of the request (the default).
	AnchorReceived Anchor = ""
	// AnchorEvidence is the day the subject gave the evidence that the data
	// are inaccurate or unlawfully held (Art. 20 p. 3, Art. 21 p. 2); it
	// defaults to the receipt.
	AnchorEvidence Anchor = "evidence"
	// AnchorDetected is the moment an incident was detected (Art. 21 p. 3.1).
	AnchorDetected Anchor = "detected"
)

// Term is one duty with its statutory time limit.
type Term struct {
	Key        string
	Title      Text
	Basis      Text
	Unit       Unit
	N          int
	Extendable bool
	Anchor     Anchor
}

// ExtensionDays is the most a reasoned notice may add (Art. 14 p. 3, 20, 21 p. 5.1).
const ExtensionDays = 5

// DefaultPasswordResetDays is the internal target for a password reset.
const DefaultPasswordResetDays = 3

// Branches: after its check, a case of some kinds takes one of several
// courses, each with its own duties.
const (
	BranchInaccurate = "inaccurate" // block: the data are inaccurate (Art. 21 p. 1, 2)
	BranchUnlawful   = "unlawful"   // block: the processing is unlawful (Art. 21 p. 1, 3)
	BranchImpossible = "impossible" // withdraw-consent: destruction impossible in time (Art. 21 p. 6)
	BranchComplaint  = "complaint"  // authority: RKN forwards a subject's complaint (Art. 21 p. 1, 3)
)

// Branches lists the courses a kind may take, in menu order.
func Branches(k Kind) []string {
	switch k {
	case KindBlock:
		return []string{BranchInaccurate, BranchUnlawful}
	case KindWithdrawConsent:
		return []string{BranchImpossible}
	case KindAuthority:
		return []string{BranchComplaint}
	}
	return nil
}

func t(ru, en string) Text { return Text{ru, en} }

var (
	basisAccess    = t("ч. 3 ст. 14, ч. 1 ст. 20 152-ФЗ", "152-FZ Art. 14 p. 3, Art. 20 p. 1")
	basisBlock     = t("ч. 1 ст. 21 152-ФЗ", "152-FZ Art. 21 p. 1")
	basisUnlawful  = t("ч. 3 ст. 21 152-ФЗ (от выявления)", "152-FZ Art. 21 p. 3 (from detection)")
	basisWithdraw  = t("ч. 5 ст. 21 152-ФЗ: срок, не превышающий 30 дней", "152-FZ Art. 21 p. 5: a term not exceeding 30 days")
	basisImpossble = t("ч. 6 ст. 21 152-ФЗ", "152-FZ Art. 21 p. 6")

	termBlock = Term{"block", t("Заблокировать данные", "Block the data"), basisBlock, UnitImmediately, 0, false, AnchorReceived}
)

func answer(n int, basis Text, ext bool) Term {
	return Term{"answer", t("Ответ субъекту", "Answer the subject"), basis, UnitWorkingDays, n, ext, AnchorReceived}
}

// Terms returns the duties a request of kind k starts on the given branch
// ("" before one is chosen); passwordResetDays is the internal target used
// for KindPasswordReset.
func Terms(k Kind, branch string, passwordResetDays int) []Term {
	switch k {
	case KindAccess:
		return []Term{answer(10, basisAccess, true)}
	case KindRectify:
		return []Term{{"rectify", t("Уточнить данные", "Rectify the data"),
			t("ч. 3 ст. 20 152-ФЗ (от представления сведений)", "152-FZ Art. 20 p. 3 (from the evidence)"), UnitWorkingDays, 7, false, AnchorEvidence}}
	case KindDestroy:
		return []Term{{"destroy", t("Уничтожить данные", "Destroy the data"),
			t("ч. 3 ст. 20 152-ФЗ (от представления сведений)", "152-FZ Art. 20 p. 3 (from the evidence)"), UnitWorkingDays, 7, false, AnchorEvidence}}
	case KindBlock:
		switch branch {
		case BranchInaccurate:
			basis := t("ч. 2 ст. 21 152-ФЗ (от представления сведений)", "152-FZ Art. 21 p. 2 (from the evidence)")
			return []Term{termBlock,
				{"rectify", t("Уточнить данные", "Rectify the data"), basis, UnitWorkingDays, 7, false, AnchorEvidence},
				{"unblock", t("Снять блокирование", "Lift the block"), basis, UnitWorkingDays, 7, false, AnchorEvidence}}
		case BranchUnlawful:
			return []Term{termBlock,
				{"stop", t("Прекратить неправомерную обработку", "Stop unlawful processing"), basisUnlawful, UnitWorkingDays, 3, false, AnchorReceived},
				{"destroy", t("Уничтожить, если нельзя устранить", "Destroy if it cannot be made lawful"), basisUnlawful, UnitWorkingDays, 10, false, AnchorReceived}}
		}
		return []Term{termBlock}
	case KindWithdrawConsent:
		stop := Term{"stop", t("Прекратить обработку", "Stop processing"), basisWithdraw, UnitCalendarDays, 30, false, AnchorReceived}
		if branch == BranchImpossible {
			return []Term{stop,
				{"block", t("Заблокировать данные (уничтожить в срок невозможно)", "Block the data (destruction in time impossible)"), basisImpossble, UnitCalendarDays, 30, false, AnchorReceived},
				{"destroy", t("Уничтожить заблокированные данные", "Destroy the blocked data"), basisImpossble, UnitMonths, 6, false, AnchorReceived}}
		}
		return []Term{stop,
			{"destroy", t("Уничтожить данные или зафиксировать основание продолжать обработку", "Destroy the data, or record the ground to continue processing"),
				t("ч. 5 ст. 21, ч. 2 ст. 9 152-ФЗ: срок, не превышающий 30 дней", "152-FZ Art. 21 p. 5, Art. 9 p. 2: a term not exceeding 30 days"), UnitCalendarDays, 30, false, AnchorReceived}}
	case KindStopProcessing:
		return []Term{{"stop", t("Прекратить обработку", "Stop processing"), t("ч. 5.1 ст. 21 152-ФЗ", "152-FZ Art. 21 p. 5.1"), UnitWorkingDays, 10, true, AnchorReceived}}
	case KindMarketingOptout:
		return []Term{{"optout", t("Прекратить рассылку", "Stop marketing mail"),
			t("ч. 2 ст. 15 152-ФЗ; ч. 1 ст. 18 38-ФЗ «О рекламе» (немедленно)", "152-FZ Art. 15 p. 2; 38-FZ \"On Advertising\" Art. 18 p. 1 (immediately)"), UnitImmediately, 0, false, AnchorReceived}}
	case KindPasswordReset:
		if passwordResetDays <= 0 {
			passwordResetDays = DefaultPasswordResetDays
		}
		return []Term{{"reset", t("Проверить личность и выслать ссылку", "Verify identity and send the link"), t("внутренний срок, не установлен законом", "internal target, not statutory"), UnitInternal, passwordResetDays, false, AnchorReceived}}
	case KindAuthority:
		terms := []Term{answer(10, t("ч. 4 ст. 20 152-ФЗ", "152-FZ Art. 20 p. 4"), true)}
		if branch == BranchComplaint {
			terms = append(terms, Term{"block", t("Заблокировать данные по запросу РКН", "Block the data on Roskomnadzor's request"), basisBlock, UnitImmediately, 0, false, AnchorReceived})
		}
		return terms
	case KindIncident:
		return []Term{
			{"notify24", t("Первое уведомление РКН", "First notice to Roskomnadzor"), t("п. 1 ч. 3.1 ст. 21 152-ФЗ (от выявления)", "152-FZ Art. 21 p. 3.1 item 1 (from detection)"), UnitHours, 24, false, AnchorDetected},
			{"notify72", t("Результаты расследования РКН", "Investigation results to Roskomnadzor"), t("п. 2 ч. 3.1 ст. 21 152-ФЗ (от выявления)", "152-FZ Art. 21 p. 3.1 item 2 (from detection)"), UnitHours, 72, false, AnchorDetected},
		}
	}
	return []Term{
		{"triage", t("Разобрать обращение: установить вид", "Triage: set the kind of request"), t("внутренний срок: письмо может скрывать немедленную обязанность", "internal target: a letter may hide an immediate duty"), UnitInternal, 1, false, AnchorReceived},
		answer(10, t("ч. 3 ст. 14 152-ФЗ (до уточнения вида)", "152-FZ Art. 14 p. 3 (until the kind is set)"), false),
	}
}

// Milestone is a term applied to a case: the moment by which one duty must be done.
type Milestone struct {
	Key    string    `json:"key"`
	Title  Text      `json:"title,omitzero"` // the catalog's, unless it gives none
	Basis  Text      `json:"basis,omitzero"`
	Unit   Unit      `json:"unit"`
	N      int       `json:"n"`
	Anchor time.Time `json:"anchor"`
	Due    Date      `json:"due"`
	DueAt  time.Time `json:"due_at"`
	// Nominal is the date a calendar-day term ends on, before GK 193
	// moved it off a day off: kept in records of older builds, which took
	// the moved date as the deadline.
	Nominal *Date `json:"due_nominal,omitempty"`
	// Moved is the first working day after a calendar-day term that ends on
	// a day off: the latest defensible date by analogy with GK 193. The
	// deadline itself (Due) is the nominal date.
	Moved       *Date      `json:"due_moved,omitempty"`
	Extendable  bool       `json:"extendable"`
	Extension   *Extension `json:"extension,omitempty"`
	Provisional bool       `json:"provisional"`
	Met         *time.Time `json:"met,omitempty"`
	// Quoted: the due date is the one Roskomnadzor set in its request.
	Quoted bool `json:"quoted,omitempty"`
	// Ground is the recorded legal ground on which processing continues,
	// where meeting the duty is recording it (Art. 9 p. 2, Art. 21 p. 5).
	Ground string `json:"ground,omitempty"`
	// Scope is which data and purposes processing continues for on that
	// ground; the rest was destroyed.
	Scope *GroundScope `json:"scope,omitempty"`
}

// GroundScope is what a continuing ground covers: which data, for which
// purposes (Art. 9 p. 2, Art. 21 p. 5).
type GroundScope struct {
	Data     string `json:"data"`
	Purposes string `json:"purposes"`
}

// Extension records a +5 working day extension under a reasoned notice.
type Extension struct {
	BaseDue    Date      `json:"base_due"`
	NoticeDate Date      `json:"notice_date"`
	Reason     string    `json:"reason"`
	At         time.Time `json:"at"`
	Officer    string    `json:"officer"`
}

// ExtendedDue is the date the milestone would end on if extended.
func (m Milestone) ExtendedDue(cal *Calendar) (Date, bool, error) {
	base := m.Due
	if m.Extension != nil {
		base = m.Extension.BaseDue
	}
	return cal.AddWorkingDays(base, ExtensionDays)
}

// Rules are what a case is worked by: the production calendar its
// deadlines are counted on, and the checklists of its kind.
type Rules struct {
	Cal               *Calendar
	PasswordResetDays int
	Steps             StepTemplates
}

// Anchors are the moments a case's terms are counted from.
type Anchors struct {
	Received time.Time
	Evidence time.Time // zero: the receipt
	Detected time.Time // incidents
}

func (a Anchors) of(x Anchor) time.Time {
	switch {
	case x == AnchorEvidence && !a.Evidence.IsZero():
		return a.Evidence
	case x == AnchorDetected && !a.Detected.IsZero():
		return a.Detected
	}
	return a.Received
}

// Compute applies kind k's terms on the given branch to a request received
// at the given moment.
func (dl *Rules) Compute(k Kind, received time.Time) ([]Milestone, error) {
	return dl.ComputeFor(k, "", Anchors{Received: received})
}

// ComputeFor applies the terms of kind k on branch to the anchors.
func (dl *Rules) ComputeFor(k Kind, branch string, at Anchors) ([]Milestone, error) {
	var out []Milestone
	for _, t := range Terms(k, branch, dl.PasswordResetDays) {
		m, err := dl.apply(t, at.of(t.Anchor))
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

func (dl *Rules) apply(t Term, anchor time.Time) (Milestone, error) {
	m := Milestone{Key: t.Key, Title: t.Title, Basis: t.Basis, Unit: t.Unit, N: t.N, Anchor: anchor, Extendable: t.Extendable}
	day := DateOf(anchor)
	switch t.Unit {
	case UnitWorkingDays, UnitInternal:
		due, prov, err := dl.Cal.AddWorkingDays(day, t.N)
		if err != nil {
			return m, err
		}
		m.Due, m.DueAt, m.Provisional = due, due.End(), prov
	case UnitCalendarDays:
		// "A term not exceeding 30 days" (Art. 21 p. 4, 5): the nominal date is
		// the deadline; GK 193's move off a day off is shown, not relied on.
		nominal := day.AddDays(t.N)
		moved, prov, err := dl.Cal.NextWorkingDay(nominal)
		if err != nil {
			return m, err
		}
		m.Due, m.DueAt, m.Provisional = nominal, nominal.End(), prov
		if moved != nominal {
			m.Moved = &moved
		}
	case UnitMonths:
		due := day.AddMonths(t.N)
		_, prov, err := dl.Cal.IsWorkingDay(due)
		if err != nil {
			return m, err
		}
		m.Due, m.DueAt, m.Provisional = due, due.End(), prov
	case UnitHours:
		m.DueAt = anchor.Add(time.Duration(t.N) * time.Hour)
		m.Due = DateOf(m.DueAt)
	case UnitImmediately:
		m.DueAt, m.Due = anchor, day
	}
	return m, nil
}

// TermTitle names a milestone by its key, as any kind and course defines
// it; ok is false for a key no term has.
func TermTitle(key string) (Text, bool) {
	for _, k := range Kinds {
		for _, b := range append([]string{""}, Branches(k)...) {
			for _, t := range Terms(k, b, 0) {
				if t.Key == key {
					return t.Title, true
				}
			}
		}
	}
	return Text{}, false
}
