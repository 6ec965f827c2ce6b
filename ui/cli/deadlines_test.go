package cli_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"privdesk/assets"
)

// naiveCalendar is a second, deliberately simple reading of the production
// calendar, so that privdesk's arithmetic is checked against something other
// than itself.
type naiveCalendar struct{ off, work map[string]bool }

func loadNaive(t *testing.T) naiveCalendar {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(assets.Calendar, &raw); err != nil {
		t.Fatal(err)
	}
	n := naiveCalendar{map[string]bool{}, map[string]bool{}}
	for _, y := range []string{"2024", "2025", "2026", "2027"} {
		var v struct {
			Nonworking      []string `json:"nonworking"`
			WorkingWeekends []string `json:"working_weekends"`
		}
		json.Unmarshal(raw[y], &v)
		for _, d := range v.Nonworking {
			n.off[d] = true
		}
		for _, d := range v.WorkingWeekends {
			n.work[d] = true
		}
	}
	return n
}

func (n naiveCalendar) working(t time.Time) bool {
	d := t.Format(time.DateOnly)
	wd := t.Weekday()
	return n.work[d] || (wd != time.Saturday && wd != time.Sunday && !n.off[d])
}

func (n naiveCalendar) addWD(t time.Time, k int) string {
	for k > 0 {
		t = t.AddDate(0, 0, 1)
		if n.working(t) {
			k--
		}
	}
	return t.Format(time.DateOnly)
}

