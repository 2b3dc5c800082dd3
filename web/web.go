// Package web serves bgplens's web page: the decoder (/decode), and with a
// station behind it the overview (/), route lookups (/lookup), a peer's
// table (/routes) and a router's charts (/charts). The page
// is plain HTML, CSS and JavaScript embedded in the binary: no build step,
// nothing fetched from elsewhere (the Content-Security-Policy forbids it),
// so it works with no internet. The page shells hold no data; everything
// shown comes from the documented JSON API (docs/station.md), which keeps
// its token rules: the page asks for the token and sends it with each call.
package web

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"io/fs"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/explain"
)

//go:embed assets
var assets embed.FS

// MaxDecodeInput is the largest request body POST /api/v1/decode reads:
// far more than any paste of log lines, small enough to bound the work.
const MaxDecodeInput = 1 << 20

// A decode is CPU work: about a millisecond an entry, seconds for a full
// 1 MiB paste. decodeSlots lets as many run at once as there are cores
// (more only makes each slower, and unbounded they are a way to take the
// process's CPU from the station); a request waits decodeWait for a slot,
// then is told to come back, and one decode may take decodeTimeout.
var (
	decodeSlots   = make(chan struct{}, runtime.GOMAXPROCS(0))
	decodeWait    = 10 * time.Second
	decodeTimeout = time.Minute
)

// pagePaths are the paths that answer with the page shell.
var pagePaths = map[string]bool{"/": true, "/decode": true, "/lookup": true, "/routes": true, "/charts": true}

// Public reports whether path is part of the page itself (the shell and
// its assets), which holds no data and so is served without a token.
func Public(path string) bool {
	return pagePaths[path] || strings.HasPrefix(path, "/assets/")
}

// Register adds the page and POST /api/v1/decode to mux. station says
// whether a station's API is there too; without one, / redirects to the
// decoder and the page hides the station's views.
func Register(mux *http.ServeMux, station bool) {
	shell := page(station)
	serve := func(w http.ResponseWriter, req *http.Request) {
		if !station && req.URL.Path != "/decode" {
			http.Redirect(w, req, "/decode", http.StatusFound)
			return
		}
		securityHeaders(w)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		_, _ = w.Write(shell)
	}
	mux.HandleFunc("GET /{$}", serve)
	mux.HandleFunc("GET /decode", serve)
	mux.HandleFunc("GET /lookup", serve)
	mux.HandleFunc("GET /routes", serve)
	mux.HandleFunc("GET /charts", serve)
	sub, _ := fs.Sub(assets, "assets")
	files := http.StripPrefix("/assets/", http.FileServerFS(sub))
	mux.Handle("GET /assets/", http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		securityHeaders(w)
		files.ServeHTTP(w, req)
	}))
	mux.HandleFunc("POST /api/v1/decode", Decode)
}

// page returns the HTML shell, marked with whether a station is there.
func page(station bool) []byte {
	b, err := assets.ReadFile("assets/index.html")
	if err != nil {
		panic(err) // embedded at build time: cannot happen
	}
	mode := "decoder"
	if station {
		mode = "station"
	}
	return []byte(strings.Replace(string(b), `data-mode=""`, `data-mode="`+mode+`"`, 1))
}

// securityHeaders keeps the page to its own origin: no script, style or
// connection elsewhere, no framing, no referrer (the input in the
// fragment is never sent anyway; this keeps links to rfc-editor.org from
// learning the page's address either).
func securityHeaders(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
}

// DecodeRequest is the body of POST /api/v1/decode.
type DecodeRequest struct {
	Text string `json:"text"` // log lines or hex, as bgplens decode takes them
	// AS is "auto" (default), "2" or "4": the AS number width, as
	// bgplens decode --as.
	AS string `json:"as,omitempty"`
	// Extended allows messages up to 65535 octets (RFC 8654).
	Extended bool `json:"extended,omitempty"`
}

// Decode answers POST /api/v1/decode: {"explanations": [EXPLANATION, ...]},
// one per entry of the input, as bgplens decode --json prints them
// (docs/decode-json.md).
func Decode(w http.ResponseWriter, req *http.Request) {
	var in DecodeRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, req.Body, MaxDecodeInput))
	if err := dec.Decode(&in); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeError(w, http.StatusRequestEntityTooLarge, "the request is over 1 MiB")
			return
		}
		writeError(w, http.StatusBadRequest, "the body is not the JSON object {\"text\": \"...\"}: "+err.Error())
		return
	}
	opt := explain.Options{Session: bgp.Session{AS4: true, ExtendedMsg: in.Extended}}
	switch in.AS {
	case "", "auto":
	case "2":
		opt.Session.AS4, opt.FixedAS4 = false, true
	case "4":
		opt.FixedAS4 = true
	default:
		writeError(w, http.StatusBadRequest, "as "+in.AS+": want auto, 2 or 4")
		return
	}
	wait := time.NewTimer(decodeWait)
	defer wait.Stop()
	select {
	case decodeSlots <- struct{}{}:
		defer func() { <-decodeSlots }()
	case <-wait.C:
		w.Header().Set("Retry-After", strconv.Itoa(int(decodeWait/time.Second)))
		writeError(w, http.StatusServiceUnavailable, "busy: other decodes are running; try again")
		return
	case <-req.Context().Done():
		return // the client has gone
	}
	ctx, cancel := context.WithTimeout(req.Context(), decodeTimeout)
	defer cancel()
	xs, err := explain.DecodeContext(ctx, in.Text, opt)
	if err != nil {
		writeError(w, http.StatusServiceUnavailable, "the decode was stopped after "+strconv.Itoa(len(xs))+" entries: "+err.Error()+"; paste less at a time")
		return
	}
	if len(xs) == 0 {
		writeError(w, http.StatusBadRequest, "text is empty: paste log lines or hex")
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	_ = json.NewEncoder(w).Encode(map[string]any{"explanations": xs})
}

func writeError(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": msg})
}

// DecoderHandler serves the page with the decoder alone, for bgplens web:
// no station, no data, nothing but the page and POST /api/v1/decode.
func DecoderHandler() http.Handler {
	mux := http.NewServeMux()
	Register(mux, false)
	mux.HandleFunc("/", func(w http.ResponseWriter, req *http.Request) {
		writeError(w, http.StatusNotFound, "no such path: "+req.URL.Path+" (the decoder is at /decode)")
	})
	return mux
}
