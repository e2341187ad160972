# journey — common tasks. `make test` is what CI runs.
GO      ?= go
BIN     := bin/journey
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X github.com/journey-cli/journey/internal/cli.version=$(VERSION)
FUZZTIME ?= 5s

.PHONY: build test unit fuzz demo bench bench-go install clean

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/journey

install:
	$(GO) install -ldflags "$(LDFLAGS)" ./cmd/journey

## test: vet, unit and end-to-end tests, then a short run of every fuzzer
test: unit fuzz

unit:
	$(GO) vet ./...
	$(GO) test -count=1 ./...

# Each fuzz target runs briefly on top of its committed seed corpus.
fuzz:
	@set -e; for pkg in $$($(GO) list ./...); do \
	  for t in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
	    echo "fuzz $$pkg $$t ($(FUZZTIME))"; \
	    $(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 0 $$pkg >/dev/null; \
	  done; \
	done

## demo: write the sample journey and show where it is weak
demo: build
	@mkdir -p demo
	./$(BIN) init --example --force -o demo/example.xlsx
	./$(BIN) lint demo/example.xlsx
	./$(BIN) gaps demo/example.xlsx

## bench: every command on 10k, 100k and 200k generated touchpoints, as a
## ratio to a bare excelize read of the same sheet, with peak memory
bench: build
	$(GO) run ./internal/bench/cmd/journey-bench -journey $(BIN)

## bench-go: the Go benchmarks (in-process, heap measured)
bench-go:
	$(GO) test -run '^$$' -bench . -benchtime 1x ./...

clean:
	rm -rf bin demo
