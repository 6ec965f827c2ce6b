package tui

import (
	"charm.land/bubbles/v2/key"

	"privdesk/ui/l10n"
)

// KeyMap holds every key binding of the TUI.
type KeyMap struct {
	Up, Down, PageUp, PageDown, Top, Bottom  key.Binding
	NextTab, PrevTab, Tabs                   key.Binding
	Open, Back, Filter, New, Help, Quit      key.Binding
	Note, Close, Move, Reopen                key.Binding
	Extend, Edit, Done                       key.Binding
	Tick, Fail, NA, Attach, OpenDoc, Destroy key.Binding
	Import, Quarantine, Branch, Letters      key.Binding
	Dashboard, Jump, Yank, YankSummary       key.Binding
	Mark, MarkAll                            key.Binding
	BulkKind, BulkClose, BulkNote            key.Binding
	BulkAssign, BulkMet, BulkTick            key.Binding
	SortNext, SortPrev, Undo, Earlier        key.Binding
	Review, Found, SortFlip, Act             key.Binding
	Discover, Erase                          key.Binding
	// ShowAll shows a message too long for its line; CaseBack and CaseQuit
	// are esc/q and ctrl+c as the case file answers them.
	ShowAll, CaseBack, CaseQuit key.Binding
	// The letters screen and the quarantine.
	Choose, Scroll, Write, Issue, EditDraft key.Binding
	Discard                                 key.Binding
	Print, Sent, Send, Read, SetAside       key.Binding
}

// DefaultKeyMap builds the bindings with help text in the printer's language.
func DefaultKeyMap(l *l10n.Printer) KeyMap {
	b := func(help string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(keys[0], l.T(help)))
	}
	k := KeyMap{
		Up:          b("key.up", "up", "k"),
		Down:        b("key.down", "down", "j"),
		PageUp:      b("key.pgup", "pgup", "ctrl+u"),
		PageDown:    b("key.pgdown", "pgdown", "ctrl+d"),
		Top:         b("key.top", "home", "g"),
		Bottom:      b("key.bottom", "end", "G"),
		NextTab:     b("key.nexttab", "tab"),
		PrevTab:     b("key.prevtab", "shift+tab"),
		Tabs:        b("key.tabs", "1", "2", "3", "4", "5", "6", "7", "8"),
		Open:        b("key.open", "enter"),
		Back:        b("key.back", "esc"),
		Filter:      b("key.filter", "/"),
		New:         b("key.new", "n"),
		Help:        b("key.help", "?"),
		Quit:        b("key.quit", "q", "ctrl+c"),
		Note:        b("key.note", "n"),
		Close:       b("key.close", "c"),
		Move:        b("key.move", "s"),
		Reopen:      b("key.reopen", "r"),
		Extend:      b("key.extend", "e"),
		Edit:        b("key.edit", "k"),
		Done:        b("key.done", "m"),
		Tick:        b("key.tick", "space", "v"),
		Fail:        b("key.fail", "x"),
		NA:          b("key.na", "-"),
		Attach:      b("key.attach", "a"),
		OpenDoc:     b("key.opendoc", "o"),
		Destroy:     b("key.destroy", "D"),
		Import:      b("key.import", "i"),
		Quarantine:  b("key.quarantine", "Q"),
		Branch:      b("key.branch", "b"),
		Letters:     b("key.letters", "L"),
		Dashboard:   b("key.dashboard", "D"),
		Jump:        b("key.jump", ":", "ctrl+g"),
		Yank:        b("key.yank", "y"),
		YankSummary: b("key.yank_summary", "Y"),
		Mark:        b("key.mark", "space"),
		MarkAll:     b("key.mark_all", "ctrl+a", "V"),
		BulkKind:    b("key.bulk_kind", "t"),
		BulkClose:   b("key.bulk_close", "c"),
		BulkNote:    b("key.bulk_note", "N"),
		BulkAssign:  b("key.bulk_assign", "A"),
		BulkMet:     b("key.bulk_met", "m"),
		BulkTick:    b("key.bulk_tick", "x"),
		SortNext:    b("key.sort_next", ">"),
		SortPrev:    b("key.sort_prev", "<"),
		Undo:        b("key.undo", "u"),
		Earlier:     b("key.earlier", "["),
		Review:      b("key.review", "R"),
		Found:       b("key.found", "f"),
		Act:         b("key.act", "A"),
		Discover:    b("key.discover", "F"),
		Erase:       b("key.erase", "E"),
		SortFlip:    b("key.sort_flip", "~"),
		ShowAll:     b("key.show_all", "!"),
		CaseBack:    b("key.back", "esc", "q"),
		CaseQuit:    b("key.quit", "ctrl+c"),
		Choose:      b("key.choose", "↑/↓", "up", "down", "k", "j"),
		Scroll:      b("key.scroll", "↑/↓", "up", "down", "pgup", "pgdown"),
		Write:       b("key.write", "enter"),
		Issue:       b("key.issue", "i"),
		EditDraft:   b("key.edit_draft", "e"),
		Discard:     b("key.discard", "esc"),
		Print:       b("key.print", "p"),
		Sent:        b("key.sent", "s"),
		Send:        b("key.send", "S"),
		Read:        b("key.read", "enter"),
		SetAside:    b("key.set_aside", "D"),
	}
	k.Choose.SetKeys("up", "down", "k", "j")
	k.Scroll.SetKeys("up", "down", "pgup", "pgdown")
	k.Tabs.SetHelp("1-8", l.T("key.tabs"))
	return k
}

