package bgp

import (
	"encoding/binary"
	"encoding/hex"
	"iter"
	"strconv"
	"unicode/utf8"
)

// This file reads the Data field of a NOTIFICATION. Every parser takes the
// bare data field (Notification.Data, or octets copied from a router log,
// perhaps truncated), never the whole message, and reports offsets relative
// to it. Nothing here is answered with a NOTIFICATION of its own: a
// malformed data field only means the peer's explanation cannot be read,
// so errors carry the code/subcode being read, Action NoAction, and as
// Data the octets that could not be interpreted.
//
// Data fields that frame a path attribute (UPDATE Message Error subcodes
// 2, 4, 5, 6, 8 and 9: "the Data field MUST contain the erroneous
// attribute (type, length, and value)", RFC 4271 §6.3) need nothing new:
// ParseAttr frames them, with the Attribute Flags octet first.

// DataKind says what the Data field of a NOTIFICATION holds for a given
// code and subcode. The explainer switches on it to pick a parser.
type DataKind uint8

const (
	// DataRaw: nothing is specified for this code/subcode (unassigned,
	// deprecated or unknown): show the octets.
	DataRaw DataKind = iota
	// DataNone: the RFC defines no data. Anything present is
	// implementation-specific.
	DataNone
	// DataAttribute: the erroneous path attribute, flags through value
	// (RFC 4271 §6.3); read it with ParseAttr.
	DataAttribute
	// DataAttrTypeCode: the 1-octet type code of the missing well-known
	// attribute (RFC 4271 §6.3); ParseMissingAttribute.
	DataAttrTypeCode
	// DataShutdownCommunication: a length octet and UTF-8 text
	// (RFC 9003 §2); ParseShutdownCommunication.
	DataShutdownCommunication
	// DataHardReset: the code, subcode and data of the notification that
	// caused the Hard Reset (RFC 8538 §3); ParseHardReset.
	DataHardReset
	// DataMaxPrefixes: optional AFI, SAFI and prefix upper bound
	// (RFC 4486 §4); ParseMaxPrefixes.
	DataMaxPrefixes
	// DataCapabilities: the unsupported capabilities, each encoded as in
	// an OPEN (RFC 5492 §5); UnsupportedCapabilities.
	DataCapabilities
	// DataVersion: a 2-octet version number the sender supports
	// (RFC 4271 §6.2); ParseUnsupportedVersion.
	DataVersion
	// DataLength: the 2-octet erroneous Length field (RFC 4271 §6.1);
	// ParseBadMessageLength.
	DataLength
	// DataMessageType: a 1-octet message type: the erroneous Type field
	// (RFC 4271 §6.1) or the unexpected message (RFC 6608 §4);
	// ParseMessageTypeData.
	DataMessageType
	// DataPeerAS: the rejected AS, 2 or 4 octets. RFC 4271 §6.2 specifies
	// no data; implementations commonly send the AS. ParseBadPeerAS.
	DataPeerAS
	// DataMessage: a complete erroneous BGP message, header included
	// (RFC 7313 §5: the ROUTE-REFRESH message).
	DataMessage
)

var dataKindNames = [...]string{
	DataRaw:                   "raw",
	DataNone:                  "none",
	DataAttribute:             "attribute",
	DataAttrTypeCode:          "attribute-type",
	DataShutdownCommunication: "shutdown-communication",
	DataHardReset:             "hard-reset",
	DataMaxPrefixes:           "max-prefixes",
	DataCapabilities:          "capabilities",
	DataVersion:               "version",
	DataLength:                "length",
	DataMessageType:           "message-type",
	DataPeerAS:                "peer-as",
	DataMessage:               "message",
}

// String returns a short lower-case name, e.g. "shutdown-communication",
// or "DataKind(N)".
func (k DataKind) String() string { return CodeName(dataKindNames[:], k, "DataKind") }

// DataKindOf says what the Data field of a NOTIFICATION with this code and
// subcode holds, and which RFC section says so. Unassigned and deprecated
// code points give DataRaw and "".
func DataKindOf(code Code, sub uint8) (DataKind, string) {
	if int(code) >= len(codeTable) {
		return DataRaw, ""
	}
	if c := codeTable[code]; c.dataRef != "" {
		return c.data, c.dataRef
	}
	if int(code) < len(subcodeTable) {
		if s := subcodeTable[code][sub]; s.dataRef != "" {
			return s.data, s.dataRef
		}
	}
	return DataRaw, ""
}

