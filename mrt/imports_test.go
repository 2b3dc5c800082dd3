package mrt

import (
	"testing"

	"github.com/bgplens/bgplens/internal/importguard"
)

// TestImports keeps the package on the standard library alone, and off
// fmt and reflect.
func TestImports(t *testing.T) { importguard.Check(t) }
