package bgp

import "strconv"

// Action is what RFC 7606 §2 tells a receiver to do with a malformed
// message. The values are ordered: when an UPDATE has several problems the
// strongest action wins (Stronger).
type Action uint8

const (
	// NoAction means the message is well formed.
	NoAction Action = iota
	// AttributeDiscard: drop the malformed attribute, keep the route (RFC 7606 §2).
	AttributeDiscard
	// TreatAsWithdraw: treat every NLRI in the UPDATE as withdrawn (RFC 7606 §2).
	TreatAsWithdraw
	// AFISAFIDisable: stop using the address family of the session (RFC 4760 §7, RFC 7606 §2).
	AFISAFIDisable
	// SessionReset: send the NOTIFICATION and close the session (RFC 4271 §6, RFC 7606 §2).
	SessionReset
)

var actionNames = [...]string{"none", "attribute-discard", "treat-as-withdraw", "afi/safi-disable", "session-reset"}

// String returns the RFC 7606 name of the action, e.g. "treat-as-withdraw".
func (a Action) String() string { return CodeName(actionNames[:], a, "Action") }

// Stronger returns the stronger of a and b.
func (a Action) Stronger(b Action) Action {
	if b > a {
		return b
	}
	return a
}

// Error describes one malformation found while decoding a BGP message.
//
// Off is the byte offset, relative to the start of the slice handed to the
// decoder (for messages: the first marker octet), where the problem starts.
// Code and Subcode are the NOTIFICATION that RFC 4271 §6 prescribes, and
// Data is the data field a speaker would send with it (it aliases the
// input). Action is the RFC 7606 treatment. Attr is the attribute at
// fault, or 0.
//
// Reason is a constant string; building an Error never formats text, so
// decoding stays cheap even when a peer sends garbage.
type Error struct {
	Off     int
	Code    Code
	Subcode uint8
	Data    []byte
	Action  Action
	Attr    AttrType
	Reason  string
}

// Error formats the error as
// "bgp: offset 47: UPDATE Message Error/Malformed AS_PATH (treat-as-withdraw): segment overruns attribute".
func (e *Error) Error() string {
	b := make([]byte, 0, 96)
	b = append(b, "bgp: offset "...)
	b = strconv.AppendInt(b, int64(e.Off), 10)
	b = append(b, ": "...)
	b = append(b, e.Code.String()...)
	if s := SubcodeName(e.Code, e.Subcode); s != "" {
		b = append(b, '/')
		b = append(b, s...)
	}
	b = append(b, " ("...)
	b = append(b, e.Action.String()...)
	b = append(b, ')')
	if e.Attr != 0 {
		b = append(b, " in "...)
		b = append(b, e.Attr.String()...)
	}
	if e.Reason != "" {
		b = append(b, ": "...)
		b = append(b, e.Reason...)
	}
	return string(b)
}

// Notification returns the NOTIFICATION a BGP speaker would send for e.
func (e *Error) Notification() Notification {
	return Notification{Code: e.Code, Subcode: e.Subcode, Data: e.Data}
}

// newErr builds an Error. It is the only place errors are made, so the
// decode path never calls fmt.
func newErr(off int, code Code, sub uint8, act Action, reason string) *Error {
	return &Error{Off: off, Code: code, Subcode: sub, Action: act, Reason: reason}
}

// errTrunc reports that the input ended before a field did: a Bad Message
// Length from the point of view of RFC 4271 §6.1.
func errTrunc(off int, reason string) *Error {
	return newErr(off, CodeMessageHeader, SubBadMessageLength, SessionReset, reason)
}

// shift moves an error found in a sub-slice to the offsets of the whole.
func shift(err error, by int) error {
	if e, ok := err.(*Error); ok && by != 0 {
		c := *e
		c.Off += by
		return &c
	}
	return err
}
