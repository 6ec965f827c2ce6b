package office

import (
	"fmt"
	"io"
	"iter"
	"os"
	"time"

	"privdesk/cases"
	"privdesk/cases/intake"
	"privdesk/store"
)

// An import streams: it reads one message or request at a time, and
// registers them in chunks of importChunk items (or importChunkDocs
// documents, or importChunkBytes of them), each chunk in a transaction of
// its own. Memory holds one
// chunk; a writer of another process waits for at most one chunk. A
// failure keeps the chunks already registered, and a rerun skips them as
// imported before.
const (
	importChunk      = 1000
	importChunkDocs  = 250 // each a file to create under the write lock
	importChunkBytes = 16 << 20
)

// Import reads paths and registers what they hold, in chunks. A strict
// import first reads everything without writing, and writes nothing if any
// item is invalid.
func Import(cfg Config, paths []string, opt ImportOptions) (ImportReport, error) {
	if err := cfg.Office.may(OpReadFile); err != nil {
		return ImportReport{}, err
	}
	if !opt.DryRun {
		if err := cfg.Office.writable(); err != nil {
			return ImportReport{}, err
		}
	}
	files, err := Files(paths)
	if err != nil {
		return ImportReport{}, err
	}
	if opt.Strict && !opt.DryRun {
		check := opt
		check.DryRun, check.Each = true, nil
		rep, err := importFiles(cfg, files, check)
		if err != nil || rep.Totals.Invalid > 0 {
			return rep, err
		}
		opt.Progress = nil // the check showed it
	}
	return importFiles(cfg, files, opt)
}

// importFiles is one pass of an import over files.
func importFiles(cfg Config, files []string, opt ImportOptions) (ImportReport, error) {
	r := &importRun{cfg: cfg, opt: opt, latest: map[string]prior{}}
	r.rep.Written = !opt.DryRun
	if opt.DryRun {
		r.memo = store.NewImportMemo()
	}
	err := eachItem(files, opt.Format, cfg.Now(), opt.Progress, r.add)
	if err == nil {
		err = r.flush()
	}
	return r.rep, err
}

// importRun is an import under way: the chunk being gathered and what the
// chunks before it left.
type importRun struct {
	cfg    Config
	opt    ImportOptions
	rep    ImportReport
	part   ImportReport // the chunk at hand
	items  []intake.Item
	size   int
	docs   int
	latest map[string]prior  // each subject's latest request for information
	memo   *store.ImportMemo // a dry run's dedup keys
}

// prior is a subject's latest request for information: a case, or an item
// of the chunk at hand.
type prior struct {
	at   time.Time
	id   cases.ID
	item int // index in the chunk, or -1
}

func (r *importRun) add(it intake.Item) error {
	r.items = append(r.items, it)
	for _, a := range it.Attachments {
		r.size += len(a.Content)
	}
	r.size += len(it.Raw)
	r.docs += len(it.Attachments)
	if len(r.items) >= importChunk || r.docs >= importChunkDocs || r.size >= importChunkBytes {
		return r.flush()
	}
	return nil
}

// flush builds and registers the chunk gathered.
func (r *importRun) flush() error {
	if len(r.items) == 0 {
		return nil
	}
	r.part = ImportReport{Written: r.rep.Written}
	ok, refused := buildItems(r.cfg, r.items, r.opt, &r.part)
	r.items, r.size, r.docs = nil, 0, 0
	batch, sources, keys, err := r.link(ok)
	if err != nil {
		return err
	}
	results, err := r.cfg.Office.importBatch(batch, refused, r.opt.DryRun, r.memo)
	if err != nil {
		return err
	}
	if !r.opt.DryRun {
		r.rep.Quarantined += len(refused)
	}
	for _, k := range keys {
		// The chunk's requests for information are cases now (or, in a
		// dry run, stay unnumbered).
		if p := r.latest[k]; p.item >= 0 {
			r.latest[k] = prior{at: p.at, id: results[p.item].ID, item: -1}
		}
	}
	for i, res := range results {
		r.report(sources[i], batch[i].Case, res)
	}
	t := &r.rep.Totals
	t.Created, t.Skipped, t.Invalid = t.Created+len(r.part.Created), t.Skipped+len(r.part.Skipped), t.Invalid+len(r.part.Invalid)
	if r.opt.Each != nil {
		r.opt.Each(r.part)
	} else {
		r.rep.Created = append(r.rep.Created, r.part.Created...)
		r.rep.Skipped = append(r.rep.Skipped, r.part.Skipped...)
		r.rep.Invalid = append(r.rep.Invalid, r.part.Invalid...)
	}
	r.part = ImportReport{}
	return nil
}

