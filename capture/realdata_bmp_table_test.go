package capture

// bmpCaptures are the BMP captures copied under testdata/bmp/ for this
// package (see testdata/README.md). The stream lines are tshark's follow
// output except where a comment says why bgplens reads the capture
// differently.
var bmpCaptures = []realCapture{
	{
		// README: RouteMonitoring=84, PeerUp=18, Initiation=1.
		path: "bmp/pmacct/tests/200-BMP-HUAWEI-locrib_instance/traffic-00.pcap",
		streams: []string{
			"192.0.2.61:20 -> 192.0.2.6:1790 18291",
		},
		quirk: 1,
		bmp:   84 + 18 + 1,
	},
	{
		// README: RouteMonitoring=251, PeerUp=42, StatisticsReport=42, Initiation=1.
		path: "bmp/pmacct/tests/201-BMP-CISCO-rd_instance/traffic-00.pcap",
		streams: []string{
			"192.0.2.55:20 -> 192.0.2.6:1790 43690",
		},
		quirk: 1,
		bmp:   251 + 42 + 42 + 1,
	},
	{
		// README: RouteMonitoring=84, PeerUp=18, Initiation=1 (same messages as 200, other timestamps).
		path: "bmp/pmacct/tests/202-BMP-CISCO-HUAWEI-multiple-sources/traffic-00.pcap",
		streams: []string{
			"192.0.2.61:20 -> 192.0.2.6:1790 18291",
		},
		quirk: 1,
		bmp:   84 + 18 + 1,
	},
	{
		// README: RouteMonitoring=44, PeerUp=42, Initiation=1.
		path: "bmp/pmacct/tests/202-BMP-CISCO-HUAWEI-multiple-sources/traffic-01.pcap",
		streams: []string{
			"192.0.2.55:20 -> 192.0.2.6:1790 13081",
		},
		quirk: 1,
		bmp:   44 + 42 + 1,
	},
	{
		// README: RouteMonitoring=53, PeerUp=12, Initiation=1. The replay ends 156
		// octets into one more Route Monitoring message (the frame Wireshark flags
		// malformed).
		path: "bmp/pmacct/tests/202-BMP-CISCO-HUAWEI-multiple-sources/traffic-02.pcap",
		streams: []string{
			"198.51.100.44:20 -> 192.0.2.6:1790 12658",
		},
		quirk: 1,
		bmp:   53 + 12 + 1,
		tail:  156,
	},
	{
		// README: RouteMonitoring=301, StatisticsReport=28, PeerUp=10, PeerDown=3, Initiation=1;
		// IPv6 transport. Wireshark flags one frame malformed (inside an UPDATE).
		path: "bmp/pmacct/tests/204-BMP-CISCO-peer_down/traffic-00.pcap",
		streams: []string{
			"[2001:db8:90::1]:20 -> [2a02:a90:4007:31::69]:1790 56189",
		},
		quirk: 1,
		bmp:   301 + 28 + 10 + 3 + 1,
	},
	{
		// README: RouteMonitoring=451, StatisticsReport=48, PeerUp=7, PeerDown=2, Initiation=1.
		// FRRouting 8.0.1's malformed BMP content (flagged by Wireshark) is inside
		// messages whose lengths frame correctly.
		path: "bmp/pmacct/tests/205-BMP-6wind-FRR-peer_down/traffic-00.pcap",
		streams: []string{
			"203.0.113.58:20 -> 138.187.58.11:1790 65203",
		},
		quirk: 1,
		bmp:   451 + 48 + 7 + 2 + 1,
	},
	{
		// README: RouteMonitoring=253, StatisticsReport=36, PeerUp=5, Initiation=1; same
		// FRRouting source as 205.
		path: "bmp/pmacct/tests/206-BMP-high-availability/traffic-00.pcap",
		streams: []string{
			"203.0.113.58:20 -> 138.187.58.11:1790 36659",
		},
		quirk: 1,
		bmp:   253 + 36 + 5 + 1,
	},
	{
		// README: Initiation=15, one per router (15 connections, IPv4 and IPv6).
		path: "bmp/pmacct/tests/208-BMP-mem-leak-test/bmp-multi-sources-init.pcap",
		streams: []string{
			"203.0.113.19:20 -> 138.187.58.9:1790 221",
			"203.0.113.21:20 -> 138.187.58.9:1790 210",
			"203.0.113.22:20 -> 138.187.58.9:1790 209",
			"203.0.113.23:20 -> 138.187.58.9:1790 209",
			"203.0.113.24:20 -> 138.187.58.9:1790 209",
			"203.0.113.28:20 -> 138.187.58.9:1790 209",
			"203.0.113.44:20 -> 138.187.58.9:1790 43",
			"203.0.113.54:20 -> 138.187.58.9:1790 225",
			"203.0.113.58:20 -> 138.187.58.9:1790 157",
			"203.0.113.81:20 -> 138.187.58.9:1790 209",
			"[2001:db8:53::1]:20 -> [2a02:a90:4007::2:21]:1790 42",
			"[2001:db8:73::1]:20 -> [2a02:a90:4007::2:21]:1790 47",
			"[2001:db8:90::1]:20 -> [2a02:a90:4007::2:21]:1790 48",
			"[2001:db8:91::1]:20 -> [2a02:a90:4007::2:21]:1790 48",
		},
		quirk: 1,
		bmp:   15,
	},
	{
		// README: PeerUp=289.
		path: "bmp/pmacct/tests/208-BMP-mem-leak-test/bmp-multi-sources-peer-up.pcap",
		streams: []string{
			"203.0.113.19:20 -> 138.187.58.9:1790 2360",
			"203.0.113.21:20 -> 138.187.58.9:1790 331",
			"203.0.113.23:20 -> 138.187.58.9:1790 1927",
			"203.0.113.24:20 -> 138.187.58.9:1790 1263",
			"203.0.113.44:20 -> 138.187.58.9:1790 4146",
			"203.0.113.54:20 -> 138.187.58.9:1790 5711",
			"203.0.113.58:20 -> 138.187.58.9:1790 2543",
			"203.0.113.81:20 -> 138.187.58.9:1790 25643",
			"[2001:db8:53::1]:20 -> [2a02:a90:4007::2:21]:1790 1488",
			"[2001:db8:73::1]:20 -> [2a02:a90:4007::2:21]:1790 1691",
			"[2001:db8:90::1]:20 -> [2a02:a90:4007::2:21]:1790 8446",
			"[2001:db8:91::1]:20 -> [2a02:a90:4007::2:21]:1790 2406",
		},
		quirk: 12,
		bmp:   289,
	},
	{
		// README: RouteMonitoring=156, StatisticsReport=14, PeerUp=7, Initiation=1; the
		// other 583 frames are IPFIX over UDP.
		path: "bmp/pmacct/tests/400-IPFIXv10-BMP-CISCO-SRv6-multiple-sources/traffic-00.pcap",
		streams: []string{
			"203.0.113.90:20 -> 100.105.31.69:1790 27782",
		},
		quirk: 1,
		bmp:   156 + 14 + 7 + 1,
	},
	{
		// README: RouteMonitoring=156, StatisticsReport=14, PeerUp=7, Initiation=1.
		path: "bmp/pmacct/tests/400-IPFIXv10-BMP-CISCO-SRv6-multiple-sources/traffic-01.pcap",
		streams: []string{
			"203.0.113.91:20 -> 100.105.31.69:1790 27782",
		},
		quirk: 1,
		bmp:   156 + 14 + 7 + 1,
	},
	{
		// README: RouteMonitoring=161, PeerUp=7, StatisticsReport=7, Initiation=1.
		path: "bmp/pmacct/tests/401-IPFIXv10-BMP-IPv6-CISCO-MPLS-multiple-sources/traffic-00.pcap",
		streams: []string{
			"[2001:db8:90::1]:20 -> [2a02:a90:4007:31::69]:1790 27622",
		},
		bmp: 161 + 7 + 7 + 1,
	},
	{
		// README: RouteMonitoring=161, PeerUp=7, Initiation=1.
		path: "bmp/pmacct/tests/401-IPFIXv10-BMP-IPv6-CISCO-MPLS-multiple-sources/traffic-01.pcap",
		streams: []string{
			"[2001:db8:91::1]:20 -> [2a02:a90:4007:31::69]:1790 26968",
		},
		bmp: 161 + 7 + 1,
	},
	{
		// README: RouteMonitoring=856, PeerUp=19, Initiation=1, PeerDown=1.
		path: "bmp/pmacct/tests/403-IPFIXv10-BMP-IPv6-CISCO-locrib-peerdown-vrf/traffic-00.pcap",
		streams: []string{
			"[2001:db8:90::1]:20 -> [2a02:a90:4007:31::69]:1790 153502",
		},
		quirk: 1,
		bmp:   856 + 19 + 1 + 1,
	},
	{
		// A raw capture (before traffic-reproducer processed it): starts
		// mid-connection. README: RouteMonitoring=251, PeerUp=42, StatisticsReport=42,
		// Initiation=1.
		path: "bmp/traffic-reproducer/examples/pcap_processing/bmp.pcap",
		streams: []string{
			"192.0.2.55:28816 -> 192.0.2.6:1790 43691",
		},
		bmp: 251 + 42 + 42 + 1,
	},
	{
		// A raw capture of 15 routers, 29 connections, 7 of them already open when
		// the capture started. README: RouteMonitoring=6340, StatisticsReport=3601,
		// PeerUp=289, Initiation=15, but tshark's BMP dissector gives up on two
		// streams (203.0.113.23:58985 after 22 messages, [2001:db8:53::1]:49796 after
		// 10) at an exception on a Labeled VPN prefix of length 0 and counts nothing
		// after it; the reassembled bytes are tshark's own (same octet counts, and
		// TestTsharkFollow compares them), and walking them finds 556 and 328 whole
		// messages there.
		path: "bmp/traffic-reproducer/examples/pcap_processing/bmp-multi-sources.pcap",
		streams: []string{
			"203.0.113.19:54183 -> 138.187.58.9:1790 125448",
			"203.0.113.21:49750 -> 138.187.58.9:1790 6964",
			"203.0.113.22:50812 -> 138.187.58.9:1790 209",
			"203.0.113.23:58985 -> 138.187.58.9:1790 132469",
			"203.0.113.23:59559 -> 138.187.58.9:1790 3932",
			"203.0.113.24:60629 -> 138.187.58.9:1790 3256",
			"203.0.113.24:64480 -> 138.187.58.9:1790 79398",
			"203.0.113.28:50990 -> 138.187.58.9:1790 209",
			"203.0.113.44:26038 -> 138.187.58.9:1790 77069",
			"203.0.113.54:51402 -> 138.187.58.9:1790 8954",
			"203.0.113.54:64960 -> 138.187.58.9:1790 326401",
			"203.0.113.58:51765 -> 138.187.58.9:1790 66435",
			"203.0.113.58:58555 -> 138.187.58.9:1790 48885",
			"203.0.113.81:50731 -> 138.187.58.9:1790 1239232",
			"[2001:db8:53::1]:46089 -> [2a02:a90:4007::2:21]:1790 1758",
			"[2001:db8:53::1]:49796 -> [2a02:a90:4007::2:21]:1790 66008",
			"[2001:db8:73::1]:45115 -> [2a02:a90:4007::2:21]:1790 36672",
			"[2001:db8:73::1]:48931 -> [2a02:a90:4007::2:21]:1790 1941",
			"[2001:db8:90::1]:24643 -> [2a02:a90:4007::2:21]:1790 234279",
			"[2001:db8:90::1]:43728 -> [2a02:a90:4007::2:21]:1790 11184",
			"[2001:db8:91::1]:29715 -> [2a02:a90:4007::2:21]:1790 3552",
			"[2001:db8:91::1]:34243 -> [2a02:a90:4007::2:21]:1790 84767",
		},
		bmp: 6340 + 3601 + 289 + 15 + (556 - 22) + (328 - 10),
	},
	{
		// A raw capture: BMP (two connections to 1790, one reusing a four-tuple),
		// IPFIX over TCP (10005, 10006, not read here), a BGP session on 179 that
		// sends one KEEPALIVE, and unanswered SYNs to 1791. README:
		// RouteMonitoring=360, StatisticsReport=24, PeerUp=12, Initiation=1; BGP
		// KEEPALIVE=1 (the OPENs and UPDATEs it counts are inside BMP).
		path: "bmp/traffic-reproducer/examples/pcap_processing/ipfix-bmp.pcap",
		streams: []string{
			"198.51.100.44:28377 -> 192.0.2.1:179 19",
			"198.51.100.44:30425 -> 192.0.2.1:1790 1072",
			"198.51.100.44:51559 -> 192.0.2.6:1790 69055",
		},
		bmp: 360 + 24 + 12 + 1,
		bgp: 1,
	},
	{
		// README: RouteMonitoring=84, PeerUp=18, type 100=4, Initiation=1. No SYN
		// (the processed replay starts with data). The capture ends inside a Route
		// Monitoring message that announces 765 octets: 211 are there.
		path: "bmp/traffic-reproducer/examples/pcaps/bmp-traffic.pcap",
		streams: []string{
			"192.0.2.61:52867 -> 192.0.2.6:1790 20791",
		},
		bmp:  84 + 18 + 4 + 1,
		tail: 211,
	},
	{
		// Jumbo frames (segments up to ~8.5 kB). README: RouteMonitoring=6954. The
		// replay of 203.0.113.58 opens its connection twice with the same ports and
		// the same ISN (frames 54 and 60): tshark takes the second SYN for a
		// retransmission and keeps one stream (53467 octets, the longer second
		// session, as the first is all overlap), and its dissector loses one message
		// there; bgplens starts a second connection (a SYN after data is not a
		// retransmission) and finds both sessions (35917 and 53467 octets in
		// tshark's terms): 226 + 372 messages where tshark counts 597. pmacct's 208
		// bmp-multi-sources-route-monitoring.pcap, the same messages one per frame,
		// has RouteMonitoring=6955 in the README.
		path: "bmp/traffic-reproducer/examples/pcaps/bmp-multi-sources-route-monitoring-JUMBO.pcap",
		streams: []string{
			"203.0.113.19:20 -> 138.187.58.9:1790 87585",
			"203.0.113.23:20 -> 138.187.58.9:1790 55623",
			"203.0.113.24:20 -> 138.187.58.9:1790 16060",
			"203.0.113.44:20 -> 138.187.58.9:1790 66590",
			"203.0.113.54:20 -> 138.187.58.9:1790 149941",
			"203.0.113.58:20 -> 138.187.58.9:1790 35917",
			"203.0.113.58:20 -> 138.187.58.9:1790 53467",
			"203.0.113.81:20 -> 138.187.58.9:1790 287860",
			"[2001:db8:53::1]:20 -> [2a02:a90:4007::2:21]:1790 63890",
			"[2001:db8:73::1]:20 -> [2a02:a90:4007::2:21]:1790 34285",
			"[2001:db8:90::1]:20 -> [2a02:a90:4007::2:21]:1790 225783",
			"[2001:db8:91::1]:20 -> [2a02:a90:4007::2:21]:1790 81423",
		},
		quirk: 12,
		bmp:   6954 + 1,
	},
	{
		// README: StatisticsReport=3625. As in the Route Monitoring file,
		// 203.0.113.58 connects twice with the same ports and ISN (88 messages each
		// time): tshark shows one stream of 11615 octets and counts 175 messages,
		// bgplens two connections and 176 (pmacct's one-message-per-frame 208
		// bmp-multi-sources-stats.pcap: StatisticsReport=3626).
		path: "bmp/traffic-reproducer/examples/pcaps/bmp-multi-sources-stats-JUMBO.pcap",
		streams: []string{
			"203.0.113.19:20 -> 138.187.58.9:1790 35279",
			"203.0.113.21:20 -> 138.187.58.9:1790 6421",
			"203.0.113.23:20 -> 138.187.58.9:1790 74707",
			"203.0.113.24:20 -> 138.187.58.9:1790 61863",
			"203.0.113.44:20 -> 138.187.58.9:1790 6287",
			"203.0.113.54:20 -> 138.187.58.9:1790 170125",
			"203.0.113.58:20 -> 138.187.58.9:1790 11615",
			"203.0.113.58:20 -> 138.187.58.9:1790 11615",
			"203.0.113.81:20 -> 138.187.58.9:1790 925517",
			"[2001:db8:53::1]:20 -> [2a02:a90:4007::2:21]:1790 585",
			"[2001:db8:73::1]:20 -> [2a02:a90:4007::2:21]:1790 646",
			"[2001:db8:91::1]:20 -> [2a02:a90:4007::2:21]:1790 887",
		},
		quirk: 12,
		bmp:   3625 + 1,
	},
	{
		// README: PeerUp=16, Initiation=1.
		path: "bmp/traffic-reproducer/examples/pcaps/ipfix-bmp-scenario-PART1-bmp-init-and-peer-ups.pcap",
		streams: []string{
			"[2001:db8:90::1]:20 -> [2a02:a90:4007:31::69]:1790 4259",
		},
		quirk: 1,
		bmp:   16 + 1,
	},
	{
		// README: RouteMonitoring=732.
		path: "bmp/traffic-reproducer/examples/pcaps/ipfix-bmp-scenario-PART2-bmp-route-monitoring-updates.pcap",
		streams: []string{
			"[2001:db8:90::1]:20 -> [2a02:a90:4007:31::69]:1790 127333",
		},
		quirk: 1,
		bmp:   732,
	},
	{
		// README: PeerDown=1: one packet, no SYN (a part cut from a longer session).
		path: "bmp/traffic-reproducer/examples/pcaps/ipfix-bmp-scenario-PART3-bmp-loc-rib-peer-down.pcap",
		streams: []string{
			"[2001:db8:90::1]:20 -> [2a02:a90:4007:31::69]:1790 62",
		},
		bmp: 1,
	},
	{
		// README: RouteMonitoring=21; no SYN.
		path: "bmp/traffic-reproducer/examples/pcaps/ipfix-bmp-scenario-PART4-bmp-route-monitoring-withdrawals-updates.pcap",
		streams: []string{
			"[2001:db8:90::1]:20 -> [2a02:a90:4007:31::69]:1790 2385",
		},
		bmp: 21,
	},
	{
		// README: RouteMonitoring=100, PeerUp=1; no SYN.
		path: "bmp/traffic-reproducer/examples/pcaps/ipfix-bmp-scenario-PART6-bmp-loc-rib-peer-up.pcap",
		streams: []string{
			"[2001:db8:90::1]:20 -> [2a02:a90:4007:31::69]:1790 18503",
		},
		bmp: 100 + 1,
	},
	{
		// README: RouteMonitoring=12, PeerDown=1; no SYN.
		path: "bmp/traffic-reproducer/examples/pcaps/ipfix-bmp-scenario-PART7-bmp-global-peer-down.pcap",
		streams: []string{
			"[2001:db8:90::1]:55723 -> [2a02:a90:4007:31::69]:1790 1705",
		},
		bmp: 12 + 1,
	},
	{
		// README: RouteMonitoring=22, PeerUp=1; no SYN.
		path: "bmp/traffic-reproducer/examples/pcaps/ipfix-bmp-scenario-PART8-bmp-global-peer-up.pcap",
		streams: []string{
			"[2001:db8:90::1]:55723 -> [2a02:a90:4007:31::69]:1790 3241",
		},
		bmp: 22 + 1,
	},
	{
		// README: RouteMonitoring=143, StatisticsReport=7, PeerUp=4, PeerDown=2; two
		// connections, both already open when the capture started.
		path: "bmp/netgauze/assets/pcaps/bmp/evpn/evpn.pcap",
		streams: []string{
			"198.51.100.154:16436 -> 192.0.2.1:1790 25606",
			"198.51.100.44:43969 -> 192.0.2.1:1790 2150",
		},
		bmp: 143 + 7 + 4 + 2,
	},
	{
		// BMP version 4 on port 10000. README: RouteMonitoring=3, PeerDown=1, PeerUp=1.
		path: "bmp/netgauze/assets/pcaps/bmp/path-status/ipv4_unicast_path_marking.pcap",
		streams: []string{
			"192.85.2.1:62503 -> 192.85.2.2:10000 584",
		},
		bmpV4: true,
		bmp:   3 + 1 + 1,
	},
	{
		// README: RouteMonitoring=173, PeerUp=18, Initiation=1.
		path: "bmp/netgauze/assets/pcaps/bmp/peers-with-different-caps/example.pcap",
		streams: []string{
			"10.215.131.44:39613 -> 10.110.110.249:1790 34538",
		},
		bmp: 173 + 18 + 1,
	},
	{
		// BMP version 4 on port 10000. The README (tshark 4.0) counts PeerUp=7 only:
		// tshark does not know version 4 and stops. NetGauze's own expected decode
		// (ipv4_unicast_all-bmp.json beside the pcap upstream) lists 30 messages:
		// 9 Peer Up and 21 Route Monitoring, which is what the walk finds.
		path: "bmp/netgauze/assets/pcaps/bmp/stateless-with-add-path/ipv4_unicast_all.pcap",
		streams: []string{
			"192.85.2.1:62503 -> 192.85.2.2:10000 4835",
		},
		bmpV4: true,
		bmp:   9 + 21,
	},
	{
		// Three FRRouting routers, nine connections (six close without data).
		// README: RouteMonitoring=34, PeerUp=7, Initiation=3.
		path: "bmp/netgauze/assets/pcaps/bmp/unreachable-prefix-announcement/upa.pcap",
		streams: []string{
			"172.20.0.11:50166 -> 172.17.0.1:1790 2313",
			"172.20.0.12:44678 -> 172.17.0.1:1790 1675",
			"172.20.0.13:43788 -> 172.17.0.1:1790 1137",
		},
		bmp: 34 + 7 + 3,
	},
	{
		// BMP version 4 on port 10000. README: RouteMonitoring=15.
		path: "bmp/netgauze/assets/pcaps/bmp/vpnv4-stateless-with-withdraw/vpnv4-stateless-with-withdraw.pcap",
		streams: []string{
			"192.85.2.1:53680 -> 192.85.2.2:10000 2297",
		},
		bmpV4: true,
		bmp:   15,
	},
}
