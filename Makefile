# cooptrack — run `make run` to list the bundled tasks, `make test` to check everything.
CARGO ?= cargo
BIN := target/release/cooptrack

.PHONY: build run test validate hooks install man completions bench clean dist check-dist

build:
	$(CARGO) build --release --locked

# The main job: the bundled tasks, grouped by lead department.
run: build
	$(BIN) --dir tasks list

test:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --locked --all-targets -- -D warnings
	$(CARGO) test --locked
	$(CARGO) run --quiet --locked -- --dir tasks validate
	$(CARGO) run --quiet --locked -- --dir tasks fmt --check

validate:
	$(CARGO) run --quiet --locked -- --dir tasks validate

# Scale benchmark: 24, 1k, 10k and 100k tasks, and hostile files (a 3.9 MB task
# and a notice naming 20 000 departments), each command against a
# read-only baseline measured in the same run (see BENCHMARKS.md). Beside the
# development build, the static binary `make dist` ships (built first if the
# musl tools are here or can be installed; otherwise its rows are left out).
bench:
	$(CARGO) build --release --locked --example read_floor
	-scripts/dist build x86_64-unknown-linux-musl >/dev/null
	$(CARGO) bench --locked --bench scale

# A git pre-commit hook that refuses commits whose staged tasks do not
# validate: the one `cooptrack git-setup --hook` installs in any ledger
# repository (cooptrack from PATH, else the binary built here; no cargo).
hooks: build
	$(BIN) --dir tasks git-setup --hook

install:
	$(CARGO) install --locked --path .

# Manual pages, one per subcommand, in target/man (view: man -l target/man/cooptrack.1).
man:
	$(CARGO) run --quiet --locked -- man target/man

# Shell completion scripts in target/completions. They call back into
# cooptrack, so department names and task ids come from the tasks/ at hand.
completions: build
	mkdir -p target/completions
	$(BIN) completions bash > target/completions/cooptrack.bash
	$(BIN) completions zsh > target/completions/_cooptrack
	$(BIN) completions fish > target/completions/cooptrack.fish
	$(BIN) completions powershell > target/completions/cooptrack.ps1
	@echo "bash: source target/completions/cooptrack.bash (needs cooptrack on PATH: make install)"


clean:
	$(CARGO) clean

# Release archives in target/dist/, each with README.md, LICENSE, the
# guides, man pages, completion scripts and a .sha256: Windows
# (x86_64-pc-windows-gnu), static Linux x86_64 and aarch64 (musl), and
# static LoongArch (loongarch64-unknown-linux-musl) where rustup has it. Installs the cross tools it needs (apt, rustup) or names what is
# missing, then runs scripts/check-dist. Not part of `make test`.
dist:
	scripts/dist

# The checks alone, on binaries already built: static, empty root, aarch64
# under qemu byte for byte against x86_64, Windows under Wine if present.
check-dist:
	scripts/check-dist

# Fuzz the notice parser (cooptrack import), the task loader, the comment
# finder (against the YAML parser), the form reader and the form round trip
# (a form written for any task text reads back as issued) for a bounded
# time each; not part of CI.
# Needs a nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`).
# FUZZ_SECONDS=600 make fuzz runs longer. Seeds: the notices and task files
# under tests/fixtures, and fuzz/seeds/.
FUZZ_SECONDS ?= 60
.PHONY: fuzz
fuzz:
	mkdir -p fuzz/corpus/import_parser
	cp tests/fixtures/tongnan-2018-notice.txt tests/fixtures/import/*.txt fuzz/corpus/import_parser/
	$(CARGO) +nightly fuzz run import_parser fuzz/corpus/import_parser -- -max_total_time=$(FUZZ_SECONDS) -timeout=10
	mkdir -p fuzz/corpus/task_loader
	cp tasks/*.yaml tests/fixtures/validate/*/*.y*ml tests/fixtures/hostile/*/*.y*ml tests/fixtures/hostile-text/*/*.y*ml fuzz/corpus/task_loader/ 2>/dev/null || true
	$(CARGO) +nightly fuzz run task_loader fuzz/corpus/task_loader -- -max_total_time=$(FUZZ_SECONDS) -timeout=10
	mkdir -p fuzz/corpus/comment_finder
	cp fuzz/seeds/comment_finder/*.txt fuzz/corpus/comment_finder/
	$(CARGO) +nightly fuzz run comment_finder fuzz/corpus/comment_finder -- -max_total_time=$(FUZZ_SECONDS) -timeout=10
	mkdir -p fuzz/corpus/form_reader
	cp fuzz/seeds/form_reader/*.xlsx tests/fixtures/forms/libreoffice/*.xlsx fuzz/corpus/form_reader/
	$(CARGO) +nightly fuzz run form_reader fuzz/corpus/form_reader -- -max_total_time=$(FUZZ_SECONDS) -timeout=10
	mkdir -p fuzz/corpus/form_round_trip
	cp fuzz/seeds/form_round_trip/*.txt fuzz/corpus/form_round_trip/
	$(CARGO) +nightly fuzz run form_round_trip fuzz/corpus/form_round_trip -- -max_total_time=$(FUZZ_SECONDS) -timeout=10
