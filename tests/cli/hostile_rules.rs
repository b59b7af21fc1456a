//! What a supervision office would reject, and long lists (the issue "Keep
//! every promise against hostile files", points 4 and 8).
//!
//! Each rule has a fixture under `tests/fixtures/validate/<case>/`: the
//! valid directory (`valid/`) with exactly one defect, in one file, and the
//! one diagnostic it must give. `update` refuses what would put such a
//! defect into a file. Lists of 20 000 departments are validated and
//! imported in linear time: each such test runs under a timeout that the
//! quadratic checks of before could not meet.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use assert_cmd::Command;

use crate::common::bare;

/// Far more than any of these runs takes in a debug build; far less than
/// the quadratic checks took on 20 000 names, even in a release build.
const TIMEOUT: Duration = Duration::from_secs(120);

/// A list this long: the 20 000 departments of the issue.
const NAMES: usize = 20_000;

fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/validate")
}

fn fixture_dir(case: &str) -> PathBuf {
    fixtures_root().join(case)
}

/// `cooptrack --dir <dir> <args>`, Chinese, from the temporary directory.
fn cooptrack(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = bare();
    cmd.current_dir(std::env::temp_dir())
        .env_remove("COOPTRACK_MAX_FILE_SIZE")
        .timeout(TIMEOUT)
        .arg("--dir")
        .arg(dir)
        .args(args);
    cmd
}

