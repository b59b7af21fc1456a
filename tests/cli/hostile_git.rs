//! `git-setup` in a repository whose paths hold what git, its config and
//! the shell treat specially (issue 20): `%P`, spaces, quotes, `[`, `#`,
//! `!` and `$()`. The attribute matches the task files, the driver line
//! runs the driver and nothing else, and a pull merges cleanly.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::common::copy_bundled;

/// A directory name no tool should take for anything but a name.
const WEIRD: &str = "t %P [1] #2 !3 \"4\" '5' $(touch PWNED) *";

fn run(program: &Path, dir: &Path, args: &[&str]) -> std::process::Output {
    let mut cmd = Command::new(program);
    cmd.current_dir(dir)
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "联络员")
        .env("GIT_AUTHOR_EMAIL", "liaison@example.com")
        .env("GIT_COMMITTER_NAME", "联络员")
        .env("GIT_COMMITTER_EMAIL", "liaison@example.com")
        .env("GIT_CEILING_DIRECTORIES", crate::repo::ceiling(dir))
        .env("LC_ALL", "C")
        .env("NO_COLOR", "1")
        .env("COOPTRACK_LANG", "zh")
        .env_remove("COOPTRACK_DIR");
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{} {args:?} failed:\n{}{}",
        program.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn git(dir: &Path, args: &[&str]) -> String {
    String::from_utf8(run(Path::new("git"), dir, args).stdout).unwrap()
}

#[test]
fn git_setup_with_hostile_paths_matches_and_merges_cleanly() {
    let tmp = tempfile::tempdir().unwrap();
    // The binary, copied where its path holds %P, a quote and $().
    let bin_dir = tmp.path().join("bin %P 'q' $(touch PWNED)");
    fs::create_dir(&bin_dir).unwrap();
    let me = bin_dir.join("cooptrack");
    fs::copy(env!("CARGO_BIN_EXE_cooptrack"), &me).unwrap();
    let repo = tmp.path().join("repo");
    fs::create_dir(&repo).unwrap();
    git(&repo, &["init", "-q", "-b", "main"]);
    let tasks = copy_bundled(&repo);
    fs::rename(&tasks, repo.join(WEIRD)).unwrap();
    fs::write(repo.join(".gitignore"), ".cooptrack.lock\n").unwrap();
    let tool = |args: &[&str]| {
        let mut all = vec!["--dir", WEIRD, "--as-of", "2020-06-30"];
        all.extend_from_slice(args);
        run(&me, &repo, &all)
    };
    tool(&["git-setup"]);
    let driver = git(&repo, &["config", "--get", "merge.cooptrack.driver"]);
    assert!(driver.contains("bin %%P"), "{driver}");
    let attr = git(
        &repo,
        &["check-attr", "merge", "--", &format!("{WEIRD}/1.1.yaml")],
    );
    assert!(attr.ends_with(": merge: cooptrack\n"), "{attr}");
    let other = git(&repo, &["check-attr", "merge", "--", "t/1.1.yaml"]);
    assert!(other.ends_with(": merge: unspecified\n"), "{other}");
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "-m", "任务台账"]);
    // Two branches each add an entry to 1.1; the merge runs the driver.
    git(&repo, &["checkout", "-q", "-b", "a"]);
    tool(&[
        "update",
        "1.1",
        "--note",
        "区环保局开展联合巡河",
        "--date",
        "2020-06-01",
        "--by",
        "区环保局",
    ]);
    git(&repo, &["commit", "-q", "-am", "a"]);
    git(&repo, &["checkout", "-q", "main"]);
    tool(&[
        "update",
        "1.1",
        "--note",
        "区水务局完成断面监测",
        "--date",
        "2020-05-20",
        "--by",
        "区水务局",
    ]);
    git(&repo, &["commit", "-q", "-am", "main"]);
    git(&repo, &["merge", "-q", "--no-edit", "a"]);
    let text = fs::read_to_string(repo.join(WEIRD).join("1.1.yaml")).unwrap();
    assert!(
        text.contains("区环保局开展联合巡河") && text.contains("区水务局完成断面监测"),
        "{text}"
    );
    assert!(!text.contains("<<<<<<<"), "{text}");
    for dir in [tmp.path(), &repo, &repo.join(WEIRD), &bin_dir] {
        assert!(
            !dir.join("PWNED").exists(),
            "a command ran in {}",
            dir.display()
        );
    }
}

/// A tasks directory whose name holds a line break cannot be a
/// `.gitattributes` line: refused before anything is written.
#[test]
fn git_setup_refuses_a_path_no_pattern_can_hold_before_writing() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    fs::create_dir(&repo).unwrap();
    git(&repo, &["init", "-q", "-b", "main"]);
    let tasks = copy_bundled(&repo);
    fs::rename(&tasks, repo.join("a\nb")).unwrap();
    let out = crate::common::bare()
        .current_dir(&repo)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CEILING_DIRECTORIES", crate::repo::ceiling(&repo))
        .args(["--dir", "a\nb", "git-setup"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let error = String::from_utf8(out.stderr).unwrap();
    assert!(
        error.contains("含换行符，无法写成 .gitattributes 的一行"),
        "{error}"
    );
    assert!(!repo.join(".gitattributes").exists());
    let config = fs::read_to_string(repo.join(".git/config")).unwrap();
    assert!(!config.contains("cooptrack"), "{config}");
}
