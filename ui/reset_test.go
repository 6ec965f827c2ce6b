package ui

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"privdesk/cases"
	"privdesk/store"
)

// TestPasswordResetInTUI is the policy's promise end to end: register the
// request, ask for a document, attach it, confirm identity, send the link
// and close.
func TestPasswordResetInTUI(t *testing.T) {
	cfg := testConfig(t, cases.EN)
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
	waitFor(t, tm, "doc_requested: done")

	tm.Type("a")
	waitFor(t, tm, "Path of the file")
	typeSlow(tm, scan)
	enter(tm)
	typeSlow(tm, "passport")
	enter(tm)
	tm.Send(press(tea.KeyDown))
	tm.Send(press(tea.KeyDown))
	time.Sleep(50 * time.Millisecond)
	enter(tm)
	waitFor(t, tm, "Document 1 attached")

	for _, step := range []string{"doc_received", "doc_matches", "link_sent"} {
		tm.Send(press(tea.KeyDown))
		time.Sleep(50 * time.Millisecond)
		tm.Send(press(tea.KeySpace))
		waitFor(t, tm, step+": done")
	}
	tm.Type("c")
	waitFor(t, tm, "Outcome of 2026-0001")
	enter(tm)
	enter(tm)
	waitFor(t, tm, "fulfilled")
	tm.Type("q")
	tm.WaitFinished(t, teatest.WithFinalTimeout(3*time.Second))

	list, _, _ := cfg.Store.List(store.Filter{})
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
	if len(c.Documents) != 1 || c.Documents[0].Step != "doc_received" || c.Documents[0].Label != "passport" || c.Documents[0].Type != "image/jpeg" {
		t.Errorf("documents: %+v", c.Documents)
	}
	if c.Milestones[0].Met == nil {
		t.Error("sending the link did not meet the internal target")
	}
}
