package intake

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"privdesk/cases"
)

// maxNoteRunes keeps the message text within what a note may hold.
const maxNoteRunes = 20000

// Build turns a valid item into a new case with its events: registration,
// the message text as a note, and each attachment that fits maxBytes as a
// document. tooBig writes the note recorded for an attachment left out.
func Build(it Item, rules *cases.Rules, now time.Time, officer string, maxBytes int64, tooBig func(name string, size int64) string) (*cases.Case, []cases.Event, [][]byte, error) {
	c, created, err := cases.New(it.Intake, rules, now, officer)
	if err != nil {
		return nil, nil, nil, err
	}
	c.Triage = it.Triage
	created.Data = map[string]string{"source": it.Source}
	if it.TimeGuessed {
		created.Data["received_from"] = "file_time"
	}
	evs := []cases.Event{created}
	if note := strings.TrimSpace(it.Note); note != "" {
		if utf8.RuneCountInString(note) > maxNoteRunes {
			note = string([]rune(note)[:maxNoteRunes-1]) + "…"
		}
		ev, err := c.AddNote(note, now, officer)
		if err != nil {
			return nil, nil, nil, err
		}
		evs = append(evs, ev)
	}
	var blobs [][]byte
	for _, a := range it.Attachments {
		if len(a.Content) == 0 {
			continue
		}
		if int64(len(a.Content)) > maxBytes {
			ev, err := c.AddNote(tooBig(a.Name, int64(len(a.Content))), now, officer)
			if err != nil {
				return nil, nil, nil, err
			}
			evs = append(evs, ev)
			continue
		}
		sum := sha256.Sum256(a.Content)
		typ := http.DetectContentType(a.Content)
		if typ == "application/octet-stream" || strings.HasPrefix(typ, "text/plain") {
			if a.Type != "" {
				typ = a.Type // the sender's word beats a guess that found nothing
			}
		}
		ev, err := c.Attach(cases.Document{Name: a.Name, Size: int64(len(a.Content)), SHA256: hex.EncodeToString(sum[:]), Type: typ, Role: a.Role}, now, officer)
		if err != nil {
			return nil, nil, nil, err
		}
		evs = append(evs, ev)
		blobs = append(blobs, a.Content)
	}
	return c, evs, blobs, nil
}
