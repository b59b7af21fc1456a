//! Hostile values, and output that other programs misread. A task file can
//! hold any character a YAML escape can write: `"\e]0;PWNED\a"` in a title
//! retitles a terminal, `\e[2K\r` in a department name rubs out a line and
//! prints a forged one, a newline splits a one-line diagnostic. So every
//! text output (tables, messages, errors, diagnostics, Markdown, HTML) shows
//! control characters as escapes (`\u{1b}`, `\n`), while JSON, YAML and CSV
//! keep the exact value. Then what other programs make of our files and
//! exports: YAML 1.1 readers (PyYAML) and `yes`, `on`, `<<`; spreadsheets
//! and `=1+2`; and `report -o` aimed at a task file.
//!
//! The hostile files are made at test time from the valid base of
//! `tests/fixtures/validate/valid/` (one value changed), in a temporary
//! directory; commands run there with `--dir tasks`, so paths print as
//! `tasks/1.1.yaml`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use tempfile::TempDir;

use crate::common::bare;

/// The brief's title: retitles the terminal, then turns what follows red.
const PWNED_TITLE: &str = r#""\e]0;PWNED\a\e[31m加强跨界河流联防联控联治""#;

/// The same, as the escapes a terminal is shown instead.
const PWNED_SHOWN: &str = r"\u{1b}]0;PWNED\u{7}\u{1b}[31m加强跨界河流联防联控联治";

/// Every kind of control character: C0 (bell, newline, carriage return,
/// tab), DEL, C1 (CSI), a bidi override and an isolate.
const EVERY_KIND: &str = r#""甲\a乙\n丙\r丁\t戊\x7f己\u009b[2J庚\u202e辛\u2066壬""#;

const EVERY_KIND_VALUE: &str = "甲\x07乙\n丙\r丁\t戊\x7f己\u{9b}[2J庚\u{202e}辛\u{2066}壬";

/// A copy of the valid base in `<tmp>/tasks`.
struct Scratch {
    tmp: TempDir,
}

impl Scratch {
    fn new() -> Scratch {
        let tmp = tempfile::tempdir().unwrap();
        let tasks = tmp.path().join("tasks");
        fs::create_dir(&tasks).unwrap();
        let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/validate/valid");
        for entry in fs::read_dir(base).unwrap() {
            let entry = entry.unwrap();
            fs::copy(entry.path(), tasks.join(entry.file_name())).unwrap();
        }
        Scratch { tmp }
    }

    fn root(&self) -> &Path {
        self.tmp.path()
    }

    fn tasks(&self) -> PathBuf {
        self.root().join("tasks")
    }

    fn read(&self, file: &str) -> String {
        fs::read_to_string(self.tasks().join(file)).unwrap()
    }

    /// Replaces the line `from` of `tasks/<file>` with `to`.
    fn set(&self, file: &str, from: &str, to: &str) {
        let text = self.read(file);
        let from = format!("\n{from}\n");
        assert!(text.contains(&from), "{file} has no line {from:?}");
        let text = text.replacen(&from, &format!("\n{to}\n"), 1);
        fs::write(self.tasks().join(file), text).unwrap();
    }

    /// Sets the top-level `key` of `tasks/<file>` to `value` (YAML).
    fn set_field(&self, file: &str, key: &str, value: &str) {
        let prefix = format!("{key}: ");
        let current = self
            .read(file)
            .lines()
            .find(|l| l.starts_with(&prefix))
            .unwrap()
            .to_string();
        self.set(file, &current, &format!("{prefix}{value}"));
    }

    fn set_title(&self, file: &str, title: &str) {
        self.set_field(file, "title", title);
    }

    /// `cooptrack --dir tasks`, run in the scratch directory: Chinese, no
    /// colour, 200 columns.
    fn cmd(&self) -> Command {
        let mut cmd = bare();
        cmd.env("COLUMNS", "200")
            .current_dir(self.root())
            .args(["--dir", "tasks"]);
        cmd
    }

    fn run(&self, args: &[&str]) -> Output {
        self.cmd().args(args).output().unwrap()
    }

