package explain

// bmpEvents are the rows of sessionEvents (events.go) for what BMP
// collectors log about a router's BMP session (RFC 7854): OpenBMP's
// openbmpd, goBMP, pmacct.
var bmpEvents = []sessionEvent{
	{words: []string{"peer info message type", "information tlv"},
		meaning: "a BMP Information TLV the collector does not decode (RFC 7854 §4.4: type 0 String, 1 sysDescr, 2 sysName; RFC 9069 §5 type 3 VRF/Table Name): text for people, skipped without harm"},
	// openbmpd: "Thread started to monitor BMP from router 172.29.0.1".
	{words: []string{"started to monitor bmp from router"},
		meaning: "the collector accepted a router's BMP connection (the router opens TCP to the monitoring station, RFC 7854 §3.2) and reads it: not an error"},
	// openbmpd: "Init message received with length of 28".
	{words: []string{"init message received"},
		meaning: "the router's Initiation message arrived (type 4, RFC 7854 §4.3): the first message of a BMP session, whose Information TLVs name the router (§4.4); not an error",
		detail:  bmpLengthSaid},
	// openbmpd: "Init message type 1 and length 13 parsed".
	{words: []string{"init message type"},
		meaning: "the collector read an Information TLV of the router's Initiation message (RFC 7854 §4.4)",
		detail:  bmpInfoTLVSaid},
	// openbmpd: "BGP message is being parsed is 0 but expected at least 19
	// in size".
	{words: []string{"but expected at least 19"},
		meaning: "the collector found no BGP message where the BMP message should carry one: 0 octets, where any BGP message has at least its 19-octet header (RFC 4271 §4.1); a Peer Down of reason 1 or 3 without its NOTIFICATION gives this (RFC 7854 §4.9)"},
	// openbmpd: "BGP message type is not a BGP notification, cannot parse
	// the notification", "Invalid BGP MSG for BMP down event, expected
	// NOTIFICATION message".
	{words: []string{"bmp down event", "cannot parse the notification"},
		meaning: "the router's Peer Down Notification has reason 1 or 3, which say a NOTIFICATION PDU follows (RFC 7854 §4.9), but none does: a router whose session closed without a NOTIFICATION should say reason 2 (an FSM event follows) or 4; the collector cannot read the Peer Down and drops the router's BMP session"},
	{words: []string{"invalid bgp msg for bmp"}, unless: []string{"bmp down event"},
		meaning: "the BMP collector did not find a BGP OPEN where a Peer Up Notification carries the OPEN the router sent (RFC 7854 §4.10: Sent OPEN Message, then Received OPEN Message, each a whole BGP message with its header): the Peer Up is cut or laid out otherwise than the collector reads it, and the collector gives up on the router's BMP session"},
}

// reBMPLength is a length a collector states: "with length of 28",
// "type 1 and length 13".
var reBMPLength = gate(`\b(?:type (\d{1,5}) and )?length(?: of)? (\d{1,6})\b`)

// bmpLengthSaid adds the length an Initiation message was said to have.
func bmpLengthSaid(lower string) string {
	if m := reBMPLength.find(newScan(lower, lower)); m != nil {
		return "; " + m[2] + " octets with its 6-octet common header (RFC 7854 §4.1)"
	}
	return ""
}

// bmpInfoTypes are the Information TLV types (RFC 7854 §4.4, RFC 9069 §5).
var bmpInfoTypes = []string{"String: free text", "sysDescr: the router's description of itself (its software)", "sysName: the router's name", "VRF/Table Name (RFC 9069)"}

// bmpInfoTLVSaid says which Information TLV the collector read.
func bmpInfoTLVSaid(lower string) string {
	m := reBMPLength.find(newScan(lower, lower))
	if m == nil || m[1] == "" {
		return ""
	}
	s := "; type " + m[1]
	if t := atoiOr(m[1], -1); t >= 0 && t < len(bmpInfoTypes) {
		s += ", " + bmpInfoTypes[t]
	}
	return s + ", of " + m[2] + " octets of text"
}
