package main

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/bgplens/bgplens/bmp"
	gobgp "github.com/osrg/gobgp/v4/pkg/packet/bgp"
	gobmp "github.com/osrg/gobgp/v4/pkg/packet/bmp"
)

// describe renders the idx-th Route Monitoring message of data, its
// octets and what each library makes of it, for a failed comparison.
func describe(data []byte, idx int) string {
	var b strings.Builder
	peers := bmp.NewPeers(0)
	sessions := map[gobgpPeer]*gobgpSession{}
	r := bmp.NewBytesReader(data)
	for i := 0; ; {
		msg, err := r.Next()
		if err == io.EOF || err != nil {
			fmt.Fprintf(&b, "message not found: %v\n", err)
			return b.String()
		}
		g, gerr := gobmp.ParseBMPMessageWithOptions(msg, func(h gobmp.BMPPeerHeader) []*gobgp.MarshallingOption {
			if s := sessions[gobgpPeer{h.PeerType, h.PeerDistinguisher, h.PeerAddress}]; s != nil {
				return s.in
			}
			return nil
		})
		switch bmp.MsgType(msg[bmp.OffType]) {
		case bmp.MsgPeerUp:
			pu, err := bmp.ParsePeerUp(msg)
			if err == nil {
				peers.PeerUp(pu)
			}
			if gerr == nil {
				if body, ok := g.Body.(*gobmp.BMPPeerUpNotification); ok {
					sessions[gobgpPeer{g.PeerHeader.PeerType, g.PeerHeader.PeerDistinguisher, g.PeerHeader.PeerAddress}] = gobgpPeerSession(body)
				}
			}
		case bmp.MsgRouteMonitoring:
			if i < idx {
				i++
				continue
			}
			fmt.Fprintf(&b, "octets: %s\n", hex.EncodeToString(msg))
			rm, err := bmp.ParseRouteMonitoring(msg)
			if err != nil {
				fmt.Fprintf(&b, "bgplens: %v\n", err)
			} else {
				u, rd, err := peers.ReadUpdate(rm)
				upd, derr := u.Decode()
				fmt.Fprintf(&b, "bgplens: reading %+v, error %v, verdict %v\nbgplens: %+v (decode error %v)\n", rd, err, u.Verdict(), upd, derr)
			}
			if gerr != nil {
				fmt.Fprintf(&b, "GoBGP: %v\n", gerr)
			} else if body, ok := g.Body.(*gobmp.BMPRouteMonitoring); ok {
				j, _ := json.Marshal(body.BGPUpdate)
				fmt.Fprintf(&b, "GoBGP: %s\n", j)
			}
			return b.String()
		}
	}
}
