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
)

// Term is one duty with its statutory time limit.
type Term struct {
	Key        string
	Title      Text
	Basis      Text
	Unit       Unit
	N          int
	Extendable bool
}

// ExtensionDays is the most a reasoned notice may add (Art. 14 p. 3, 20, 21 p. 5.1).
const ExtensionDays = 5

// DefaultPasswordResetDays is the internal target for a password reset.
const DefaultPasswordResetDays = 3

func answer(n int, basis Text, ext bool) Term {
	return Term{"answer", Text{"Ответ субъекту", "Answer the subject"}, basis, UnitWorkingDays, n, ext}
}

// Terms returns the duties a request of kind k starts; passwordResetDays is
// the internal target used for KindPasswordReset.
func Terms(k Kind, passwordResetDays int) []Term {
	switch k {
	case KindAccess:
		return []Term{answer(10, Text{"ст. 14 ч. 3, ст. 20 ч. 1 152-ФЗ", "152-FZ Art. 14 p. 3, Art. 20 p. 1"}, true)}
	case KindRectify:
		return []Term{{"rectify", Text{"Уточнить данные", "Rectify the data"}, Text{"ст. 20 ч. 3, ст. 21 ч. 2 152-ФЗ", "152-FZ Art. 20 p. 3, Art. 21 p. 2"}, UnitWorkingDays, 7, false}}
	case KindDestroy:
		return []Term{{"destroy", Text{"Уничтожить данные", "Destroy the data"}, Text{"ст. 20 ч. 3 152-ФЗ", "152-FZ Art. 20 p. 3"}, UnitWorkingDays, 7, false}}
	case KindBlock:
		return []Term{
			{"block", Text{"Заблокировать данные", "Block the data"}, Text{"ст. 21 ч. 1 152-ФЗ", "152-FZ Art. 21 p. 1"}, UnitImmediately, 0, false},
			{"stop", Text{"Прекратить неправомерную обработку", "Stop unlawful processing"}, Text{"ст. 21 ч. 3 152-ФЗ (от выявления)", "152-FZ Art. 21 p. 3 (from detection)"}, UnitWorkingDays, 3, false},
			{"destroy", Text{"Уничтожить, если нельзя устранить", "Destroy if it cannot be made lawful"}, Text{"ст. 21 ч. 3 152-ФЗ (от выявления)", "152-FZ Art. 21 p. 3 (from detection)"}, UnitWorkingDays, 10, false},
		}
	case KindWithdrawConsent:
		return []Term{{"stop", Text{"Прекратить обработку и уничтожить", "Stop processing and destroy"}, Text{"ст. 21 ч. 5 152-ФЗ", "152-FZ Art. 21 p. 5"}, UnitCalendarDays, 30, false}}
	case KindStopProcessing:
		return []Term{{"stop", Text{"Прекратить обработку", "Stop processing"}, Text{"ст. 21 ч. 5.1 152-ФЗ", "152-FZ Art. 21 p. 5.1"}, UnitWorkingDays, 10, true}}
	case KindMarketingOptout:
		return []Term{{"optout", Text{"Прекратить рассылку", "Stop marketing mail"}, Text{"ст. 15 152-ФЗ", "152-FZ Art. 15"}, UnitImmediately, 0, false}}
	case KindPasswordReset:
		if passwordResetDays <= 0 {
			passwordResetDays = DefaultPasswordResetDays
		}
		return []Term{{"reset", Text{"Проверить личность и выслать ссылку", "Verify identity and send the link"}, Text{"внутренний срок, не установлен законом", "internal target, not statutory"}, UnitInternal, passwordResetDays, false}}
	case KindAuthority:
		return []Term{answer(10, Text{"ст. 20 ч. 4 152-ФЗ", "152-FZ Art. 20 p. 4"}, true)}
	case KindIncident:
		return []Term{
			{"notify24", Text{"Первое уведомление РКН", "First notice to Roskomnadzor"}, Text{"ст. 21 ч. 3.1 п. 1 152-ФЗ", "152-FZ Art. 21 p. 3.1 item 1"}, UnitHours, 24, false},
			{"notify72", Text{"Результаты расследования РКН", "Investigation results to Roskomnadzor"}, Text{"ст. 21 ч. 3.1 п. 2 152-ФЗ", "152-FZ Art. 21 p. 3.1 item 2"}, UnitHours, 72, false},
		}
	}
	return []Term{answer(10, Text{"ст. 14 ч. 3 152-ФЗ (до уточнения вида)", "152-FZ Art. 14 p. 3 (until the kind is set)"}, false)}
}

// Milestone is a term applied to a case: the moment by which one duty must be done.
type Milestone struct {
	Key         string     `json:"key"`
	Title       Text       `json:"title"`
	Basis       Text       `json:"basis"`
	Unit        Unit       `json:"unit"`
	N           int        `json:"n"`
	Anchor      time.Time  `json:"anchor"`
	Due         Date       `json:"due"`
	DueAt       time.Time  `json:"due_at"`
	Nominal     *Date      `json:"due_nominal,omitempty"`
	Extendable  bool       `json:"extendable"`
	Extension   *Extension `json:"extension,omitempty"`
	Provisional bool       `json:"provisional"`
	Met         *time.Time `json:"met,omitempty"`
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

// Compute applies kind k's terms to a request received at the given moment.
func (dl *Rules) Compute(k Kind, received time.Time) ([]Milestone, error) {
	var out []Milestone
	for _, t := range Terms(k, dl.PasswordResetDays) {
		m, err := dl.apply(t, received)
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
		nominal := day.AddDays(t.N)
		due, prov, err := dl.Cal.NextWorkingDay(nominal)
		if err != nil {
			return m, err
		}
		m.Due, m.DueAt, m.Provisional = due, due.End(), prov
		if due != nominal {
			m.Nominal = &nominal
		}
	case UnitHours:
		m.DueAt = anchor.Add(time.Duration(t.N) * time.Hour)
		m.Due = DateOf(m.DueAt)
	case UnitImmediately:
		m.DueAt, m.Due = anchor, day
	}
	return m, nil
}
