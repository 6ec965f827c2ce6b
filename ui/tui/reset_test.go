package tui

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"privdesk/assets"
	"privdesk/cases"
	"privdesk/ui/office"
	"privdesk/ui/office/config"
)

// TestPasswordResetInTUI is the policy's promise end to end: register the
// request, ask for a document, attach it, confirm identity, send the link
// and close.
func TestPasswordResetInTUI(t *testing.T) {
	cfg := testConfig(t, cases.EN)
	set, err := config.ParseSettings(assets.DemoConfig, "demo.toml")
	if err != nil {
		t.Fatal(err)
	}
	set.Officers = append(set.Officers, config.Officer{Login: "ivanova", Name: "Иванова Анна", Position: "DPO"})
	cfg.Settings = set
	scan := filepath.Join(t.TempDir(), "passport.jpg")
	os.WriteFile(scan, append([]byte{0xff, 0xd8, 0xff, 0xe0}, []byte("JFIF scan")...), 0o600)
	tm := start(t, cfg, 120, 40)
	waitFor(t, tm, "No requests yet")

	tm.Type("n")
	waitFor(t, tm, "Kind of request")
	for range 7 { // access … marketing opt-out, then password reset
		tm.Send(press(tea.KeyDown))
	}
	time.Sleep(50 * time.Millisecond)
	enter(tm)
	typeSlow(tm, "Жукова Вера")
	enter(tm)
	typeSlow(tm, "vera@example.ru")
	for range 6 { // e-mail, phone, account, channel, received, summary
		enter(tm)
	}
	waitFor(t, tm, "Registered 2026-0001")

	enter(tm)
	waitFor(t, tm, "Identity document requested")
	tm.Send(press(tea.KeySpace))
	waitFor(t, tm, "Identity document requested: done", "L → Request for an identity document")

	// The letter asking for the document: written, issued, sent.
	sendLetter(t, tm, 1, 1)

	tm.Type("a")
	waitFor(t, tm, "Path of the file")
	typeSlow(tm, scan)
	enter(tm)
	// What the document is: a passport (its categories go into the act).
	desk := New(cfg)
	for range slices.IndexFunc(desk.docTypeOptions(), func(o huh.Option[string]) bool { return o.Value == "passport" }) {
		tm.Send(press(tea.KeyDown))
	}
	time.Sleep(50 * time.Millisecond)
	enter(tm)
	typeSlow(tm, "passport")
	enter(tm)
	// The form starts at the highlighted step: after the tick, the next one,
	// which the document is for; attaching to it ticks it.
	time.Sleep(50 * time.Millisecond)
	enter(tm)
	waitFor(t, tm, "Document 1 attached", "Document received: done")
	time.Sleep(50 * time.Millisecond) // the cursor has moved on to the next step
	tm.Send(press(tea.KeySpace))
	waitFor(t, tm, "Step Document matches the account holder")
	// The confirmation that the link went to the account's address.
	sendLetter(t, tm, 3, 2)
	time.Sleep(50 * time.Millisecond)
	tm.Send(press(tea.KeySpace))
	waitFor(t, tm, "Step Reset link sent")
	tm.Type("c")
	waitFor(t, tm, "Outcome of 2026-0001")
	enter(tm)
	enter(tm)
	waitFor(t, tm, "fulfilled")
	quit(tm)
	tm.WaitFinished(t, teatest.WithFinalTimeout(3*time.Second))

	checkResetDone(t, cfg)
}

// checkResetDone checks the password reset as the desk left it: closed,
// every step done by the officer, the document on its step, both letters
// sent, the deadline met on the second one's date.
func checkResetDone(t *testing.T, cfg office.Config) {
	t.Helper()
	list, _, _ := cfg.Office.List(office.Filter{})
	if len(list) != 1 {
		t.Fatalf("%d cases", len(list))
	}
	c := list[0]
	if c.Kind != cases.KindPasswordReset || c.Status != cases.StatusClosed || c.Outcome != cases.OutcomeFulfilled {
		t.Errorf("case: %s %s %s", c.Kind, c.Status, c.Outcome)
	}
	for _, s := range c.Steps {
		if s.State != cases.StepDone || s.By != "ivanova" {
			t.Errorf("step %s: %s by %s", s.Key, s.State, s.By)
		}
	}
	if len(c.Documents) != 1 || c.Documents[0].Step != "doc_received" || c.Documents[0].Label != "passport" || c.Documents[0].Type != "image/jpeg" || c.Documents[0].DocType != "passport" {
		t.Errorf("documents: %+v", c.Documents)
	}
	if len(c.Letters) != 2 || c.Letters[0].Template != "reset-document-request" || c.Letters[1].Template != "reset-link-sent" ||
		c.Letters[0].Sent == nil || c.Letters[1].Sent == nil {
		t.Fatalf("letters: %+v", c.Letters)
	}
	if c.Milestones[0].Met == nil || !c.Milestones[0].Met.Equal(*c.Letters[1].Sent) {
		t.Errorf("the deadline is not met on the letter's date: %v", c.Milestones[0].Met)
	}
}

// sendLetter writes the template at position tpl of the letters screen,
// issues it, and marks letter no sent, back in the case file afterwards.
func sendLetter(t *testing.T, tm *teatest.TestModel, tpl, no int) {
	t.Helper()
	tm.Type("L")
	waitFor(t, tm, "Letters of 2026-0001")
	for range tpl {
		tm.Send(press(tea.KeyDown))
	}
	time.Sleep(50 * time.Millisecond)
	enter(tm)
	waitFor(t, tm, "Draft (the number is given on issue)")
	tm.Type("i")
	waitFor(t, tm, fmt.Sprintf("Letter 2026-%04d issued", no))
	for range 6 {
		tm.Send(press(tea.KeyUp))
	}
	for range no - 1 {
		tm.Send(press(tea.KeyDown))
	}
	time.Sleep(50 * time.Millisecond)
	enter(tm)
	waitFor(t, tm, fmt.Sprintf("2026-%04d · ", no))
	tm.Type("s")
	waitFor(t, tm, "How it left")
	enter(tm) // e-mail
	enter(tm) // now
	enter(tm) // no receipt
	waitFor(t, tm, fmt.Sprintf("Letter %d recorded as sent", no))
	time.Sleep(150 * time.Millisecond) // the list comes back once the case is reloaded
	tm.Send(press(tea.KeyEscape))
	waitFor(t, tm, "Timeline")
}
