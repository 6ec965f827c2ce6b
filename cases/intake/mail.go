package intake

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-message"
	_ "github.com/emersion/go-message/charset" // KOI8-R, Windows-1251 and the rest
	"github.com/emersion/go-message/mail"
	"github.com/k3a/html2text"

	"privdesk/cases"
)

// Limits on what one message may bring, so that a hostile mailbox cannot
// exhaust memory.
const (
	maxParts     = 100
	maxPartBytes = 64 << 20
	summaryRunes = 300
)

// ParseMail reads one message. fileTime stands in for a missing Date.
func ParseMail(raw []byte, source string, fileTime time.Time, ph *Phrases) (it Item) {
	defer func() {
		// A library panic on hostile input must cost one item, not the import.
		if r := recover(); r != nil {
			it = invalid(source, ErrBadMail, fmt.Sprint(r))
		}
	}()
	if len(bytes.TrimSpace(raw)) == 0 {
		return invalid(source, ErrEmpty)
	}
	mr, err := mail.CreateReader(bytes.NewReader(raw))
	if err != nil && !message.IsUnknownCharset(err) && !message.IsUnknownEncoding(err) {
		return invalid(source, ErrBadMail, err.Error())
	}
	h := mr.Header
	it = Item{Source: source}

	from, err := h.AddressList("From")
	if err != nil || len(from) == 0 {
		if s := h.Get("From"); s != "" && strings.Contains(s, "@") {
			from = []*mail.Address{{Address: strings.Trim(strings.TrimSpace(s), "<>")}}
		} else {
			return invalid(source, ErrNoSender)
		}
	}
	sender := from[0]
	name := strings.TrimSpace(sender.Name)
	if name == "" {
		name = sender.Address
	}
	date, derr := h.Date()
	received, guessed := fileTimeOr(date, derr, fileTime)
	subject, _ := h.Subject()
	subject = strings.TrimSpace(subject)

	var plain, html string
	for range maxParts {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			// A broken final boundary: keep what was read.
			if message.IsUnknownCharset(err) && p != nil {
				err = nil
			} else {
				break
			}
		}
		body, rerr := io.ReadAll(io.LimitReader(p.Body, maxPartBytes))
		switch ph := p.Header.(type) {
		case *mail.InlineHeader:
			ct, params, _ := ph.ContentType()
			if filename := params["name"]; filename != "" && !strings.HasPrefix(ct, "text/") {
				it.Attachments = append(it.Attachments, Attachment{Name: filename, Type: ct, Content: body})
				continue
			}
			if rerr != nil && len(body) == 0 {
				continue
			}
			switch {
			case ct == "text/html" && html == "":
				html = string(body)
			case (ct == "text/plain" || ct == "") && plain == "":
				plain = string(body)
			}
		case *mail.AttachmentHeader:
			filename, _ := ph.Filename()
			ct, _, _ := ph.ContentType()
			if filename == "" {
				filename = "attachment"
				if exts, _ := mime.ExtensionsByType(ct); len(exts) > 0 {
					filename += exts[0]
				}
			}
			if rerr == nil || len(body) > 0 {
				it.Attachments = append(it.Attachments, Attachment{Name: filename, Type: ct, Content: body})
			}
		}
	}
	text := plain
	if strings.TrimSpace(text) == "" && html != "" {
		text = html2text.HTML2Text(html)
	}
	text = strings.TrimSpace(strings.ToValidUTF8(text, "�"))

	kind, ok := ph.Classify(sender.Address, subject+"\n"+text)
	channel := cases.ChannelEmail
	if kind == cases.KindAuthority {
		channel = cases.ChannelAuthority
	}
	summary := subject
	if summary == "" {
		summary = firstLine(text)
	}
	it.Intake = cases.Intake{
		Kind: kind, Channel: channel, Received: received, Summary: truncate(summary, summaryRunes),
		Subject: cases.Subject{Name: name, Email: strings.ToLower(sender.Address)},
	}
	it.Note = text
	it.Triage, it.TimeGuessed = !ok, guessed
	it.Attachments = append([]Attachment{{Name: "message.eml", Type: "message/rfc822", Content: raw}}, it.Attachments...)
	if id, err := h.MessageID(); err == nil && id != "" {
		it.DedupKey = hashKey("mid:", strings.ToLower(id))
	} else {
		it.DedupKey = hashKey("raw:", string(raw))
	}
	return finish(it)
}

func firstLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			return l
		}
	}
	return ""
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// SplitMbox cuts an mbox into messages at each "From " line that starts a
// message, undoing the ">From " quoting of mboxrd.
func SplitMbox(raw []byte) [][]byte {
	var msgs [][]byte
	var cur []byte
	started := false
	for len(raw) > 0 {
		line := raw
		if i := bytes.IndexByte(raw, '\n'); i >= 0 {
			line, raw = raw[:i+1], raw[i+1:]
		} else {
			raw = nil
		}
		if bytes.HasPrefix(line, []byte("From ")) {
			if started && len(bytes.TrimSpace(cur)) > 0 {
				msgs = append(msgs, cur)
			}
			cur, started = nil, true
			continue
		}
		if !started {
			continue
		}
		if q := bytes.TrimLeft(line, ">"); len(q) < len(line) && bytes.HasPrefix(q, []byte("From ")) {
			line = line[1:]
		}
		cur = append(cur, line...)
	}
	if started && len(bytes.TrimSpace(cur)) > 0 {
		msgs = append(msgs, cur)
	}
	return msgs
}
