//! Many departments, one remote: the merge driver with real git (a bare
//! repository as the remote, clones that ran `git-setup`), and the
//! GitLab Code Quality report.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command as StdCommand;

use crate::common::{bare, copy_bundled};

/// The hand-written comment every merge must keep.
const COMMENT: &str = "# 巡河由区环保局牵头，区水务局配合（办公室注）";

/// A bare remote and the clones of it.
struct Remote {
    tmp: tempfile::TempDir,
    origin: PathBuf,
}

fn git(dir: &Path, args: &[&str]) -> std::process::Output {
    let mut cmd = StdCommand::new("git");
    cmd.current_dir(dir)
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "联络员")
        .env("GIT_AUTHOR_EMAIL", "liaison@example.com")
        .env("GIT_COMMITTER_NAME", "联络员")
        .env("GIT_COMMITTER_EMAIL", "liaison@example.com")
        .env("GIT_CEILING_DIRECTORIES", crate::repo::ceiling(dir))
        // git's own messages in English; the driver it runs in Chinese.
        .env("LANGUAGE", "C")
        .env("LC_ALL", "C")
        .env("COOPTRACK_LANG", "zh");
    cmd.output().unwrap()
}

/// git, which must succeed; its stdout.
fn ok(dir: &Path, args: &[&str]) -> String {
    let out = git(dir, args);
    assert!(
        out.status.success(),
        "git {args:?} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// cooptrack in a clone, on its tasks, with a fixed today.
fn cooptrack(clone: &Path, args: &[&str]) -> std::process::Output {
    bare()
        .current_dir(clone)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "联络员")
        .env("GIT_AUTHOR_EMAIL", "liaison@example.com")
        .env("GIT_COMMITTER_NAME", "联络员")
        .env("GIT_COMMITTER_EMAIL", "liaison@example.com")
        .env("GIT_CEILING_DIRECTORIES", crate::repo::ceiling(clone))
        .args(["--dir", "tasks", "--as-of", "2020-06-30"])
        .args(args)
        .output()
        .unwrap()
}

fn cooptrack_ok(clone: &Path, args: &[&str]) -> String {
    let out = cooptrack(clone, args);
    assert!(
        out.status.success(),
        "cooptrack {args:?} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

impl Remote {
    /// The bundled tasks (1.1 with a hand-written comment) and the
    /// `.gitattributes` from `git-setup`, pushed to a bare remote.
    fn new() -> Remote {
        let tmp = tempfile::tempdir().unwrap();
        let origin = tmp.path().join("origin.git");
        ok(
            tmp.path(),
            &["init", "-q", "--bare", "-b", "main", "origin.git"],
        );
        let seed = tmp.path().join("seed");
        fs::create_dir(&seed).unwrap();
        ok(&seed, &["init", "-q", "-b", "main"]);
        let tasks = copy_bundled(&seed);
        let one = tasks.join("1.1.yaml");
        let text = fs::read_to_string(&one).unwrap();
        fs::write(
            &one,
            text.replace("lead:\n", &format!("{COMMENT}\nlead:\n")),
        )
        .unwrap();
        fs::write(seed.join(".gitignore"), ".cooptrack.lock\n").unwrap();
        let setup = cooptrack_ok(&seed, &["git-setup"]);
        assert!(
            setup.starts_with(
                "已写入 .gitattributes：tasks/*.yaml merge=cooptrack（请提交，每个克隆都用它）\n"
            ),
            "{setup}"
        );
        ok(&seed, &["add", "-A"]);
        ok(&seed, &["commit", "-q", "-m", "任务台账"]);
        ok(
            &seed,
            &["remote", "add", "origin", origin.to_str().unwrap()],
        );
        ok(&seed, &["push", "-q", "origin", "main"]);
        Remote { tmp, origin }
    }

    /// A clone that ran `git-setup` (which finds `.gitattributes` there).
    fn clone(&self, name: &str) -> PathBuf {
        let dir = self.tmp.path().join(name);
        ok(
            self.tmp.path(),
            &["clone", "-q", self.origin.to_str().unwrap(), name],
        );
        let setup = cooptrack_ok(&dir, &["git-setup"]);
        assert!(
            setup.starts_with(".gitattributes 已有：tasks/*.yaml merge=cooptrack\n"),
            "{setup}"
        );
        dir
    }
}

fn note(clone: &Path, id: &str, date: &str, text: &str, by: &str) {
    cooptrack_ok(
        clone,
        &[
            "update", id, "--note", text, "--date", date, "--by", by, "--commit",
        ],
    );
}

fn notes_of(clone: &Path, id: &str) -> Vec<(String, String)> {
    let out = cooptrack_ok(clone, &["show", id, "--format", "json"]);
    let task: serde_json::Value = serde_json::from_str(&out).unwrap();
    task["progress"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["date"].as_str().unwrap().to_string(),
                e["note"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn two_clones_one_task(pull: &[&str]) {
    let remote = Remote::new();
    let a = remote.clone("a");
    let b = remote.clone("b");
    note(&a, "1.1", "2020-06-01", "区环保局开展联合巡河", "区环保局");
    ok(&a, &["push", "-q", "origin", "main"]);
    note(&b, "1.1", "2020-05-20", "区水务局完成断面监测", "区水务局");
    ok(
        &b,
        &[&["pull", "-q"][..], pull, &["origin", "main"][..]].concat(),
    );
    assert_eq!(
        notes_of(&b, "1.1"),
        [
            ("2020-05-20".to_string(), "区水务局完成断面监测".to_string()),
            ("2020-06-01".to_string(), "区环保局开展联合巡河".to_string()),
        ]
    );
    let text = fs::read_to_string(b.join("tasks/1.1.yaml")).unwrap();
    assert!(text.contains(&format!("{COMMENT}\nlead:\n")), "{text}");
    assert!(!text.contains("<<<<<<<"), "{text}");
    cooptrack_ok(&b, &["validate"]);
    assert_eq!(ok(&b, &["status", "--porcelain"]), "");
}

#[test]
fn two_clones_add_entries_to_one_task_and_pull_with_merge() {
    two_clones_one_task(&["--no-rebase"]);
}

#[test]
fn two_clones_add_entries_to_one_task_and_pull_with_rebase() {
    two_clones_one_task(&["--rebase"]);
}

#[test]
fn two_different_status_changes_conflict_on_the_status_lines_only() {
    let remote = Remote::new();
    let a = remote.clone("a");
    let b = remote.clone("b");
    cooptrack_ok(
        &a,
        &[
            "update",
            "1.1",
            "--status",
            "推进中",
            "--note",
            "开展联合巡河",
            "--date",
            "2020-06-01",
            "--commit",
        ],
    );
    ok(&a, &["push", "-q", "origin", "main"]);
    cooptrack_ok(
        &b,
        &[
            "update",
            "1.1",
            "--status",
            "滞后",
            "--note",
            "资金未到位",
            "--date",
            "2020-06-02",
            "--commit",
        ],
    );
    let pull = git(&b, &["pull", "--no-rebase", "origin", "main"]);
    assert!(!pull.status.success(), "the pull must report the conflict");
    let stderr = String::from_utf8_lossy(&pull.stderr);
    assert!(
        stderr.contains(
            "cooptrack merge-driver：tasks/1.1.yaml：双方对 status 作了不同修改，已用冲突标记标出"
        ),
        "{stderr}"
    );
    let text = fs::read_to_string(b.join("tasks/1.1.yaml")).unwrap();
    assert!(
        text.contains("<<<<<<< ours\nstatus: 滞后\n=======\nstatus: 推进中\n>>>>>>> theirs\ndue: 2022-12-31\n"),
        "{text}"
    );
    // Both entries, the comment, one conflict: nothing else changed.
    assert_eq!(text.matches("<<<<<<<").count(), 1, "{text}");
    assert!(
        text.contains("开展联合巡河") && text.contains("资金未到位"),
        "{text}"
    );
    assert!(text.contains(COMMENT), "{text}");
    let validate = cooptrack(&b, &["validate"]);
    assert_eq!(validate.status.code(), Some(1));
    let out = String::from_utf8_lossy(&validate.stdout);
    assert!(out.contains("tasks/1.1.yaml"), "{out}");
}

#[test]
fn twenty_clones_each_push_entries_and_every_entry_arrives() {
    let remote = Remote::new();
    let clones: Vec<PathBuf> = (0..20).map(|i| remote.clone(&format!("c{i}"))).collect();
    // Tasks with one lead, so that the lead reports (2.1 区交委 … ).
    let tasks = [
        ("1.1", "区环保局"),
        ("2.1", "区交委"),
        ("2.3", "区水务局"),
        ("4.5", "区旅游局"),
        ("5.1", "区发展改革委"),
    ];
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut made = 0;
    for (i, clone) in clones.iter().enumerate() {
        ok(clone, &["pull", "-q", "--no-rebase", "origin", "main"]);
        for k in 0..2 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let (id, lead) = tasks[usize::try_from(seed % 5).unwrap()];
            let day = format!("2020-06-{:02}", 1 + (seed % 28));
            note(
                clone,
                id,
                &day,
                &format!("第 {i} 个克隆的第 {k} 条进展"),
                lead,
            );
            made += 1;
        }
        // Someone pushed in between: pull (with the driver), then push.
        ok(clone, &["pull", "-q", "--no-rebase", "origin", "main"]);
        ok(clone, &["push", "-q", "origin", "main"]);
    }
    let last = remote.clone("last");
    let arrived: usize = tasks.iter().map(|(id, _)| notes_of(&last, id).len()).sum();
    assert_eq!(arrived, made);
    assert_eq!(made, 40);
    cooptrack_ok(&last, &["validate"]);
    let text = fs::read_to_string(last.join("tasks/1.1.yaml")).unwrap();
    assert!(text.contains(COMMENT), "{text}");
}

#[test]
fn a_side_that_does_not_parse_falls_back_to_a_line_merge() {
    let remote = Remote::new();
    let a = remote.clone("a");
    let b = remote.clone("b");
    let file = a.join("tasks/1.1.yaml");
    let text = fs::read_to_string(&file).unwrap();
    fs::write(&file, text.replace("status: 未启动", "status: [未启动")).unwrap();
    ok(&a, &["commit", "-q", "-am", "误改"]);
    ok(&a, &["push", "-q", "origin", "main"]);
    note(&b, "1.1", "2020-05-20", "区水务局完成断面监测", "区水务局");
    let pull = git(&b, &["pull", "--no-rebase", "origin", "main"]);
    let stderr = String::from_utf8_lossy(&pull.stderr);
    assert!(
        stderr.contains("cooptrack merge-driver：tasks/1.1.yaml："),
        "{stderr}"
    );
    assert!(stderr.contains("改用 git 的逐行合并"), "{stderr}");
    // git's line merge: the two edits are apart, so it merged them as lines.
    let merged = fs::read_to_string(b.join("tasks/1.1.yaml")).unwrap();
    assert!(
        merged.contains("status: [未启动") && merged.contains("区水务局完成断面监测"),
        "{merged}"
    );
}

#[test]
fn git_setup_is_idempotent() {
    let remote = Remote::new();
    let a = remote.clone("a");
    let before = fs::read(a.join(".gitattributes")).unwrap();
    let again = cooptrack_ok(&a, &["git-setup"]);
    assert_eq!(again.lines().count(), 3, "{again}");
    assert!(again.starts_with(".gitattributes 已有：tasks/*.yaml merge=cooptrack\ngit 配置已有：merge.cooptrack.name = "), "{again}");
    assert!(
        again.contains("\ngit 配置已有：merge.cooptrack.driver = "),
        "{again}"
    );
    assert_eq!(fs::read(a.join(".gitattributes")).unwrap(), before);
    assert_eq!(
        String::from_utf8(before)
            .unwrap()
            .matches("merge=cooptrack")
            .count(),
        1
    );
}

#[test]
fn validate_writes_gitlab_code_quality() {
    let out = bare()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "--dir",
            "tests/fixtures/validate/blank-text",
            "validate",
            "--format",
            "gitlab",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let issues: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(issues.as_array().unwrap().len(), 1);
    let issue = &issues[0];
    assert_eq!(issue["check_name"], "cooptrack-validate");
    assert_eq!(issue["severity"], "major");
    assert_eq!(
        issue["location"]["path"],
        "tests/fixtures/validate/blank-text/1.2.yaml"
    );
    assert_eq!(issue["location"]["lines"]["begin"], 6);
    assert_eq!(
        issue["description"],
        "任务内容（text）只有空白或不可见字符：应为通知中该任务的全文"
    );
    assert_eq!(issue["fingerprint"].as_str().unwrap().len(), 16);
}
