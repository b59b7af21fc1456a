//! Hostile text: characters and comments that mean one thing to YAML and
//! another to a quick look. YAML's white space is space and tab only (a `#`
//! after U+3000 or NBSP is text); a quote opens a quoted scalar only where a
//! value starts (`推进"河长制,"一河一策 # 注` is plain text and a comment);
//! U+2028, U+2029 and NEL are line breaks to YAML but not to an editor.
//!
//! Each case is committed under `tests/fixtures/hostile-text/<case>/`: the
//! valid directory of `tests/fixtures/validate/valid/` plus one file
//! (`hostile_text_fixtures_are_the_valid_base_plus_one_file` checks that).
//! Every test works on a copy.
#![cfg(unix)]

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use tempfile::TempDir;

/// No command may take longer than this: a hang fails the test.
const TIMEOUT: Duration = Duration::from_secs(120);

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fixtures() -> PathBuf {
    manifest_dir().join("tests/fixtures/hostile-text")
}

fn valid_base() -> PathBuf {
    manifest_dir().join("tests/fixtures/validate/valid")
}

/// (fixture, its one file beyond the valid base) for every committed case.
const FIXTURES: [(&str, &str); 6] = [
    ("comment-after-quotes", "4.1.yaml"),
    ("full-width-space", "4.2.yaml"),
    ("line-separator", "4.3.yaml"),
    ("paragraph-separator", "4.4.yaml"),
    ("next-line", "4.5.yaml"),
    ("comment-in-list", "4.6.yaml"),
];

/// A copy of a committed fixture as `<tmp>/tasks`, removed when dropped.
struct Scratch {
    _tmp: TempDir,
    dir: PathBuf,
}

