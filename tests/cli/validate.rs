//! `cooptrack validate`: what users rely on when they run it over a tasks
//! directory. Each fixture under `tests/fixtures/validate/` is the same small
//! valid directory (plan, registry, tasks 1.1, 1.2 and 6.1) with exactly one
//! defect, named by the directory.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::assert::Assert;
use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

const STATUS_CHOICES: &str =
    "可用：未启动（not_started）、推进中（in_progress）、已完成（done）、滞后（delayed）、已取消（cancelled）";

fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/validate")
}

fn fixture_dir(fixture: &str) -> PathBuf {
    fixtures_root().join(fixture)
}

/// A file of a fixture, displayed as the binary displays it.
fn fixture_file(fixture: &str, file: &str) -> String {
    fixture_dir(fixture).join(file).display().to_string()
}

/// Runs `cooptrack validate --dir <dir>` from an empty current directory, so
/// that nothing but `--dir` can lead it to a tasks directory.
fn validate_dir(dir: &Path, extra_args: &[&str]) -> Assert {
    let cwd = tempfile::tempdir().expect("temporary directory");
    Command::cargo_bin("cooptrack")
        .expect("cooptrack binary")
        .current_dir(cwd.path())
        .env("NO_COLOR", "1")
        .env("COOPTRACK_LANG", "zh")
        .env_remove("COOPTRACK_DIR")
        .arg("validate")
        .arg("--dir")
        .arg(dir)
        .args(extra_args)
        .assert()
}

fn validate(fixture: &str, extra_args: &[&str]) -> Assert {
    validate_dir(&fixture_dir(fixture), extra_args)
}

fn stdout_of(assert: &Assert) -> String {
    String::from_utf8(assert.get_output().stdout.clone()).expect("stdout is UTF-8")
}

/// The diagnostic lines of text output: everything before the summary line.
fn diagnostic_lines(stdout: &str) -> Vec<&str> {
    let lines: Vec<&str> = stdout.lines().collect();
    let (summary, diagnostics) = lines.split_last().expect("output has a summary line");
    assert!(
        summary.starts_with("检查了 "),
        "last line should be the summary, got: {summary}\n{stdout}"
    );
    diagnostics.to_vec()
}

fn summary_line(stdout: &str) -> &str {
    stdout.lines().last().expect("output has a summary line")
}

/// `<file>:LINE:COL: <severity>: <message>`, or without the position.
fn diagnostic(
    fixture: &str,
    file: &str,
    position: Option<(usize, usize)>,
    severity: &str,
    message: &str,
) -> String {
    let path = fixture_file(fixture, file);
    // The tests run in Chinese: 错误 / 警告.
    let severity = match severity {
        "error" => "错误",
        "warning" => "警告",
        other => other,
    };
    match position {
        Some((line, column)) => format!("{path}:{line}:{column}: {severity}：{message}"),
        None => format!("{path}: {severity}：{message}"),
    }
}

/// The fixture fails with this one error line and nothing else: the two
/// good task files, the plan and the registry are not reported.
fn expect_only_error(fixture: &str, file: &str, position: Option<(usize, usize)>, message: &str) {
    let assert = validate(fixture, &[]).code(1).stderr("");
    let stdout = stdout_of(&assert);
    assert_eq!(
        diagnostic_lines(&stdout),
        [diagnostic(fixture, file, position, "error", message)],
        "full output:\n{stdout}"
    );
    assert_eq!(
        summary_line(&stdout),
        "检查了 3 个任务文件：1 个错误，0 个警告"
    );
}

/// The fixture passes with this one warning, and fails with `--strict`,
/// where the same finding is reported as an error.
fn expect_only_warning(fixture: &str, file: &str, position: (usize, usize), message: &str) {
    let assert = validate(fixture, &[]).code(0).stderr("");
    let stdout = stdout_of(&assert);
    assert_eq!(
        diagnostic_lines(&stdout),
        [diagnostic(
            fixture,
            file,
            Some(position),
            "warning",
            message
        )],
        "full output:\n{stdout}"
    );
    assert_eq!(
        summary_line(&stdout),
        "检查了 3 个任务文件：0 个错误，1 个警告"
    );

    let strict = validate(fixture, &["--strict"]).code(1).stderr("");
    let stdout = stdout_of(&strict);
    assert_eq!(
        diagnostic_lines(&stdout),
        [diagnostic(fixture, file, Some(position), "error", message)],
        "full output with --strict:\n{stdout}"
    );
    assert_eq!(
        summary_line(&stdout),
        "检查了 3 个任务文件：1 个错误，0 个警告"
    );
}

