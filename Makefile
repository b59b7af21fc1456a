# cooptrack — run `make run` to list the bundled tasks, `make test` to check everything.
CARGO ?= cargo
BIN := target/release/cooptrack

.PHONY: build run test validate hooks install man completions clean

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

# A git pre-commit hook that refuses commits whose tasks do not validate.
hooks:
	install -m 755 scripts/pre-commit "$$(git rev-parse --git-path hooks)/pre-commit"
	@echo "pre-commit hook installed: runs cooptrack validate before each commit"

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
	@echo "bash: source target/completions/cooptrack.bash (needs cooptrack on PATH: make install)"


clean:
	$(CARGO) clean
