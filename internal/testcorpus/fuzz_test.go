package testcorpus

import "testing"

// FuzzReadMRT checks that the MRT walker never panics and that every
// message it returns lies inside the input.
func FuzzReadMRT(f *testing.F) {
	for _, rel := range []string{"mrtparse/samples/bird-mrtdump_bgp", "mrtparse/samples/quagga_bgp"} {
		if b, err := ReadFile(rel); err == nil {
			f.Add(b[:min(len(b), 600)])
		}
	}
	f.Add([]byte{0, 0, 0, 0, 0, 17, 0, 9, 0, 0, 0, 4, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		msgs, st, _ := ReadMRTStats(b)
		if len(msgs) > st.Records {
			t.Fatalf("%d messages from %d records", len(msgs), st.Records)
		}
		for _, m := range msgs {
			if len(m.Data) > len(b) || m.Off > len(b) {
				t.Fatal("message outside the input")
			}
		}
	})
}

// FuzzReadCapture checks that the pcap/pcapng reader and the reassembler
// never panic and never return more octets than the input holds.
func FuzzReadCapture(f *testing.F) {
	for _, rel := range []string{"tcpdump/tests/bgp-cease-hard-reset.pcap", "tcpdump/tests/bgp-orf.pcapng", "tcpdump/tests/bgp-aigp.pcap"} {
		if b, err := ReadFile(rel); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		msgs, _, _ := ReadCapture(b, Session{})
		n := 0
		for _, m := range msgs {
			n += len(m.Data)
		}
		if n > len(b) {
			t.Fatalf("%d message octets from a %d-octet file", n, len(b))
		}
	})
}
