#!/usr/bin/env python3
"""Make corpus entries from real captures with real dump tools.

For a few BGP messages taken from the captures in testdata/ (upstream test
captures, see testdata/README.md), this runs the tools operators paste from
(hexdump -C, xxd, od, tshark -x, tshark -V, tcpdump -X, Wireshark's hex
stream) and writes corpus entries whose expectations are computed here from
the message octets (RFC 4271 section 4 layout), independently of bgplens.

Usage: python3 tooldumps.py > /tmp/tool-entries.json
Needs: tshark, tcpdump, xxd, hexdump, od (Debian: tshark tcpdump xxd bsdextrautils coreutils).
"""
import json, subprocess, sys, os

TD = os.path.join(os.path.dirname(__file__), "..", "..")
MSGTYPE = {1: "OPEN", 2: "UPDATE", 3: "NOTIFICATION", 4: "KEEPALIVE", 5: "ROUTE-REFRESH"}

# (capture, frame, why): frames whose TCP payload starts with a whole BGP message.
PICKS = [
    ("tcpdump/tests/bgp-bfd-cease.pcap", 1, "Cease 6/10 (BFD Down)"),
    ("tcpdump/tests/bgp-shutdown-communication.pcapng", 2, "Cease 6/2 with an RFC 8203 Shutdown Communication"),
    ("tcpdump/tests/bgp-cease-hard-reset.pcap", 1, "Cease 6/9 Hard Reset"),
    ("tcpdump/tests/bgp_notification_rr_msg_error.pcap", 1, "ROUTE-REFRESH Message Error 7/1"),
    ("tcpdump/tests/bgp-role.pcapng", 1, "OPEN with the BGP Role capability"),
    ("tcpdump/tests/bgp-large-community.pcap", 1, "UPDATE with LARGE_COMMUNITY"),
    ("tcpdump/tests/bgp-4byte-asn.pcap", "2", "UPDATE of a 4-octet AS session"),
    ("tcpdump/tests/bgp-malformed-hard-reset.pcap", 1, "a malformed Hard Reset NOTIFICATION"),
    ("tcpdump/tests/bgp-orf.pcapng", 1, "two ROUTE-REFRESH messages with ORF entries in one segment"),
    ("tcpdump/tests/bgp-aigp.pcap", 1, "two UPDATEs with AIGP in one segment"),
    ("tcpdump/tests/bgp-enhanced-route-refresh.pcapng", 1, "ROUTE-REFRESH (enhanced)"),
    ("tcpdump/tests/bgp-extended-shutdown-msg.pcapng", 1, "Cease with a long shutdown message"),
    ("tcpdump/tests/bgp-shutdown-msg-variations.pcap", 1, "shutdown message variation"),
    ("traffic-reproducer/examples/pcap_processing/bgp.pcap", "3", "Cease NOTIFICATION from a pmacct capture"),
    ("traffic-reproducer/examples/pcap_processing/bgp.pcap", "1", "OPEN from a pmacct capture"),
    ("pmacct/tests/502-IPFIXv10-BGP-IPv6-CISCO-SRv6-lcomms/traffic-00.pcap", "1", "OPEN of a Cisco router (pmacct test)"),
    ("pmacct/tests/502-IPFIXv10-BGP-IPv6-CISCO-SRv6-lcomms/traffic-00.pcap", "2", "UPDATE of a Cisco router (pmacct test)"),
    ("os-ken/os_ken/tests/packet_data/bgp4/bgp4-open.pcap", "1", "OPEN (os-ken test data)"),
    ("os-ken/os_ken/tests/packet_data/bgp4/bgp4-update_ipv6.pcap", "2", "UPDATE with IPv6 MP_REACH_NLRI (os-ken test data)"),
    ("os-ken/os_ken/tests/packet_data/bgp4/evpn_nlri_mac_ip_ad.pcap", "2", "EVPN UPDATE (os-ken test data)"),
    ("netgauze/assets/pcaps/bgp/multiple-sessions/traffic.pcap", "1", "OPEN (NetGauze test capture)"),
    ("netgauze/assets/pcaps/bgp/multiple-sessions/traffic.pcap", "4", "KEEPALIVE (NetGauze test capture)"),
]

def resolve(cap, spec):
    """spec is a frame number, or a string: the first frame whose BGP type list is exactly it."""
    if isinstance(spec, int):
        return spec
    out = run("tshark", "-r", cap, "-Y", "bgp", "-T", "fields", "-e", "frame.number", "-e", "bgp.type").decode()
    for line in out.splitlines():
        n, t = line.split("\t")
        if t == spec:
            return int(n)
    raise ValueError("no frame with types " + spec)

def run(*args):
    return subprocess.run(args, capture_output=True, check=True).stdout

def payload(cap, frame):
    out = run("tshark", "-r", cap, "-Y", "frame.number==%d" % frame, "-T", "fields", "-e", "tcp.payload", "-e", "frame.len")
    p, flen = out.decode().strip().split("\t")
    return bytes.fromhex(p.replace(":", "")), int(flen)

def frame_bytes(cap, frame):
    # tshark -x prints the frame; parse its own dump back to octets.
    out = run("tshark", "-r", cap, "-Y", "frame.number==%d" % frame, "-x").decode()
    b = bytearray()
    for line in out.splitlines():
        if len(line) > 6 and line[4:6] == "  ":
            for h in line[6:53].split():
                b.append(int(h, 16))
    return bytes(b), out

