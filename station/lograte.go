package station

import (
	"sync"
	"time"
)

// logEvery is how often a rate-limited log line may repeat.
const logEvery = 10 * time.Second

// logLimiter lets one log line of a kind through per interval and counts
// the ones it holds back, so that a flood (refused connections, dropped
// events) is reported in the log, not echoed into it. The zero value
// allows one line every logEvery.
type logLimiter struct {
	mu    sync.Mutex
	every time.Duration
	last  time.Time
	held  uint64
}

// allow reports whether a line may be logged now and, if so, how many
// were held back since the last one.
func (l *logLimiter) allow(now time.Time) (ok bool, suppressed uint64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	every := l.every
	if every == 0 {
		every = logEvery
	}
	if !l.last.IsZero() && now.Sub(l.last) < every {
		l.held++
		return false, 0
	}
	l.last, suppressed, l.held = now, l.held, 0
	return true, suppressed
}
