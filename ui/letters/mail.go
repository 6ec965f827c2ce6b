package letters

import (
	"bytes"
	"context"
	"errors"
	"net"
	"os"
	"strings"
	"time"

	"github.com/wneessen/go-mail"

	"privdesk/cases"
	"privdesk/ui/common"
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
func Send(ctx context.Context, set common.SMTP, password string, m Mail) (string, error) {
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
