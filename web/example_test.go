package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/bgplens/bgplens/web"
)

// The decoder's API takes what `bgplens decode` takes and answers with
// the explanations as JSON (docs/decode-json.md).
func ExampleDecoderHandler() {
	srv := httptest.NewServer(web.DecoderHandler())
	defer srv.Close()

	body := `{"text": "%BGP-5-ADJCHANGE: neighbor 192.0.2.1 Down BGP Notification received 6/2"}`
	resp, err := http.Post(srv.URL+"/api/v1/decode", "application/json", strings.NewReader(body))
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	var out struct {
		Explanations []struct {
			Line struct {
				Error string `json:"error"`
			} `json:"line"`
		} `json:"explanations"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		panic(err)
	}
	fmt.Println(resp.Status)
	for _, x := range out.Explanations {
		fmt.Println(x.Line.Error)
	}
	// Output:
	// 200 OK
	// Cease / Administrative Shutdown (6/2), RFC 4486 §4, RFC 9003
}