def expect_message(buf, prefix):
    """Expectations for octets holding a BGP message at prefix."""
    msg = buf[prefix:]
    e = {"start": "message", "prefix_octets": prefix, "octets_present": len(buf)}
    ln = int.from_bytes(msg[16:18], "big")
    t = msg[18]
    e["message_type"] = MSGTYPE.get(t, str(t))
    if t != 3:
        e["start"] = "other-message"
    if t == 3 and len(msg) >= 21:
        e["code"], e["subcode"] = msg[19], msg[20]
    vals = []
    if t == 1 and len(msg) >= 29:
        vals = [("my_autonomous_system", str(int.from_bytes(msg[20:22], "big"))),
                ("hold_time", str(int.from_bytes(msg[22:24], "big"))),
                ("bgp_identifier", ".".join(str(x) for x in msg[24:28]))]
    if t == 3 and len(msg) > 21 and msg[19] == 6 and msg[20] in (2, 4) and msg[21] == ln - 22:
        vals = [("shutdown_communication", msg[22:ln].decode("utf-8"))]
    if t == 5 and len(msg) >= 23:
        vals = [("afi", str(int.from_bytes(msg[19:21], "big"))), ("safi", str(msg[22]))]
    if vals:
        e["values"] = [{"field": f, "value": v} for f, v in vals]
    # walk back-to-back messages: truncated if the last is cut
    off = 0
    while off + 19 <= len(msg):
        l = int.from_bytes(msg[off+16:off+18], "big")
        if l < 19:
            break
        off += l
    e["truncated"] = off > len(msg)
    return e, ln

def find_marker(b):
    for i in range(len(b) - 15):
        if b[i:i+16] == b"\xff" * 16:
            return i
    return -1

def entries():
    out = []
    for rel, frame, why in PICKS:
        cap = os.path.join(TD, rel)
        try:
            frame = resolve(cap, frame)
            pl, flen = payload(cap, frame)
        except Exception as ex:
            print("skip", rel, ex, file=sys.stderr)
            continue
        if pl[:16] != b"\xff" * 16:
            print("skip (no marker first)", rel, file=sys.stderr)
            continue
        ln = int.from_bytes(pl[16:18], "big")
        msg = pl[:ln]
        base = os.path.basename(rel).split(".")[0]
        src = "testdata/%s frame %d (upstream test capture, see testdata/README.md)" % (rel, frame)
        def add(tool, kind, text, buf, prefix, how, extra=None):
            e, _ = expect_message(buf, prefix)
            if extra:
                e.update(extra)
            out.append({
                "id": "%s-%s-%s" % (kind, base, frame),
                "implementation": tool,
                "source": src,
                "synthetic": False,
                "generated": how,
                "note": "%s. Bytes: %s; expectations computed from the octets by gen/tooldumps.py (RFC 4271 section 4 layout), not by bgplens." % (why, src),
                "input": text,
                "expect": e,
            })
        # hexdump -C and xxd and od of the message alone
        h = subprocess.run(["hexdump", "-C"], input=msg, capture_output=True).stdout.decode().rstrip("\n")
        add("hexdump", "hexdump-c", h, msg, 0, "hexdump -C of the message octets")
        x = subprocess.run(["xxd"], input=msg, capture_output=True).stdout.decode().rstrip("\n")
        add("xxd", "xxd", x, msg, 0, "xxd of the message octets")
        o = subprocess.run(["od", "-A", "x", "-t", "x1z", "-v"], input=msg, capture_output=True).stdout.decode().rstrip("\n")
        add("od", "od", o, msg, 0, "od -A x -t x1z -v of the message octets")
        # Wireshark "Copy as Hex Stream" of the BGP layer
        add("Wireshark", "wireshark-hex-stream", msg.hex(), msg, 0, "the message as Wireshark's 'Copy ... as a Hex Stream' gives it")
        # tshark -x: the whole frame with offsets and ASCII
        fb, dump = frame_bytes(cap, frame)
        k = find_marker(fb)
        add("tshark", "tshark-x", dump.rstrip("\n"), fb, k, "tshark -r CAPTURE -Y frame.number==N -x (frame hex + ASCII, as Wireshark's 'Copy as Hex + ASCII Dump')")
        # tcpdump -X: from the IP header
        try:
            td = run("tcpdump", "-r", cap, "-n", "-X", "-c", str(frame)).decode()
            pkt = td.split("\n")
            # keep the last packet: its summary line and its dump rows
            starts = [i for i, l in enumerate(pkt) if l and not l.startswith("\t")]
            last = "\n".join(pkt[starts[-1]:]).rstrip("\n")
            tb = bytearray()
            for l in last.splitlines()[1:]:
                cols = l.strip().split("  ")
                for g in cols[1].split() if len(cols) > 1 else []:
                    tb += bytes.fromhex(g)
            k2 = find_marker(bytes(tb))
            add("tcpdump", "tcpdump-x", last, bytes(tb), k2, "tcpdump -r CAPTURE -n -X -c N, last packet")
        except Exception as ex:
            print("tcpdump", rel, ex, file=sys.stderr)
        # tshark -V for NOTIFICATIONs: Wireshark's packet details, one field per line
        if msg[18] == 3:
            v = run("tshark", "-r", cap, "-Y", "frame.number==%d" % frame, "-V", "-O", "bgp").decode()
            i = v.find("Border Gateway Protocol")
            det = v[i:].rstrip("\n")
            e, _ = expect_message(msg, 0)
            out.append({
                "id": "tshark-v-%s-%d" % (base, frame), "implementation": "Wireshark packet details",
                "source": src, "synthetic": False,
                "generated": "tshark -r CAPTURE -Y frame.number==N -V -O bgp, the BGP layer (as Wireshark's 'Copy ... All Visible Items')",
                "note": "%s. The details print one field per line, values in words and decimal; the message is rebuilt from them. Expectations computed from the octets by gen/tooldumps.py." % why,
                "input": det, "expect": e,
            })
    return out

if __name__ == "__main__":
    json.dump(entries(), sys.stdout, indent=2, ensure_ascii=False)