struct Output {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn output(cmd: &mut Command) -> Output {
    let started = Instant::now();
    let output = cmd.output().expect("cooptrack runs");
    assert!(
        output.status.code().is_some() && started.elapsed() < TIMEOUT,
        "cooptrack did not finish within {TIMEOUT:?}: {cmd:?}"
    );
    Output {
        code: output.status.code(),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

/// The fixture is the valid base with `file` changed, and nothing else.
fn assert_one_defect(case: &str, file: &str) {
    let names = |dir: &Path| {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let dir = fixture_dir(case);
    let base = fixture_dir("valid");
    assert_eq!(names(&dir), names(&base), "{case}");
    for name in names(&base) {
        let same = fs::read(dir.join(&name)).unwrap() == fs::read(base.join(&name)).unwrap();
        assert_eq!(same, name != file, "{case}/{name}");
    }
}

/// `validate` of the fixture prints exactly this one diagnostic about
/// `file` and the summary; a warning passes (and fails with `--strict`).
fn expect_one(case: &str, file: &str, position: (usize, usize), severity: &str, message: &str) {
    assert_one_defect(case, file);
    let dir = fixture_dir(case);
    let (line, column) = position;
    let path = dir.join(file).display().to_string();
    let (errors, warnings, code) = if severity == "error" {
        (1, 0, 1)
    } else {
        (0, 1, 0)
    };
    // The tests run in Chinese: 错误 / 警告.
    let severity = if severity == "error" {
        "错误"
    } else {
        "警告"
    };
    let run = output(&mut cooptrack(&dir, &["validate"]));
    assert_eq!(
        run.stdout,
        format!(
            "{path}:{line}:{column}: {severity}：{message}\n检查了 3 个任务文件：{errors} 个错误，{warnings} 个警告\n"
        )
    );
    assert_eq!((run.code, run.stderr.as_str()), (Some(code), ""));
    let strict = output(&mut cooptrack(&dir, &["validate", "--strict"]));
    assert_eq!(strict.code, Some(1), "{}", strict.stdout);
}

fn expect_error(case: &str, file: &str, position: (usize, usize), message: &str) {
    expect_one(case, file, position, "error", message);
}

fn expect_warning(case: &str, file: &str, position: (usize, usize), message: &str) {
    expect_one(case, file, position, "warning", message);
}

// ------------------------------------------------------- what a task says

#[test]
fn an_empty_title_is_an_error() {
    expect_error("empty-title", "1.2.yaml", (5, 1), "任务标题（title）为空");
}

#[test]
fn a_text_of_blanks_and_invisible_characters_is_an_error() {
    expect_error(
        "blank-text",
        "1.2.yaml",
        (6, 1),
        "任务内容（text）只有空白或不可见字符：应为通知中该任务的全文",
    );
}

#[test]
fn an_empty_text_is_a_warning() {
    expect_warning(
        "empty-text",
        "1.2.yaml",
        (6, 1),
        "任务内容（text）为空：如有通知原文，请补上该任务的全文",
    );
}

#[test]
fn a_heading_other_than_the_plans_is_a_warning() {
    expect_warning(
        "heading-differs",
        "1.2.yaml",
        (3, 1),
        "篇章标题“推动生态环境保护”与计划文件 plan.yaml 中第 1 篇章的标题“推动生态环境联防联控联治”不同",
    );
}

#[test]
fn a_department_twice_in_one_list_is_an_error_at_the_repeat() {
    expect_error(
        "repeated-department",
        "1.2.yaml",
        (13, 5),
        "责任部门（responsible）中“区城管局”重复出现",
    );
}

#[test]
fn a_former_and_the_current_name_in_one_list_are_the_same_department() {
    expect_error(
        "former-and-current-name",
        "1.2.yaml",
        (14, 5),
        "责任部门（responsible）中“区农业农村委”与“区农委”是同一部门（曾用名与现名），重复列出",
    );
}

#[test]
fn a_carry_over_link_out_of_the_plans_is_an_error() {
    expect_error(
        "link-escapes",
        "1.2.yaml",
        (17, 1),
        "结转链接 carried_over_to“../../../../etc/passwd”无效：不是任务文件（应为“编号.yaml”，如 1.1.yaml）；应为指向另一计划任务目录中任务文件的相对路径，如 ../../plan-2023/tasks/1.1.yaml",
    );
}

// ------------------------------------------------- status and evidence

#[test]
fn done_without_a_progress_note_is_an_error() {
    expect_error(
        "done-without-evidence",
        "1.2.yaml",
        (14, 1),
        "状态为“已完成”，但进展记录中没有完成依据：督查室凭依据销号，请追加一条写明完成情况的进展",
    );
}

#[test]
fn evidence_of_invisible_characters_is_an_empty_note() {
    expect_error(
        "evidence-only-invisible",
        "1.2.yaml",
        (19, 12),
        "2019-03-01 的进展说明（note）为空，或只有空白和不可见字符",
    );
}

#[test]
fn a_status_other_than_the_last_change_in_the_log_is_an_error() {
    expect_error(
        "status-contradicts-log",
        "1.2.yaml",
        (14, 1),
        "状态“滞后”与进展记录中最后一次状态变更不符（2019-03-01：未启动 → 推进中）",
    );
}

#[test]
fn a_progress_entry_with_neither_note_nor_status_is_an_error() {
    expect_error(
        "progress-without-note-or-status",
        "1.2.yaml",
        (17, 11),
        "2019-03-01 的进展记录既无说明（note）也无状态变更（status）",
    );
}

// ---------------------------------------------------------------- dates

#[test]
fn a_deadline_in_1900_is_an_error() {
    expect_error(
        "due-1900",
        "1.2.yaml",
        (15, 6),
        "due 的日期 1900-01-01 不合理：台账中的日期应在 1949 年至 2100 年之间",
    );
}

#[test]
fn progress_dated_0001_or_9999_is_an_error() {
    for (case, date) in [
        ("progress-dated-0001", "0001-01-01"),
        ("progress-dated-9999", "9999-12-31"),
    ] {
        expect_error(
            case,
            "1.2.yaml",
            (17, 11),
            &format!("progress.date 的日期 {date} 不合理：台账中的日期应在 1949 年至 2100 年之间"),
        );
    }
}

#[test]
fn progress_before_the_plan_was_issued_is_an_error() {
    expect_error(
        "progress-before-plan",
        "1.2.yaml",
        (17, 11),
        "progress.date 的日期 2018-03-01 早于计划印发日期 2018-08-17（plan.yaml 的 date）",
    );
}

// ------------------------------------------------ deadlines, extensions

#[test]
fn an_original_deadline_after_the_current_one_is_an_error() {
    expect_error(
        "original-due-after-due",
        "1.2.yaml",
        (16, 1),
        "原定完成时限 original_due: 2022-12-31 晚于现行完成时限 due: 2022-06-30：延期只会推后时限",
    );
}

#[test]
fn extensions_that_do_not_chain_are_an_error() {
    expect_error(
        "extensions-do-not-chain",
        "1.2.yaml",
        (23, 11),
        "延期记录不连贯：第 2 次延期的原时限 from 2023-03-31 应为上一次延期的新时限 2023-06-30",
    );
}

#[test]
fn a_deadline_moved_with_no_extension_is_an_error() {
    expect_error(
        "deadline-moved-without-extension",
        "1.2.yaml",
        (16, 1),
        "完成时限已由原定的 2022-12-31 改为 2023-06-30，但没有延期记录（extensions）：每次延期都须记明日期和理由",
    );
}

#[test]
fn an_extension_without_a_reason_is_an_error() {
    expect_error(
        "extension-without-reason",
        "1.2.yaml",
        (21, 14),
        "第 1 次延期没有写明理由（reason 为空）：每次延期都须说明理由",
    );
}

// --------------------------------------------------- registry and plan

#[test]
fn an_empty_registry_name_is_an_error_where_it_is() {
    expect_error(
        "registry-empty-name",
        "departments.yaml",
        (20, 12),
        "部门名称为空",
    );
}

#[test]
fn a_space_padded_registry_name_is_an_error() {
    expect_error(
        "registry-padded-name",
        "departments.yaml",
        (19, 12),
        "部门名称“区林业局 ”首尾有空格或不可见字符",
    );
}

#[test]
fn a_plan_period_that_ends_before_it_starts_is_an_error() {
    expect_error(
        "plan-period-reversed",
        "plan.yaml",
        (12, 3),
        "计划期限的起始年 2022 晚于结束年 2018",
    );
}

#[test]
fn a_heading_number_twice_in_the_plan_is_an_error() {
    expect_error(
        "plan-duplicate-heading",
        "plan.yaml",
        (36, 13),
        "篇章号 6 在 headings 中重复出现",
    );
}

#[test]
fn the_new_rules_speak_english_too() {
    let run = output(
        cooptrack(&fixture_dir("done-without-evidence"), &["validate"]).env("COOPTRACK_LANG", "en"),
    );
    assert!(
        run.stdout.contains(
            "1.2.yaml:14:1: error: the status is “Done”, but the progress log gives no evidence of completion: the supervision office closes tasks on evidence; add a progress note saying what was done\n"
        ),
        "{}",
        run.stdout
    );
    let run = output(
        cooptrack(&fixture_dir("former-and-current-name"), &["validate"])
            .env("COOPTRACK_LANG", "en"),
    );
    assert!(
        run.stdout.contains(
            "1.2.yaml:14:5: error: “区农业农村委” and “区农委” in responsible are one department (a former and the current name), listed twice\n"
        ),
        "{}",
        run.stdout
    );
}

// -------------------------------------------------------------- update

/// A copy of the valid base in a temporary directory.
fn scratch() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("tasks");
    fs::create_dir(&dir).unwrap();
    for entry in fs::read_dir(fixture_dir("valid")).unwrap() {
        let entry = entry.unwrap();
        fs::copy(entry.path(), dir.join(entry.file_name())).unwrap();
    }
    (tmp, dir)
}

/// `update` with `args` exits 2 with exactly `message` and changes nothing.
fn expect_update_refused(args: &[&str], message: &str) {
    let (_tmp, dir) = scratch();
    let before = fs::read(dir.join("1.1.yaml")).unwrap();
    let mut all = vec!["--as-of", "2020-06-30", "update", "1.1"];
    all.extend_from_slice(args);
    let run = output(&mut cooptrack(&dir, &all));
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (
            Some(2),
            "",
            format!("cooptrack: 错误：{message}\n").as_str()
        )
    );
    assert_eq!(fs::read(dir.join("1.1.yaml")).unwrap(), before);
}

/// `update 1.1 --note … --date <date>` as of 2020-06-30 is accepted and
/// writes an entry of that date.
fn expect_progress_accepted(date: &str) {
    let (_tmp, dir) = scratch();
    let args = [
        "--as-of",
        "2020-06-30",
        "update",
        "1.1",
        "--note",
        "开展联合巡查",
        "--date",
        date,
    ];
    let run = output(&mut cooptrack(&dir, &args));
    assert_eq!(run.code, Some(0), "{date}: {}", run.stderr);
    let text = fs::read_to_string(dir.join("1.1.yaml")).unwrap();
    assert!(text.contains(&format!("  - date: {date}\n")), "{text}");
}

#[test]
fn update_refuses_progress_dated_after_today_and_takes_today() {
    expect_update_refused(
        &["--note", "已完成联合巡查", "--date", "2030-01-01"],
        "进展日期 2030-01-01 晚于今天（2020-06-30）：不能报送尚未发生的进展（--as-of 可指定“今天”）",
    );
    expect_update_refused(
        &["--note", "已完成联合巡查", "--date", "2020-07-01"],
        "进展日期 2020-07-01 晚于今天（2020-06-30）：不能报送尚未发生的进展（--as-of 可指定“今天”）",
    );
    expect_progress_accepted("2020-06-30");
}

#[test]
fn update_refuses_progress_dated_before_the_plan_and_takes_its_date() {
    expect_update_refused(
        &["--note", "已完成联合巡查", "--date", "2018-01-01"],
        "进展日期 2018-01-01 早于计划印发日期 2018-08-17（plan.yaml 的 date）",
    );
    expect_progress_accepted("2018-08-17");
}

#[test]
fn update_refuses_a_deadline_before_the_plan() {
    expect_update_refused(
        &["--due", "0000-01-01", "--reason", "误填"],
        "新的完成时限 0000-01-01 早于计划印发日期 2018-08-17（plan.yaml 的 date）",
    );
}

#[test]
fn update_refuses_a_note_of_invisible_characters() {
    expect_update_refused(
        &["--status", "已完成", "--note", "\u{200B}\u{3000}"],
        "--note 不能为空",
    );
}

// ------------------------------------------------------ 20 000 names

fn department(i: usize) -> String {
    format!("区第{i}号跨区域协作部门")
}

/// A tasks directory whose one task leads with `NAMES / 2` departments
/// and lists as many others as responsible; the registry lists all of
/// them when `registered`.
fn long_lists(registered: bool) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("tasks");
    fs::create_dir(&dir).unwrap();
    let valid = fixture_dir("valid");
    fs::copy(valid.join("plan.yaml"), dir.join("plan.yaml")).unwrap();
    let mut registry = fs::read_to_string(valid.join("departments.yaml")).unwrap();
    if registered {
        for i in 0..NAMES {
            writeln!(registry, "  - name: {}", department(i)).unwrap();
        }
    }
    fs::write(dir.join("departments.yaml"), registry).unwrap();
    let task = fs::read_to_string(valid.join("1.1.yaml")).unwrap();
    let head = &task[..task.find("lead:\n").unwrap()];
    let mut text = format!("{head}lead:\n");
    for i in 0..NAMES / 2 {
        writeln!(text, "  - {}", department(i)).unwrap();
    }
    text.push_str("responsible:\n");
    for i in NAMES / 2..NAMES {
        writeln!(text, "  - {}", department(i)).unwrap();
    }
    text.push_str("status: 未启动\ndue: 2022-12-31\nprogress: []\n");
    fs::write(dir.join("1.1.yaml"), text).unwrap();
    (tmp, dir)
}

#[test]
fn twenty_thousand_registered_departments_validate_in_linear_time() {
    let (_tmp, dir) = long_lists(true);
    let run = output(&mut cooptrack(&dir, &["validate"]));
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (Some(0), "检查了 1 个任务文件：0 个错误，0 个警告\n")
    );
}

