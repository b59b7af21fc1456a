//! The conventions people expect (issue 23): an empty environment
//! variable counts as unset, a bad one is an error, an output file's
//! extension names a format or is refused, and `man` is listed.

use crate::common::{bare, cooptrack};
use crate::repo::Repo;

#[test]
fn an_empty_cooptrack_dir_or_lang_counts_as_unset() {
    let root = crate::common::bundled().parent().unwrap().to_path_buf();
    let out = crate::common::stdout_of(
        bare()
            .current_dir(&root)
            .env("COOPTRACK_DIR", "")
            .env("COOPTRACK_MAX_FILE_SIZE", " ")
            .args(["list", "--section", "1"]),
    );
    assert!(out.ends_with("合计 4 项任务，2 个牵头单位分组\n"), "{out}");
    let out = crate::common::stdout_of(
        bare()
            .current_dir(&root)
            .env("COOPTRACK_LANG", "")
            .env("LANG", "C")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .args(["list", "--section", "1"]),
    );
    assert!(out.ends_with("4 tasks in 2 lead groups\n"), "{out}");
}

#[test]
fn a_bad_lock_timeout_is_an_error_and_nothing_is_written() {
    let repo = Repo::new();
    let before = std::fs::read_to_string(repo.task_path("1.1")).unwrap();
    let run = crate::repo::run(
        repo.cooptrack()
            .env("COOPTRACK_LOCK_TIMEOUT", "半分钟")
            .args(["--as-of", "2020-05-01", "update", "1.1", "--note", "x"]),
    );
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (
            2,
            "cooptrack: 错误：环境变量 COOPTRACK_LOCK_TIMEOUT=“半分钟”无效：应为等待的秒数（可带小数，如 5 或 0.5）\n"
        )
    );
    assert_eq!(
        std::fs::read_to_string(repo.task_path("1.1")).unwrap(),
        before
    );
    // An empty one is the default wait.
    let run = crate::repo::run(repo.cooptrack().env("COOPTRACK_LOCK_TIMEOUT", "").args([
        "--as-of",
        "2020-05-01",
        "update",
        "1.1",
        "--note",
        "x",
    ]));
    assert_eq!(run.code, 0, "{run:#?}");
}

#[test]
fn an_output_extension_that_names_no_format_is_refused() {
    let out = tempfile::tempdir().unwrap();
    let pdf = out.path().join("r.pdf");
    let run = crate::repo::run(cooptrack().args(["report", "-o"]).arg(&pdf));
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (
            2,
            "cooptrack: 错误：输出文件的扩展名 .pdf 不对应任何格式：可用 .xlsx .docx .html .md .json .txt，或用 --format 指明格式；要 PDF，请输出 .docx 或 .html 后用 LibreOffice 或浏览器转换\n"
        )
    );
    assert!(!pdf.exists());
    let run = crate::repo::run(
        cooptrack()
            .args(["--lang", "en", "report", "-o"])
            .arg(out.path().join("r.doc")),
    );
    assert_eq!(
        run.stderr,
        "cooptrack: error: the output file's extension .doc names no format: use .xlsx .docx .html .md .json .txt, or name the format with --format\n"
    );
    // --format names it: any file name will do.
    let data = out.path().join("r.data");
    let run = crate::repo::run(
        cooptrack()
            .args(["report", "--format", "json", "-o"])
            .arg(&data),
    );
    assert_eq!(run.code, 0, "{run:#?}");
    assert!(std::fs::read_to_string(&data).unwrap().starts_with('{'));
}

#[test]
fn man_is_listed_in_help() {
    let help = crate::common::stdout_of(bare().args(["--lang", "en", "--help"]));
    assert!(
        help.contains(
            "  man          Write the manual pages (man cooptrack, one page per subcommand)\n"
        ),
        "{help}"
    );
    let help = crate::common::stdout_of(bare().args(["--help"]));
    assert!(
        help.contains("生成手册页（man cooptrack，每个子命令一页）"),
        "{help}"
    );
}

fn json_ids(args: &[&str]) -> Vec<String> {
    crate::common::ids(&crate::common::json_of(cooptrack().args(args)))
}

#[test]
fn show_takes_several_ids() {
    let value =
        crate::common::json_of(cooptrack().args(["show", "1.1", "2.3", "--format", "json"]));
    let ids: Vec<&str> = value
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["1.1", "2.3"]);
    // One id: one object, as before.
    let one = crate::common::json_of(cooptrack().args(["show", "1.1", "--format", "json"]));
    assert_eq!(one["id"], "1.1");
    let table = crate::common::stdout_of(cooptrack().args(["show", "1.1", "2.3"]));
    assert!(table.contains("│ 编号     ┆ 1.1"), "{table}");
    assert!(table.contains("│ 编号     ┆ 2.3"), "{table}");
    let yaml =
        crate::common::stdout_of(cooptrack().args(["show", "1.1", "2.3", "--format", "yaml"]));
    assert_eq!(yaml.matches("\n---\n").count(), 1, "{yaml}");
    // An unknown id among them: an error, and nothing shown.
    let run = crate::repo::run(cooptrack().args(["show", "1.1", "9.9"]));
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (
            2,
            "",
            "cooptrack: 错误：没有编号为“9.9”的任务（cooptrack list 列出全部任务）\n"
        )
    );
}

