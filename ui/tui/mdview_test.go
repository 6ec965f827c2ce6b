package tui

import (
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// A letter's Markdown at 40 columns: hard breaks kept, list items hang
// under their text, a table row becomes a block of "column: value" lines,
// escapes and bold markers are gone, and no line is wider than the screen.
func TestRenderLetter(t *testing.T) {
	body := "**ООО «Тест»**\\\nМосква\n\n# Ответ\n\n" +
		"1. **Подтверждение обработки.** Оператор осуществляет обработку Ваших персональных данных.\n" +
		"    - CRM: фамилия\\*, имя\n\n" +
		"| Цель | Основания |\n|---|---|\n| договор | п. 5 ч. 1 ст. 6 152-ФЗ, очень длинное основание для переноса |\n"
	st := mdStyles{bold: lipgloss.NewStyle().Bold(true), heading: lipgloss.NewStyle().Bold(true)}
	out := renderLetter(body, 40, st)
	plain := ansi.Strip(out)
	for _, want := range []string{
		"ООО «Тест»\nМосква",
		"1. Подтверждение обработки. Оператор\n   осуществляет обработку Ваших",
		"    - CRM: фамилия*, имя",
		"  договор\n  Основания: п. 5 ч. 1 ст. 6 152-ФЗ,\n    очень",
	} {
		if !strings.Contains(plain, want) {
			t.Errorf("missing %q in:\n%s", want, plain)
		}
	}
	if strings.Contains(plain, "**") || strings.Contains(plain, "|") || strings.Contains(plain, "\\") {
		t.Errorf("Markdown left in:\n%s", plain)
	}
	for _, ln := range strings.Split(plain, "\n") {
		if ansi.StringWidth(ln) > 40 {
			t.Errorf("line wider than 40: %q", ln)
		}
	}
	if !strings.Contains(out, st.bold.Render("Подтверждение")) && !strings.Contains(out, "\x1b[1m") {
		t.Errorf("no bold in the output")
	}
}
