package bmp

import (
	"strconv"

	"github.com/bgplens/bgplens/bgp"
)

// Error describes a BMP message that cannot be framed or decoded.
//
// Off is the byte offset, from the first octet of the BMP message (the
// Version field of the common header), where the problem starts. Reason is
// a constant string: building an Error never formats text.
//
// When the problem lies inside an encapsulated BGP message (an OPEN of a
// Peer Up, the NOTIFICATION of a Peer Down, the UPDATE of a Route
// Monitoring), BGP holds the error the bgp package reported, with offsets
// relative to that BGP message; Off is then where the BGP message starts
// plus BGP.Off.
type Error struct {
	Off    int
	Reason string
	BGP    *bgp.Error
}

// Error formats the error as "bmp: offset 48: Peer Up shorter than its
// fixed fields", followed by the BGP error if there is one.
func (e *Error) Error() string {
	b := make([]byte, 0, 80)
	b = append(b, "bmp: offset "...)
	b = strconv.AppendInt(b, int64(e.Off), 10)
	b = append(b, ": "...)
	b = append(b, e.Reason...)
	if e.BGP != nil {
		b = append(b, ": "...)
		b = append(b, e.BGP.Error()...)
	}
	return string(b)
}

// Unwrap returns the BGP error, so that errors.As finds it.
func (e *Error) Unwrap() error {
	if e.BGP == nil {
		return nil
	}
	return e.BGP
}

// errAt builds an Error. It is the only place errors are made, so the
// decode path never calls fmt.
func errAt(off int, reason string) *Error {
	return &Error{Off: off, Reason: reason}
}

// errBGP wraps an error of the bgp package found in the BGP message that
// starts at offset base of the BMP message.
func errBGP(base int, reason string, err error) *Error {
	e := &Error{Off: base, Reason: reason}
	if be, ok := err.(*bgp.Error); ok {
		e.BGP = be
		e.Off = base + be.Off
	}
	return e
}
