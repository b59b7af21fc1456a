//! The documents' examples are tests: README.md and every `docs/*.md` (not
//! the files under `docs/incoming/`, which wait to be folded in).
//!
//! Two kinds of example:
//! - every `$ cooptrack …` line in a fenced block, with the lines after it
//!   (up to the next `$ ` line or the end of the block) as its output, is
//!   run and must print exactly that output (stdout, then stderr);
//! - every line that starts with `cooptrack ` in a fenced block marked
//!   `sh` (a command shown without its output, as the Chinese guide shows
//!   them) is run and must succeed (exit code 0). Blocks without `sh`
//!   hold synopses (`cooptrack list [--dept NAME] …`), which are not run.
//!
//! How an example runs:
//! - in a fresh temp directory holding a copy of the bundled `tasks/` and
//!   a link to the repository's `tests/` (for fixtures), from that
//!   directory, so that paths read `tasks/1.1.yaml`; the examples of one
//!   block run one after the other in the same directory;
//! - `> FILE` after a command sends its standard output to that file;
//! - with `LANG=zh_CN.UTF-8` (Chinese), `NO_COLOR=1`, `COLUMNS=120`, no
//!   `COOPTRACK_*` variables; and git isolated from the machine's
//!   configuration (`LANGUAGE=C`, fixed author and dates).
//!
//! `README_BLESS=1 cargo test --test cli readme` writes what the program
//! printed into the document for every example that differs, except
//! excerpts (those with a `…` line): review the diff with `git diff`.
//!
//! A block may say more on the line just above its fence, in an HTML
//! comment (invisible on GitHub): `<!-- readme-test: git COLUMNS=100 -->`.
//! - `git`: the directory is a git repository whose one commit holds the
//!   tasks (author 示例, 2019-04-01).
//! - `empty`: no `tasks/` in the directory.
//! - `as-of=YYYY-MM-DD`: the block's commands run as on that day (the
//!   harness passes `--as-of`), for output that names today's date.
//! - `copy=SRC:DEST`: before the block, the repository's file SRC is copied
//!   to DEST in the directory (a notice named as a user would name it).
//! - `NAME=VALUE` (NAME in capitals): an environment variable for the
//!   block's commands.
//! - `skip (… tests/cli/FILE.rs …)`: not run here, because it needs more
//!   than a scratch directory (a git remote and clones); the comment must
//!   name the test that runs the same commands.
//!
//! Two things are not compared literally: a line that is only `…` stands
//! for any number of lines (an excerpt); and a commit hash in parentheses,
//! `(4e11d0f)`, stands for any hash. A CSV's leading byte-order mark is
//! not shown and not compared.

use std::fs;
use std::path::Path;
use std::process::Command as StdCommand;

/// One `$ cooptrack …` line and the output the README shows for it.
#[derive(Debug)]
struct Example {
    /// 1-based line of the `$` in README.md.
    line: usize,
    /// The block's indentation (a block inside a list item).
    indent: usize,
    args: Vec<String>,
    expected: Vec<String>,
    /// A command shown without output (a `sh` block): it must succeed.
    bare: bool,
}

/// A fenced block with examples, and its settings.
#[derive(Debug)]
struct Block {
    settings: Vec<String>,
    examples: Vec<Example>,
}

/// README.md and every `docs/*.md`, as (path from the repository root, text).
fn documents() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut names = vec!["README.md".to_string()];
    let mut docs: Vec<String> = fs::read_dir(root.join("docs"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".md"))
        .map(|name| format!("docs/{name}"))
        .collect();
    docs.sort();
    names.extend(docs);
    names
        .into_iter()
        .map(|name| {
            let text = fs::read_to_string(root.join(&name)).unwrap();
            (name, text)
        })
        .collect()
}

