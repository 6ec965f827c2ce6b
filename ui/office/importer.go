package office

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"privdesk/assets"
	"privdesk/cases"
	"privdesk/cases/intake"
	"privdesk/store"
	"privdesk/ui/l10n"
)

var (
	phrasesOnce sync.Once
	phrases     *intake.Phrases
	phrasesErr  error
)

// Phrases are the embedded kind-detection phrases.
func Phrases() (*intake.Phrases, error) {
	phrasesOnce.Do(func() { phrases, phrasesErr = intake.ParsePhrases(assets.Intake) })
	return phrases, phrasesErr
}

// ImportOptions tune an import.
type ImportOptions struct {
	Format   intake.Format // "" detects each file
	DryRun   bool
	Strict   bool                    // write nothing if any item is invalid
	Progress func(done, total int64) // bytes read of all files, while items are read
	// TooBig writes the note for an attachment over the size limit.
	TooBig func(name string, size int64) string
}

// Imported is a request that became a case (or would, in a dry run).
type Imported struct {
	Source   string `json:"source"`
	ID       string `json:"id,omitempty"`
	Kind     string `json:"kind"`
	Triage   bool   `json:"triage"`
	RepeatOf string `json:"repeat_of,omitempty"`
	// DuplicateOf: an earlier case has this message's Message-ID.
	DuplicateOf string `json:"duplicate_of,omitempty"`
	Subject     string `json:"subject"`
	Docs        int    `json:"documents"`
}

// Skipped is a request imported before.
type Skipped struct {
	Source string `json:"source"`
	ID     string `json:"id"`
}

// Invalid is an item that cannot be registered, with the reason.
type Invalid struct {
	Source string `json:"source"`
	Err    error  `json:"-"`
	Reason string `json:"error"`
}

// ImportReport says what an import did.
type ImportReport struct {
	Created []Imported `json:"created"`
	Skipped []Skipped  `json:"skipped"`
	Invalid []Invalid  `json:"invalid"`
	Written bool       `json:"written"`
	// Quarantined counts the refused messages kept for the officer to see.
	Quarantined int `json:"quarantined"`
}

// Files lists what paths name: files as given; in a Maildir, the messages
// in new/ and cur/; in any other folder, every file below it.
func Files(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			return nil, &cases.Error{Code: ErrFileMissing, Args: []any{p}}
		}
		if !fi.IsDir() {
			out = append(out, p)
			continue
		}
		if IsMaildir(p) {
			for _, sub := range []string{"new", "cur"} {
				entries, _ := os.ReadDir(filepath.Join(p, sub))
				for _, e := range entries {
					if e.Type().IsRegular() {
						out = append(out, filepath.Join(p, sub, e.Name()))
					}
				}
			}
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.Type().IsRegular() {
				out = append(out, path)
			}
			return nil
		})
		if err != nil {
			return nil, &cases.Error{Code: ErrFileUnreadable, Args: []any{p}}
		}
	}
	sort.Strings(out)
	return out, nil
}

// arrival is when a message reached the mailbox: the delivery time a
// Maildir file name starts with (seconds since 1970), else the file's time.
func arrival(file string, modTime time.Time) time.Time {
	if InMaildir(file) {
		secs, _, _ := strings.Cut(filepath.Base(file), ".")
		if n, err := strconv.ParseInt(secs, 10, 64); err == nil && n > 946684800 && n < modTime.Unix()+86400 {
			return time.Unix(n, 0)
		}
	}
	return modTime
}

// InMaildir tells whether file lies in the new/ or cur/ folder of a Maildir,
// where messages arrive whole.
func InMaildir(file string) bool {
	sub := filepath.Base(filepath.Dir(file))
	return (sub == "new" || sub == "cur") && IsMaildir(filepath.Dir(filepath.Dir(file)))
}

