package main

import (
	"fmt"
	"io"
	"net"
	"strconv"
	"sync"
	"time"

	"github.com/bgplens/bgplens/replay"
)

const replayDescription = `Send BMP to a station, as routers would: the messages of raw BMP streams and of pcap/pcapng
captures as they are, and MRT archives (RIB dumps and BGP4MP update files, gzip or bzip2) turned into
the BMP a router exporting those routes sends (an Initiation, a Peer Up per peer, a Route Monitoring
per route). --routers N opens N sessions at once, each sending every file (MRT-made sessions get
sysNames NAME-1 ... NAME-N); --rate caps each session's messages per second.

Examples:
  bgplens replay --to 127.0.0.1:5000 testdata/frr-bmp/frr-small-100.bmp
  bgplens replay --to 127.0.0.1:5000 --routers 4 --rate 20000 rib.20240101.0000.bz2
`

func runReplay(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("replay", "--to HOST:PORT [flags] FILE...", replayDescription, stdout, stderr)
	to := fs.String("to", "", "the station's BMP address, `HOST:PORT`")
	routers := fs.Int("routers", 1, "simulated routers: sessions sending the files at once")
	rate := fs.Int("rate", 0, "messages per second per session (0: as fast as the station reads)")
	sysName := fs.String("sysname", "bgplens-replay", "sysName of the router an MRT archive is sent as")
	if rc := parseFlags(fs, args, stdout); rc >= 0 {
		return rc
	}
	if *to == "" || fs.NArg() == 0 || *routers < 1 {
		fmt.Fprintln(stderr, "bgplens replay: --to and at least one file are needed (bgplens replay -h)")
		return exitUsage
	}
	start := time.Now()
	var mu sync.Mutex
	var total replay.Stats
	rc := exitOK
	var wg sync.WaitGroup
	for i := range *routers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			name := *sysName
			if *routers > 1 {
				name += "-" + strconv.Itoa(i+1)
			}
			st, err := replaySession(*to, name, *rate, fs.Args())
			mu.Lock()
			defer mu.Unlock()
			total.Messages, total.Routes, total.Skipped = total.Messages+st.Messages, total.Routes+st.Routes, total.Skipped+st.Skipped
			if err != nil {
				fmt.Fprintln(stderr, "bgplens replay: "+name+": "+err.Error())
				rc = exitInput
			}
		}()
	}
	wg.Wait()
	d := time.Since(start)
	fmt.Fprintf(stdout, "%d messages (%d Route Monitoring, %d records skipped) in %s: %.0f messages/s\n",
		total.Messages, total.Routes, total.Skipped, d.Round(time.Millisecond), float64(total.Messages)/d.Seconds())
	return rc
}

// replaySession sends every file over one BMP session.
func replaySession(to, sysName string, rate int, files []string) (replay.Stats, error) {
	var total replay.Stats
	c, err := net.Dial("tcp", to)
	if err != nil {
		return total, err
	}
	defer c.Close()
	emit := replay.Paced(c, rate)
	for _, f := range files {
		st, err := replay.File(f, sysName, emit)
		total.Messages, total.Routes, total.Skipped = total.Messages+st.Messages, total.Routes+st.Routes, total.Skipped+st.Skipped
		if err != nil {
			return total, fmt.Errorf("%s: %w", f, err)
		}
	}
	return total, nil
}
