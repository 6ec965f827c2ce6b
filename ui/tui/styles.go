package tui

import (
	"image/color"

	"charm.land/lipgloss/v2"
)

// Styles are every look the TUI uses. Colours are downsampled by Bubble Tea
// to what the terminal can show, and dropped under NO_COLOR.
type Styles struct {
	Title, Header, Dim, Tab, TabActive, TableHead, Selected lipgloss.Style
	Late, Soon, OK, Closed, Provisional                     lipgloss.Style
	StatusOK, StatusErr, Label, Section, Box, Help          lipgloss.Style
}

// DefaultStyles builds the styles for a dark or light background.
func DefaultStyles(isDark bool) Styles {
	ld := lipgloss.LightDark(isDark)
	accent := ld(lipgloss.Color("#5A3FC0"), lipgloss.Color("#B7A6FF"))
	dim := ld(lipgloss.Color("#6B6B6B"), lipgloss.Color("#8A8A8A"))
	red := ld(lipgloss.Color("#C0001A"), lipgloss.Color("#FF5F6D"))
	amber := ld(lipgloss.Color("#A05A00"), lipgloss.Color("#FFB454"))
	green := ld(lipgloss.Color("#1E7A35"), lipgloss.Color("#7FD88F"))
	fg := func(c color.Color) lipgloss.Style { return lipgloss.NewStyle().Foreground(c) }
	return Styles{
		Title:       fg(accent).Bold(true),
		Header:      lipgloss.NewStyle().Bold(true),
		Dim:         fg(dim),
		Tab:         fg(dim).Padding(0, 1),
		TabActive:   fg(accent).Bold(true).Underline(true).Padding(0, 1),
		TableHead:   lipgloss.NewStyle().Bold(true).Underline(true),
		Selected:    lipgloss.NewStyle().Reverse(true),
		Late:        fg(red).Bold(true),
		Soon:        fg(amber),
		OK:          fg(green),
		Closed:      fg(dim),
		Provisional: fg(amber).Italic(true),
		StatusOK:    fg(green),
		StatusErr:   fg(red).Bold(true),
		Label:       fg(dim),
		Section:     fg(accent).Bold(true),
		Box:         lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(accent).Padding(0, 1),
		Help:        fg(dim),
	}
}