// IsMaildir tells whether dir has Maildir's new/ or cur/ folders.
func IsMaildir(dir string) bool {
	for _, sub := range []string{"new", "cur"} {
		if fi, err := os.Stat(filepath.Join(dir, sub)); err == nil && fi.IsDir() {
			return true
		}
	}
	return false
}

// Read parses files into items, in order. progress hears how many bytes of
// all files have been read, message by message in an mbox.
func Read(files []string, format intake.Format, now time.Time, progress func(done, total int64)) ([]intake.Item, error) {
	ph, err := Phrases()
	if err != nil {
		return nil, err
	}
	var total, done int64
	for _, f := range files {
		if fi, err := os.Stat(f); err == nil {
			total += fi.Size()
		}
	}
	advance := func(n int) {
		done += int64(n)
		if progress != nil {
			progress(min(done, total), total)
		}
	}
	var items []intake.Item
	fail := func(f, code string, args ...any) {
		items = append(items, intake.Item{Source: f, Err: &cases.Error{Code: code, Args: args}})
	}
	for _, f := range files {
		fi, err := os.Stat(f)
		if err != nil {
			fail(f, ErrFileMissing, f)
			continue
		}
		raw, err := os.ReadFile(f)
		if err != nil {
			fail(f, ErrFileUnreadable, f)
			continue
		}
		fmtOf := format
		if fmtOf == "" || fmtOf == intake.FormatMaildir {
			detected, ok := intake.Detect(f, raw[:min(len(raw), 512)])
			if !ok {
				fail(f, intake.ErrUnknownFormat, f)
				items[len(items)-1].Raw = raw
				advance(len(raw))
				continue
			}
			fmtOf = detected
		}
		switch fmtOf {
		case intake.FormatEML:
			items = append(items, intake.ParseMail(raw, f, arrival(f, fi.ModTime()), now, ph))
		case intake.FormatMbox:
			msgs := intake.SplitMbox(raw)
			if len(msgs) == 0 {
				fail(f, intake.ErrEmpty)
			}
			for i, m := range msgs {
				items = append(items, intake.ParseMail(m, fmt.Sprintf("%s#%d", f, i+1), fi.ModTime(), now, ph))
				advance(len(m))
			}
			continue
		case intake.FormatJSON:
			items = append(items, intake.ParseJSON(raw, f, now, ph)...)
		case intake.FormatCSV:
			items = append(items, intake.ParseCSV(raw, f, now, ph)...)
		}
		advance(len(raw))
	}
	if progress != nil {
		progress(total, total)
	}
	return items, nil
}

// Import reads paths and registers what they hold in one transaction.
func Import(cfg Config, paths []string, opt ImportOptions) (ImportReport, error) {
	var rep ImportReport
	if err := cfg.Office.may(OpReadFile); err != nil {
		return rep, err
	}
	if !opt.DryRun {
		if err := cfg.Office.writable(); err != nil {
			return rep, err
		}
	}
	files, err := Files(paths)
	if err != nil {
		return rep, err
	}
	items, err := Read(files, opt.Format, cfg.Now(), opt.Progress)
	if err != nil {
		return rep, err
	}
	ok, refused := buildItems(cfg, items, opt, &rep)
	batch, sources, err := linkRepeats(cfg, ok)
	if err != nil {
		return rep, err
	}
	write := !opt.DryRun && !(opt.Strict && len(rep.Invalid) > 0)
	results, err := cfg.Office.importBatch(batch, refused, !write)
	if err != nil {
		return rep, err
	}
	rep.Written = write
	if write {
		rep.Quarantined = len(refused)
	}
	for i, r := range results {
		it, c := sources[i], batch[i].Case
		if r.Existing {
			rep.Skipped = append(rep.Skipped, Skipped{Source: it.Source, ID: r.ID.String()})
			continue
		}
		im := Imported{Source: it.Source, Kind: string(c.Kind), Triage: c.Triage, Subject: c.Subject.Name, Docs: len(c.Documents)}
		if !r.ID.IsZero() {
			im.ID = r.ID.String()
		}
		if c.RepeatOf != nil {
			im.RepeatOf = c.RepeatOf.String()
		}
		if !r.DuplicateOf.IsZero() {
			im.DuplicateOf = r.DuplicateOf.String()
		}
		rep.Created = append(rep.Created, im)
	}
	return rep, nil
}