// Shutdown Communication limits (RFC 9003 §2).
const (
	// MaxShutdownCommunicationLen is the longest Shutdown Communication,
	// in octets, that RFC 9003 allows.
	MaxShutdownCommunicationLen = 255
	// LegacyShutdownCommunicationLen is the RFC 8203 limit: RFC 9003 §2
	// says not to send more to a peer not known to support RFC 9003, which
	// would treat it as an error.
	LegacyShutdownCommunicationLen = 128
)

// ParseShutdownCommunication reads the Shutdown Communication of a Cease
// NOTIFICATION with subcode Administrative Shutdown or Administrative Reset
// (RFC 9003 §2): a length octet, then that many octets of UTF-8 text.
//
// An empty data field (a sender predating RFC 8203) and a zero length give
// msg "" and no error. rest is what follows the communication; it is
// normally empty.
//
// A length that overruns data, or text that is not valid UTF-8, is an
// error. RFC 9003 §2 forbids interpreting invalid UTF-8 and §4 asks the
// receiver to log the event and at most hex-dump the communication, so msg
// is then "" and the error's Data holds the octets that could not be read
// (the whole data for a bad length, the text for bad UTF-8); its offset
// points at the length octet or at the first invalid octet. Errors carry
// Cease/Administrative Shutdown and Action NoAction.
func ParseShutdownCommunication(data []byte) (msg string, rest []byte, err error) {
	if len(data) == 0 {
		return "", nil, nil
	}
	n := int(data[0])
	if 1+n > len(data) {
		e := newErr(0, CodeCease, SubAdministrativeShutdown, NoAction, "shutdown communication length overruns the data")
		e.Data = data
		return "", nil, e
	}
	text := data[1 : 1+n : 1+n]
	if i := invalidUTF8(text); i >= 0 {
		e := newErr(1+i, CodeCease, SubAdministrativeShutdown, NoAction, "shutdown communication is not valid UTF-8")
		e.Data = text
		return "", data[1+n:], e
	}
	return string(text), data[1+n:], nil
}

// invalidUTF8 returns the index of the first octet of b that does not
// start a valid UTF-8 sequence, or -1.
func invalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}

// AppendShutdownCommunication appends the data field of an Administrative
// Shutdown or Reset carrying msg (RFC 9003 §2): its length octet, then msg.
// msg must be valid UTF-8 of at most 255 octets; keep it within 128 octets
// for peers that may only implement RFC 8203. On error dst is returned
// unchanged.
func AppendShutdownCommunication(dst []byte, msg string) ([]byte, error) {
	if len(msg) > MaxShutdownCommunicationLen {
		return dst, newErr(0, CodeCease, SubAdministrativeShutdown, NoAction, "shutdown communication longer than 255 octets")
	}
	if i := invalidUTF8([]byte(msg)); i >= 0 {
		return dst, newErr(1+i, CodeCease, SubAdministrativeShutdown, NoAction, "shutdown communication is not valid UTF-8")
	}
	dst = append(dst, byte(len(msg)))
	return append(dst, msg...), nil
}

// ParseHardReset reads the data field of a Cease/Hard Reset (RFC 8538 §3):
// the Error Code and Subcode of the notification that caused the reset,
// then its data. It returns that inner notification, whose Data aliases
// data. Data shorter than two octets is an error (Cease/Hard Reset,
// NoAction, offset where the octets ran out).
func ParseHardReset(data []byte) (Notification, error) {
	if len(data) < 2 {
		e := newErr(len(data), CodeCease, SubHardReset, NoAction, "hard reset data shorter than an error code and subcode")
		e.Data = data
		return Notification{}, e
	}
	return Notification{Code: Code(data[0]), Subcode: data[1], Data: data[2:]}, nil
}

// NewHardReset returns the Cease/Hard Reset notification that wraps inner
// (RFC 8538 §3). Its Data is a new slice.
func NewHardReset(inner Notification) Notification {
	data := make([]byte, 0, 2+len(inner.Data))
	data = append(data, byte(inner.Code), inner.Subcode)
	data = append(data, inner.Data...)
	return Notification{Code: CodeCease, Subcode: SubHardReset, Data: data}
}

// maxPrefixesDataLen is the length of the optional Maximum Number of
// Prefixes Reached data: AFI (2), SAFI (1), upper bound (4).
const maxPrefixesDataLen = 7

