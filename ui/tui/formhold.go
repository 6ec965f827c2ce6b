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

// holdLimit is how long keys are held at most, should the form neither
// move nor refuse (it always does one or the other): long, so that a
// machine slowed down by other work never hands a key to the field left.
const holdLimit = 3 * time.Second

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

// settled tells whether the move a hold waits for has happened, or the
// form has refused it (a group that does not validate stays where it is).
func (d *dialog) settled() bool {
	return d.form.State != huh.StateNormal || d.form.GetFocusedField() != d.held.from || len(d.form.Errors()) > 0
}
