//! Hostile input: what users feed the tool by accident. Half-written files,
//! merge leftovers, an alias bomb pasted from somewhere, a stray binary, odd
//! directory entries. Each one gets a clear error naming the file (exit 1
//! from `validate`, exit 2 from the other commands), nothing is written, and
//! nothing hangs: every command runs under a 20 s timeout.
//!
//! The small cases are committed under `tests/fixtures/hostile/<case>/`: the
//! valid directory of `tests/fixtures/validate/valid/` plus one hostile file
//! (`fixtures_are_the_valid_base_plus_one_hostile_file` checks that). The
//! rest (a 50 MB file, symlink loops, a directory and a FIFO named `*.yaml`,
//! an unreadable file) are made at test time in a temporary directory.
//!
//! Every test works on a copy, and checks that neither `validate` nor `list`
//! changes anything in the directory, and that a broken file does not stop
//! `update` of another, healthy task.
#![cfg(unix)]

use std::collections::BTreeMap;
use std::fs;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::{BufWriter, Write};
use std::os::unix::fs::{symlink, FileTypeExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use tempfile::TempDir;

/// No command may take longer than this: a hang fails the test (generous:
/// shared 2-core machines run the suite under heavy load; speed itself is
/// measured by `make bench`).
const TIMEOUT: Duration = Duration::from_secs(120);

/// The size limit's refusal must not depend on reading the file.
const QUICK: Duration = Duration::from_secs(10);

/// The healthy task that every test updates next to the hostile file.
const HEALTHY: &str = "1.1";

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn hostile_root() -> PathBuf {
    manifest_dir().join("tests/fixtures/hostile")
}

fn valid_base() -> PathBuf {
    manifest_dir().join("tests/fixtures/validate/valid")
}

// ------------------------------------------------------------ scratch dirs

/// A tasks directory in a temporary directory, removed when dropped.
struct Scratch {
    _tmp: TempDir,
    dir: PathBuf,
}

impl Scratch {
    /// The valid base alone.
    fn valid() -> Scratch {
        Scratch::copy_of(&valid_base())
    }

    /// A copy of a committed hostile fixture.
    fn fixture(case: &str) -> Scratch {
        Scratch::copy_of(&hostile_root().join(case))
    }

    fn copy_of(source: &Path) -> Scratch {
        let tmp = tempfile::tempdir().expect("temporary directory");
        let dir = tmp.path().join("tasks");
        fs::create_dir(&dir).unwrap();
        for entry in fs::read_dir(source).unwrap() {
            let entry = entry.unwrap();
            assert!(entry.file_type().unwrap().is_file(), "{:?}", entry.path());
            fs::copy(entry.path(), dir.join(entry.file_name())).unwrap();
        }
        Scratch { _tmp: tmp, dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    fn write(&self, name: &str, bytes: &[u8]) {
        fs::write(self.path(name), bytes).unwrap();
    }
}

/// A normal task file of the valid base, renamed to `id` (section 1).
fn valid_task(id: &str) -> String {
    let number = id.split('.').nth(1).unwrap();
    fs::read_to_string(valid_base().join("1.2.yaml"))
        .unwrap()
        .replace("id: \"1.2\"", &format!("id: \"{id}\""))
        .replace("number: 2", &format!("number: {number}"))
}

fn make_fifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success(), "mkfifo {}", path.display());
    let kind = fs::symlink_metadata(path).unwrap().file_type();
    assert!(kind.is_fifo(), "{} is not a FIFO", path.display());
}

/// Writes a file of exactly `size` bytes: a task whose second line breaks
/// the YAML (a list item inside a mapping), then indented lines of text.
/// The parser stops at line 2, so lifting the limit costs no 50 MB parse.
fn write_big_task(path: &Path, size: usize) {
    let head = "id: \"9.7\"\n- x\n";
    let line = format!("  {}\n", "x".repeat(61));
    let mut out = BufWriter::new(fs::File::create(path).unwrap());
    out.write_all(head.as_bytes()).unwrap();
    let mut written = head.len();
    while written + line.len() <= size {
        out.write_all(line.as_bytes()).unwrap();
        written += line.len();
    }
    let rest = size - written;
    if rest > 0 {
        let tail = format!("  {}\n", "x".repeat(rest.saturating_sub(3)));
        out.write_all(&tail.as_bytes()[tail.len() - rest..])
            .unwrap();
    }
    out.flush().unwrap();
    drop(out);
    assert_eq!(fs::metadata(path).unwrap().len(), size as u64);
}

/// chmod 000, then whether this process can still read the file (root can).
fn make_unreadable(path: &Path) -> bool {
    fs::set_permissions(path, fs::Permissions::from_mode(0o000)).unwrap();
    fs::read(path).is_err()
}

// ------------------------------------------------------------------ runs

/// One finished run of the binary.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    elapsed: Duration,
}

impl Run {
    fn lines(&self) -> Vec<&str> {
        self.stdout.lines().collect()
    }
}

/// `cooptrack --dir <dir> <args>` with a 20 s timeout, from a directory
/// that holds no tasks/, with no size limit from the environment.
fn run_with(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let cwd = tempfile::tempdir().expect("temporary directory");
    let mut cmd = crate::common::bare();
    cmd.current_dir(cwd.path())
        .env_remove("COOPTRACK_MAX_FILE_SIZE")
        .env("COLUMNS", "200")
        .timeout(TIMEOUT)
        .arg("--dir")
        .arg(dir)
        .args(args);
    for (key, value) in env {
        cmd.env(key, value);
    }
    let started = Instant::now();
    let output = cmd.output().expect("cooptrack runs");
    let elapsed = started.elapsed();
    let run = Run {
        code: output.status.code(),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
        elapsed,
    };
    assert!(
        run.code.is_some() && elapsed < TIMEOUT,
        "`cooptrack {}` did not finish within {TIMEOUT:?} (killed: a hang)",
        args.join(" ")
    );
    run
}

