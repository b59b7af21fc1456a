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