// expectedDue is the hand count of a kind's terms for a request received on
// day (at, for an incident's hours): the due date, the extended one, the
// day a nominal date moves to, and the later milestones.
func (cal naiveCalendar) expectedDue(k string, day, at time.Time) (want, ext, moved string, rest []string) {
	// Art. 21 p. 5 and 6: 30 days, the nominal date being the deadline;
	// the first working day after it is reported beside it.
	nominal := day.AddDate(0, 0, 30)
	if m := nominal; !cal.working(m) {
		for !cal.working(m) {
			m = m.AddDate(0, 0, 1)
		}
		moved = m.Format(time.DateOnly)
	}
	switch k {
	case "access", "stop-processing", "authority":
		want, ext = cal.addWD(day, 10), cal.addWD(day, 15)
	case "other":
		want, rest = cal.addWD(day, 1), []string{cal.addWD(day, 10)}
	case "rectify", "destroy":
		want = cal.addWD(day, 7)
	case "password-reset":
		want = cal.addWD(day, 3)
	case "block":
		want = day.Format(time.DateOnly)
	case "block:unlawful":
		want, rest = day.Format(time.DateOnly), []string{cal.addWD(day, 3), cal.addWD(day, 10)}
	case "block:inaccurate":
		want, rest = day.Format(time.DateOnly), []string{cal.addWD(day, 7), cal.addWD(day, 7)}
	case "marketing-optout":
		want = day.Format(time.DateOnly)
	case "withdraw-consent":
		want, rest = nominal.Format(time.DateOnly), []string{nominal.Format(time.DateOnly)}
	case "withdraw-consent:impossible":
		want, rest = nominal.Format(time.DateOnly), []string{nominal.Format(time.DateOnly), day.AddDate(0, 6, 0).Format(time.DateOnly)}
		if day.AddDate(0, 6, 0).Day() != day.Day() { // GK 192: the month's last day
			rest[1] = time.Date(day.Year(), day.Month()+7, 0, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
		}
	case "incident":
		want, rest = at.Add(24*time.Hour).In(time.FixedZone("MSK", 3*3600)).Format(time.RFC3339), []string{at.Add(72 * time.Hour).In(time.FixedZone("MSK", 3*3600)).Format(time.RFC3339)}
	}
	return want, ext, moved, rest
}

func TestDueAgreesWithCalendar(t *testing.T) {
	cal := loadNaive(t)
	db := filepath.Join(t.TempDir(), "unused.db")
	msk := time.FixedZone("MSK", 3*3600)
	zones := []*time.Location{msk, time.UTC, time.FixedZone("", 10*3600), time.FixedZone("", -5*3600)}
	r := rand.New(rand.NewPCG(1, 2))
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, msk)
	days := int(time.Date(2027, 11, 30, 0, 0, 0, 0, msk).Sub(start).Hours() / 24)
	kinds := []string{"access", "rectify", "destroy", "block", "block:unlawful", "block:inaccurate", "withdraw-consent",
		"withdraw-consent:impossible", "stop-processing", "marketing-optout", "password-reset", "authority", "incident", "other"}
	checked := 0
	for i := 0; i < 400; i++ {
		at := start.AddDate(0, 0, r.IntN(days))
		arg := at.Format(time.DateOnly)
		if i%2 == 1 { // a moment in some zone: the Moscow date is what counts
			at = at.Add(time.Duration(r.IntN(24*60)) * time.Minute).In(zones[r.IntN(len(zones))])
			arg = at.Format(time.RFC3339)
		}
		anchor := at.In(msk)
		day := time.Date(anchor.Year(), anchor.Month(), anchor.Day(), 0, 0, 0, 0, time.UTC)
		for _, k := range kinds {
			var got struct {
				Due         string  `json:"due"`
				DueExtended *string `json:"due_extended"`
				DueMoved    *string `json:"due_moved"`
				Unit        string  `json:"unit"`
				Provisional bool    `json:"provisional"`
				Milestones  []struct {
					Due string `json:"due"`
				} `json:"milestones"`
			}
			kind, branch, _ := strings.Cut(k, ":")
			args := []string{"due", "--kind", kind, "--received", arg, "--json"}
			if branch != "" {
				args = append(args, "--branch", branch)
			}
			out := must(t, db, args...)
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatal(err)
			}
			want, ext, moved, rest := cal.expectedDue(k, day, at)
			problem := ""
			switch {
			case got.Due != want:
				problem = fmt.Sprintf("due %s, want %s", got.Due, want)
			case (ext == "") != (got.DueExtended == nil) || (got.DueExtended != nil && *got.DueExtended != ext):
				problem = fmt.Sprintf("extended %v, want %q", got.DueExtended, ext)
			case strings.HasPrefix(k, "withdraw") && ((moved == "") != (got.DueMoved == nil) || (got.DueMoved != nil && *got.DueMoved != moved)):
				problem = fmt.Sprintf("moved %v, want %q", got.DueMoved, moved)
			case got.Provisional && !(strings.HasSuffix(k, "impossible") && day.AddDate(0, 6, 0).Year() > 2027):
				problem = "provisional inside the published years"
			case len(got.Milestones) != 1+len(rest):
				problem = fmt.Sprintf("%d milestones", len(got.Milestones))
			}
			for j, w := range rest {
				if problem == "" && got.Milestones[j+1].Due != w {
					problem = fmt.Sprintf("milestone %d due %s, want %s", j+1, got.Milestones[j+1].Due, w)
				}
			}
			if problem != "" {
				t.Errorf("due --kind %s --received %s: %s", k, arg, problem)
			}
			checked++
		}
	}
	if checked != 400*len(kinds) {
		t.Fatalf("checked %d answers", checked)
	}
}

func TestDeadlineCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	id := must(t, db, "new", "--kind", "other", "--name", "A", "--email", "a@example.ru", "--received", "2025-10-31")
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"extend", id, "--reason", "x"}, 1, "cannot be extended"},
		{[]string{"extend", id}, 2, "a reason is required"},
		{[]string{"edit", id}, 2, "nothing to change"},
		{[]string{"edit", id, "--kind", "other"}, 1, "nothing changed"},
		{[]string{"done", id, "nope"}, 1, `no deadline "nope"`},
		{[]string{"due", "--kind", "access", "--received", "1990-06-01"}, 2, "outside the production calendar"},
		{[]string{"calendar", "1066"}, 2, "outside the production calendar"},
		{[]string{"due", "--kind", "access", "--calendar", filepath.Join(dir, "missing.json")}, 2, "cannot read the calendar file"},
	} {
		before := hashFile(t, db)
		r := run(t, db, tc.args...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.msg) {
			t.Errorf("%v: exit %d %q, want %d %q", tc.args, r.code, r.stderr, tc.code, tc.msg)
		}
		if hashFile(t, db) != before {
			t.Errorf("%v changed the database", tc.args)
		}
	}
	if out := must(t, db, "edit", id, "--kind", "access"); out != id+"  Kind changed: other → access · due 2025-11-17" {
		t.Errorf("edit: %q", out)
	}
	must(t, db, "extend", id, "--reason", "archive search", "--notice-date", "2025-11-14")
	r := run(t, db, "extend", id, "--reason", "again")
	if r.code != 1 || !strings.Contains(r.stderr, "already extended") {
		t.Errorf("second extension: %d %q", r.code, r.stderr)
	}
	var c caseOut
	json.Unmarshal([]byte(must(t, db, "show", id, "--json")), &c)
	if c.Due != "2025-11-24" || c.Kind != "access" {
		t.Errorf("after extension: due %s kind %s", c.Due, c.Kind)
	}
	types := []string{}
	for _, e := range c.Events {
		types = append(types, e.Type)
	}
	if strings.Join(types, ",") != "created,kind,extended" {
		t.Errorf("timeline %v", types)
	}
	must(t, db, "done", id)
	if out := must(t, db, "list"); !strings.Contains(out, id) {
		t.Errorf("list: %q", out)
	}
	if must(t, db, "check") != "ok" {
		t.Error("check")
	}
	cal := must(t, db, "calendar", "2026")
	if !strings.Contains(cal, "247 working days") || !strings.Contains(cal, "[ 9]") || !strings.Contains(cal, "№ 1466") {
		t.Errorf("calendar 2026:\n%s", cal)
	}
}

func TestUserCalendarFile(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	// 2028 published by the officer: 2028-01-10 is declared a day off.
	user := `{"2028": {"decree": "test decree", "nonworking": ["2028-01-01","2028-01-02","2028-01-03","2028-01-04","2028-01-05","2028-01-06","2028-01-07","2028-01-08","2028-01-10"], "working_weekends": []}}`
	os.MkdirAll(filepath.Join(dir, "privdesk"), 0o700)
	path := filepath.Join(dir, "privdesk", "calendar.json")
	os.WriteFile(path, []byte(user), 0o600)
	var got struct {
		Due         string `json:"due"`
		Provisional bool   `json:"provisional"`
	}
	json.Unmarshal([]byte(must(t, db, "due", "--kind", "access", "--received", "2027-12-28", "--json")), &got)
	// 12-29, 12-30 (12-31 off); Jan 1-8 off; then Jan 10-14, 17-19.
	if !got.Provisional || got.Due != "2028-01-19" {
		t.Errorf("built-in calendar: %+v", got)
	}
	for _, r := range []result{
		run(t, db, "due", "--kind", "access", "--received", "2027-12-28", "--json", "--calendar", path),
		runEnv(t, db, map[string]string{"XDG_CONFIG_HOME": dir}, "due", "--kind", "access", "--received", "2027-12-28", "--json"),
	} {
		json.Unmarshal([]byte(r.stdout), &got)
		// With Jan 10 off as well, the tenth working day moves to Jan 20.
		if r.code != 0 || got.Provisional || got.Due != "2028-01-20" {
			t.Errorf("user calendar: %d %+v %s", r.code, got, r.stderr)
		}
	}
	os.WriteFile(path, []byte("{not json"), 0o600)
	if r := run(t, db, "due", "--kind", "access", "--calendar", path); r.code != 2 || !strings.Contains(r.stderr, "is not valid") {
		t.Errorf("bad calendar: %d %q", r.code, r.stderr)
	}
}
