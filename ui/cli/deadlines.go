package cli

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	flag "github.com/spf13/pflag"

	"privdesk/cases"
)

// deadlineCommands declares its commands, each with fresh flag variables.
func deadlineCommands(register func(command)) {
	register(dueCommand())
	register(calendarCommand())
	register(extendCommand())
	register(editCommand())
	register(doneCommand())
}

// dueCommand is privdesk due.
func dueCommand() command {
	var kind, received, branch string
	var asJSON bool
	return command{name: "due", values: map[string][]string{"kind": kindValues(), "branch": branchValues()}, flags: func(fs *flag.FlagSet) {
		fs.StringVar(&kind, "kind", "", "")
		fs.StringVar(&received, "received", "", "YYYY-MM-DD | RFC3339")
		fs.StringVar(&branch, "branch", "", "")
		fs.BoolVar(&asJSON, "json", false, "")
	}, run: func(a *app, fs *flag.FlagSet, pos []string) error {
		if err := noArgs(a, fs, pos); err != nil {
			return err
		}
		k, at, err := a.kindAndReceived(kind, received)
		if err != nil {
			return err
		}
		if branch != "" && !slices.Contains(cases.Branches(k), branch) {
			return &cases.Error{Code: cases.ErrUnknownBranch, Args: []any{branch, string(k), strings.Join(cases.Branches(k), ", ")}}
		}
		dl, err := a.rules()
		if err != nil {
			return err
		}
		ms, err := dl.ComputeFor(k, branch, cases.Anchors{Received: at})
		if err != nil {
			return err
		}
		if asJSON {
			return writeJSON(a.env.Stdout, dueJSON(k, at, ms, dl.Cal))
		}
		a.printDue(a.env.Stdout, k, at, ms, dl.Cal)
		return nil
	}}
}

// calendarCommand is privdesk calendar.
func calendarCommand() command {
	return command{name: "calendar", run: func(a *app, fs *flag.FlagSet, pos []string) error {
		year := a.env.Now().In(cases.Moscow).Year()
		if len(pos) > 1 {
			return usageError{a.l.T("err.args_extra", strings.Join(pos[1:], " "))}
		}
		if len(pos) == 1 {
			y, err := strconv.Atoi(pos[0])
			if err != nil {
				return usageError{a.l.T("err.not_a_year", pos[0])}
			}
			if y < cases.MinYear || y > cases.MaxYear {
				return &cases.Error{Code: cases.ErrOutsideCalendar, Args: []any{pos[0]}}
			}
			year = y
		}
		dl, err := a.rules()
		if err != nil {
			return err
		}
		return a.printCalendar(a.env.Stdout, dl.Cal, year)
	}}
}

// extendCommand is privdesk extend.
func extendCommand() command {
	var reason, notice string
	return command{name: "extend", args: []argKind{argCase}, flags: func(fs *flag.FlagSet) {
		fs.StringVar(&reason, "reason", "", "")
		fs.StringVar(&notice, "notice-date", "", "YYYY-MM-DD")
	}, run: func(a *app, fs *flag.FlagSet, pos []string) error {
		id, err := oneID(a, pos, 1)
		if err != nil {
			return err
		}
		if err := requireReason(reason); err != nil {
			return err
		}
		day := cases.DateOf(a.env.Now())
		if notice != "" {
			if day, err = cases.ParseDate(notice); err != nil {
				return err
			}
		}
		return a.change(id, func(c *cases.Case, now time.Time, who string) (cases.Event, error) {
			return c.Extend(a.cfg.Rules.Cal, reason, day, now, who)
		})
	}}
}

// editCommand is privdesk edit.
func editCommand() command {
	var kind, received, branch string
	var evidence, rknDue string
	subject := map[string]*string{}
	return command{name: "edit", args: []argKind{argCase}, values: map[string][]string{"kind": kindValues(), "branch": branchValues()}, flags: func(fs *flag.FlagSet) {
		fs.StringVar(&kind, "kind", "", "")
		fs.StringVar(&received, "received", "", "YYYY-MM-DD | RFC3339")
		fs.StringVar(&evidence, "evidence", "", "YYYY-MM-DD | RFC3339")
		fs.StringVar(&branch, "branch", "", "")
		fs.StringVar(&rknDue, "rkn-due", "", "YYYY-MM-DD")
		for _, f := range cases.SubjectFields {
			subject[f] = fs.String(f, "", "")
		}
	}, run: func(a *app, fs *flag.FlagSet, pos []string) error {
		id, err := oneID(a, pos, 1)
		if err != nil {
			return err
		}
		var edits []edit
		for _, f := range cases.SubjectFields {
			if fs.Changed(f) {
				edits = append(edits, func(c *cases.Case, _ *cases.Rules, now time.Time, who string) (cases.Event, error) {
					return c.CorrectSubject(f, *subject[f], now, who)
				})
			}
		}
		more, err := termEdits(kind, received, evidence, branch, rknDue)
		if err != nil {
			return err
		}
		if edits = append(edits, more...); len(edits) == 0 {
			return usageError{a.l.T("err.edit_nothing")}
		}
		_, err = a.update(id, func(c *cases.Case) ([]cases.Event, error) {
			var evs []cases.Event
			for _, e := range edits {
				ev, err := e(c, a.cfg.Rules, a.env.Now(), a.cfg.Officer)
				if err != nil {
					return nil, err
				}
				evs = append(evs, ev)
			}
			return evs, nil
		})
		return err
	}}
}

