//! Ending a plan (`close-plan`) and carrying its open tasks over to the
//! successor plan (`carry-over`), on copies of the bundled tasks.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::common::{bare, bundled, copy_bundled, stdout_of};
use assert_cmd::Command;
use predicates::prelude::*;

/// `cooptrack --dir <dir>`, colour off, run from `cwd`.
fn cooptrack_at(dir: &Path, cwd: &Path) -> Command {
    let mut cmd = bare();
    cmd.env("COLUMNS", "200")
        .current_dir(cwd)
        .arg("--dir")
        .arg(dir);
    cmd
}

fn cooptrack_in(dir: &Path) -> Command {
    cooptrack_at(dir, &std::env::temp_dir())
}

/// Every file in `dir` with its text, except hidden ones (the writers'
/// `.cooptrack.lock`, which git ignores).
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with('.'))
        .map(|path| {
            let text = String::from_utf8(fs::read(&path).unwrap()).unwrap();
            (path, text)
        })
        .collect()
}

/// Same files, same bytes; names the first file that differs.
fn assert_unchanged(before: &BTreeMap<PathBuf, String>, after: &BTreeMap<PathBuf, String>) {
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "files added or removed"
    );
    for (path, text) in before {
        assert!(
            after[path] == *text,
            "{} changed:\n{}",
            path.display(),
            after[path]
        );
    }
}

/// The bundled (id, title) pairs, in natural id order.
fn bundled_tasks() -> Vec<(String, String)> {
    let json =
        crate::common::json_of(crate::common::cooptrack().args(["list", "--format", "json"]));
    json.as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["id"].as_str().unwrap().to_string(),
                t["title"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The ids `close-plan` lists as still to be decided ("  ID TITLE（牵头：…").
fn listed(out: &str) -> Vec<String> {
    out.lines()
        .filter(|l| l.starts_with("  ") && l.contains("（牵头："))
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .collect()
}

/// `validate` passes (exit 0; the bundled provisional leads are warnings)
/// and reports no error.
fn validate_ok(dir: &Path) {
    cooptrack_in(dir)
        .arg("validate")
        .assert()
        .success()
        .stdout(predicate::str::contains("0 个错误"));
}

#[test]
fn close_plan_without_as_of_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = copy_bundled(tmp.path());
    let before = snapshot(&dir);
    cooptrack_in(&dir)
        .arg("close-plan")
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("--as-of"));
    cooptrack_in(&dir)
        .args(["close-plan", "--dry-run"])
        .assert()
        .code(2);
    assert_unchanged(&before, &snapshot(&dir));
}

/// A plan cannot end before the date it was issued (2018-08-17).
#[test]
fn close_plan_before_the_plan_was_issued_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = copy_bundled(tmp.path());
    let before = snapshot(&dir);
    for args in [&["close-plan"][..], &["close-plan", "--dry-run"]] {
        cooptrack_in(&dir)
            .args(["--as-of", "2018-08-16"])
            .args(args)
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains(
                "--as-of 2018-08-16 早于计划印发日期 2018-08-17（plan.yaml 的 date）",
            ));
    }
    assert_unchanged(&before, &snapshot(&dir));
}

#[test]
fn dry_run_lists_every_open_task_and_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = copy_bundled(tmp.path());
    let before = snapshot(&dir);
    let out =
        stdout_of(cooptrack_in(&dir).args(["close-plan", "--as-of", "2023-01-01", "--dry-run"]));
    assert!(out.contains("试运行"), "{out}");
    // All 24 bundled tasks are 未启动: every one is listed, in id order, with
    // its title.
    let tasks = bundled_tasks();
    assert_eq!(tasks.len(), 24);
    let ids: Vec<String> = tasks.iter().map(|(id, _)| id.clone()).collect();
    assert_eq!(listed(&out), ids);
    for (id, title) in &tasks {
        assert!(
            out.contains(&format!("  {id} {title}（牵头：")),
            "{id}: {out}"
        );
    }
    assert!(out.contains("以下 24 项任务尚未完成或取消"));
    assert!(out.contains("不会删除任何任务"));
    // plan.yaml (and everything else) byte-identical.
    assert_unchanged(&before, &snapshot(&dir));
}

