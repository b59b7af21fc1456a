//! How output looks and behaves: CJK alignment, colour, pipes, widths,
//! finding the tasks directory, and snapshots of the main tables.

use std::io::Read;
use std::process::{Command as StdCommand, Stdio};

use crate::common::{bare, bundled, cooptrack, copy_bundled, stdout_of};
use predicates::prelude::*;
use unicode_width::UnicodeWidthStr;

/// The tables in `out` line up (see `common`), and there is at least one.
fn assert_tables_aligned(out: &str, max: usize) {
    let tables = crate::common::assert_tables_aligned(out, max);
    assert!(
        tables > 0,
        "no table in
{out}"
    );
}

#[test]
fn chinese_text_lines_up_in_every_table_at_every_width() {
    for columns in ["200", "100", "80", "60"] {
        for args in [
            vec!["list"],
            vec!["list", "--dept", "区环保局"],
            vec!["show", "6.3"],
            vec!["show", "5.1"],
            vec!["depts"],
        ] {
            let out = stdout_of(cooptrack().env("COLUMNS", columns).args(&args));
            assert_tables_aligned(&out, columns.parse().unwrap());
        }
    }
}

#[test]
fn a_tiny_or_missing_terminal_width_gets_a_sane_one() {
    // No COLUMNS and no terminal: laid out for 80 columns.
    let mut cmd = cooptrack();
    cmd.env_remove("COLUMNS").args(["show", "6.3"]);
    let out = stdout_of(&mut cmd);
    assert_tables_aligned(&out, 80);
    assert!(out.lines().all(|l| l.width() <= 80), "{out}");
    // A tiny width is raised to 80 instead of squeezing every cell.
    let out = stdout_of(cooptrack().env("COLUMNS", "20").args(["show", "6.3"]));
    assert_tables_aligned(&out, 80);
    assert_eq!(out.lines().next().unwrap().width(), 80);
}

#[test]
fn no_styling_when_piped_or_no_color() {
    let out = stdout_of(cooptrack().env_remove("NO_COLOR").arg("list"));
    assert!(!out.contains('\x1b'), "piped output must not carry escapes");
    let out = stdout_of(
        cooptrack()
            .env("NO_COLOR", "1")
            .args(["--color", "auto", "list"]),
    );
    assert!(!out.contains('\x1b'));
    let out = stdout_of(cooptrack().args(["list", "--color", "never"]));
    assert!(!out.contains('\x1b'));
}

#[test]
fn color_always_styles_even_when_piped() {
    let out = stdout_of(cooptrack().args(["list", "--color", "always"]));
    assert!(out.contains("\x1b["));
    // Styled or not, the table still lines up once escapes are removed.
    let plain: String = strip_ansi(&out);
    assert_eq!(plain, stdout_of(cooptrack().arg("list")));
}

fn strip_ansi(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn a_reader_that_stops_early_gets_no_panic() {
    // Enough tasks that the output outgrows the pipe buffer.
    let tmp = tempfile::tempdir().unwrap();
    let dir = copy_bundled(tmp.path());
    let template = std::fs::read_to_string(dir.join("1.1.yaml")).unwrap();
    for n in 5..800 {
        let yaml = template
            .replace("id: \"1.1\"", &format!("id: \"1.{n}\""))
            .replace("number: 1\n", &format!("number: {n}\n"));
        std::fs::write(dir.join(format!("1.{n}.yaml")), yaml).unwrap();
    }
    for format in ["table", "json", "csv", "markdown"] {
        let mut child = StdCommand::new(assert_cmd::cargo::cargo_bin("cooptrack"))
            .env("NO_COLOR", "1")
            .env("COOPTRACK_LANG", "zh")
            .arg("--dir")
            .arg(&dir)
            .args(["list", "--format", format])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = [0u8; 64];
        child.stdout.take().unwrap().read_exact(&mut first).unwrap();
        // stdout is dropped here, like `| head` exiting.
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("panicked"), "{format}: {stderr}");
        assert_eq!(stderr, "", "{format}");
        assert!(output.status.success(), "{format}: {:?}", output.status);
    }
}

#[test]
fn the_nearest_tasks_directory_is_found_walking_up() {
    let tmp = tempfile::tempdir().unwrap();
    copy_bundled(tmp.path());
    let deep = tmp.path().join("a").join("b");
    std::fs::create_dir_all(&deep).unwrap();
    bare()
        .current_dir(&deep)
        .args(["list", "--format", "json"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "\"file\": \"../../tasks/1.1.yaml\"",
        ));
    bare()
        .current_dir(tmp.path())
        .arg("validate")
        .assert()
        .success()
        .stdout(predicate::str::contains("tasks/5.1.yaml:"));
}

#[test]
fn no_tasks_directory_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    bare()
        .current_dir(tmp.path())
        .arg("list")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("找不到 tasks/ 目录"));
    bare()
        .args(["--dir", "/nonexistent/tasks", "list"])
        .assert()
        .code(2)
        .stderr("cooptrack: 错误：/nonexistent/tasks: 任务目录不存在或不是目录\n");
}

#[test]
fn dir_flag_goes_before_or_after_the_subcommand_and_env_works_too() {
    let expected = stdout_of(cooptrack().args(["list", "--format", "json"]));
    let mut after = bare();
    after
        .current_dir(std::env::temp_dir())
        .args(["list", "--format", "json", "--dir"])
        .arg(bundled());
    assert_eq!(stdout_of(&mut after), expected);
    let mut env = bare();
    env.current_dir(std::env::temp_dir())
        .env("COOPTRACK_DIR", bundled())
        .args(["list", "--format", "json"]);
    assert_eq!(stdout_of(&mut env), expected);
}

#[test]
fn a_broken_task_file_stops_list_with_the_file_named() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = copy_bundled(tmp.path());
    std::fs::write(dir.join("2.2.yaml"), "id: \"2.2\nstatus: 未启动\n").unwrap();
    let mut cmd = bare();
    cmd.arg("--dir").arg(&dir).arg("list");
    let assert = cmd.assert().code(2).stdout("");
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(lines[0].starts_with(&format!("{}:", dir.join("2.2.yaml").display())));
    assert!(lines[0].contains(": 错误：YAML 格式错误"), "{}", lines[0]);
    assert_eq!(
        lines[1],
        "cooptrack: 错误：1 个文件无法读取，结果会不完整；请先修正（运行 cooptrack validate 查看全部问题）"
    );
}

#[test]
fn snapshot_list_for_one_department() {
    insta::assert_snapshot!(stdout_of(cooptrack().args(["list", "--dept", "区环保局"])));
}

#[test]
fn snapshot_list_of_the_co_led_and_provisional_headings() {
    insta::assert_snapshot!(stdout_of(cooptrack().args(["list", "--section", "5"])));
    insta::assert_snapshot!(stdout_of(cooptrack().args(["list", "--section", "6"])));
}

#[test]
fn snapshot_show() {
    // Run from the checkout with a relative --dir, so the file path (and
    // with it the table's width) is the same in every clone.
    let mut cmd = bare();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("COLUMNS", "200")
        .args(["--dir", "tasks", "show", "6.1"]);
    insta::assert_snapshot!(stdout_of(&mut cmd));
}

#[test]
fn snapshot_depts() {
    insta::assert_snapshot!(stdout_of(cooptrack().arg("depts")));
}
