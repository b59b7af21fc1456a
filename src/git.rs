//! The few git operations cooptrack needs, by running `git` itself so
//! that the user's configuration, hooks and signing apply.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context as _, Result};
use chrono::NaiveDate;

use crate::i18n::pick;
use crate::tr;

/// One commit that touched a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    pub date: NaiveDate,
    pub author: String,
    pub subject: String,
    pub hash: String,
}

fn cannot_run() -> &'static str {
    pick("无法运行 git", "cannot run git")
}

fn git(dir: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.current_dir(dir);
    cmd
}

/// Is `dir` inside a git work tree?
pub fn is_repository(dir: &Path) -> bool {
    git(dir)
        .args(["rev-parse", "--is-inside-work-tree"])
        .output()
        .is_ok_and(|o| o.status.success() && o.stdout.starts_with(b"true"))
}

/// Commits that touched `file`, newest first, following renames.
pub fn file_history(file: &Path) -> Result<Vec<Commit>> {
    let dir = file
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = file.file_name().context("no file name")?;
    let output = git(dir)
        .args([
            "log",
            "--follow",
            "--date=short",
            "--format=%ad%x1f%an%x1f%h%x1f%s",
            "--",
        ])
        .arg(name)
        .output()
        .with_context(cannot_run)?;
    if !output.status.success() {
        bail!(tr!(
            "git log 失败：{}",
            "git log failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    let text = String::from_utf8_lossy(&output.stdout);
    Ok(text
        .lines()
        .filter_map(|line| {
            let mut parts = line.splitn(4, '\x1f');
            let date = NaiveDate::parse_from_str(parts.next()?, "%Y-%m-%d").ok()?;
            let author = parts.next()?.to_string();
            let hash = parts.next()?.to_string();
            let subject = parts.next().unwrap_or_default().to_string();
            Some(Commit {
                date,
                author,
                subject,
                hash,
            })
        })
        .collect())
}

/// The names (without extension) of files once in `dir` and since deleted,
/// from git's history; empty outside a repository.
pub fn deleted_file_stems(dir: &Path) -> Vec<String> {
    let output = git(dir)
        .args([
            "log",
            "--diff-filter=D",
            "--name-only",
            "--format=",
            "--relative",
            "--",
            ".",
        ])
        .output();
    let Some(output) = output.ok().filter(|o| o.status.success()) else {
        return Vec::new();
    };
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter(|line| !line.contains('/') && crate::ids::is_task_file_name(line))
        .map(|line| crate::ids::file_stem(Path::new(line)))
        .collect()
}

/// Which of `names` (files in `dir`) exist but git does not track yet
/// (nor ignores): what `init` wrote before the first commit.
pub fn untracked(dir: &Path, names: &[&str]) -> Result<Vec<PathBuf>> {
    let present: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| dir.join(n).is_file())
        .collect();
    if present.is_empty() {
        return Ok(Vec::new());
    }
    let listed = output(
        dir,
        &[
            &["ls-files", "--others", "--exclude-standard", "--"][..],
            &present[..],
        ]
        .concat(),
    )?;
    Ok(listed
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| dir.join(l))
        .collect())
}

/// Writes the staged version (the index) of every YAML and JSON file of
/// the repository `dir` is in below `into`, as they sit in the
/// repository, and returns where `dir` is in that copy: what a commit
/// would hold, whatever the working tree says.
pub fn export_index(dir: &Path, into: &Path) -> Result<PathBuf> {
    use std::io::Write as _;
    let root = toplevel(dir)?;
    let canonical = |p: &Path| {
        p.canonicalize()
            .with_context(|| tr!("{}: 无法访问", "{}: cannot access it", p.display()))
    };
    let relative = canonical(dir)?
        .strip_prefix(canonical(&root)?)
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let listed = git(&root)
        .args([
            "ls-files", "-z", "--cached", "--", "*.yaml", "*.yml", "*.json",
        ])
        .output()
        .with_context(cannot_run)?;
    if !listed.status.success() {
        bail!(tr!(
            "git ls-files 失败：{}",
            "git ls-files failed: {}",
            String::from_utf8_lossy(&listed.stderr).trim()
        ));
    }
    let mut prefix = std::path::absolute(into)?.display().to_string();
    prefix.push('/');
    let mut checkout = git(&root)
        .args(["checkout-index", "-z", "--stdin", "-f"])
        .arg(format!("--prefix={prefix}"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .with_context(cannot_run)?;
    if let Some(mut stdin) = checkout.stdin.take() {
        stdin.write_all(&listed.stdout)?;
    }
    let done = checkout.wait_with_output().with_context(cannot_run)?;
    if !done.status.success() {
        bail!(tr!(
            "git checkout-index 失败：{}",
            "git checkout-index failed: {}",
            String::from_utf8_lossy(&done.stderr).trim()
        ));
    }
    Ok(into.join(relative))
}

/// Stages and commits exactly `file` with `message`.
pub fn commit_file(file: &Path, message: &str) -> Result<()> {
    commit_files(&[file], message)
}

/// Stages and commits exactly these files (of one repository) with `message`.
pub fn commit_files(files: &[&Path], message: &str) -> Result<()> {
    let Some(first) = files.first() else {
        return Ok(());
    };
    let dir = first
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    // Absolute paths: the files may sit in different directories.
    let paths: Vec<PathBuf> = files
        .iter()
        .map(|f| std::path::absolute(f).unwrap_or_else(|_| f.to_path_buf()))
        .collect();
    let add = git(dir)
        .arg("add")
        .arg("--")
        .args(&paths)
        .output()
        .with_context(cannot_run)?;
    if !add.status.success() {
        bail!(tr!(
            "git add 失败：{}",
            "git add failed: {}",
            String::from_utf8_lossy(&add.stderr).trim()
        ));
    }
    let commit = git(dir)
        .args(["commit", "--quiet", "-m", message, "--"])
        .args(&paths)
        .output()
        .with_context(cannot_run)?;
    if !commit.status.success() {
        bail!(tr!(
            "git commit 失败：{}",
            "git commit failed: {}",
            String::from_utf8_lossy(&commit.stderr).trim()
        ));
    }
    Ok(())
}

/// Runs git in `dir` and returns its trimmed stdout, or an error with its
/// stderr.
fn output(dir: &Path, args: &[&str]) -> Result<String> {
    let run = git(dir).args(args).output().with_context(cannot_run)?;
    if !run.status.success() {
        bail!(
            "git {}: {}",
            args.first().copied().unwrap_or_default(),
            String::from_utf8_lossy(&run.stderr).trim()
        );
    }
    Ok(String::from_utf8_lossy(&run.stdout).trim_end().to_string())
}

/// `--commit` checks first that `dir` is in a git work tree, so that a
/// change is never written and then left uncommitted.
pub fn require_work_tree(dir: &Path) -> Result<()> {
    let inside = output(dir, &["rev-parse", "--is-inside-work-tree"]);
    if inside.as_deref().is_ok_and(|s| s == "true") {
        return Ok(());
    }
    bail!(tr!(
        "--commit：{} 不在 git 工作树中，无法提交；未写入任何内容（去掉 --commit，或先 git init）",
        "--commit: {} is not in a git work tree, so nothing can be committed; nothing was written (drop --commit, or run git init first)",
        dir.display()
    ))
}

/// The root of the work tree `dir` is in.
pub fn toplevel(dir: &Path) -> Result<PathBuf> {
    output(dir, &["rev-parse", "--show-toplevel"])
        .map(PathBuf::from)
        .map_err(|_| {
            anyhow::anyhow!(tr!(
                "{} 不在 git 仓库中：合并驱动只用于 git 仓库",
                "{} is not in a git repository: the merge driver is for git repositories",
                dir.display()
            ))
        })
}

/// The repository's own (local) value of a config key.
pub fn local_config(root: &Path, key: &str) -> Option<String> {
    output(root, &["config", "--local", "--get", key]).ok()
}

pub fn set_local_config(root: &Path, key: &str, value: &str) -> Result<()> {
    output(root, &["config", "--local", key, value]).map(|_| ())
}

/// git's own line merge of three files, the result written to `ours`:
/// true when it merged without conflict.
pub fn merge_file(ours: &Path, base: &Path, theirs: &Path, marker_size: usize) -> Result<bool> {
    let size = format!("--marker-size={marker_size}");
    let run = git(Path::new("."))
        .args([
            "merge-file",
            "-L",
            "ours",
            "-L",
            "base",
            "-L",
            "theirs",
            &size,
        ])
        .args([ours, base, theirs])
        .output()
        .with_context(cannot_run)?;
    match run.status.code() {
        Some(0) => Ok(true),
        // The number of conflicts (git caps it at 127).
        Some(1..=127) => Ok(false),
        _ => bail!(
            "git merge-file: {}",
            String::from_utf8_lossy(&run.stderr).trim()
        ),
    }
}