/// The one line reported for the fixture, checked to be an error about `file`.
fn only_error_line(fixture: &str, file: &str) -> String {
    let assert = validate(fixture, &[]).code(1).stderr("");
    let stdout = stdout_of(&assert);
    let lines = diagnostic_lines(&stdout);
    assert_eq!(lines.len(), 1, "expected one diagnostic:\n{stdout}");
    let line = lines[0].to_string();
    let path = fixture_file(fixture, file);
    assert!(
        line.starts_with(&format!("{path}:")) && line.contains(": 错误："),
        "expected an error about {path}, got: {line}"
    );
    line
}

// ---------------------------------------------------------------- valid

#[test]
fn valid_directory_passes_with_a_clean_summary() {
    validate("valid", &[])
        .code(0)
        .stdout("检查了 3 个任务文件：0 个错误，0 个警告\n")
        .stderr("");
}

#[test]
fn valid_directory_passes_with_strict() {
    validate("valid", &["--strict"])
        .code(0)
        .stdout("检查了 3 个任务文件：0 个错误，0 个警告\n");
}

// --------------------------------------------------------------- errors

#[test]
fn yaml_syntax_error_is_reported_where_the_parser_stopped() {
    // Line 9 is ` responsible:`, indented by one space.
    expect_only_error(
        "yaml-syntax",
        "1.2.yaml",
        Some((9, 2)),
        "YAML 格式错误（请检查缩进、冒号和引号）：did not find expected key, while parsing a block mapping",
    );
}

#[test]
fn wrong_type_names_the_field_and_points_at_the_value() {
    expect_only_error(
        "wrong-type",
        "1.2.yaml",
        Some((2, 10)),
        "字段类型错误（section）：应为整数，实为文字 \"一\"",
    );
}

#[test]
fn unknown_field_suggests_the_field_meant() {
    expect_only_error(
        "unknown-field",
        "1.2.yaml",
        Some((14, 1)),
        "未知字段“staus”，是否应为“status”？",
    );
}

#[test]
fn missing_lead_is_an_error_at_the_id_line() {
    expect_only_error(
        "missing-lead",
        "1.2.yaml",
        Some((1, 1)),
        "缺少牵头部门（lead 为空）：每项任务必须有牵头部门",
    );
}

#[test]
fn empty_lead_list_is_an_error_at_the_lead_line() {
    expect_only_error(
        "empty-lead",
        "1.2.yaml",
        Some((7, 1)),
        "缺少牵头部门（lead 为空）：每项任务必须有牵头部门",
    );
}

#[test]
fn unknown_department_suggests_the_registered_name() {
    expect_only_error(
        "unknown-department",
        "1.2.yaml",
        Some((8, 5)),
        "部门“区环宝局”不在部门名录中，是否应为“区环保局”？",
    );
}

#[test]
fn duplicate_id_names_both_files() {
    // 1.1.yaml and 1.1.yml share their id; the full file name breaks the
    // tie, so 1.1.yml is reported on every machine, at its id line.
    let first = fixture_file("duplicate-id", "1.1.yaml");
    let assert = validate("duplicate-id", &[]).code(1).stderr("");
    let stdout = stdout_of(&assert);
    assert_eq!(
        diagnostic_lines(&stdout),
        [diagnostic(
            "duplicate-id",
            "1.1.yml",
            Some((1, 1)),
            "error",
            &format!("编号“1.1”重复：{first} 已使用该编号")
        )]
    );
    assert_eq!(
        summary_line(&stdout),
        "检查了 4 个任务文件：1 个错误，0 个警告"
    );
}

#[test]
fn id_that_differs_from_the_file_name_is_an_error() {
    expect_only_error(
        "id-mismatch",
        "1.2.yaml",
        Some((1, 1)),
        "编号“1.3”与文件名不一致：该任务应存为 1.3.yaml",
    );
}

#[test]
fn invalid_status_is_an_error_listing_the_allowed_statuses() {
    let line = only_error_line("invalid-status", "1.2.yaml");
    assert!(
        line.contains(&format!("无效的状态“完成了”，{STATUS_CHOICES}")),
        "got: {line}"
    );
}

#[test]
fn invalid_status_points_at_the_status_value() {
    expect_only_error(
        "invalid-status",
        "1.2.yaml",
        Some((14, 9)),
        &format!("无效的状态“完成了”，{STATUS_CHOICES}（status）"),
    );
}

#[test]
fn impossible_date_is_an_error() {
    let line = only_error_line("impossible-date", "1.2.yaml");
    assert!(line.contains("日期“2022-02-30”不存在"), "got: {line}");
}

