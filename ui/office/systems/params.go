// Package systems finds, hands over and erases a subject's data in the
// operator's own systems: SQLite, PostgreSQL and MySQL databases, and any
// service behind a command the operator provides. The subject's identifiers
// are always bound as parameters, never spliced into SQL; every find runs
// in a read-only transaction with a time limit and a row cap.
package systems

import (
	"fmt"
	"strconv"
	"strings"
)

// Params are the named identifiers a statement may use.
var Params = []string{"email", "phone", "account", "name"}

// bind rewrites the named parameters of stmt (:email, :phone, :account,
// :name) as the driver's placeholders, $1… for PostgreSQL and ? for the
// others, and returns the names in placeholder order. Quoted strings,
// quoted identifiers, comments and PostgreSQL's :: casts are left alone;
// any other :word is an error, so that a typo never runs.
func bind(stmt string, dollar bool) (string, []string, error) {
	var out strings.Builder
	var names []string
	for i := 0; i < len(stmt); i++ {
		ch := stmt[i]
		switch {
		case ch == '\'' || ch == '"' || ch == '`':
			j := i + 1
			for ; j < len(stmt); j++ {
				if stmt[j] == ch {
					if j+1 < len(stmt) && stmt[j+1] == ch { // a doubled quote
						j++
						continue
					}
					break
				}
			}
			if j >= len(stmt) {
				return "", nil, fmt.Errorf("unterminated quote at %d", i)
			}
			out.WriteString(stmt[i : j+1])
			i = j
		case ch == '-' && i+1 < len(stmt) && stmt[i+1] == '-':
			j := strings.IndexByte(stmt[i:], '\n')
			if j < 0 {
				j = len(stmt) - i
			}
			out.WriteString(stmt[i : i+j])
			i += j - 1
		case ch == '/' && i+1 < len(stmt) && stmt[i+1] == '*':
			j := strings.Index(stmt[i+2:], "*/")
			if j < 0 {
				return "", nil, fmt.Errorf("unterminated comment at %d", i)
			}
			out.WriteString(stmt[i : i+j+4])
			i += j + 3
		case ch == ':' && i+1 < len(stmt) && stmt[i+1] == ':':
			out.WriteString("::")
			i++
		case ch == ':' && i+1 < len(stmt) && isWord(stmt[i+1]):
			j := i + 1
			for j < len(stmt) && isWord(stmt[j]) {
				j++
			}
			name := stmt[i+1 : j]
			if !known(name) {
				return "", nil, fmt.Errorf("unknown parameter :%s (use :email, :phone, :account or :name)", name)
			}
			names = append(names, name)
			if dollar {
				out.WriteString("$" + strconv.Itoa(len(names)))
			} else {
				out.WriteByte('?')
			}
			i = j - 1
		default:
			out.WriteByte(ch)
		}
	}
	return out.String(), names, nil
}

func isWord(b byte) bool {
	return b == '_' || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
}

func known(name string) bool {
	for _, p := range Params {
		if p == name {
			return true
		}
	}
	return false
}

// firstWord is a statement's first keyword, upper-case, after comments.
func firstWord(stmt string) string {
	s := strings.TrimSpace(stmt)
	for strings.HasPrefix(s, "--") || strings.HasPrefix(s, "/*") {
		if strings.HasPrefix(s, "--") {
			if i := strings.IndexByte(s, '\n'); i >= 0 {
				s = strings.TrimSpace(s[i+1:])
				continue
			}
			return ""
		}
		i := strings.Index(s, "*/")
		if i < 0 {
			return ""
		}
		s = strings.TrimSpace(s[i+2:])
	}
	end := strings.IndexFunc(s, func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') })
	if end < 0 {
		end = len(s)
	}
	return strings.ToUpper(s[:end])
}
