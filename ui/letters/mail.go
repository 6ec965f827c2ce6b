package letters

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"time"

	"github.com/wneessen/go-mail"

	"privdesk/cases"
	"privdesk/ui/office/config"
)

// Mail is a letter going out by e-mail.
type Mail struct {
	To, Subject, Body string
	PDFName           string
	PDF               []byte
}

// Send delivers m through the SMTP server of set: STARTTLS required, except
// to a server on a loopback address; the password comes from password (the
// environment) or the configured file. It returns the server's reply, which
// is kept as the proof of sending.
func Send(ctx context.Context, set config.SMTP, password string, m Mail) (string, error) {
	if set.Host == "" || set.From == "" {
		return "", &cases.Error{Code: cases.ErrLetterField, Args: []any{"smtp.host, smtp.from"}}
	}
	if password == "" && set.PasswordFile != "" {
		b, err := os.ReadFile(set.PasswordFile)
		if err != nil {
			return "", &cases.Error{Code: cases.ErrSMTP, Args: []any{"password_file: " + err.Error()}}
		}
		password = strings.TrimSpace(string(b))
	}
	port := set.Port
	if port == 0 {
		port = 587
	}
	opts := []mail.Option{mail.WithPort(port), mail.WithTimeout(20 * time.Second), mail.WithTLSPolicy(mail.TLSMandatory)}
	if loopback(set.Host) {
		opts[2] = mail.WithTLSPolicy(mail.TLSOpportunistic)
	}
	if set.User != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthPlain), mail.WithUsername(set.User), mail.WithPassword(password))
	}
	client, err := mail.NewClient(set.Host, opts...)
	if err != nil {
		return "", &cases.Error{Code: cases.ErrSMTP, Args: []any{err.Error()}}
	}
	msg := mail.NewMsg()
	if err := msg.From(set.From); err != nil {
		return "", &cases.Error{Code: cases.ErrSMTP, Args: []any{"smtp.from: " + err.Error()}}
	}
	if err := msg.To(m.To); err != nil {
		return "", &cases.Error{Code: cases.ErrNoAddress, Args: []any{m.To}}
	}
	msg.Subject(m.Subject)
	msg.SetMessageID()
	msg.SetDate()
	msg.SetBodyString(mail.TypeTextPlain, m.Body)
	if m.PDF != nil {
		if err := msg.AttachReader(m.PDFName, bytes.NewReader(m.PDF)); err != nil {
			return "", err
		}
	}
	if err := client.DialAndSendWithContext(ctx, msg); err != nil {
		return "", &cases.Error{Code: cases.ErrSMTP, Args: []any{oneLine(err)}}
	}
	reply := msg.ServerResponse()
	if reply == "" {
		reply = "250 accepted"
	}
	return reply, nil
}

// loopback tells whether host names this machine, where the connection
// never leaves it and plaintext is allowed.
func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func oneLine(err error) string {
	var unwrapped error = err
	for errors.Unwrap(unwrapped) != nil && len(unwrapped.Error()) > 200 {
		unwrapped = errors.Unwrap(unwrapped)
	}
	return strings.Join(strings.Fields(unwrapped.Error()), " ")
}

// SendLetter sends letter no of a case by e-mail with its PDF: to
// Roskomnadzor for a letter addressed to it, else to the subject, and only
// for a request that did not come on paper (Art. 14 p. 3: the answer goes
// in the form the request came in). It returns the server's reply.
func SendLetter(ctx context.Context, set config.Settings, password string, c *cases.Case, no int) (string, error) {
	l := c.Letter(no)
	if l == nil {
		return "", &cases.Error{Code: cases.ErrNoLetter, Args: []any{fmt.Sprint(no), c.ID.String()}}
	}
	if l.Sent != nil {
		return "", &cases.Error{Code: cases.ErrLetterSent, Args: []any{l.Number, cases.DateOf(*l.Sent).String()}}
	}
	tpl, _ := Find(l.Template)
	to := c.Subject.Email
	if tpl.ToRKN {
		to = set.SMTP.RKNAddress
	} else if c.PaperOriginal() {
		return "", &cases.Error{Code: cases.ErrSendPaper, Args: []any{c.ID.String()}}
	}
	if to == "" {
		return "", &cases.Error{Code: cases.ErrNoAddress, Args: []any{l.To}}
	}
	pdf, err := PDF(*l, cases.Party{Name: set.Operator.Name, Address: set.Operator.Address})
	if err != nil {
		return "", err
	}
	return Send(ctx, set.SMTP, password, Mail{To: to, Subject: l.Number + " — " + l.Title, Body: l.Body, PDFName: l.Number + ".pdf", PDF: pdf})
}