// queueHelp is the help for the queue: short first, then the rest.
type queueHelp struct{ k *KeyMap }

func (h queueHelp) ShortHelp() []key.Binding {
	// ? and q first: a narrow terminal cuts the line's end, never these.
	return []key.Binding{h.k.Help, h.k.Quit, h.k.Open, h.k.New, h.k.Import, h.k.Filter, h.k.NextTab}
}

func (h queueHelp) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{h.k.Up, h.k.Down, h.k.PageUp, h.k.PageDown, h.k.Top, h.k.Bottom},
		{h.k.NextTab, h.k.PrevTab, h.k.Tabs, h.k.Filter, h.k.Jump, h.k.SortNext, h.k.SortPrev, h.k.SortFlip},
		{h.k.Mark, h.k.MarkAll, h.k.BulkKind, h.k.BulkTick, h.k.BulkClose, h.k.BulkMet},
		{h.k.BulkNote, h.k.BulkAssign, h.k.Undo, h.k.Yank, h.k.YankSummary},
		{h.k.Move, h.k.Reopen, h.k.Extend, h.k.Attach, h.k.ShowAll},
		{h.k.Open, h.k.New, h.k.Import, h.k.Quarantine, h.k.Dashboard, h.k.Help, h.k.Quit},
	}
}

// caseHelp is the help for an open case file.
type caseHelp struct {
	k        *KeyMap
	closed   bool
	hasSteps bool
}

func (h caseHelp) ShortHelp() []key.Binding {
	if h.closed {
		return []key.Binding{h.k.Back, h.k.Help, h.k.Reopen, h.k.OpenDoc, h.k.Destroy, h.k.Note}
	}
	// esc and ? first: a narrow terminal cuts the line's end, never these.
	if !h.hasSteps {
		return []key.Binding{h.k.Back, h.k.Help, h.k.Attach, h.k.Note, h.k.Move, h.k.Done, h.k.Close}
	}
	return []key.Binding{h.k.Back, h.k.Help, h.k.Tick, h.k.Letters, h.k.Note, h.k.Move, h.k.Close}
}

func (h caseHelp) FullHelp() [][]key.Binding {
	if h.closed { // each key once; q goes back here, ctrl+c quits
		return [][]key.Binding{{h.k.Up, h.k.Down, h.k.PageUp, h.k.PageDown},
			{h.k.Reopen, h.k.OpenDoc, h.k.Destroy, h.k.Act, h.k.Note, h.k.Letters, h.k.Yank, h.k.ShowAll},
			{h.k.CaseBack, h.k.Help, h.k.CaseQuit}}
	}
	return [][]key.Binding{
		{h.k.Up, h.k.Down, h.k.PageUp, h.k.PageDown},
		{h.k.Tick, h.k.Fail, h.k.NA, h.k.Note},
		{h.k.Attach, h.k.OpenDoc, h.k.Destroy, h.k.Act, h.k.Move, h.k.Found, h.k.Discover, h.k.Erase},
		{h.k.Done, h.k.Extend, h.k.Edit, h.k.Branch, h.k.Letters, h.k.Close, h.k.Undo, h.k.Earlier, h.k.Review},
		{h.k.Yank, h.k.ShowAll},
		{h.k.CaseBack, h.k.Help, h.k.CaseQuit},
	}
}

// readOnly turns off every binding that changes the register, for an
// auditor: the help then offers none of them, and none of them matches a
// key, so no form opens only to be refused at saving.
func (k *KeyMap) readOnly() {
	for _, b := range []*key.Binding{&k.New, &k.Note, &k.Close, &k.Move, &k.Reopen, &k.Extend, &k.Edit, &k.Done,
		&k.Tick, &k.Fail, &k.NA, &k.Attach, &k.Destroy, &k.Import, &k.Branch, &k.BulkKind, &k.BulkClose,
		&k.BulkNote, &k.BulkAssign, &k.BulkMet, &k.BulkTick, &k.Undo, &k.Review, &k.Found, &k.Act, &k.Discover, &k.Erase, &k.Mark, &k.MarkAll,
		&k.Write, &k.Issue, &k.EditDraft, &k.Sent, &k.Send, &k.SetAside} {
		b.SetEnabled(false)
	}
}

// bindings is a fixed list of bindings as a help.KeyMap.
type bindings []key.Binding

func (b bindings) ShortHelp() []key.Binding  { return b }
func (b bindings) FullHelp() [][]key.Binding { return [][]key.Binding{b} }
