package tui

import (
	"reflect"

	"charm.land/bubbles/v2/key"
	"charm.land/huh/v2"

	"privdesk/ui/l10n"
)

// formKeyMap is huh's key map with its help in the officer's language: every
// binding's description is looked up as "huh.<description>" in the catalog.
// A description the catalog lacks keeps huh's English (and a test says so).
func formKeyMap(l *l10n.Printer) *huh.KeyMap {
	km := huh.NewDefaultKeyMap()
	eachBinding(reflect.ValueOf(km).Elem(), func(b *key.Binding) {
		h := b.Help()
		if id := "huh." + h.Desc; l10n.Has(id) {
			b.SetHelp(h.Key, l.T(id))
		}
	})
	return km
}

// eachBinding calls fn on every key.Binding in the struct v, nested ones too.
func eachBinding(v reflect.Value, fn func(*key.Binding)) {
	for i := range v.NumField() {
		f := v.Field(i)
		if !f.CanAddr() || !f.Addr().CanInterface() {
			continue
		}
		switch p := f.Addr().Interface().(type) {
		case *key.Binding:
			fn(p)
		default:
			if f.Kind() == reflect.Struct {
				eachBinding(f, fn)
			}
		}
	}
}
