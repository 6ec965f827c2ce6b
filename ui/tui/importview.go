package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/progress"
	tea "charm.land/bubbletea/v2"

	"privdesk/cases"
	"privdesk/ui/l10n"
	"privdesk/ui/office"
)

// Messages of an import running in the background: progress while files
// are read, then the report.
type (
	importProgressMsg struct {
		done, total int64
		ch          chan tea.Msg
	}
	importDoneMsg struct {
		rep office.ImportReport
		err error
	}
)

// importing is the state of the import panel: a progress bar while the
// import runs, then its report until the officer presses a key.
type importing struct {
	path        string
	done, total int64
	bar         progress.Model
	report      *office.ImportReport
	top         int // the report's first line shown
}

// reportRoom is how many report lines fit a view of height lines.
func reportRoom(height int) int { return max(1, height-6) }

// scroll moves the report by delta lines, keeping a full page in view.
func (im *importing) scroll(delta, height int) {
	r := im.report
	n := len(r.Created) + len(r.Skipped) + len(r.Invalid)
	im.top = max(0, min(im.top+delta, n-reportRoom(height)))
}

func newImporting(path string, width int) *importing {
	return &importing{path: path, bar: progress.New(progress.WithDefaultBlend(), progress.WithWidth(min(60, width-4)))}
}

// importCmd runs the import in a goroutine and relays its progress.
func importCmd(cfg office.Config, path string, tooBig func(string, int64) string) tea.Cmd {
	ch := make(chan tea.Msg, 1)
	go func() {
		rep, err := office.Import(cfg, []string{expandHome(strings.TrimSpace(path))}, office.ImportOptions{
			TooBig: tooBig,
			Progress: func(done, total int64) {
				select { // progress may be dropped; the report may not
				case ch <- importProgressMsg{done, total, ch}:
				default:
				}
			},
		})
		ch <- importDoneMsg{rep, err}
		close(ch)
	}()
	return waitImport(ch)
}

func waitImport(ch chan tea.Msg) tea.Cmd {
	return func() tea.Msg {
		if msg, ok := <-ch; ok {
			return msg
		}
		return nil
	}
}

func (im *importing) view(st *Styles, l *l10n.Printer, height int) string {
	var b strings.Builder
	if im.report == nil {
		fmt.Fprintf(&b, "%s\n\n", st.Section.Render(l.T("imp.running", im.path)))
		pct := 0.0
		if im.total > 0 {
			pct = float64(im.done) / float64(im.total)
		}
		fmt.Fprintf(&b, "%s\n%s\n", im.bar.ViewAs(pct), st.Dim.Render(l.T("imp.bytes", humanSize(im.done), humanSize(im.total))))
		return b.String()
	}
	r := im.report
	fmt.Fprintf(&b, "%s\n%s\n\n", st.Section.Render(l.T("imp.done", im.path)),
		l.T("import.summary", len(r.Created), len(r.Skipped), len(r.Invalid)))
	var lines []string
	for _, c := range r.Created {
		line := fmt.Sprintf("%s  %s  %s", st.OK.Render(c.ID), l.Text(cases.Kind(c.Kind).Info().Short), c.Subject)
		if c.Triage {
			line += "  " + st.Soon.Render(l.T("import.triage"))
		}
		if c.RepeatOf != "" {
			line += "  " + st.Soon.Render(l.T("import.repeat", c.RepeatOf))
		}
		lines = append(lines, line)
	}
	for _, s := range r.Skipped {
		lines = append(lines, st.Dim.Render(l.T("import.skipped", s.Source, s.ID)))
	}
	for _, e := range r.Invalid {
		lines = append(lines, st.Late.Render(l.T("import.invalid", e.Source, l.Err(e.Err))))
	}
	room := reportRoom(height)
	top := max(0, min(im.top, len(lines)-room))
	end := min(len(lines), top+room)
	b.WriteString(strings.Join(lines[top:end], "\n") + "\n")
	if end < len(lines) {
		b.WriteString(st.Dim.Render(l.T("imp.more", len(lines)-end)) + "\n")
	}
	return b.String()
}
