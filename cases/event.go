package cases

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"
)

// EventType says what an event records.
type EventType string

// The event types.
const (
	EventCreated   EventType = "created"
	EventNote      EventType = "note"
	EventStatus    EventType = "status"
	EventClosed    EventType = "closed"
	EventReopened  EventType = "reopened"
	EventKind      EventType = "kind"
	EventReceived  EventType = "received"
	EventExtended  EventType = "extended"
	EventMilestone EventType = "milestone"
	EventStep      EventType = "step"
	EventAttached  EventType = "attached"
	EventDestroyed EventType = "destroyed"
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
	Prev string            `json:"prev"`
	Hash string            `json:"hash"`
}

func newEvent(t EventType, now time.Time, officer string) Event {
	// UTC with microseconds: the form the hash is computed over survives any
	// encoding round trip unchanged.
	return Event{Type: t, At: now.UTC().Truncate(time.Microsecond), Officer: officer}
}

// Digest computes the event's hash from its content and Prev.
func (e Event) Digest() string {
	e.Hash = ""
	b, _ := json.Marshal(e) // a struct of strings, ints and a time cannot fail
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// Seal chains the event after prev (the previous event's hash, "" for the first).
func (e *Event) Seal(seq int, prev string) {
	e.Seq, e.Prev = seq, prev
	e.Hash = e.Digest()
}

// VerifyChain checks that events form an unbroken chain from the first; it
// returns the index of the first bad event, or -1.
func VerifyChain(events []Event) int {
	prev := ""
	for i, e := range events {
		if e.Seq != i+1 || e.Prev != prev || e.Digest() != e.Hash {
			return i
		}
		prev = e.Hash
	}
	return -1
}
