package l10n

import (
	"testing"

	"golang.org/x/text/language"
	"golang.org/x/text/message/catalog"
)

// Every entry of the catalog compiles, in both languages: a string, or
// plural forms with "other" (keys are compiled as they are first printed,
// so a broken one would otherwise surface only when shown).
func TestCatalogCompiles(t *testing.T) {
	b := catalog.NewBuilder(catalog.Fallback(language.English))
	all := raw()
	if len(all) < 1000 {
		t.Fatalf("the catalog has %d entries", len(all))
	}
	for key, e := range all {
		if err := set(b, key, e); err != nil {
			t.Error(err)
		}
	}
	if err := set(b, "broken", entry{RU: []byte(`{"one": "x"}`), EN: []byte(`"x"`)}); err == nil {
		t.Error("plural forms without other compiled")
	}
}
