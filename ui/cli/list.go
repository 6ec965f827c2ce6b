package cli

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"time"

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
		now := a.env.Now()
		// The register is read a chunk at a time: neither the JSON, written
		// as it is read, nor the table holds the decoded cases.
		each := func(fn func(c *cases.Case) error) error {
			bad, err := a.cfg.Office.Each(f, func(c *cases.Case) error {
				if overdue && !c.Overdue(now) {
					return nil
				}
				return fn(c)
			})
			a.warnUnreadable(bad)
			return err
		}
		if asJSON {
			return a.streamJSON(each, now)
		}
		var buf bytes.Buffer
		if err := a.listTable(a.styled(&buf, a.out), each); err != nil {
			return err
		}
		return a.page(buf.Bytes())
	}}
}

// streamJSON writes the cases as a JSON array, one case a line, as they
// are read.
func (a *app) streamJSON(each func(func(*cases.Case) error) error, now time.Time) error {
	w := bufio.NewWriter(a.env.Stdout)
	n := 0
	err := each(func(c *cases.Case) error {
		b, err := json.Marshal(toJSON(c, nil, now, a.l))
		if err != nil {
			return err
		}
		sep := ",\n"
		if n == 0 {
			sep = "[\n"
		}
		n++
		w.WriteString(sep)
		_, err = w.Write(b)
		return err
	})
	if err != nil {
		return err
	}
	if n == 0 {
		w.WriteString("[]\n")
	} else {
		w.WriteString("\n]\n")
	}
	return w.Flush()
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
func (a *app) listTable(w io.Writer, each func(func(*cases.Case) error) error) error {
	now := a.env.Now()
	workdays := office.Workdays(a.cfg.Rules.Cal, now)
	rows := [][]string{strings.Split(a.l.T("list.header"), "\t")}
	styles := []lipgloss.Style{headStyle}
	err := each(func(c *cases.Case) error {
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
		return nil
	})
	if err != nil {
		return err
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
	return nil
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
