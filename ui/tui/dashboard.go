package tui

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"privdesk/cases"
	"privdesk/ui/office"
	"privdesk/ui/report"
)

// dashboard is the report's figures for the current month, drawn with bars
// and a sparkline, and a strip of the next 15 working days with what falls
// due on each.
type dashboard struct {
	r     cases.Report
	strip []dayLoad
}

type dayLoad struct {
	day cases.Date
	n   int
}

type dashboardMsg dashboard

// loadDashboardCmd computes the dashboard from every record.
func loadDashboardCmd(st *office.Session, cal *cases.Calendar, now time.Time) tea.Cmd {
	return func() tea.Msg {
		all, _, err := st.List(office.Filter{})
		if err != nil {
			return errMsg{err}
		}
		today := cases.DateOf(now)
		y, m, _ := today.Parts()
		d := dashboard{r: cases.BuildReport(all, cases.MakeDate(y, m, 1), today, now)}
		due := map[cases.Date]int{}
		for _, c := range all {
			if !c.Status.Open() {
				continue
			}
			for _, ms := range c.Milestones {
				if ms.Met == nil {
					due[ms.Due]++
				}
			}
		}
		for day := today; len(d.strip) < 15; day++ {
			if w, _, err := cal.IsWorkingDay(day); err != nil {
				break
			} else if w {
				d.strip = append(d.strip, dayLoad{day, due[day]})
			}
		}
		return dashboardMsg(d)
	}
}

// bar is n cells of a bar scaled to width for top.
func bar(n, top, width int) string {
	if n == 0 || top == 0 {
		return ""
	}
	return strings.Repeat("█", max(1, n*width/top))
}

// sparkline draws counts as eighth-blocks.
func sparkline(ns []int) string {
	blocks := []rune("▁▂▃▄▅▆▇█")
	top := 1
	for _, n := range ns {
		top = max(top, n)
	}
	var b strings.Builder
	for _, n := range ns {
		b.WriteRune(blocks[n*(len(blocks)-1)/top])
	}
	return b.String()
}

// view draws the dashboard within width.
func (d *dashboard) view(m *Model) string {
	l, st, r := m.cfg.L, &m.st, d.r
	var b strings.Builder
	short := m.height < 30 // an 80×24 terminal: no blank lines, no trend
	gap := "\n"
	if short {
		gap = ""
	}
	b.WriteString(st.Section.Render(l.T("dash.title", r.From.String(), r.To.String())) + "\n" + gap)
	fmt.Fprintf(&b, "%s   %s\n", l.T("rp.received", r.Received), st.Late.Render(l.T("rp.late_now", len(r.LateNow))))
	fmt.Fprintf(&b, "%s\n", l.T("rp.closed", r.Closed, r.OnTime, r.OnTimeShare*100))
	if !short {
		fmt.Fprintf(&b, "%s\n\n", l.T("rp.days", r.MedianDays, r.WorstDays, r.WorstCase.String()))
	}
	top := 0
	for _, n := range r.ByKind {
		top = max(top, n)
	}
	// On a short terminal the kinds go in two columns.
	kindCols, width := 1, max(10, m.width/2-20)
	if m.height < 36 {
		kindCols, width = 2, max(6, (m.width-2)/2-24)
	}
	b.WriteString(st.Label.Render(l.T("rp.by_kind")) + "\n")
	for i, k := range slices.Sorted(maps.Keys(r.ByKind)) {
		cell := fmt.Sprintf("  %-14s %s %d", l.Text(k.Info().Short), bar(r.ByKind[k], top, width), r.ByKind[k])
		b.WriteString(cell + strings.Repeat(" ", max(0, (m.width/kindCols)-len([]rune(cell)))))
		if (i+1)%kindCols == 0 || i == len(r.ByKind)-1 {
			b.WriteString("\n")
		}
	}
	var months []int
	for _, mc := range r.Months {
		months = append(months, mc.N)
	}
	if len(months) > 0 && !short {
		fmt.Fprintf(&b, "\n%s  %s  (%s — %s)\n", st.Label.Render(l.T("rp.trend")), sparkline(months), r.Months[0].Month, r.Months[len(r.Months)-1].Month)
	}
	b.WriteString(gap + st.Label.Render(l.T("dash.strip")) + "\n")
	stripTop := 1
	for _, s := range d.strip {
		stripTop = max(stripTop, s.n)
	}
	cols := max(1, (m.width-2)/36)
	weekdays := []string{"dash.sun", "dash.mon", "dash.tue", "dash.wed", "dash.thu", "dash.fri", "dash.sat"}
	for i, s := range d.strip {
		_, mo, day := s.day.Parts()
		cell := fmt.Sprintf("  %02d.%02d %-2s %-10s %2d", day, mo, l.T(weekdays[s.day.Weekday()]), bar(s.n, stripTop, 10), s.n)
		b.WriteString(cell)
		if (i+1)%cols == 0 || i == len(d.strip)-1 {
			b.WriteString("\n")
		}
	}
	return b.String()
}

// reportDialog asks where to write the month's report shown on the
// dashboard, as a PDF.
func (m *Model) reportDialog() *dialog {
	home, _ := os.UserHomeDir()
	d := &dialog{kind: formReport, received: filepath.Join(home, m.cfg.L.T("dash.report_file", m.dash.r.From.String()[:7]))}
	d.form = m.themed(huh.NewForm(huh.NewGroup(
		huh.NewInput().Title(m.cfg.L.T("form.print_path")).Value(&d.received),
	)))
	return d
}

// reportCmd writes the internal-control report of r as a PDF.
func reportCmd(cfg office.Config, r cases.Report, path string) tea.Cmd {
	return func() tea.Msg {
		pdf, err := report.ReportPDF(r, report.Markdown(r, cfg.L.T, cfg.L.Lang))
		if err != nil {
			return errMsg{err}
		}
		if err := cfg.Office.WriteFile(path, pdf); err != nil {
			return errMsg{err}
		}
		return doneMsg{text: cfg.L.T("msg.report_written", r.From.String(), r.To.String(), path)}
	}
}
