package systems

import (
	"reflect"
	"strings"
	"testing"
)

// Named parameters become the driver's placeholders; quoted text, quoted
// identifiers, comments and :: casts are left as they are; an unknown name
// is refused.
func TestBind(t *testing.T) {
	for _, tc := range []struct {
		in, dollar, question string
		names                []string
	}{
		{"SELECT a FROM t WHERE email = :email OR phone = :phone", "SELECT a FROM t WHERE email = $1 OR phone = $2", "SELECT a FROM t WHERE email = ? OR phone = ?", []string{"email", "phone"}},
		{"SELECT ':email', \"col:name\", `x:account` FROM t WHERE e = :email -- :nothing\n", "SELECT ':email', \"col:name\", `x:account` FROM t WHERE e = $1 -- :nothing\n", "SELECT ':email', \"col:name\", `x:account` FROM t WHERE e = ? -- :nothing\n", []string{"email"}},
		{"SELECT x::text FROM t /* :x */ WHERE a = :account::text AND b = 'it''s :name'", "SELECT x::text FROM t /* :x */ WHERE a = $1::text AND b = 'it''s :name'", "SELECT x::text FROM t /* :x */ WHERE a = ?::text AND b = 'it''s :name'", []string{"account"}},
	} {
		got, names, err := bind(tc.in, true)
		if err != nil || got != tc.dollar || !reflect.DeepEqual(names, tc.names) {
			t.Errorf("bind(%q, $) = %q %v %v", tc.in, got, names, err)
		}
		if got, _, _ := bind(tc.in, false); got != tc.question {
			t.Errorf("bind(%q, ?) = %q", tc.in, got)
		}
	}
	for _, bad := range []string{"SELECT a FROM t WHERE e = :mail", "SELECT 'unterminated FROM t", "SELECT a /* open"} {
		if _, _, err := bind(bad, true); err == nil {
			t.Errorf("bind(%q) accepted", bad)
		}
	}
	if w := firstWord("-- why\n/* note */ delete FROM t"); w != "DELETE" {
		t.Errorf("firstWord: %q", w)
	}
}

// Any statement config.toml may hold: bind never panics, and what it
// gives has one placeholder for each name it returns, each a known one.
func FuzzBind(f *testing.F) {
	for _, s := range []string{"SELECT a FROM t WHERE e = :email", "SELECT ':x' -- :y\n", "x::text = :phone /* :z */", "'", "/*", ":", "::", "`a:b`"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, stmt string) {
		out, names, err := bind(stmt, false)
		if err != nil {
			return
		}
		for _, n := range names {
			if !known(n) {
				t.Fatalf("unknown name %q bound", n)
			}
		}
		if q := strings.Count(out, "?") - strings.Count(stmt, "?"); q != len(names) {
			t.Fatalf("%d placeholders for %d names in %q", q, len(names), out)
		}
		firstWord(stmt)
	})
}
