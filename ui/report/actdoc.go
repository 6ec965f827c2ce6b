package report

import (
	"strconv"
	"strings"

	"privdesk/cases"
)

// ActDoc lays the act out for its PDF: the same items and words as its
// Markdown and HTML.
func ActDoc(act cases.Act, lang cases.Lang, t func(string, ...any) string, text func(cases.Text) string) Doc {
	day := func(d cases.Date) string { return Day(d, lang) }
	var procs, people, cats, media []string
	for _, p := range ActProcessors(act) {
		procs = append(procs, p.Name+", "+p.Address)
	}
	if len(procs) == 0 {
		procs = []string{t("act.no_processor")}
	}
	for _, p := range act.Destroyers {
		people = append(people, p.Name+", "+p.Position)
	}
	for i, c := range act.Categories() {
		cats = append(cats, strconv.Itoa(i+1)+") "+c)
	}
	for _, e := range act.Paper() {
		media = append(media, e.Medium+", "+t("act.sheets")+": "+strconv.Itoa(e.Sheets))
	}
	if len(media) == 0 {
		media = []string{text(cases.ActMedia)}
	}
	items := [][]string{
		{"а", t("act.operator"), act.Operator.Name + ", " + act.Operator.Address},
		{"б", t("act.processor"), strings.Join(procs, "\n")},
		{"в", t("act.subject"), act.Subject},
		{"г", t("act.destroyers"), strings.Join(people, "\n")},
		{"д", t("act.categories"), strings.Join(cats, "\n")},
		{"е", t("act.media"), strings.Join(media, "\n")},
	}
	var entries [][]string
	for _, e := range act.Entries {
		how := e.How
		if e.Medium != "" {
			how += " (" + e.Medium + ")"
		}
		entries = append(entries, []string{"№" + strconv.Itoa(e.Event), strings.Join(e.Categories, "; "), e.System, how, e.Reason, day(e.Date)})
	}
	logLine := t("act.log_legacy")
	if act.Export != "" {
		logLine = t("act.log", act.Export, act.ExportSHA256)
	}
	blocks := []Block{
		{Text: t("act.date") + ": " + day(act.Date)},
		{Text: t("act.intro")},
		{Head: []string{"", t("act.field"), t("act.value")}, Rows: items, Widths: []float64{8, 62, 107}},
		{Heading: t("act.entries")},
		{Head: []string{t("act.event"), t("act.categories"), t("act.system") + " (ж)", t("act.method") + " (з)", t("act.reason") + " (и)", t("act.destroyed_on") + " (к)"},
			Rows: entries, Widths: []float64{20, 30, 33, 34, 34, 26}},
		{Text: logLine + "."},
		{Text: t("act.retain") + " " + day(act.RetainUntil) + "."},
	}
	for _, p := range act.Destroyers {
		blocks = append(blocks, Block{Text: "\n" + p.Position + "    ____________________    " + p.Name})
	}
	return Doc{Title: t("act.title") + " № " + act.No, Blocks: blocks}
}

// ActProcessors are the act's processors (б), as it recorded them.
func ActProcessors(a cases.Act) []cases.Party {
	if len(a.Processors) == 0 && a.Processor != nil {
		return []cases.Party{*a.Processor}
	}
	return a.Processors
}
