package cases

import (
	"strings"
	"time"
)

// Moscow is the zone in which Russian deadlines are counted. Russia has had no
// daylight saving since 2014, so a fixed zone is exact and needs no tzdata.
var Moscow = time.FixedZone("MSK", 3*60*60)

// Date is a calendar day, counted in days since 1970-01-01. It is what
// deadlines are made of: a term ends at 24:00 Moscow time of its last day.
type Date int32

// DateOf returns the day on which t falls in Moscow time.
func DateOf(t time.Time) Date {
	y, m, d := t.In(Moscow).Date()
	return MakeDate(y, m, d)
}

// MakeDate builds a Date; out-of-range days are normalised like time.Date.
func MakeDate(y int, m time.Month, d int) Date {
	return Date(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// ParseDate reads YYYY-MM-DD, or DD.MM.YYYY as dates are written in Russia.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		if t, err = time.Parse("02.01.2006", s); err != nil {
			return 0, errf(ErrBadDate, s)
		}
	}
	return MakeDate(t.Date()), nil
}

// ParseTime reads an RFC 3339 timestamp, "YYYY-MM-DD HH:MM" (or
// "DD.MM.YYYY HH:MM") in Moscow time, or a bare date meaning 00:00 Moscow
// time, which is how the law's register dates a request.
func ParseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	for _, layout := range []string{"2006-01-02 15:04", "02.01.2006 15:04"} {
		if t, err := time.ParseInLocation(layout, s, Moscow); err == nil {
			return t, nil
		}
	}
	d, err := ParseDate(s)
	if err != nil {
		return time.Time{}, errf(ErrBadDate, s)
	}
	return d.Start(), nil
}

// DateOnly tells whether s names a day with no time of day.
func DateOnly(s string) bool {
	_, err := ParseDate(strings.TrimSpace(s))
	return err == nil
}

func (d Date) utc() time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

// Start is 00:00 Moscow time of the day.
func (d Date) Start() time.Time {
	y, m, dd := d.Parts()
	return time.Date(y, m, dd, 0, 0, 0, 0, Moscow)
}

// End is 24:00 Moscow time of the day: the last instant a term ending that day allows.
func (d Date) End() time.Time { return (d + 1).Start() }

// Parts returns year, month and day.
func (d Date) Parts() (int, time.Month, int) { return d.utc().Date() }

// Year returns the year.
func (d Date) Year() int { return d.utc().Year() }

// Weekday returns the day of the week.
func (d Date) Weekday() time.Weekday { return d.utc().Weekday() }

// AddMonths moves by n months; a day the last month lacks becomes its last
// day (GK 192).
func (d Date) AddMonths(n int) Date {
	y, m, dd := d.Parts()
	first := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return MakeDate(first.Year(), first.Month(), min(dd, last))
}

// AddDays moves by n calendar days.
func (d Date) AddDays(n int) Date { return d + Date(n) }

func (d Date) String() string { return d.utc().Format(time.DateOnly) }

// MarshalText writes YYYY-MM-DD.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads YYYY-MM-DD.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}