#[test]
fn impossible_date_points_at_the_due_value() {
    expect_only_error(
        "impossible-date",
        "1.2.yaml",
        Some((15, 6)),
        "日期“2022-02-30”不存在（due）",
    );
}

#[test]
fn unresolved_merge_conflict_is_reported_at_the_first_marker() {
    expect_only_error(
        "conflict-markers",
        "1.2.yaml",
        Some((14, 1)),
        "文件中有 git 合并冲突标记（<<<<<<< / ======= / >>>>>>>）：合并冲突尚未解决",
    );
}

#[test]
fn empty_task_file_is_an_error() {
    assert_eq!(
        fs::metadata(fixture_dir("empty-file").join("1.2.yaml"))
            .unwrap()
            .len(),
        0
    );
    expect_only_error("empty-file", "1.2.yaml", None, "文件为空");
}

#[test]
fn gbk_file_is_reported_at_its_first_non_utf8_byte() {
    // Line 3 is `heading: 推动…`: the first Chinese character is column 10.
    expect_only_error(
        "not-utf8",
        "1.2.yaml",
        Some((3, 10)),
        "文件不是 UTF-8 编码（可能是 GBK）；请另存为 UTF-8",
    );
}

#[test]
fn missing_registry_is_an_error_naming_departments_yaml() {
    expect_only_error(
        "missing-registry",
        "departments.yaml",
        None,
        "无法读取：文件不存在",
    );
}

// ------------------------------------------------------------- warnings

#[test]
fn lead_also_responsible_is_a_warning() {
    expect_only_warning(
        "lead-also-responsible",
        "1.2.yaml",
        (10, 5),
        "“区环保局”既是牵头部门又是责任部门",
    );
}

#[test]
fn progress_out_of_date_order_is_a_warning() {
    expect_only_warning(
        "progress-out-of-order",
        "1.2.yaml",
        (20, 11),
        "进展记录未按日期排列：2019-02-01 记在 2019-03-01 之后",
    );
}

#[test]
fn provisional_lead_is_a_warning_quoting_the_note() {
    expect_only_warning(
        "provisional-lead",
        "1.2.yaml",
        (9, 1),
        "牵头部门为暂定：原文未列明牵头部门，暂由区环保局牵头（待工作小组确认）",
    );
}

// -------------------------------------------------- whole directory, formats

#[test]
fn every_defect_in_the_directory_is_reported_in_one_run() {
    let fixture = "many-defects";
    let assert = validate(fixture, &[]).code(1).stderr("");
    let stdout = stdout_of(&assert);
    assert_eq!(
        diagnostic_lines(&stdout),
        [
            diagnostic(
                fixture,
                "1.1.yaml",
                Some((14, 1)),
                "error",
                "未知字段“staus”，是否应为“status”？",
            ),
            diagnostic(
                fixture,
                "1.2.yaml",
                Some((8, 5)),
                "error",
                "部门“区环宝局”不在部门名录中，是否应为“区环保局”？",
            ),
            diagnostic(
                fixture,
                "6.1.yaml",
                Some((7, 1)),
                "error",
                "缺少牵头部门（lead 为空）：每项任务必须有牵头部门",
            ),
        ],
        "full output:\n{stdout}"
    );
    assert_eq!(
        summary_line(&stdout),
        "检查了 3 个任务文件：3 个错误，0 个警告"
    );
}

fn json_report(fixture: &str, extra_args: &[&str], code: i32) -> Value {
    let mut args = vec!["--format", "json"];
    args.extend_from_slice(extra_args);
    let assert = validate(fixture, &args).code(code).stderr("");
    serde_json::from_str(&stdout_of(&assert)).expect("stdout is one JSON document")
}

#[test]
fn json_report_has_counts_and_positioned_diagnostics() {
    let report = json_report("many-defects", &[], 1);
    assert_eq!(report["files_checked"], 3);
    assert_eq!(report["errors"], 3);
    assert_eq!(report["warnings"], 0);
    let diagnostics = report["diagnostics"].as_array().expect("diagnostics array");
    assert_eq!(diagnostics.len(), 3);
    for d in diagnostics {
        for key in ["file", "line", "column", "severity", "message"] {
            assert!(d.get(key).is_some(), "diagnostic lacks {key}: {d}");
        }
        assert!(d["line"].is_u64() && d["column"].is_u64(), "{d}");
        assert!(d["message"].is_string(), "{d}");
        assert_eq!(d["severity"], "error");
    }
    let files: Vec<&str> = diagnostics
        .iter()
        .map(|d| d["file"].as_str().expect("file is a string"))
        .collect();
    assert_eq!(
        files,
        ["1.1.yaml", "1.2.yaml", "6.1.yaml"].map(|f| fixture_file("many-defects", f))
    );
    assert_eq!(diagnostics[0]["line"], 14);
    assert_eq!(diagnostics[0]["column"], 1);
    assert_eq!(
        diagnostics[0]["message"],
        "未知字段“staus”，是否应为“status”？"
    );
}

