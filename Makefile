# memoire — build the mémoire and run the tests. See README.md.
CARGO ?= cargo
BIN := target/release/memoire

.PHONY: all build check test lint fmt golden bench bench-preview clean spec browser ace citeproc fuzz conformance dist

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
# Clippy runs inside the test build (as cargo clippy itself does it, through clippy-driver as the
# workspace's compiler wrapper): the dependencies compile once, not once to check and once to
# test. A lint still fails the build, with -D warnings as in `make lint`.
CLIPPY_DRIVER = $(shell rustc --print sysroot)/bin/clippy-driver
test: spec browser ace
	$(CARGO) fmt --check
	RUSTC_WORKSPACE_WRAPPER="$(CLIPPY_DRIVER)" CLIPPY_ARGS="-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__" \
		$(CARGO) test --locked
	RUSTC_WORKSPACE_WRAPPER="$(CLIPPY_DRIVER)" CLIPPY_ARGS="-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__" \
		$(MAKE) citeproc
	RUSTC_WORKSPACE_WRAPPER="$(CLIPPY_DRIVER)" CLIPPY_ARGS="-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__" \
		$(MAKE) conformance

## make browser : playwright-core, which drives Debian's chromium in tests/it/preview.rs
## (tests/browser/preview.cjs); no browser is downloaded: .ci/run installs chromium.
PLAYWRIGHT := target/browser/node_modules/playwright-core/package.json
browser: $(PLAYWRIGHT)
$(PLAYWRIGHT):
	npm install --silent --no-audit --no-fund --prefix target/browser playwright-core@1.65.2

## make ace : Ace by DAISY, which judges the EPUB's accessibility in tests/it/epub_pages.rs; it
## runs in Debian's chromium (.ci/run installs it), so puppeteer downloads no browser.
ACE := target/ace/node_modules/.bin/ace-cli
ace: $(ACE)
$(ACE):
	PUPPETEER_SKIP_DOWNLOAD=1 npm install --silent --no-audit --no-fund --prefix target/ace @daisy/ace-cli@1.4.6

## make spec : the CommonMark spec (npm package commonmark-spec) that tests/it/spec.rs runs
SPEC := target/commonmark-spec/node_modules/commonmark-spec/spec.txt
spec: $(SPEC)
$(SPEC):
	npm install --silent --no-audit --no-fund --prefix target/commonmark-spec commonmark-spec@0.31.2

lint:
	$(CARGO) fmt --check
	$(CARGO) clippy --locked --all-targets -- -D warnings

fmt:
	$(CARGO) fmt

## make bench : temps de construction sur des carnets générés, comparés à Pandoc + Typst (voir README)
bench:
	python3 bench/run.py

## make bench-preview : memoire preview on a generated 65-note carnet, as a browser uses it
## (from a note written to the changed page's SVG received; memory over 500 edits)
bench-preview:
	python3 bench/preview.py

## make citeproc : les citations comparées à celles du citeproc de Pandoc (même style APA, fr-CA)
# On the probe carnet, the fixture carnet and two generated 65-note carnets (the benchmark's, and a
# longer one with more citations); exits 1 if a difference is neither a documented French
# adaptation nor an APA rule (bench/citeproc.py). Needs Pandoc: pip install pypandoc-binary.
CITEPROC_DIR := target/citeproc
citeproc:
	$(CARGO) build --locked --bins --examples
	rm -rf $(CITEPROC_DIR)
	target/debug/examples/generate $(CITEPROC_DIR)/carnet-65 65
	target/debug/examples/generate $(CITEPROC_DIR)/carnet-65-long 65 1000 2
	python3 bench/citeproc.py tests/fixtures/probe tests/fixtures/carnet \
		$(CITEPROC_DIR)/carnet-65 $(CITEPROC_DIR)/carnet-65-long

## make fuzz : the loaders of outside text (.bib, front matter, notes, page copies, zip) on
## random input built from their grammars, 100,000 cases each (tests/it/fuzz.rs; `make test`
## runs 256)
fuzz:
	FUZZ_CASES=100000 $(CARGO) test --locked --test it fuzz -- --test-threads 2

## make conformance : the PDFs of content/, the fixture carnet, a generated 65-note carnet
## (UQAM, abstract, annex, figure, table) and `memoire init`'s presets judged by page-validation
## (PDF/UA-1, PDF/A-2a) and outloud; exits 1 on a failed rule (bench/conformance.py).
## Needs: pip install page-validation outloud.
conformance: spec
	$(CARGO) build --locked --bins --examples
	mkdir -p target/conformance
	SPEC_PDF_COPY=$(abspath target/conformance/spec.pdf) $(CARGO) test --locked --test it spec:: -q
	python3 bench/conformance.py target/debug/memoire target/debug/examples/generate target/conformance \
		target/conformance/spec.pdf

## make dist : the release archive of this machine (dist, i.e. cargo-dist: dist-workspace.toml)
## and the Python wheel that carries the binary (maturin: pyproject.toml), each installed in a
## clean place where `memoire --version`, `init` and `build` run; checks that `dist plan` lists the
## five targets and that .github/workflows/release.yml is what `dist generate` writes.
## Needs: cargo install cargo-dist --locked; pip install maturin.
dist:
	.ci/dist

## make golden : rewrites the golden files of the tests from the current outputs
golden:
	UPDATE_GOLDEN=1 $(CARGO) test --locked

clean:
	rm -rf dist target
