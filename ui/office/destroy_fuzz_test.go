package office_test

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"privdesk/cases"
	"privdesk/store"
	"privdesk/ui/l10n"
	"privdesk/ui/office"
)

// destroySeeds are parts whose type go-message reads in odd ways.
var destroySeeds = []struct{ ct, head, body string }{
	{"multipart/", "", "stray"},
	{`multipart/mixed; boundary="abc`, "", "--abc\r\nContent-Type: text/plain\r\n\r\nx\r\n--abc--"},
	{"multipart/mixed; ;;; x", "", "stray"},
	{"multipart/alternative; boundary=in", "", "--in\r\nContent-Type: image/png; charset=koi8-r\r\n\r\n\x89PNG\r\n--in--\r\n"},
	{"text/plain; charset=windows-1251", "Content-Transfer-Encoding: quoted printable\r\n", "=E0=E1"},
	{"message/rfc822", "", "From: x@y\r\nContent-Type: multipart/\r\n\r\nz"},
	{"application/pdf; name=\"a.pdf\"", "Content-Disposition: attachment; filename*=utf-8''%D1%81\r\n", "%PDF"},
}

// FuzzImportThenDestroy imports a message carrying a scan beside a part of
// fuzzed type, header and body, then destroys every document of the case,
// one at a time, through the store, as destroy, purge and an approval do.
// Every destruction must succeed, and no byte of the scan may survive in
// what remains. Nothing recovers between the fuzzer and the code.
func FuzzImportThenDestroy(f *testing.F) {
	for _, s := range destroySeeds {
		f.Add(s.ct, s.head, []byte(s.body))
	}
	var cfg office.Config
	var fresh string
	l := l10n.New(cases.EN)
	dir := f.TempDir()
	n := 0
	f.Fuzz(func(t *testing.T, ct, head string, body []byte) {
		n++
		// A fresh register every 500 messages: one grown by every execution
		// would slow each one down as it grew.
		if n%500 == 1 {
			if fresh != "" {
				os.RemoveAll(fresh)
			}
			var err error
			if fresh, err = os.MkdirTemp(dir, "db-"); err != nil {
				t.Fatal(err)
			}
			cfg = configIn(t, fresh)
		}
		scan := fmt.Sprintf("\xff\xd8\xff\xe0 scan %d of a passport", n)
		raw := "From: Анна <anna@example.ru>\r\nSubject: Прошу удалить данные\r\nMessage-ID: <" + fmt.Sprint(n) + "@fuzz>\r\n" +
			"Date: Mon, 23 Nov 2026 09:00:00 +0300\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"outer-b\"\r\n\r\n" +
			"--outer-b\r\nContent-Type: image/jpeg\r\nContent-Disposition: attachment; filename=scan.jpg\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
			base64.StdEncoding.EncodeToString([]byte(scan)) + "\r\n" +
			"--outer-b\r\nContent-Type: " + ct + "\r\n" + head + "\r\n" + string(body) + "\r\n--outer-b--\r\n"
		path := filepath.Join(dir, "m.eml")
		if err := os.WriteFile(path, []byte(raw), 0o600); err != nil {
			t.Fatal(err)
		}
		rep, err := office.Import(cfg, []string{path}, office.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Created) != 1 {
			return // refused or a duplicate: nothing to destroy
		}
		id, err := cases.ParseID(rep.Created[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		destroy := func(nos ...int) {
			fn := office.DestroyDocs(nos, cases.Destruction{Reason: "fuzz"}, cfg.Settings, cfg.Now(), "fuzz", l)
			if err := cfg.Office.Destroy(map[cases.ID]store.DestroyFn{id: fn}); err != nil {
				t.Fatalf("destroying documents %v of %q: %v", nos, raw, err)
			}
		}
		c, err := cfg.Office.Get(id)
		if err != nil {
			t.Fatal(err)
		}
		// The scan first: nothing else of the case may keep a byte of it.
		for _, d := range c.Documents {
			if d.Name == "scan.jpg" {
				destroy(d.No)
			}
		}
		if c, err = cfg.Office.Get(id); err != nil {
			t.Fatal(err)
		}
		rest := keptWithoutScan(t, cfg, c, scan, raw)
		// Then the rest, in one destruction, as purge makes it.
		if len(rest) > 0 {
			destroy(rest...)
		}
		if c, err = cfg.Office.Get(id); err != nil {
			t.Fatal(err)
		}
		for _, d := range c.Documents {
			if d.Destroyed == nil {
				t.Fatalf("document %d of %q survived its destruction", d.No, raw)
			}
		}
	})
}

// keptWithoutScan checks that no document the case keeps holds a byte of
// the destroyed scan, as sent or decoded, and returns their numbers, the
// message last.
func keptWithoutScan(t *testing.T, cfg office.Config, c *cases.Case, scan, raw string) []int {
	t.Helper()
	encoded := base64.StdEncoding.EncodeToString([]byte(scan))
	var rest []int
	for _, d := range c.Documents {
		if d.Destroyed != nil {
			continue
		}
		rest = append([]int{d.No}, rest...) // the message last
		_, content, err := cfg.Office.Content(c.ID, d.No)
		if err != nil {
			t.Fatalf("document %d: %v", d.No, err)
		}
		if bytes.Contains(content, []byte(scan)) || bytes.Contains(content, []byte(encoded)) {
			t.Fatalf("document %d keeps the destroyed scan of %q", d.No, raw)
		}
	}
	return rest
}
