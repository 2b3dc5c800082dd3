// Package bmp reads and writes the BGP Monitoring Protocol: RFC 7854, with
// Adj-RIB-Out (RFC 8671), Loc-RIB (RFC 9069), the Peer Up namespace (RFC
// 9736), the statistics of RFC 9972, and the version 4 TLVs of
// draft-ietf-grow-bmp-tlv where a message carries them. It uses the
// standard library and the bgp package only: every BGP byte layout is
// bgp's.
//
// # Reading
//
// A Reader frames the messages of a stream (a router's TCP connection or
// a file of one). ParseMessage checks a message's framing for its type
// and returns a MessageView; the typed views read fields in place:
// RouteMonitoringView frames the encapsulated UPDATE without parsing it,
// so that it can be read with whatever session turns out right, and
// PeerUpView derives that session from the OPENs (Session). Decode gives
// the owned form (RouteMonitoring, StatisticsReport, PeerDown, PeerUp,
// Initiation, Termination, RouteMirroring, Unknown), whose Append gives
// back the same octets.
//
// Peers is the per-peer state of a stream: fed Peer Up, Peer Down and
// Route Monitoring in order, it reads every UPDATE with the session of its
// peer and RIB, checks the reading, falls back to the other hypotheses
// (ADD-PATH, AS width) when the Peer Up's capabilities do not fit the
// bytes, and counts each case per peer. Routers do not all encode Route
// Monitoring the way their Peer Up says (see Peers).
//
// Views alias the buffer they were parsed from: a Reader's message is
// valid until its next call, and so is every view of it. Owned values hold
// copies. The encapsulated BGP messages (OPENs, UPDATEs, NOTIFICATIONs,
// mirrored messages) stay as bytes in owned values; the bgp package reads
// them.
//
// Errors are *Error, with the offset of the problem from the first octet
// of the message and a constant reason, wrapping the *bgp.Error when an
// encapsulated BGP message is at fault; a Reader's errors are
// *StreamError, with the offset in the stream.
//
// # Adding to the package
//
// To add a message type: a constant and a row in msgTypeTable
// (message_codes.go; HasPeerHeader if it has a per-peer header), the
// framing check in ParseMessage, an owned type with Type and Append, its
// case in MessageView.Decode, a hex vector in message_test.go written
// from the defining document's figure, and a seed in the FuzzParseMessage
// corpus.
//
// To add a TLV type: a constant and a row in the table of the message's
// registry (tlv_codes.go). Values stay bytes in TLV.Value; add a getter
// when the value has a structure (as Termination.Reason), and a vector.
//
// To add a statistics type: a row in statTable (stats_codes.go) with the
// registry's name, the value layout (StatWidth) and the document; the
// getters of Stat read every layout already.
//
// Every registry is one table of rows in a *_codes.go file: String, Ref
// and the explainer's labels read the same data.
package bmp