// edit is one change that edit makes to a case.
type edit func(c *cases.Case, dl *cases.Rules, now time.Time, who string) (cases.Event, error)

// termEdits are the changes edit's flags ask for that move the terms: the
// kind, the dates of receipt and of the evidence, the course, RKN's date.
// A value that cannot be read is refused before anything is changed.
func termEdits(kind, received, evidence, branch, rknDue string) ([]edit, error) {
	var edits []edit
	if kind != "" {
		k, err := cases.ParseKind(kind)
		if err != nil {
			return nil, err
		}
		edits = append(edits, func(c *cases.Case, dl *cases.Rules, now time.Time, who string) (cases.Event, error) {
			return c.SetKind(k, dl, now, who)
		})
	}
	if received != "" {
		at, err := cases.ParseTime(received)
		if err != nil {
			return nil, err
		}
		edits = append(edits, func(c *cases.Case, dl *cases.Rules, now time.Time, who string) (cases.Event, error) {
			return c.SetReceived(at, dl, now, who)
		})
	}
	if evidence != "" {
		at, err := cases.ParseTime(evidence)
		if err != nil {
			return nil, err
		}
		edits = append(edits, func(c *cases.Case, dl *cases.Rules, now time.Time, who string) (cases.Event, error) {
			return c.SetEvidence(at, dl, now, who)
		})
	}
	if branch != "" {
		edits = append(edits, func(c *cases.Case, dl *cases.Rules, now time.Time, who string) (cases.Event, error) {
			return c.SetBranch(branch, dl, now, who)
		})
	}
	if rknDue != "" {
		d, err := cases.ParseDate(rknDue)
		if err != nil {
			return nil, err
		}
		edits = append(edits, func(c *cases.Case, dl *cases.Rules, now time.Time, who string) (cases.Event, error) {
			return c.SetQuotedDue(d, dl, now, who)
		})
	}
	return edits, nil
}

// doneCommand is privdesk done.
func doneCommand() command {
	var ground string
	var scope cases.GroundScope
	return command{name: "done", args: []argKind{argCase, argMilestone}, values: map[string][]string{"ground": cases.GroundKeys()}, flags: func(fs *flag.FlagSet) {
		fs.StringVar(&ground, "ground", "", "")
		fs.StringVar(&scope.Data, "data", "", "")
		fs.StringVar(&scope.Purposes, "purposes", "", "")
	}, run: func(a *app, fs *flag.FlagSet, pos []string) error {
		want := 1
		if len(pos) > 1 {
			want = 2
		}
		id, err := oneID(a, pos, want)
		if err != nil {
			return err
		}
		key := ""
		if want == 2 {
			key = pos[1]
		}
		return a.change(id, func(c *cases.Case, now time.Time, who string) (cases.Event, error) {
			if ground != "" {
				return c.KeepOnGround(ground, scope, now, who)
			}
			return c.Meet(key, now, who)
		})
	}}
}

type dueMilestone struct {
	Key         string  `json:"key"`
	Title       string  `json:"title"`
	Basis       string  `json:"basis"`
	BasisRU     string  `json:"basis_ru"`
	Unit        string  `json:"unit"`
	N           int     `json:"n"`
	Due         string  `json:"due"`
	DueAt       string  `json:"due_at"`
	DueExtended *string `json:"due_extended"`
	DueMoved    *string `json:"due_moved"` // a calendar-day term ending on a day off: the next working day
	Provisional bool    `json:"provisional"`
}

type dueOut struct {
	Kind     string `json:"kind"`
	Received string `json:"received"`
	dueMilestone
	Milestones []dueMilestone `json:"milestones"`
}

// dueString is the date a term ends on, or for an hour term the moment,
// in Moscow time.
func dueString(m cases.Milestone) string {
	if m.Unit == cases.UnitHours {
		return m.DueAt.In(cases.Moscow).Format(time.RFC3339)
	}
	return m.Due.String()
}

