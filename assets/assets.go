// Package assets holds the data privdesk embeds in its binary.
package assets

import "embed"

// Calendar is the Russian production calendar, 2024-2027, by Government decree.
//
//go:embed calendar.json
var Calendar []byte

// Messages is the catalog of user-visible text in Russian and English.
//
//go:embed messages.json
var Messages []byte

// Steps holds the verification and work checklists by kind.
//
//go:embed steps.json
var Steps []byte

// ActMarkdown and ActHTML are the templates of the destruction act.
//
//go:embed act.md.tmpl
var ActMarkdown string

//go:embed act.html.tmpl
var ActHTML string

// Intake holds the phrases that tell what an incoming message asks for.
//
//go:embed intake.json
var Intake []byte

// Demo holds the fictional people and requests of the demo database.
//
//go:embed demo.json
var Demo []byte

// Categories lists, by document type, the categories of personal data a
// document holds, for the destruction act (Order 179 p. 3 д); config.toml
// may replace any list.
//
//go:embed categories.json
var Categories []byte

// Letters holds the templates of the letters an officer sends, in Russian
// and English (name.ru.md, name.en.md), with their shared header and
// signature (office.*.md).
//
//go:embed letters
var Letters embed.FS

// DemoConfig is the configuration of the throwaway demo desk, with a
// complete processing register.
//
//go:embed demo.toml
var DemoConfig []byte
