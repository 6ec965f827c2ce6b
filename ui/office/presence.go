package office

import (
	"slices"
	"sync"

	"privdesk/cases"
)

// Presence says who has which case file open on a served desk, so that an
// officer sees a colleague working the same case. A session has one case
// file open at a time.
type Presence struct {
	mu   sync.Mutex
	open map[string]seat // by session
}

type seat struct {
	id    cases.ID
	login string
}

// NewPresence is an empty presence board.
func NewPresence() *Presence { return &Presence{open: map[string]seat{}} }

// Open records that session (login) has case id open; the zero ID closes
// whatever it had.
func (p *Presence) Open(session, login string, id cases.ID) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if id.IsZero() {
		delete(p.open, session)
		return
	}
	p.open[session] = seat{id, login}
}

// Others lists the logins of the other sessions that have case id open.
func (p *Presence) Others(session string, id cases.ID) []string {
	if p == nil {
		return nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []string
	for s, seat := range p.open {
		if s != session && seat.id == id && !slices.Contains(out, seat.login) {
			out = append(out, seat.login)
		}
	}
	slices.Sort(out)
	return out
}
