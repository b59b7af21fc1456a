//! The output language: `--lang`, COOPTRACK_LANG, else the locale. English
//! output translates what the tool says (headers, status labels, headings,
//! summaries, messages) and never the data: task texts, department names
//! and JSON stay as they are.

use std::path::{Path, PathBuf};

use crate::common::{bundled, cooptrack_in, stdout_of};
use assert_cmd::Command;
use predicates::prelude::*;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The bundled tasks in English.
fn english() -> Command {
    let mut cmd = cooptrack_in(&bundled());
    cmd.env("COOPTRACK_LANG", "en");
    cmd
}

/// The bundled tasks with no language asked for: the locale decides.
fn by_locale(lang: &str) -> Command {
    let mut cmd = cooptrack_in(&bundled());
    cmd.env_remove("COOPTRACK_LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", lang);
    cmd
}

fn is_chinese_listing(out: &str) -> bool {
    out.contains("牵头单位：") && out.contains("合计 24 项任务") && out.contains("未启动")
}

fn is_english_listing(out: &str) -> bool {
    out.contains("Lead: ") && out.contains("24 tasks in 15 lead groups") && !out.contains("未启动")
}

#[test]
fn list_in_english_has_english_headers_statuses_and_summary() {
    let out =
        stdout_of(cooptrack_in(&bundled()).args(["list", "--dept", "区环保局", "--lang", "en"]));
    let header = out
        .lines()
        .find(|l| l.contains("ID"))
        .expect("a header row");
    for column in ["ID", "Role", "Task", "Responsible", "Status", "Due"] {
        assert!(header.contains(column), "{column} missing from {header}");
    }
    assert!(
        out.contains("Lead: 区环保局 (now 区生态环境局) — 3 tasks"),
        "{out}"
    );
    assert!(out.contains("Lead: 区林业局 — 1 task\n"), "{out}");
    assert!(out.contains("Not started"), "{out}");
    assert!(
        out.contains("┆ Lead ") && out.contains("┆ Support "),
        "{out}"
    );
    assert!(
        out.ends_with("5 tasks in 3 lead groups; 区环保局: leads 3, supports 2\n"),
        "{out}"
    );
    // The data stays as written: titles and department names are Chinese.
    assert!(out.contains("加强跨界河流联防联控联治"), "{out}");
    for chinese in ["编号", "角色", "状态", "未启动", "牵头单位", "合计", "项"] {
        assert!(!out.contains(chinese), "{chinese} left in {out}");
    }
}

#[test]
fn validation_messages_in_english_keep_their_format() {
    let dir = fixture("validate/unknown-department");
    let output = cooptrack_in(&dir)
        .env("COOPTRACK_LANG", "en")
        .arg("validate")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let out = String::from_utf8(output.stdout).unwrap();
    let expected = format!(
        "{}:8:5: error: unknown department “区环宝局”; did you mean “区环保局”?\n\
         checked 3 task files: 1 error, 0 warnings\n",
        dir.join("1.2.yaml").display()
    );
    assert_eq!(out, expected);
}

#[test]
fn other_validation_messages_in_english() {
    let cases = [
        (
            "validate/unknown-field",
            "error: unknown field “staus”; did you mean “status”?",
        ),
        (
            "validate/missing-lead",
            "error: missing lead department (lead is empty): every task needs one",
        ),
        (
            "validate/impossible-date",
            "error: date “2022-02-30” does not exist (in due)",
        ),
        ("validate/empty-file", "error: the file is empty"),
    ];
    for (name, message) in cases {
        cooptrack_in(&fixture(name))
            .env("COOPTRACK_LANG", "en")
            .arg("validate")
            .assert()
            .code(1)
            .stdout(predicate::str::contains(message));
    }
}

