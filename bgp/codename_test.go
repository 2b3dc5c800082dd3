package bgp

import "testing"

// TestCodeName: a named code reads as its name; a code past the table, or
// whose row has no name, reads as the type and the number.
func TestCodeName(t *testing.T) {
	names := []string{"", "one", "two"}
	for _, tc := range []struct {
		v    uint8
		want string
	}{{1, "one"}, {2, "two"}, {0, "Kind(0)"}, {3, "Kind(3)"}, {255, "Kind(255)"}} {
		if got := CodeName(names, tc.v, "Kind"); got != tc.want {
			t.Errorf("CodeName(%d) = %q, want %q", tc.v, got, tc.want)
		}
	}
	if got := UnnamedCode(uint32(70000), "X"); got != "X(70000)" {
		t.Errorf("UnnamedCode = %q", got)
	}
	if got := MessageType(0).String(); got != "MessageType(0)" {
		t.Errorf("MessageType(0) = %q", got)
	}
}