    /// Every file in the tasks directory with its bytes.
    fn snapshot(&self) -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<(String, Vec<u8>)> = fs::read_dir(self.tasks())
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                let bytes = fs::read(e.path()).unwrap_or_default();
                (e.file_name().to_string_lossy().into_owned(), bytes)
            })
            .collect();
        files.sort();
        files
    }
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// Succeeded, with nothing on stderr; its stdout.
fn success(output: &Output) -> String {
    assert!(output.status.success(), "failed: {}", stderr(output));
    assert_eq!(stderr(output), "");
    stdout(output)
}

/// No character a terminal would act on, but the line breaks.
fn assert_no_controls(text: &str) {
    let bad: Vec<char> = text
        .chars()
        .filter(|&c| {
            matches!(c, '\0'..='\x09' | '\x0b'..='\x1f' | '\x7f'..='\u{9f}')
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
        .collect();
    assert!(bad.is_empty(), "control characters {bad:?} in\n{text}");
}

// ------------------------------------------------------------ terminal

#[test]
fn list_shows_a_title_that_would_retitle_the_terminal_as_escapes() {
    let s = Scratch::new();
    s.set_title("1.1.yaml", PWNED_TITLE);
    let out = success(&s.run(&["list", "--section", "1"]));
    assert_eq!(
        out,
        format!(
            "\
牵头单位：区环保局（现名：区生态环境局）　2 项
┌──────┬───────────────────────────────────────────────────────┬────────────────────────────────────────────────┬────────┬────────────┐
│ 编号 ┆ 任务                                                  ┆ 责任单位                                       ┆ 状态   ┆ 完成时限   │
╞══════╪═══════════════════════════════════════════════════════╪════════════════════════════════════════════════╪════════╪════════════╡
│ 1.1  ┆ {PWNED_SHOWN} ┆ 区农委、区水务局、区经济信息委、区高新区管委会 ┆ 未启动 ┆ 2022-12-31 │
│ 1.2  ┆ 加强大气污染联防联控联治                              ┆ 区经济信息委、区城管局、区农委、潼南气象局     ┆ 未启动 ┆ 2022-12-31 │
└──────┴───────────────────────────────────────────────────────┴────────────────────────────────────────────────┴────────┴────────────┘

合计 2 项任务，1 个牵头单位分组
"
        )
    );
}

#[test]
fn our_colours_still_work_theirs_do_not() {
    let s = Scratch::new();
    s.set_title("1.1.yaml", PWNED_TITLE);
    let mut coloured = s.cmd();
    coloured
        .env_remove("NO_COLOR")
        .args(["list", "--section", "1", "--color", "always"]);
    let out = success(&coloured.output().unwrap());
    assert!(out.starts_with("\x1b[1m牵头单位：区环保局"), "{out}");
    assert!(out.contains(PWNED_SHOWN), "{out}");
    // Every escape sequence left is one of ours: SGR, `ESC [ digits ; m`.
    for (at, _) in out.match_indices('\x1b') {
        let sequence: String = out[at + 1..]
            .chars()
            .take_while(|c| !c.is_ascii_alphabetic())
            .collect();
        let end = out[at + 1 + sequence.len()..].chars().next();
        assert!(
            sequence.starts_with('[')
                && sequence[1..]
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == ';')
                && end == Some('m'),
            "not a colour: {:?}",
            &out[at..(at + 12).min(out.len())]
        );
    }
    let plain = success(&s.run(&["list", "--section", "1"]));
    assert_eq!(strip_sgr(&out), plain);
}

/// `out` without its SGR sequences.
fn strip_sgr(out: &str) -> String {
    let mut plain = String::new();
    let mut chars = out.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            chars.by_ref().find(|c| *c == 'm');
        } else {
            plain.push(c);
        }
    }
    plain
}

