package bmp

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestImports keeps the package on the standard library and the bgp
// package: every import of a non-test file must be one of those, and
// never fmt or reflect (no formatting or reflection on decode paths).
func TestImports(t *testing.T) {
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
			if strings.Contains(first, ".") && path != "github.com/bgplens/bgplens/bgp" {
				t.Errorf("%s imports %s: package bmp uses the standard library and bgp only", name, path)
			}
			if path == "reflect" || path == "fmt" {
				t.Errorf("%s imports %s: no reflection or fmt on decode paths", name, path)
			}
		}
	}
}
