package l10n_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"privdesk/assets"
	"privdesk/cases"
	"privdesk/cases/intake"
	"privdesk/store"
	"privdesk/ui/l10n"
	"privdesk/ui/office"
)

// Every key the code names must be in the catalog, in both languages (the
// catalog refuses to load otherwise).
func TestCatalogCoversCode(t *testing.T) {
	lit := regexp.MustCompile(`\b(?:T|b)\("([a-z_]+\.[a-z_.]+)"`)
	err := filepath.WalkDir("../..", func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range lit.FindAllStringSubmatch(string(src), -1) {
			if strings.HasSuffix(m[1], ".") {
				continue // a prefix completed at run time; checked below
			}
			if !l10n.Has(m[1]) {
				t.Errorf("%s: key %q is not in assets/messages.json", path, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	codes := []string{
		cases.ErrNameRequired, cases.ErrContactRequired, cases.ErrBadEmail, cases.ErrBadPhone, cases.ErrUnknownKind,
		cases.ErrUnknownChannel, cases.ErrUnknownStatus, cases.ErrUnknownOutcome, cases.ErrBadDate, cases.ErrBadID,
		cases.ErrIllegalTransition, cases.ErrAlreadyClosed, cases.ErrNotClosed, cases.ErrReasonRequired,
		cases.ErrNoteEmpty, cases.ErrFieldTooLong, cases.ErrOutsideCalendar, cases.ErrNotExtendable, cases.ErrAlreadyExtended,
		cases.ErrNoticeLate, cases.ErrNoticeEarly, cases.ErrUnchanged, cases.ErrNoMilestone, cases.ErrMilestoneMet,
		store.ErrIsDir, store.ErrNotDatabase, store.ErrNewer, store.ErrBusy, store.ErrIO, store.ErrNotFound, store.ErrCorrupt,
		store.ErrKeyMissing, store.ErrKeyWrong, store.ErrKeyMalformed, store.ErrKeyMode, store.ErrDocDamaged,
		store.ErrKeyExposed, store.ErrKeyHeader, store.ErrInternal, store.ErrJournalLine, store.ErrJournalMissing, store.ErrNoJournal,
		cases.ErrDepersonalised, cases.ErrSubjectField,
		cases.ErrNoStep, cases.ErrStepState, cases.ErrMethodRequired, cases.ErrUnknownMethod,
		cases.ErrNoDocument, cases.ErrDocDestroyed, cases.ErrNoDocumentsToAct,
		office.ErrFileMissing, office.ErrFileNotRegular, office.ErrFileEmpty, office.ErrFileTooBig,
		office.ErrFileUnreadable, office.ErrFileChanged,
		intake.ErrUnknownFormat, intake.ErrNoSender, intake.ErrBadMail, intake.ErrBadJSON, intake.ErrBadCSV,
		intake.ErrCSVColumn, intake.ErrEmpty,
	}
	for _, c := range codes {
		if !l10n.Has("err." + c) {
			t.Errorf("error code %q has no message", c)
		}
	}
	steps, err := cases.ParseSteps(assets.Steps)
	if err != nil {
		t.Fatal(err)
	}
	for _, list := range steps {
		for _, st := range list {
			for _, m := range st.Methods {
				if !l10n.Has("method." + m) {
					t.Errorf("method %q of step %s has no name", m, st.Key)
				}
			}
		}
	}
	for m := 1; m <= 12; m++ {
		if !l10n.Has(fmt.Sprintf("cal.month.%d", m)) {
			t.Errorf("month %d has no name", m)
		}
	}
	for _, c := range []string{"chain_broken", "index_missing", "index_stale", "undecodable", "bolt", "doc_missing"} {
		if !l10n.Has("check." + c) {
			t.Errorf("check code %q has no message", c)
		}
	}
}

func TestErrorsInBothLanguages(t *testing.T) {
	err := &cases.Error{Code: cases.ErrBadEmail, Args: []any{"anna@"}}
	en, ru := l10n.New(cases.EN).Err(err), l10n.New(cases.RU).Err(err)
	if !strings.Contains(en, `"anna@" is not an e-mail`) || !strings.Contains(ru, `"anna@" — не адрес e-mail`) {
		t.Errorf("en %q, ru %q", en, ru)
	}
	serr := &store.Error{Code: store.ErrBusy, Path: "/tmp/x.db"}
	if got := l10n.New(cases.RU).Err(serr); !strings.Contains(got, "база /tmp/x.db занята") {
		t.Errorf("store error: %q", got)
	}
}

func TestDetect(t *testing.T) {
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANG", "ru_RU.UTF-8")
	if l, _ := l10n.Detect(""); l != cases.RU {
		t.Error("ru locale")
	}
	if l, _ := l10n.Detect("en"); l != cases.EN {
		t.Error("flag wins over locale")
	}
	if _, err := l10n.Detect("de"); err == nil {
		t.Error("unknown language accepted")
	}
	t.Setenv("LANG", "C.UTF-8")
	if l, _ := l10n.Detect(""); l != cases.EN {
		t.Error("default is English")
	}
}

// The timeline names a milestone as the case's own course defines it: a
// withdrawal's "stop" is not the unlawful-processing block's.
func TestTimelineUsesTheMilestonesOwnTitle(t *testing.T) {
	cal, err := cases.ParseCalendar(assets.Calendar)
	if err != nil {
		t.Fatal(err)
	}
	steps, err := cases.ParseSteps(assets.Steps)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 25, 10, 0, 0, 0, cases.Moscow)
	c, _, err := cases.New(cases.Intake{Kind: cases.KindWithdrawConsent, Subject: cases.Subject{Name: "С", Email: "s@example.ru"}, Received: at},
		&cases.Rules{Cal: cal, Steps: steps}, at, "x")
	if err != nil {
		t.Fatal(err)
	}
	ev, err := c.Meet("stop", at, "x")
	if err != nil {
		t.Fatal(err)
	}
	own, _ := cases.TermTitleIn("withdraw-consent", "stop")
	line := l10n.New(cases.RU).Event(ev)
	if !strings.Contains(line, own.RU) || strings.Contains(line, "неправомерн") {
		t.Errorf("a withdrawal's stop reads %q, want %q", line, own.RU)
	}
}
