# journey — common tasks. `make test` is what CI runs.
GO      ?= go
BIN     := bin/journey
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X github.com/journey-cli/journey/internal/cli.version=$(VERSION)
FUZZTIME ?= 5s

.PHONY: build test unit fuzz demo bench install clean

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

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

clean:
	rm -rf bin demo
