package cli

import (
	"io"
	"unicode/utf8"

	"privdesk/cases"
)

// safeWriter passes text to a terminal or a pipe with every control
// character but newline and tab removed, so that nothing stored (a sender's
// summary, a file name, an old record) can retitle, clear or overwrite the
// officer's terminal. A rune split across two writes is held until it is whole.
type safeWriter struct {
	w       io.Writer
	pending []byte
}

func (s *safeWriter) Write(p []byte) (int, error) {
	buf := append(s.pending, p...)
	cut := len(buf)
	// Hold back an incomplete rune at the end (at most 3 bytes).
	for i := len(buf) - 1; i >= 0 && i >= len(buf)-3; i-- {
		if utf8.RuneStart(buf[i]) {
			if !utf8.FullRune(buf[i:]) {
				cut = i
			}
			break
		}
	}
	s.pending = append([]byte(nil), buf[cut:]...)
	if _, err := io.WriteString(s.w, cases.Safe(string(buf[:cut]))); err != nil {
		return 0, err
	}
	return len(p), nil
}
