# authlint developer tasks. `make` alone lists them.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

GO ?= go
GOLANGCI_LINT := $(GO) tool -modfile=tools/go.mod golangci-lint
# Benchmarks: runs per case (the report shows the median) and time per run.
BENCHCOUNT ?= 3
BENCHTIME ?= 1s
# Growth curve: runs per size (each run of a 16,000-method scan takes seconds);
# the report takes the median, as one run of the small sizes swings by half.
GROWTHCOUNT ?= 3
# hyperfine runs per command in bench-cli and bench-conftest.
CONFTESTRUNS ?= 5
# Fuzzing: time per fuzz target, and the cap on shrinking each new input.
# Go's shrinker tries every byte range of a kilobyte seed (quadratic in its
# size); at its default of 60 s a run shows 0 execs/s for a minute each time
# it finds something new.
FUZZTIME ?= 30s
FUZZMINTIME ?= 5s

.PHONY: help
help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z0-9_-]+:.*## / {printf "  %-14s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

.PHONY: build
build: ## Build bin/authlint
	$(GO) build -o bin/authlint ./cmd/authlint

# What the releases ship (.goreleaser.yaml): static, without symbol tables.
# The CLI benchmarks time this build, since it is what users run.
.PHONY: build-release
build-release: ## Build bin/authlint-release the way releases are built (static, stripped)
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags "-s -w" -o bin/authlint-release ./cmd/authlint

.PHONY: test
test: ## Run every test: Go, Rego, golden files, end-to-end scripts
	$(GO) test ./...

.PHONY: e2e
e2e: ## Run the end-to-end scripts only (cmd/authlint/testdata/script)
	$(GO) test ./cmd/authlint

.PHONY: lint
lint: ## Run go vet and golangci-lint (version pinned in tools/go.mod)
	$(GO) vet ./...
	$(GOLANGCI_LINT) run ./...

.PHONY: bench
bench: ## Benchmark the scan: growth with document size, and 1,000 files against plain parsing
	@mkdir -p bin
	$(GO) test -run '^$$' -bench '^BenchmarkGrowth(Scan|Load|Parse)$$' -benchmem \
		-count $(GROWTHCOUNT) -benchtime 1x ./internal/scan | tee bin/bench-growth.txt
	$(GO) test -run '^$$' -bench '^(BenchmarkScan|BenchmarkParseOnly|BenchmarkColdStart)$$' -benchmem \
		-count $(BENCHCOUNT) -benchtime $(BENCHTIME) ./internal/scan | tee bin/bench.txt
	@echo
	@cat bin/bench-growth.txt bin/bench.txt | $(GO) run ./internal/benchreport
	@$(MAKE) --no-print-directory bench-cold

.PHONY: bench-eval
bench-eval: ## Benchmark rule evaluation alone on generated templates of 1,000 to 16,000 methods
	$(GO) test -run '^$$' -bench '^BenchmarkEvaluateGrowth$$' -benchtime 1x -count $(GROWTHCOUNT) ./policies

.PHONY: bench-cold
bench-cold: build-release ## Time a cold `authlint scan` of one 21-operation file (needs hyperfine)
	@if command -v hyperfine >/dev/null; then \
		hyperfine -N --warmup 3 --runs 40 --export-json bin/bench-cold.json \
			'bin/authlint-release scan --fail-on never internal/scan/testdata/api-0001.yaml'; \
		grep -o '"median": *[0-9.e-]*' bin/bench-cold.json | awk '{printf "  median: %.1f ms (target 60 ms)\n", $$2 * 1000}'; \
	else \
		echo "hyperfine not found (apt-get install hyperfine); one timed run instead:"; \
		time bin/authlint-release scan --fail-on never internal/scan/testdata/api-0001.yaml >/dev/null; \
	fi

.PHONY: bench-conftest
bench-conftest: build-release ## Time authlint, parsing alone (as a scan parses, and plain go-yaml) and conftest (one trivial rule) side by side on 1,000 files (needs hyperfine, conftest)
	@rm -rf bin/benchfiles && mkdir -p bin/benchfiles
	AUTHLINT_BENCH_FILES=$(CURDIR)/bin/benchfiles $(GO) test -count 1 -run '^TestWriteBenchFiles$$' ./internal/scan
	@# The floors: a plain Go program that only reads and parses the same
	@# files, the way a scan does, and (-plain) with go-yaml alone.
	$(GO) build -o bin/benchfloor ./internal/benchfloor
	@if command -v hyperfine >/dev/null && command -v conftest >/dev/null; then \
		for set in generated corpus; do \
			[ -n "$$(ls bin/benchfiles/$$set 2>/dev/null)" ] || continue; \
			hyperfine -N -i --warmup 1 --runs $(CONFTESTRUNS) \
				"bin/authlint-release scan --fail-on never bin/benchfiles/$$set" \
				"bin/benchfloor bin/benchfiles/$$set" \
				"bin/benchfloor -plain bin/benchfiles/$$set" \
				"conftest test --no-color -p internal/scan/testdata/conftest/trivial.rego bin/benchfiles/$$set"; \
		done; \
	else \
		echo "bench-conftest needs hyperfine (apt-get install hyperfine) and conftest (go install github.com/open-policy-agent/conftest@v0.66.0)"; \
	fi

.PHONY: bench-cli
bench-cli: build-release ## Time the binary, a fresh process per run, on documents of 1,000 and 16,000 methods (needs hyperfine)
	@rm -rf bin/benchfiles && mkdir -p bin/benchfiles
	AUTHLINT_BENCH_FILES=$(CURDIR)/bin/benchfiles $(GO) test -count 1 -run '^TestWriteBenchFiles$$' ./internal/scan
	@if command -v hyperfine >/dev/null; then \
		for small in bin/benchfiles/growth/*-1000.*; do \
			large=$${small/-1000./-16000.}; \
			hyperfine -N --warmup 1 --runs $(CONFTESTRUNS) \
				"bin/authlint-release scan --fail-on never $$small" "bin/authlint-release scan --fail-on never $$large"; \
		done; \
	else \
		echo "bench-cli needs hyperfine (apt-get install hyperfine)"; \
	fi

.PHONY: generate
generate: ## Regenerate internal/model/schema.json, docs/rules and golden files
	bash .ci/generate

.PHONY: fuzz
fuzz: ## Run every fuzz target for FUZZTIME each (default 30s)
	@grep -rl --include='*_test.go' -E '^func Fuzz[A-Z0-9_]' . | sort | while read -r f; do \
		dir=$$(dirname "$$f"); \
		for target in $$(grep -oE '^func Fuzz[A-Za-z0-9_]*' "$$f" | cut -d' ' -f2); do \
			echo "==> $$dir $$target"; \
			$(GO) test -run '^$$' -fuzz "^$$target\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMINTIME) "./$$dir"; \
		done; \
	done

.PHONY: ci
ci: ## Run what CI runs (.ci/run)
	bash .ci/run

.PHONY: clean
clean: ## Remove build output
	rm -rf bin