#[test]
fn closing_marks_only_status_and_ended_on_and_lists_the_undecided() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = copy_bundled(tmp.path());
    // 2.1 done, 2.2 cancelled: neither is left to decide.
    cooptrack_in(&dir)
        .args([
            "update",
            "2.1",
            "--status",
            "已完成",
            "--note",
            "兰渝高铁潼南段建成通车",
            "--date",
            "2022-12-01",
        ])
        .assert()
        .success();
    cooptrack_in(&dir)
        .args([
            "update",
            "2.2",
            "--status",
            "已取消",
            "--note",
            "项目并入市级规划",
            "--date",
            "2022-12-02",
        ])
        .assert()
        .success();
    let plan_path = dir.join("plan.yaml");
    let old = fs::read_to_string(&plan_path).unwrap();
    let tasks_before: BTreeMap<_, _> = snapshot(&dir)
        .into_iter()
        .filter(|(p, _)| p != &plan_path)
        .collect();

    let out = stdout_of(cooptrack_in(&dir).args(["close-plan", "--as-of", "2023-01-01"]));
    assert!(out.contains("已把"), "{out}");
    assert!(out.contains("ended，2023-01-01"), "{out}");

    // Line by line: `status: active` became `status: ended`, one line
    // `ended_on: 2023-01-01` was added right after it, nothing else changed.
    let new = fs::read_to_string(&plan_path).unwrap();
    let old_lines: Vec<&str> = old.lines().collect();
    let new_lines: Vec<&str> = new.lines().collect();
    assert_eq!(new_lines.len(), old_lines.len() + 1, "{new}");
    let at = old_lines
        .iter()
        .position(|l| *l == "status: active")
        .unwrap();
    assert_eq!(new_lines[..at], old_lines[..at]);
    assert_eq!(new_lines[at], "status: ended");
    assert_eq!(new_lines[at + 1], "ended_on: 2023-01-01");
    assert_eq!(new_lines[at + 2..], old_lines[at + 1..]);
    assert_eq!(new.ends_with('\n'), old.ends_with('\n'));
    // The task files are untouched.
    let tasks_after: BTreeMap<_, _> = snapshot(&dir)
        .into_iter()
        .filter(|(p, _)| p != &plan_path)
        .collect();
    assert_unchanged(&tasks_before, &tasks_after);

    validate_ok(&dir);

    // The undecided: every task but 2.1 (已完成) and 2.2 (已取消).
    let expected: Vec<String> = bundled_tasks()
        .into_iter()
        .map(|(id, _)| id)
        .filter(|id| id != "2.1" && id != "2.2")
        .collect();
    assert_eq!(expected.len(), 22);
    assert_eq!(listed(&out), expected);
    assert!(out.contains("以下 22 项任务尚未完成或取消"));

    // Closing again changes nothing and says the plan has ended.
    let out = stdout_of(cooptrack_in(&dir).args(["close-plan", "--as-of", "2023-02-01"]));
    assert!(out.contains("计划已结束"), "{out}");
    assert_eq!(fs::read_to_string(&plan_path).unwrap(), new);
}

/// A successor plan directory: plan.yaml for 2023–2027 with the same seven
/// headings, and the registry.
fn successor(root: &Path) -> PathBuf {
    let dir = root.join("next").join("tasks");
    fs::create_dir_all(&dir).unwrap();
    let plan = fs::read_to_string(bundled().join("plan.yaml"))
        .unwrap()
        .replace("(2018-2022年)", "(2023-2027年)")
        .replace("date: 2018-08-17", "date: 2023-03-01")
        .replace("  start: 2018\n  end: 2022", "  start: 2023\n  end: 2027");
    assert!(plan.contains("end: 2027"));
    fs::write(dir.join("plan.yaml"), plan).unwrap();
    fs::copy(
        bundled().join("departments.yaml"),
        dir.join("departments.yaml"),
    )
    .unwrap();
    dir
}

