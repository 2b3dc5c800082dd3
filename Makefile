# bgplens: `make check` is the whole test suite (what CI runs).
SHELL := /bin/bash
GO        ?= go
PKGS      := ./...
STATICCHECK_VERSION := v0.8.2
NO_SKIPS  := $(if $(CI),-no-skips,)

.PHONY: check test race interop lint fmt vet staticcheck build fuzz bench bench-station compare compare-valgrind

check: lint test race interop

build:
	$(GO) build -o bin/bgplens ./cmd/bgplens

test:
	set -o pipefail; $(GO) test -count=1 -json $(PKGS) | $(GO) run ./internal/tools/testreport $(NO_SKIPS)

# The station runs a goroutine per router beside the HTTP API: its tests
# also run under the race detector.
race:
	set -o pipefail; $(GO) test -race -count=1 -json ./station/... | $(GO) run ./internal/tools/testreport $(NO_SKIPS)

# The nested module that compares bgplens with other implementations.
interop:
	set -o pipefail; cd interop && $(GO) test -count=1 -json ./... | $(GO) run ../internal/tools/testreport $(NO_SKIPS)

lint: fmt vet staticcheck

fmt:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet $(PKGS)
	cd interop && $(GO) vet ./...

staticcheck:
	$(GO) run honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) $(PKGS)

# Short fuzzing of every fuzz target (FUZZTIME each, one at a time).
FUZZTIME ?= 30s
FUZZPKGS ?= ./bgp ./mrt ./mrt/mrtbgp ./mrt/bgpdump
fuzz:
	for p in $(FUZZPKGS); do \
		for t in $$($(GO) test -list '^Fuzz' $$p | grep ^Fuzz); do \
			$(GO) test $$p -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) -parallel 1 || exit 1; \
		done; \
	done

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./bgp ./mrt/...

# bgplens against GoBGP on one generated BMP stream (interop/compare): ns,
# MB/s and allocations per message; the last line is
# ratio_vs_gobgp=<x> ns_per_msg=<y> allocs_per_msg=<z>. COMPARE_FLAGS adds
# flags, e.g. -n 1000000 -addpath all -v6 0.5 -seed 7.
compare:
	cd interop && $(GO) run ./compare $(COMPARE_FLAGS)

# The same with instructions per message counted by valgrind's callgrind.
compare-valgrind:
	cd interop && $(GO) run ./compare -valgrind $(COMPARE_FLAGS)

# The station's ingest benchmark: routes/s from a full-table-like BMP stream
# over loopback TCP into the RIB, on one core (-cpu 1: GOMAXPROCS=1, so the
# connection, decoding, the RIB and the collector share it), and heap per
# route. Size it with BGPLENS_BENCH_PREFIXES (per peer) and
# BGPLENS_BENCH_PEERS. The last line is the summary.
BGPLENS_BENCH_PREFIXES ?= 1000000
BGPLENS_BENCH_PEERS ?= 2
bench-station:
	@set -o pipefail; BGPLENS_BENCH_PREFIXES=$(BGPLENS_BENCH_PREFIXES) BGPLENS_BENCH_PEERS=$(BGPLENS_BENCH_PEERS) \
	$(GO) test -run '^$$' -bench '^BenchmarkIngest$$' -benchtime 3x -cpu 1 ./station | tee /dev/stderr | \
	awk '/^BenchmarkIngest/ { for (i = 2; i <= NF; i++) { if ($$i == "prefixes/s") r = $$(i-1); if ($$i == "bytes/route") m = $$(i-1); if ($$i == "peers") p = $$(i-1) } } \
	END { if (r == "") exit 1; printf "prefixes_per_sec=%.0f bytes_per_route=%.1f peers=%d\n", r, m, p }'