#[test]
fn twenty_thousand_unknown_departments_are_each_reported_in_linear_time() {
    let (_tmp, dir) = long_lists(false);
    let run = output(&mut cooptrack(&dir, &["validate"]));
    assert_eq!(run.code, Some(1));
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), NAMES + 1);
    let path = dir.join("1.1.yaml").display().to_string();
    // Each at its own line: the lead list starts on line 8, the
    // responsible list one line after it ends.
    assert_eq!(
        lines[0],
        format!(
            "{path}:8:5: 错误：部门“{}”不在部门名录中；请先在 departments.yaml 中登记",
            department(0)
        )
    );
    assert_eq!(
        lines[NAMES - 1],
        format!(
            "{path}:{}:5: 错误：部门“{}”不在部门名录中；请先在 departments.yaml 中登记",
            NAMES + 8,
            department(NAMES - 1)
        )
    );
    assert_eq!(
        lines[NAMES],
        format!("检查了 1 个任务文件：{NAMES} 个错误，0 个警告")
    );
}

/// A notice whose one task leads with `NAMES / 2` departments and lists
/// the next `NAMES / 2` as responsible, from `first` on.
fn notice(first: usize) -> String {
    let names =
        |range: std::ops::Range<usize>| range.map(department).collect::<Vec<_>>().join("、");
    let half = NAMES / 2;
    format!(
        "重庆市某某区人民政府关于下达压力测试行动计划(2018-2022年)工作任务的通知\n\
         区级有关部门:\n\
         二、主要工作任务\n\
         (一)推动生态环境联防联控联治\n\
         1.加强跨界河流联防联控联治。加强区域水体监测网络建设。(牵头部门:{},责任部门:{})\n\
         重庆市某某区人民政府\n2018年8月17日\n",
        names(first..first + half),
        names(first + half..first + NAMES)
    )
}

