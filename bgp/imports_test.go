package bgp

import (
	"testing"

	"github.com/bgplens/bgplens/internal/importguard"
)

// TestStdlibOnly keeps the wire package free of dependencies: every import
// of a non-test file must be from the standard library.
func TestStdlibOnly(t *testing.T) { importguard.Check(t) }
