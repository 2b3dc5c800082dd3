package web

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// The Cisco line of issue 4: the data of a 3/4 NOTIFICATION is the
// AGGREGATOR attribute the router rejected, 11 octets from offset 0.
const (
	lineCisco    = `NOTIFICATION received from 192.0.2.2 (External AS 64496): code 3 (Update Message Error) subcode 4 (attribute flags error), Data: e0 07 08 00 03 02 ed 5b dc 3f 01`
	lineEricsson = `notification msg sent (nbr 192.0.2.1, context 0x40030044 32 bytes, repeated 89 times, code 3/4 (update: attribute flags error) - 0000 0000 ffff ffff ffff ffff ffff ffff ffff ffff 0020 0303 04e0 0708 0003 02ed 5bdc 3f01`
)

func post(t *testing.T, h http.Handler, body string) (int, map[string]any) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", "/api/v1/decode", strings.NewReader(body)))
	var v map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
		t.Fatalf("%q: not JSON: %v: %s", body, err, rec.Body)
	}
	return rec.Code, v
}

func TestDecodeAPI(t *testing.T) {
	h := DecoderHandler()
	b, _ := json.Marshal(DecodeRequest{Text: lineCisco + "\n" + lineEricsson})
	code, v := post(t, h, string(b))
	if code != 200 {
		t.Fatalf("status %d: %v", code, v)
	}
	xs := v["explanations"].([]any)
	if len(xs) != 2 {
		t.Fatalf("%d explanations, want one per entry (2)", len(xs))
	}
	x := xs[0].(map[string]any)
	if x["hex"] != "e00708000302ed5bdc3f01" || len(x["diagnosis"].([]any)) == 0 {
		t.Errorf("first: hex %v, diagnosis %v", x["hex"], x["diagnosis"])
	}
	if x := xs[1].(map[string]any); x["hex"] != "00000000ffffffffffffffffffffffffffffffff0020030304e00708000302ed5bdc3f01" {
		t.Errorf("second: hex %v", x["hex"])
	}

	for _, c := range []struct {
		body string
		code int
		msg  string
	}{
		{`{"text": "  "}`, 400, "empty"},
		{`text=ff`, 400, "not the JSON object"},
		{`{"text": "ff", "as": "3"}`, 400, "want auto, 2 or 4"},
		{`{"text": "` + strings.Repeat("f", MaxDecodeInput) + `"}`, 413, "over 1 MiB"},
	} {
		code, v := post(t, h, c.body)
		if code != c.code || !strings.Contains(v["error"].(string), c.msg) {
			t.Errorf("%.40q: %d %v, want %d %q", c.body, code, v, c.code, c.msg)
		}
	}
}

// TestAS: "as" reaches the decoder: an AS_PATH of one 2-octet AS only
// adds up as 2 octets.
func TestAS(t *testing.T) {
	const upd = "ffffffffffffffffffffffffffffffff002d02000000124001010040020402010001400304c000020118c63364"
	for as, want := range map[string]bool{"2": false, "4": true} {
		_, v := post(t, DecoderHandler(), `{"text": "`+upd+`", "as": "`+as+`"}`)
		s := v["explanations"].([]any)[0].(map[string]any)["session"].(map[string]any)
		if s["four_octet_as"] != want {
			t.Errorf("as %s: session %v", as, s)
		}
	}
}

func TestPages(t *testing.T) {
	srv := httptest.NewServer(DecoderHandler())
	defer srv.Close()
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(path string) (*http.Response, string) {
		resp, err := noRedirect.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	resp, body := get("/decode")
	if resp.StatusCode != 200 || !strings.Contains(body, `data-mode="decoder"`) || !strings.Contains(resp.Header.Get("Content-Security-Policy"), "default-src 'self'") {
		t.Errorf("/decode: %d %s %q", resp.StatusCode, resp.Header, body[:min(200, len(body))])
	}
	// Without a station, the overview and lookup go to the decoder.
	for _, p := range []string{"/", "/lookup?q=1.2.3.0/24", "/routes?router=r", "/charts?router=r"} {
		if resp, _ := get(p); resp.StatusCode != 302 || resp.Header.Get("Location") != "/decode" {
			t.Errorf("%s: %d %s", p, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	for _, p := range []string{"/assets/app.js", "/assets/app.css", "/assets/station.js", "/assets/charts.js"} {
		if resp, body := get(p); resp.StatusCode != 200 || len(body) < 1000 {
			t.Errorf("%s: %d, %d octets", p, resp.StatusCode, len(body))
		}
	}
	if resp, body := get("/nothing"); resp.StatusCode != 404 || !strings.Contains(body, `"error"`) {
		t.Errorf("/nothing: %d %s", resp.StatusCode, body)
	}
	// The page must work offline: nothing it loads may come from
	// elsewhere.
	for _, p := range []string{"/decode", "/assets/app.js", "/assets/app.css", "/assets/station.js", "/assets/charts.js"} {
		_, body := get(p)
		for _, bad := range []string{"src=\"http", "href=\"http", "@import", "url(http", "fetch(\"http"} {
			if strings.Contains(body, bad) {
				t.Errorf("%s loads from elsewhere: %q", p, bad)
			}
		}
	}
}

func TestPublic(t *testing.T) {
	for p, want := range map[string]bool{"/": true, "/decode": true, "/lookup": true, "/routes": true, "/charts": true, "/assets/app.js": true,
		"/api/v1/decode": false, "/api/v1/routers": false, "/metrics": false, "/decode/x": false} {
		if Public(p) != want {
			t.Errorf("Public(%q) = %v", p, !want)
		}
	}
}

// FuzzDecode: any body gets a JSON answer, 200 with explanations or an
// error, and never a panic.
func FuzzDecode(f *testing.F) {
	f.Add(`{"text": "` + lineCisco + `"}`)
	f.Add(`{"text": "ffffffffffffffffffffffffffffffff001304", "as": "2"}`)
	f.Add(`{"text": 1}`)
	h := DecoderHandler()
	f.Fuzz(func(t *testing.T, body string) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("POST", "/api/v1/decode", strings.NewReader(body)))
		var v map[string]json.RawMessage
		if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
			t.Fatalf("not JSON: %v", err)
		}
		if _, ok := v["explanations"]; (rec.Code == 200) != ok {
			t.Fatalf("status %d with %s", rec.Code, rec.Body)
		}
	})
}