fn run(dir: &Path, args: &[&str]) -> Run {
    run_with(dir, args, &[])
}

/// `<dir>/<file>[:LINE:COL]: 错误：<message>`, as `validate` prints it.
fn error_line(dir: &Path, file: &str, position: Option<(usize, usize)>, message: &str) -> String {
    let path = dir.join(file);
    match position {
        Some((line, column)) => format!("{}:{line}:{column}: 错误：{message}", path.display()),
        None => format!("{}: 错误：{message}", path.display()),
    }
}

fn summary(files: usize, errors: usize) -> String {
    format!("检查了 {files} 个任务文件：{errors} 个错误，0 个警告")
}

/// `validate` prints exactly these error lines and the summary, and exits
/// 1 (0 when there are none).
fn expect_validate(
    dir: &Path,
    args: &[&str],
    env: &[(&str, &str)],
    errors: &[String],
    files: usize,
) -> Run {
    let mut all = vec!["validate"];
    all.extend_from_slice(args);
    let run = run_with(dir, &all, env);
    let mut expected: Vec<String> = errors.to_vec();
    expected.push(summary(files, errors.len()));
    assert_eq!(
        run.lines(),
        expected,
        "validate output:\n{}{}",
        run.stdout,
        run.stderr
    );
    assert_eq!(run.stderr, "", "validate wrote to stderr");
    assert_eq!(run.code, Some(if errors.is_empty() { 0 } else { 1 }));
    run
}

/// `list` refuses: exit 2, nothing on stdout, and on stderr each unusable
/// file's error line, then the refusal with their count.
fn expect_list_refused(
    dir: &Path,
    args: &[&str],
    env: &[(&str, &str)],
    unusable: &[String],
) -> Run {
    let mut all = vec!["list"];
    all.extend_from_slice(args);
    let run = run_with(dir, &all, env);
    let mut expected = unusable.to_vec();
    expected.push(format!(
        "cooptrack: 错误：{} 个文件无法读取，结果会不完整；请先修正（运行 cooptrack validate 查看全部问题）",
        unusable.len()
    ));
    assert_eq!(
        run.stderr.lines().collect::<Vec<_>>(),
        expected,
        "list stderr:\n{}",
        run.stderr
    );
    assert_eq!(run.stdout, "", "list printed a (partial) listing");
    assert_eq!(run.code, Some(2));
    run
}

// ------------------------------------------------------------- snapshots

/// What a directory entry is, without following symlinks or opening FIFOs.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Entry {
    File {
        mode: u32,
        bytes: Vec<u8>,
    },
    /// A file this process cannot read (chmod 000, not root).
    Unreadable {
        mode: u32,
        len: u64,
    },
    /// Over 1 MiB (the 50 MB file): kept as a digest, not in memory.
    Big {
        mode: u32,
        len: u64,
        digest: u64,
    },
    Symlink(PathBuf),
    Dir {
        mode: u32,
    },
    Special {
        mode: u32,
    },
}

type Snapshot = BTreeMap<PathBuf, Entry>;

/// Files larger than this are compared by digest.
const BIG: u64 = 1024 * 1024;

/// Every entry under `dir` (real subdirectories included), by relative path.
fn snapshot(dir: &Path) -> Snapshot {
    let mut entries = Snapshot::new();
    snapshot_into(dir, Path::new(""), &mut entries);
    entries
}

fn snapshot_into(root: &Path, relative: &Path, entries: &mut Snapshot) {
    for entry in fs::read_dir(root.join(relative)).unwrap() {
        let entry = entry.unwrap();
        let name = relative.join(entry.file_name());
        let metadata = fs::symlink_metadata(entry.path()).unwrap();
        let mode = metadata.permissions().mode();
        let kind = metadata.file_type();
        let value = if kind.is_symlink() {
            Entry::Symlink(fs::read_link(entry.path()).unwrap())
        } else if kind.is_dir() {
            snapshot_into(root, &name, entries);
            Entry::Dir { mode }
        } else if kind.is_file() && metadata.len() > BIG {
            let bytes = fs::read(entry.path()).unwrap();
            let mut hasher = DefaultHasher::new();
            bytes.hash(&mut hasher);
            Entry::Big {
                mode,
                len: metadata.len(),
                digest: hasher.finish(),
            }
        } else if kind.is_file() {
            match fs::read(entry.path()) {
                Ok(bytes) => Entry::File { mode, bytes },
                Err(_) => Entry::Unreadable {
                    mode,
                    len: metadata.len(),
                },
            }
        } else {
            Entry::Special { mode }
        };
        entries.insert(name, value);
    }
}

/// The lock file `update` creates (and leaves, empty and git-ignored).
const LOCK_FILE: &str = ".cooptrack.lock";

/// The snapshot without the lock file, which must be empty if present.
fn without_lock(mut snapshot: Snapshot) -> Snapshot {
    if let Some(lock) = snapshot.remove(Path::new(LOCK_FILE)) {
        assert!(
            matches!(&lock, Entry::File { bytes, .. } if bytes.is_empty()),
            "lock file is not an empty file: {lock:?}"
        );
    }
    snapshot
}

fn assert_unchanged(dir: &Path, before: &Snapshot, after_what: &str) {
    compare(before, &snapshot(dir), after_what);
}

