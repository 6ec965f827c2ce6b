package office_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The layers point one way: cmd → ui/{tui,cli,ssh} → ui/office → store →
// cases. A rule is a package (a folder below the module) and the imports
// it must not have; a prefix forbids every package below it.
var layerRules = []struct {
	pkg       string
	forbidden []string
}{
	{"cases", []string{"privdesk/store", "privdesk/ui", "privdesk/cmd", "go.etcd.io/bbolt", "os\x00", "os/exec", "net\x00", "net/smtp"}},
	{"store", []string{"privdesk/ui", "privdesk/cmd"}},
	{"ui/office", []string{"charm.land/", "github.com/spf13/cobra", "github.com/charmbracelet/", "privdesk/ui/tui", "privdesk/ui/cli", "privdesk/ui/ssh", "go.etcd.io/bbolt"}},
	{"ui/tui", []string{"privdesk/store", "go.etcd.io/bbolt", "github.com/spf13/cobra", "charm.land/wish", "privdesk/ui/cli", "privdesk/ui/ssh"}},
	{"ui/cli", []string{"privdesk/store", "go.etcd.io/bbolt", "charm.land/bubbletea", "charm.land/wish", "privdesk/ui/tui", "privdesk/ui/ssh"}},
	{"ui/ssh", []string{"privdesk/store", "go.etcd.io/bbolt"}},
	{"ui/letters", []string{"privdesk/store", "privdesk/ui/office\x00", "privdesk/ui/tui", "privdesk/ui/cli", "go.etcd.io/bbolt"}},
	{"ui/report", []string{"privdesk/store", "privdesk/ui/office\x00", "go.etcd.io/bbolt"}},
	{"ui/l10n", []string{"privdesk/ui/office", "privdesk/ui/tui", "privdesk/ui/cli", "go.etcd.io/bbolt"}},
}

// importsOf lists the imports of the Go files (tests left out) in each
// folder below root, by folder.
func importsOf(t *testing.T, root string) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		dir, _ := filepath.Rel(root, filepath.Dir(path))
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			out[filepath.ToSlash(dir)] = append(out[filepath.ToSlash(dir)], p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// violations are the forbidden imports found: a rule's package and the
// folders below it. A forbidden path ending in NUL forbids that package
// alone, not those below it.
func violations(imports map[string][]string) []string {
	var bad []string
	for dir, list := range imports {
		for _, r := range layerRules {
			if dir != r.pkg && !strings.HasPrefix(dir, r.pkg+"/") {
				continue
			}
			if r.pkg == "ui/office" && strings.HasPrefix(dir, "ui/office/") && dir != "ui/office/config" {
				continue
			}
			for _, imp := range list {
				for _, f := range r.forbidden {
					exact, only := strings.CutSuffix(f, "\x00")
					if (only && imp == exact) || (!only && (imp == f || strings.HasPrefix(imp, strings.TrimSuffix(f, "/")+"/") || (strings.HasSuffix(f, "/") && strings.HasPrefix(imp, f)))) {
						bad = append(bad, dir+" imports "+imp)
					}
				}
			}
		}
	}
	return bad
}

func TestLayers(t *testing.T) {
	for _, v := range violations(importsOf(t, "../..")) {
		t.Error(v)
	}
}

// The checker itself finds a forbidden import when one is added.
func TestLayersCatchAForbiddenImport(t *testing.T) {
	for _, tc := range []struct{ dir, imp string }{
		{"ui/tui", "privdesk/store"},
		{"ui/cli", "privdesk/store/seal"},
		{"ui/office", "charm.land/bubbletea/v2"},
		{"ui/office", "github.com/spf13/cobra"},
		{"ui/office", "charm.land/wish/v2"},
		{"cases", "privdesk/store"},
		{"ui/tui/queue", "go.etcd.io/bbolt"},
	} {
		if v := violations(map[string][]string{tc.dir: {"fmt", tc.imp}}); len(v) != 1 {
			t.Errorf("%s importing %s: %v", tc.dir, tc.imp, v)
		}
	}
	if v := violations(map[string][]string{"ui/tui": {"privdesk/ui/office", "privdesk/cases"}}); len(v) != 0 {
		t.Errorf("allowed imports refused: %v", v)
	}
}
