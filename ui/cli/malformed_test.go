package cli_test

import (
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A message whose scan sits beside a part with a malformed multipart type:
// go-message's writer used to panic rewriting it, the scan stayed, and the
// officer was told the database was damaged.
func malformedMessage(contentType string) (raw, scan string) {
	scan = "\xff\xd8\xff\xe0 JFIF passport scan 4510 123456"
	raw = "From: Анна Смирнова <anna@example.ru>\r\nSubject: Прошу удалить мои данные\r\nMessage-ID: <m-" + base64.RawURLEncoding.EncodeToString([]byte(contentType)) + "@example.ru>\r\n" +
		"Date: Mon, 23 Nov 2026 09:00:00 +0300\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n" +
		"--outer\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nПрошу удалить мои данные, скан паспорта во вложении.\r\n" +
		"--outer\r\nContent-Type: image/jpeg; name=\"scan.jpg\"\r\nContent-Disposition: attachment; filename=\"scan.jpg\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
		base64.StdEncoding.EncodeToString([]byte(scan)) + "\r\n" +
		"--outer\r\nContent-Type: " + contentType + "\r\n\r\nstray part\r\n--outer--\r\n"
	return raw, scan
}

var malformedTypes = []string{`multipart/`, `multipart/mixed; boundary="abc`, `multipart/mixed; ;;; x`}

// importOne imports raw as one e-mail and returns the new case's number.
func importOne(t *testing.T, db string, env map[string]string, raw string) string {
	t.Helper()
	eml := filepath.Join(t.TempDir(), "m.eml")
	os.WriteFile(eml, []byte(raw), 0o600)
	if r := runEnv(t, db, env, "import", eml); r.code != 0 {
		t.Fatalf("import: %d %s", r.code, r.stderr)
	}
	var rows []struct{ ID string }
	if err := json.Unmarshal([]byte(must(t, db, "list", "--json")), &rows); err != nil || len(rows) == 0 {
		t.Fatalf("list: %v", err)
	}
	return rows[len(rows)-1].ID
}

// scanGone checks that the scan (document 2) is destroyed and that the kept
// message holds no byte of it, as sent or as decoded.
func scanGone(t *testing.T, db, id, scan string) {
	t.Helper()
	if r := run(t, db, "doc", id, "2", "--out", "-"); r.code == 0 {
		t.Errorf("the scan can still be read")
	}
	r := run(t, db, "doc", id, "1", "--out", "-")
	if r.code != 0 {
		t.Fatalf("message.eml: %d %s", r.code, r.stderr)
	}
	if strings.Contains(r.stdout, scan) || strings.Contains(r.stdout, base64.StdEncoding.EncodeToString([]byte(scan))) {
		t.Errorf("message.eml still holds the scan")
	}
	if out := must(t, db, "check"); out != "ok" {
		t.Errorf("check: %s", out)
	}
}

func TestMalformedPartDestroy(t *testing.T) {
	for _, ct := range malformedTypes {
		t.Run(ct, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "p.db")
			raw, scan := malformedMessage(ct)
			id := importOne(t, db, nil, raw)
			if r := run(t, db, "destroy", id, "2", "--reason", "цель достигнута"); r.code != 0 {
				t.Fatalf("destroy: %d %s", r.code, r.stderr)
			}
			scanGone(t, db, id, scan)
		})
	}
}

func TestMalformedPartPurge(t *testing.T) {
	for _, ct := range malformedTypes {
		t.Run(ct, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "p.db")
			raw, scan := malformedMessage(ct)
			id := importOne(t, db, nil, raw)
			runAt(t, db, now.AddDate(0, 0, -40), nil, "close", id, "--outcome", "withdrawn", "--reason", "отозвано письмом")
			if r := runAt(t, db, now.AddDate(0, 0, 40), nil, "purge"); r.code != 0 || !strings.Contains(r.stdout, "destroyed") {
				t.Fatalf("purge: %d %q %s", r.code, r.stdout, r.stderr)
			}
			scanGone(t, db, id, scan)
		})
	}
}

func TestMalformedPartApprove(t *testing.T) {
	for _, ct := range malformedTypes {
		t.Run(ct, func(t *testing.T) {
			dir := t.TempDir()
			db := filepath.Join(dir, "p.db")
			conf := filepath.Join(dir, "config.toml")
			os.WriteFile(conf, []byte("[review]\ndestruction = true\n\n[[officers]]\nlogin = \"ivanova\"\nname = \"И\"\nposition = \"о\"\n\n[[officers]]\nlogin = \"petrov\"\nname = \"П\"\nposition = \"ю\"\nrole = \"reviewer\"\n"), 0o600)
			as := func(login string) map[string]string {
				return map[string]string{"PRIVDESK_CONFIG": conf, "PRIVDESK_OFFICER": login}
			}
			raw, scan := malformedMessage(ct)
			id := importOne(t, db, as("ivanova"), raw)
			if r := runEnv(t, db, as("ivanova"), "destroy", id, "2", "--reason", "цель достигнута"); r.code != 0 {
				t.Fatalf("destroy: %d %s", r.code, r.stderr)
			}
			if r := runEnv(t, db, as("petrov"), "approve", id); r.code != 0 {
				t.Fatalf("approve: %d %s", r.code, r.stderr)
			}
			scanGone(t, db, id, scan)
		})
	}
}