/// As `assert_unchanged`, for an `update`: the lock file may appear.
fn assert_unchanged_but_lock(dir: &Path, before: &Snapshot, after_what: &str) {
    compare(
        &without_lock(before.clone()),
        &without_lock(snapshot(dir)),
        after_what,
    );
}

fn compare(before: &Snapshot, after: &Snapshot, after_what: &str) {
    let added: Vec<_> = after.keys().filter(|k| !before.contains_key(*k)).collect();
    let removed: Vec<_> = before.keys().filter(|k| !after.contains_key(*k)).collect();
    assert!(
        added.is_empty() && removed.is_empty(),
        "{after_what} added {added:?} / removed {removed:?}"
    );
    for (name, entry) in before {
        assert!(
            after[name] == *entry,
            "{after_what} changed {}",
            name.display()
        );
    }
}

/// What `update 1.1 --note x --date 2019-01-01` makes of a task file.
fn with_note(text: &str, newline: &str) -> String {
    let empty = format!("progress: []{newline}");
    assert!(text.contains(&empty), "no empty progress in:\n{text}");
    text.replace(
        &empty,
        &[
            "progress:",
            "  - date: 2019-01-01",
            "    by: 区环保局",
            "    note: x",
            "",
        ]
        .join(newline),
    )
}

/// A broken neighbour does not block editing a healthy task: the update
/// succeeds, changes 1.1.yaml exactly as intended, creates nothing but the
/// (git-ignored, empty) lock file, and leaves every other entry, the hostile
/// one included, as it was.
fn expect_healthy_update_works(dir: &Path) {
    let before = without_lock(snapshot(dir));
    let file = format!("{HEALTHY}.yaml");
    let run = run(
        dir,
        &["update", HEALTHY, "--note", "x", "--date", "2019-01-01"],
    );
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (Some(0), ""),
        "update of the healthy task failed:\n{}",
        run.stderr
    );
    assert_eq!(
        run.stdout,
        format!(
            "已更新 {}：\n  进展 2019-01-01 区环保局：x\n",
            dir.join(&file).display()
        )
    );
    let mut after = without_lock(snapshot(dir));
    let mut before = before;
    let Some(Entry::File { bytes: old, .. }) = before.remove(Path::new(&file)) else {
        panic!("{file} missing before the update");
    };
    let Some(Entry::File { bytes: new, .. }) = after.remove(Path::new(&file)) else {
        panic!("{file} missing after the update");
    };
    let old = String::from_utf8(old).unwrap();
    assert_eq!(String::from_utf8(new).unwrap(), with_note(&old, "\n"));
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "update of {HEALTHY} added or removed entries"
    );
    for (name, entry) in &before {
        assert!(
            after[name] == *entry,
            "update of {HEALTHY} changed {}",
            name.display()
        );
    }
}

/// `update` of the hostile task itself is refused (exit 2), names the file,
/// and writes nothing.
fn expect_update_refused(dir: &Path, id: &str, file: &str) -> Run {
    let before = without_lock(snapshot(dir));
    let run = run(dir, &["update", id, "--note", "x", "--date", "2019-01-01"]);
    assert_eq!(
        run.code,
        Some(2),
        "update {id}:\n{}{}",
        run.stdout,
        run.stderr
    );
    assert_eq!(run.stdout, "");
    let path = dir.join(file).display().to_string();
    assert!(
        run.stderr.contains(&path),
        "stderr does not name {path}:\n{}",
        run.stderr
    );
    assert_unchanged_but_lock(dir, &before, &format!("refused update {id}"));
    run
}

/// The common course of a case whose file `validate` reports and `list`
/// refuses: one error line; list refused; nothing changed by either; the
/// hostile task cannot be updated; the healthy one can; and the hostile file
/// is then reported exactly as before.
fn expect_refused_case(
    dir: &Path,
    file: &str,
    position: Option<(usize, usize)>,
    message: &str,
) -> String {
    let line = error_line(dir, file, position, message);
    let before = snapshot(dir);
    expect_validate(dir, &[], &[], std::slice::from_ref(&line), 4);
    expect_list_refused(dir, &[], &[], std::slice::from_ref(&line));
    assert_unchanged(dir, &before, "validate/list");
    if let Some(id) = file.strip_suffix(".yaml").filter(|id| id.contains('.')) {
        let refused = expect_update_refused(dir, id, file);
        assert!(refused.stderr.contains(&line), "{}", refused.stderr);
    }
    expect_healthy_update_works(dir);
    expect_validate(dir, &[], &[], std::slice::from_ref(&line), 4);
    line
}

// ------------------------------------------------------ committed fixtures

/// (fixture, hostile file) for every committed case.
const FIXTURES: [(&str, &str); 10] = [
    ("billion-laughs", "2.1.yaml"),
    ("deep-nesting", "2.2.yaml"),
    ("not-utf8", "2.3.yaml"),
    ("bom", "2.4.yaml"),
    ("crlf", "2.5.yaml"),
    ("tab-indent", "3.1.yaml"),
    ("duplicate-key", "3.2.yaml"),
    ("id-dotdot", "3.3.yaml"),
    ("id-slash", "3.4.yaml"),
    ("binary", "9.1.yaml"),
];

fn fixture_bytes(case: &str, file: &str) -> Vec<u8> {
    fs::read(hostile_root().join(case).join(file)).unwrap()
}

