package tui

import (
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"privdesk/cases"
	"privdesk/ui/office"
)

// sendAll sends text as keys and the named keys, back to back, with no
// pause for the form to move its focus: a paste, or a fast typist.
func sendAll(tm *teatest.TestModel, parts ...any) {
	for _, p := range parts {
		switch p := p.(type) {
		case string:
			for _, r := range p {
				tm.Send(tea.KeyPressMsg{Code: r, Text: string(r)})
			}
		case rune:
			tm.Send(press(p))
		case tea.KeyPressMsg:
			tm.Send(p)
		}
	}
}

// A key typed right after enter goes to the next field, never to the one
// just left.
func TestNewRequestFormKeysBackToBack(t *testing.T) {
	for try := range 5 {
		cfg := testConfig(t, cases.RU)
		tm := start(t, cfg, 80, 24)
		waitFor(t, tm, "Обращений пока нет")
		tm.Type("n")
		waitFor(t, tm, "Вид обращения")
		sendAll(tm, tea.KeyEnter, "Алексеев Фёдор Иванович", tea.KeyEnter, "alekseev@mail.example", tea.KeyEnter,
			"+7 (999) 123-45-67", tea.KeyEnter, "id-42", tea.KeyEnter, tea.KeyEnter, tea.KeyEnter, "Просит копию данных", tea.KeyEnter)
		waitFor(t, tm, "2026-0001")
		quit(tm)
		tm.WaitFinished(t, teatest.WithFinalTimeout(3*time.Second))
		list, _, err := cfg.Office.List(office.Filter{})
		if err != nil || len(list) != 1 {
			t.Fatalf("try %d: %d cases, %v", try, len(list), err)
		}
		s := list[0].Subject
		if s.Name != "Алексеев Фёдор Иванович" || s.Email != "alekseev@mail.example" || s.Phone != "+7 (999) 123-45-67" || s.Account != "id-42" || list[0].Summary != "Просит копию данных" {
			t.Fatalf("try %d: stored %+v, summary %q", try, s, list[0].Summary)
		}
	}
}

// The k form corrects the subject's e-mail, typed back to back; the case
// file and the timeline show the correction.
func TestEditFormCorrectsEmailBackToBack(t *testing.T) {
	cfg := testConfig(t, cases.RU)
	id := addCase(t, cfg, cases.KindAccess, "Алексеев Фёдор Иванович", testNow)
	tm := start(t, cfg, 80, 24)
	waitFor(t, tm, "Алексеев")
	enter(tm)
	waitFor(t, tm, "Статья закона")
	tm.Type("k")
	waitFor(t, tm, "Сведения о субъекте")
	sendAll(tm, tea.KeyEnter, ctrlU, "alekseev@mail.example", tea.KeyEnter, tea.KeyEnter, tea.KeyEnter,
		tea.KeyEnter, tea.KeyEnter, tea.KeyEnter)
	waitFor(t, tm, "alekseev@mail.example")
	quit(tm)
	tm.WaitFinished(t, teatest.WithFinalTimeout(3*time.Second))
	c, _ := cfg.Office.Get(id)
	evs, _ := cfg.Office.Events(id)
	if c.Subject.Email != "alekseev@mail.example" || c.Subject.Name != "Алексеев Фёдор Иванович" {
		t.Fatalf("subject: %+v", c.Subject)
	}
	last := evs[len(evs)-1]
	if last.Type != cases.EventSubject || last.To != "email" || last.Data["old"] != "s@example.ru" {
		t.Errorf("timeline: %+v", last)
	}
}

var ctrlU = tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}
