package cli

import (
	"fmt"
	"io"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/spf13/cobra"
	flag "github.com/spf13/pflag"

	"privdesk/ui/l10n"
)

// Help that teaches: what the command does, how it is called, examples, its
// own flags (with their valid values) before the global ones, all in the
// officer's language, styled on a terminal.

var (
	helpTitle   = lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("12"))
	helpFlag    = lipgloss.NewStyle().Foreground(lipgloss.Color("13"))
	helpCommand = lipgloss.NewStyle().Foreground(lipgloss.Color("10"))
	helpDim     = lipgloss.NewStyle().Faint(true)
	helpComment = lipgloss.NewStyle().Faint(true).Italic(true)
)

// styled returns a writer to w for text bound for dest: it keeps
// privdesk's colours when dest is a colour terminal, keeps bold and faint
// under NO_COLOR, and drops every style when dest is a pipe or a file.
func (a *app) styled(w, dest io.Writer) *colorprofile.Writer {
	p := colorprofile.NoTTY
	if _, _, tty := a.env.Terminal(dest); tty {
		var environ []string
		for _, k := range []string{"TERM", "COLORTERM", "CLICOLOR", "CLICOLOR_FORCE"} {
			if v := a.env.Getenv(k); v != "" {
				environ = append(environ, k+"="+v)
			}
		}
		p = colorprofile.Env(environ)
		if a.env.Getenv("NO_COLOR") != "" && p > colorprofile.ASCII {
			p = colorprofile.ASCII
		}
	}
	return &colorprofile.Writer{Forward: w, Profile: p}
}

// help writes c's help to standard output.
func (a *app) help(c *cobra.Command) {
	w := a.styled(a.out, a.out)
	if c.Parent() == nil {
		a.rootHelp(w, c)
		return
	}
	fmt.Fprintf(w, "\n  %s\n\n", c.Short)
	fmt.Fprintln(w, helpTitle.Render(a.l.T("help.h_usage")))
	usage := []string{helpCommand.Render("privdesk " + c.Name())}
	if args := strings.TrimSpace(strings.TrimPrefix(c.Use, c.Name())); args != "" {
		usage = append(usage, args)
	}
	fmt.Fprintf(w, "  %s\n", strings.Join(append(usage, helpDim.Render(a.l.T("help.flags_hint"))), " "))
	for _, rc := range a.commands {
		if rc.name == c.Name() && rc.more != nil {
			title, lines := rc.more(a)
			fmt.Fprintln(w)
			fmt.Fprintln(w, helpTitle.Render(title))
			for _, l := range lines {
				fmt.Fprintf(w, "  %s\n", l)
			}
		}
	}
	if c.Example != "" {
		fmt.Fprintln(w)
		fmt.Fprintln(w, helpTitle.Render(a.l.T("help.h_examples")))
		for _, line := range strings.Split(strings.TrimSpace(c.Example), "\n") {
			if strings.HasPrefix(line, "#") {
				fmt.Fprintf(w, "  %s\n", helpComment.Render(line))
				continue
			}
			fmt.Fprintf(w, "  %s\n", line)
		}
	}
	if c.LocalNonPersistentFlags().HasAvailableFlags() {
		fmt.Fprintln(w)
		fmt.Fprintln(w, helpTitle.Render(a.l.T("help.h_flags")))
		a.flagTable(w, c.LocalNonPersistentFlags())
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, helpTitle.Render(a.l.T("help.h_globals")))
	a.flagTable(w, c.InheritedFlags())
	fmt.Fprintln(w)
}

