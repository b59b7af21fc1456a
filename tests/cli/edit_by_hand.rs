//! `cooptrack edit ID`, with a scripted editor: round N of the editor saves
//! what it was shown as `seen-N`, then puts `answer-N` in its place (if
//! there is one) and runs `hook-N` (if there is one). The scripted editor
//! is a shell script: Unix only.
#![cfg(unix)]

use std::fs;
use std::path::PathBuf;

use assert_cmd::Command;

use crate::common::{bare, copy_bundled};

struct Editing {
    dir: tempfile::TempDir,
}

impl Editing {
    fn new() -> Editing {
        let dir = tempfile::tempdir().unwrap();
        copy_bundled(dir.path());
        let script = dir.path().join("editor.sh");
        let work = dir.path().join("editor");
        fs::create_dir(&work).unwrap();
        fs::write(
            &script,
            format!(
                "#!/bin/sh\nD='{}'\nn=$(cat \"$D/round\" 2>/dev/null || echo 0)\nn=$((n+1))\necho $n > \"$D/round\"\ncp \"$1\" \"$D/seen-$n\"\nif [ -f \"$D/answer-$n\" ]; then cp \"$D/answer-$n\" \"$1\"; fi\nif [ -f \"$D/hook-$n\" ]; then sh \"$D/hook-$n\"; fi\n",
                work.display()
            ),
        )
        .unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&script, fs::Permissions::from_mode(0o755)).unwrap();
        }
        Editing { dir }
    }

    fn work(&self, name: &str) -> PathBuf {
        self.dir.path().join("editor").join(name)
    }

    fn answer(&self, round: usize, text: &str) {
        fs::write(self.work(&format!("answer-{round}")), text).unwrap();
    }

    fn seen(&self, round: usize) -> String {
        fs::read_to_string(self.work(&format!("seen-{round}"))).unwrap()
    }

    fn rounds(&self) -> usize {
        fs::read_to_string(self.work("round"))
            .map(|n| n.trim().parse().unwrap())
            .unwrap_or(0)
    }

    fn task(&self) -> PathBuf {
        self.dir.path().join("tasks/1.1.yaml")
    }

    fn original(&self) -> String {
        fs::read_to_string(crate::common::bundled().join("1.1.yaml")).unwrap()
    }

    fn cmd(&self) -> Command {
        let mut cmd = bare();
        cmd.current_dir(self.dir.path())
            .env("VISUAL", self.dir.path().join("editor.sh"))
            .env_remove("EDITOR")
            .args(["edit", "1.1"]);
        cmd
    }
}

