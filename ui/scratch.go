package ui

import (
	"os"
	"path/filepath"
	"sync"
)

// Scratch is a private folder (0700) for documents the officer opens to
// view. It is removed when the TUI ends, so that no passport scan outlives
// the session in /tmp.
type Scratch struct {
	mu  sync.Mutex
	dir string
}

// Write saves content under name in the scratch folder, readable by its
// owner only, and returns the path.
func (s *Scratch) Write(name string, content []byte) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.dir == "" {
		dir, err := os.MkdirTemp("", "privdesk-view-")
		if err != nil {
			return "", err
		}
		s.dir = dir
	}
	dir, err := os.MkdirTemp(s.dir, "doc-")
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, filepath.Base(name))
	return path, os.WriteFile(path, content, 0o600)
}

// Clean removes the scratch folder and everything in it.
func (s *Scratch) Clean() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.dir != "" {
		os.RemoveAll(s.dir)
		s.dir = ""
	}
}
