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
func Sent(c *cases.Case, no int, mark cases.SentMark, cal *cases.Calendar, now time.Time, who string) ([]cases.Event, error) {
	evs, err := c.LetterSent(no, mark, now, who)
	if err != nil {
		return nil, err
	}
	if l := c.Letter(no); l.Template == "extension-notice" {
		ev, err := c.Extend(cal, l.Args["reason"], cases.DateOf(mark.At), now, who)
		if err != nil {
			return nil, err
		}
		evs = append(evs, ev)
	}
	return evs, nil
}

// Draft is a letter's text handed to the officer's editor: a private
// scratch file and the editor's command on it. The command line runs it
// at once (Edit); the desk hands its terminal over to it first.
type Draft struct {
	dir, path string
	Cmd       *exec.Cmd
}

// PrepareEdit writes text to a private scratch file and makes the command
// of the officer's editor ($VISUAL, $EDITOR, else vi) on it.
func PrepareEdit(text, editor string) (*Draft, error) {
	dir, err := os.MkdirTemp(os.Getenv("XDG_RUNTIME_DIR"), "privdesk-letter-")
	if err != nil {
		return nil, err
	}
	path := filepath.Join(dir, "letter.md")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	parts := strings.Fields(editor)
	if len(parts) == 0 {
		parts = []string{"vi"}
	}
	return &Draft{dir: dir, path: path, Cmd: exec.Command(parts[0], append(parts[1:], path)...)}, nil
}

// Result is the text as the editor saved it; the scratch file is removed.
// ran is what running the editor returned.
func (d *Draft) Result(ran error) (string, error) {
	defer os.RemoveAll(d.dir)
	if ran != nil {
		return "", ran
	}
	b, err := os.ReadFile(d.path)
	return string(b), err
}

// Edit opens text in the officer's editor on the given terminal and
// returns what was saved.
func Edit(text, editor string, stdin *os.File, stdout, stderr *os.File) (string, error) {
	d, err := PrepareEdit(text, editor)
	if err != nil {
		return "", err
	}
	d.Cmd.Stdin, d.Cmd.Stdout, d.Cmd.Stderr = stdin, stdout, stderr
	return d.Result(d.Cmd.Run())
}