// ParseMaxPrefixes reads the optional data of a Cease/Maximum Number of
// Prefixes Reached (RFC 4486 §4): the AFI (2 octets), the SAFI (1) and the
// configured upper bound on the number of prefixes (4). ok is false when
// data is not exactly those 7 octets (for instance empty, since the data
// is optional).
func ParseMaxPrefixes(data []byte) (f Family, limit uint32, ok bool) {
	if len(data) != maxPrefixesDataLen {
		return Family{}, 0, false
	}
	f = Family{AFI: AFI(binary.BigEndian.Uint16(data)), SAFI: SAFI(data[2])}
	return f, binary.BigEndian.Uint32(data[3:]), true
}

// AppendMaxPrefixes appends the data of a Cease/Maximum Number of Prefixes
// Reached for family f and upper bound limit (RFC 4486 §4).
func AppendMaxPrefixes(dst []byte, f Family, limit uint32) []byte {
	dst = binary.BigEndian.AppendUint16(dst, uint16(f.AFI))
	dst = append(dst, byte(f.SAFI))
	return binary.BigEndian.AppendUint32(dst, limit)
}

// UnsupportedCapability is one capability listed in the data of an OPEN
// Message Error/Unsupported Capability (RFC 5492 §5). Value aliases the
// data; Off is the offset of the capability code octet within the data.
type UnsupportedCapability struct {
	Code  CapCode
	Value []byte
	Off   int
}

// UnsupportedCapabilities iterates over the capabilities listed in the
// data of an OPEN Message Error/Unsupported Capability (RFC 5492 §5), each
// encoded as in an OPEN: code (1 octet), length (1), value. A capability
// that overruns the data is yielded with what is left as its value
// together with an error (OPEN Message Error/Unsupported Capability,
// NoAction, offset of its code octet), and ends the walk. It does not
// allocate.
func UnsupportedCapabilities(data []byte) iter.Seq2[UnsupportedCapability, error] {
	return func(yield func(UnsupportedCapability, error) bool) {
		for off := 0; off < len(data); {
			c := UnsupportedCapability{Code: CapCode(data[off]), Off: off}
			if off+2 > len(data) {
				yield(c, capDataErr(data, off, "capability header truncated"))
				return
			}
			n := int(data[off+1])
			if off+2+n > len(data) {
				c.Value = data[off+2 : len(data) : len(data)]
				yield(c, capDataErr(data, off, "capability length overruns the data"))
				return
			}
			c.Value = data[off+2 : off+2+n : off+2+n]
			if !yield(c, nil) {
				return
			}
			off += 2 + n
		}
	}
}

func capDataErr(data []byte, off int, reason string) *Error {
	e := newErr(off, CodeOpen, SubUnsupportedCapability, NoAction, reason)
	e.Data = data[off:]
	return e
}

// ParseUnsupportedVersion reads the data of an OPEN Message
// Error/Unsupported Version Number (RFC 4271 §6.2): the 2-octet largest
// locally supported version below the one the peer bid (or, if none, the
// smallest supported). ok is false unless data is exactly 2 octets.
func ParseUnsupportedVersion(data []byte) (version uint16, ok bool) {
	if len(data) != 2 {
		return 0, false
	}
	return binary.BigEndian.Uint16(data), true
}

// ParseBadPeerAS reads the data of an OPEN Message Error/Bad Peer AS. RFC
// 4271 §6.2 specifies none, but implementations commonly send the AS they
// rejected, in 2 or 4 octets; ok is false for any other length.
func ParseBadPeerAS(data []byte) (as uint32, ok bool) {
	switch len(data) {
	case 2:
		return uint32(binary.BigEndian.Uint16(data)), true
	case 4:
		return binary.BigEndian.Uint32(data), true
	}
	return 0, false
}

// ParseBadMessageLength reads the data of a Message Header Error/Bad
// Message Length (RFC 4271 §6.1): the erroneous 2-octet Length field. ok is
// false unless data is exactly 2 octets.
func ParseBadMessageLength(data []byte) (length uint16, ok bool) {
	if len(data) != 2 {
		return 0, false
	}
	return binary.BigEndian.Uint16(data), true
}

