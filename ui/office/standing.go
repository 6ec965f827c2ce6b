package office

import (
	"time"

	"privdesk/cases"
	"privdesk/store"
	"privdesk/ui/l10n"
)

// SoonDays is how many working days ahead "due soon" looks.
const SoonDays = 3

// Urgency is how a case stands against its next deadline.
type Urgency int

// The urgencies, least pressing first.
const (
	UrgencyNone Urgency = iota // closed, or every milestone met
	UrgencyOK
	UrgencySoon
	UrgencyLate
)

// Standing is a case's urgency with the figures its text is made from.
type Standing struct {
	Urgency Urgency
	// WD is the working days left; Late the calendar days (or, on the due
	// day itself, Hours) past due.
	WD, Late, Hours int
}

// StandingOf tells how the case of r stands at now; workdays counts the
// working days from today to a date (the desk caches it across rows).
func StandingOf(r store.Row, now time.Time, workdays func(cases.Date) int) Standing {
	if !r.Status.Open() || r.NoDue {
		return Standing{}
	}
	today := cases.DateOf(now)
	s := Standing{WD: workdays(r.Due)}
	switch {
	case now.After(r.DueAt):
		s.Urgency = UrgencyLate
		s.Late, s.Hours = int(today-r.Due), int(now.Sub(r.DueAt).Hours())+1
	case r.Unit == cases.UnitHours:
		s.Urgency, s.Hours = UrgencySoon, int(r.DueAt.Sub(now).Hours())
	case s.WD <= SoonDays:
		s.Urgency = UrgencySoon
	default:
		s.Urgency = UrgencyOK
	}
	return s
}

// Workdays counts working days from now's day to a date, falling back to
// calendar days outside the production calendar.
func Workdays(cal *cases.Calendar, now time.Time) func(cases.Date) int {
	today := cases.DateOf(now)
	return func(due cases.Date) int {
		n, err := cal.WorkingDaysBetween(today, due)
		if err != nil {
			return int(due - today)
		}
		return n
	}
}

// LeftText says how much time is left, or how late the case is.
func LeftText(r store.Row, s Standing, l *l10n.Printer) string {
	switch {
	case !r.Status.Open():
		return ""
	case r.NoDue:
		return l.T("due.all_met")
	case s.Urgency == UrgencyLate && s.Late > 0:
		return l.T("due.late_days", s.Late)
	case s.Urgency == UrgencyLate && r.Unit == cases.UnitImmediately:
		return l.T("due.immediately")
	case s.Urgency == UrgencyLate:
		return l.T("due.late_hours", s.Hours)
	case r.Unit == cases.UnitHours:
		return l.T("due.left_hours", s.Hours)
	case s.WD <= 0:
		return l.T("due.today")
	}
	return l.T("due.left_wd", s.WD)
}
