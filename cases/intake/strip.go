package intake

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"strings"

	"github.com/emersion/go-message"
)

// StripPart rewrites a kept message without every part whose decoded
// content has the SHA-256 sum (hex), putting in its place a short text/plain
// part that says so. changed is false when no part matched. An error means
// the message could not be rewritten; the caller must then not keep it.
func StripPart(raw []byte, sum, note string) (out []byte, changed bool, err error) {
	_, e, err := readMessage(raw)
	if err != nil {
		return nil, false, err
	}
	var buf bytes.Buffer
	h := writable(e)
	body, leaf := leafBody(e)
	if leaf && matches(body, sum) {
		// The whole message is the document: keep the sender's headers,
		// and say what was removed instead of the body.
		for _, k := range []string{"Content-Type", "Content-Transfer-Encoding", "Content-Disposition"} {
			h.Del(k)
		}
		ph := placeholderHeader()
		h.Set("Content-Type", ph.Get("Content-Type"))
		h.Set("Content-Transfer-Encoding", ph.Get("Content-Transfer-Encoding"))
		body, changed = []byte(note), true
	}
	w, err := message.CreateWriter(&buf, h)
	if err != nil {
		return nil, false, err
	}
	if leaf {
		_, err = w.Write(body)
	} else {
		changed, err = copyEntity(w, e, sum, note, 0)
	}
	if err != nil {
		return nil, false, err
	}
	if err := w.Close(); err != nil {
		return nil, false, err
	}
	if !changed {
		return raw, false, nil
	}
	return buf.Bytes(), true, nil
}

// copyEntity writes e's body into w (whose header is already written),
// replacing leaves whose content matches sum.
func copyEntity(w *message.Writer, e *message.Entity, sum, note string, depth int) (bool, error) {
	changed := false
	if multipart(e) {
		mr := e.MultipartReader()
		for {
			p, err := mr.NextPart()
			if err == io.EOF || p == nil {
				return changed, nil
			}
			if err != nil && !message.IsUnknownCharset(err) && !message.IsUnknownEncoding(err) {
				return changed, err
			}
			fixPart(p)
			body, leaf := leafBody(p)
			h := writable(p)
			if leaf && matches(body, sum) {
				h = placeholderHeader()
				body = []byte(note)
				changed = true
			}
			pw, err := w.CreatePart(h)
			if err != nil {
				return changed, err
			}
			if leaf {
				_, err = pw.Write(body)
			} else if depth+1 < maxDepth {
				var c bool
				c, err = copyEntity(pw, p, sum, note, depth+1)
				changed = changed || c
			}
			if cerr := pw.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return changed, err
			}
		}
	}
	return false, nil
}

func leafBody(p *message.Entity) ([]byte, bool) {
	if multipart(p) {
		return nil, false
	}
	b, _ := io.ReadAll(io.LimitReader(p.Body, maxPartBytes))
	return b, true
}

func matches(body []byte, sum string) bool {
	s := sha256.Sum256(body)
	return len(body) > 0 && hex.EncodeToString(s[:]) == sum
}

func placeholderHeader() message.Header {
	var h message.Header
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("Content-Transfer-Encoding", "quoted-printable")
	return h
}

// multipart tells whether e can be read and written as a multipart entity:
// a multipart type whose parameters parse and name a boundary. go-message
// treats any type that merely begins with "multipart/" as multipart, and its
// writer then assigns into the missing parameters; such a part is copied as
// an opaque leaf instead.
func multipart(e *message.Entity) bool {
	t, params, err := e.Header.ContentType()
	return err == nil && strings.HasPrefix(t, "multipart/") && params["boundary"] != ""
}

// writable is e's header as the rewrite writes it. A text part is relabelled
// as UTF-8 (go-message decoded it to UTF-8, and it is written back as it
// is); any other charset label is dropped from a part that is not text,
// where it means nothing. A leaf whose type claims to be multipart (its
// parameters unreadable or its boundary missing) is written as the opaque
// bytes it is: application/octet-stream, with no transfer encoding, since
// go-message did not decode it.
func writable(e *message.Entity) message.Header {
	h := e.Header.Copy()
	t, params, err := h.ContentType()
	switch {
	case !multipart(e) && strings.HasPrefix(t, "multipart/"):
		h.Set("Content-Type", "application/octet-stream")
		h.Del("Content-Transfer-Encoding")
	case err != nil || params["charset"] == "":
	case strings.HasPrefix(t, "text/"):
		params["charset"] = "utf-8"
		h.SetContentType(t, params)
	default:
		delete(params, "charset")
		h.SetContentType(t, params)
	}
	return h
}
