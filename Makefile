# bgplens: `make check` is the whole test suite (what CI runs).
SHELL := /bin/bash
GO        ?= go
PKGS      := ./...
STATICCHECK_VERSION := v0.8.2
NO_SKIPS  := $(if $(CI),-no-skips,)
# stage prints what a step of `make check` is about to do, so that minutes
# of tests are not minutes of silence.
stage = @echo "==> make $@: $(1)"

.PHONY: check test race interop lint fmt vet staticcheck build fuzz bench bench-station compare compare-valgrind compare-mrt

check: lint test race interop

build:
	$(GO) build -o bin/bgplens ./cmd/bgplens

test:
	$(call stage,tests of every package of the main module)
	@set -o pipefail; $(GO) test -count=1 -json $(PKGS) | $(GO) run ./internal/tools/testreport $(NO_SKIPS)

# The station runs a goroutine per router beside the HTTP API: its tests
# also run under the race detector, with the explainer's and the web
# decoder's tests of decodes on several goroutines.
race:
	$(call stage,the station's tests under the race detector)
	@set -o pipefail; $(GO) test -race -count=1 -json ./station/... | $(GO) run ./internal/tools/testreport $(NO_SKIPS)
	@set -o pipefail; $(GO) test -race -count=1 -json -run 'Parallel|Context|Panic|Busy|Timeout' ./explain ./web | $(GO) run ./internal/tools/testreport $(NO_SKIPS)

# The nested module that compares bgplens with other implementations.
interop:
	$(call stage,the interop module's tests (bgplens against GoBGP))
	@set -o pipefail; cd interop && $(GO) test -count=1 -json ./... | $(GO) run ../internal/tools/testreport $(NO_SKIPS)

lint: fmt vet staticcheck

fmt:
	$(call stage,gofmt -l on every Go file)
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

vet:
	$(call stage,go vet of both modules)
	@$(GO) vet $(PKGS)
	@cd interop && $(GO) vet ./...

staticcheck:
	$(call stage,staticcheck $(STATICCHECK_VERSION))
	@$(GO) run honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) $(PKGS)

# Short fuzzing of every fuzz target of every package (FUZZTIME each, one
# at a time). The targets are found by `go test -list`, which prints a
# package's tests before its "ok <package>" line.
FUZZTIME ?= 30s
fuzz:
	@set -eo pipefail; \
	targets=$$($(GO) test -list '^Fuzz' $(PKGS) | \
		awk '/^Fuzz/ { t[n++] = $$1; next } /^ok / { for (i = 0; i < n; i++) print $$2, t[i]; n = 0 }'); \
	[ -n "$$targets" ] || { echo "make fuzz: no fuzz targets found" >&2; exit 1; }; \
	echo "==> make fuzz: $$(echo "$$targets" | wc -l) targets, $(FUZZTIME) each"; \
	echo "$$targets" | while read -r pkg t; do \
		echo "==> $$pkg $$t"; \
		$(GO) test "$$pkg" -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) -parallel 1 || exit 1; \
	done

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./bgp ./mrt/...

# bgplens against GoBGP on one generated BMP stream (interop/compare): ns,
# MB/s and allocations per message; the last line is
# ratio_vs_gobgp=<x> ns_per_msg=<y> allocs_per_msg=<z>. COMPARE_FLAGS adds
# flags, e.g. -n 1000000 -addpath all -v6 0.5 -seed 7.
compare:
	cd interop && $(GO) run ./compare $(COMPARE_FLAGS)

# bgplens dump --format bgpdump against bgpdump -m on a generated full-table
# TABLE_DUMP_V2 (MRT_PREFIXES, MRT_PEERS; kept in MRT_FILE), plain and
# bzip2: entries per second and the ratios (internal/tools/compare-mrt.sh).
compare-mrt:
	GO=$(GO) ./internal/tools/compare-mrt.sh

# The same with instructions per message counted by valgrind's callgrind.
compare-valgrind:
	cd interop && $(GO) run ./compare -valgrind $(COMPARE_FLAGS)

# The station's ingest benchmark: routes/s from a full-table-like BMP stream
# over loopback TCP into the RIB, on one core (-cpu 1: GOMAXPROCS=1, so the
# connection, decoding, the RIB and the collector share it), and heap per
# route; then two routers at once on one core and on two, for the scaling
# figure (in-memory connections: on two cores the kernel's loopback
# sending would take the second core the station is to use). One -cpu
# value per run: given a list, go1.26's testing runs every benchmark with
# the last value (the lines' procs metric says what each run had). The
# two-router runs alternate one core and two, five rounds, and the ratio
# takes each setting's best: on a shared machine the other core's speed
# moves by a third from minute to minute, and a single pair measured that.
# Each run also times BenchmarkHostSpin, arithmetic on every core and no
# memory, whose ratio (printed before the summary) is what the machine
# gave any work on two cores in the same rounds. Size it with BGPLENS_BENCH_PREFIXES (per peer) and BGPLENS_BENCH_PEERS.
# The last line is the summary.
BGPLENS_BENCH_PREFIXES ?= 1000000
BGPLENS_BENCH_PEERS ?= 2
bench-station:
	@set -o pipefail; { BGPLENS_BENCH_PREFIXES=$(BGPLENS_BENCH_PREFIXES) BGPLENS_BENCH_PEERS=$(BGPLENS_BENCH_PEERS) \
	$(GO) test -run '^$$' -bench '^BenchmarkIngest$$' -benchtime 3x -cpu 1 ./station && \
	for round in 1 2 3 4 5; do for cpu in 1 2; do \
	BGPLENS_BENCH_PREFIXES=$(BGPLENS_BENCH_PREFIXES) BGPLENS_BENCH_PEERS=$(BGPLENS_BENCH_PEERS) BGPLENS_BENCH_ROUTERS=2 BGPLENS_BENCH_CONN=mem \
	$(GO) test -run '^$$' -bench '^Benchmark(Ingest|HostSpin)$$' -benchtime 3x -cpu $$cpu ./station | sed 's/^BenchmarkIngest/TwoRouters/' || exit 1; \
	done; done; } | \
	tee /dev/stderr | \
	awk 'function get(k) { for (i = 2; i <= NF; i++) if ($$i == k) return $$(i-1) } \
	/^BenchmarkIngest/ { r = get("prefixes/s"); m = get("bytes/route"); p = get("peers") } \
	/^TwoRouters/ && get("procs") == 1 && get("prefixes/s") > one + 0 { one = get("prefixes/s") } \
	/^TwoRouters/ && get("procs") == 2 && get("prefixes/s") > two + 0 { two = get("prefixes/s") } \
	/^BenchmarkHostSpin/ && get("procs") == 1 && get("ops/s") > spin1 + 0 { spin1 = get("ops/s") } \
	/^BenchmarkHostSpin/ && get("procs") == 2 && get("ops/s") > spin2 + 0 { spin2 = get("ops/s") } \
	END { if (r == "" || one == "" || two == "") exit 1; \
	if (spin1 > 0) printf "host_two_core_ratio=%.2f (the machine itself: a CPU-bound loop on 2 cores against 1, same rounds)\n", spin2 / spin1; \
	printf "prefixes_per_sec=%.0f bytes_per_route=%.1f peers=%d two_core_ratio=%.2f\n", r, m, p, two / one }'