#[test]
fn fixtures_are_the_valid_base_plus_one_hostile_file() {
    let mut base: Vec<String> = fs::read_dir(valid_base())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    base.sort();
    let mut cases: Vec<String> = fs::read_dir(hostile_root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    let mut named: Vec<&str> = FIXTURES.iter().map(|(case, _)| *case).collect();
    named.sort();
    assert_eq!(
        cases, named,
        "a fixture directory without a test, or the reverse"
    );
    for (case, hostile) in FIXTURES {
        let dir = hostile_root().join(case);
        let mut names: Vec<String> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        let mut expected = base.clone();
        expected.push(hostile.to_string());
        expected.sort();
        assert_eq!(names, expected, "{case}");
        for name in &base {
            assert!(
                fs::read(dir.join(name)).unwrap() == fs::read(valid_base().join(name)).unwrap(),
                "{case}/{name} differs from the valid base"
            );
        }
    }
}

#[test]
fn billion_laughs_in_a_progress_note_is_refused_at_once() {
    // A real one: a0 holds nine strings, each of a1 … a8 nine aliases of the
    // level below, so that a8 would expand to 9^9 (387 million) strings.
    let text = String::from_utf8(fixture_bytes("billion-laughs", "2.1.yaml")).unwrap();
    assert!(text.contains("      a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"));
    for level in 1..=8 {
        let aliases = vec![format!("*a{}", level - 1); 9].join(", ");
        assert!(text.contains(&format!("      a{level}: &a{level} [{aliases}]\n")));
    }
    // Every field of a task holds a string, a list of strings or of flat
    // maps: serde stops at the first anchored collection where a string is
    // expected, so no alias is ever expanded (the repetition limit, and its
    // "billion laughs" message, is never needed).
    let s = Scratch::fixture("billion-laughs");
    let started = Instant::now();
    expect_refused_case(
        &s.dir,
        "2.1.yaml",
        Some((20, 7)),
        "字段类型错误（progress[0].note）：应为文字，实为键值映射",
    );
    assert!(started.elapsed() < TIMEOUT);
}

/// The same nine levels of anchors put elsewhere in a task.
#[test]
fn billion_laughs_elsewhere_in_a_task_is_refused_at_once() {
    let fixture = String::from_utf8(fixture_bytes("billion-laughs", "2.1.yaml")).unwrap();
    let anchors: Vec<&str> = fixture
        .lines()
        .filter(|l| l.trim_start().starts_with('a') && l.contains(": &a"))
        .map(str::trim_start)
        .collect();
    assert_eq!(anchors.len(), 9);
    let indented = |indent: &str| {
        anchors
            .iter()
            .map(|l| format!("{indent}{l}\n"))
            .collect::<String>()
    };
    let base = fs::read_to_string(valid_base().join("1.2.yaml")).unwrap();
    let text_line = base.lines().find(|l| l.starts_with("text: ")).unwrap();
    let responsible = "responsible:\n  - 区经济信息委\n  - 区城管局\n  - 区农委\n  - 潼南气象局\n";
    assert!(base.contains(responsible));
    let placements = [
        (
            "as the value of text",
            base.replace(text_line, &format!("text:\n{}", indented("  "))),
            (7, 3),
            "字段类型错误（text）：应为文字，实为键值映射",
        ),
        (
            "as the value of responsible",
            base.replace(responsible, &format!("responsible:\n{}", indented("  "))),
            (10, 3),
            "字段类型错误（responsible）：应为列表，实为键值映射",
        ),
        (
            "as top-level keys",
            format!("{}{base}", indented("")),
            (1, 1),
            "未知字段“a0”，是否应为“id”？",
        ),
    ];
    for (placement, text, position, message) in placements {
        let s = Scratch::valid();
        s.write("1.2.yaml", text.as_bytes());
        let line = error_line(&s.dir, "1.2.yaml", Some(position), message);
        let before = snapshot(&s.dir);
        let run = expect_validate(&s.dir, &[], &[], std::slice::from_ref(&line), 3);
        assert!(run.elapsed < QUICK, "{placement}: took {:?}", run.elapsed);
        expect_list_refused(&s.dir, &[], &[], std::slice::from_ref(&line));
        assert_unchanged(&s.dir, &before, placement);
        expect_healthy_update_works(&s.dir);
    }
}

#[test]
fn ten_thousand_deep_nesting_is_refused() {
    let bytes = fixture_bytes("deep-nesting", "2.2.yaml");
    let text = String::from_utf8(bytes).unwrap();
    let line = text.lines().nth(5).unwrap();
    let depth = 10_000;
    assert_eq!(
        line,
        format!("text: {}{}", "[".repeat(depth), "]".repeat(depth))
    );
    let s = Scratch::fixture("deep-nesting");
    expect_refused_case(
        &s.dir,
        "2.2.yaml",
        // `text: ` is 6 columns; the 65th `[` is refused before parsing.
        Some((6, 71)),
        "嵌套超过 64 层，不是任务文件的结构，已拒绝解析",
    );
}

/// The YAML scanner spends time quadratic in the depth of flow nesting
/// (libyaml-rs `yaml_parser_stale_simple_keys` walks every open level for
/// every token), and nothing bounds the depth before parsing: 10 000 levels
/// take about 1 s in a debug build, 40 000 10 s, 80 000 (160 KB) 50 s; a
/// release build takes 18 s for 80 000 and 2 min for 200 000 (400 KB). A
/// file well under the 4 MiB size limit (2 million levels) hangs every
/// command that reads the directory, for hours.
#[test]
fn deep_nesting_well_under_the_size_limit_does_not_hang() {
    let s = Scratch::valid();
    let depth = 200_000;
    let text = format!("text: {}{}\n", "[".repeat(depth), "]".repeat(depth));
    s.write("2.2.yaml", text.as_bytes());
    let run = run(&s.dir, &["validate"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stdout
            .starts_with(&format!("{}:", s.path("2.2.yaml").display())),
        "{}",
        run.stdout
    );
}

#[test]
fn gbk_file_is_refused_at_its_first_non_utf8_byte() {
    // Line 3 is `heading: 推动…`, saved as GBK: the first Chinese character
    // is column 10.
    let bytes = fixture_bytes("not-utf8", "2.3.yaml");
    assert!(std::str::from_utf8(&bytes).is_err());
    assert!(bytes.starts_with(b"id: \"2.3\"\nsection: 2\nheading: "));
    let s = Scratch::fixture("not-utf8");
    expect_refused_case(
        &s.dir,
        "2.3.yaml",
        Some((3, 10)),
        "文件不是 UTF-8 编码（可能是 GBK）；请另存为 UTF-8",
    );
}

#[test]
fn binary_file_is_refused_as_not_utf8() {
    // 4 KiB of random bytes (fixed, so the position is too): `*XR` then an
    // invalid byte. The message guesses GBK, which for a binary it is not,
    // but it names the file and says it is not text the tool can read.
    let bytes = fixture_bytes("binary", "9.1.yaml");
    assert_eq!(bytes.len(), 4096);
    assert!(bytes.starts_with(b"*XR\xcd"));
    let s = Scratch::fixture("binary");
    expect_refused_case(
        &s.dir,
        "9.1.yaml",
        Some((1, 4)),
        "文件不是 UTF-8 编码（可能是 GBK）；请另存为 UTF-8",
    );
}

#[test]
fn bom_is_an_error_but_does_not_stop_other_commands() {
    let bytes = fixture_bytes("bom", "2.4.yaml");
    assert!(bytes.starts_with(b"\xef\xbb\xbfid: \"2.4\"\n"));
    let s = Scratch::fixture("bom");
    let line = error_line(
        &s.dir,
        "2.4.yaml",
        Some((1, 1)),
        "文件以 UTF-8 BOM 开头；请另存为不带 BOM 的 UTF-8（cooptrack fmt 会去掉它）",
    );
    let before = snapshot(&s.dir);
    expect_validate(&s.dir, &[], &[], std::slice::from_ref(&line), 4);
    // The file is readable, so `list` (by design, see store.rs) shows it,
    // with one line on stderr pointing at `validate`; only `validate` fails.
    let list = run(&s.dir, &["list", "--format", "json"]);
    assert_eq!(
        (list.code, list.stderr.as_str()),
        (
            Some(0),
            "注意：任务目录有 1 个校验错误，运行 cooptrack validate 查看\n"
        )
    );
    let listed: serde_json::Value = serde_json::from_str(&list.stdout).unwrap();
    assert_eq!(crate::common::ids(&listed), ["1.1", "1.2", "2.4", "6.1"]);
    assert_unchanged(&s.dir, &before, "validate/list");
    let refused = expect_update_refused(&s.dir, "2.4", "2.4.yaml");
    assert!(refused.stderr.contains(&line), "{}", refused.stderr);
    expect_healthy_update_works(&s.dir);
}

#[test]
fn crlf_file_is_accepted_listed_and_stays_crlf_when_updated() {
    let bytes = fixture_bytes("crlf", "2.5.yaml");
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.ends_with("\r\n"));
    assert_eq!(text.matches('\n').count(), text.matches("\r\n").count());
    let s = Scratch::fixture("crlf");
    let before = snapshot(&s.dir);
    expect_validate(&s.dir, &[], &[], &[], 4);
    let list = run(&s.dir, &["list"]);
    assert_eq!((list.code, list.stderr.as_str()), (Some(0), ""));
    assert!(
        list.stdout.contains("│ 2.5  ┆ 加强跨界河流联防联控联治 ┆"),
        "{}",
        list.stdout
    );
    let json = run(&s.dir, &["list", "--format", "json"]);
    let listed: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(crate::common::ids(&listed), ["1.1", "1.2", "2.5", "6.1"]);
    assert!(!listed[2]["text"].as_str().unwrap().contains('\r'));
    assert_unchanged(&s.dir, &before, "validate/list");

    let update = run(
        &s.dir,
        &["update", "2.5", "--note", "x", "--date", "2019-01-01"],
    );
    assert_eq!((update.code, update.stderr.as_str()), (Some(0), ""));
    let updated = fs::read_to_string(s.path("2.5.yaml")).unwrap();
    assert_eq!(updated, with_note(&text, "\r\n"));
    for (index, line) in updated.split_inclusive('\n').enumerate() {
        assert!(
            line.ends_with("\r\n"),
            "line {} lost its CR: {line:?}",
            index + 1
        );
    }
    expect_validate(&s.dir, &[], &[], &[], 4);
    expect_healthy_update_works(&s.dir);
}

#[test]
fn tab_indentation_is_refused_at_the_tab() {
    let text = String::from_utf8(fixture_bytes("tab-indent", "3.1.yaml")).unwrap();
    assert_eq!(text.lines().nth(10), Some("\t- 区水务局"));
    let s = Scratch::fixture("tab-indent");
    expect_refused_case(
        &s.dir,
        "3.1.yaml",
        Some((11, 1)),
        "这一行用了制表符（Tab）缩进；YAML 只允许用空格缩进",
    );
}

#[test]
fn duplicate_key_points_at_the_repeat() {
    let text = String::from_utf8(fixture_bytes("duplicate-key", "3.2.yaml")).unwrap();
    let statuses: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with("status:"))
        .map(|(i, _)| i + 1)
        .collect();
    assert_eq!(statuses, [14, 16]);
    let s = Scratch::fixture("duplicate-key");
    expect_refused_case(&s.dir, "3.2.yaml", Some((16, 1)), "字段“status”重复出现");
}

