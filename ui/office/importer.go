package office

import (
	"errors"
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
	// Each, when set, hears what each chunk did as soon as it is written,
	// and the report returned keeps only the totals: a long import's
	// lines go out as it runs and are not held.
	Each func(part ImportReport)
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
	// Totals counts what the lists hold, or held for ImportOptions.Each.
	Totals ImportTotals `json:"-"`
}

// ImportTotals counts an import's outcomes.
type ImportTotals struct{ Created, Skipped, Invalid int }

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
