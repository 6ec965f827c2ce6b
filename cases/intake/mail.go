package intake

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"iter"
	"mime"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-message"
	_ "github.com/emersion/go-message/charset" // KOI8-R, Windows-1251 and the rest
	"github.com/emersion/go-message/mail"
	"github.com/emersion/go-message/textproto"
	"github.com/k3a/html2text"

	"privdesk/cases"
)

// Limits on what one message may bring, so that a hostile mailbox cannot
// exhaust memory.
const (
	maxParts     = 100
	maxDepth     = 10
	maxPartBytes = 64 << 20
	summaryRunes = 300
)

// ParseMail reads one message. fileTime, the moment the message reached the
// mailbox (the file's time), stands in for a Date that is missing, cannot be
// read, lies outside the years privdesk counts, or lies in the future of
// now. It refuses only what is not a message at all: no header, or no sender.
func ParseMail(raw []byte, source string, fileTime, now time.Time, ph *Phrases) Item {
	if len(bytes.TrimSpace(raw)) == 0 {
		return invalid(source, ErrEmpty)
	}
	h, e, err := readMessage(raw)
	if err != nil {
		it := invalid(source, ErrBadMail, err.Error())
		it.Raw = raw
		return it
	}
	it := Item{Source: source}
	sender, ok := senderOf(h)
	if !ok {
		it := invalid(source, ErrNoSender)
		it.Raw = raw
		return it
	}
	name := cases.CleanLine(sender.Name)
	if name == "" {
		name = sender.Address
	}
	received, guessed := mailDate(h, fileTime, now)
	subject, err := h.Subject()
	if err != nil {
		subject = h.Get("Subject")
	}
	subject = cases.CleanLine(subject)

	plain, html, atts := bodyParts(e)
	it.Attachments = atts
	text := plain
	if strings.TrimSpace(text) == "" && html != "" {
		text = html2text.HTML2Text(html)
	}
	text = cases.Clean(text)

	kind, known := ph.Classify(sender.Address, subject+"\n"+text)
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
		Subject: cases.Subject{Name: truncate(name, 200), Email: strings.ToLower(sender.Address)},
		Sender:  true,
	}
	it.Note = text
	it.Triage, it.TimeGuessed = !known, guessed
	it.Attachments = append([]Attachment{{Name: "message.eml", Type: "message/rfc822", Content: raw, Role: cases.RoleRequest}}, it.Attachments...)
	it.ContentKey = hashKey("raw:", string(raw))
	if id, err := h.MessageID(); err == nil && id != "" {
		it.DedupKey = hashKey("mid:", strings.ToLower(id))
	}
	return finish(it, now)
}

// bodyParts reads a message's leaves: the first plain and HTML texts, and
// every other part (or one marked as an attachment) as an attachment.
func bodyParts(e *message.Entity) (plain, html string, atts []Attachment) {
	walkParts(e, func(ph message.Header, body []byte) {
		ct, params, _ := ph.ContentType()
		disp, dparams, _ := ph.ContentDisposition()
		filename := dparams["filename"]
		if filename == "" {
			filename = params["name"]
		}
		if disp == "attachment" || (ct != "" && !strings.HasPrefix(ct, "text/")) {
			if filename == "" {
				filename = "attachment"
				if exts, _ := mime.ExtensionsByType(ct); len(exts) > 0 {
					filename += exts[0]
				}
			}
			if len(body) > 0 {
				atts = append(atts, Attachment{Name: cases.CleanLine(filename), Type: ct, Content: body})
			}
			return
		}
		switch {
		case ct == "text/html" && html == "":
			html = string(body)
		case ct != "text/html" && plain == "":
			plain = string(body)
		}
	})
	return plain, html, atts
}

// readMessage parses the header leniently and returns the message as an
// entity whose body can be walked. An unknown transfer encoding or charset
// leaves that part's bytes as they came.
func readMessage(raw []byte) (mail.Header, *message.Entity, error) {
	head, body, ok := splitHeader(raw)
	if !ok {
		return mail.Header{}, nil, errNotMessage
	}
	th, err := textproto.ReadHeader(bufio.NewReader(bytes.NewReader(head)))
	if err != nil {
		return mail.Header{}, nil, err
	}
	h := message.Header{Header: th}
	fixEncoding(&h)
	e, err := message.New(h, bytes.NewReader(body))
	if e == nil {
		return mail.Header{}, nil, err
	}
	return mail.Header{Header: h}, e, nil
}

var errNotMessage = errors.New("no header")

// splitHeader cuts raw into its header (ending in a blank line) and body. A
// header not followed by a blank line ends at the first line that is not a
// header field or its continuation. ok is false when raw does not begin
// with a header field.
func splitHeader(raw []byte) (head, body []byte, ok bool) {
	rest := raw
	n := 0
	for len(rest) > 0 {
		line := rest
		next := []byte(nil)
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			line, next = rest[:i+1], rest[i+1:]
		}
		trimmed := bytes.TrimRight(line, "\r\n")
		if len(trimmed) == 0 {
			if n == 0 {
				return nil, nil, false
			}
			head = raw[:len(raw)-len(next)]
			if !bytes.HasSuffix(head, []byte("\n")) {
				head = append(bytes.Clone(head), '\n') // a lone CR ends the file
			}
			return head, next, true
		}
		isCont := n > 0 && (trimmed[0] == ' ' || trimmed[0] == '\t')
		if !isCont && !isField(trimmed) {
			break
		}
		n++
		rest = next
		if next == nil {
			rest = nil
		}
	}
	if n == 0 {
		return nil, nil, false
	}
	head = append(bytes.Clone(raw[:len(raw)-len(rest)]), "\r\n"...)
	return head, rest, true
}

