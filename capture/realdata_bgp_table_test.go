package capture

// bgpCaptures are BGP captures of testdata/ (copied there for the bgp
// package): every link layer and file format among them, gaps, replays,
// both directions. The stream lines are tshark's follow output except where
// a comment says why bgplens reads the capture differently.
var bgpCaptures = []realCapture{
	{
		// README: UPDATE=45, OPEN=1, KEEPALIVE=1.
		path: "pmacct/tests/300-BGP-IPv6-CISCO-extNH_enc/traffic-00.pcap",
		streams: []string{
			"[2001:4d98:a100:300:0:921:f:1]:20 -> [2a02:a90:4007::1:10]:179 8254",
		},
		quirk: 1,
		bgp:   45 + 1 + 1,
	},
	{
		// README: UPDATE=20, OPEN=1, KEEPALIVE=1; the replay ends 111 octets into
		// one more UPDATE (testdata/README.md says so too).
		path: "pmacct/tests/301-BGP-CISCO-pretag/traffic-00.pcap",
		streams: []string{
			"138.190.129.21:20 -> 138.187.58.2:179 2983",
		},
		quirk: 1,
		bgp:   20 + 1 + 1,
		tail:  111,
	},
	{
		// README: UPDATE=24, OPEN=1, KEEPALIVE=1, then 43 octets of one more UPDATE.
		path: "pmacct/tests/302-BGP-IPv6-multiple-sources/traffic-00.pcap",
		streams: []string{
			"[2001:4d98:a100:401:0:923:f:1]:20 -> [2a02:a90:4007::1:10]:179 4327",
		},
		quirk: 1,
		bgp:   24 + 1 + 1,
		tail:  43,
	},
	{
		// README: UPDATE=26, OPEN=1, KEEPALIVE=1, then 119 octets of one more UPDATE.
		path: "pmacct/tests/302-BGP-IPv6-multiple-sources/traffic-01.pcap",
		streams: []string{
			"10.10.0.35:20 -> 138.187.58.2:179 4369",
		},
		quirk: 1,
		bgp:   26 + 1 + 1,
		tail:  119,
	},
	{
		// README: UPDATE=8, OPEN=1, KEEPALIVE=1.
		path: "pmacct/tests/302-BGP-IPv6-multiple-sources/traffic-02.pcap",
		streams: []string{
			"213.3.223.36:20 -> 138.187.58.2:179 1725",
		},
		quirk: 1,
		bgp:   8 + 1 + 1,
	},
	{
		// README: UPDATE=8, OPEN=1, KEEPALIVE=1.
		path: "pmacct/tests/302-BGP-IPv6-multiple-sources/traffic-03.pcap",
		streams: []string{
			"213.3.223.36:20 -> 138.187.58.2:179 1725",
		},
		quirk: 1,
		bgp:   8 + 1 + 1,
	},
	{
		// README: UPDATE=45, OPEN=1, KEEPALIVE=1.
		path: "pmacct/tests/303-BGP-high-availability/traffic-00.pcap",
		streams: []string{
			"[2001:4d98:a100:300:0:921:f:1]:20 -> [2a02:a90:4007::1:10]:179 8254",
		},
		quirk: 1,
		bgp:   45 + 1 + 1,
	},
	{
		// README: OPEN=8 (eight connections).
		path: "pmacct/tests/305-BGP-mem-leak-test/bgp-multi-sources-open.pcap",
		streams: []string{
			"203.0.113.53:20 -> 138.187.58.2:179 97",
			"203.0.113.73:20 -> 138.187.58.2:179 97",
			"203.0.113.90:20 -> 138.187.58.2:179 97",
			"203.0.113.91:20 -> 138.187.58.2:179 97",
			"[2001:db8:53::1]:20 -> [2a02:a90:4007::1:10]:179 97",
			"[2001:db8:73::1]:20 -> [2a02:a90:4007::1:10]:179 97",
			"[2001:db8:90::1]:20 -> [2a02:a90:4007::1:10]:179 97",
			"[2001:db8:91::1]:20 -> [2a02:a90:4007::1:10]:179 97",
		},
		bgp: 8,
	},
	{
		// README: UPDATE=416, KEEPALIVE=32.
		path: "pmacct/tests/305-BGP-mem-leak-test/bgp-multi-sources-update-keepalive.pcap",
		streams: []string{
			"203.0.113.53:20 -> 138.187.58.2:179 9039",
			"203.0.113.73:20 -> 138.187.58.2:179 3819",
			"203.0.113.90:20 -> 138.187.58.2:179 9920",
			"203.0.113.91:20 -> 138.187.58.2:179 9092",
			"[2001:db8:53::1]:20 -> [2a02:a90:4007::1:10]:179 9063",
			"[2001:db8:73::1]:20 -> [2a02:a90:4007::1:10]:179 3843",
			"[2001:db8:90::1]:20 -> [2a02:a90:4007::1:10]:179 10172",
			"[2001:db8:91::1]:20 -> [2a02:a90:4007::1:10]:179 9128",
		},
		quirk: 8,
		bgp:   416 + 32,
	},
	{
		// README: UPDATE=6, OPEN=1, KEEPALIVE=1.
		path: "pmacct/tests/500-IPFIXv10-BGP-CISCO-SRv6/traffic-00.pcap",
		streams: []string{
			"198.51.100.54:20 -> 192.0.2.1:179 576",
		},
		quirk: 1,
		bgp:   6 + 1 + 1,
	},
	{
		// README: UPDATE=28, OPEN=1, KEEPALIVE=1.
		path: "pmacct/tests/501-IPFIXv10-BGP-IPv6-CISCO-MPLS/traffic-00.pcap",
		streams: []string{
			"[2001:db8:90::1]:20 -> [2a02:a90:4007:31::69]:179 3397",
		},
		quirk: 1,
		bgp:   28 + 1 + 1,
	},
	{
		// README: UPDATE=28, OPEN=1, KEEPALIVE=1.
		path: "pmacct/tests/502-IPFIXv10-BGP-IPv6-CISCO-SRv6-lcomms/traffic-00.pcap",
		streams: []string{
			"[2001:db8:90::1]:20 -> [2a02:a90:4007:31::69]:179 3737",
		},
		quirk: 1,
		bgp:   28 + 1 + 1,
	},
	{
		// Both directions, with TCP keep-alives. README: UPDATE=28, KEEPALIVE=5,
		// OPEN=2, NOTIFICATION=1.
		path: "traffic-reproducer/examples/pcap_processing/bgp.pcap",
		streams: []string{
			"[2001:db8:90::1]:43158 -> [2a02:a90:4007:31::69]:179 3601",
			"[2a02:a90:4007:31::69]:179 -> [2001:db8:90::1]:43158 196",
		},
		bgp: 28 + 5 + 2 + 1,
	},
	{
		// README: UPDATE=416, KEEPALIVE=32, OPEN=8. Three connections are already
		// open when the capture starts; the routers' peers send nothing.
		path: "traffic-reproducer/examples/pcap_processing/bgp-multi-sources.pcap",
		streams: []string{
			"203.0.113.53:54176 -> 138.187.58.2:179 9137",
			"203.0.113.73:46403 -> 138.187.58.2:179 3917",
			"203.0.113.90:38232 -> 138.187.58.2:179 10018",
			"203.0.113.91:49997 -> 138.187.58.2:179 9190",
			"[2001:db8:53::1]:51252 -> [2a02:a90:4007::1:10]:179 9161",
			"[2001:db8:73::1]:46359 -> [2a02:a90:4007::1:10]:179 3941",
			"[2001:db8:90::1]:22228 -> [2a02:a90:4007::1:10]:179 10270",
			"[2001:db8:91::1]:18030 -> [2a02:a90:4007::1:10]:179 9226",
		},
		bgp: 416 + 32 + 8,
	},
	{
		// README: UPDATE=20, OPEN=1, KEEPALIVE=1, then 111 octets of one more UPDATE.
		path: "traffic-reproducer/examples/pcaps/bgp-traffic.pcap",
		streams: []string{
			"138.190.129.21:25311 -> 138.187.58.2:179 2984",
		},
		bgp:  20 + 1 + 1,
		tail: 111,
	},
	{
		// 23 BGP sessions, 10 of them already open (no SYN). README: KEEPALIVE=171,
		// UPDATE=100, OPEN=20.
		path: "netgauze/assets/pcaps/bgp/multiple-sessions/traffic.pcap",
		streams: []string{
			"192.168.120.24:179 -> 192.168.120.33:2686 38",
			"192.168.120.24:179 -> 192.168.120.33:2704 442",
			"192.168.120.25:179 -> 192.168.120.33:3500 76",
			"192.168.120.25:179 -> 192.168.120.33:3551 404",
			"192.168.120.33:2686 -> 192.168.120.24:179 38",
			"192.168.120.33:2704 -> 192.168.120.24:179 185",
			"192.168.120.33:3500 -> 192.168.120.25:179 95",
			"192.168.120.33:3551 -> 192.168.120.25:179 166",
			"192.168.255.14:179 -> 192.168.255.1:41594 95",
			"192.168.255.14:36390 -> 192.168.255.1:179 518",
			"192.168.255.15:33391 -> 192.168.255.1:179 461",
			"192.168.255.15:52335 -> 192.168.255.1:179 152",
			"192.168.255.1:179 -> 192.168.255.14:36390 292",
			"192.168.255.1:179 -> 192.168.255.15:33391 197",
			"192.168.255.1:179 -> 192.168.255.15:52335 171",
			"192.168.255.1:41594 -> 192.168.255.14:179 95",
			"[2003:de:2016:120::24]:179 -> [2003:de:2016:120::f02:443]:18004 38",
			"[2003:de:2016:120::24]:179 -> [2003:de:2016:120::f02:443]:18022 517",
			"[2003:de:2016:120::25]:179 -> [2003:de:2016:120::f02:443]:18889 95",
			"[2003:de:2016:120::25]:179 -> [2003:de:2016:120::f02:443]:18940 479",
			"[2003:de:2016:120::f02:443]:18004 -> [2003:de:2016:120::24]:179 38",
			"[2003:de:2016:120::f02:443]:18022 -> [2003:de:2016:120::24]:179 216",
			"[2003:de:2016:120::f02:443]:18889 -> [2003:de:2016:120::25]:179 76",
			"[2003:de:2016:120::f02:443]:18940 -> [2003:de:2016:120::25]:179 178",
			"[2003:de:2016:1ff::14]:179 -> [2003:de:2016:1ff::15]:33403 800",
			"[2003:de:2016:1ff::14]:179 -> [2003:de:2016:1ff::15]:42673 38",
			"[2003:de:2016:1ff::14]:179 -> [2003:de:2016:1ff::1]:48308 76",
			"[2003:de:2016:1ff::14]:27984 -> [2003:de:2016:1ff::15]:179 819",
			"[2003:de:2016:1ff::14]:65513 -> [2003:de:2016:1ff::1]:179 593",
			"[2003:de:2016:1ff::15]:179 -> [2003:de:2016:1ff::14]:27984 800",
			"[2003:de:2016:1ff::15]:179 -> [2003:de:2016:1ff::1]:47195 171",
			"[2003:de:2016:1ff::15]:33403 -> [2003:de:2016:1ff::14]:179 819",
			"[2003:de:2016:1ff::15]:39623 -> [2003:de:2016:1ff::1]:179 536",
			"[2003:de:2016:1ff::15]:42673 -> [2003:de:2016:1ff::14]:179 57",
			"[2003:de:2016:1ff::1]:179 -> [2003:de:2016:1ff::14]:65513 317",
			"[2003:de:2016:1ff::1]:179 -> [2003:de:2016:1ff::15]:39623 222",
			"[2003:de:2016:1ff::1]:47195 -> [2003:de:2016:1ff::15]:179 152",
			"[2003:de:2016:1ff::1]:48308 -> [2003:de:2016:1ff::14]:179 95",
		},
		bgp: 171 + 100 + 20,
	},
	{
		// Linux cooked capture in pcapng. The capture misses 38 octets after the
		// first OPEN (tshark: "Previous segment(s) not captured"; its follow output
		// marks "[38 bytes missing in capture file]" at offset 107). README:
		// UPDATE=9, KEEPALIVE=2, OPEN=1.
		path: "tcpdump/tests/bgp-role.pcapng",
		streams: []string{
			"192.168.10.124:53580 -> 192.168.10.17:179 517",
			"192.168.10.17:179 -> 192.168.10.124:53580 149 gap 107+38",
		},
		bgp: 9 + 2 + 1,
	},
	{
		// Three packets: an OPEN each way, then a NOTIFICATION 61 octets further on
		// than the first OPEN ends (tshark: "Previous segment(s) not captured").
		// tshark's follow output stops at the hole (65 octets), although its
		// dissector counts the NOTIFICATION after it; bgplens keeps it after a gap.
		// README: OPEN=2, NOTIFICATION=1.
		path: "tcpdump/tests/bgp-cease-hard-reset.pcap",
		streams: []string{
			"1.0.0.1:43091 -> 1.0.0.2:179 49",
			"1.0.0.2:179 -> 1.0.0.1:43091 88 gap 65+61",
		},
		bgp: 2 + 1,
	},
	{
		// README: KEEPALIVE=16, UPDATE=10, OPEN=8, NOTIFICATION=1.
		path: "tcpdump/tests/bgp-4byte-asn.pcap",
		streams: []string{
			"1.0.0.1:33993 -> 1.0.0.2:179 155",
			"1.0.0.2:179 -> 1.0.0.1:33993 114",
			"1.0.2.1:179 -> 1.0.2.2:42741 224",
			"1.0.2.2:42741 -> 1.0.2.1:179 174",
			"1.0.3.1:35169 -> 1.0.3.2:179 301",
			"1.0.3.2:179 -> 1.0.3.1:35169 87",
			"1.0.4.1:34883 -> 1.0.4.2:179 327",
			"1.0.4.2:179 -> 1.0.4.1:34883 81",
		},
		bgp: 16 + 10 + 8 + 1,
	},
	{
		// README: UPDATE=24, OPEN=4, KEEPALIVE=4.
		path: "tcpdump/tests/bgp-bgpsec.pcap",
		streams: []string{
			"172.18.0.2:179 -> 172.18.0.3:54094 1736",
			"172.18.0.3:179 -> 172.18.0.4:32836 2656",
			"172.18.0.3:54094 -> 172.18.0.2:179 149",
			"172.18.0.4:32836 -> 172.18.0.3:179 149",
		},
		bgp: 24 + 4 + 4,
	},
	{
		// README: KEEPALIVE=8, UPDATE=7, OPEN=4, NOTIFICATION=1.
		path: "tcpdump/tests/bgp-lu-multiple-labels.pcap",
		streams: []string{
			"2.1.1.1:40760 -> 2.1.1.2:179 182",
			"2.1.1.1:40808 -> 2.1.1.2:179 220",
			"2.1.1.2:179 -> 2.1.1.1:40760 183",
			"2.1.1.2:179 -> 2.1.1.1:40808 162",
		},
		bgp: 8 + 7 + 4 + 1,
	},
	{
		// README: UPDATE=8.
		path: "tcpdump/tests/bgp-rt-prefix.pcap",
		streams: []string{
			"1.0.0.2:42195 -> 1.0.0.1:179 487",
		},
		bgp: 8,
	},
	{
		// Three SYNs with sequence number 0 on one four-tuple, each carrying a
		// different NOTIFICATION: the second and third are retransmissions of the
		// first SYN as far as TCP goes, so the stream holds the first one only, as
		// for tshark. README: NOTIFICATION=1.
		path: "tcpdump/tests/bgp-shutdown-msg-variations.pcap",
		streams: []string{
			"127.0.0.1:20 -> 127.0.0.1:179 41",
		},
		bgp: 1,
	},
	{
		// PPP link layer. README: UPDATE=1.
		path: "tcpdump/tests/bgp_vpn_attrset.pcap",
		streams: []string{
			"12.4.4.4:2051 -> 12.1.1.1:179 121",
		},
		bgp: 1,
	},
	{
		// Raw IP link layer. README: UPDATE=1.
		path: "tcpdump/tests/bgp-addpath.pcap",
		streams: []string{
			"127.0.0.1:179 -> 127.0.0.1:59631 231",
		},
		bgp: 1,
	},
	{
		// Juniper Ethernet link layer. README: UPDATE=2.
		path: "tcpdump/tests/bgp-aigp.pcap",
		streams: []string{
			"172.16.20.5:59631 -> 172.16.20.3:179 130",
		},
		bgp: 2,
	},
	{
		// pcapng, Linux cooked capture, IPv6. README: ROUTE-REFRESH=2.
		path: "tcpdump/tests/bgp-orf.pcapng",
		streams: []string{
			"[fe80::a00:27ff:fe5e:d19e]:34394 -> [fe80::ca5d:fd0d:cd8:1bb7]:179 79",
		},
		bgp: 2,
	},
	{
		// pcapng, Ethernet. README: UPDATE=6.
		path: "tcpdump/tests/bgp-link-bw-extcommunity.pcapng",
		streams: []string{
			"192.168.10.249:36890 -> 192.168.10.252:179 408",
		},
		bgp: 6,
	},
	{
		// Crafted: the IP header's flags are 0x7, so More Fragments is set and the
		// packet is a first fragment, which bgplens does not reassemble (it needs
		// the rest): no stream. tshark dissects the unreassembled fragment and
		// counts OPEN=1 (README).
		path:      "tcpdump/tests/bgp-bgp_capabilities_print-oobr-1.pcap",
		fragments: 1,
	},
	{
		// README: UPDATE=2.
		path: "os-ken/os_ken/tests/packet_data/bgp4/bgp4-update_ipv6.pcap",
		streams: []string{
			"[2001:db8:0:aaaa::2]:179 -> [2001:db8:0:aaaa::1]:51374 119",
		},
		bgp: 2,
	},
}
