# memoire — build the mémoire and run the tests. See README.md.
CARGO ?= cargo
BIN := target/release/memoire

.PHONY: all build check test lint fmt golden bench clean

## make : builds the mémoire from content/ (outputs in dist/)
all: build

$(BIN): Cargo.toml Cargo.lock $(shell find src -name '*.rs')
	$(CARGO) build --release --locked

build: $(BIN)
	$(BIN) build

## make check : checks the carnet (diagnostics and summary)
check: $(BIN)
	$(BIN) check

## make test : formatting, lints, then every test
test: lint
	$(CARGO) test --locked

lint:
	$(CARGO) fmt --check
	$(CARGO) clippy --locked --all-targets -- -D warnings

fmt:
	$(CARGO) fmt

## make bench : temps de construction sur des carnets générés, comparés à Pandoc + Typst (voir README)
bench:
	python3 bench/run.py

## make golden : rewrites the golden files of the tests from the current outputs
golden:
	UPDATE_GOLDEN=1 $(CARGO) test --locked

clean:
	rm -rf dist target
