# zcrm: a Go SDK for the Zoho CRM REST API.
GO      ?= go
BIN     ?= bin
TOOLS   := $(CURDIR)/.tools

PLUGIN_BINARIES := $(BIN)/zcrm-persistence-file $(BIN)/zcrm-persistence-mysql $(BIN)/zcrm-persistence-example

.PHONY: all build demo test bench fuzz vet cross proto clean

all: build

## build: the token stores' separate plugin binaries into bin/ (optional: applications serve the built-in stores themselves)
build:
	$(GO) build -o $(BIN)/zcrm-persistence-file ./plugins/file/cmd/zcrm-persistence-file
	$(GO) build -o $(BIN)/zcrm-persistence-mysql ./plugins/mysql/cmd/zcrm-persistence-mysql
	$(GO) build -o $(BIN)/zcrm-persistence-example ./plugins/example-custom

## demo: run the quickstart (an emulated Zoho unless ZCRM_ variables are set); nothing else to build
demo:
	$(GO) run ./examples/quickstart

## test: formatting, vet and every test (MariaDB tests run when it answers, and must in CI)
test: vet
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); \
	  if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	$(GO) test -race -count=1 -timeout 40m ./...

## bench: the benchmarks of every package (figures, not pass/fail)
bench:
	$(GO) test -run '^$$' -bench . -benchtime 2s ./...

## fuzz: each fuzz target for FUZZTIME (their seeds also run in make test)
FUZZTIME ?= 30s
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzParseTokenFile$$' -fuzztime $(FUZZTIME) ./plugins/file/
	$(GO) test -run '^$$' -fuzz '^FuzzParseCOQL$$' -fuzztime $(FUZZTIME) ./sdk/zohotest/
	$(GO) test -run '^$$' -fuzz '^FuzzParseCriteria$$' -fuzztime $(FUZZTIME) ./sdk/zohotest/
	$(GO) test -run '^$$' -fuzz '^FuzzConfigFromMap$$' -fuzztime $(FUZZTIME) ./sdk/
	$(GO) test -run '^$$' -fuzz '^FuzzConfigFromEnv$$' -fuzztime $(FUZZTIME) ./sdk/
	$(GO) test -run '^$$' -fuzz '^FuzzTokenAnswer$$' -fuzztime $(FUZZTIME) ./sdk/
	$(GO) test -run '^$$' -fuzz '^FuzzCRMAnswer$$' -fuzztime $(FUZZTIME) ./sdk/

vet:
	$(GO) vet ./...

## cross: go build and go vet (test files included) for every OS and architecture zcrm supports
CROSS_TARGETS ?= linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64
cross:
	@set -e; for target in $(CROSS_TARGETS); do \
	  echo "cross: $$target"; \
	  GOOS=$${target%/*} GOARCH=$${target#*/} $(GO) build ./...; \
	  GOOS=$${target%/*} GOARCH=$${target#*/} $(GO) vet ./...; \
	done

## proto: regenerate pluginproto/tokenstorepb from pluginproto/tokenstore.proto (needs protoc),
## and the frozen older contract pluginproto's tests build an old plugin from
proto:
	@command -v protoc >/dev/null || { echo "protoc not found: apt-get install -y protobuf-compiler"; exit 1; }
	GOBIN=$(TOOLS) $(GO) install google.golang.org/protobuf/cmd/protoc-gen-go@v1.36.12
	GOBIN=$(TOOLS) $(GO) install google.golang.org/grpc/cmd/protoc-gen-go-grpc@v1.6.2
	PATH=$(TOOLS):$$PATH protoc \
	  --go_out=. --go_opt=module=github.com/zcrm-go/zcrm \
	  --go-grpc_out=. --go-grpc_opt=module=github.com/zcrm-go/zcrm \
	  pluginproto/tokenstore.proto
	PATH=$(TOOLS):$$PATH protoc \
	  --go_out=. --go_opt=module=github.com/zcrm-go/zcrm \
	  --go-grpc_out=. --go-grpc_opt=module=github.com/zcrm-go/zcrm \
	  pluginproto/internal/contractv1/tokenstore.proto

clean:
	rm -rf $(BIN) $(TOOLS)
