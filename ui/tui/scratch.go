package tui

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"privdesk/cases"
)

// Scratch is a private folder (0700) for documents the officer opens to
// view, under the user's runtime folder ($XDG_RUNTIME_DIR, which the system
// empties at logout) or else the temporary folder. A copy is removed when
// its document is destroyed, when the desk ends (also on SIGHUP, SIGTERM
// and SIGINT), and, should the desk have been killed outright, by the next
// desk to start.
type Scratch struct {
	mu    sync.Mutex
	dir   string
	files map[docRef]string
}

type docRef struct {
	id cases.ID
	no int
}

const scratchPrefix = "privdesk-view-"

// scratchBase is where scratch folders live.
func scratchBase() string {
	if d := os.Getenv("XDG_RUNTIME_DIR"); d != "" {
		if fi, err := os.Stat(d); err == nil && fi.IsDir() {
			return d
		}
	}
	return os.TempDir()
}

// CleanStale removes scratch folders left by desks that are no longer
// running (each folder is named after its desk's process).
func CleanStale() {
	base := scratchBase()
	entries, _ := os.ReadDir(base)
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), scratchPrefix)
		if !ok || !e.IsDir() {
			continue
		}
		pid, err := strconv.Atoi(strings.SplitN(rest, "-", 2)[0])
		if err == nil && pid != os.Getpid() && syscall.Kill(pid, 0) == nil {
			continue // that desk is still open
		}
		if info, err := e.Info(); err == nil {
			if st, ok := info.Sys().(*syscall.Stat_t); ok && int(st.Uid) != os.Getuid() {
				continue // another user's
			}
		}
		os.RemoveAll(filepath.Join(base, e.Name()))
	}
}

// Write saves document no of case id in the scratch folder, readable by its
// owner only, and returns the path.
func (s *Scratch) Write(id cases.ID, no int, name string, content []byte) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.dir == "" {
		dir, err := os.MkdirTemp(scratchBase(), fmt.Sprintf("%s%d-", scratchPrefix, os.Getpid()))
		if err != nil {
			return "", err
		}
		s.dir, s.files = dir, map[docRef]string{}
	}
	dir, err := os.MkdirTemp(s.dir, "doc-")
	if err != nil {
		return "", err
	}
	base := filepath.Base(cases.CleanLine(name))
	if base == "." || base == "/" || base == "" {
		base = "document"
	}
	path := filepath.Join(dir, base)
	if err := os.WriteFile(path, content, 0o600); err != nil {
		os.RemoveAll(dir)
		return "", err
	}
	if old, ok := s.files[docRef{id, no}]; ok {
		os.RemoveAll(filepath.Dir(old))
	}
	s.files[docRef{id, no}] = path
	return path, nil
}

// Forget removes the copy of a document, if one was opened.
func (s *Scratch) Forget(id cases.ID, no int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p, ok := s.files[docRef{id, no}]; ok {
		os.RemoveAll(filepath.Dir(p))
		delete(s.files, docRef{id, no})
	}
}

// Clean removes the scratch folder and everything in it.
func (s *Scratch) Clean() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.dir != "" {
		os.RemoveAll(s.dir)
		s.dir, s.files = "", nil
	}
}
