package cli

import (
	"bytes"
	"testing"

	flag "github.com/spf13/pflag"

	"privdesk/cases"
	"privdesk/ui/l10n"
)

// Every flag of every command says what it is for, in both languages.
func TestEveryFlagHasHelp(t *testing.T) {
	for _, c := range newCommands() {
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
		for name := range c.values {
			if fs.Lookup(name) == nil {
				t.Errorf("%s lists values for --%s, which it does not have", c.name, name)
			}
		}
	}
}

// Every command has its arguments, its one-line help and examples in both
// languages.
func TestEveryCommandHasHelp(t *testing.T) {
	for _, c := range newCommands() {
		for _, key := range []string{"args.", "cmd.", "ex."} {
			if !l10n.Has(key + c.name) {
				t.Errorf("%s has no %s text", c.name, key)
			}
		}
	}
}

// All commands' flags live in one tree: a variable two commands share must
// not take the default of the one declared last.
func TestFlagDefaultsHoldInTheWholeTree(t *testing.T) {
	a := &app{env: Env{Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}}, l: l10n.New(cases.EN), commands: newCommands()}
	for _, c := range a.rootCommand().Commands() {
		c.Flags().VisitAll(func(f *flag.Flag) {
			if f.Value.Type() != "key=value" && f.Value.String() != f.DefValue {
				t.Errorf("%s --%s starts as %q, not its default %q", c.Name(), f.Name, f.Value.String(), f.DefValue)
			}
		})
	}
}