#[test]
fn show_escapes_every_kind_of_control_and_json_and_yaml_stay_exact() {
    let s = Scratch::new();
    s.set_title("1.1.yaml", EVERY_KIND);
    s.set_field("1.1.yaml", "text", "短文。");
    let out = success(&s.run(&["show", "1.1"]));
    assert_eq!(
        out,
        format!(
            "\
┌──────────┬──────────────────────────────────────────────────────────────────────┐
│ 项目     ┆ 内容                                                                 │
╞══════════╪══════════════════════════════════════════════════════════════════════╡
│ 编号     ┆ 1.1                                                                  │
│ 篇章     ┆ 1 推动生态环境联防联控联治                                           │
│ 序号     ┆ 1                                                                    │
│ 任务     ┆ 甲\\u{{7}}乙                                                            │
│          ┆ 丙\\r丁\\t戊\\u{{7f}}己\\u{{9b}}[2J庚\\u{{202e}}辛\\u{{2066}}壬                    │
│ 内容     ┆ 短文。                                                               │
│ 牵头部门 ┆ 区环保局（现名：区生态环境局）                                       │
│ 责任部门 ┆ 区农委（现名：区农业农村委）、区水务局、区经济信息委、区高新区管委会 │
│ 状态     ┆ 未启动                                                               │
│ 完成时限 ┆ 2022-12-31                                                           │
│ 文件     ┆ tasks/1.1.yaml                                                       │
└──────────┴──────────────────────────────────────────────────────────────────────┘
进展：暂无记录
"
        )
    );
    // The file exactly, and the exact value in JSON (escaped as JSON does).
    let yaml = success(&s.run(&["show", "1.1", "--format", "yaml"]));
    assert_eq!(yaml, s.read("1.1.yaml"));
    let json: serde_json::Value =
        serde_json::from_str(&success(&s.run(&["show", "1.1", "--format", "json"]))).unwrap();
    assert_eq!(json["title"], EVERY_KIND_VALUE);
}

/// The valid base with two responsible departments that try to break the
/// one-line-per-problem promise: one rubs out its line and prints a forged
/// diagnostic, the other holds a newline.
fn forging_departments() -> Scratch {
    let s = Scratch::new();
    s.set(
        "1.1.yaml",
        "  - 区水务局",
        r#"  - "区水务局\e[2K\rtasks/1.2.yaml:1:1: 错误：伪造""#,
    );
    s.set(
        "1.1.yaml",
        "  - 区高新区管委会",
        r#"  - "区高新区\n管委会""#,
    );
    s
}

#[test]
fn validate_prints_one_line_per_problem_whatever_the_value() {
    let s = forging_departments();
    let output = s.run(&["validate"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stdout(&output),
        r"tasks/1.1.yaml:11:6: 错误：部门“区水务局\u{1b}[2K\rtasks/1.2.yaml:1:1: 错误：伪造”不在部门名录中，是否应为“区水务局”？
tasks/1.1.yaml:13:6: 错误：部门“区高新区\n管委会”不在部门名录中，是否应为“区高新区管委会”？
检查了 3 个任务文件：2 个错误，0 个警告
"
    );
    // GitHub's own escapes for line breaks; the rest shown, not sent.
    let output = s.run(&["validate", "--format", "github"]);
    assert_eq!(
        stdout(&output),
        r"::error file=tasks/1.1.yaml,line=11,col=6::部门“区水务局\u{1b}[2K%0Dtasks/1.2.yaml:1:1: 错误：伪造”不在部门名录中，是否应为“区水务局”？
::error file=tasks/1.1.yaml,line=13,col=6::部门“区高新区%0A管委会”不在部门名录中，是否应为“区高新区管委会”？
检查了 3 个任务文件：2 个错误，0 个警告
"
    );
    // JSON keeps the exact message.
    let output = s.run(&["validate", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(
        json["diagnostics"][0]["message"],
        "部门“区水务局\x1b[2K\rtasks/1.2.yaml:1:1: 错误：伪造”不在部门名录中，是否应为“区水务局”？"
    );
}

#[test]
fn a_diagnostic_and_the_error_line_on_stderr_are_one_line_each() {
    let s = Scratch::new();
    let text = s.read("1.2.yaml") + "\"ti\\e[2K\\rtle\": x\n";
    fs::write(s.tasks().join("1.2.yaml"), text).unwrap();
    let output = s.run(&["list"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stdout(&output), "");
    assert_eq!(
        stderr(&output),
        r"tasks/1.2.yaml:17:1: 错误：未知字段“ti\u{1b}[2K\rtle”；可用字段：id、section、heading、number、numbered_as、title、text、lead、lead_label、lead_provisional、lead_note、responsible、status、due、original_due、extensions、added、targets、progress、carried_over_to、carried_over_from
cooptrack: 错误：1 个文件无法读取，结果会不完整；请先修正（运行 cooptrack validate 查看全部问题）
"
    );
}

#[test]
fn an_error_quoting_a_registry_name_is_one_safe_line() {
    let s = Scratch::new();
    s.set(
        "departments.yaml",
        "  - name: 区水务局",
        r#"  - name: "\e]0;PWNED\a区水务局""#,
    );
    let output = s.run(&["list", "--dept", "区水务局"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "cooptrack: 错误：未知部门“区水务局”，是否应为“\\u{1b}]0;PWNED\\u{7}区水务局”？（cooptrack depts 列出全部部门）\n"
    );
    // The department table shows the name escaped too.
    let output = s.run(&["depts"]);
    let out = stdout(&output);
    assert_no_controls(&out);
    assert!(
        out.lines().any(|l| l
            == r"│ \u{1b}]0;PWNED\u{7}区水务局 ┆              ┆ 0    ┆ 0    ┆ 0      ┆ 0      ┆ 0      ┆ 0    ┆ 0      │"),
        "{out}"
    );
}

#[test]
fn update_and_add_confirm_in_one_line_and_write_the_exact_value() {
    let s = Scratch::new();
    let note = "完成\x1b[31m\n伪造行";
    let output = s.run(&["update", "1.1", "--note", note, "--date", "2019-03-31"]);
    assert_eq!(
        success(&output),
        "已更新 tasks/1.1.yaml：\n  进展 2019-03-31 区环保局：完成\\u{1b}[31m\\n伪造行\n"
    );
    assert!(
        s.read("1.1.yaml").ends_with(
            "progress:\n  - date: 2019-03-31\n    by: 区环保局\n    note: \"完成\\u001b[31m\\n伪造行\"\n"
        ),
        "{}",
        s.read("1.1.yaml")
    );
    let log = success(&s.run(&["log", "1.1"]));
    assert_eq!(
        log,
        r"1.1 加强跨界河流联防联控联治 的历史
（不在 git 仓库中：只显示任务文件中的进展与延期记录）
┌────────────┬──────┬─────────────────┬────────────────┐
│ 日期       ┆ 类别 ┆ 提交人/报送单位 ┆ 内容           │
╞════════════╪══════╪═════════════════╪════════════════╡
│ 2019-03-31 ┆ 进展 ┆ 区环保局        ┆ 完成\u{1b}[31m │
│            ┆      ┆                 ┆ 伪造行         │
└────────────┴──────┴─────────────────┴────────────────┘
"
    );
    let title = "\x1b]0;PWNED\x07新任务";
    let output = s.run(&[
        "add",
        "--section",
        "1",
        "--title",
        title,
        "--lead",
        "区环保局",
        "--due",
        "2023-12-31",
    ]);
    assert_eq!(
        success(&output),
        "已新增 tasks/1.3.yaml：1.3 \\u{1b}]0;PWNED\\u{7}新任务\n"
    );
    assert!(s
        .read("1.3.yaml")
        .contains("\ntitle: \"\\u001b]0;PWNED\\u0007新任务\"\n"));
}

#[test]
fn report_table_markdown_and_html_escape_and_json_stays_exact() {
    let s = Scratch::new();
    s.set_title("1.1.yaml", EVERY_KIND);
    let report =
        |format: &str| success(&s.run(&["report", "--as-of", "2019-06-30", "--format", format]));
    // The full layout (which a wide terminal takes where it is no longer
    // than the narrow one): the whole title in its cell.
    let table = success(&s.run(&["report", "--as-of", "2019-06-30", "--wide"]));
    assert_no_controls(&table);
    // The typed line break is a line break of the cell; every other
    // control is shown escaped.
    let lines: Vec<&str> = table.lines().collect();
    assert!(lines.windows(2).any(|w| w == [
        r"│ 区生态环境局 ┆ 1.1      ┆ 甲\u{7}乙                                         ┆ 2022-12-31 ┆ 未启动 ┆ 317 天未报送进展 │",
        r"│              ┆          ┆ 丙\r丁\t戊\u{7f}己\u{9b}[2J庚\u{202e}辛\u{2066}壬 ┆            ┆        ┆                  │",
    ]),
        "{table}");
    let markdown = report("markdown");
    assert_no_controls(&markdown);
    assert!(markdown.lines().any(|l| l
        == r"| 区生态环境局 | 1.1 | 甲\u{7}乙<br>丙<br>丁\t戊\u{7f}己\u{9b}[2J庚\u{202e}辛\u{2066}壬 | 2022-12-31 | 未启动 | 317 天未报送进展 |"),
        "{markdown}");
    let html = crate::report::plain(&report("html"));
    assert_no_controls(&html);
    assert!(html.lines().any(|l| l
        == r#"<tr><td>区生态环境局</td><td>1.1</td><td>甲\u{7}乙<br>丙\r丁\t戊\u{7f}己\u{9b}[2J庚\u{202e}辛\u{2066}壬</td><td>2022-12-31</td><td>未启动</td><td class="yellow">317 天未报送进展</td></tr>"#),
        "{html}");
    let json: serde_json::Value = serde_json::from_str(&report("json")).unwrap();
    assert_eq!(json["tasks"][0]["title"], EVERY_KIND_VALUE);
}

#[test]
fn list_markdown_escapes_controls() {
    let s = Scratch::new();
    s.set_title("1.1.yaml", PWNED_TITLE);
    let out = success(&s.run(&["list", "--section", "1", "--format", "markdown"]));
    assert_eq!(
        out,
        format!(
            "\
### 牵头单位：区环保局（现名：区生态环境局）　2 项

| 编号 | 任务 | 责任单位 | 状态 | 完成时限 |
|---|---|---|---|---|
| 1.1 | {PWNED_SHOWN} | 区农委、区水务局、区经济信息委、区高新区管委会 | 未启动 | 2022-12-31 |
| 1.2 | 加强大气污染联防联控联治 | 区经济信息委、区城管局、区农委、潼南气象局 | 未启动 | 2022-12-31 |

合计 2 项任务，1 个牵头单位分组
"
        )
    );
}

// ------------------------------------------------------------ spreadsheets

/// The valid base plus a task per title, 1.3 onwards.
fn with_titles(titles: &[&str]) -> Scratch {
    let s = Scratch::new();
    let base = s.read("1.1.yaml");
    for (i, title) in titles.iter().enumerate() {
        let n = i + 3;
        let text = base
            .replace("id: \"1.1\"", &format!("id: \"1.{n}\""))
            .replace("\nnumber: 1\n", &format!("\nnumber: {n}\n"))
            .replace(
                "\ntitle: 加强跨界河流联防联控联治\n",
                &format!("\ntitle: {title}\n"),
            );
        fs::write(s.tasks().join(format!("1.{n}.yaml")), text).unwrap();
    }
    s
}

/// Titles a spreadsheet would run as formulas, and one with a line break.
const FORMULA_TITLES: &[&str] = &[
    r#""=1+2""#,
    r#""+1""#,
    r#""-1""#,
    r#""@SUM(A1)""#,
    r#""\tx""#,
    r#""\rx""#,
    r#""甲\n乙""#,
];

#[test]
fn csv_cells_that_would_start_a_formula_get_a_quote() {
    let s = with_titles(FORMULA_TITLES);
    let out = success(&s.run(&["list", "--section", "1", "--format", "csv", "--bom"]));
    let row = |id: &str, title: &str| {
        format!("{id},1,推动生态环境联防联控联治,{title},区环保局,区农委、区水务局、区经济信息委、区高新区管委会,未启动,2022-12-31,\n")
    };
    let expected = [
        "\u{feff}编号,篇章,篇章标题,任务,牵头单位,责任单位,状态,完成时限,最新进展\n".to_string(),
        row("1.1", "加强跨界河流联防联控联治"),
        "1.2,1,推动生态环境联防联控联治,加强大气污染联防联控联治,区环保局,区经济信息委、区城管局、区农委、潼南气象局,未启动,2022-12-31,\n".to_string(),
        row("1.3", "'=1+2"),
        row("1.4", "'+1"),
        row("1.5", "'-1"),
        row("1.6", "'@SUM(A1)"),
        row("1.7", "'\tx"),
        // A carriage return or a line break is quoted by the csv crate.
        row("1.8", "\"'\rx\""),
        row("1.9", "\"甲\n乙\""),
    ]
    .concat();
    assert_eq!(out, expected);
}

#[test]
fn a_department_named_like_a_formula_gets_a_quote_in_csv() {
    let s = Scratch::new();
    s.set(
        "departments.yaml",
        "  - name: 区文化委",
        r#"  - name: "=HYPERLINK(\"http://example.com\",\"点我\")""#,
    );
    let out = success(&s.run(&["depts", "--format", "csv"]));
    assert!(
        out.lines()
            .any(|l| l == r#""'=HYPERLINK(""http://example.com"",""点我"")",,0,0,0,0,0,0,0"#),
        "{out}"
    );
}

#[test]
fn xlsx_text_cells_that_would_start_a_formula_get_a_quote() {
    use calamine::{open_workbook_auto, Data, Reader};
    let s = with_titles(&[r#""=1+2""#, r#""@SUM(A1)""#]);
    let path = s.root().join("台账.xlsx");
    let output = s
        .cmd()
        .args(["report", "--as-of", "2019-06-30", "--format", "xlsx", "-o"])
        .arg(&path)
        .output()
        .unwrap();
    success(&output);
    let mut book = open_workbook_auto(&path).unwrap();
    let ledger = book.worksheet_range("台账").unwrap();
    // Under the title, the as-of line and the header.
    let titles: Vec<Data> = (3..=7)
        .map(|row| ledger.get((row, 2)).unwrap().clone())
        .collect();
    assert_eq!(
        titles,
        [
            Data::String("加强跨界河流联防联控联治".into()),
            Data::String("加强大气污染联防联控联治".into()),
            Data::String("'=1+2".into()),
            Data::String("'@SUM(A1)".into()),
            Data::String("推动教育卫生服务共享".into()),
        ]
    );
    // The numbers stay numbers.
    assert_eq!(ledger.get((5, 0)), Some(&Data::Float(3.0)));
    let dept = book.worksheet_range("区生态环境局").unwrap();
    assert_eq!(dept.get((5, 1)), Some(&Data::String("'=1+2".into())));
}

// ------------------------------------------------------------ YAML 1.1

/// Notes that a YAML 1.1 reader would take for booleans, nulls, numbers,
/// dates, a merge key or a value key if they were written plain.
const YAML11_NOTES: &[&str] = &[
    "yes",
    "No",
    "ON",
    "off",
    "y",
    "N",
    "true",
    "~",
    "null",
    "<<",
    "=",
    "0x1F",
    "0o17",
    "017",
    "1_000",
    "1:20",
    "1.5",
    ".inf",
    "-.NaN",
    "1e5",
    "2022-12-31",
];

#[test]
fn notes_and_reasons_a_yaml_1_1_reader_would_retype_are_quoted() {
    let s = Scratch::new();
    for note in YAML11_NOTES {
        // `--note=-.NaN`: a value that starts with `-` is not a flag.
        let note = format!("--note={note}");
        let output = s.run(&["update", "1.1", &note, "--date", "2019-03-31"]);
        success(&output);
    }
    for (reason, due, today) in [
        ("on", "2023-06-30", "2022-11-01"),
        ("<<", "2023-12-31", "2023-06-01"),
    ] {
        let output = s.run(&[
            "--as-of", today, "update", "1.1", "--due", due, "--reason", reason,
        ]);
        success(&output);
    }
    let text = s.read("1.1.yaml");
    let mut expected = String::from(
        "status: 未启动\ndue: 2023-12-31\noriginal_due: 2022-12-31\nextensions:\n  - date: 2022-11-01\n    from: 2022-12-31\n    to: 2023-06-30\n    reason: \"on\"\n  - date: 2023-06-01\n    from: 2023-06-30\n    to: 2023-12-31\n    reason: \"<<\"\nprogress:\n",
    );
    for note in YAML11_NOTES {
        expected.push_str(&format!(
            "  - date: 2019-03-31\n    by: 区环保局\n    note: \"{note}\"\n"
        ));
    }
    assert!(text.ends_with(&expected), "{text}");
    // What the tool reads back is the same text.
    let json: serde_json::Value =
        serde_json::from_str(&success(&s.run(&["show", "1.1", "--format", "json"]))).unwrap();
    let notes: Vec<&str> = json["progress"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["note"].as_str().unwrap())
        .collect();
    assert_eq!(notes, YAML11_NOTES);
    check_with_pyyaml(&s.tasks().join("1.1.yaml"));
}

/// PyYAML, a YAML 1.1 reader, reads every note and reason as the string
/// written, and the dates as dates. Skipped where PyYAML is not installed.
fn check_with_pyyaml(file: &Path) {
    let has_pyyaml = std::process::Command::new("python3")
        .args(["-c", "import yaml"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_pyyaml {
        eprintln!("PyYAML not installed: YAML 1.1 check skipped");
        return;
    }
    let script = r#"
import datetime, json, sys, yaml
task = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
assert isinstance(task["due"], datetime.date), task["due"]
assert all(isinstance(p["date"], datetime.date) for p in task["progress"])
print(json.dumps({
    "notes": [p["note"] for p in task["progress"]],
    "reasons": [e["reason"] for e in task["extensions"]],
}))
"#;
    let output = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(file)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let read: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(read["notes"], serde_json::json!(YAML11_NOTES));
    assert_eq!(read["reasons"], serde_json::json!(["on", "<<"]));
}

// ------------------------------------------------------------ report -o

#[test]
fn report_o_refuses_a_file_in_the_tasks_directory() {
    let s = Scratch::new();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(s.tasks(), s.root().join("link")).unwrap();
        std::os::unix::fs::symlink(s.tasks().join("1.2.yaml"), s.root().join("out.md")).unwrap();
    }
    let before = s.snapshot();
    let tasks = s.tasks().canonicalize().unwrap();
    let mut targets = vec![
        "tasks/1.1.yaml".to_string(),
        "tasks/报告.md".to_string(),
        "tasks/../tasks/plan.yaml".to_string(),
        "tasks".to_string(),
        s.tasks().join("x.html").display().to_string(),
    ];
    if cfg!(unix) {
        targets.extend(["link/1.1.yaml".to_string(), "out.md".to_string()]);
    }
    for target in &targets {
        let output = s.run(&["report", "--format", "markdown", "-o", target]);
        assert_eq!(output.status.code(), Some(2), "{target}");
        assert_eq!(stdout(&output), "", "{target}");
        assert_eq!(
            stderr(&output),
            format!(
                "cooptrack: 错误：-o {target} 在任务目录 {} 内：报告会覆盖任务文件或被当作任务文件读取；请写到任务目录之外\n",
                tasks.display()
            )
        );
        assert_eq!(s.snapshot(), before, "{target}");
    }
    // Beside the tasks directory is fine.
    let output = s.run(&["report", "--format", "markdown", "-o", "报告.md"]);
    assert_eq!(success(&output), "已写入 报告.md\n");
    assert!(s.root().join("报告.md").is_file());
    assert_eq!(s.snapshot(), before);
}

/// A task that names a thousand lead departments (a pasted list), all
/// registered: it heads a thousand groups of `list`.
fn a_thousand_leads() -> Scratch {
    let s = Scratch::new();
    let names: Vec<String> = (0..1000).map(|i| format!("区部门{i}")).collect();
    let registry = s.read("departments.yaml");
    let mut registry = registry.trim_end().to_string();
    for name in &names {
        registry.push_str(&format!("\n  - name: {name}"));
    }
    fs::write(s.tasks().join("departments.yaml"), registry + "\n").unwrap();
    let items: String = names.iter().map(|n| format!("\n  - {n}")).collect();
    let task = s.read("1.2.yaml");
    let start = task.find("lead:\n").unwrap();
    let end = start + task[start..].find("\nresponsible:").unwrap();
    let task = format!("{}lead:{items}{}", &task[..start], &task[end..]);
    fs::write(s.tasks().join("1.2.yaml"), task).unwrap();
    s
}

#[test]
fn a_table_names_a_long_list_in_part_and_counts_the_rest() {
    let s = a_thousand_leads();
    let started = std::time::Instant::now();
    let out = success(&s.run(&["list", "--format", "markdown"]));
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    // Each of the thousand groups remarks on the other 999 co-leads: the
    // first 30, then the count.
    let remark = "与区部门1、区部门2、区部门3";
    assert_eq!(out.matches(remark).count(), 1, "the group of 区部门0 only");
    assert_eq!(out.matches("……等 999 个共同牵头").count(), 1000);
    // JSON keeps every name.
    let json: serde_json::Value =
        serde_json::from_str(&success(&s.run(&["show", "1.2", "--format", "json"]))).unwrap();
    assert_eq!(json["lead"].as_array().unwrap().len(), 1000);
}

/// Line and paragraph separators, zero-width characters and bidi marks
/// beside an ESC sequence, in a title.
const INVISIBLE_TITLE: &str =
    r#""甲\u2028乙\u2029丙\u200b丁\u200f戊\u202e己\u2066庚\u200e辛\ufeff壬\e[31m癸""#;
const INVISIBLE_VALUE: &str =
    "甲\u{2028}乙\u{2029}丙\u{200b}丁\u{200f}戊\u{202e}己\u{2066}庚\u{200e}辛\u{feff}壬\x1b[31m癸";
const INVISIBLE_SHOWN: &str = r"甲\u{2028}乙\u{2029}丙\u{200b}丁\u{200f}戊\u{202e}己\u{2066}庚\u{200e}辛\u{feff}壬\u{1b}[31m癸";

/// CSV on a terminal is escaped as tables are; to a pipe it stays exact.
/// Tables escape the separators, zero-width characters and bidi marks.
#[cfg(unix)]
#[test]
fn csv_on_a_terminal_is_escaped_and_exact_to_a_pipe() {
    use std::io::Read;
    let s = Scratch::new();
    s.set_title("1.1.yaml", INVISIBLE_TITLE);
    let piped = success(&s.run(&["list", "--format", "csv"]));
    assert!(piped.contains(&format!(",{INVISIBLE_VALUE},")), "{piped}");

    let (mut master, slave) = crate::first_hour::pseudo_terminal(200, 50);
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_cooptrack"));
    cmd.env("NO_COLOR", "1")
        .env("COOPTRACK_LANG", "zh")
        .env_remove("COOPTRACK_DIR")
        .current_dir(s.root())
        .args(["--dir", "tasks", "list", "--format", "csv", "--no-pager"])
        .stdout(std::process::Stdio::from(slave));
    let mut child = cmd.spawn().unwrap();
    drop(cmd);
    let reader = std::thread::spawn(move || {
        let mut shown = Vec::new();
        let mut buf = [0u8; 4096];
        while let Ok(n @ 1..) = master.read(&mut buf) {
            shown.extend_from_slice(&buf[..n]);
        }
        shown
    });
    assert!(child.wait().unwrap().success());
    let shown = String::from_utf8(reader.join().unwrap()).unwrap();
    let shown = shown.replace("\r\n", "\n");
    assert!(shown.contains(&format!(",{INVISIBLE_SHOWN},")), "{shown}");
    assert_no_controls(&shown);
    assert!(!shown.contains(['\u{2028}', '\u{200b}', '\u{200f}', '\u{feff}']));
    // Apart from the one cell, the same as the pipe got.
    assert_eq!(shown.replace(INVISIBLE_SHOWN, INVISIBLE_VALUE), piped);

    let table = success(&s.run(&["show", "1.1"]));
    assert!(table.contains(INVISIBLE_SHOWN), "{table}");
    assert!(!table.contains(['\u{2028}', '\u{2029}', '\u{200b}', '\u{200e}', '\u{200f}']));
}
