//! What scripts rely on when cooptrack writes: the exit code says whether
//! anything was changed (2: nothing; 3: a file was changed, then a later
//! step failed; 4: another cooptrack holds the directory), and every writer
//! goes through the one edit path (a file the line editor cannot change is
//! rewritten only with `--reformat`; a file that breaks a rule is never
//! rewritten).

use std::fs;
use std::path::{Path, PathBuf};

use crate::common::{cooptrack_in, copy_bundled};
use crate::repo::ceiling;

/// The bundled tasks in a temp dir that is not in any git repository.
fn outside_git() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = copy_bundled(tmp.path());
    (tmp, dir)
}

/// `cooptrack --dir DIR ARGS…`, with git kept from finding a repository
/// above the temp dir.
fn run_in(dir: &Path, args: &[&str]) -> std::process::Output {
    cooptrack_in(dir)
        .env("GIT_CEILING_DIRECTORIES", ceiling(dir.parent().unwrap()))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .args(args)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// The bundled tasks in a git repository whose pre-commit hook refuses
/// every commit: `--commit` passes its check, writes, then fails.
fn in_git_refusing_commits() -> (tempfile::TempDir, PathBuf) {
    let (tmp, dir) = outside_git();
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .current_dir(tmp.path())
            .env("GIT_CEILING_DIRECTORIES", ceiling(tmp.path()))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}: {out:?}");
    };
    git(&["init", "-q"]);
    let hook = tmp.path().join(".git/hooks/pre-commit");
    fs::write(&hook, "#!/bin/sh\necho 提交被钩子拒绝 >&2\nexit 1\n").unwrap();
    let mut permissions = fs::metadata(&hook).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o755);
    fs::set_permissions(&hook, permissions).unwrap();
    (tmp, dir)
}

