package main

import (
	"fmt"
	"io"
	"os"
	"time"
)

// progressMin is the file size from which dump shows its progress.
const progressMin = 64 << 20

// progress is a reader that shows, on a terminal, how far into a large
// file the reading is: a line rewritten at most twice a second.
type progress struct {
	r     io.Reader
	w     io.Writer
	name  string
	n     int64
	total int64
	last  time.Time
	shown bool
}

// withProgress wraps f when w is a terminal and f is large; else it
// returns f as it is.
func withProgress(f *os.File, w io.Writer) io.Reader {
	t, ok := w.(*os.File)
	if !ok {
		return f
	}
	if st, err := t.Stat(); err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return f
	}
	st, err := f.Stat()
	if err != nil || st.Size() < progressMin {
		return f
	}
	return &progress{r: f, w: w, name: f.Name(), total: st.Size()}
}

func (p *progress) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	p.n += int64(n)
	if now := time.Now(); now.Sub(p.last) >= 500*time.Millisecond || err != nil {
		p.last = now
		fmt.Fprintf(p.w, "\r%s: %3.0f%% of %d MiB", p.name, 100*float64(p.n)/float64(p.total), p.total>>20)
		p.shown = true
	}
	if err != nil && p.shown {
		fmt.Fprint(p.w, "\n")
		p.shown = false
	}
	return n, err
}
