package cli

import (
	"strings"

	"github.com/spf13/cobra"
	flag "github.com/spf13/pflag"
)

// unknownCommand refuses a word that is no command, suggesting the
// commands it is likeliest a slip for: the nearest within two edits (a
// swap of two letters is one), or those it begins.
func (a *app) unknownCommand(root *cobra.Command, word string) error {
	best, near := 3, []string(nil)
	for _, c := range root.Commands() {
		if !c.IsAvailableCommand() {
			continue
		}
		d := distance(strings.ToLower(word), c.Name())
		if strings.HasPrefix(c.Name(), strings.ToLower(word)) {
			d = 1
		}
		switch {
		case d < best:
			best, near = d, []string{c.Name()}
		case d == best:
			near = append(near, c.Name())
		}
	}
	if len(near) > 0 {
		return usageError{a.l.T("err.unknown_command_did_you_mean", word, strings.Join(near, ", "))}
	}
	return usageError{a.l.T("err.unknown_command", word)}
}

// flagError explains a flag the command does not take, once prefixed,
// suggesting a flag of the command it may be a slip for.
func (a *app) flagError(c *cobra.Command, err error) error {
	msg := err.Error()
	name, ok := strings.CutPrefix(msg, "unknown flag: --")
	if ok {
		var near []string
		c.Flags().VisitAll(func(f *flag.Flag) {
			if !f.Hidden && (distance(name, f.Name) <= 2 || strings.HasPrefix(f.Name, name)) {
				near = append(near, "--"+f.Name)
			}
		})
		if len(near) > 0 {
			msg += "; " + a.l.T("err.did_you_mean", strings.Join(near, ", "))
		}
	}
	if c.Parent() == nil {
		return usageError{a.l.T("err.flags_root", msg)}
	}
	return usageError{a.l.T("err.flags", c.Name(), msg)}
}

// distance is the edit distance between a and b in runes, a swap of two
// neighbours counting as one edit (optimal string alignment).
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}
