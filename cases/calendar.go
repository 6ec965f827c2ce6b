package cases

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"time"
)

// Calendar is the Russian production calendar: which days are working days.
// Years published by Government decree are exact; other years are computed
// from the Labour Code's fixed holidays and are marked provisional.
type Calendar struct {
	years map[int]*calYear
}

type calYear struct {
	decree      string
	nonworking  map[Date]bool
	working     map[Date]bool
	provisional bool
}

// Years in which a provisional calendar is computed. Outside them a date is an
// error, never a silent Monday-to-Friday guess.
const (
	MinYear = 2000
	MaxYear = 2100
)

type calendarFile map[string]json.RawMessage

type calendarYearJSON struct {
	Decree          string   `json:"decree"`
	Nonworking      []string `json:"nonworking"`
	WorkingWeekends []string `json:"working_weekends"`
}

// ParseCalendar reads one or more calendar files in the format of
// shared/data/ru-calendar.json; a later file adds years or replaces them.
func ParseCalendar(files ...[]byte) (*Calendar, error) {
	c := &Calendar{years: map[int]*calYear{}}
	for _, data := range files {
		var f calendarFile
		if err := json.Unmarshal(data, &f); err != nil {
			return nil, fmt.Errorf("calendar: %w", err)
		}
		for key, raw := range f {
			year, err := strconv.Atoi(key)
			if err != nil {
				continue // not a year: sources, comments
			}
			var yj calendarYearJSON
			if err := json.Unmarshal(raw, &yj); err != nil {
				return nil, fmt.Errorf("calendar year %d: %w", year, err)
			}
			y := &calYear{decree: yj.Decree, nonworking: map[Date]bool{}, working: map[Date]bool{}}
			for _, list := range []struct {
				days []string
				into map[Date]bool
			}{{yj.Nonworking, y.nonworking}, {yj.WorkingWeekends, y.working}} {
				for _, s := range list.days {
					d, err := ParseDate(s)
					if err != nil || d.Year() != year {
						return nil, fmt.Errorf("calendar year %d: bad day %q", year, s)
					}
					list.into[d] = true
				}
			}
			c.years[year] = y
		}
	}
	return c, nil
}

// Years lists the years that come from a decree, in order.
func (c *Calendar) Years() []int {
	var ys []int
	for y, v := range c.years {
		if !v.provisional {
			ys = append(ys, y)
		}
	}
	sort.Ints(ys)
	return ys
}

// Decree names the decree behind an official year, or "" for a provisional one.
func (c *Calendar) Decree(year int) string {
	if y, ok := c.years[year]; ok && !y.provisional {
		return y.decree
	}
	return ""
}

// IsProvisional tells whether the year is computed rather than published.
func (c *Calendar) IsProvisional(year int) bool {
	y, ok := c.years[year]
	return !ok || y.provisional
}

func (c *Calendar) year(year int) (*calYear, error) {
	if y, ok := c.years[year]; ok {
		return y, nil
	}
	if year < MinYear || year > MaxYear {
		return nil, errf(ErrOutsideCalendar, strconv.Itoa(year))
	}
	return provisionalYear(year), nil
}

// IsWorkingDay tells whether d is a working day, and whether that answer is
// provisional.
func (c *Calendar) IsWorkingDay(d Date) (working, provisional bool, err error) {
	y, err := c.year(d.Year())
	if err != nil {
		return false, false, err
	}
	if y.working[d] {
		return true, y.provisional, nil
	}
	if y.nonworking[d] {
		return false, y.provisional, nil
	}
	wd := d.Weekday()
	return wd != time.Saturday && wd != time.Sunday, y.provisional, nil
}

// AddWorkingDays returns the n-th working day after anchor (GK art. 191: the
// term starts the day after its anchor).
func (c *Calendar) AddWorkingDays(anchor Date, n int) (Date, bool, error) {
	d, prov := anchor, false
	for n > 0 {
		d++
		w, p, err := c.IsWorkingDay(d)
		if err != nil {
			return 0, false, err
		}
		prov = prov || p
		if w {
			n--
		}
	}
	return d, prov, nil
}

// NextWorkingDay returns d if it is a working day, else the first working day
// after it (GK art. 193).
func (c *Calendar) NextWorkingDay(d Date) (Date, bool, error) {
	prov := false
	for {
		w, p, err := c.IsWorkingDay(d)
		if err != nil {
			return 0, false, err
		}
		prov = prov || p
		if w {
			return d, prov, nil
		}
		d++
	}
}

// WorkingDaysBetween counts the working days in (from, to]; it is negative
// when to is before from.
func (c *Calendar) WorkingDaysBetween(from, to Date) (int, error) {
	sign := 1
	if to < from {
		from, to, sign = to, from, -1
	}
	n := 0
	for d := from + 1; d <= to; d++ {
		w, _, err := c.IsWorkingDay(d)
		if err != nil {
			return 0, err
		}
		if w {
			n++
		}
	}
	return sign * n, nil
}

// fixedHolidays are the non-working holidays of Labour Code art. 112 part 1.
var fixedHolidays = []struct {
	m time.Month
	d int
}{
	{time.January, 1}, {time.January, 2}, {time.January, 3}, {time.January, 4},
	{time.January, 5}, {time.January, 6}, {time.January, 7}, {time.January, 8},
	{time.February, 23}, {time.March, 8}, {time.May, 1}, {time.May, 9},
	{time.June, 12}, {time.November, 4},
}

// provisionalYear applies art. 112 part 2: a holiday on a weekend moves the
// day off to the next working day. The January holidays are moved by decree
// to dates nobody can know in advance, so they are not moved here.
func provisionalYear(year int) *calYear {
	y := &calYear{provisional: true, nonworking: map[Date]bool{}, working: map[Date]bool{}}
	for _, h := range fixedHolidays {
		y.nonworking[MakeDate(year, h.m, h.d)] = true
	}
	for _, h := range fixedHolidays {
		d := MakeDate(year, h.m, h.d)
		if h.m == time.January {
			continue
		}
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			continue
		}
		next := d + 1
		for next.Weekday() == time.Saturday || next.Weekday() == time.Sunday || y.nonworking[next] {
			next++
		}
		y.nonworking[next] = true
	}
	return y
}
