package explain

import "github.com/bgplens/bgplens/bgp"

// explainOpen explains an OPEN message.
func explainOpen(b *builder, root, body *Node, msg []byte, base int) []*bgp.Error {
	return nil
}
