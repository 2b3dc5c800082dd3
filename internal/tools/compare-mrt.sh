#!/usr/bin/env bash
# make compare-mrt: bgplens dump --format bgpdump against bgpdump -m on one
# generated full-table TABLE_DUMP_V2 (internal/tools/mrtgen), uncompressed
# and bzip2-compressed, side by side in one run. Prints RIB entries per
# second (wall clock, best of ROUNDS) and the ratios; the last line is
#   entries=<n> bgpdump_per_sec=<x> bgplens_per_sec=<y> ratio=<r> bz2_ratio=<s>
set -euo pipefail
cd "$(dirname "$0")/../.."
GO=${GO:-go}
FILE=${MRT_FILE:-${TMPDIR:-/tmp}/bgplens-compare-rib.mrt}
PREFIXES=${MRT_PREFIXES:-1000000}
PEERS=${MRT_PEERS:-20}
ROUNDS=${ROUNDS:-3}
command -v bgpdump >/dev/null || { echo "compare-mrt: bgpdump is not installed (apt-get install bgpdump)" >&2; exit 1; }
command -v bzip2 >/dev/null || { echo "compare-mrt: bzip2 is not installed" >&2; exit 1; }
if [ ! -s "$FILE" ]; then
	$GO run ./internal/tools/mrtgen -prefixes "$PREFIXES" -peers "$PEERS" -o "$FILE"
fi
[ -s "$FILE.bz2" ] || bzip2 -k -c "$FILE" > "$FILE.bz2"
bin=$(mktemp -d)/bgplens
$GO build -o "$bin" ./cmd/bgplens
entries=$("$bin" dump --format bgpdump "$FILE" | wc -l)
best() { # best wall-clock seconds of ROUNDS runs of "$@" > /dev/null
	local b=""
	for _ in $(seq "$ROUNDS"); do
		local s e
		s=$(date +%s.%N); "$@" > /dev/null 2>&1; e=$(date +%s.%N)
		b=$(awk -v b="$b" -v d="$(awk -v s="$s" -v e="$e" 'BEGIN{print e-s}')" 'BEGIN{ if (b == "" || d < b) print d; else print b }')
	done
	echo "$b"
}
tb=$(best bgpdump -m "$FILE"); tl=$(best "$bin" dump --format bgpdump "$FILE")
zb=$(best bgpdump -m "$FILE.bz2"); zl=$(best "$bin" dump --format bgpdump "$FILE.bz2")
awk -v n="$entries" -v tb="$tb" -v tl="$tl" -v zb="$zb" -v zl="$zl" 'BEGIN {
	printf "uncompressed: bgpdump %.2f s, bgplens %.2f s; bzip2: bgpdump %.2f s, bgplens %.2f s\n", tb, tl, zb, zl
	printf "entries=%d bgpdump_per_sec=%.0f bgplens_per_sec=%.0f ratio=%.2f bz2_ratio=%.2f\n", n, n/tb, n/tl, tb/tl, zb/zl }'
