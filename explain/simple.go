package explain

import "github.com/bgplens/bgplens/bgp"

// explainSimple explains attribute values that need no nested structure.
// Attributes bgplens does not decode are shown as raw octets.
func explainSimple(b *builder, v *Node, a bgp.AttrView, base int, s bgp.Session) {
	if !a.Type.Known() {
		v.Meaning = "unrecognized attribute, kept as raw octets"
	}
}

func explainOther(b *builder, root, body *Node, t bgp.MessageType, msg []byte, base int, s bgp.Session) []*bgp.Error {
	return nil
}