/// `--commit` outside a git work tree is refused before anything is
/// written (issue 20); a commit that fails after the write (here a hook
/// refuses it) is exit 3 and names the file.
#[test]
fn a_commit_that_fails_after_the_write_is_exit_3_and_names_the_file() {
    let (_tmp, dir) = outside_git();
    let before = fs::read(dir.join("1.1.yaml")).unwrap();
    let out = run_in(
        &dir,
        &[
            "update",
            "1.1",
            "--note",
            "已开展联合巡查",
            "--date",
            "2019-03-31",
            "--commit",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(text(&out.stderr).contains("不在 git 工作树中，无法提交；未写入任何内容"));
    assert_eq!(fs::read(dir.join("1.1.yaml")).unwrap(), before);
    let (_tmp, dir) = in_git_refusing_commits();
    let file = dir.join("1.1.yaml");
    let out = run_in(
        &dir,
        &[
            "update",
            "1.1",
            "--note",
            "已开展联合巡查",
            "--date",
            "2019-03-31",
            "--commit",
        ],
    );
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    let stderr = text(&out.stderr);
    let expected = format!(
        "cooptrack: 错误：已写入 {}，但之后的步骤失败：git commit 失败：",
        file.display()
    );
    assert!(stderr.starts_with(&expected), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    // The note is there: a script that retried on this exit would add it twice.
    assert_eq!(
        text(&fs::read(&file).unwrap())
            .matches("已开展联合巡查")
            .count(),
        1
    );
    assert!(text(&out.stdout).starts_with(&format!("已更新 {}：", file.display())));

    // `add --commit` the same way: the new file is named.
    let out = run_in(
        &dir,
        &[
            "add",
            "--section",
            "1",
            "--title",
            "新任务",
            "--lead",
            "区环保局",
            "--commit",
        ],
    );
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    assert!(text(&out.stderr).contains(&format!("已写入 {}", dir.join("1.5.yaml").display())));
    assert!(dir.join("1.5.yaml").exists());
}

#[test]
fn a_confirmation_that_cannot_be_written_is_exit_3() {
    let full = Path::new("/dev/full");
    if !full.exists() {
        return; // Linux only: a device that refuses every write.
    }
    let (_tmp, dir) = outside_git();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cooptrack"))
        .env("COOPTRACK_LANG", "zh")
        .arg("--dir")
        .arg(&dir)
        .args(["update", "1.1", "--note", "写满", "--date", "2019-03-31"])
        .stdout(fs::File::create(full).unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    assert!(text(&out.stderr).starts_with(&format!(
        "cooptrack: 错误：已写入 {}，但之后的步骤失败：",
        dir.join("1.1.yaml").display()
    )));
    assert!(text(&fs::read(dir.join("1.1.yaml")).unwrap()).contains("note: 写满"));
}

#[test]
fn a_directory_another_writer_holds_is_exit_4_and_changes_nothing() {
    let (_tmp, dir) = outside_git();
    let lock = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join(".cooptrack.lock"))
        .unwrap();
    lock.try_lock().unwrap();
    let before = fs::read(dir.join("1.1.yaml")).unwrap();
    for args in [
        &["update", "1.1", "--note", "x", "--date", "2019-03-31"][..],
        &[
            "add",
            "--section",
            "1",
            "--title",
            "新任务",
            "--lead",
            "区环保局",
        ],
        &["fmt"],
        &["close-plan", "--as-of", "2023-01-01"],
    ] {
        let out = cooptrack_in(&dir)
            .env("COOPTRACK_LOCK_TIMEOUT", "0.2")
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(4), "{args:?}: {out:?}");
        assert_eq!(
            text(&out.stderr),
            format!(
                "cooptrack: 错误：{}: 另一个 cooptrack 正在写入，等待 0.2 秒后仍未结束；未作任何修改，请稍后重试\n",
                dir.display()
            ),
            "{args:?}"
        );
        assert_eq!(out.stdout, b"", "{args:?}");
    }
    assert_eq!(fs::read(dir.join("1.1.yaml")).unwrap(), before);
    assert!(!dir.join("1.5.yaml").exists());
    // Readers never wait for the lock.
    let out = cooptrack_in(&dir).args(["show", "1.1"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    drop(lock);
    let out = run_in(
        &dir,
        &["update", "1.1", "--note", "x", "--date", "2019-03-31"],
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
}

#[test]
fn a_task_file_with_an_upper_case_extension_is_a_task_file() {
    let (_tmp, dir) = outside_git();
    fs::rename(dir.join("1.1.yaml"), dir.join("1.1.YAML")).unwrap();
    let out = run_in(&dir, &["validate"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(text(&out.stdout).ends_with("检查了 24 个任务文件：0 个错误，2 个警告\n"));
    let listed = run_in(&dir, &["list", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    assert_eq!(json[0]["id"], "1.1");
    assert_eq!(json[0]["file"], dir.join("1.1.YAML").display().to_string());
    let out = run_in(
        &dir,
        &[
            "update",
            "1.1",
            "--note",
            "大写扩展名",
            "--date",
            "2019-03-31",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(text(&fs::read(dir.join("1.1.YAML")).unwrap()).contains("note: 大写扩展名"));
    assert!(!dir.join("1.1.yaml").exists());
}

#[test]
fn fmt_never_rewrites_a_file_that_breaks_a_rule() {
    let (_tmp, dir) = outside_git();
    let path = dir.join("1.2.yaml");
    // Naming a department the registry lacks: fmt has nothing to say about
    // it while it is in layout (validate does).
    let original = text(&fs::read(&path).unwrap());
    let broken = original.replace("  - 区城管局\n", "  - 区城官局\n");
    fs::write(&path, &broken).unwrap();
    let out = run_in(&dir, &["fmt", "--check"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(text(&out.stdout), "全部 24 个任务文件已是规范格式\n");
    // Out of canonical order as well: --check lists it, fmt leaves it be.
    let (modeline, body) = broken.split_once('\n').unwrap();
    let (first, rest) = body.split_once('\n').unwrap();
    let shuffled = format!("{modeline}\n{rest}{first}\n");
    fs::write(&path, &shuffled).unwrap();
    let out = run_in(&dir, &["fmt", "--check"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert_eq!(
        text(&out.stdout),
        format!(
            "{}\n1 个文件不是规范格式；运行 cooptrack fmt 整理\n",
            path.display()
        )
    );
    let out = run_in(&dir, &["fmt"]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert_eq!(
        text(&out.stderr),
        format!(
            "{}: 修改后的任务无法通过校验，未作任何修改：部门“区城官局”不在部门名录中，是否应为“区城管局”？\n\
             cooptrack: 错误：1 个文件无法整理\n",
            path.display()
        )
    );
    assert_eq!(text(&fs::read(&path).unwrap()), shuffled);
}

/// 1.4's responsible departments written with a YAML tag, which the line
/// editor does not append to.
fn tagged_responsible(dir: &Path) -> PathBuf {
    let path = dir.join("1.4.yaml");
    let original = text(&fs::read(&path).unwrap());
    let tagged = original.replace(
        "responsible:\n  - 区水务局\n",
        "responsible: !!seq [区水务局]\n",
    );
    assert_ne!(tagged, original);
    fs::write(&path, format!("# 人工维护\n{tagged}")).unwrap();
    path
}

/// The bundled notice with 1.4 supported by one more department.
fn notice_adding_a_department(root: &Path) -> PathBuf {
    let notice = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tongnan-2018-notice.txt"),
    )
    .unwrap();
    let revised = notice.replacen("责任部门:区水务局)", "责任部门:区水务局、区应急局)", 1);
    assert_ne!(
        revised, notice,
        "the notice names 1.4's department as expected"
    );
    let path = root.join("revised.txt");
    fs::write(&path, revised).unwrap();
    path
}

#[test]
fn import_rewrites_a_file_the_line_editor_cannot_change_only_with_reformat() {
    let (tmp, dir) = outside_git();
    let path = tagged_responsible(&dir);
    let before = fs::read(&path).unwrap();
    let notice = notice_adding_a_department(tmp.path());
    let notice = notice.to_str().unwrap();

    let out = run_in(&dir, &["import", notice]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "{}: “responsible”不是可追加的列表写法，无法就地修改，未作修改；可加 --reformat 按规范格式重写该文件（保留顶层注释）",
            path.display()
        )),
        "{stderr}"
    );
    assert_eq!(fs::read(&path).unwrap(), before);
    assert!(!text(&fs::read(dir.join("departments.yaml")).unwrap()).contains("区应急局"));

    let out = run_in(&dir, &["import", notice, "--reformat"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(
        text(&out.stdout).contains(&format!(
            "更新 {}：加强区域环境风险防范\n  responsible：区水务局 → 区水务局、区应急局\n  （无法就地修改，已按规范格式重写整个文件）\n",
            path.display()
        )),
        "{}",
        text(&out.stdout)
    );
    let rewritten = text(&fs::read(&path).unwrap());
    assert!(rewritten.starts_with("# 人工维护\n"), "{rewritten}");
    assert!(
        rewritten.contains("responsible:\n  - 区水务局\n  - 区应急局\n"),
        "{rewritten}"
    );
    assert_eq!(run_in(&dir, &["validate"]).status.code(), Some(0));
}

#[test]
fn a_list_with_a_comment_is_never_rewritten_behind_its_back() {
    let (tmp, dir) = outside_git();
    // 1.1's departments in another order than the notice's, one annotated.
    let path = dir.join("1.1.yaml");
    let original = text(&fs::read(&path).unwrap());
    let reordered = original.replace(
        "responsible:\n  - 区农委\n  - 区水务局\n",
        "responsible:\n  - 区水务局 # 2019 年会议确认\n  - 区农委\n",
    );
    assert_ne!(reordered, original);
    fs::write(&path, &reordered).unwrap();
    let notice = notice_adding_a_department(tmp.path());
    for extra in [&[][..], &["--reformat"]] {
        let mut args = vec!["import", notice.to_str().unwrap()];
        args.extend_from_slice(extra);
        let out = run_in(&dir, &args);
        assert_eq!(out.status.code(), Some(2), "{extra:?}: {out:?}");
        assert!(text(&out.stderr).starts_with(&format!("cooptrack: 错误：{}: ", path.display())));
        assert_eq!(text(&fs::read(&path).unwrap()), reordered, "{extra:?}");
    }
}
