//! Hostile input and interrupted runs, on the writing side: nothing is
//! written that no command could read, a symlink's target is neither read
//! when it leads outside nor replaced when it is written through, nothing
//! is left behind, `carry-over` survives being stopped at any point, and
//! `import` drops no task and reads no file of any size.
#![cfg(unix)]

use std::fs;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::common::{bundled, copy_bundled};
use crate::repo::ceiling;

/// `cooptrack --dir DIR ARGS…` in Chinese, git kept from finding any
/// repository above `root` and from the user's configuration.
fn cooptrack(root: &Path, dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cooptrack"));
    cmd.env("COOPTRACK_LANG", "zh")
        .env("NO_COLOR", "1")
        .env("COLUMNS", "200")
        .env_remove("COOPTRACK_DIR")
        .env("GIT_CEILING_DIRECTORIES", ceiling(root))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .current_dir(root)
        .arg("--dir")
        .arg(dir);
    cmd
}

fn run(root: &Path, dir: &Path, args: &[&str]) -> Output {
    cooptrack(root, dir).args(args).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A copy of the bundled tasks in a temp dir outside any repository.
fn scratch() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = copy_bundled(tmp.path());
    (tmp, dir)
}

// ── nothing unreadable is written ────────────────────────────────────────

#[test]
fn an_update_that_would_pass_the_size_limit_is_refused() {
    let (tmp, dir) = scratch();
    let before = fs::read(dir.join("1.1.yaml")).unwrap();
    let note = "长".repeat(2000);
    let out = run(
        tmp.path(),
        &dir,
        &[
            "--max-file-size",
            "4K",
            "update",
            "1.1",
            "--note",
            &note,
            "--date",
            "2019-03-31",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let stderr = text(&out.stderr);
    let head = format!(
        "cooptrack: 错误：{}: 修改后的文件将无法读取（文件过大（",
        dir.join("1.1.yaml").display()
    );
    assert!(stderr.starts_with(&head), "{stderr}");
    assert!(
        stderr.ends_with(" 字节，上限 4096 字节），不像任务文件；可用 --max-file-size 调整上限），未作任何修改\n"),
        "{stderr}"
    );
    assert_eq!(fs::read(dir.join("1.1.yaml")).unwrap(), before);
}

fn undated_notice(root: &Path) -> PathBuf {
    let path = root.join("undated.txt");
    fs::write(
        &path,
        "关于下达2020-2021年任务的通知\n二、主要任务\n(一)甲\n1.任务一。内容。(牵头部门:区甲局)\n",
    )
    .unwrap();
    path
}

#[test]
fn a_notice_without_a_date_needs_date_and_never_gives_a_plan_that_does_not_load() {
    let tmp = tempfile::tempdir().unwrap();
    let notice = undated_notice(tmp.path());
    let dir = tmp.path().join("tasks");
    let out = run(tmp.path(), &dir, &["import", notice.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert_eq!(
        text(&out.stderr),
        format!(
            "cooptrack: 错误：{}: 通知中找不到成文日期；请用 --date YYYY-MM-DD 给出计划的成文日期，未写入任何文件\n",
            notice.display()
        )
    );
    assert!(!dir.exists());
    let out = run(
        tmp.path(),
        &dir,
        &["import", notice.to_str().unwrap(), "--date", "2020-03-01"],
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(text(&fs::read(dir.join("plan.yaml")).unwrap()).contains("\ndate: 2020-03-01\n"));
    let listed = run(tmp.path(), &dir, &["list"]);
    assert_eq!(listed.status.code(), Some(0), "{listed:?}");
    let update = run(
        tmp.path(),
        &dir,
        &["update", "1.1", "--note", "已启动", "--date", "2020-04-01"],
    );
    assert_eq!(update.status.code(), Some(0), "{update:?}");
}

// ── import: no file of any size, no task dropped ─────────────────────────

#[test]
fn a_notice_over_the_size_limit_is_refused_before_it_is_read() {
    let tmp = tempfile::tempdir().unwrap();
    let notice = bundled().join("../tests/fixtures/tongnan-2018-notice.txt");
    let dir = tmp.path().join("tasks");
    let out = run(
        tmp.path(),
        &dir,
        &["--max-file-size", "1K", "import", notice.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let size = fs::metadata(&notice).unwrap().len();
    assert_eq!(
        text(&out.stderr),
        format!(
            "cooptrack: 错误：{}: 通知文件过大（{size} 字节，上限 1024 字节）；可用 --max-file-size 调整上限，未写入任何文件\n",
            notice.display()
        )
    );
    assert!(!dir.exists());
}

#[test]
fn items_numbered_100_and_up_are_imported() {
    let tmp = tempfile::tempdir().unwrap();
    let mut notice = String::from("关于下达2020-2021年任务的通知\n二、主要任务\n(一)甲\n");
    for n in 1..=105 {
        notice.push_str(&format!("{n}.任务{n}。(牵头部门:区甲局)\n"));
    }
    notice.push_str("区政府\n2020年3月1日\n");
    let path = tmp.path().join("many.txt");
    fs::write(&path, notice).unwrap();
    let dir = tmp.path().join("tasks");
    let out = run(tmp.path(), &dir, &["import", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(
        text(&out.stdout).contains("：1 个篇章，105 项任务"),
        "{}",
        text(&out.stdout)
    );
    for id in ["1.99", "1.100", "1.105"] {
        assert!(dir.join(format!("{id}.yaml")).exists(), "{id}");
    }
}

// ── symlinks ─────────────────────────────────────────────────────────────

#[test]
fn a_task_file_linking_outside_is_reported_and_never_read() {
    let (tmp, dir) = scratch();
    let secret = tmp.path().join("credentials");
    fs::write(&secret, "https-token-SECRET-0042\n").unwrap();
    symlink(&secret, dir.join("9.9.yaml")).unwrap();
    let file = dir.join("9.9.yaml");
    for args in [
        &["validate"][..],
        &["validate", "--format", "github"],
        &["list"],
    ] {
        let out = run(tmp.path(), &dir, args);
        let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
        assert!(
            !all.contains("SECRET"),
            "{args:?} printed the target: {all}"
        );
        assert!(
            all.contains("是指向任务目录之外的符号链接，未读取"),
            "{args:?}: {all}"
        );
        assert_ne!(out.status.code(), Some(0), "{args:?}");
    }
    let out = run(tmp.path(), &dir, &["validate"]);
    let line = format!(
        "{}: 错误：是指向任务目录之外的符号链接，未读取\n",
        file.display()
    );
    assert!(text(&out.stdout).contains(&line), "{}", text(&out.stdout));
}

/// `plan.yaml` and `departments.yaml` linking outside the tasks directory
/// are refused unread, as task files are: their content never reaches a
/// message or a CI annotation.
#[test]
fn plan_and_registry_linking_outside_are_refused_and_never_read() {
    for name in ["plan.yaml", "departments.yaml"] {
        let (tmp, dir) = scratch();
        let secret = tmp.path().join("credentials");
        fs::write(&secret, "title: https-token-SECRET-0042\n").unwrap();
        fs::remove_file(dir.join(name)).unwrap();
        symlink(&secret, dir.join(name)).unwrap();
        for args in [
            &["validate"][..],
            &["validate", "--format", "github"],
            &["list"],
        ] {
            let out = run(tmp.path(), &dir, args);
            let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
            assert!(!all.contains("SECRET"), "{name} {args:?}: {all}");
            assert!(
                all.contains("是指向任务目录之外的符号链接，未读取"),
                "{name} {args:?}: {all}"
            );
            assert_ne!(out.status.code(), Some(0), "{name} {args:?}");
        }
    }
}

#[test]
fn updating_a_task_file_that_is_a_symlink_writes_through_it() {
    let (tmp, dir) = scratch();
    fs::create_dir(dir.join("archive")).unwrap();
    fs::rename(dir.join("1.1.yaml"), dir.join("archive/1.1.yaml")).unwrap();
    symlink("archive/1.1.yaml", dir.join("1.1.yaml")).unwrap();
    let out = run(
        tmp.path(),
        &dir,
        &[
            "update",
            "1.1",
            "--note",
            "经链接更新",
            "--date",
            "2019-03-31",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(fs::symlink_metadata(dir.join("1.1.yaml"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(text(&fs::read(dir.join("archive/1.1.yaml")).unwrap()).contains("note: 经链接更新"));
}

// ── nothing left behind ──────────────────────────────────────────────────

#[test]
fn no_lock_is_made_where_there_are_no_tasks() {
    let tmp = tempfile::tempdir().unwrap();
    let elsewhere = tmp.path().join("elsewhere");
    fs::create_dir(&elsewhere).unwrap();
    let out = run(tmp.path(), &elsewhere, &["update", "1.1", "--note", "x"]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert_eq!(
        text(&out.stderr),
        format!(
            "cooptrack: 错误：{}: 不是任务目录（没有 plan.yaml 或 departments.yaml），未作任何修改\n",
            elsewhere.display()
        )
    );
    assert_eq!(fs::read_dir(&elsewhere).unwrap().count(), 0);
}

#[test]
fn a_stale_temp_file_is_removed_by_the_next_writer() {
    let (tmp, dir) = scratch();
    fs::write(dir.join(".cooptrack-abc123.tmp"), "半截").unwrap();
    fs::write(dir.join(".notes.tmp"), "别人的").unwrap();
    let out = run(
        tmp.path(),
        &dir,
        &["update", "1.1", "--note", "x", "--date", "2019-03-31"],
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(!dir.join(".cooptrack-abc123.tmp").exists());
    assert!(
        dir.join(".notes.tmp").exists(),
        "only the tool's own temp files"
    );
}

fn git(root: &Path, args: &[&str]) -> String {
    let mut cmd = Command::new("git");
    crate::repo::isolate_git(&mut cmd, root, "2023-03-01T10:00:00+08:00");
    let output = cmd.current_dir(root).args(args).output().unwrap();
    assert!(output.status.success(), "git {args:?}: {output:?}");
    text(&output.stdout)
}

#[test]
fn in_a_repository_the_lock_lives_under_git_and_status_stays_clean() {
    let (tmp, dir) = scratch();
    let root = tmp.path();
    git(root, &["init", "-q"]);
    git(root, &["config", "user.name", "测试员"]);
    git(root, &["config", "user.email", "tester@example.com"]);
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "台账"]);
    let out = run(
        root,
        &dir,
        &["update", "1.1", "--note", "x", "--date", "2019-03-31"],
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(git(root, &["status", "--porcelain"]), " M tasks/1.1.yaml\n");
    assert!(root.join(".git/cooptrack-tasks.lock").exists());
    assert!(!dir.join(".cooptrack.lock").exists());
}

// ── carry-over, stopped at any point ─────────────────────────────────────

/// A successor plan's tasks directory beside `root`'s tasks.
fn successor(root: &Path) -> PathBuf {
    let dir = root.join("next").join("tasks");
    fs::create_dir_all(&dir).unwrap();
    let plan = fs::read_to_string(bundled().join("plan.yaml"))
        .unwrap()
        .replace("date: 2018-08-17", "date: 2023-03-01")
        .replace("  start: 2018\n  end: 2022", "  start: 2023\n  end: 2027");
    fs::write(dir.join("plan.yaml"), plan).unwrap();
    fs::copy(
        bundled().join("departments.yaml"),
        dir.join("departments.yaml"),
    )
    .unwrap();
    dir
}

/// The task files of a directory, by name.
fn task_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml") && n != "plan.yaml" && n != "departments.yaml")
        .collect();
    names.sort();
    names
}

/// After any run, stopped or not: at most one copy of 1.2 in the
/// successor, and a finishing run leaves both ends linked and valid.
fn finish_and_check(root: &Path, dir: &Path, next: &Path) {
    let out = run(
        root,
        dir,
        &["carry-over", "1.2", "--to", next.to_str().unwrap()],
    );
    let done_before = text(&out.stderr).contains("已结转至");
    assert!(out.status.success() || done_before, "{out:?}");
    assert_eq!(task_files(next), ["1.2.yaml"], "one copy, not two");
    for tasks in [dir, next] {
        let out = run(root, tasks, &["validate"]);
        assert_eq!(out.status.code(), Some(0), "{}: {out:?}", tasks.display());
    }
}

#[test]
fn a_carry_over_stopped_between_its_writes_is_reported_and_completed() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = copy_bundled(tmp.path());
    let next = successor(tmp.path());
    let to = next.to_str().unwrap().to_string();
    let out = cooptrack(tmp.path(), &dir)
        .env("COOPTRACK_TEST_CRASH_AFTER_WRITES", "1")
        .args(["carry-over", "1.2", "--to", &to])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), None, "stopped by a signal: {out:?}");
    assert_eq!(task_files(&next), ["1.2.yaml"]);
    // Half done: the successor points back at an original that does not
    // point at it, and validate says so.
    let out = run(tmp.path(), &next, &["validate"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(text(&out.stdout).contains(&format!(
        "{}:18:20: 错误：结转来源 ../../tasks/1.2.yaml 中的任务没有以 carried_over_to 指向本任务（结转可能中断了：对原任务再运行一次 cooptrack carry-over 即可补全）",
        next.join("1.2.yaml").display()
    )), "{}", text(&out.stdout));
    // The next run completes it rather than making a second copy.
    let out = run(tmp.path(), &dir, &["carry-over", "1.2", "--to", &to]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(text(&out.stdout).starts_with(&format!(
        "{} 是上次中断的结转留下的任务，现补全链接\n",
        next.join("1.2.yaml").display()
    )));
    finish_and_check(tmp.path(), &dir, &next);
}

#[test]
fn carry_overs_killed_at_random_points_never_leave_two_copies() {
    let started = Instant::now();
    let mut seed: u64 = 0x2023_0301;
    for round in 0..12 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let tmp = tempfile::tempdir().unwrap();
        let dir = copy_bundled(tmp.path());
        let next = successor(tmp.path());
        let mut cmd = cooptrack(tmp.path(), &dir);
        // Half the rounds crash right after a write, the others are killed.
        if seed.is_multiple_of(2) {
            cmd.env(
                "COOPTRACK_TEST_CRASH_AFTER_WRITES",
                (1 + seed % 4 / 2).to_string(),
            );
        }
        let mut child = cmd
            .args(["carry-over", "1.2", "--to", next.to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(seed % 40_000));
        let _ = child.kill();
        let _ = child.wait();
        finish_and_check(tmp.path(), &dir, &next);
        assert!(started.elapsed() < Duration::from_secs(20), "round {round}");
    }
}

#[test]
fn carry_over_waits_for_the_locks_in_one_order_holding_none_meanwhile() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = copy_bundled(tmp.path());
    let next = successor(tmp.path());
    // `…/next/tasks` sorts before `…/tasks`: its lock is taken first. Hold
    // it, as a carry-over the other way round would.
    let lock = |tasks: &Path| {
        fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(tasks.join(".cooptrack.lock"))
            .unwrap()
    };
    let held = lock(&next);
    held.try_lock().unwrap();
    let child = cooptrack(tmp.path(), &dir)
        .env("COOPTRACK_LOCK_TIMEOUT", "10")
        .args(["carry-over", "1.2", "--to", next.to_str().unwrap()])
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(400));
    // While it waits for the first lock it holds no other: the other run
    // could take this directory's lock, and nobody waits forever.
    let own = lock(&dir);
    assert!(
        own.try_lock().is_ok(),
        "carry-over held its own lock while waiting"
    );
    drop(own);
    drop(held);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(task_files(&next), ["1.2.yaml"]);
}

/// `--commit` outside a git work tree is refused before anything is
/// written (it used to write, then fail with exit 3).
#[test]
fn commit_outside_git_is_refused_before_writing() {
    let (tmp, dir) = scratch();
    let before = fs::read(dir.join("1.1.yaml")).unwrap();
    let out = run(
        tmp.path(),
        &dir,
        &[
            "--as-of",
            "2020-06-30",
            "update",
            "1.1",
            "--note",
            "开展联合巡河",
            "--by",
            "区环保局",
            "--commit",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stdout));
    assert_eq!(text(&out.stdout), "");
    assert!(
        text(&out.stderr).contains("不在 git 工作树中，无法提交；未写入任何内容"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(fs::read(dir.join("1.1.yaml")).unwrap(), before);
}

/// `init` stopped at every point where a write can stop, into a new
/// directory and into an existing one (holding a README): a rerun always
/// succeeds, and the result validates. Before, a run stopped after its
/// first write left `departments.yaml` alone, which every rerun refused.
#[test]
fn init_stopped_at_any_point_leaves_nothing_that_blocks_a_rerun() {
    for existing in [false, true] {
        let mut stopped = 0;
        for step in 1.. {
            let tmp = tempfile::tempdir().unwrap();
            let dir = tmp.path().join("plan-2023");
            if existing {
                fs::create_dir(&dir).unwrap();
                fs::write(dir.join("README.md"), "新计划\n").unwrap();
            }
            let init = |crash: Option<usize>| {
                let mut cmd = cooptrack(tmp.path(), &dir);
                if let Some(step) = crash {
                    cmd.env("COOPTRACK_TEST_CRASH_AT_STEP", step.to_string());
                }
                cmd.args([
                    "init",
                    "--title",
                    "行动计划(2023-2027年)",
                    "--date",
                    "2023-03-01",
                ])
                .arg(&dir)
                .output()
                .unwrap()
            };
            let out = init(Some(step));
            let label = format!("existing: {existing}, step {step}");
            let finished = out.status.code() == Some(0);
            if !finished {
                assert_eq!(out.status.code(), None, "{label}: {out:?}");
                stopped += 1;
                // Stopped after the last write: the directory is whole,
                // and a rerun may say so. Otherwise it succeeds.
                let whole = run(tmp.path(), &dir, &["validate"]).status.success();
                let out = init(None);
                let refused_whole = whole
                    && out.status.code() == Some(2)
                    && text(&out.stderr).contains("已有 plan.yaml：已是任务目录");
                assert!(
                    out.status.code() == Some(0) || refused_whole,
                    "{label}: {out:?}"
                );
                let stderr = text(&out.stderr);
                assert!(
                    refused_whole || stderr.is_empty() || stderr.contains("中断，已写 "),
                    "{label}: {stderr}"
                );
            }
            let out = run(tmp.path(), &dir, &["validate"]);
            assert_eq!(out.status.code(), Some(0), "{label}: {out:?}");
            let mut names: Vec<String> = fs::read_dir(&dir)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|n| n != ".cooptrack.lock")
                .collect();
            names.sort();
            let mut expected = vec![
                ".gitignore",
                "departments.yaml",
                "plan.yaml",
                "task.schema.json",
            ];
            if existing {
                expected.insert(1, "README.md");
            }
            assert_eq!(names, expected, "{label}");
            if finished {
                break;
            }
        }
        assert!(stopped >= 4, "existing: {existing}: only {stopped} stops");
    }
}