// isField tells whether line starts a header field: a name of printable
// ASCII other than the colon, then a colon.
func isField(line []byte) bool {
	i := bytes.IndexByte(line, ':')
	if i <= 0 || i > 76 {
		return false
	}
	for _, c := range line[:i] {
		if c <= ' ' || c > '~' {
			return false
		}
	}
	return true
}

// fixEncoding mends the transfer encodings that mail programs misspell
// ("8-bit", "Quoted Printable"); one still unknown is dropped, so that the
// bytes are kept as they came rather than the message refused.
func fixEncoding(h *message.Header) {
	v := strings.ToLower(h.Get("Content-Transfer-Encoding"))
	if v == "" {
		return
	}
	squashed := strings.Map(func(r rune) rune {
		if r == '-' || r == '_' || r == ' ' || r == '\t' || r == '"' {
			return -1
		}
		return r
	}, v)
	switch squashed {
	case "7bit", "8bit", "binary":
		h.Set("Content-Transfer-Encoding", squashed)
	case "quotedprintable":
		h.Set("Content-Transfer-Encoding", "quoted-printable")
	case "base64":
		h.Set("Content-Transfer-Encoding", "base64")
	default:
		h.Del("Content-Transfer-Encoding")
	}
}

// walkParts calls visit with every leaf part's header and decoded body, in
// order, depth first, within the limits on parts, depth and size.
func walkParts(e *message.Entity, visit func(h message.Header, body []byte)) {
	count := 0
	var walk func(e *message.Entity, depth int)
	walk = func(e *message.Entity, depth int) {
		if count >= maxParts {
			return
		}
		if mr := e.MultipartReader(); mr != nil {
			if depth >= maxDepth {
				return
			}
			for count < maxParts {
				p, err := mr.NextPart()
				if p == nil || (err != nil && !message.IsUnknownCharset(err) && !message.IsUnknownEncoding(err)) {
					return // the end, or a broken boundary: keep what was read
				}
				fixPart(p)
				walk(p, depth+1)
			}
			return
		}
		count++
		body, _ := io.ReadAll(io.LimitReader(e.Body, maxPartBytes))
		visit(e.Header, body)
	}
	walk(e, 0)
}

// fixPart re-reads a part whose transfer encoding is misspelt.
func fixPart(p *message.Entity) {
	before := p.Header.Get("Content-Transfer-Encoding")
	fixEncoding(&p.Header)
	if after := p.Header.Get("Content-Transfer-Encoding"); after != before && after != "" {
		if e, err := message.New(p.Header, p.Body); err == nil {
			*p = *e
		}
	}
}

// senderOf finds the sender: From, else Sender, else Reply-To, read as an
// address list, or, when that fails (no commas, stray words), as the first
// thing in it shaped like an address.
func senderOf(h mail.Header) (*mail.Address, bool) {
	for _, key := range []string{"From", "Sender", "Reply-To"} {
		if list, err := h.AddressList(key); err == nil && len(list) > 0 && list[0].Address != "" {
			return list[0], true
		}
		v, err := h.Text(key)
		if err != nil {
			v = h.Get(key)
		}
		if loc := addrPattern.FindStringIndex(v); loc != nil {
			name := strings.Trim(strings.TrimSpace(v[:loc[0]]), "\"'<>, ")
			return &mail.Address{Name: name, Address: v[loc[0]:loc[1]]}, true
		}
	}
	return nil, false
}

var addrPattern = regexp.MustCompile(`[^\s<>,;:"'()\[\]]+@[^\s<>,;:"'()\[\]]+`)

// mailDate is the Date header when it can be counted from; otherwise the
// arrival time (now, should the file's time be later than that), and true.
func mailDate(h mail.Header, arrival, now time.Time) (time.Time, bool) {
	t, err := h.Date()
	if err != nil || t.IsZero() || cases.CheckReceived(t, now) != nil {
		if arrival.After(now) {
			arrival = now
		}
		return arrival, true
	}
	return t, false
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

// Mbox reads an mbox from r one message at a time, cutting it at each
// "From " line that starts a message and undoing the ">From " quoting of
// mboxrd. Only one message is held at a time.
func Mbox(r io.Reader) iter.Seq2[[]byte, error] {
	return func(yield func([]byte, error) bool) {
		br := bufio.NewReaderSize(r, 64<<10)
		var cur []byte
		started := false
		for {
			line, err := readLine(br)
			if len(line) > 0 {
				if bytes.HasPrefix(line, []byte("From ")) {
					if started && len(bytes.TrimSpace(cur)) > 0 && !yield(cur, nil) {
						return
					}
					cur, started = nil, true
				} else if started {
					if q := bytes.TrimLeft(line, ">"); len(q) < len(line) && bytes.HasPrefix(q, []byte("From ")) {
						line = line[1:]
					}
					cur = append(cur, line...)
				}
			}
			if errors.Is(err, io.EOF) {
				if started && len(bytes.TrimSpace(cur)) > 0 {
					yield(cur, nil)
				}
				return
			}
			if err != nil {
				yield(nil, err)
				return
			}
		}
	}
}

// readLine reads one line with its end, however long; it is valid until
// the next read.
func readLine(br *bufio.Reader) ([]byte, error) {
	line, err := br.ReadSlice('\n')
	if !errors.Is(err, bufio.ErrBufferFull) {
		return line, err
	}
	long := bytes.Clone(line)
	for errors.Is(err, bufio.ErrBufferFull) {
		line, err = br.ReadSlice('\n')
		long = append(long, line...)
	}
	return long, err
}
