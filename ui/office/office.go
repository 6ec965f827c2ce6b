package office

import (
	"io"
	"slices"
	"strings"
	"sync"
	"time"

	"privdesk/cases"
	"privdesk/store"
	"privdesk/store/demo"
	"privdesk/ui/office/config"
)

// The office is the one layer between the front ends (the desk, the
// command line, the SSH server) and the store. Every change and every read
// goes through a Session: the office as one actor sees it. The rules live
// here, once: who may change what, four eyes, what a remote session may
// touch, that a served database is written only by its server, that an
// assignee is an officer of config.toml.

// Actor is who asks: the officer's login and role, and whether the session
// is remote (over SSH), where the server's own files are out of reach.
type Actor struct {
	Login  string
	Role   string
	Remote bool
}

// ReadOnly tells whether the actor may only read (an auditor).
func (a Actor) ReadOnly() bool { return a.Role == config.RoleAuditor }

// MayReview tells whether the actor may approve or decline what waits.
func (a Actor) MayReview() bool { return MayReview(a.Role) }

// Office owns a process's open database for its lifetime. Its writers take
// turns within the process, so the sessions of one server never contend
// for the file among themselves, and readers share.
type Office struct {
	st  *store.Store
	set config.Settings
	// server: this office is privdesk serve's, the one writer of a served
	// database; any other refuses to write while a server runs.
	server bool
	mu     sync.RWMutex
}

// New makes the office of an open database. server says whether it is
// privdesk serve's.
func New(st *store.Store, set config.Settings, server bool) *Office {
	return &Office{st: st, set: set, server: server}
}

// For is the office as actor a sees it.
func (o *Office) For(a Actor) *Session { return &Session{o: o, actor: a} }

// Session is the office for one actor: every operation checks the actor's
// rights before it reaches the store.
type Session struct {
	o     *Office
	actor Actor
}

// Actor is who this session acts for.
func (s *Session) Actor() Actor { return s.actor }

// Op names an operation for the rules.
type Op string

// The operations that reach beyond the register: they read or write the
// server's own files. A remote actor may do none of them.
const (
	OpReadFile  Op = "read_file"  // attach, import: a path on this machine
	OpWriteFile Op = "write_file" // print, doc, journal --out FILE
	OpOpenFile  Op = "open_file"  // a document in a viewer
	OpBackup    Op = "backup"
	OpRekey     Op = "rekey"
	OpMaintain  Op = "maintain" // check, compaction, retention's rewrite
)

// remoteOps is what a remote actor may do besides working the register:
// an allow-list, so that an operation added later is refused until it is
// put here.
var remoteOps = []Op{}

// may refuses op to the session's actor where the rules forbid it.
func (s *Session) may(op Op) error {
	if s.actor.Remote && !slices.Contains(remoteOps, op) {
		return &cases.Error{Code: ErrRemoteOp, Args: []any{string(op)}}
	}
	return nil
}

// writable refuses a change to a reader, and to anyone but its server
// while a server holds the database: checked on every write, so that a
// desk opened before the server started cannot write behind its back.
func (s *Session) writable() error {
	if s.actor.ReadOnly() {
		return &cases.Error{Code: ErrReadOnlyRole, Args: []any{s.actor.Login}}
	}
	if !s.o.server {
		if sv, ok := ServedBy(s.o.st.Path()); ok {
			return &cases.Error{Code: ErrServed, Args: []any{sv.PIDText(), sv.Listen}}
		}
	}
	return nil
}

// write runs fn as the process's one writer, once the actor may write.
func (s *Session) write(fn func() error) error {
	if err := s.writable(); err != nil {
		return err
	}
	s.o.mu.Lock()
	defer s.o.mu.Unlock()
	return fn()
}

// read runs fn beside the other readers, never beside a writer of this
// process.
func read[T any](s *Session, fn func() (T, error)) (T, error) {
	s.o.mu.RLock()
	defer s.o.mu.RUnlock()
	return fn()
}

// Officers are config.toml's officers who may be given a case: any role
// but auditor.
func (s *Session) Officers() []config.Officer {
	var out []config.Officer
	for _, o := range s.o.set.Officers {
		if o.RoleOf() != config.RoleAuditor {
			out = append(out, o)
		}
	}
	return out
}

// checkAssignee refuses an assignee who is not an officer of config.toml
// (when it names any): a mistyped login would take the case out of every
// officer's own list.
func (s *Session) checkAssignee(login string) error {
	officers := s.Officers()
	if len(officers) == 0 {
		return nil
	}
	logins := make([]string, len(officers))
	for i, o := range officers {
		if o.Login == login {
			return nil
		}
		logins[i] = o.Login
	}
	return &cases.Error{Code: ErrUnknownOfficer, Args: []any{login, strings.Join(logins, ", ")}}
}

// Error codes of the office's rules. Their texts live in the catalog.
const (
	ErrReadOnlyRole   = "read_only_role"
	ErrServed         = "served"
	ErrRemoteOp       = "remote_op"
	ErrUnknownOfficer = "unknown_officer"
)

// For is the same office as actor a sees it: for the server, once it has
// authenticated a session's officer by their key.
func (s *Session) For(a Actor) *Session { return s.o.For(a) }

// Serve marks the database as served by this process (see Office.Serve).
func (s *Session) Serve(listen string) (stop func(), err error) { return s.o.Serve(listen) }

// Open opens the database at path as a process's office.
func Open(path string, opts Options, set config.Settings) (*Office, error) {
	st, err := store.Open(path, opts)
	if err != nil {
		return nil, err
	}
	return New(st, set, false), nil
}

// Restore writes the database in a backup to path, replaying the
// destructions of the journals js made after it was taken.
func Restore(r io.Reader, path string, js Journals, opts Options) (int, error) {
	return store.Restore(r, path, js, opts)
}

// Demo fills an empty register with n fictional cases.
func (s *Session) Demo(dl *cases.Rules, n int, now time.Time) (ids []cases.ID, err error) {
	err = s.write(func() error { ids, err = demo.Fill(s.o.st, dl, n, now, s.actor.Login); return err })
	return ids, err
}

// Local is the office of an open store for one local actor: what the
// tests and benchmarks of the front ends start from.
func Local(st *store.Store, set config.Settings, login, role string) *Session {
	return New(st, set, false).For(Actor{Login: login, Role: role})
}
