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
// communities (community.go, community_ext.go), the families
// (family_registry.go), and the TLVs inside attributes and NLRI: BGP-LS
// (bgpls_tlv.go), BGP_PREFIX_SID (attr_prefixsid.go), the tunnel types
// and sub-TLVs of TUNNEL_ENCAPSULATION (attr_tunnel.go). Names, JSON names, RFC references, expected flags,
// RFC 7606 actions and the NLRI framing of each family are all read from
// their rows.
//
// # Paths and sessions
//
// Path (path.go) is the one reading of a route's attributes that every
// output uses: made from an UPDATE (UpdateView.Path) or from an attribute
// set kept apart from it (ReadPath: a RIB's interned set, an MRT RIB
// entry), with the RFC 6793 AS_PATH and AGGREGATOR rules and the next hop
// per family, and written as JSON by AppendJSON (path_json.go; the members
// are documented in docs/json.md). ReadUpdate (read_update.go) is the one
// answer to which session an UPDATE was sent in: bmp.Peers, the explainer
// and dump call it.
//
// # Adding an attribute
//
// This is the one recipe; attr_owned.go points here.
//
//  1. A row in attrTable (attr_codes.go): name, JSON name, RFC, expected
//     flags, RFC 7606 action, fixed length if any; a constant AttrXxx.
//  2. What makes its value valid: the row's fixed length, or a valueCheck
//     in the row (attr_check.go); Check, the getters and the explainer all
//     ask the row. If the attribute is common, its kind in attrFastTable
//     (a shortcut that tests hold to the same answers).
//  3. A getter on AttrView that returns a small value or a view.
//  4. Its JSON: a row in pathJSON (path_json.go) with an appender writing
//     members named after the JSON name, documented in docs/json.md; until
//     then it is written under "other_attributes" with its octets.
//  5. An owned value type implementing AttrValue, decoded in
//     decodeAttrValue and encoded by its appendAttrValue (attr_owned.go;
//     the TLV attributes' in attr_owned_tlv.go);
//     until decodeAttrValue knows the type, the owned decode keeps its
//     octets, which re-encode unchanged.
//  6. Its explanation in package explain (simple.go or attr.go; for a
//     TLV attribute, a Fields method listing EntryFields and a case in
//     attr_tlv.go).
//  7. Hex vectors from the RFC's figure, a round trip, and the fuzz seed.
//
// # Adding a family
//
//  1. A row in familyRows (family_registry.go): the family, its JSON name
//     and other spellings, RFC, and either an IP layout (decoded into
//     Routes) or the frameFunc that finds the length of one NLRI entry.
//     That is enough for the family to be framed and checked in
//     MP_REACH_NLRI and MP_UNREACH_NLRI (Family.Entries), named in every
//     output and counted by dump.
//  2. Its decoder in a file of its own (family_xxx.go): a view over one
//     entry's octets (NLRI.Value) with the RFC's field names that reads
//     without allocating, an owned value that encodes back to the same
//     octets, and the row's codec, made by viewCodec (family_entry.go)
//     from the view's parse: the entry's JSON members, its one-line text
//     (the view's AppendText) and its fields with their RFC sections,
//     which Family.AppendEntryJSON, Family.EntryText and
//     Family.EntryFields (dump, the station, the explainer) call, each
//     given the view read; its check (the parse's error, or the decoder
//     called directly when it takes a few nanoseconds), with which
//     MP_REACH_NLRI and MP_UNREACH_NLRI find an entry that frames but
//     does not decode; and its terms: the addresses, MACs, AS numbers and
//     router IDs the entry names, which Family.EntryTerms yields for
//     lookups (the station's).
//  3. The row's key column (family_key.go), when the RFC says some fields
//     of an entry are route attributes rather than part of the route key
//     (labels, an EVPN MAC/IP route's ESI): a keyFunc in the family's file
//     appending the key fields, which Family.AppendEntryKey returns and a
//     RIB stores routes by. Without it an entry is keyed whole.
//  4. Its JSON members in docs/json.md ("NLRI entries"), samples from the
//     RFC's figures in entrySamples (family_entry_test.go, which checks
//     every row with a codec), vectors, a round trip, a fuzz target and a
//     benchmark with 0 allocations on the view.
package bgp
