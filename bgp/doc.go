// Package bgp is the BGP-4 wire format: every message of RFC 4271 and the
// RFCs that extend it, decoded in place or into owned values, encoded back
// to the same octets. It uses the standard library only, and it is the one
// package in bgplens that knows a BGP byte layout.
//
// # Three ways in
//
// Views check a message's framing once and then read fields in place from
// the caller's buffer, without allocating: ParseUpdate gives an UpdateView
// whose Attrs, Announced and Withdrawn iterate over attributes and routes;
// ParseOpen gives an OpenView whose Capabilities iterate over capabilities;
// ParseAttr frames one attribute, and AttrView's getters (Origin, ASPath,
// Communities, MPReach, ...) read its value. A view aliases the buffer and
// must not outlive it.
//
// UpdateValues decodes a whole UPDATE in one pass into a field per
// attribute type and slices of routes, reusing its storage from one
// message to the next: the fast way to use every value of a stream. Its
// Decode agrees with ParseUpdate and the getters; a message that is not
// well formed is read through them.
//
// Owned values (Update, Open, Notification, Keepalive, RouteRefresh, any
// of them through DecodeMessage) are built by walking the views and share
// no memory with the input. Each has Append(dst, session), which writes
// the whole message; for every message the decoder accepts,
// Append(Decode(x)) == x. UpdateBuilder writes an UPDATE into a buffer
// without building values first.
//
// # Session context
//
// How an UPDATE reads depends on what its session negotiated: 4-octet AS
// numbers (RFC 6793), ADD-PATH per family and direction (RFC 7911) and
// extended messages (RFC 8654). Session carries that; it is small and
// comparable, its zero value is a session without capabilities, and
// Negotiate derives it from the two OPENs.
//
// # Errors
//
// Every problem is an *Error: the byte offset where it starts, the
// NOTIFICATION code, subcode and data RFC 4271 §6 prescribes, and the RFC
// 7606 Action (attribute discard, treat-as-withdraw, AFI/SAFI disable,
// session reset). ParseUpdate fails only when it cannot locate the
// UPDATE's sections; other problems are recorded, Verdict returns the
// strongest, and the routes stay readable so that treat-as-withdraw can be
// applied. No input makes the package panic, and no length read from the
// wire sizes an allocation before it is checked against the input.
//
// # Registries
//
// Each IANA registry is one table: attrTable (attr_codes.go) for path
// attributes, the NOTIFICATION codes (notification_codes.go), the
// capabilities (capability_codes.go), the communities and extended
// communities (community.go, community_ext.go), the families (family.go).
// Names, JSON names, RFC references, expected flags and RFC 7606 actions
// are all read from their rows.
//
// # Adding an attribute
//
//  1. A row in attrTable: name, JSON name, RFC, expected flags, RFC 7606
//     action, fixed length if any; a constant AttrXxx.
//  2. The value check in AttrView.Check (attr.go).
//  3. A getter on AttrView that returns a small value or a view.
//  4. An owned value type implementing AttrValue, decoded in
//     decodeAttrValue and encoded by its appendValue (attr_owned.go).
//  5. Its explanation in package explain (simple.go or attr.go).
//  6. Hex vectors from the RFC's figure, a round trip, and the fuzz seed.
package bgp