fn id_with_separators_case(case: &str, file: &str, id: &str) {
    let text = String::from_utf8(fixture_bytes(case, file)).unwrap();
    assert!(text.starts_with(&format!("id: \"{id}\"\n")));
    let s = Scratch::fixture(case);
    let line = error_line(
        &s.dir,
        file,
        Some((1, 1)),
        &format!("编号“{id}”格式无效：应为“篇章号.序号”，如 1.1"),
    );
    let before = snapshot(&s.dir);
    expect_validate(&s.dir, &[], &[], std::slice::from_ref(&line), 4);
    // Nothing is written under the id: no file outside the directory or
    // under a sub-path appears, whatever command runs.
    run(&s.dir, &["list"]);
    assert_unchanged(&s.dir, &before, "validate/list");
    let refused = expect_update_refused(&s.dir, file.trim_end_matches(".yaml"), file);
    assert!(refused.stderr.contains(&line), "{}", refused.stderr);
    // The id itself is no way to a file either.
    let by_id = run(
        &s.dir,
        &["update", id, "--note", "x", "--date", "2019-01-01"],
    );
    assert_eq!(by_id.code, Some(2));
    assert_eq!(
        by_id.stderr,
        format!("cooptrack: 错误：任务编号“{id}”格式无效：应为“篇章号.序号”，如 1.1\n")
    );
    assert_unchanged_but_lock(&s.dir, &before, "update by id");
    expect_healthy_update_works(&s.dir);
    let parent = s.dir.parent().unwrap();
    let mut outside: Vec<String> = fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    outside.sort();
    assert_eq!(outside, ["tasks"], "something was written beside tasks/");
}

