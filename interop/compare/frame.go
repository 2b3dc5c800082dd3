package main

import (
	"errors"
	"io"
	"strconv"

	"github.com/bgplens/bgplens/bmp"
)

// eachMessage frames data as every parser here does (bmp.NewBytesReader,
// in place, no copy) and hands f each message, so that the parsers
// differ only in what they do with one.
func eachMessage(data []byte, f func(msg []byte) error) error {
	r := bmp.NewBytesReader(data)
	for {
		msg, err := r.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := f(msg); err != nil {
			return err
		}
	}
}

// countCheck refuses a run of the parser named who that found a number
// of Route Monitoring messages other than the stream's.
func countCheck(who string, found, want int) error {
	if found != want {
		return errors.New(who + ": found " + strconv.Itoa(found) + " Route Monitoring messages, the stream has " + strconv.Itoa(want))
	}
	return nil
}

// peersRun is the loop of the parsers that read through bmp.Peers: each
// Peer Up and Peer Down keeps the peers' sessions, and each Route
// Monitoring message, parsed, goes to rm with its index in res (rm
// fills res[i]).
func peersRun(data []byte, res []msgResult, who string, rm func(peers *bmp.Peers, v bmp.RouteMonitoringView, i int) error) error {
	peers := bmp.NewPeers(0)
	i := 0
	err := eachMessage(data, func(msg []byte) error {
		switch bmp.MsgType(msg[bmp.OffType]) {
		case bmp.MsgRouteMonitoring:
			v, err := bmp.ParseRouteMonitoring(msg)
			if err != nil {
				return err
			}
			if i >= len(res) {
				return errors.New(who + ": more Route Monitoring messages than the stream has")
			}
			if err := rm(peers, v, i); err != nil {
				return err
			}
			i++
		case bmp.MsgPeerUp:
			pu, err := bmp.ParsePeerUp(msg)
			if err != nil {
				return err
			}
			peers.PeerUp(pu)
		case bmp.MsgPeerDown:
			if h, ok := peerHeader(msg); ok {
				peers.PeerDown(h)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return countCheck(who, i, len(res))
}

func peerHeader(msg []byte) (bmp.PeerHeader, bool) {
	v, err := bmp.ParseMessage(msg)
	if err != nil {
		return bmp.PeerHeader{}, false
	}
	return v.Peer()
}
