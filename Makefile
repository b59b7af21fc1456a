# cooptrack — run `make run` to list the bundled tasks, `make test` to check everything.
CARGO ?= cargo
BIN := target/release/cooptrack

.PHONY: build run test validate hooks install clean

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

clean:
	$(CARGO) clean
