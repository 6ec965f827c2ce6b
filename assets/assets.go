// Package assets holds the data privdesk embeds in its binary.
package assets

import _ "embed"

// Calendar is the Russian production calendar, 2024-2027, by Government decree.
//
//go:embed calendar.json
var Calendar []byte

// Messages is the catalog of user-visible text in Russian and English.
//
//go:embed messages.json
var Messages []byte

// Demo holds the fictional people and requests of the demo database.
//
//go:embed demo.json
var Demo []byte
