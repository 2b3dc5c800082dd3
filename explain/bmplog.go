package explain

// bmpEvents are the rows of sessionEvents (events.go) for what BMP
// collectors log about a router's BMP session (RFC 7854): OpenBMP's
// openbmpd, goBMP, pmacct.
var bmpEvents = eventRows("bmp")

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
