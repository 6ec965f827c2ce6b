package tui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"privdesk/cases"
	"privdesk/ui/office"
)

// An incident is registered from the desk without a subject; its two
// notices are milestones 24 and 72 hours from detection, shown in МСК.
func TestIncidentInTheDesk(t *testing.T) {
	cfg := testConfig(t, cases.RU)
	tm := start(t, cfg, 110, 40)
	waitFor(t, tm, "Обращений пока нет")
	tm.Type("n")
	waitFor(t, tm, "Вид обращения")
	for range 9 {
		tm.Send(press(tea.KeyDown))
	}
	enter(tm) // incident
	waitFor(t, tm, "Кто выявил инцидент")
	enter(tm) // the operator
	typeSlow(tm, "Выгрузка CRM в открытом доступе")
	enter(tm)
	typeSlow(tm, "ФИО; e-mail")
	enter(tm)
	typeSlow(tm, "1200")
	enter(tm)
	typeSlow(tm, "5000")
	enter(tm)
	enter(tm) // channel
	enter(tm) // detected now
	enter(tm) // no summary: the description stands
	waitFor(t, tm, "Зарегистрировано 2026-0001")
	quit(tm)
	tm.WaitFinished(t, teatest.WithFinalTimeout(3*time.Second))

	list, _, err := cfg.Office.List(office.Filter{})
	if err != nil || len(list) != 1 {
		t.Fatalf("%v %v", list, err)
	}
	c := list[0]
	if c.Kind != cases.KindIncident || c.Subject != (cases.Subject{}) || c.Incident == nil || c.Incident.Subjects != 1200 ||
		c.Incident.Records != 5000 || len(c.Incident.Categories) != 2 || c.Summary != "Выгрузка CRM в открытом доступе" {
		t.Fatalf("incident: %+v %+v", c, c.Incident)
	}
	if len(c.Milestones) != 2 || !c.Milestones[0].DueAt.Equal(testNow.Add(24*time.Hour)) || !c.Milestones[1].DueAt.Equal(testNow.Add(72*time.Hour)) {
		t.Errorf("notices: %+v", c.Milestones)
	}
	var m tea.Model = New(cfg)
	m, _ = m.Update(tea.WindowSizeMsg{Width: 110, Height: 40})
	m, _ = m.Update(loadCaseCmd(cfg.Office, c.ID, true)())
	frame := m.(Model).render()
	for _, want := range []string{"2026-11-26 10:00 МСК", "2026-11-28 10:00 МСК", "п. 1 ч. 3.1 ст. 21 152-ФЗ"} {
		if !strings.Contains(ansi.Strip(frame), want) {
			t.Errorf("the case file lacks %q", want)
		}
	}
}
