package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/bgplens/bgplens/web"
)

const webDescription = `Serve the decoder web page: paste router log lines or hex and see every
field's octets, value, meaning and RFC section, with the problems marked
where they are. The page is in the binary and needs no internet. The
input stays in the page's address after '#', so a link shares it
without it ever reaching a server log.

bgplens station serves the same page, with the station's overview and
route lookups, on its API address.

Examples:
  bgplens web                      # http://127.0.0.1:8080/decode
  bgplens web --http 127.0.0.1:9000
`

func runWeb(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("web", "[--http ADDR]", webDescription, stdout, stderr)
	addr := fs.String("http", "127.0.0.1:8080", "serve the page on `ADDR`")
	if rc := parseFlags(fs, args, stdout); rc >= 0 {
		return rc
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "bgplens web: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := serveWeb(ctx, *addr, stderr, nil); err != nil {
		fmt.Fprintf(stderr, "bgplens web: %v\n", err)
		return exitInput
	}
	return exitOK
}

// serveWeb serves the decoder on addr until ctx ends; ready, when not
// nil, gets the address it listens on.
func serveWeb(ctx context.Context, addr string, stderr io.Writer, ready func(net.Addr)) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := newHTTPServer(web.DecoderHandler(), ctx)
	fmt.Fprintf(stderr, "bgplens web: the decoder is at http://%s/decode\n", ln.Addr())
	if ready != nil {
		ready(ln.Addr())
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