#[test]
fn dept_and_status_take_several_values() {
    let fgw = json_ids(&["list", "--dept", "区发改委", "--format", "json"]);
    let water = json_ids(&["list", "--dept", "区水务局", "--format", "json"]);
    let both = json_ids(&[
        "list",
        "--dept",
        "区发改委",
        "--dept",
        "区水务局",
        "--format",
        "json",
    ]);
    let mut union: Vec<String> = fgw.iter().chain(&water).cloned().collect();
    union.sort_by_key(|id| {
        let (a, b) = id.split_once('.').unwrap();
        (a.parse::<u32>().unwrap(), b.parse::<u32>().unwrap())
    });
    union.dedup();
    assert_eq!(both, union);
    assert_eq!(
        json_ids(&["list", "--dept", "区发改委,区水务局", "--format", "json"]),
        both
    );
    let repo = Repo::new();
    for (id, status) in [("1.2", "滞后"), ("2.1", "推进中"), ("3.1", "滞后")] {
        let run = repo.run(&[
            "--as-of",
            "2020-05-01",
            "update",
            id,
            "--status",
            status,
            "--note",
            "x",
        ]);
        assert_eq!(run.code, 0, "{run:#?}");
    }
    let ids =
        |args: &[&str]| crate::common::ids(&crate::common::json_of(repo.cooptrack().args(args)));
    assert_eq!(
        ids(&[
            "list",
            "--status",
            "滞后",
            "--status",
            "推进中",
            "--format",
            "json"
        ]),
        ["1.2", "2.1", "3.1"]
    );
    assert_eq!(
        ids(&[
            "list",
            "--status",
            "delayed,in_progress",
            "--format",
            "json"
        ]),
        ["1.2", "2.1", "3.1"]
    );
}

#[test]
fn list_sorts_by_deadline_and_limits() {
    let repo = Repo::new();
    for (section, due) in [("3", "2020-06-30"), ("1", "2021-03-31")] {
        let run = repo.run(&[
            "--as-of",
            "2020-05-01",
            "add",
            "--section",
            section,
            "--title",
            "新任务",
            "--lead",
            "区水务局",
            "--due",
            due,
        ]);
        assert_eq!(run.code, 0, "{run:#?}");
    }
    let ids =
        |args: &[&str]| crate::common::ids(&crate::common::json_of(repo.cooptrack().args(args)));
    assert_eq!(
        ids(&["list", "--sort", "due", "--limit", "3", "--format", "json"]),
        ["3.5", "1.5", "1.1"]
    );
    assert_eq!(
        ids(&["list", "--limit", "2", "--format", "json"]),
        ["1.1", "1.2"]
    );
    let table = crate::common::stdout_of(
        repo.cooptrack()
            .args(["list", "--sort", "due", "--limit", "2"]),
    );
    assert!(
        table.ends_with("合计 2 项任务，1 个牵头单位分组\n"),
        "{table}"
    );
    let run = repo.run(&["list", "--limit", "0"]);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (2, "cooptrack: 错误：--limit：数量“0”无效：应为正整数\n")
    );
}

/// The byte order mark Excel needs goes to a file, not down a pipe,
/// unless --bom asks for it.
#[test]
fn the_csv_byte_order_mark_goes_to_files_only() {
    let piped = crate::common::stdout_of(cooptrack().args(["list", "--format", "csv"]));
    assert!(piped.starts_with("编号,篇章,"), "{piped}");
    let piped = crate::common::stdout_of(cooptrack().args(["depts", "--format", "csv"]));
    assert!(piped.starts_with("部门,曾用名,"), "{piped}");
    let forced = crate::common::stdout_of(cooptrack().args(["list", "--format", "csv", "--bom"]));
    assert!(forced.starts_with("\u{feff}编号,篇章,"), "{forced}");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("台账.csv");
    let file = std::fs::File::create(&path).unwrap();
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("cooptrack"));
    let status = cmd
        .env("COOPTRACK_LANG", "zh")
        .env_remove("COOPTRACK_DIR")
        .arg("--dir")
        .arg(crate::common::bundled())
        .args(["list", "--format", "csv"])
        .stdout(file)
        .status()
        .unwrap();
    assert!(status.success());
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("\u{feff}编号,篇章,"), "{text}");
}

#[test]
fn add_says_what_it_wrote_in_json() {
    let repo = Repo::new();
    let run = repo.run(&[
        "--as-of",
        "2020-05-01",
        "add",
        "--section",
        "2",
        "--title",
        "新任务",
        "--lead",
        "区水务局",
        "--format",
        "json",
        "--commit",
    ]);
    assert_eq!(run.code, 0, "{run:#?}");
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        value,
        serde_json::json!({
            "written": [{"file": repo.shown("2.5"), "id": "2.5", "title": "新任务"}],
            "commit": "cooptrack：新增 2.5 新任务",
        })
    );
    assert_eq!(
        repo.git(&["log", "-1", "--format=%s"]),
        "cooptrack：新增 2.5 新任务\n"
    );
    let run = repo.run(&[
        "--as-of",
        "2020-05-01",
        "add",
        "--section",
        "2",
        "--title",
        "又一项",
        "--lead",
        "区水务局",
        "--format",
        "json",
    ]);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(value["commit"], serde_json::Value::Null);
    assert_eq!(value["written"][0]["id"], "2.6");
}

#[test]
fn the_systems_words_are_chinese_inside_chinese_messages() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("通知.txt")).unwrap();
    let out = bare()
        .current_dir(tmp.path())
        .args(["import", "通知.txt", "--dry-run"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "cooptrack: 错误：通知.txt: 无法读取通知：是目录，不是文件\n"
    );
    let out = bare()
        .current_dir(tmp.path())
        .args(["--lang", "en", "import", "通知.txt", "--dry-run"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("Is a directory"), "{stderr}");
}
