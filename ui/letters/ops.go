package letters

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"privdesk/cases"
)

// Sent records that a letter left: the milestone it answers is met on that
// date, and an extension notice is what extends the term (its date is the
// notice's date, its reasons the extension's).
func Sent(c *cases.Case, no int, via string, at time.Time, proof string, cal *cases.Calendar, now time.Time, who string) ([]cases.Event, error) {
	evs, err := c.LetterSent(no, via, at, proof, now, who)
	if err != nil {
		return nil, err
	}
	if l := c.Letter(no); l.Template == "extension-notice" {
		ev, err := c.Extend(cal, l.Args["reason"], cases.DateOf(at), now, who)
		if err != nil {
			return nil, err
		}
		evs = append(evs, ev)
	}
	return evs, nil
}

// Edit opens text in the officer's editor ($VISUAL, $EDITOR, else vi) in a
// private scratch file, and returns what was saved. The file is removed
// afterwards.
func Edit(text, editor string, stdin *os.File, stdout, stderr *os.File) (string, error) {
	dir, err := os.MkdirTemp(os.Getenv("XDG_RUNTIME_DIR"), "privdesk-letter-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "letter.md")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		return "", err
	}
	if editor == "" {
		editor = "vi"
	}
	parts := strings.Fields(editor)
	cmd := exec.Command(parts[0], append(parts[1:], path)...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = stdin, stdout, stderr
	if err := cmd.Run(); err != nil {
		return "", err
	}
	b, err := os.ReadFile(path)
	return string(b), err
}
