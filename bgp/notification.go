package bgp

// Notification is a NOTIFICATION message (RFC 4271 §4.5). Data aliases the
// input when the value comes from a decoder.
type Notification struct {
	Code    Code
	Subcode uint8
	Data    []byte
}
