package cli_test

import (
	"path/filepath"
	"strings"
	"testing"
)

// A slip of the keyboard gets a suggestion, and every error one prefix.
func TestSuggestionsAndOnePrefix(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"lsit"}, `unknown command "lsit": did you mean list?`},
		{[]string{"shwo", "2026-0001"}, "did you mean show?"},
		{[]string{"list", "--ovredue"}, "did you mean --overdue?"},
		{[]string{"--bogus"}, "unknown flag: --bogus (see privdesk --help)"},
	} {
		r := run(t, db, tc.args...)
		if r.code != 2 || !strings.Contains(r.stderr, tc.want) || strings.Count(r.stderr, "privdesk:") != 1 || strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("privdesk %s: %d %q", strings.Join(tc.args, " "), r.code, r.stderr)
		}
	}
}
