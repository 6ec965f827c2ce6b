// Package office is the one layer every front end goes through: the open
// database as an actor may use it (office.go), the rules, the operations
// that compose several steps (import, destruction, review), and what the
// front ends share: the deadline rules, the officer and the language.
package office

import (
	"errors"
	"time"

	"privdesk/cases"
	"privdesk/ui/l10n"
	"privdesk/ui/office/config"
)

// Config is what a command, or the TUI, works with.
type Config struct {
	// Office is the database as this officer may use it.
	Office   *Session
	Rules    *cases.Rules
	L        *l10n.Printer
	Officer  string
	Now      func() time.Time
	Settings config.Settings
	// Presence is the served desk's board of who has which case open, and
	// Session this desk's place on it; nil when the desk is local.
	Presence *Presence
	Session  string
}

// ErrNoTerminal says the desk has no terminal to draw on.
var ErrNoTerminal = errors.New("no terminal")

// Register stores a new case, linked first to an earlier request for
// information of the same subject that it may repeat (Art. 14 p. 4–6).
func Register(st *Session, c *cases.Case, ev cases.Event) (cases.ID, error) {
	if c.Kind == cases.KindAccess {
		earlier, err := st.SubjectCases(c)
		if err != nil {
			return cases.ID{}, err
		}
		c.FindRepeat(earlier)
	}
	return st.Create(c, ev)
}
