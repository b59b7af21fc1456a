//! The pre-commit hook (issue 23): `validate --staged` checks git's index,
//! not the working tree, and `git-setup --hook` installs a hook that runs
//! it with no cargo.

use std::process::Command as StdCommand;

use crate::repo::{isolate_git, Repo, SETUP_DATE};

const BROKEN: &str = "status: 乱写";

/// `git commit`, hooks and all, with PATH holding no cooptrack: the hook
/// must find the binary that installed it. Returns whether it succeeded
/// and what it printed.
fn commit(repo: &Repo, message: &str) -> (bool, String) {
    let mut cmd = StdCommand::new("git");
    isolate_git(&mut cmd, &repo.root, SETUP_DATE);
    let output = cmd
        .current_dir(&repo.root)
        .args(["commit", "-q", "-m", message])
        .env("PATH", "/usr/bin:/bin")
        .env("COOPTRACK_LANG", "zh")
        .env("NO_COLOR", "1")
        .env_remove("COOPTRACK_DIR")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    (output.status.success(), text)
}

fn set_status(repo: &Repo, id: &str, line: &str) {
    let path = repo.task_path(id);
    let text = std::fs::read_to_string(&path).unwrap();
    let old = text.lines().find(|l| l.starts_with("status: ")).unwrap();
    std::fs::write(&path, text.replacen(old, line, 1)).unwrap();
}

#[test]
fn staged_validation_reads_the_index_not_the_working_tree() {
    let repo = Repo::new();
    // Broken in the index, mended only in the working tree: refused.
    set_status(&repo, "1.1", BROKEN);
    repo.git(&["add", "tasks/1.1.yaml"]);
    set_status(&repo, "1.1", "status: 推进中");
    let run = repo.run(&["validate", "--staged"]);
    assert_eq!(run.code, 1, "{run:#?}");
    assert!(
        run.stdout.starts_with(&format!(
            "{}:15:9: 错误：无效的状态“乱写”",
            repo.shown("1.1")
        )),
        "{}",
        run.stdout
    );
    assert_eq!(repo.run(&["validate"]).code, 0);
    // Good in the index, broken only in the working tree: passes.
    repo.git(&["add", "tasks/1.1.yaml"]);
    set_status(&repo, "1.2", BROKEN);
    assert_eq!(repo.run(&["validate", "--staged"]).code, 0);
    assert_eq!(repo.run(&["validate"]).code, 1);
}

#[test]
fn the_installed_hook_refuses_a_broken_commit_and_lets_a_good_one_through() {
    let repo = Repo::new();
    let run = repo.run(&["git-setup", "--hook"]);
    assert_eq!(run.code, 0, "{run:#?}");
    assert!(
        run.stdout
            .ends_with("：每次提交前检查将要提交的任务文件（validate --staged）\n"),
        "{}",
        run.stdout
    );
    let hook = repo.root.join(".git/hooks/pre-commit");
    let script = std::fs::read_to_string(&hook).unwrap();
    assert!(!script.contains("cargo"), "{script}");
    assert!(script.contains("validate --staged"), "{script}");
    repo.git(&["add", ".gitattributes"]);
    let (ok, text) = commit(&repo, "merge driver");
    assert!(ok, "{text}");

    set_status(&repo, "1.1", BROKEN);
    repo.git(&["add", "tasks/1.1.yaml"]);
    set_status(&repo, "1.1", "status: 推进中");
    let (ok, text) = commit(&repo, "broken");
    assert!(!ok, "{text}");
    assert!(text.contains("无效的状态“乱写”"), "{text}");

    repo.git(&["add", "tasks/1.1.yaml"]);
    set_status(&repo, "1.2", BROKEN);
    let (ok, text) = commit(&repo, "good");
    assert!(ok, "{text}");
    assert_eq!(repo.git(&["log", "-1", "--format=%s"]), "good\n");

    // Installing again keeps the hook; another hook is left alone.
    assert_eq!(repo.run(&["git-setup", "--hook"]).code, 0);
    std::fs::write(&hook, "#!/bin/sh\nexit 0\n").unwrap();
    let run = repo.run(&["git-setup", "--hook"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.ends_with(
            "pre-commit 已有另一个 pre-commit 钩子，未覆盖：请在其中加上一行 cooptrack --dir 任务目录 validate --staged\n"
        ),
        "{}",
        run.stderr
    );
}