#[test]
fn id_with_dot_dot_is_refused_by_validate() {
    id_with_separators_case("id-dotdot", "3.3.yaml", "../1.1");
}

#[test]
fn id_with_slash_is_refused_by_validate() {
    id_with_separators_case("id-slash", "3.4.yaml", "1/1");
}

/// `list` shows a task whose id is `../1.1` (or `1/1`) as if it were fine,
/// in tables and in `--format json` (`"id": "../1.1"`), with exit 0 and
/// nothing on stderr: the id rule is a validation finding that does not
/// block loading. The issue asks for a clear error naming the file.
fn list_refuses_id_with_separators(case: &str, file: &str, id: &str) {
    let s = Scratch::fixture(case);
    let line = error_line(
        &s.dir,
        file,
        Some((1, 1)),
        &format!("编号“{id}”格式无效：应为“篇章号.序号”，如 1.1"),
    );
    let list = run(&s.dir, &["list"]);
    assert_eq!(list.code, Some(2), "list printed:\n{}", list.stdout);
    assert_eq!(list.stdout, "");
    assert!(list.stderr.contains(&line), "{}", list.stderr);
}

#[test]
fn list_refuses_an_id_with_dot_dot() {
    list_refuses_id_with_separators("id-dotdot", "3.3.yaml", "../1.1");
}

#[test]
fn list_refuses_an_id_with_a_slash() {
    list_refuses_id_with_separators("id-slash", "3.4.yaml", "1/1");
}

// --------------------------------------------------- made at test time

const FIFTY_MB: usize = 50 * 1024 * 1024;

#[test]
fn fifty_megabyte_file_is_refused_quickly_and_the_limit_is_settable() {
    let s = Scratch::valid();
    write_big_task(&s.path("9.7.yaml"), FIFTY_MB);
    let too_big = error_line(
        &s.dir,
        "9.7.yaml",
        None,
        "文件过大（52428800 字节，上限 4194304 字节），不像任务文件；可用 --max-file-size 调整上限",
    );
    let before = snapshot(&s.dir);

    let validate = expect_validate(&s.dir, &[], &[], std::slice::from_ref(&too_big), 4);
    let list = expect_list_refused(&s.dir, &[], &[], std::slice::from_ref(&too_big));
    eprintln!(
        "50 MB file refused: validate in {:?}, list in {:?}",
        validate.elapsed, list.elapsed
    );
    assert!(
        validate.elapsed < QUICK,
        "validate took {:?}",
        validate.elapsed
    );
    assert!(list.elapsed < QUICK, "list took {:?}", list.elapsed);

    // A higher limit lets the file through to the YAML parser, which
    // reports what is wrong inside it.
    let yaml_error = error_line(
        &s.dir,
        "9.7.yaml",
        Some((2, 1)),
        "YAML 格式错误（请检查缩进、冒号和引号）：did not find expected key, while parsing a block mapping",
    );
    let flag = expect_validate(
        &s.dir,
        &["--max-file-size", "100M"],
        &[],
        std::slice::from_ref(&yaml_error),
        4,
    );
    eprintln!(
        "50 MB file parsed with --max-file-size 100M in {:?}",
        flag.elapsed
    );
    expect_validate(
        &s.dir,
        &[],
        &[("COOPTRACK_MAX_FILE_SIZE", "100M")],
        std::slice::from_ref(&yaml_error),
        4,
    );
    expect_list_refused(
        &s.dir,
        &["--max-file-size", "100M"],
        &[],
        std::slice::from_ref(&yaml_error),
    );
    assert_unchanged(&s.dir, &before, "validate/list");
    expect_update_refused(&s.dir, "9.7", "9.7.yaml");
    expect_healthy_update_works(&s.dir);
}