// report adds one item's outcome to the report.
func (r *importRun) report(it intake.Item, c *cases.Case, res store.ImportResult) {
	if res.Existing {
		r.part.Skipped = append(r.part.Skipped, Skipped{Source: it.Source, ID: idText(res.ID)})
		return
	}
	im := Imported{Source: it.Source, Kind: string(c.Kind), Triage: c.Triage, Subject: c.Subject.Name, Docs: len(c.Documents), ID: idText(res.ID)}
	if c.RepeatOf != nil {
		im.RepeatOf = c.RepeatOf.String()
	}
	if !res.DuplicateOf.IsZero() {
		im.DuplicateOf = res.DuplicateOf.String()
	}
	r.part.Created = append(r.part.Created, im)
}

func idText(id cases.ID) string {
	if id.IsZero() {
		return ""
	}
	return id.String()
}

// link finds, for each request for information, the subject's latest
// earlier one, in the register (by the subject index, which the register's
// records are not read for), in an earlier chunk or earlier in this one, to
// spot repeats (Art. 14 p. 4-6), and makes the chunk to import. keys are
// the subjects whose latest request is now an item of the chunk.
func (r *importRun) link(ok []built) (batch []store.ImportCase, sources []intake.Item, keys []string, err error) {
	var subjects []string
	for _, b := range ok {
		if b.c.Kind == cases.KindAccess {
			subjects = append(subjects, b.c.Subject.Key())
		}
	}
	existing, err := r.cfg.Office.LatestAccess(subjects)
	if err != nil {
		return nil, nil, nil, err
	}
	remember := func(key string, p prior) bool {
		if old, ok := r.latest[key]; !ok || p.at.After(old.at) {
			r.latest[key] = p
			return true
		}
		return false
	}
	for k, c := range existing {
		remember(k, prior{c.Received, c.ID, -1})
	}
	for _, b := range ok {
		c, it := b.c, b.it
		ic := store.ImportCase{Case: c, Events: b.evs, Blobs: b.blobs, Key: it.DedupKey, Content: it.ContentKey, RepeatOfItem: -1}
		if k := c.Subject.Key(); k != "" && c.Kind == cases.KindAccess {
			if p, ok := r.latest[k]; ok && cases.IsRepeat(c.Kind, cases.KindAccess, p.at, c.Received) {
				if p.item >= 0 {
					ic.RepeatOfItem = p.item
				} else if !p.id.IsZero() {
					earlier := p.id
					c.RepeatOf = &earlier
				}
			}
			if remember(k, prior{c.Received, cases.ID{}, len(batch)}) {
				keys = append(keys, k)
			}
		}
		batch = append(batch, ic)
		sources = append(sources, it)
	}
	return batch, sources, keys, nil
}

