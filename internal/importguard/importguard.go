// Package importguard keeps the core wire packages honest: a test in each
// calls Check, which fails on any import of a non-test file that is not
// from the standard library or explicitly allowed, and on fmt and reflect
// (no formatting or reflection on decode paths).
package importguard

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// Check reads the imports of the non-test Go files in the current
// directory (a package's tests run there) and reports every import that
// is neither standard nor in allowed.
func Check(t *testing.T, allowed ...string) {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			first, _, _ := strings.Cut(path, "/")
			if strings.Contains(first, ".") && !contains(allowed, path) {
				t.Errorf("%s imports %s: only the standard library and %v are allowed here", name, path, allowed)
			}
			if path == "reflect" || path == "fmt" {
				t.Errorf("%s imports %s: no reflection or fmt on decode paths", name, path)
			}
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
