package store

import (
	"bufio"
	"encoding/json"
	"io"
	"os"
	"testing"

	"filippo.io/age"

	bolt "go.etcd.io/bbolt"

	"privdesk/cases"
	"privdesk/store/seal"
)

// Floors for scripts/bench: the least a process can do for what a privdesk
// command does on the same demo database, run as a process of its own
// (go test -c, then -test.bench with -test.benchtime 1x): the same file,
// the same sealing, the same decoding, none of privdesk's own work.
// PRIVDESK_BENCH_DB and PRIVDESK_BENCH_KEY name the database and its key.

// floorStore opens the bench database, as every privdesk process does.
func floorStore(b *testing.B) *Store {
	path := os.Getenv("PRIVDESK_BENCH_DB")
	if path == "" {
		b.Skip("PRIVDESK_BENCH_DB names the demo database (scripts/bench)")
	}
	s, err := Open(path, Options{Key: seal.Source{KeyFile: os.Getenv("PRIVDESK_BENCH_KEY")}})
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkFloorNote: open the file for writing, read one case, open and
// decode it, encode and seal it again, append one sealed event, commit: a
// note's work without privdesk's.
func BenchmarkFloorNote(b *testing.B) {
	s := floorStore(b)
	id := cases.ID{Year: 2026, N: 1}
	for b.Loop() {
		err := s.update(func(tx *bolt.Tx) error {
			if _, err := floorRecode(s, tx, caseKey(id)); err != nil {
				return err
			}
			// The event goes to a bucket of its own: the timeline stays whole.
			floor, err := tx.CreateBucketIfNotExists([]byte("floor"))
			if err != nil {
				return err
			}
			ek := eventKey(id, 1)
			ev, err := s.encode(bEvents, ek, cases.Event{Type: cases.EventNote, Text: "floor"})
			if err != nil {
				return err
			}
			return floor.Put(ek, ev)
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFloorShow: open the file, read one case and its timeline, open
// and decode them.
func BenchmarkFloorShow(b *testing.B) {
	s := floorStore(b)
	id := cases.ID{Year: 2026, N: 1}
	for b.Loop() {
		if _, err := s.Get(id); err != nil {
			b.Fatal(err)
		}
		if _, err := s.Events(id); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFloorList: read every case record in one transaction, open and
// decode it, and write it out as JSON: list --json without privdesk's
// order, chunks or projection.
func BenchmarkFloorList(b *testing.B) {
	s := floorStore(b)
	for b.Loop() {
		w := bufio.NewWriter(os.Stdout)
		enc := json.NewEncoder(w)
		err := s.view(func(tx *bolt.Tx) error {
			return tx.Bucket(bCases).ForEach(func(k, v []byte) error {
				c := new(cases.Case)
				if err := s.decode(bCases, k, v, c); err != nil {
					return err
				}
				return enc.Encode(c)
			})
		})
		if err != nil {
			b.Fatal(err)
		}
		w.Flush()
	}
}

// BenchmarkFloorBriefs: read every brief in one transaction, open and
// decode it: what the desk's search must read before it covers the
// register.
func BenchmarkFloorBriefs(b *testing.B) {
	s := floorStore(b)
	for b.Loop() {
		n := 0
		err := s.view(func(tx *bolt.Tx) error {
			return tx.Bucket(bBrief).ForEach(func(k, v []byte) error {
				var br cases.Brief
				n++
				return s.decode(bBrief, k, v, &br)
			})
		})
		if err != nil || n == 0 {
			b.Fatal(err, n)
		}
	}
}

// BenchmarkFloorRetention: in transactions of retentionChunk cases, read
// each closed case that keeps its personal data and its timeline, open and
// decode them, then encode, seal and write every one back in place: the
// records retention rewrites, without its redaction, acts, documents or
// scrub. Run it on a copy: it writes.
func BenchmarkFloorRetention(b *testing.B) {
	s := floorStore(b)
	for b.Loop() {
		ids, err := s.closedIDs()
		for len(ids) > 0 && err == nil {
			n := min(len(ids), retentionChunk)
			err = s.update(func(tx *bolt.Tx) error { return floorRewrite(s, tx, ids[:n]) })
			ids = ids[n:]
		}
		if err != nil {
			b.Fatal(err)
		}
	}
}

// floorRewrite reads, decodes, re-encodes and writes back the records and
// events of the cases ids that keep their personal data.
func floorRewrite(s *Store, tx *bolt.Tx, ids []cases.ID) error {
	for _, id := range ids {
		c, err := floorRecode(s, tx, caseKey(id))
		if err != nil {
			return err
		}
		if c.Depersonalised != nil {
			continue
		}
		evs, err := s.readEvents(tx, id)
		if err != nil {
			return err
		}
		for _, e := range evs {
			ek := eventKey(id, e.Seq)
			v, err := s.encode(bEvents, ek, e)
			if err != nil {
				return err
			}
			if err := tx.Bucket(bEvents).Put(ek, v); err != nil {
				return err
			}
		}
	}
	return nil
}

// floorRecode reads, opens and decodes the case record at k, then encodes,
// seals and writes it back.
func floorRecode(s *Store, tx *bolt.Tx, k []byte) (*cases.Case, error) {
	c := new(cases.Case)
	if err := s.decode(bCases, k, tx.Bucket(bCases).Get(k), c); err != nil {
		return nil, err
	}
	v, err := s.encode(bCases, k, c)
	if err != nil {
		return nil, err
	}
	return c, tx.Bucket(bCases).Put(k, v)
}

// BenchmarkFloorAge: age-encrypt standard input to standard output for the
// recipient PRIVDESK_BENCH_RECIPIENT; after tar, the floor of a backup.
func BenchmarkFloorAge(b *testing.B) {
	r, err := age.ParseX25519Recipient(os.Getenv("PRIVDESK_BENCH_RECIPIENT"))
	if err != nil {
		b.Skip("PRIVDESK_BENCH_RECIPIENT names an age recipient (scripts/bench)")
	}
	for b.Loop() {
		out := bufio.NewWriterSize(os.Stdout, 1<<20)
		w, err := age.Encrypt(out, r)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := io.Copy(w, bufio.NewReaderSize(os.Stdin, 1<<20)); err != nil {
			b.Fatal(err)
		}
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
		out.Flush()
	}
}

// BenchmarkFloorUnage: age-decrypt standard input to standard output with
// the identity in the file PRIVDESK_BENCH_IDENTITY; the floor of a restore.
func BenchmarkFloorUnage(b *testing.B) {
	f, err := os.Open(os.Getenv("PRIVDESK_BENCH_IDENTITY"))
	if err != nil {
		b.Skip("PRIVDESK_BENCH_IDENTITY names an age identity file (scripts/bench)")
	}
	ids, err := age.ParseIdentities(f)
	f.Close()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		r, err := age.Decrypt(bufio.NewReaderSize(os.Stdin, 1<<20), ids...)
		if err != nil {
			b.Fatal(err)
		}
		out := bufio.NewWriterSize(os.Stdout, 1<<20)
		if _, err := io.Copy(out, r); err != nil {
			b.Fatal(err)
		}
		if err := out.Flush(); err != nil {
			b.Fatal(err)
		}
	}
}
