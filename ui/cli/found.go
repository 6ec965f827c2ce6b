package cli

import (
	"strings"
	"time"

	flag "github.com/spf13/pflag"

	"privdesk/cases"
	"privdesk/ui/office"
)

// foundCommand is privdesk found: what a search of one system found of the
// subject's data, which the access answer's item 5 lists.
func foundCommand() command {
	var system, categories string
	var nothing bool
	values := argsFlag{}
	return command{name: "found", args: []argKind{argCase}, flags: func(fs *flag.FlagSet) {
		fs.StringVar(&system, "system", "", "")
		fs.StringVar(&categories, "categories", "", "")
		fs.Var(values, "value", "")
		fs.BoolVar(&nothing, "nothing", false, "")
	}, run: func(a *app, fs *flag.FlagSet, pos []string) error {
		id, err := oneID(a, pos, 1)
		if err != nil {
			return err
		}
		if strings.TrimSpace(system) == "" {
			return usageError{a.l.T("err.found_system_missing")}
		}
		var cats []string
		for _, c := range strings.Split(categories, ";") {
			if c = strings.TrimSpace(c); c != "" {
				cats = append(cats, c)
			}
		}
		if (len(cats) == 0) != nothing {
			return usageError{a.l.T("err.found_categories_missing")}
		}
		if err := a.setup(); err != nil {
			return err
		}
		f := cases.Finding{System: system, Categories: cats, Values: values}
		return a.change(id, func(c *cases.Case, now time.Time, who string) (cases.Event, error) {
			return c.RecordFound(f, office.Systems(a.cfg.Settings), now, who)
		})
	}}
}
