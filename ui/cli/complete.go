package cli

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"privdesk/assets"
	"privdesk/cases"
	"privdesk/ui/letters"
)

// argKind says what a positional argument is, so that the shell can
// complete it: register numbers from the database, a case's own steps,
// documents and letters, or fixed values.
type argKind int

const (
	argNone      argKind = iota
	argCase              // a register number
	argStep              // a step of the case named before it
	argStepState         // pending, done, failed, n/a
	argStatus            // a status a case may be moved to by hand
	argMilestone         // an open milestone of the case
	argDoc               // a document of the case
	argLetter            // a letter of the case
	argTemplate          // a letter template
	argFile              // a file of the officer's (the shell completes it)
	argFiles             // any number of files
)

// completeArgs completes the positional arguments described by kinds.
func (a *app) completeArgs(kinds []argKind) cobra.CompletionFunc {
	return func(_ *cobra.Command, args []string, prefix string) ([]cobra.Completion, cobra.ShellCompDirective) {
		k := argNone
		switch {
		case len(args) < len(kinds):
			k = kinds[len(args)]
		case len(kinds) > 0 && kinds[len(kinds)-1] == argFiles:
			k = argFiles
		}
		switch k {
		case argFile, argFiles:
			return nil, cobra.ShellCompDirectiveDefault
		case argCase:
			return a.completeCases(prefix), cobra.ShellCompDirectiveNoFileComp
		case argStepState:
			return matching(prefix, stepStates()), cobra.ShellCompDirectiveNoFileComp
		case argStatus:
			return matching(prefix, []string{string(cases.StatusVerifying), string(cases.StatusInProgress)}), cobra.ShellCompDirectiveNoFileComp
		case argStep, argMilestone, argDoc, argLetter, argTemplate:
			return a.completeOfCase(k, args, prefix), cobra.ShellCompDirectiveNoFileComp
		}
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
}

// flagCompletion completes flags whose values live in the database.
func (a *app) flagCompletion(name string) cobra.CompletionFunc {
	switch name {
	case "step":
		return func(_ *cobra.Command, args []string, prefix string) ([]cobra.Completion, cobra.ShellCompDirective) {
			return a.completeOfCase(argStep, args, prefix), cobra.ShellCompDirectiveNoFileComp
		}
	case "to":
		return func(_ *cobra.Command, _ []string, prefix string) ([]cobra.Completion, cobra.ShellCompDirective) {
			set, err := a.settings()
			if err != nil {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			var out []cobra.Completion
			for _, o := range set.Officers {
				if strings.HasPrefix(o.Login, prefix) {
					out = append(out, cobra.CompletionWithDesc(o.Login, cases.SafeLine(o.Name)))
				}
			}
			return out, cobra.ShellCompDirectiveNoFileComp
		}
	}
	return nil // paths and free text: the shell's own completion
}

func stepStates() []string {
	return []string{string(cases.StepDone), string(cases.StepFailed), string(cases.StepNA), string(cases.StepPending)}
}

// fixed completes one of values.
func fixed(values []string) cobra.CompletionFunc {
	return func(_ *cobra.Command, _ []string, prefix string) ([]cobra.Completion, cobra.ShellCompDirective) {
		return matching(prefix, values), cobra.ShellCompDirectiveNoFileComp
	}
}

// matching keeps the values that start with prefix.
func matching(prefix string, values []string) []cobra.Completion {
	var out []cobra.Completion
	for _, v := range values {
		if strings.HasPrefix(v, prefix) {
			out = append(out, v)
		}
	}
	return out
}

// completeCases offers the register numbers that start with prefix, open
// cases first, each described by kind, status and due date: never by the
// subject's name, which the shell may keep in its history of completions.
func (a *app) completeCases(prefix string) []cobra.Completion {
	if a.setup() != nil {
		return nil
	}
	rows, _, err := a.cfg.Office.Queue()
	if err != nil {
		return nil
	}
	var open, closed []cobra.Completion
	for _, r := range rows {
		id := r.ID.String()
		if !strings.HasPrefix(id, prefix) {
			continue
		}
		desc := a.l.Text(r.Kind.Info().Short) + " · " + a.l.Text(r.Status.Title())
		if !r.NoDue && r.Status.Open() {
			desc += " · " + r.Due.String()
		}
		c := cobra.CompletionWithDesc(id, desc)
		if r.Status.Open() {
			open = append(open, c)
		} else {
			closed = append(closed, c)
		}
	}
	return append(open, closed...)
}

// completeOfCase offers the steps, milestones, documents or letters of the
// case whose number is the first argument.
func (a *app) completeOfCase(k argKind, args []string, prefix string) []cobra.Completion {
	if len(args) == 0 {
		return nil
	}
	id, err := cases.ParseID(args[0])
	if err != nil || a.setup() != nil {
		return nil
	}
	c, err := a.cfg.Office.Get(id)
	if err != nil {
		return nil
	}
	var out []cobra.Completion
	add := func(v, desc string) {
		if strings.HasPrefix(v, prefix) {
			out = append(out, cobra.CompletionWithDesc(v, cases.SafeLine(desc)))
		}
	}
	switch k {
	case argStep:
		for _, s := range c.Steps {
			add(s.Key, a.l.StepName(s.Key)+" · "+a.l.StepState(s.State))
		}
	case argMilestone:
		for _, m := range c.Milestones {
			if m.Met == nil {
				add(m.Key, a.l.MilestoneName(m.Key)+" · "+m.Due.String())
			}
		}
	case argDoc:
		for _, d := range c.Documents {
			add(strconv.Itoa(d.No), d.Label)
		}
	case argLetter:
		for _, l := range c.Letters {
			add(strconv.Itoa(l.No), l.Number+" · "+l.Title)
		}
	case argTemplate: // the templates that fit the case
		for _, t := range letters.For(c) {
			add(t.Name, a.l.Text(t.Title))
		}
	}
	return out
}

// stepsByKind names the checklist steps of each kind, for step's help.
func stepsByKind(a *app) (string, []string) {
	steps, _ := cases.ParseSteps(assets.Steps) // embedded; its tests parse it
	var lines []string
	for _, k := range cases.Kinds {
		keys := []string{string(k)}
		for _, b := range cases.Branches(k) {
			keys = append(keys, string(k)+":"+b)
		}
		for _, key := range keys {
			if list := steps[key]; len(list) > 0 {
				names := make([]string, len(list))
				for i, st := range list {
					names[i] = st.Key
				}
				lines = append(lines, key+": "+strings.Join(names, ", "))
			}
		}
	}
	return a.l.T("help.h_steps"), lines
}

// templateList names the letter templates, for letter's help.
func templateList(a *app) (string, []string) {
	var lines []string
	for _, t := range letters.Templates {
		lines = append(lines, fmt.Sprintf("%-24s %s", t.Name, a.l.Text(t.Title)))
	}
	return a.l.T("help.h_templates"), lines
}

// The values of enumerated flags, from the domain's own lists.

func kindValues() []string    { return asStrings(cases.Kinds) }
func channelValues() []string { return asStrings(cases.Channels) }
func statusValues() []string  { return asStrings(cases.Statuses) }
func outcomeValues() []string { return asStrings(cases.Outcomes) }

// branchValues are the courses any kind may take after its check.
func branchValues() []string {
	var out []string
	for _, k := range cases.Kinds {
		for _, b := range cases.Branches(k) {
			if !slices.Contains(out, b) {
				out = append(out, b)
			}
		}
	}
	return out
}

// methodValues are the ways a step may be confirmed, as steps.json lists them.
func methodValues() []string {
	var out []string
	steps, _ := cases.ParseSteps(assets.Steps) // embedded; its tests parse it
	for _, k := range cases.Kinds {            // in a fixed order
		for _, st := range steps[string(k)] {
			for _, m := range st.Methods {
				if !slices.Contains(out, m) {
					out = append(out, m)
				}
			}
		}
	}
	return out
}

func asStrings[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}
