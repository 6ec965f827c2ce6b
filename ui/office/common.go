// Package common holds what every privdesk front end shares: the open
// database, the deadline rules, the officer and the language.
package office

import (
	"errors"
	"time"

	"privdesk/cases"
	"privdesk/store"
	"privdesk/ui/l10n"
	"privdesk/ui/office/config"
)

// Config is what a command, or the TUI, works with.
type Config struct {
	Store    *store.Store
	Rules    *cases.Rules
	L        *l10n.Printer
	Officer  string
	Now      func() time.Time
	Settings config.Settings
	// Remote: the desk is served over SSH. Files are then the server's, not
	// the officer's, so reading a path (attach, import), writing one (print)
	// and opening a document with a viewer are off.
	Remote bool
	// Presence is the served desk's board of who has which case open, and
	// Session this desk's place on it; nil when the desk is local.
	Presence *Presence
	Session  string
	// Role is the officer's role (officer, reviewer, admin, auditor).
	Role string
}

// ErrNoTerminal says the desk has no terminal to draw on.
var ErrNoTerminal = errors.New("no terminal")

// Register stores a new case, linked first to an earlier request for
// information of the same subject that it may repeat (Art. 14 p. 4–6).
func Register(st *store.Store, c *cases.Case, ev cases.Event) (cases.ID, error) {
	if c.Kind == cases.KindAccess {
		earlier, err := st.SubjectCases(c)
		if err != nil {
			return cases.ID{}, err
		}
		c.FindRepeat(earlier)
	}
	return st.Create(c, ev)
}
