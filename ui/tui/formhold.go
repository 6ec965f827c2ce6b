package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
)

// huh moves focus to the next field through a command, whose message comes
// back after any key already waiting: a key typed right after enter (a
// paste, a fast typist) would land in the field being left. So once a key
// asks the form to move, the keys after it are held until the focus has
// moved (or the form has finished), then handed over in order.

// holdLimit is how long keys are held at most: a move the form declines
// (a group that does not validate) releases them after it.
const holdLimit = 250 * time.Millisecond

// hold is a dialog's held keys and the field they wait to leave.
type hold struct {
	from huh.Field
	keys []tea.Msg
	gen  int // tells a stale release from the current one
}

// releaseHeld ends a hold that outlived holdLimit.
type releaseHeld struct {
	d   *dialog
	gen int
}

// movesFocus tells whether key k, just handled by f while field was
// focused, has asked the form to move: a navigation key that left no error
// on a field that is still focused (a text area's new line is alt+enter).
func movesFocus(k tea.KeyPressMsg, f *huh.Form, field huh.Field) bool {
	switch k.String() {
	case "enter", "tab", "shift+tab":
	default:
		return false
	}
	return f.State == huh.StateNormal && f.GetFocusedField() == field && field.Error() == nil
}

// isTyping tells whether msg is something typed: a key or a paste.
func isTyping(msg tea.Msg) bool {
	switch msg.(type) {
	case tea.KeyPressMsg, tea.PasteMsg:
		return true
	}
	return false
}

// settled tells whether the move a hold waits for has happened.
func (d *dialog) settled() bool {
	return d.form.State != huh.StateNormal || d.form.GetFocusedField() != d.held.from
}