#[test]
fn size_limit_from_the_environment_refuses_a_normal_task_file() {
    let s = Scratch::valid();
    // A normal task with three progress notes: a little over 1 KiB.
    let note = "已建立跨界河流监测信息共享机制，联合开展巡查，按月向区政府督查室报送进展情况";
    let progress: String = ["2019-03-01", "2019-06-01", "2019-09-01"]
        .iter()
        .map(|date| format!("  - date: {date}\n    by: 区环保局\n    note: {note}\n"))
        .collect();
    let task = valid_task("1.3").replace("progress: []\n", &format!("progress:\n{progress}"));
    assert!(task.len() > 1024 && task.len() < 2048, "{}", task.len());
    s.write("1.3.yaml", task.as_bytes());
    expect_validate(&s.dir, &[], &[], &[], 4);

    let refused = |file: &str| {
        let len = fs::metadata(s.path(file)).unwrap().len();
        assert!(len > 1024, "{file} is {len} bytes");
        error_line(
            &s.dir,
            file,
            None,
            &format!("文件过大（{len} 字节，上限 1024 字节），不像任务文件；可用 --max-file-size 调整上限"),
        )
    };
    // The registry and the plan are over 1 KiB too, and are read first.
    let errors = [
        refused("departments.yaml"),
        refused("plan.yaml"),
        refused("1.3.yaml"),
    ];
    let env = [("COOPTRACK_MAX_FILE_SIZE", "1K")];
    let before = snapshot(&s.dir);
    expect_validate(&s.dir, &[], &env, &errors, 4);
    expect_list_refused(&s.dir, &[], &env, &errors);
    assert_unchanged(&s.dir, &before, "validate/list");
}

fn eloop_reason() -> String {
    // What the OS says, in the run's language (the tests run in Chinese).
    "符号链接层级过多（可能是循环链接）".to_string()
}

#[test]
fn symlink_loop_is_reported_and_a_directory_loop_is_not_followed() {
    let s = Scratch::valid();
    symlink("b.yaml", s.path("a.yaml")).unwrap();
    symlink("a.yaml", s.path("b.yaml")).unwrap();
    // Not a task file name: ignored, and never walked into.
    symlink(".", s.path("loop")).unwrap();
    let message = format!("无法读取：{}", eloop_reason());
    let errors = [
        error_line(&s.dir, "a.yaml", None, &message),
        error_line(&s.dir, "b.yaml", None, &message),
    ];
    let before = snapshot(&s.dir);
    expect_validate(&s.dir, &[], &[], &errors, 5);
    expect_list_refused(&s.dir, &[], &[], &errors);
    assert_unchanged(&s.dir, &before, "validate/list");
    expect_healthy_update_works(&s.dir);
}

#[test]
fn directory_symlink_named_yaml_is_reported_not_followed() {
    let s = Scratch::valid();
    symlink(".", s.path("loop.yaml")).unwrap();
    let line = error_line(
        &s.dir,
        "loop.yaml",
        None,
        "不是普通文件（是目录或特殊文件），无法作为任务文件读取",
    );
    let before = snapshot(&s.dir);
    expect_validate(&s.dir, &[], &[], std::slice::from_ref(&line), 4);
    expect_list_refused(&s.dir, &[], &[], std::slice::from_ref(&line));
    assert_unchanged(&s.dir, &before, "validate/list");
    expect_healthy_update_works(&s.dir);
}

#[test]
fn directory_named_yaml_is_reported_and_not_entered() {
    let s = Scratch::valid();
    fs::create_dir(s.path("x.yaml")).unwrap();
    // A broken file inside: not looked at, since the tool does not recurse.
    fs::write(s.path("x.yaml/1.3.yaml"), "id: [\n").unwrap();
    expect_refused_case(
        &s.dir,
        "x.yaml",
        None,
        "不是普通文件（是目录或特殊文件），无法作为任务文件读取",
    );
}

#[test]
fn fifo_named_like_a_task_does_not_hang() {
    let s = Scratch::valid();
    make_fifo(&s.path("9.9.yaml"));
    // No writer ever opens the FIFO: reading it would block forever.
    expect_refused_case(
        &s.dir,
        "9.9.yaml",
        None,
        "不是普通文件（是目录或特殊文件），无法作为任务文件读取",
    );
}

#[test]
fn dangling_symlink_is_reported_as_unreadable() {
    let s = Scratch::valid();
    symlink("missing.yaml", s.path("9.8.yaml")).unwrap();
    let line = error_line(&s.dir, "9.8.yaml", None, "无法读取：文件不存在");
    let before = snapshot(&s.dir);
    expect_validate(&s.dir, &[], &[], std::slice::from_ref(&line), 4);
    expect_list_refused(&s.dir, &[], &[], std::slice::from_ref(&line));
    assert_unchanged(&s.dir, &before, "validate/list");
    // `update 9.8` looks for the file by id, follows the link, finds nothing.
    let update = expect_update_refused(&s.dir, "9.8", "9.8.yaml");
    assert_eq!(
        update.stderr,
        format!(
            "cooptrack: 错误：没有编号为“9.8”的任务（{} 不存在）\n",
            s.path("9.8.yaml").display()
        )
    );
    expect_healthy_update_works(&s.dir);
}