fn yaml(path: &Path) -> serde_yaml::Value {
    serde_yaml::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn carry_over_links_both_tasks_and_deletes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = copy_bundled(tmp.path());
    let next = successor(tmp.path());
    cooptrack_in(&next).arg("validate").assert().success();
    let source_files = snapshot(&dir).len();

    cooptrack_in(&dir)
        .args(["--as-of", "2022-12-20", "carry-over", "1.2", "--to"])
        .arg(&next)
        .assert()
        .success()
        .stdout(predicate::str::contains("已结转"));

    // The new task: same id, title, text and departments; due the successor's
    // period end; its own empty progress log; a link back; added on the
    // day of the carry-over.
    let new_path = next.join("1.2.yaml");
    let carried = yaml(&new_path);
    let original_path = dir.join("1.2.yaml");
    let original = yaml(&original_path);
    assert_eq!(carried["id"], "1.2");
    for key in [
        "title",
        "text",
        "lead",
        "responsible",
        "heading",
        "section",
        "number",
        "status",
    ] {
        assert_eq!(carried[key], original[key], "{key}");
    }
    assert_eq!(carried["due"], "2027-12-31");
    assert_eq!(carried["added"], "2022-12-20");
    assert_eq!(carried["progress"], serde_yaml::Value::Sequence(vec![]));

    let from = carried["carried_over_from"].as_str().unwrap();
    assert!(Path::new(from).is_relative(), "{from}");
    assert_eq!(
        next.join(from).canonicalize().unwrap(),
        original_path.canonicalize().unwrap(),
        "carried_over_from: {from}"
    );
    let to = original["carried_over_to"].as_str().unwrap();
    assert!(Path::new(to).is_relative(), "{to}");
    assert_eq!(
        dir.join(to).canonicalize().unwrap(),
        new_path.canonicalize().unwrap(),
        "carried_over_to: {to}"
    );

    // Both directories still validate and are in the canonical layout.
    validate_ok(&dir);
    validate_ok(&next);
    cooptrack_in(&next)
        .args(["fmt", "--check"])
        .assert()
        .success();
    cooptrack_in(&dir)
        .args(["fmt", "--check"])
        .assert()
        .success();

    // Nothing deleted: the source keeps all its files, the successor has
    // plan.yaml, departments.yaml and the new task.
    assert_eq!(snapshot(&dir).len(), source_files);
    assert!(original_path.exists());
    let mut names: Vec<String> = fs::read_dir(&next)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    names.sort();
    assert_eq!(names, ["1.2.yaml", "departments.yaml", "plan.yaml"]);

    // close-plan no longer lists 1.2.
    let out =
        stdout_of(cooptrack_in(&dir).args(["close-plan", "--as-of", "2023-01-01", "--dry-run"]));
    let ids = listed(&out);
    assert_eq!(ids.len(), 23);
    assert!(!ids.contains(&"1.2".to_string()), "{out}");

    // A second carry-over of 1.2 is refused, and changes nothing.
    let before = (snapshot(&dir), snapshot(&next));
    cooptrack_in(&dir)
        .args(["carry-over", "1.2", "--to"])
        .arg(&next)
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("已结转"));
    // Not even under another id.
    cooptrack_in(&dir)
        .args(["carry-over", "1.2", "--as", "1.9", "--to"])
        .arg(&next)
        .assert()
        .code(2);
    assert_unchanged(&before.0, &snapshot(&dir));
    assert_unchanged(&before.1, &snapshot(&next));
}

#[test]
fn carrying_over_a_finished_task_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = copy_bundled(tmp.path());
    let next = successor(tmp.path());
    cooptrack_in(&dir)
        .args([
            "update",
            "1.1",
            "--status",
            "已完成",
            "--note",
            "年度报告已报督查室",
            "--date",
            "2022-12-01",
        ])
        .assert()
        .success();
    cooptrack_in(&dir)
        .args([
            "update",
            "1.3",
            "--status",
            "已取消",
            "--note",
            "并入1.1",
            "--date",
            "2022-12-01",
        ])
        .assert()
        .success();
    let before = (snapshot(&dir), snapshot(&next));
    for id in ["1.1", "1.3"] {
        cooptrack_in(&dir)
            .args(["carry-over", id, "--to"])
            .arg(&next)
            .assert()
            .code(2)
            .stdout("");
    }
    assert_unchanged(&before.0, &snapshot(&dir));
    assert_unchanged(&before.1, &snapshot(&next));
    assert!(!next.join("1.1.yaml").exists());
}

#[test]
fn carry_over_with_a_new_id_and_due() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = copy_bundled(tmp.path());
    let next = successor(tmp.path());
    cooptrack_in(&dir)
        .args([
            "carry-over",
            "1.4",
            "--as",
            "1.7",
            "--due",
            "2025-06-30",
            "--to",
        ])
        .arg(&next)
        .assert()
        .success();
    let carried = yaml(&next.join("1.7.yaml"));
    assert_eq!(carried["id"], "1.7");
    assert_eq!(carried["number"], 7);
    assert_eq!(carried["due"], "2025-06-30");
    let to = yaml(&dir.join("1.4.yaml"))["carried_over_to"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        dir.join(&to).canonicalize().unwrap(),
        next.join("1.7.yaml").canonicalize().unwrap()
    );
    validate_ok(&next);
    // The successor directory is not the current one.
    cooptrack_in(&dir)
        .args(["carry-over", "1.1", "--to"])
        .arg(&dir)
        .assert()
        .code(2);
    // A directory with no plan.yaml is refused.
    let empty = tmp.path().join("empty");
    fs::create_dir(&empty).unwrap();
    fs::copy(
        bundled().join("departments.yaml"),
        empty.join("departments.yaml"),
    )
    .unwrap();
    cooptrack_in(&dir)
        .args(["carry-over", "1.1", "--to"])
        .arg(&empty)
        .assert()
        .code(2);
    assert!(!empty.join("1.1.yaml").exists());
}