// eachItem reads files one item at a time, in order: a message of an mbox,
// a request of a JSON or CSV file. progress hears how many bytes of all
// files have been read.
func eachItem(files []string, format intake.Format, now time.Time, progress func(done, total int64), fn func(intake.Item) error) error {
	ph, err := Phrases()
	if err != nil {
		return err
	}
	var total, base int64
	for _, f := range files {
		if fi, err := os.Stat(f); err == nil {
			total += fi.Size()
		}
	}
	for _, f := range files {
		var read int64
		advance := func(n int64) {
			read = max(read, n)
			if progress != nil {
				progress(min(base+read, total), total)
			}
		}
		if err := eachInFile(f, format, now, ph, advance, fn); err != nil {
			return err
		}
		if fi, err := os.Stat(f); err == nil {
			base += fi.Size()
		}
	}
	if progress != nil {
		progress(total, total)
	}
	return nil
}

// unknownRaw is the largest file of no known format kept whole for the
// quarantine.
const unknownRaw = 64 << 20

// eachInFile reads one file's items. advance hears how far into the file
// reading has come.
func eachInFile(f string, format intake.Format, now time.Time, ph *intake.Phrases, advance func(int64), fn func(intake.Item) error) error {
	fail := func(code string, args ...any) error {
		return fn(intake.Item{Source: f, Err: &cases.Error{Code: code, Args: args}})
	}
	fi, err := os.Stat(f)
	if err != nil {
		return fail(ErrFileMissing, f)
	}
	file, err := os.Open(f)
	if err != nil {
		return fail(ErrFileUnreadable, f)
	}
	defer file.Close()
	head := make([]byte, 512)
	n, _ := io.ReadFull(file, head)
	if _, err := file.Seek(0, io.SeekStart); err != nil {
		return fail(ErrFileUnreadable, f)
	}
	kind := format
	if kind == "" || kind == intake.FormatMaildir {
		detected, ok := intake.Detect(f, head[:n])
		if !ok {
			it := intake.Item{Source: f, Err: &cases.Error{Code: intake.ErrUnknownFormat, Args: []any{f}}}
			if fi.Size() <= unknownRaw {
				it.Raw, _ = io.ReadAll(file)
			}
			return fn(it)
		}
		kind = detected
	}
	in := &counting{f: file, advance: advance}
	switch kind {
	case intake.FormatEML:
		raw, err := io.ReadAll(in)
		if err != nil {
			return fail(ErrFileUnreadable, f)
		}
		return fn(intake.ParseMail(raw, f, arrival(f, fi.ModTime()), now, ph))
	case intake.FormatMbox:
		return eachMessage(in, f, fi.ModTime(), now, ph, fn)
	case intake.FormatJSON:
		return each(intake.JSON(in, f, now, ph), fn)
	case intake.FormatCSV:
		return each(intake.CSV(in, f, now, ph), fn)
	}
	return nil
}

// eachMessage reads an mbox's messages.
func eachMessage(in io.Reader, f string, mtime, now time.Time, ph *intake.Phrases, fn func(intake.Item) error) error {
	n := 0
	for msg, err := range intake.Mbox(in) {
		if err != nil {
			return fn(intake.Item{Source: f, Err: &cases.Error{Code: ErrFileUnreadable, Args: []any{f}}})
		}
		n++
		if err := fn(intake.ParseMail(msg, fmt.Sprintf("%s#%d", f, n), mtime, now, ph)); err != nil {
			return err
		}
	}
	if n == 0 {
		return fn(intake.Item{Source: f, Err: &cases.Error{Code: intake.ErrEmpty}})
	}
	return nil
}

func each(items iter.Seq[intake.Item], fn func(intake.Item) error) error {
	var err error
	for it := range items {
		if err = fn(it); err != nil {
			break
		}
	}
	return err
}

// counting is a file that tells how far into it reading has come.
type counting struct {
	f       *os.File
	pos     int64
	advance func(int64)
}

func (c *counting) Read(p []byte) (int, error) {
	n, err := c.f.Read(p)
	c.pos += int64(n)
	c.advance(c.pos)
	return n, err
}

func (c *counting) Seek(off int64, whence int) (int64, error) {
	pos, err := c.f.Seek(off, whence)
	c.pos = pos
	return pos, err
}
