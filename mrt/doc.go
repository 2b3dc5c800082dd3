// Package mrt reads and writes MRT routing archives (RFC 6396, with the
// ADD-PATH extensions of RFC 8050): the RIB dumps and update files that
// RIPE RIS, RouteViews and routers (BIRD, FRR, OpenBGPD, GoBGP) write.
// It uses the standard library only and knows every MRT byte layout; the
// BGP messages and path attributes the records carry stay bytes here, for
// package bgp to read (package mrt/mrtbgp holds that glue).
//
// # Reading
//
// Reader frames the records of a stream, gzip- or bzip2-compressed or not,
// in one buffer whose size is bounded by the largest record, and returns
// each as a RecordView: the common header and the body, aliasing the
// buffer until the next call (Next, or Records to range over them, with
// Err telling a clean end from a cut or damaged stream). The view's methods read the body of its kind
// in place: BGP4MP (BGP4MP and BGP4MP_ET messages and state changes, and
// the deprecated BGP type of the oldest archives), TableDump (TABLE_DUMP),
// PeerIndex (TABLE_DUMP_V2 PEER_INDEX_TABLE) and RIB (the RIB subtypes,
// RIB_GENERIC and their ADD-PATH variants), whose All walks the entries
// without allocating.
//
// Every type and subtype is a row of one registry table (codes.go) that
// says how its body is laid out (Kind) and what its subtype implies (AS
// width, ADD-PATH, local); the readers and writers take those facts from
// the row. A record of a type or subtype not in the table is still framed
// (Kind KindUnknown) so that a reader can skip it and go on.
//
// # Real archives
//
// Writers before RFC 8050 put Path Identifiers into the RIB entries of
// non-ADD-PATH subtypes; RIB reads the entries the way the octets fit and
// says so (PathIDMismatch). Zebra wrote BGP4MP records whose peer header
// stops after the AS numbers; BGP4MP recognises them by the BGP marker
// that follows (Shortened). A stream that ends inside a record gives a
// *StreamError with the record's offset after the records before it.
//
// # Writing
//
// DecodeRecord (or RecordView.Decode) gives a Record, an owned value that
// shares no memory with the input; Record.Append writes it back, byte for
// byte the same for every record the decoder accepts. Writer writes
// records to a stream.
package mrt
