package cli_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	gomail "github.com/emersion/go-message/mail"
	"github.com/emersion/go-smtp"

	"privdesk/assets"
)

// smtpSink is an SMTP server on loopback that keeps what it receives, or
// refuses every recipient.
type smtpSink struct {
	mu     sync.Mutex
	got    [][]byte
	refuse bool
}

func (s *smtpSink) NewSession(*smtp.Conn) (smtp.Session, error) { return &sinkSession{s: s}, nil }

type sinkSession struct{ s *smtpSink }

func (x *sinkSession) Reset()                               {}
func (x *sinkSession) Logout() error                        { return nil }
func (x *sinkSession) Mail(string, *smtp.MailOptions) error { return nil }
func (x *sinkSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	if x.s.refuse {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "mailbox unavailable"}
	}
	return nil
}
func (x *sinkSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	x.s.mu.Lock()
	x.s.got = append(x.s.got, b)
	x.s.mu.Unlock()
	return err
}

func startSMTP(t *testing.T, sink *smtpSink) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := smtp.NewServer(sink)
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return l.Addr().(*net.TCPAddr).Port
}

func TestSendLetterBySMTP(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	sink := &smtpSink{}
	port := startSMTP(t, sink)
	cfg := filepath.Join(dir, "config.toml")
	conf := strings.Replace(string(assets.DemoConfig), "[smtp]", fmt.Sprintf("[smtp]\nhost = \"127.0.0.1\"\nport = %d", port), 1)
	os.WriteFile(cfg, []byte(conf), 0o600)
	env := map[string]string{"PRIVDESK_CONFIG": cfg, "PRIVDESK_OFFICER": "demo"}
	id := strings.TrimSpace(runEnv(t, db, env, "new", "--kind", "access", "--name", "Иванова Анна", "--email", "anna@example.ru", "--received", "2026-11-20").stdout)
	if r := runEnv(t, db, env, "letter", id, "access-answer", "--register-list"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	if r := runEnv(t, db, env, "send", id, "1"); r.code != 0 {
		t.Fatalf("send: %d %s", r.code, r.stderr)
	}
	if len(sink.got) != 1 {
		t.Fatalf("%d messages arrived", len(sink.got))
	}
	checkSentAnswer(t, sink.got[0])
	var list []struct {
		State string `json:"state"`
		Via   string `json:"via"`
	}
	json.Unmarshal([]byte(runEnv(t, db, env, "letters", id, "--json").stdout), &list)
	if len(list) != 1 || list[0].State != "sent" || list[0].Via != "email" {
		t.Errorf("letters after sending: %+v", list)
	}
	var c struct {
		Milestones []struct {
			Met bool `json:"met"`
		} `json:"milestones"`
	}
	json.Unmarshal([]byte(runEnv(t, db, env, "show", id, "--json").stdout), &c)
	if len(c.Milestones) != 1 || !c.Milestones[0].Met {
		t.Errorf("the answer's deadline is not met by sending it: %+v", c)
	}

	// A refusing server and an unreachable one leave the letter unsent.
	runEnv(t, db, env, "letter", id, "refusal", "--ground", "14-8-4", "--details", "ответ раскрыл бы данные третьих лиц")
	sink.refuse = true
	before := hashFile(t, db)
	r := runEnv(t, db, env, "send", id, "2")
	if r.code != 1 || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, "not sent") {
		t.Errorf("refused: %d %q", r.code, r.stderr)
	}
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	closed := l.Addr().(*net.TCPAddr).Port
	l.Close()
	os.WriteFile(cfg, []byte(strings.Replace(conf, fmt.Sprintf("port = %d", port), fmt.Sprintf("port = %d", closed), 1)), 0o600)
	if r := runEnv(t, db, env, "send", id, "2"); r.code != 1 || !strings.Contains(r.stderr, "not sent") {
		t.Errorf("unreachable: %d %q", r.code, r.stderr)
	}
	if hashFile(t, db) != before {
		t.Error("a failed sending changed the database")
	}
}

// checkSentAnswer checks a sent access answer: its headers and its PDF.
func checkSentAnswer(t *testing.T, raw []byte) {
	t.Helper()
	mr, err := gomail.CreateReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	subject, _ := mr.Header.Subject()
	from, _ := mr.Header.AddressList("From")
	to, _ := mr.Header.AddressList("To")
	if !strings.Contains(subject, "Ответ на запрос") || len(from) != 1 || from[0].Address != "privacy@demo.example" || len(to) != 1 || to[0].Address != "anna@example.ru" {
		t.Errorf("headers: subject %q from %v to %v", subject, from, to)
	}
	pdf := false
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if h, ok := p.Header.(*gomail.AttachmentHeader); ok {
			name, _ := h.Filename()
			body, _ := io.ReadAll(p.Body)
			pdf = strings.HasSuffix(name, ".pdf") && bytes.HasPrefix(body, []byte("%PDF-"))
		}
	}
	if !pdf {
		t.Error("no PDF attached")
	}
}
