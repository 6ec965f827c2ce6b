package cases_test

import (
	"testing"
	"time"

	"privdesk/assets"
	"privdesk/cases"
)

func calendar(t testing.TB) *cases.Calendar {
	t.Helper()
	cal, err := cases.ParseCalendar(assets.Calendar)
	if err != nil {
		t.Fatal(err)
	}
	return cal
}

// rulesWithSteps are the embedded calendar and checklists.
func rulesWithSteps(t testing.TB) *cases.Rules {
	t.Helper()
	steps, err := cases.ParseSteps(assets.Steps)
	if err != nil {
		t.Fatal(err)
	}
	return &cases.Rules{Cal: calendar(t), Steps: steps}
}

func date(t testing.TB, s string) cases.Date {
	t.Helper()
	d, err := cases.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// The vectors of law-152fz.md section 1.3.
func TestWorkingDayVectors(t *testing.T) {
	cal := calendar(t)
	for _, v := range []struct {
		anchor string
		n      int
		want   string
	}{
		{"2025-10-31", 10, "2025-11-17"},
		{"2025-10-31", 15, "2025-11-24"},
		{"2025-12-26", 10, "2026-01-21"},
		{"2025-12-30", 10, "2026-01-23"},
		{"2026-04-28", 10, "2026-05-14"},
		{"2026-12-29", 7, "2027-01-18"},
		{"2026-12-30", 3, "2027-01-13"},
		{"2027-02-17", 10, "2027-03-04"},
		{"2024-04-26", 10, "2024-05-16"},
		// Received on a Sunday: the first counted day is Monday.
		{"2026-11-22", 1, "2026-11-23"},
		// Received on a working Saturday (2025-11-01): counting starts on Sunday.
		{"2025-11-01", 1, "2025-11-05"},
		// Received on 31 December, a day off.
		{"2026-12-31", 1, "2027-01-11"},
	} {
		got, prov, err := cal.AddWorkingDays(date(t, v.anchor), v.n)
		if err != nil || got.String() != v.want || prov {
			t.Errorf("%s + %d wd = %s (provisional %v, err %v), want %s", v.anchor, v.n, got, prov, err, v.want)
		}
	}
}

func TestCalendarDayVectors(t *testing.T) {
	dl := &cases.Rules{Cal: calendar(t)}
	for _, v := range []struct{ anchor, nominal, want string }{
		{"2025-12-01", "2025-12-31", "2026-01-12"},
		{"2025-04-02", "2025-05-02", "2025-05-05"},
		{"2026-04-09", "2026-05-09", "2026-05-12"},
		{"2025-04-08", "2025-05-08", "2025-05-12"},
	} {
		ms, err := dl.Compute(cases.KindWithdrawConsent, date(t, v.anchor).Start())
		if err != nil {
			t.Fatal(err)
		}
		// Art. 21 p. 5, "a term not exceeding 30 days": the nominal date is
		// the deadline; the GK 193 move is reported beside it.
		m := ms[0]
		if m.Due.String() != v.nominal || m.Moved == nil || m.Moved.String() != v.want || m.Unit != cases.UnitCalendarDays {
			t.Errorf("%s + 30 cd: due %s moved %v, want %s moved %s", v.anchor, m.Due, m.Moved, v.nominal, v.want)
		}
	}
	// A nominal date that is a working day is not moved.
	ms, _ := dl.Compute(cases.KindWithdrawConsent, date(t, "2026-10-06").Start())
	if ms[0].Due.String() != "2026-11-05" || ms[0].Moved != nil {
		t.Errorf("2026-10-06 + 30 cd: %s %v", ms[0].Due, ms[0].Moved)
	}
}

func TestWorkingDaysPerYear(t *testing.T) {
	cal := calendar(t)
	for year, want := range map[int]int{2024: 248, 2025: 247, 2026: 247, 2027: 247} {
		n, err := cal.WorkingDaysBetween(cases.MakeDate(year-1, 12, 31), cases.MakeDate(year, 12, 31))
		if err != nil || n != want {
			t.Errorf("%d: %d working days (%v), want %d", year, n, err, want)
		}
	}
}

func TestProvisionalYear(t *testing.T) {
	cal := calendar(t)
	// 2028 has no decree in the data: computed, and said to be.
	d, prov, err := cal.AddWorkingDays(date(t, "2028-03-03"), 5)
	if err != nil || !prov {
		t.Fatalf("2028: provisional %v err %v", prov, err)
	}
	// Fri 03-03 + 5 wd: Mon 6, Tue 7, Wed 8 is a holiday, Thu 9, Fri 10, Mon 13.
	if d.String() != "2028-03-13" {
		t.Errorf("2028-03-03 + 5 wd = %s", d)
	}
	// Labour Code art. 112 part 2: Nov 4 2029 is a Sunday, so Mon Nov 5 is off.
	if w, _, _ := cal.IsWorkingDay(date(t, "2029-11-05")); w {
		t.Error("2029-11-05 should be off: Nov 4 falls on a Sunday")
	}
	if _, _, err := cal.IsWorkingDay(date(t, "2101-01-10")); err == nil {
		t.Error("2101 must be outside the calendar")
	}
}

func TestUserCalendarOverrides(t *testing.T) {
	user := []byte(`{"2028": {"decree": "test", "nonworking": ["2028-03-06"], "working_weekends": []}}`)
	cal, err := cases.ParseCalendar(assets.Calendar, user)
	if err != nil {
		t.Fatal(err)
	}
	if !cal.IsProvisional(2029) || cal.IsProvisional(2028) {
		t.Error("2028 should come from the user file")
	}
	if w, _, _ := cal.IsWorkingDay(date(t, "2028-03-06")); w {
		t.Error("2028-03-06 is off in the user calendar")
	}
	if _, err := cases.ParseCalendar([]byte(`{"2028": {"nonworking": ["2027-01-01"]}}`)); err == nil {
		t.Error("a day outside its year must be refused")
	}
}

func TestHourTerms(t *testing.T) {
	dl := &cases.Rules{Cal: calendar(t)}
	// Detected at 23:30 on 31 December in Vladivostok (UTC+10): the clock runs
	// through midnight and the holidays, and the zone is kept.
	vlad := time.FixedZone("VLAT", 10*3600)
	at := time.Date(2026, 12, 31, 23, 30, 0, 0, vlad)
	ms, err := dl.Compute(cases.KindIncident, at)
	if err != nil {
		t.Fatal(err)
	}
	if !ms[0].DueAt.Equal(at.Add(24*time.Hour)) || !ms[1].DueAt.Equal(at.Add(72*time.Hour)) {
		t.Errorf("incident: %v %v", ms[0].DueAt, ms[1].DueAt)
	}
	if ms[0].Unit != cases.UnitHours || ms[0].Due.String() != "2027-01-01" {
		t.Errorf("24h due date %s (Moscow), unit %s", ms[0].Due, ms[0].Unit)
	}
}

func FuzzWorkingDays(f *testing.F) {
	cal := calendar(f)
	for _, s := range []struct {
		day int32
		n   uint8
	}{{20392, 10}, {20447, 3}, {19839, 15}, {0, 0}} {
		f.Add(s.day, s.n)
	}
	lo, hi := int32(cases.MakeDate(2024, 1, 1)), int32(cases.MakeDate(2027, 11, 30))
	f.Fuzz(func(t *testing.T, day int32, n uint8) {
		anchor := cases.Date(lo + (day%(hi-lo)+(hi-lo))%(hi-lo))
		got, _, err := cal.AddWorkingDays(anchor, int(n))
		if err != nil {
			t.Fatal(err)
		}
		back, err := cal.WorkingDaysBetween(anchor, got)
		if err != nil || back != int(n) {
			t.Fatalf("%s + %d wd = %s, but %d working days lie between", anchor, n, got, back)
		}
		if n > 0 {
			if w, _, _ := cal.IsWorkingDay(got); !w {
				t.Fatalf("%s + %d wd = %s, a day off", anchor, n, got)
			}
		}
	})
}
