package bgp

import (
	"strconv"
	"testing"
)

// TestAppendUint compares with strconv at every digit count's edges and
// over a dense range, appended after existing octets, with and without
// room in the slice.
func TestAppendUint(t *testing.T) {
	var vals []uint64
	for v := uint64(0); v < 200000; v++ {
		vals = append(vals, v)
	}
	for p := uint64(10); p < 1e19; p *= 10 {
		vals = append(vals, p-1, p, p+1)
	}
	for i := range 64 {
		vals = append(vals, 1<<i-1, 1<<i, 1<<i+1)
	}
	vals = append(vals, 1e19-1, 1e19, 1<<64-1)
	roomy := make([]byte, 2, 64)
	for _, v := range vals {
		want := "ab" + strconv.FormatUint(v, 10)
		if got := string(AppendUint([]byte("ab"), v)); got != want {
			t.Fatalf("AppendUint(%d) without room = %q, want %q", v, got, want)
		}
		copy(roomy, "ab")
		if got := string(AppendUint(roomy[:2], v)); got != want {
			t.Fatalf("AppendUint(%d) with room = %q, want %q", v, got, want)
		}
	}
}

var appendUintVals = []uint64{65001, 4200000001, 1299, 397143, 6939, 16509, 174, 21045, 600, 1, 48, 315}

// BenchmarkAppendUint writes the numbers of a typical path (AS numbers,
// communities, lengths); strconv is the reference.
func BenchmarkAppendUint(b *testing.B) {
	buf := make([]byte, 0, 256)
	b.Run("bgp", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			buf = buf[:0]
			for _, v := range appendUintVals {
				buf = AppendUint(buf, v)
			}
		}
	})
	b.Run("strconv", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			buf = buf[:0]
			for _, v := range appendUintVals {
				buf = strconv.AppendUint(buf, v, 10)
			}
		}
	})
}