/// Relative paths with `..`, as a user would type them. Both links must still
/// resolve to the other file:
/// - from the repository root: `cooptrack --dir tasks carry-over 1.2 --to ../next/tasks`;
/// - from the successor: `cooptrack --dir ../repo/tasks carry-over 1.2 --to tasks`.
#[test]
fn carry_over_with_relative_paths_links_resolve() {
    // (cwd below the temp root, --dir, --to)
    for (cwd, dir, to) in [
        ("repo", "tasks", "../next/tasks"),
        ("next", "../repo/tasks", "tasks"),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let repo = tmp.path().join("repo");
        copy_bundled(&repo);
        let next = successor(tmp.path());
        cooptrack_at(Path::new(dir), &tmp.path().join(cwd))
            .args(["carry-over", "1.2", "--to", to])
            .assert()
            .success();
        let original_path = repo.join("tasks/1.2.yaml");
        let new_path = next.join("1.2.yaml");
        let link_to = yaml(&original_path)["carried_over_to"]
            .as_str()
            .unwrap()
            .to_string();
        let link_from = yaml(&new_path)["carried_over_from"]
            .as_str()
            .unwrap()
            .to_string();
        assert_eq!(
            repo.join("tasks").join(&link_to).canonicalize().ok(),
            new_path.canonicalize().ok(),
            "--dir {dir} --to {to}: carried_over_to: {link_to}"
        );
        assert_eq!(
            next.join(&link_from).canonicalize().ok(),
            original_path.canonicalize().ok(),
            "--dir {dir} --to {to}: carried_over_from: {link_from}"
        );
    }
}

/// Runs git in `root`, kept from the user's configuration.
fn git(root: &Path, args: &[&str]) {
    let mut cmd = std::process::Command::new("git");
    crate::repo::isolate_git(&mut cmd, root, "2023-03-01T10:00:00+08:00");
    let output = cmd.current_dir(root).args(args).output().unwrap();
    assert!(output.status.success(), "git {args:?}: {output:?}");
}

#[test]
fn carry_over_never_takes_an_id_from_the_successors_history() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = copy_bundled(tmp.path());
    let next = successor(tmp.path());
    let repo = next.parent().unwrap();
    git(repo, &["init", "-q"]);
    git(repo, &["config", "user.name", "测试员"]);
    git(repo, &["config", "user.email", "tester@example.com"]);
    // 1.2 and 1.3 once existed in the successor and were deleted.
    for id in ["1.2", "1.3"] {
        let text = fs::read_to_string(bundled().join(format!("{id}.yaml")))
            .unwrap()
            .replace("due: 2022-12-31", "due: 2027-12-31");
        fs::write(next.join(format!("{id}.yaml")), text).unwrap();
    }
    git(repo, &["add", "-A"]);
    git(repo, &["commit", "-q", "-m", "草稿"]);
    git(repo, &["rm", "-q", "tasks/1.2.yaml", "tasks/1.3.yaml"]);
    git(repo, &["commit", "-q", "-m", "删除草稿"]);

    let carry = |args: &[&str]| {
        cooptrack_in(&dir)
            .env("GIT_CEILING_DIRECTORIES", tmp.path())
            .args(args)
            .arg("--to")
            .arg(&next)
            .output()
            .unwrap()
    };
    // The same id was used once: the next number the section never had.
    let out = carry(&["carry-over", "1.2"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(!next.join("1.2.yaml").exists());
    let carried = yaml(&next.join("1.4.yaml"));
    assert_eq!(
        (carried["id"].as_str(), carried["number"].as_u64()),
        (Some("1.4"), Some(4))
    );
    assert!(yaml(&dir.join("1.2.yaml"))["carried_over_to"]
        .as_str()
        .unwrap()
        .ends_with("next/tasks/1.4.yaml"));
    // Asked for by `--as`, a deleted id is refused, and nothing is written.
    let before = (snapshot(&dir), snapshot(&next));
    let out = carry(&["carry-over", "1.1", "--as", "1.3"]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "cooptrack: 错误：后续计划中：任务编号“1.3”曾属于一项已删除的任务（见 git 历史）；编号不可重复使用\n"
    );
    assert_unchanged(&before.0, &snapshot(&dir));
    assert_unchanged(&before.1, &snapshot(&next));
}
