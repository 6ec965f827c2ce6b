package store

import (
	bolt "go.etcd.io/bbolt"

	"privdesk/store/seal"
)

// marks are what the file's meta bucket says is left to do when it is
// opened.
type marks struct {
	compact bool // needs_compaction: a migration's or a destruction's
	scrub   bool // needs_scrub: a depersonalisation's free pages
	strip   bool // needs_strip: records of an older schema (strip.go)
	erase   bool // destroyed documents' keys and files, or an attach cut short
}

// finish brings a file just opened up to date: it migrates an older
// schema, then does what the marks say is left.
func (s *Store) finish(version uint64, key seal.Source, m marks) error {
	if version < SchemaVersion {
		if err := s.migrate(version, key); err != nil {
			return err
		}
		m.compact, m.strip = version > 0, version > 0
	}
	if m.strip && s.rules != nil && !s.readOnly {
		// Records of an older schema keep the catalog's texts: rewrite
		// them with its keys (strip.go), which compacts.
		if err := s.stripRecords(); err != nil {
			return err
		}
		m.compact, m.scrub = false, false
	}
	if m.compact {
		// A migration left plaintext in free pages, or a destruction was
		// interrupted before its compaction: finish it now.
		if err := s.Compact(); err != nil {
			return err
		}
	}
	if m.scrub && !m.compact && !s.readOnly {
		// A depersonalisation stopped before it scrubbed the free pages.
		if err := s.scrub(); err != nil {
			return err
		}
	}
	if m.erase {
		// A crash came between a destruction's commit and its erasing, or
		// in the middle of an attach: finish the one, undo the other.
		if err := s.update(func(*bolt.Tx) error { return nil }); err != nil {
			return err
		}
	}
	return nil
}
