//! Carry-over where people look (issue 23): `list` and `show` say 已结转
//! and where the task continues, by plan and id, never by path; and a link
//! left dangling by a renamed directory is a validation error.

use std::path::Path;

use crate::common::bare;
use crate::repo::Run;

fn run_in(cwd: &Path, args: &[&str]) -> Run {
    crate::repo::run(
        bare()
            .current_dir(cwd)
            .env("COLUMNS", "200")
            .env_remove("GIT_DIR")
            .args(args),
    )
}

fn ok(cwd: &Path, args: &[&str]) -> String {
    let run = run_in(cwd, args);
    assert_eq!(run.code, 0, "{args:?}: {run:#?}");
    run.stdout
}

/// `old/tasks` (the bundled plan, ended) with 2.2 carried over to
/// `new/tasks`.
fn two_plans(root: &Path) {
    crate::common::copy_bundled(&root.join("old"));
    ok(
        root,
        &[
            "--as-of",
            "2023-01-05",
            "init",
            "new/tasks",
            "--from",
            "old/tasks",
        ],
    );
    ok(
        root,
        &["--dir", "old/tasks", "--as-of", "2022-12-31", "close-plan"],
    );
    ok(
        root,
        &[
            "--dir",
            "old/tasks",
            "--as-of",
            "2023-01-05",
            "carry-over",
            "2.2",
            "--to",
            "new/tasks",
        ],
    );
}

#[test]
fn list_and_show_say_where_a_carried_over_task_continues() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    two_plans(root);
    let list = ok(root, &["--dir", "old/tasks", "list", "--section", "2"]);
    assert!(
        list.contains("│ 2.2  ┆ 完善城际快速公路网   ┆          ┆ 已结转→2.2 ┆ 2022-12-31 │"),
        "{list}"
    );
    assert!(!list.contains("new/tasks"), "{list}");
    // CSV and JSON are data: their status stays the status.
    let csv = ok(
        root,
        &[
            "--dir",
            "old/tasks",
            "list",
            "--section",
            "2",
            "--format",
            "csv",
        ],
    );
    assert!(csv.contains(",区交委,,未启动,2022-12-31,\n2.3,"), "{csv}");
    let show = ok(root, &["--dir", "old/tasks", "show", "2.2"]);
    assert!(
        show.ends_with(
            "已结转：在2023—2027年计划《重庆市潼南区人民政府关于下达深化川渝合作深入推动长江经济带行动计划(2023-2027年)工作任务的通知》中作为任务 2.2 继续；此处的状态“未启动”和完成时限是结转时的\n"
        ),
        "{show}"
    );
    let show = ok(root, &["--dir", "new/tasks", "show", "2.2"]);
    assert!(
        show.ends_with(
            "结转自2018—2022年计划《重庆市潼南区人民政府关于下达深化川渝合作深入推动长江经济带行动计划(2018-2022年)工作任务的通知》的任务 2.2\n"
        ),
        "{show}"
    );
    let show = ok(root, &["--lang", "en", "--dir", "new/tasks", "show", "2.2"]);
    assert!(
        show.contains("carried over from task 2.2 of the 2018–2022 plan"),
        "{show}"
    );
}

#[test]
fn a_link_left_dangling_by_a_renamed_directory_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    two_plans(root);
    assert_eq!(
        ok(root, &["--dir", "new/tasks", "validate"]),
        "检查了 1 个任务文件：0 个错误，0 个警告\n"
    );
    std::fs::rename(root.join("old"), root.join("old-2018")).unwrap();
    let run = run_in(root, &["--dir", "new/tasks", "validate"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (
            1,
            "new/tasks/2.2.yaml:15:20: 错误：结转来源 ../../old/tasks/2.2.yaml 不存在\n\
             检查了 1 个任务文件：1 个错误，0 个警告\n"
        )
    );
    let show = ok(root, &["--dir", "new/tasks", "show", "2.2"]);
    assert!(
        show.ends_with("结转自另一计划（链接已失效，运行 cooptrack validate 查看）的任务 2.2\n"),
        "{show}"
    );
    // The other way round: the successor's directory moved.
    std::fs::rename(root.join("new"), root.join("new-2023")).unwrap();
    let run = run_in(root, &["--dir", "old-2018/tasks", "validate"]);
    assert_eq!(run.code, 1, "{run:#?}");
    assert!(
        run.stdout.starts_with(
            "old-2018/tasks/2.2.yaml:14:18: 错误：结转去向 ../../new/tasks/2.2.yaml 不存在\n"
        ),
        "{}",
        run.stdout
    );
}