#[test]
fn json_report_counts_warnings_and_strict_turns_them_into_errors() {
    let report = json_report("provisional-lead", &[], 0);
    assert_eq!(report["files_checked"], 3);
    assert_eq!(report["errors"], 0);
    assert_eq!(report["warnings"], 1);
    let d = &report["diagnostics"][0];
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["file"], fixture_file("provisional-lead", "1.2.yaml"));
    assert_eq!(d["line"], 9);
    assert_eq!(d["column"], 1);

    let strict = json_report("provisional-lead", &["--strict"], 1);
    assert_eq!(strict["errors"], 1);
    assert_eq!(strict["warnings"], 0);
    assert_eq!(strict["diagnostics"][0]["severity"], "error");
}

#[test]
fn json_report_of_a_valid_directory_is_empty() {
    let report = json_report("valid", &[], 0);
    assert_eq!(report["files_checked"], 3);
    assert_eq!(report["errors"], 0);
    assert_eq!(report["warnings"], 0);
    assert_eq!(report["diagnostics"], Value::Array(vec![]));
}

/// GitHub's escaping of a workflow command property (`file=`).
fn github_property(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
        .replace(':', "%3A")
        .replace(',', "%2C")
}

#[test]
fn github_format_prints_error_annotations() {
    let file = github_property(&fixture_file("unknown-field", "1.2.yaml"));
    validate("unknown-field", &["--format", "github"])
        .code(1)
        .stdout(predicate::str::contains(format!(
            "::error file={file},line=14,col=1::未知字段“staus”，是否应为“status”？\n"
        )));
}

#[test]
fn github_format_prints_warning_annotations() {
    let file = github_property(&fixture_file("lead-also-responsible", "1.2.yaml"));
    validate("lead-also-responsible", &["--format", "github"])
        .code(0)
        .stdout(predicate::str::contains(format!(
            "::warning file={file},line=10,col=5::“区环保局”既是牵头部门又是责任部门\n"
        )));
}

// ------------------------------------------------------------ read-only

/// Every file of every fixture, by path, with its bytes.
fn snapshot_fixtures() -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    for dir in fs::read_dir(fixtures_root()).unwrap() {
        let dir = dir.unwrap().path();
        for file in fs::read_dir(&dir).unwrap() {
            let path = file.unwrap().path();
            let bytes = fs::read(&path).unwrap();
            files.insert(path, bytes);
        }
    }
    files
}

#[test]
fn validation_never_changes_or_creates_files() {
    let before = snapshot_fixtures();
    let fixtures: Vec<String> = fs::read_dir(fixtures_root())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        fixtures.contains(&"valid".to_string()) && fixtures.contains(&"not-utf8".to_string()),
        "fixtures found: {fixtures:?}"
    );
    for fixture in &fixtures {
        for format in ["text", "json", "github"] {
            validate(fixture, &["--format", format, "--strict"]);
        }
    }
    let after = snapshot_fixtures();
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "validate added or removed files"
    );
    for (path, bytes) in &before {
        assert!(after[path] == *bytes, "validate changed {}", path.display());
    }
}

// ------------------------------------------------------- bundled tasks/

fn bundled_tasks() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tasks")
}

#[test]
fn bundled_tasks_pass_with_only_the_provisional_lead_warnings() {
    let assert = validate_dir(&bundled_tasks(), &[]).code(0).stderr("");
    let stdout = stdout_of(&assert);
    let lines = diagnostic_lines(&stdout);
    assert_eq!(lines.len(), 2, "full output:\n{stdout}");
    for (line, id) in lines.iter().zip(["5.1", "5.2"]) {
        let path = bundled_tasks().join(format!("{id}.yaml"));
        assert!(
            line.starts_with(&format!("{}:", path.display()))
                && line.contains(": 警告：牵头部门为暂定："),
            "expected the provisional lead of {id}, got: {line}"
        );
    }
    assert!(
        summary_line(&stdout).ends_with("：0 个错误，2 个警告"),
        "{stdout}"
    );
}

#[test]
fn bundled_tasks_fail_with_strict() {
    validate_dir(&bundled_tasks(), &["--strict"])
        .code(1)
        .stdout(predicate::str::contains("：2 个错误，0 个警告\n"));
}