/// Every fenced block holding at least one `$ cooptrack` line.
fn blocks(text: &str) -> Vec<Block> {
    let lines: Vec<&str> = text.lines().collect();
    let mut blocks = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let trimmed = lines[i].trim_start();
        if !trimmed.starts_with("```") {
            i += 1;
            continue;
        }
        let indent = lines[i].len() - trimmed.len();
        let shell = trimmed.trim_start_matches('`').trim() == "sh";
        let settings = i
            .checked_sub(1)
            .and_then(|above| settings_of(lines[above]))
            .unwrap_or_default();
        let start = i + 1;
        let mut end = start;
        while end < lines.len() && !lines[end].trim_start().starts_with("```") {
            end += 1;
        }
        let mut examples: Vec<Example> = Vec::new();
        for (n, raw) in lines[start..end].iter().enumerate() {
            let line = raw.get(indent..).unwrap_or_else(|| raw.trim_start());
            if let Some(command) = line.strip_prefix("$ ") {
                examples.push(Example {
                    line: start + n + 1,
                    indent,
                    args: split(command),
                    expected: Vec::new(),
                    bare: false,
                });
            } else if shell && line.starts_with("cooptrack ") {
                examples.push(Example {
                    line: start + n + 1,
                    indent,
                    args: split(line),
                    expected: Vec::new(),
                    bare: true,
                });
            } else if shell {
                // A shell block's other lines (make, git, comments) are not output.
            } else if let Some(example) = examples.last_mut() {
                example.expected.push(line.to_string());
            }
        }
        // `skip` blocks need more than a scratch directory (a git remote and
        // its clones); the comment names the test that runs them instead.
        let skipped = settings.first().is_some_and(|s| s == "skip");
        if skipped {
            assert!(
                settings.iter().any(|s| s.contains("tests/cli/")),
                "line {}: a skipped block must name the test that runs it",
                i + 1
            );
        }
        if !examples.is_empty() && !skipped {
            blocks.push(Block { settings, examples });
        }
        i = end + 1;
    }
    blocks
}

/// `<!-- readme-test: git COLUMNS=100 -->` → `["git", "COLUMNS=100"]`.
fn settings_of(line: &str) -> Option<Vec<String>> {
    let inner = line
        .trim()
        .strip_prefix("<!--")?
        .strip_suffix("-->")?
        .trim()
        .strip_prefix("readme-test:")?;
    Some(inner.split_whitespace().map(str::to_string).collect())
}

/// A command line as a shell splits it: words, '…' and "…" quoting, and a
/// `# comment` after the command.
fn split(command: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut quote: Option<char> = None;
    for c in command.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.get_or_insert_with(String::new).push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                word.get_or_insert_with(String::new);
            }
            (None, '#') if word.is_none() => break,
            (None, c) if c.is_whitespace() => words.extend(word.take()),
            (None, c) => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    words
}

/// The scratch directory an example block runs in.
fn scratch(settings: &[String]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if !settings.iter().any(|s| s == "empty") {
        let tasks = crate::common::copy_bundled(tmp.path());
        // Not a lock or temp file a run in the checkout left behind.
        for entry in fs::read_dir(&tasks).unwrap() {
            let entry = entry.unwrap();
            if entry.file_name().to_string_lossy().starts_with('.') {
                fs::remove_file(entry.path()).unwrap();
            }
        }
    }
    #[cfg(unix)]
    std::os::unix::fs::symlink(root.join("tests"), tmp.path().join("tests")).unwrap();
    for setting in settings {
        if let Some((from, to)) = setting
            .strip_prefix("copy=")
            .and_then(|c| c.split_once(':'))
        {
            let to = tmp.path().join(to);
            fs::create_dir_all(to.parent().unwrap()).unwrap();
            fs::copy(root.join(from), to).unwrap();
        }
    }
    if settings.iter().any(|s| s == "git") {
        fs::write(tmp.path().join(".gitignore"), ".cooptrack.lock\n").unwrap();
        for args in [
            &["init", "-q"][..],
            &["add", "-A"],
            &["commit", "-q", "-m", "导入 2018 年通知的 24 项任务"],
        ] {
            let status = git(tmp.path()).args(args).status().unwrap();
            assert!(status.success(), "git {args:?}");
        }
    }
    tmp
}

const GIT_DATE: &str = "2019-04-01T10:00:00+08:00";

