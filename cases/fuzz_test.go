package cases_test

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"privdesk/cases"
)

// unsafeOut reports the first rune that must never reach a terminal.
func unsafeOut(s string, multiline bool) (rune, bool) {
	for _, r := range s {
		switch {
		case (r == '\n' || r == '\t') && multiline:
		case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f,
			r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
			return r, true
		}
	}
	return 0, false
}

func FuzzSanitise(f *testing.F) {
	for _, s := range []string{"plain", "x\x1b]2;TITLE\x07\x1b[2Jy\rz", "\xff\xfe cp1251 \xe0\xe1", "a\u202eevil\u2066", "\u009b31m", "ok\r\nnext\ttab"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		for _, tc := range []struct {
			out       string
			multiline bool
		}{{cases.Safe(in), true}, {cases.Clean(in), true}, {cases.SafeLine(in), false}, {cases.CleanLine(in), false}} {
			if !utf8.ValidString(tc.out) {
				t.Fatalf("invalid UTF-8 out of %q: %q", in, tc.out)
			}
			if r, bad := unsafeOut(tc.out, tc.multiline); bad {
				t.Fatalf("%U passed in %q -> %q", r, in, tc.out)
			}
		}
		if s := cases.Safe(in); cases.Safe(s) != s {
			t.Fatalf("Safe is not idempotent on %q", in)
		}
		if c := cases.Clean(in); cases.Clean(c) != c {
			t.Fatalf("Clean is not idempotent on %q", in)
		}
	})
}

func FuzzParseID(f *testing.F) {
	for _, s := range []string{"2026-0042", "0500-0001", " 2026-12345 ", "2026-0", "+202-0001", "9999-999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, err := cases.ParseID(s)
		if err != nil {
			return
		}
		back, err := cases.ParseID(id.String())
		if err != nil || back != id {
			t.Fatalf("%q -> %v -> %q does not read back: %v", s, id, id.String(), err)
		}
	})
}

func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"2026-11-25", "2026-11-25 10:00", "2026-11-25T10:00:00+03:00", "0500-01-01", "2026-02-30", "9999-12-31T23:59:59Z"} {
		f.Add(s)
	}
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, cases.Moscow)
	f.Fuzz(func(t *testing.T, s string) {
		at, err := cases.ParseTime(s)
		if err != nil {
			return
		}
		if cases.CheckReceived(at, now) == nil {
			if y := at.In(cases.Moscow).Year(); y < cases.MinYear || y > cases.MaxYear || at.After(now.Add(cases.ClockSkew)) {
				t.Fatalf("%q accepted as a moment of receipt: %v", s, at)
			}
		}
		if d, err := cases.ParseDate(s); err == nil && !strings.Contains(d.String(), "-") {
			t.Fatalf("date %q prints as %q", s, d)
		}
	})
}
