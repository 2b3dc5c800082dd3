package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
)

func TestWebCommand(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan net.Addr, 1)
	done := make(chan error, 1)
	go func() { done <- serveWeb(ctx, "127.0.0.1:0", io.Discard, func(a net.Addr) { addrc <- a }) }()
	base := "http://" + (<-addrc).String()
	resp, err := http.Get(base + "/decode")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(b), `data-mode="decoder"`) {
		t.Errorf("/decode: %d %.100s", resp.StatusCode, b)
	}
	resp, err = http.Post(base+"/api/v1/decode", "application/json", strings.NewReader(`{"text": "ffffffffffffffffffffffffffffffff001304"}`))
	if err != nil {
		t.Fatal(err)
	}
	b, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(b), `"field":"marker"`) {
		t.Errorf("decode: %d %.200s", resp.StatusCode, b)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("serveWeb: %v", err)
	}
	if rc := run([]string{"web", "extra"}, nil, io.Discard, io.Discard); rc != exitUsage {
		t.Errorf("bgplens web extra: exit %d", rc)
	}
}