/// The environment every example and setup step runs with.
fn isolate(cmd: &mut StdCommand, dir: &Path) {
    for (key, _) in std::env::vars_os() {
        let key = key.to_string_lossy().into_owned();
        if key.starts_with("COOPTRACK_") || key.starts_with("GIT_") || key.starts_with("LC_") {
            cmd.env_remove(key);
        }
    }
    cmd.current_dir(dir)
        .env("LANG", "zh_CN.UTF-8")
        // git's own messages in English, wherever it has translations.
        .env("LANGUAGE", "C")
        .env("NO_COLOR", "1")
        .env("COLUMNS", "120")
        .env("TZ", "Asia/Shanghai")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "示例")
        .env("GIT_AUTHOR_EMAIL", "example@example.com")
        .env("GIT_COMMITTER_NAME", "示例")
        .env("GIT_COMMITTER_EMAIL", "example@example.com")
        .env("GIT_AUTHOR_DATE", GIT_DATE)
        .env("GIT_COMMITTER_DATE", GIT_DATE)
        .env("GIT_CEILING_DIRECTORIES", dir.parent().unwrap_or(dir));
}

fn git(dir: &Path) -> StdCommand {
    let mut cmd = StdCommand::new("git");
    isolate(&mut cmd, dir);
    cmd
}

/// Whether the example succeeded, and what it printed: stdout, then stderr.
fn run(example: &Example, dir: &Path, settings: &[String]) -> (bool, String) {
    assert_eq!(
        example.args.first().map(String::as_str),
        Some("cooptrack"),
        "line {}: an example runs cooptrack",
        example.line
    );
    let mut cmd = StdCommand::new(assert_cmd::cargo::cargo_bin("cooptrack"));
    isolate(&mut cmd, dir);
    for setting in settings {
        if let Some(day) = setting.strip_prefix("as-of=") {
            cmd.args(["--as-of", day]);
        } else if let Some((key, value)) = setting.split_once('=') {
            if key
                .chars()
                .all(|c| c.is_ascii_uppercase() || c == '_' || c.is_ascii_digit())
            {
                cmd.env(key, value);
            }
        }
    }
    // `> FILE`: standard output into a file in the directory, as a shell would.
    let mut args = &example.args[1..];
    if let Some(at) = args.iter().position(|a| a == ">") {
        let file = args.get(at + 1).expect("a file after >");
        cmd.stdout(fs::File::create(dir.join(file)).unwrap());
        args = &args[..at];
    }
    let output = cmd.args(args).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stdout = stdout.strip_prefix('\u{feff}').unwrap_or(&stdout);
    let printed = format!("{stdout}{}", String::from_utf8_lossy(&output.stderr));
    (output.status.success(), printed)
}

/// `(4e11d0f)` → `(…)`: a commit hash.
fn mask_hashes(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(open) = rest.find('(') {
        out.push_str(&rest[..=open]);
        rest = &rest[open + 1..];
        let hash_len = rest
            .find(')')
            .filter(|&n| (7..=12).contains(&n) && rest[..n].chars().all(|c| c.is_ascii_hexdigit()));
        if let Some(n) = hash_len {
            out.push('…');
            rest = &rest[n..];
        }
    }
    out.push_str(rest);
    out
}

/// Whether `actual` matches `expected`, where a `…` line stands for any
/// number of lines.
fn matches(expected: &[String], actual: &[String]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((first, rest)) if first.trim() == "…" => {
            (0..=actual.len()).any(|skip| matches(rest, &actual[skip..]))
        }
        Some((first, rest)) => actual.split_first().is_some_and(|(line, more)| {
            mask_hashes(first) == mask_hashes(line) && matches(rest, more)
        }),
    }
}

/// Replaces the output lines of the examples at (line, count, indent) with
/// what the program printed, and writes the document.
fn write_blessed(name: &str, text: &str, blessed: &[(usize, usize, usize, Vec<String>)]) {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    // From the bottom up, so that earlier line numbers stay right.
    for (line, count, indent, actual) in blessed.iter().rev() {
        let pad = " ".repeat(*indent);
        let replacement = actual.iter().map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("{pad}{l}")
            }
        });
        lines.splice(*line..*line + *count, replacement);
    }
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(name);
    fs::write(path, lines.join("\n") + "\n").unwrap();
}

fn diff(name: &str, expected: &str, actual: &str) -> String {
    similar::TextDiff::from_lines(expected, actual)
        .unified_diff()
        .header(name, "cooptrack printed")
        .to_string()
}