func (a *app) rootHelp(w io.Writer, root *cobra.Command) {
	fmt.Fprintf(w, "\n  privdesk — %s\n\n", root.Short)
	fmt.Fprintln(w, helpTitle.Render(a.l.T("help.h_usage")))
	fmt.Fprintln(w, a.l.T("help.usage"))
	fmt.Fprintln(w)
	fmt.Fprintln(w, helpTitle.Render(a.l.T("help.h_commands")))
	width := 0
	for _, c := range root.Commands() {
		width = max(width, len(c.Name()))
	}
	for _, c := range root.Commands() {
		if c.Hidden || !c.IsAvailableCommand() && c.Name() != "help" {
			continue
		}
		fmt.Fprintf(w, "  %s  %s\n", helpCommand.Render(fmt.Sprintf("%-*s", width, c.Name())), c.Short)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, helpTitle.Render(a.l.T("help.h_globals")))
	a.flagTable(w, root.PersistentFlags(), root.LocalNonPersistentFlags())
	fmt.Fprintln(w)
	fmt.Fprintln(w, a.l.T("help.long"))
	fmt.Fprintln(w)
}

// flagTable lists flags in the order they were declared, each with its
// help and, for an enumerated flag, the values it takes.
func (a *app) flagTable(w io.Writer, sets ...*flag.FlagSet) {
	type row struct{ name, text string }
	var rows []row
	width := 0
	for _, fs := range sets {
		fs.SortFlags = false
		fs.VisitAll(func(f *flag.Flag) {
			if f.Hidden {
				return
			}
			name := "--" + f.Name
			if f.Shorthand != "" {
				name = "-" + f.Shorthand + ", " + name
			}
			if f.Value.Type() != "bool" {
				name += " " + a.flagValueName(f)
			}
			text := f.Usage
			if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" && f.DefValue != "[]" {
				text += " " + helpDim.Render(a.l.T("help.default", f.DefValue))
			}
			rows = append(rows, row{name, text})
			width = max(width, lipgloss.Width(name))
		})
	}
	for _, r := range rows {
		pad := strings.Repeat(" ", width-lipgloss.Width(r.name))
		lines := strings.Split(r.text, "\n")
		fmt.Fprintf(w, "  %s%s  %s\n", helpFlag.Render(r.name), pad, lines[0])
		for _, l := range lines[1:] {
			fmt.Fprintf(w, "  %s  %s\n", strings.Repeat(" ", width), helpDim.Render(l))
		}
	}
}

// flagValueName is the placeholder after a flag that takes a value.
func (a *app) flagValueName(f *flag.Flag) string {
	switch {
	case l10n.Has("meta." + f.Name):
		return a.l.T("meta." + f.Name)
	case f.Value.Type() == "int":
		return "N"
	}
	return a.l.T("meta.value")
}

// describeFlags writes each flag's full help into its usage, once, for
// the help and the man page: the catalog's text, the command's own note, and
// the values an enumerated flag takes.
func (a *app) describeFlags(fs *flag.FlagSet, command string) {
	if !a.describing {
		return
	}
	fs.VisitAll(func(f *flag.Flag) {
		text, key := f.Usage, "flag."+f.Name
		if own := "flag." + command + "." + f.Name; l10n.Has(own) {
			key = own // the command's own sense of a shared flag name
		}
		if l10n.Has(key) {
			text = a.l.T(key)
			if f.Usage != "" && f.Usage != text {
				text += " (" + f.Usage + ")"
			}
		}
		if vs := a.commandValues(command, f.Name); len(vs) > 0 && f.Name != "lang" {
			text += "\n" + a.l.T("help.values", strings.Join(vs, ", "))
		}
		f.Usage = text
	})
}

// commandValues finds the valid values of a command's enumerated flag.
func (a *app) commandValues(name, flagName string) []string {
	if flagName == "lang" {
		return []string{"ru", "en"}
	}
	for _, c := range a.commands {
		if c.name == name {
			return c.values[flagName]
		}
	}
	return nil
}

// styledError writes an error on a terminal: a badge, the message, and for
// wrong usage where to read how.
func (a *app) styledError(msg string, usage bool) {
	w := a.styled(a.errOut, a.errOut)
	badge := lipgloss.NewStyle().Bold(true).Padding(0, 1).Foreground(lipgloss.Color("15")).Background(lipgloss.Color("1"))
	fmt.Fprintf(w, "\n  %s %s\n", badge.Render(a.l.T("help.error")), msg)
	if usage {
		fmt.Fprintf(w, "  %s\n", helpDim.Render(a.l.T("help.try_help")))
	}
	fmt.Fprintln(w)
}