#[test]
fn unreadable_file_is_reported() {
    let s = Scratch::valid();
    s.write("1.3.yaml", valid_task("1.3").as_bytes());
    if make_unreadable(&s.path("1.3.yaml")) {
        expect_refused_case(&s.dir, "1.3.yaml", None, "无法读取：没有读取权限");
    } else {
        // Running as root (as CI does): a chmod 000 file is still readable,
        // so the permission error cannot be provoked here. The unreadable
        // case is then a symlink whose target is missing: it is listed in
        // the directory, and reading it fails.
        eprintln!("chmod 000 does not stop this user reading: checking a dangling symlink instead");
        expect_validate(&s.dir, &[], &[], &[], 4);
        symlink("missing.yaml", s.path("9.8.yaml")).unwrap();
        let line = error_line(&s.dir, "9.8.yaml", None, "无法读取：文件不存在");
        let before = snapshot(&s.dir);
        expect_validate(&s.dir, &[], &[], std::slice::from_ref(&line), 5);
        expect_list_refused(&s.dir, &[], &[], std::slice::from_ref(&line));
        assert_unchanged(&s.dir, &before, "validate/list");
        expect_healthy_update_works(&s.dir);
    }
}

// ------------------------------------------------------------ all at once

#[test]
fn the_whole_hostile_set_is_reported_in_one_validate_run() {
    let s = Scratch::valid();
    for (case, file) in FIXTURES {
        s.write(file, &fixture_bytes(case, file));
    }
    write_big_task(&s.path("9.7.yaml"), FIFTY_MB);
    symlink("b.yaml", s.path("a.yaml")).unwrap();
    symlink("a.yaml", s.path("b.yaml")).unwrap();
    symlink(".", s.path("loop")).unwrap();
    fs::create_dir(s.path("x.yaml")).unwrap();
    make_fifo(&s.path("9.9.yaml"));
    symlink("missing.yaml", s.path("9.8.yaml")).unwrap();
    s.write("1.3.yaml", valid_task("1.3").as_bytes());
    let permission_provoked = make_unreadable(&s.path("1.3.yaml"));

    let dir = &s.dir;
    let expected = hostile_findings(dir, permission_provoked);
    // 1.1, 1.2, 6.1, the ten committed files (2.5 is the good CRLF one),
    // 1.3, 9.7, 9.8, 9.9, a, b and x.
    let files = 20;
    let errors: Vec<String> = expected.iter().map(|(line, _)| line.clone()).collect();
    let unusable: Vec<String> = expected
        .iter()
        .filter(|(_, blocks)| *blocks)
        .map(|(line, _)| line.clone())
        .collect();

    let before = snapshot(dir);
    let validate = expect_validate(dir, &[], &[], &errors, files);
    assert_eq!(
        validate.lines().last().copied(),
        Some(
            format!(
                "检查了 20 个任务文件：{} 个错误，0 个警告",
                if permission_provoked { 16 } else { 15 }
            )
            .as_str()
        )
    );
    eprintln!("the whole hostile set validated in {:?}", validate.elapsed);
    expect_list_refused(dir, &[], &[], &unusable);
    assert_unchanged(dir, &before, "validate/list");
    expect_healthy_update_works(dir);
    expect_validate(dir, &[], &[], &errors, files);
}

/// What validate says of the whole hostile set: (line, blocks loading),
/// files in natural id order, names after numbers.
fn hostile_findings(dir: &Path, permission_provoked: bool) -> Vec<(String, bool)> {
    let error = |file: &str, position: Option<(usize, usize)>, message: &str| {
        error_line(dir, file, position, message)
    };
    let not_utf8 = "文件不是 UTF-8 编码（可能是 GBK）；请另存为 UTF-8";
    let not_regular = "不是普通文件（是目录或特殊文件），无法作为任务文件读取";
    let eloop = format!("无法读取：{}", eloop_reason());
    let mut expected: Vec<(String, bool)> = Vec::new();
    if permission_provoked {
        expected.push((error("1.3.yaml", None, "无法读取：没有读取权限"), true));
    }
    expected.extend([
        (
            error(
                "2.1.yaml",
                Some((20, 7)),
                "字段类型错误（progress[0].note）：应为文字，实为键值映射",
            ),
            true,
        ),
        (
            error(
                "2.2.yaml",
                Some((6, 71)),
                "嵌套超过 64 层，不是任务文件的结构，已拒绝解析",
            ),
            true,
        ),
        (error("2.3.yaml", Some((3, 10)), not_utf8), true),
        (
            error(
                "2.4.yaml",
                Some((1, 1)),
                "文件以 UTF-8 BOM 开头；请另存为不带 BOM 的 UTF-8（cooptrack fmt 会去掉它）",
            ),
            false,
        ),
        (
            error(
                "3.1.yaml",
                Some((11, 1)),
                "这一行用了制表符（Tab）缩进；YAML 只允许用空格缩进",
            ),
            true,
        ),
        (
            error("3.2.yaml", Some((16, 1)), "字段“status”重复出现"),
            true,
        ),
        (
            error(
                "3.3.yaml",
                Some((1, 1)),
                "编号“../1.1”格式无效：应为“篇章号.序号”，如 1.1",
            ),
            true,
        ),
        (
            error(
                "3.4.yaml",
                Some((1, 1)),
                "编号“1/1”格式无效：应为“篇章号.序号”，如 1.1",
            ),
            true,
        ),
        (error("9.1.yaml", Some((1, 4)), not_utf8), true),
        (
            error(
                "9.7.yaml",
                None,
                "文件过大（52428800 字节，上限 4194304 字节），不像任务文件；可用 --max-file-size 调整上限",
            ),
            true,
        ),
        (error("9.8.yaml", None, "无法读取：文件不存在"), true),
        (error("9.9.yaml", None, not_regular), true),
        (error("a.yaml", None, &eloop), true),
        (error("b.yaml", None, &eloop), true),
        (error("x.yaml", None, not_regular), true),
    ]);
    expected
}