/// Runs one document's examples; returns how many were checked, and adds
/// what failed to `failures`.
fn check_document(name: &str, text: &str, bless: bool, failures: &mut Vec<String>) -> usize {
    let mut blessed = Vec::new();
    let mut checked = 0;
    for block in &blocks(text) {
        let dir = scratch(&block.settings);
        for example in &block.examples {
            let (success, actual) = run(example, dir.path(), &block.settings);
            let shown = || format!("{name}:{}: $ {}", example.line, example.args.join(" "));
            if example.bare {
                checked += 1;
                if !success {
                    failures.push(format!("{} failed:\n{actual}", shown()));
                }
                continue;
            }
            if example.expected.is_empty() {
                continue;
            }
            checked += 1;
            let actual_lines: Vec<String> = actual.lines().map(str::to_string).collect();
            if !matches(&example.expected, &actual_lines) {
                let expected = example.expected.join("\n") + "\n";
                let excerpt = example.expected.iter().any(|l| l.trim() == "…");
                if bless && !excerpt {
                    blessed.push((
                        example.line,
                        example.expected.len(),
                        example.indent,
                        actual_lines,
                    ));
                    continue;
                }
                failures.push(format!("{}\n{}", shown(), diff(name, &expected, &actual)));
            }
        }
    }
    if !blessed.is_empty() {
        write_blessed(name, text, &blessed);
    }
    checked
}

#[test]
fn every_documented_example_prints_what_the_document_shows() {
    let bless = std::env::var_os("README_BLESS").is_some();
    let mut failures = Vec::new();
    let mut counts = Vec::new();
    for (name, text) in documents() {
        let checked = check_document(&name, &text, bless, &mut failures);
        counts.push((name, checked));
    }
    assert!(
        failures.is_empty(),
        "{} examples print something else than their document shows, or fail \
         (fix the document where the program is right; a `…` line stands for any lines):\n\n{}",
        failures.len(),
        failures.join("\n")
    );
    // Guard against a harness that finds nothing to check.
    for (name, checked) in counts {
        let least = if name == "README.md" { 5 } else { 15 };
        assert!(checked >= least, "only {checked} examples found in {name}");
    }
}

#[test]
fn the_harness_reads_blocks_commands_and_excerpts() {
    let text = "text\n<!-- readme-test: git COLUMNS=80 -->\n```\n$ cooptrack list --search \"跨界 河流\" # note\nout 1\n…\n$ cooptrack show 1.1\n```\n  ```\n  $ cooptrack depts\n  a\n  ```\n";
    let found = blocks(text);
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].settings, ["git", "COLUMNS=80"]);
    let first = &found[0].examples[0];
    assert_eq!(first.line, 4);
    assert_eq!(first.args, ["cooptrack", "list", "--search", "跨界 河流"]);
    assert_eq!(first.expected, ["out 1", "…"]);
    assert!(found[0].examples[1].expected.is_empty());
    assert_eq!(found[1].examples[0].expected, ["a"]);
    // A `sh` block's `cooptrack` lines run without shown output; a synopsis
    // block's do not run at all.
    let shell = "```sh\nmake run\ncooptrack list --dept 区水务局  # 某部门\n```\n```\ncooptrack list [--dept NAME]\n```\n";
    let found = blocks(shell);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].examples.len(), 1);
    assert!(found[0].examples[0].bare);
    assert_eq!(
        found[0].examples[0].args,
        ["cooptrack", "list", "--dept", "区水务局"]
    );
    assert_eq!(
        split("cooptrack schema > a.json"),
        ["cooptrack", "schema", ">", "a.json"]
    );
    let lines = |s: &str| s.lines().map(str::to_string).collect::<Vec<_>>();
    assert!(matches(&lines("a\n…\nz"), &lines("a\nb\nc\nz")));
    assert!(matches(&lines("a\n…"), &lines("a")));
    assert!(!matches(&lines("a\nz"), &lines("a\nb\nz")));
    assert!(matches(&lines("x (4e11d0f)"), &lines("x (0123abc)")));
    assert!(!matches(&lines("x (区环保局)"), &lines("x (区农委)")));
}