#[test]
fn a_notice_naming_twenty_thousand_departments_imports_and_reimports_in_linear_time() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("tasks");
    let source = tmp.path().join("notice.txt");
    fs::write(&source, notice(0)).unwrap();
    let source_arg = source.to_str().unwrap();
    let run = output(&mut cooptrack(&dir, &["import", source_arg]));
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stdout.ends_with(&format!("新部门 {NAMES} 个\n")),
        "{}",
        run.stdout
    );
    let run = output(&mut cooptrack(&dir, &["validate"]));
    assert_eq!(run.code, Some(0), "{}", run.stdout);

    // The notice revised: one name dropped from the front of each list,
    // one new one at the end of each.
    fs::write(&source, notice(1)).unwrap();
    let run = output(&mut cooptrack(&dir, &["import", source_arg]));
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stdout.ends_with("新部门 1 个\n"), "{}", run.stdout);
    let text = fs::read_to_string(dir.join("1.1.yaml")).unwrap();
    assert!(!text.contains(&format!("  - {}\n", department(0))));
    assert!(text.ends_with(&format!(
        "  - {}\nstatus: 未启动\ndue: 2022-12-31\nprogress: []\n",
        department(NAMES)
    )));
}

// ------------------------------------------------ 年度目标 and milestones

#[test]
fn a_year_with_two_targets_is_an_error_at_the_second() {
    expect_error(
        "target-twice",
        "1.1.yaml",
        (19, 11),
        "2020 年的年度目标出现了两次：每年只能有一个目标（targets）",
    );
}

#[test]
fn a_milestone_outside_its_year_is_an_error() {
    expect_error(
        "milestone-outside-year",
        "1.1.yaml",
        (20, 14),
        "时间节点 2021-03-31 不在其所属的 2020 年内",
    );
}

#[test]
fn a_milestone_after_the_deadline_is_an_error() {
    expect_error(
        "milestone-after-deadline",
        "1.1.yaml",
        (19, 13),
        "时间节点 2023-03-31 晚于任务的完成时限 2022-12-31",
    );
}

#[test]
fn an_entry_reporting_on_a_milestone_the_task_has_not_is_an_error() {
    expect_error(
        "milestone-unknown",
        "1.1.yaml",
        (21, 11),
        "2020-07-05 的进展记录报告了时间节点 2020-06-15，但任务的年度目标（targets）中没有该节点",
    );
}
