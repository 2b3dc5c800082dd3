// Package interop holds differential tests and benchmarks that compare
// bgplens's bgp package with GoBGP's pkg/packet/bgp on the same messages:
// the real captures and MRT dumps under the repository's testdata/ and a
// seeded corpus of generated UPDATEs. It is a nested module so that the
// main module never depends on GoBGP; see README.md.
package interop
