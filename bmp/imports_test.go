package bmp

import (
	"testing"

	"github.com/bgplens/bgplens/internal/importguard"
)

// TestImports keeps the package on the standard library and the bgp
// package, and off fmt and reflect.
func TestImports(t *testing.T) { importguard.Check(t, "github.com/bgplens/bgplens/bgp") }
