package letters

import (
	"fmt"
	"strings"
	"text/template"
	tparse "text/template/parse"
)

// Values from data (a subject's name, a letter's arguments, the register)
// must never change a letter's layout: every value a template prints goes
// through md, which escapes what Markdown would read as markup. The
// templates' own text keeps its markup.

// mdSpecial are the characters that make Markdown markup anywhere in a line.
const mdSpecial = "\\`*_[]<>|~"

// escapeMarkdown backslash-escapes s's markup characters (a quote's > among
// them), and at the start of each line what would begin a heading, a list
// or a rule.
func escapeMarkdown(s string) string {
	lines := strings.Split(s, "\n")
	for i, line := range lines {
		lines[i] = escapeLine(line)
	}
	return strings.Join(lines, "\n")
}

func escapeLine(line string) string {
	var b strings.Builder
	b.Grow(len(line) + 4)
	rest := strings.TrimLeft(line, " \t")
	b.WriteString(line[:len(line)-len(rest)])
	if n := blockMarker(rest); n > 0 {
		// The marker's last character, escaped, no longer begins a block.
		b.WriteString(rest[:n-1])
		b.WriteByte('\\')
		rest = rest[n-1:]
	}
	for _, r := range rest {
		if strings.ContainsRune(mdSpecial, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// blockMarker is the length of what begins a Markdown block at the start of
// a line (a heading's #s, a list's "-" or "1.", a rule or a setext
// underline), or 0. CommonMark wants a space or the end of the line after
// a marker, so "25.11.2026" or "-42" begin nothing.
func blockMarker(s string) int {
	spaceOrEnd := func(i int) bool { return i >= len(s) || s[i] == ' ' || s[i] == '\t' }
	if t := strings.Trim(s, "-= \t"); t == "" && s != "" {
		return 1 // a rule or a setext underline
	}
	switch {
	case s == "":
		return 0
	case s[0] == '#':
		n := len(s) - len(strings.TrimLeft(s, "#"))
		if n <= 6 && spaceOrEnd(n) {
			return 1
		}
	case s[0] == '-' || s[0] == '+':
		if spaceOrEnd(1) {
			return 1
		}
	}
	n := len(s) - len(strings.TrimLeft(s, "0123456789"))
	if n > 0 && n <= 9 && n < len(s) && (s[n] == '.' || s[n] == ')') && spaceOrEnd(n+1) {
		return n + 1
	}
	return 0
}

// md is escapeMarkdown for any value a template prints.
func md(v any) string { return escapeMarkdown(fmt.Sprint(v)) }

// autoEscape makes every action of every template in t print through md,
// as html/template does for HTML: a value cannot be printed unescaped,
// whoever wrote the template.
func autoEscape(t *template.Template) {
	for _, tt := range t.Templates() {
		if tt.Tree != nil {
			escapeNode(tt.Tree, tt.Tree.Root)
		}
	}
}

func escapeNode(tree *tparse.Tree, n tparse.Node) {
	switch n := n.(type) {
	case *tparse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			escapeNode(tree, c)
		}
	case *tparse.ActionNode:
		if len(n.Pipe.Decl) == 0 {
			id := tparse.NewIdentifier("md").SetTree(tree).SetPos(n.Pos)
			n.Pipe.Cmds = append(n.Pipe.Cmds, &tparse.CommandNode{NodeType: tparse.NodeCommand, Pos: n.Pos, Args: []tparse.Node{id}})
		}
	case *tparse.IfNode:
		escapeNode(tree, n.List)
		escapeNode(tree, n.ElseList)
	case *tparse.RangeNode:
		escapeNode(tree, n.List)
		escapeNode(tree, n.ElseList)
	case *tparse.WithNode:
		escapeNode(tree, n.List)
		escapeNode(tree, n.ElseList)
	}
}