fn output(cmd: &mut Command) -> (Option<i32>, String, String) {
    let out = cmd.output().unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn path_in(text: &str, after: &str) -> PathBuf {
    let start = text.find(after).unwrap() + after.len();
    let rest = &text[start..];
    PathBuf::from(rest.lines().next().unwrap().trim())
}

#[test]
fn unchanged_gives_up_and_writes_nothing() {
    let e = Editing::new();
    let (code, stdout, stderr) = output(&mut e.cmd());
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(stdout, "tasks/1.1.yaml：未作改动，未写入\n");
    assert_eq!(e.seen(1), e.original());
    assert_eq!(fs::read_to_string(e.task()).unwrap(), e.original());
}

#[test]
fn a_valid_edit_is_written() {
    let e = Editing::new();
    let edited = e.original().replace(
        "title: 加强跨界河流联防联控联治",
        "title: 加强跨界河流联防联控联治工作",
    );
    e.answer(1, &edited);
    let (code, stdout, stderr) = output(&mut e.cmd());
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(stdout, "已写入 tasks/1.1.yaml\n");
    assert_eq!(fs::read_to_string(e.task()).unwrap(), edited);
    assert_eq!(e.rounds(), 1);
    bare()
        .current_dir(e.dir.path())
        .arg("validate")
        .assert()
        .success();
}

#[test]
fn problems_reopen_the_editor_with_them_on_top() {
    let e = Editing::new();
    let broken = e.original().replace("status: 未启动", "status: 进行吧");
    e.answer(1, &broken);
    let fixed = e.original().replace("status: 未启动", "status: 推进中");
    // Round 2 saves the fixed text; what it was shown is asserted below.
    e.answer(2, &fixed);
    let (code, stdout, stderr) = output(&mut e.cmd());
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(stdout, "已写入 tasks/1.1.yaml\n");
    assert_eq!(e.rounds(), 2);
    let seen = e.seen(2);
    let mut lines = seen.lines();
    assert_eq!(
        lines.next().unwrap(),
        "#> cooptrack edit：有 1 个问题，修正后才能保存（行号不计这些以 #> 开头的行；原样保存则放弃修改）："
    );
    let problem = lines.next().unwrap();
    assert!(problem.starts_with("#>   第 15 行第 9 列："), "{problem}");
    assert!(problem.contains("进行吧"), "{problem}");
    // Below the problems, the text as the user left it.
    assert!(seen.ends_with(&broken));
    assert_eq!(fs::read_to_string(e.task()).unwrap(), fixed);
}

#[test]
fn a_broken_text_given_back_unchanged_is_given_up_and_kept() {
    let e = Editing::new();
    let broken = e.original().replace("status: 未启动", "status: 进行吧");
    e.answer(1, &broken);
    let (code, stdout, stderr) = output(&mut e.cmd());
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stdout.starts_with("tasks/1.1.yaml：仍有 1 个问题，已放弃修改，未写入；你的版本保存在 "),
        "{stdout}"
    );
    assert!(stdout.contains("\n  第 15 行第 9 列："), "{stdout}");
    assert_eq!(e.rounds(), 2);
    assert_eq!(fs::read_to_string(e.task()).unwrap(), e.original());
    let kept = path_in(&stdout, "你的版本保存在 ");
    assert!(fs::read_to_string(&kept).unwrap().ends_with(&broken));
    fs::remove_dir_all(kept.parent().unwrap()).unwrap();
}

#[test]
fn a_file_changed_meanwhile_is_not_overwritten() {
    let e = Editing::new();
    let mine = e.original().replace("status: 未启动", "status: 推进中");
    e.answer(1, &mine);
    let theirs = e.original().replace("status: 未启动", "status: 滞后");
    fs::write(e.work("theirs"), &theirs).unwrap();
    fs::write(
        e.work("hook-1"),
        format!(
            "cp '{}' '{}'\n",
            e.work("theirs").display(),
            e.task().display()
        ),
    )
    .unwrap();
    let (code, _, stderr) = output(&mut e.cmd());
    assert_eq!(code, Some(2));
    assert!(
        stderr.starts_with(
            "cooptrack: 错误：tasks/1.1.yaml: 编辑期间该文件已被他人修改，未写入；你的版本保存在 "
        ),
        "{stderr}"
    );
    assert_eq!(fs::read_to_string(e.task()).unwrap(), theirs);
    let kept = path_in(&stderr, "你的版本保存在 ");
    assert_eq!(fs::read_to_string(&kept).unwrap(), mine);
    fs::remove_dir_all(kept.parent().unwrap()).unwrap();
}

#[test]
fn a_failing_editor_and_a_missing_task_change_nothing() {
    let e = Editing::new();
    let (code, _, stderr) = output(e.cmd().env("VISUAL", "false"));
    assert_eq!(code, Some(2));
    assert_eq!(
        stderr,
        "cooptrack: 错误：编辑器“false”异常退出（退出码 1），未作修改\n"
    );
    // $EDITOR when $VISUAL is empty.
    let (code, _, stderr) = output(e.cmd().env("VISUAL", "").env("EDITOR", "false"));
    assert_eq!(code, Some(2));
    assert!(stderr.contains("编辑器“false”"), "{stderr}");
    let (code, _, stderr) = output(
        bare()
            .current_dir(e.dir.path())
            .env("VISUAL", "false")
            .args(["edit", "9.9"]),
    );
    assert_eq!(code, Some(2));
    assert!(stderr.contains("9.9"), "{stderr}");
    assert_eq!(fs::read_to_string(e.task()).unwrap(), e.original());
}
