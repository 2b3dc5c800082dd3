package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestDecodeBusy: with every decode slot taken, a request waits its time
// and is then told to come back (503 with Retry-After), instead of adding
// one more decode to a busy CPU; once a slot is free it is answered.
func TestDecodeBusy(t *testing.T) {
	defer func(d time.Duration) { decodeWait = d }(decodeWait)
	decodeWait = 50 * time.Millisecond
	for range cap(decodeSlots) {
		decodeSlots <- struct{}{}
	}
	body := `{"text": "` + lineCisco + `"}`
	rec := httptest.NewRecorder()
	Decode(rec, httptest.NewRequest(http.MethodPost, "/api/v1/decode", strings.NewReader(body)))
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" {
		t.Errorf("all slots taken: %d, Retry-After %q; want 503 with Retry-After", rec.Code, rec.Header().Get("Retry-After"))
	}
	<-decodeSlots
	rec = httptest.NewRecorder()
	Decode(rec, httptest.NewRequest(http.MethodPost, "/api/v1/decode", strings.NewReader(body)))
	if rec.Code != http.StatusOK {
		t.Errorf("a slot free: %d %s; want 200", rec.Code, rec.Body)
	}
	for range cap(decodeSlots) - 1 {
		<-decodeSlots
	}
	if len(decodeSlots) != 0 {
		t.Errorf("%d slots still held after the requests ended", len(decodeSlots))
	}
}

// TestDecodeTimeout: a decode that outlasts its time is stopped and says
// so, instead of running on for a client that may have given up.
func TestDecodeTimeout(t *testing.T) {
	defer func(d time.Duration) { decodeTimeout = d }(decodeTimeout)
	decodeTimeout = time.Nanosecond
	body := `{"text": "` + strings.Repeat(lineCisco+`\n`, 200) + `"}`
	rec := httptest.NewRecorder()
	Decode(rec, httptest.NewRequest(http.MethodPost, "/api/v1/decode", strings.NewReader(body)))
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "stopped") {
		t.Errorf("timed out: %d %s; want 503 saying it stopped", rec.Code, rec.Body)
	}
}
