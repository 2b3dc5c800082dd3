package station

import (
	"bytes"
	"time"

	"github.com/bgplens/bgplens/station/output"
)

// publishRaw hands the message msg, as the router sent it, to the sinks
// that take raw messages (output.RawReceiver), after the events it
// caused. It is called for every message read, also one that ends the
// session as malformed: the raw feed is what the router sent, judged or
// not. The message is copied once (the reader reuses its buffer) and the
// copy shared by those sinks.
func (r *router) publishRaw(msg []byte, now time.Time) {
	if len(r.st.raw) == 0 {
		return
	}
	ev := &output.Event{Type: output.EventRaw, Time: now, Router: r.ref(), Raw: bytes.Clone(msg)}
	for _, q := range r.st.raw {
		q.put(ev)
	}
}