impl Scratch {
    fn fixture(case: &str) -> Scratch {
        let tmp = tempfile::tempdir().expect("temporary directory");
        let dir = tmp.path().join("tasks");
        fs::create_dir(&dir).unwrap();
        for entry in fs::read_dir(fixtures().join(case)).unwrap() {
            let entry = entry.unwrap();
            fs::copy(entry.path(), dir.join(entry.file_name())).unwrap();
        }
        Scratch { _tmp: tmp, dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    fn read(&self, name: &str) -> String {
        fs::read_to_string(self.path(name)).unwrap()
    }

    fn write(&self, name: &str, text: &str) {
        fs::write(self.path(name), text).unwrap();
    }

    /// `<dir>/<name>` as the commands print it.
    fn shown(&self, name: &str) -> String {
        self.path(name).display().to_string()
    }
}

/// One finished run of the binary.
#[derive(Debug)]
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// `cooptrack --dir <dir> <args>` in Chinese, with a timeout, from a
/// directory that holds no tasks/ and in no git repository.
fn run(dir: &Path, args: &[&str]) -> Run {
    let cwd = tempfile::tempdir().expect("temporary directory");
    let output = crate::common::bare()
        .current_dir(cwd.path())
        .env_remove("COOPTRACK_MAX_FILE_SIZE")
        .env("COLUMNS", "200")
        .env("GIT_CEILING_DIRECTORIES", cwd.path().parent().unwrap())
        .timeout(TIMEOUT)
        .arg("--dir")
        .arg(dir)
        .args(args)
        .output()
        .expect("cooptrack runs");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

/// Every file of the directory, by name.
fn contents(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_name() != ".cooptrack.lock")
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            (name, fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// `text` with the line starting `first` moved to the end: out of
/// canonical order, the same task.
fn with_line_moved_to_end(text: &str, first: &str) -> String {
    let (moved, rest): (Vec<&str>, Vec<&str>) = text
        .split_inclusive('\n')
        .partition(|l| l.starts_with(first));
    assert_eq!(moved.len(), 1, "no single line starting {first:?}");
    let shuffled = format!("{}{}", rest.concat(), moved.concat());
    assert_ne!(shuffled, text);
    shuffled
}

fn yaml(text: &str) -> serde_yaml::Value {
    serde_yaml::from_str(text).unwrap()
}

#[test]
fn hostile_text_fixtures_are_the_valid_base_plus_one_file() {
    let names = |dir: &Path| -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let base = names(&valid_base());
    let mut named: Vec<&str> = FIXTURES.iter().map(|(case, _)| *case).collect();
    named.sort_unstable();
    assert_eq!(
        names(&fixtures()),
        named,
        "a fixture directory without a test, or the reverse"
    );
    for (case, extra) in FIXTURES {
        let dir = fixtures().join(case);
        let mut expected = base.clone();
        expected.push(extra.to_string());
        expected.sort();
        assert_eq!(names(&dir), expected, "{case}");
        for name in &base {
            assert!(
                fs::read(dir.join(name)).unwrap() == fs::read(valid_base().join(name)).unwrap(),
                "{case}/{name} differs from the valid base"
            );
        }
    }
}

// ------------------------------------------------------------ comments

/// The title of the fixture 4.1, a plain scalar with quotes and a comma in
/// it, and the comment after it.
const QUOTED_TITLE: &str = "title: 推进\"河长制,\"一河一策 # 督查室备注\n";

#[test]
fn a_comment_after_quotes_in_a_plain_title_is_kept_by_fmt() {
    let s = Scratch::fixture("comment-after-quotes");
    let original = s.read("4.1.yaml");
    assert!(original.contains(QUOTED_TITLE));
    assert_eq!(
        yaml(&original)["title"],
        "推进\"河长制,\"一河一策",
        "YAML reads the title as plain text and the rest as a comment"
    );
    // In layout, comment and all.
    let check = run(&s.dir, &["fmt", "--check"]);
    assert_eq!(
        (check.code, check.stdout.as_str(), check.stderr.as_str()),
        (Some(0), "全部 4 个任务文件已是规范格式\n", ""),
        "{check:#?}"
    );
    let before = contents(&s.dir);
    let fmt = run(&s.dir, &["fmt"]);
    assert_eq!(
        (fmt.code, fmt.stdout.as_str(), fmt.stderr.as_str()),
        (Some(0), "全部 4 个任务文件已是规范格式\n", ""),
        "{fmt:#?}"
    );
    assert_eq!(contents(&s.dir), before, "fmt changed a file in layout");

    // Out of layout: fmt puts the keys in order and keeps the comment.
    s.write("4.1.yaml", &with_line_moved_to_end(&original, "title:"));
    let fmt = run(&s.dir, &["fmt"]);
    assert_eq!((fmt.code, fmt.stderr.as_str()), (Some(0), ""), "{fmt:#?}");
    assert_eq!(
        fmt.stdout,
        format!(
            "已整理 {}\n整理了 1 个文件（共 4 个）\n",
            s.shown("4.1.yaml")
        )
    );
    assert_eq!(s.read("4.1.yaml"), original);
}

#[test]
fn a_comment_after_quotes_survives_update_reformat() {
    let s = Scratch::fixture("comment-after-quotes");
    let original = s.read("4.1.yaml");
    // A list written with a tag: the line editor cannot append to it, so
    // the update needs --reformat, which rewrites the whole file.
    let tagged = original.replace(
        "responsible:\n  - 区水务局\n",
        "responsible: !!seq [区水务局]\n",
    );
    assert_ne!(tagged, original);
    s.write("4.1.yaml", &tagged);
    let update = run(
        &s.dir,
        &[
            "update",
            "4.1",
            "--add-responsible",
            "区林业局",
            "--reformat",
        ],
    );
    assert_eq!(
        (update.code, update.stderr.as_str()),
        (Some(0), ""),
        "{update:#?}"
    );
    let expected = original.replace(
        "responsible:\n  - 区水务局\n",
        "responsible:\n  - 区水务局\n  - 区林业局\n",
    );
    assert_eq!(s.read("4.1.yaml"), expected);
    assert!(expected.contains(QUOTED_TITLE));
}

#[test]
fn a_hash_after_a_full_width_space_is_text() {
    let s = Scratch::fixture("full-width-space");
    let original = s.read("4.2.yaml");
    // U+3000 and NBSP are not white space to YAML: what follows them is
    // text, and a trailing U+3000 belongs to the value.
    let task = yaml(&original);
    assert_eq!(task["title"], "加强跨界河流联防联控联治\u{3000}#1号");
    assert_eq!(
        task["text"],
        "加强跨界河流联防联控联治。开展跨界河流联合巡查。\u{3000}"
    );
    assert_eq!(task["progress"][0]["note"], "已开展联合巡查\u{a0}#2次");
    let before = contents(&s.dir);
    for args in [&["fmt", "--check"][..], &["fmt"]] {
        let out = run(&s.dir, args);
        assert_eq!(
            (out.code, out.stdout.as_str(), out.stderr.as_str()),
            (Some(0), "全部 4 个任务文件已是规范格式\n", ""),
            "{args:?}: {out:#?}"
        );
    }
    assert_eq!(contents(&s.dir), before, "fmt changed a file in layout");

    // Out of layout: fmt rewrites it, and every value reads the same.
    s.write("4.2.yaml", &with_line_moved_to_end(&original, "title:"));
    let fmt = run(&s.dir, &["fmt"]);
    assert_eq!((fmt.code, fmt.stderr.as_str()), (Some(0), ""), "{fmt:#?}");
    assert_eq!(s.read("4.2.yaml"), original);
    let show = run(&s.dir, &["show", "4.2", "--format", "json"]);
    assert_eq!(show.code, Some(0), "{show:#?}");
    let json: serde_json::Value = serde_json::from_str(&show.stdout).unwrap();
    assert_eq!(json["title"], "加强跨界河流联防联控联治\u{3000}#1号");
}

// -------------------------------------------------------------- fmt

/// The note fmt --check gives for 4.6, whose responsible list holds a
/// comment the canonical layout has no place for.
fn cannot_rewrite_note(s: &Scratch) -> String {
    format!(
        "{}: 不是规范格式，但第 10 行的注释在规范格式中无处安放，cooptrack fmt 不会整理该文件；请手工调整\n",
        s.shown("4.6.yaml")
    )
}

#[test]
fn fmt_check_lists_a_file_it_cannot_rewrite_for_its_comments() {
    let s = Scratch::fixture("comment-in-list");
    let before = contents(&s.dir);
    let check = run(&s.dir, &["fmt", "--check"]);
    assert_eq!(check.code, Some(1), "{check:#?}");
    assert_eq!(
        check.stdout,
        format!(
            "{}\n1 个文件不是规范格式；运行 cooptrack fmt 整理\n",
            s.shown("4.6.yaml")
        )
    );
    assert_eq!(check.stderr, cannot_rewrite_note(&s));
    assert_eq!(contents(&s.dir), before, "--check wrote");
}

#[test]
fn fmt_refuses_a_file_whose_comments_it_cannot_place_and_formats_the_rest() {
    let s = Scratch::fixture("comment-in-list");
    let with_comment = s.read("4.6.yaml");
    let healthy = s.read("1.2.yaml");
    s.write("1.2.yaml", &with_line_moved_to_end(&healthy, "title:"));
    let fmt = run(&s.dir, &["fmt"]);
    assert_eq!(fmt.code, Some(3), "{fmt:#?}");
    assert_eq!(
        fmt.stdout,
        format!(
            "已整理 {}\n整理了 1 个文件（共 4 个）；跳过 1 个无法读取或检查的文件（见上）\n",
            s.shown("1.2.yaml")
        )
    );
    assert_eq!(
        fmt.stderr,
        format!(
            "{0}: 第 10 行的注释在规范格式中无处安放，为保留注释未整理该文件\n\
             cooptrack: 错误：已写入 {1}，但之后的步骤失败：1 个文件无法整理\n",
            s.shown("4.6.yaml"),
            s.shown("1.2.yaml")
        )
    );
    assert_eq!(s.read("4.6.yaml"), with_comment);
    assert_eq!(s.read("1.2.yaml"), healthy);
    // Alone, it is exit 2: nothing was written.
    let fmt = run(&s.dir, &["fmt"]);
    assert_eq!(fmt.code, Some(2), "{fmt:#?}");
    assert_eq!(
        fmt.stdout,
        "整理了 0 个文件（共 4 个）；跳过 1 个无法读取或检查的文件（见上）\n"
    );
    assert!(fmt.stderr.ends_with("cooptrack: 错误：1 个文件无法整理\n"));
}

#[test]
fn a_file_in_layout_but_for_a_comment_in_a_list_is_canonical() {
    let s = Scratch::fixture("comment-in-list");
    // status back before due: in layout, the comment in the list aside.
    let text = s.read("4.6.yaml").replace(
        "due: 2022-12-31\nstatus: 未启动\n",
        "status: 未启动\ndue: 2022-12-31\n",
    );
    s.write("4.6.yaml", &text);
    let before = contents(&s.dir);
    for args in [&["fmt", "--check"][..], &["fmt"]] {
        let out = run(&s.dir, args);
        assert_eq!(
            (out.code, out.stdout.as_str(), out.stderr.as_str()),
            (Some(0), "全部 4 个任务文件已是规范格式\n", ""),
            "{args:?}: {out:#?}"
        );
    }
    assert_eq!(contents(&s.dir), before);
}

// ------------------------------------------------------- line breaks

/// `validate` reports the one file with this error line (exit 1), `list`
/// refuses with it, `fmt --check` cannot check it (exit 2), and nothing is
/// written.
fn expect_refused(s: &Scratch, file: &str, line: usize, column: usize, message: &str) {
    let error = format!("{}:{line}:{column}: 错误：{message}", s.shown(file));
    let before = contents(&s.dir);
    let validate = run(&s.dir, &["validate"]);
    assert_eq!(
        validate.stdout,
        format!("{error}\n检查了 4 个任务文件：1 个错误，0 个警告\n"),
        "{validate:#?}"
    );
    assert_eq!(validate.code, Some(1));
    let list = run(&s.dir, &["list"]);
    assert_eq!(list.code, Some(2), "{list:#?}");
    assert!(list.stderr.starts_with(&format!("{error}\n")), "{list:#?}");
    let check = run(&s.dir, &["fmt", "--check"]);
    assert_eq!(check.code, Some(2), "{check:#?}");
    assert_eq!(
        check.stdout,
        "其余 3 个任务文件已是规范格式；跳过 1 个无法读取或检查的文件（见上）\n"
    );
    assert_eq!(
        check.stderr,
        format!("{error}\ncooptrack: 错误：1 个文件无法检查\n")
    );
    assert_eq!(contents(&s.dir), before);
}

#[test]
fn a_line_separator_in_a_value_is_named_where_it_is() {
    let s = Scratch::fixture("line-separator");
    expect_refused(
        &s,
        "4.3.yaml",
        6,
        20,
        "第 6 行第 20 列有 U+2028（行分隔符），YAML 把它当作换行；请删除或改为普通换行",
    );
}

#[test]
fn a_paragraph_separator_in_a_list_item_is_named_where_it_is() {
    let s = Scratch::fixture("paragraph-separator");
    expect_refused(
        &s,
        "4.4.yaml",
        16,
        19,
        "第 16 行第 19 列有 U+2029（段分隔符），YAML 把它当作换行；请删除或改为普通换行",
    );
}

#[test]
fn a_next_line_character_in_a_comment_is_named_where_it_is() {
    let s = Scratch::fixture("next-line");
    expect_refused(
        &s,
        "4.5.yaml",
        12,
        21,
        "第 12 行第 21 列有 U+0085（下一行符 NEL），YAML 把它当作换行；请删除或改为普通换行",
    );
    let en = crate::common::bare()
        .env("COOPTRACK_LANG", "en")
        .arg("--dir")
        .arg(&s.dir)
        .arg("validate")
        .output()
        .unwrap();
    assert!(
        String::from_utf8(en.stdout).unwrap().starts_with(&format!(
            "{}:12:21: error: line 12 column 21 holds U+0085 (NEXT LINE, NEL), which YAML reads as a line break; remove it or use an ordinary line break\n",
            s.shown("4.5.yaml")
        ))
    );
}

/// Not a regression test but a guard: the refusal above is for raw
/// characters only; cooptrack writes them as `\uXXXX` escapes.
#[test]
fn line_separators_cooptrack_writes_escaped_still_read() {
    let s = Scratch::fixture("comment-after-quotes");
    let update = run(
        &s.dir,
        &[
            "update",
            "1.1",
            "--note",
            "甲\u{2028}乙\u{85}丙\u{2029}丁",
            "--date",
            "2019-03-31",
        ],
    );
    assert_eq!(update.code, Some(0), "{update:#?}");
    assert!(s
        .read("1.1.yaml")
        .contains("    note: \"甲\\u2028乙\\u0085丙\\u2029丁\"\n"));
    let validate = run(&s.dir, &["validate"]);
    assert_eq!(validate.code, Some(0), "{validate:#?}");
    let check = run(&s.dir, &["fmt", "--check"]);
    assert_eq!(check.code, Some(0), "{check:#?}");
    let show = run(&s.dir, &["show", "1.1", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&show.stdout).unwrap();
    assert_eq!(
        json["progress"][0]["note"],
        "甲\u{2028}乙\u{85}丙\u{2029}丁"
    );
}