#[test]
fn an_error_in_english_has_the_english_prefix_and_the_suggestion() {
    english()
        .args(["list", "--dept", "区环宝局"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            "cooptrack: error: unknown department “区环宝局”; did you mean “区环保局”? \
             (cooptrack depts lists them all)\n",
        );
    // The same error in Chinese, unchanged.
    cooptrack_in(&bundled())
        .args(["list", "--dept", "区环宝局"])
        .assert()
        .code(2)
        .stderr(
            "cooptrack: 错误：未知部门“区环宝局”，是否应为“区环保局”？（cooptrack depts 列出全部部门）\n",
        );
}

#[test]
fn a_bad_status_on_the_command_line_is_explained_in_english() {
    english()
        .args(["list", "--status", "完成了"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "invalid status “完成了”; use one of: not_started (未启动), in_progress (推进中)",
        ));
}

#[test]
fn report_markdown_in_english_has_english_sections() {
    let out = stdout_of(cooptrack_in(&fixture("report/ledger")).args([
        "report",
        "--as-of",
        "2019-06-30",
        "--format",
        "markdown",
        "--lang",
        "en",
    ]));
    for heading in [
        "# Supervision report\n",
        "\n## 1. Overview\n",
        "\n## 2. By lead department\n",
        "\n## 3. Notices: tasks overdue, delayed, due soon or without progress\n",
        "\n## 4. Progress this period: 2019 Q2 (2019-04-01 to 2019-06-30, 5 entries)\n",
        "\n## 5. Task ledger\n",
        "\n| No. | ID | Task | Lead | Responsible | Due | Progress | Problems | Next steps | Supporting units' progress | Status | Alert |\n",
        "\nAlert rule: ",
    ] {
        assert!(out.contains(heading), "{heading:?} missing from {out}");
    }
    assert!(out.contains("| Not started → In progress |"), "{out}");
    for chinese in [
        "督查报告",
        "总体情况",
        "任务台账",
        "预警规则",
        "未启动",
        "推进中",
    ] {
        assert!(!out.contains(chinese), "{chinese} left in {out}");
    }
}

#[test]
fn html_report_declares_its_language() {
    let html = |lang: &str| {
        stdout_of(
            cooptrack_in(&fixture("report/ledger"))
                .env("COOPTRACK_LANG", lang)
                .args(["report", "--as-of", "2023-01-01", "--format", "html"]),
        )
    };
    assert!(html("en").contains("<html lang=\"en\">"));
    assert!(html("zh").contains("<html lang=\"zh-CN\">"));
}

#[test]
fn xlsx_sheets_and_headers_in_english() {
    use calamine::{open_workbook_auto, Reader};

    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("ledger.xlsx");
    cooptrack_in(&fixture("report/ledger"))
        .env("COOPTRACK_LANG", "en")
        .args(["report", "--as-of", "2023-01-01", "--format", "xlsx", "-o"])
        .arg(&path)
        .assert()
        .success()
        .stdout(predicate::str::starts_with("wrote "));
    let mut book = open_workbook_auto(&path).unwrap();
    assert_eq!(book.sheet_names()[..3], ["Summary", "Ledger", "Progress"]);
    let ledger = book.worksheet_range("Ledger").unwrap();
    let header: Vec<String> = ledger
        .rows()
        .nth(2)
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(header[..3], ["No.", "ID", "Task"]);
    let summary = book.worksheet_range("Summary").unwrap();
    let last: Vec<String> = summary
        .rows()
        .next_back()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(last[0], "All tasks (each counted once)");
}

#[test]
fn the_default_follows_the_locale() {
    assert!(is_chinese_listing(&stdout_of(
        by_locale("zh_CN.UTF-8").arg("list")
    )));
    assert!(is_english_listing(&stdout_of(by_locale("C").arg("list"))));
    assert!(is_english_listing(&stdout_of(
        by_locale("en_US.UTF-8").arg("list")
    )));
}

#[test]
fn the_flag_beats_the_environment() {
    // bare() sets COOPTRACK_LANG=zh.
    let out = stdout_of(cooptrack_in(&bundled()).args(["--lang", "en", "list"]));
    assert!(is_english_listing(&out), "{out}");
    let out = stdout_of(english().args(["list", "--lang=zh"]));
    assert!(is_chinese_listing(&out), "{out}");
    // And COOPTRACK_LANG beats the locale.
    let out = stdout_of(
        by_locale("zh_CN.UTF-8")
            .env("COOPTRACK_LANG", "en")
            .arg("list"),
    );
    assert!(is_english_listing(&out), "{out}");
}

/// Runs `args` in both languages and returns (zh, en) standard output.
fn both(dir: &Path, args: &[&str]) -> (String, String) {
    let run = |lang: &str| stdout_of(cooptrack_in(dir).env("COOPTRACK_LANG", lang).args(args));
    (run("zh"), run("en"))
}

#[test]
fn json_is_the_same_in_both_languages() {
    let ledger = fixture("report/ledger");
    let cases: [(&Path, &[&str]); 7] = [
        (&bundled(), &["list", "--format", "json"]),
        (
            &bundled(),
            &["list", "--format", "json", "--dept", "区环保局"],
        ),
        (&bundled(), &["show", "5.2", "--format", "json"]),
        (&bundled(), &["depts", "--format", "json"]),
        (
            &ledger,
            &["report", "--as-of", "2019-06-30", "--format", "json"],
        ),
        (&bundled(), &["validate", "--format", "json"]),
        (&ledger, &["log", "1.4", "--format", "json"]),
    ];
    for (dir, args) in cases {
        let (zh, en) = both(dir, args);
        assert_eq!(zh, en, "{args:?}");
    }
    // The status in JSON is the Chinese label, as in the files.
    let (zh, _) = both(&bundled(), &["list", "--format", "json"]);
    assert!(zh.contains("\"status\": \"未启动\""));
}

#[test]
fn csv_translates_only_its_header_row() {
    let (zh, en) = both(
        &bundled(),
        &["list", "--format", "csv", "--bom", "--dept", "区环保局"],
    );
    let (zh_header, zh_rows) = zh.split_once('\n').unwrap();
    let (en_header, en_rows) = en.split_once('\n').unwrap();
    assert_eq!(zh_rows, en_rows, "the cells are data");
    assert!(zh_header.contains("编号,篇章,篇章标题,任务"), "{zh_header}");
    assert_eq!(
        en_header,
        "\u{feff}ID,Section,Heading,Task,Lead,Responsible,Status,Due,Latest progress,Role"
    );
}

/// A Chinese character: a CJK ideograph, or CJK or full-width punctuation
/// (、。：；（）「」〔〕…).
fn is_chinese(c: char) -> bool {
    matches!(
        c,
        '\u{3000}'..='\u{303f}'
            | '\u{3400}'..='\u{4dbf}'
            | '\u{4e00}'..='\u{9fff}'
            | '\u{f900}'..='\u{faff}'
            | '\u{ff00}'..='\u{ffef}'
    )
}

/// What English help may quote in Chinese, as it is typed: department
/// names (`--dept 区发改委`, and the renamed 区环保局 of `--names`), the
/// section numerals (`--section 一–七`) and a document number
/// (`--number 潼督〔2020〕5号`). Nothing else.
const QUOTED_IN_ENGLISH_HELP: [&str; 5] = [
    "区发改委",
    "区环保局",
    "区生态环境局",
    "一–七",
    "潼督〔2020〕5号",
];

/// The lines of `help` with Chinese in them, once the allowed quotes are
/// taken out.
fn chinese_lines(help: &str) -> Vec<String> {
    help.lines()
        .filter(|line| {
            let mut rest = (*line).to_string();
            for quoted in QUOTED_IN_ENGLISH_HELP {
                rest = rest.replace(quoted, "");
            }
            rest.chars().any(is_chinese)
        })
        .map(str::to_string)
        .collect()
}

/// Every subcommand, hidden ones included, as the clap definition has them.
fn subcommands() -> Vec<String> {
    use clap::CommandFactory;
    let names: Vec<String> = cooptrack::cli::Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    for expected in ["list", "report", "merge-driver", "man"] {
        assert!(names.iter().any(|n| n == expected), "{names:?}");
    }
    names
}

/// `cooptrack [args] --help` in English, asked for by `--lang en` (with
/// COOPTRACK_LANG=zh, which the flag overrides) or by COOPTRACK_LANG=en
/// (in a Chinese locale, which the variable overrides).
fn english_help(args: &[&str], by_flag: bool) -> String {
    let mut cmd = cooptrack_in(&bundled());
    if by_flag {
        cmd.env("COOPTRACK_LANG", "zh").args(["--lang", "en"]);
    } else {
        cmd.env("COOPTRACK_LANG", "en").env("LANG", "zh_CN.UTF-8");
    }
    let output = cmd.args(args).arg("--help").output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{args:?}: {output:?}");
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn english_help_has_no_chinese_but_the_quoted_names_and_examples() {
    let mut commands: Vec<Vec<&str>> = vec![vec![]];
    let names = subcommands();
    commands.extend(names.iter().map(|name| vec![name.as_str()]));
    for args in commands {
        for by_flag in [true, false] {
            let help = english_help(&args, by_flag);
            assert!(help.contains("Usage: cooptrack"), "{args:?}: {help}");
            let chinese = chinese_lines(&help);
            assert!(
                chinese.is_empty(),
                "cooptrack {args:?} --help in English (by flag: {by_flag}) has Chinese:\n{}",
                chinese.join("\n")
            );
        }
    }
}

#[test]
fn english_help_has_english_texts_for_commands_and_options() {
    let top = english_help(&[], true);
    assert!(
        top.contains("  list         List the tasks, grouped by lead department\n"),
        "{top}"
    );
    assert!(
        top.contains("Output language: zh Chinese, en English"),
        "{top}"
    );
    let list = english_help(&["list"], false);
    assert!(
        list.contains("Only the tasks this department leads or supports (current, former or short name, such as 区发改委)"),
        "{list}"
    );
    // The possible values' own texts are English too.
    let schema = english_help(&["schema"], true);
    assert!(schema.contains("A task file, tasks/<ID>.yaml"), "{schema}");
}

#[test]
fn chinese_help_keeps_the_chinese_texts_and_clap_speaks_chinese_too() {
    let output = cooptrack_in(&bundled())
        .env("COOPTRACK_LANG", "zh")
        .arg("--help")
        .output()
        .unwrap();
    let top = String::from_utf8(output.stdout).unwrap();
    assert!(
        top.starts_with("cooptrack 管理以 YAML 文件保存在 git 中的任务台账"),
        "{top}"
    );
    assert!(
        top.contains("  list         按牵头部门分组列出任务\n"),
        "{top}"
    );
    assert!(
        top.contains("  help         显示本帮助，或给定子命令的帮助\n"),
        "{top}"
    );
    for name in subcommands() {
        let output = cooptrack_in(&bundled())
            .env("COOPTRACK_LANG", "zh")
            .args([name.as_str(), "--help"])
            .output()
            .unwrap();
        let help = String::from_utf8(output.stdout).unwrap();
        assert!(help.contains("用法：cooptrack"), "{name}: {help}");
        for english in ["Usage", "Options", "Print help", "Possible values"] {
            assert!(!help.contains(english), "{name}: {english} in {help}");
        }
        // The command's about is Chinese.
        let about = help.lines().next().unwrap_or_default();
        assert!(about.chars().any(is_chinese), "{name}: {help}");
    }
}
