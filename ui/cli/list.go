package cli

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"

	"charm.land/lipgloss/v2"
	flag "github.com/spf13/pflag"

	"privdesk/cases"
	"privdesk/ui/office"
)

// listCommands declares its commands, each with fresh flag variables.
func listCommands(register func(command)) {
	register(listCommand())
}

// listCommand is privdesk list.
func listCommand() command {
	var status, kind string
	var overdue, asJSON bool
	return command{name: "list", values: map[string][]string{"status": statusValues(), "kind": kindValues()}, flags: func(fs *flag.FlagSet) {
		fs.StringVar(&status, "status", "", "")
		fs.StringVar(&kind, "kind", "", "")
		fs.BoolVar(&overdue, "overdue", false, "")
		fs.BoolVar(&asJSON, "json", false, "")
	}, run: func(a *app, fs *flag.FlagSet, pos []string) error {
		if err := noArgs(a, fs, pos); err != nil {
			return err
		}
		var f office.Filter
		var err error
		if status != "" {
			if f.Status, err = cases.ParseStatus(status); err != nil {
				return err
			}
		}
		if kind != "" {
			if f.Kind, err = cases.ParseKind(kind); err != nil {
				return err
			}
		}
		if err := a.setup(); err != nil {
			return err
		}
		cs, bad, err := a.cfg.Office.List(f)
		if err != nil {
			return err
		}
		a.warnUnreadable(bad)
		now := a.env.Now()
		if overdue {
			kept := cs[:0]
			for _, c := range cs {
				if c.Overdue(now) {
					kept = append(kept, c)
				}
			}
			cs = kept
		}
		if asJSON {
			out := make([]caseJSON, len(cs))
			for i, c := range cs {
				out[i] = toJSON(c, nil, now, a.l)
			}
			return writeJSON(a.env.Stdout, out)
		}
		var buf bytes.Buffer
		a.listTable(a.styled(&buf, a.out), cs)
		return a.page(buf.Bytes())
	}}
}

var (
	lateStyle   = lipgloss.NewStyle().Foreground(lipgloss.Color("9")).Bold(true)
	soonStyle   = lipgloss.NewStyle().Foreground(lipgloss.Color("11"))
	closedStyle = lipgloss.NewStyle().Faint(true)
	headStyle   = lipgloss.NewStyle().Bold(true)
)

// listTable writes the cases as a table: number, kind and status in the
// officer's language, the next deadline, the time left (or how late it is),
// and the subject. Late rows are red and marked "!", rows due within
// SoonDays working days are yellow; the colours go where w does not keep them.
func (a *app) listTable(w io.Writer, cs []*cases.Case) {
	now := a.env.Now()
	workdays := office.Workdays(a.cfg.Rules.Cal, now)
	rows := [][]string{strings.Split(a.l.T("list.header"), "\t")}
	styles := []lipgloss.Style{headStyle}
	for _, c := range cs {
		r := office.RowOf(c)
		st := office.StandingOf(r, now, workdays)
		mark, style := "", lipgloss.NewStyle()
		switch {
		case !c.Status.Open():
			style = closedStyle
		case st.Urgency == office.UrgencyLate:
			mark, style = "! ", lateStyle
		case st.Urgency == office.UrgencySoon:
			style = soonStyle
		}
		due := ""
		if c.Status.Open() && !r.NoDue {
			due = r.Due.String()
		}
		rows = append(rows, []string{c.ID.String(), a.l.Text(c.Kind.Info().Short), a.l.Text(c.Status.Title()),
			due, mark + office.LeftText(r, st, a.l), cut(cases.SafeLine(c.Subject.Name), 40)})
		styles = append(styles, style)
	}
	widths := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, cell := range r {
			widths[i] = max(widths[i], lipgloss.Width(cell))
		}
	}
	for n, r := range rows {
		var line strings.Builder
		for i, cell := range r {
			if i > 0 {
				line.WriteString("  ")
			}
			line.WriteString(cell)
			if i < len(r)-1 {
				line.WriteString(strings.Repeat(" ", widths[i]-lipgloss.Width(cell)))
			}
		}
		fmt.Fprintln(w, styles[n].Render(strings.TrimRight(line.String(), " ")))
	}
}

// page shows text on standard output, through $PAGER (less by default)
// when standard output is a terminal and the text is taller than it.
func (a *app) page(text []byte) error {
	_, height, tty := a.env.Terminal(a.out)
	if !tty || bytes.Count(text, []byte("\n")) < height {
		_, err := a.out.Write(text)
		return err
	}
	pager := a.env.Getenv("PAGER")
	if pager == "" {
		pager = "less"
	}
	cmd := exec.Command("sh", "-c", pager)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = bytes.NewReader(text), a.out, a.errOut
	cmd.Env = os.Environ()
	if a.env.Getenv("LESS") == "" {
		// Colours through, quit when the text fits after all, keep it on screen.
		cmd.Env = append(cmd.Env, "LESS=FRX")
	}
	if err := cmd.Run(); err != nil {
		if _, ok := err.(*exec.ExitError); ok {
			return nil // the officer quit the pager
		}
		_, err := a.out.Write(text) // no pager to run: the text as it is
		return err
	}
	return nil
}