// built is an item made into a case, its events and documents.
type built struct {
	it    intake.Item
	c     *cases.Case
	evs   []cases.Event
	blobs [][]byte
}

// buildItems makes cases of the items that are requests; the rest are
// reported invalid, and those that are messages kept for the quarantine.
func buildItems(cfg Config, items []intake.Item, opt ImportOptions, rep *ImportReport) ([]built, []store.Quarantined) {
	now := cfg.Now()
	var ok []built
	var refused []store.Quarantined
	for _, it := range items {
		if it.Err != nil {
			rep.Invalid = append(rep.Invalid, Invalid{Source: it.Source, Err: it.Err})
			if it.Raw != nil && int64(len(it.Raw)) <= cfg.Settings.MaxBytes() {
				refused = append(refused, store.Quarantined{Source: it.Source, Code: errCode(it.Err), At: now, Raw: it.Raw})
			}
			continue
		}
		c, evs, blobs, err := intake.Build(it, cfg.Rules, now, cfg.Officer, cfg.Settings.MaxBytes(), opt.TooBig)
		if err != nil {
			rep.Invalid = append(rep.Invalid, Invalid{Source: it.Source, Err: err})
			continue
		}
		ok = append(ok, built{it, c, evs, blobs})
	}
	return ok, refused
}

// linkRepeats finds, for each request for information, the subject's
// latest earlier one, in the register (by the subject index, which the
// register's records are not read for) or earlier in the batch, to spot
// repeats (Art. 14 p. 4-6), and makes the batch to import.
func linkRepeats(cfg Config, ok []built) ([]store.ImportCase, []intake.Item, error) {
	var subjects []string
	for _, b := range ok {
		if b.c.Kind == cases.KindAccess {
			subjects = append(subjects, b.c.Subject.Key())
		}
	}
	existing, err := cfg.Office.LatestAccess(subjects)
	if err != nil {
		return nil, nil, err
	}
	type prior struct {
		at   time.Time
		id   cases.ID
		item int // index in batch, or -1
	}
	latest := map[string]prior{}
	remember := func(key string, p prior) {
		if old, ok := latest[key]; !ok || p.at.After(old.at) {
			latest[key] = p
		}
	}
	for k, c := range existing {
		remember(k, prior{c.Received, c.ID, -1})
	}
	var batch []store.ImportCase
	var sources []intake.Item
	for _, b := range ok {
		c, it := b.c, b.it
		ic := store.ImportCase{Case: c, Events: b.evs, Blobs: b.blobs, Key: it.DedupKey, Content: it.ContentKey, RepeatOfItem: -1}
		if k := c.Subject.Key(); k != "" && c.Kind == cases.KindAccess {
			if p, ok := latest[k]; ok && cases.IsRepeat(c.Kind, cases.KindAccess, p.at, c.Received) {
				if p.item >= 0 {
					ic.RepeatOfItem = p.item
				} else {
					earlier := p.id
					c.RepeatOf = &earlier
				}
			}
			remember(k, prior{c.Received, cases.ID{}, len(batch)})
		}
		batch = append(batch, ic)
		sources = append(sources, it)
	}
	return batch, sources, nil
}

// errCode is an error's stable code, which names no personal data.
func errCode(err error) string {
	var ce *cases.Error
	if errors.As(err, &ce) {
		return ce.Code
	}
	return "error"
}

// QuarantineReason says in the officer's language why a message was kept
// aside.
func QuarantineReason(l *l10n.Printer, code string) string {
	if l10n.Has("quar.why." + code) {
		return l.T("quar.why." + code)
	}
	return l.T("quar.why.other", code)
}