// ParseMessageTypeData reads a 1-octet message type: the data of a Message
// Header Error/Bad Message Type (the erroneous Type field, RFC 4271 §6.1)
// and of the Finite State Machine Error subcodes 1-3 (the type of the
// unexpected message, RFC 6608 §4). ok is false unless data is 1 octet.
func ParseMessageTypeData(data []byte) (t MessageType, ok bool) {
	if len(data) != 1 {
		return 0, false
	}
	return MessageType(data[0]), true
}

// ParseMissingAttribute reads the data of an UPDATE Message Error/Missing
// Well-known Attribute (RFC 4271 §6.3): the type code of the missing
// attribute. ok is false unless data is 1 octet.
func ParseMissingAttribute(data []byte) (t AttrType, ok bool) {
	if len(data) != 1 {
		return 0, false
	}
	return AttrType(data[0]), true
}

// appendDataText appends a description of a notification's data for
// Notification.String: decoded where its kind is known and it is well
// formed, else in hex.
func appendDataText(b []byte, code Code, sub uint8, data []byte, depth int) []byte {
	kind, _ := DataKindOf(code, sub)
	switch kind {
	case DataShutdownCommunication:
		msg, rest, err := ParseShutdownCommunication(data)
		if err != nil {
			b = append(b, "malformed shutdown communication, "...)
			break
		}
		b = strconv.AppendQuote(b, msg)
		if len(rest) > 0 {
			b = append(b, ", trailing "...)
			b = appendHexData(b, rest)
		}
		return b
	case DataHardReset:
		if depth >= maxHardResetDepth {
			break
		}
		if inner, err := ParseHardReset(data); err == nil {
			return inner.appendText(b, depth+1)
		}
	case DataMaxPrefixes:
		if f, limit, ok := ParseMaxPrefixes(data); ok {
			b = append(b, f.String()...)
			b = append(b, ", limit "...)
			return strconv.AppendUint(b, uint64(limit), 10)
		}
	case DataCapabilities:
		if capsWellFormed(data) {
			b = append(b, "capabilities "...)
			first := true
			for c := range UnsupportedCapabilities(data) {
				if !first {
					b = append(b, ", "...)
				}
				first = false
				b = append(b, c.Code.String()...)
				if len(c.Value) > 0 {
					b = append(b, ' ')
					b = hex.AppendEncode(b, c.Value)
				}
			}
			return b
		}
	case DataVersion:
		if v, ok := ParseUnsupportedVersion(data); ok {
			b = append(b, "version "...)
			return strconv.AppendUint(b, uint64(v), 10)
		}
	case DataLength:
		if n, ok := ParseBadMessageLength(data); ok {
			b = append(b, "length "...)
			return strconv.AppendUint(b, uint64(n), 10)
		}
	case DataMessageType:
		if t, ok := ParseMessageTypeData(data); ok {
			b = append(b, "type "...)
			return append(b, t.String()...)
		}
	case DataAttrTypeCode:
		if t, ok := ParseMissingAttribute(data); ok {
			b = append(b, "attribute "...)
			return append(b, t.String()...)
		}
	case DataPeerAS:
		if as, ok := ParseBadPeerAS(data); ok {
			b = append(b, "AS "...)
			return strconv.AppendUint(b, uint64(as), 10)
		}
	case DataAttribute:
		if a, err := ParseAttr(data); err == nil && a.Len() == len(data) {
			b = append(b, "attribute "...)
			b = append(b, a.Type.String()...)
			b = append(b, " ["...)
			b = append(b, a.Flags.String()...)
			b = append(b, "] length "...)
			b = strconv.AppendInt(b, int64(len(a.Value)), 10)
			if len(a.Value) > 0 {
				b = append(b, " value "...)
				b = hex.AppendEncode(b, a.Value)
			}
			return b
		}
	case DataMessage:
		if h, err := ParseHeader(data, Session{ExtendedMsg: true}); len(data) >= HeaderLen && (err == nil || h.Type == MsgRouteRefresh) {
			b = append(b, "message "...)
			b = append(b, h.Type.String()...)
			b = append(b, " length "...)
			b = strconv.AppendUint(b, uint64(h.Length), 10)
			b = append(b, ", "...)
		}
	}
	return appendHexData(b, data)
}

// capsWellFormed reports whether data is a clean list of capabilities.
func capsWellFormed(data []byte) bool {
	for _, err := range UnsupportedCapabilities(data) {
		if err != nil {
			return false
		}
	}
	return true
}
