package cases

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"time"
)

// EventType says what an event records.
type EventType string

// The event types.
const (
	EventCreated    EventType = "created"
	EventNote       EventType = "note"
	EventStatus     EventType = "status"
	EventClosed     EventType = "closed"
	EventReopened   EventType = "reopened"
	EventKind       EventType = "kind"
	EventReceived   EventType = "received"
	EventExtended   EventType = "extended"
	EventMilestone  EventType = "milestone"
	EventStep       EventType = "step"
	EventAttached   EventType = "attached"
	EventDestroyed  EventType = "destroyed"
	EventRedacted   EventType = "redacted"
	EventBranch     EventType = "branch"
	EventEvidence   EventType = "evidence"
	EventQuotedDue  EventType = "quoted_due"
	EventIncident   EventType = "incident"
	EventMigrated   EventType = "migrated"
	EventAct        EventType = "act"
	EventHold       EventType = "hold"
	EventLetter     EventType = "letter"
	EventLetterSent EventType = "letter_sent"
	EventAssigned   EventType = "assigned"
	EventCorrection EventType = "correction"
	EventSubject    EventType = "subject"
)

// Markers an event's Text holds when the domain, not the officer, wrote it.
const (
	NoteExtensionDropped = "extension_dropped"
	NoteLate             = "late"
)

// Event is one entry of a case's append-only timeline. Each event carries the
// SHA-256 of the one before it, so that any edit or removal breaks the chain.
type Event struct {
	Seq     int       `json:"seq"`
	At      time.Time `json:"at"`
	Officer string    `json:"officer"`
	Type    EventType `json:"type"`
	From    string    `json:"from,omitempty"`
	To      string    `json:"to,omitempty"`
	Text    string    `json:"text,omitempty"`
	// Data holds structured fields, such as those Order 179 wants logged
	// for a destruction.
	Data map[string]string `json:"data,omitempty"`
	// Content is the SHA-256 of Text and Data. The event's hash covers it
	// instead of them, so that depersonalisation can remove the text and the
	// chain still verifies. Events sealed before it was kept lack it.
	Content string `json:"content,omitempty"`
	// Redacted: the text and data were removed by depersonalisation.
	Redacted bool   `json:"redacted,omitempty"`
	Prev     string `json:"prev"`
	Hash     string `json:"hash"`
}

func newEvent(t EventType, now time.Time, officer string) Event {
	// UTC with microseconds: the form the hash is computed over survives any
	// encoding round trip unchanged.
	return Event{Type: t, At: now.UTC().Truncate(time.Microsecond), Officer: CleanLine(officer)}
}

// Digest computes the event's hash from its content and Prev: over the
// content digest for an event that has one, else over the text itself.
func (e Event) Digest() string {
	e.Hash = ""
	if e.Content != "" {
		e.Text, e.Data, e.Redacted = "", nil, false
	}
	b, _ := json.Marshal(e) // a struct of strings, ints and a time cannot fail
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// contentDigest is the SHA-256 of the event's text and data.
func (e Event) contentDigest() string {
	b, _ := json.Marshal(struct {
		Text string            `json:"text"`
		Data map[string]string `json:"data"`
	}{e.Text, e.Data})
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// Redact removes the event's text and data, keeping what the chain needs.
func (e *Event) Redact() {
	e.Text, e.Data, e.Redacted = "", nil, true
}

// legacyDigest is the hash an older build computed over text with invalid
// UTF-8: encoding/json wrote each bad byte as the escape \ufffd, while the
// text read back holds U+FFFD itself.
func (e Event) legacyDigest() string {
	e.Hash = ""
	b, _ := json.Marshal(e)
	b = bytes.ReplaceAll(b, []byte("\uFFFD"), []byte(`\ufffd`))
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// Seal chains the event after prev (the previous event's hash, "" for the
// first). Text is made valid UTF-8 first, so that the hash is taken over
// exactly what a round trip through JSON gives back.
func (e *Event) Seal(seq int, prev string) {
	e.Seq, e.Prev = seq, prev
	e.Officer, e.From, e.To, e.Text = valid(e.Officer), valid(e.From), valid(e.To), valid(e.Text)
	for k, v := range e.Data {
		if vk := valid(k); vk != k || valid(v) != v {
			delete(e.Data, k)
			e.Data[vk] = valid(v)
		}
	}
	e.Content = e.contentDigest()
	e.Hash = e.Digest()
}

func valid(s string) string { return strings.ToValidUTF8(s, "\uFFFD") }

// VerifyChain checks that events form an unbroken chain from the first; it
// returns the index of the first bad event, or -1. An event with a content
// digest verifies after depersonalisation; an older one that was
// depersonalised is checked by its links alone.
func VerifyChain(events []Event) int {
	prev := ""
	for i, e := range events {
		ok := e.Seq == i+1 && e.Prev == prev
		switch {
		case !ok:
		case e.Content != "":
			ok = e.Digest() == e.Hash && (e.Redacted || e.contentDigest() == e.Content)
		case e.Redacted:
		default:
			ok = e.Digest() == e.Hash || e.legacyDigest() == e.Hash
		}
		if !ok {
			return i
		}
		prev = e.Hash
	}
	return -1
}
