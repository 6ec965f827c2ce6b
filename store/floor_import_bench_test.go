package store

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"testing"
	"time"

	"github.com/emersion/go-message/mail"
	bolt "go.etcd.io/bbolt"

	"privdesk/cases"
)

// Floors of an import for scripts/bench, on a copy of a demo database:
// PRIVDESK_BENCH_INPUT names the file to import.

// floorCase is one request as a floor registers it: a new case, its
// events and its documents' contents.
type floorCase struct {
	c     *cases.Case
	evs   []cases.Event
	blobs [][]byte
}

// floorRegister writes a chunk of new cases in one transaction: a number,
// the sealed record with its brief and index entries, the sealed events,
// each document under a key of its own, synced once.
func floorRegister(s *Store, chunk []floorCase) error {
	return s.update(func(tx *bolt.Tx) error {
		n := 0
		for _, fc := range chunk {
			id, err := nextID(tx, fc.c.Received.Year())
			if err != nil {
				return err
			}
			fc.c.ID = id
			if err := s.putCase(tx, nil, fc.c); err != nil {
				return err
			}
			if err := s.appendEvents(tx, id, fc.evs); err != nil {
				return err
			}
			for i, content := range fc.blobs {
				if err := s.putBlobLater(tx, blobKey(id, fc.c.Documents[i].No), content); err != nil {
					return err
				}
				n++
			}
		}
		return s.syncBlobs(n)
	})
}

// floorRun reads requests with next until it says io.EOF, and registers
// them 1,000 at a time.
func floorRun(b *testing.B, s *Store, next func() (*floorCase, error)) {
	var chunk []floorCase
	for {
		fc, err := next()
		if err == io.EOF {
			break
		}
		if err != nil {
			b.Fatal(err)
		}
		if fc == nil {
			continue
		}
		if chunk = append(chunk, *fc); len(chunk) == 1000 {
			if err := floorRegister(s, chunk); err != nil {
				b.Fatal(err)
			}
			chunk = chunk[:0]
		}
	}
	if err := floorRegister(s, chunk); err != nil {
		b.Fatal(err)
	}
}

func floorInput(b *testing.B) *os.File {
	f, err := os.Open(os.Getenv("PRIVDESK_BENCH_INPUT"))
	if err != nil {
		b.Skip("PRIVDESK_BENCH_INPUT names the file to import (scripts/bench)")
	}
	return f
}

// BenchmarkFloorImportJSON: read one JSON request a line, make it a case
// and register it: an import of JSON lines without its checks, dedup keys
// or repeats.
func BenchmarkFloorImportJSON(b *testing.B) {
	s, rules := floorStore(b), rules(b)
	now := time.Now()
	for b.Loop() {
		f := floorInput(b)
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<20)
		floorRun(b, s, func() (*floorCase, error) {
			if !sc.Scan() {
				return nil, io.EOF
			}
			var r struct{ Kind, Name, Email, Phone, Summary string }
			if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
				return nil, err
			}
			c, ev, err := cases.New(cases.Intake{Kind: cases.Kind(r.Kind), Received: now, Summary: r.Summary,
				Subject: cases.Subject{Name: r.Name, Email: r.Email, Phone: r.Phone}}, rules, now, "floor")
			return &floorCase{c: c, evs: []cases.Event{ev}}, err
		})
		f.Close()
	}
}

// BenchmarkFloorImportMbox: cut an mbox into messages, read each one's
// sender and parts, make it a case with its text as a note and its
// attachments as documents, and register it: an mbox import without its
// classification, cleaning, dedup keys or repeats.
func BenchmarkFloorImportMbox(b *testing.B) {
	s, rules := floorStore(b), rules(b)
	now := time.Now()
	for b.Loop() {
		f := floorInput(b)
		br := bufio.NewReaderSize(f, 1<<16)
		var cur []byte
		floorRun(b, s, func() (*floorCase, error) {
			for {
				line, err := br.ReadBytes('\n')
				if len(line) > 5 && string(line[:5]) == "From " || err == io.EOF {
					msg := cur
					cur = nil
					if len(msg) > 0 {
						return floorMessage(msg, rules, now)
					}
					if err == io.EOF {
						return nil, io.EOF
					}
					continue
				}
				if err != nil {
					return nil, err
				}
				cur = append(cur, line...)
			}
		})
		f.Close()
	}
}

// floorMessage is one message as a case: its sender, its text as a note,
// its attachments as documents.
func floorMessage(msg []byte, rules *cases.Rules, now time.Time) (*floorCase, error) {
	r, err := mail.CreateReader(bytes.NewReader(msg))
	if err != nil {
		return nil, err
	}
	from, _ := r.Header.AddressList("From")
	subject, _ := r.Header.Subject()
	in := cases.Intake{Kind: cases.KindOther, Received: now, Summary: subject, Sender: true}
	if len(from) > 0 {
		in.Subject = cases.Subject{Name: from[0].Name, Email: from[0].Address}
	}
	c, ev, err := cases.New(in, rules, now, "floor")
	if err != nil {
		return nil, err
	}
	fc := &floorCase{c: c, evs: []cases.Event{ev}}
	for {
		p, err := r.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		body, err := io.ReadAll(p.Body)
		if err != nil {
			return nil, err
		}
		if h, ok := p.Header.(*mail.AttachmentHeader); ok {
			name, _ := h.Filename()
			ev, err := c.Attach(cases.Document{Name: name, Size: int64(len(body)), SHA256: "floor"}, now, "floor")
			if err != nil {
				return nil, err
			}
			fc.evs = append(fc.evs, ev)
			fc.blobs = append(fc.blobs, body)
			continue
		}
		ev, err := c.AddNote(string(body), now, "floor")
		if err != nil {
			return nil, err
		}
		fc.evs = append(fc.evs, ev)
	}
	return fc, nil
}