func dueJSON(k cases.Kind, at time.Time, ms []cases.Milestone, cal *cases.Calendar) dueOut {
	out := dueOut{Kind: string(k), Received: at.Format(time.RFC3339)}
	for _, m := range ms {
		dm := dueMilestone{Key: m.Key, Title: m.Title.EN, Basis: m.Basis.EN, BasisRU: m.Basis.RU, Unit: string(m.Unit),
			N: m.N, Due: dueString(m), DueAt: m.DueAt.In(cases.Moscow).Format(time.RFC3339), Provisional: m.Provisional}
		if m.Extendable {
			if ext, prov, err := m.ExtendedDue(cal); err == nil {
				s := ext.String()
				dm.DueExtended, dm.Provisional = &s, dm.Provisional || prov
			}
		}
		if m.Moved != nil {
			s := m.Moved.String()
			dm.DueMoved = &s
		}
		out.Milestones = append(out.Milestones, dm)
	}
	out.dueMilestone = out.Milestones[0]
	for _, m := range out.Milestones {
		out.Provisional = out.Provisional || m.Provisional
	}
	return out
}

func (a *app) printDue(w io.Writer, k cases.Kind, at time.Time, ms []cases.Milestone, cal *cases.Calendar) {
	l := a.l
	fmt.Fprintf(w, "%s — %s\n", k, l.Text(k.Info().Title))
	fmt.Fprintf(w, "%s: %s\n", l.T("f.received"), l.DetectedAt(at))
	for _, m := range ms {
		due := m.Due.String()
		if m.Unit == cases.UnitHours {
			due = l.Time(m.DueAt)
		}
		fmt.Fprintf(w, "\n%s: %s\n", l.Text(m.Title), due)
		fmt.Fprintf(w, "  %s\n  %s\n", l.Text(m.Basis), l.Counted(m))
		if m.Moved != nil {
			fmt.Fprintf(w, "  %s\n", l.T("ms.moved", m.Moved.String()))
		}
		if m.Extendable {
			if ext, _, err := m.ExtendedDue(cal); err == nil {
				fmt.Fprintf(w, "  %s\n", l.T("ms.extendable", ext.String()))
			}
		}
		if m.Provisional {
			fmt.Fprintf(w, "  %s\n", l.T("ms.provisional"))
		}
	}
}

func (a *app) printCalendar(w io.Writer, cal *cases.Calendar, year int) error {
	l := a.l
	if d := cal.Decree(year); d != "" {
		fmt.Fprintf(w, "%d — %s\n", year, d)
	} else {
		fmt.Fprintf(w, "%d — %s\n", year, l.T("cal.provisional"))
	}
	wd, err := cal.WorkingDaysBetween(cases.MakeDate(year-1, 12, 31), cases.MakeDate(year, 12, 31))
	if err != nil {
		return err
	}
	fmt.Fprintln(w, l.T("cal.working_days", wd))
	fmt.Fprintln(w, l.T("cal.legend"))
	weekdays := l.T("cal.weekdays")
	for q := 0; q < 12; q += 3 {
		var blocks [3][]string
		for i := range 3 {
			m := time.Month(q + i + 1)
			first := cases.MakeDate(year, m, 1)
			lines := []string{fmt.Sprintf("%-28s", l.T("cal.month."+strconv.Itoa(int(m)))), weekdays}
			line := strings.Repeat("    ", (int(first.Weekday())+6)%7)
			for d := first; d.Year() == year && func() bool { _, mm, _ := d.Parts(); return mm == m }(); d++ {
				working, _, err := cal.IsWorkingDay(d)
				if err != nil {
					return err
				}
				_, _, day := d.Parts()
				weekend := d.Weekday() == time.Saturday || d.Weekday() == time.Sunday
				switch {
				case !working:
					line += fmt.Sprintf("[%2d]", day)
				case weekend:
					line += fmt.Sprintf("(%2d)", day)
				default:
					line += fmt.Sprintf(" %2d ", day)
				}
				if d.Weekday() == time.Sunday {
					lines = append(lines, line)
					line = ""
				}
			}
			if line != "" {
				lines = append(lines, line)
			}
			blocks[i] = lines
		}
		fmt.Fprintln(w)
		for row := 0; row < 8; row++ {
			var parts []string
			for _, b := range blocks {
				cell := ""
				if row < len(b) {
					cell = b[row]
				}
				parts = append(parts, fmt.Sprintf("%-28s", cell))
			}
			if line := strings.TrimRight(strings.Join(parts, "   "), " "); line != "" {
				fmt.Fprintln(w, line)
			}
		}
	}
	return nil
}
