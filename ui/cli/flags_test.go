package cli

import (
	"flag"
	"testing"

	"privdesk/ui/l10n"
)

// Every flag of every command says what it is for, in both languages.
func TestEveryFlagHasHelp(t *testing.T) {
	for _, c := range commands {
		if c.flags == nil {
			continue
		}
		fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
		c.flags(fs)
		fs.VisitAll(func(f *flag.Flag) {
			if f.Usage == "" && !l10n.Has("flag."+f.Name) {
				t.Errorf("%s --%s has no help", c.name, f.Name)
			}
		})
	}
}
