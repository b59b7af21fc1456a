//! A test repository: a copy of the bundled tasks/ in a fresh git
//! repository, so that `git diff` and `git status` show exactly what a
//! command changed; and running the binary in it.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command as StdCommand;

use tempfile::TempDir;

/// Where cooptrack takes its lock. It is listed in the project's
/// .gitignore (and in each test repository's), so it never makes a tree dirty.
pub(crate) const LOCK_FILE: &str = ".cooptrack.lock";

/// The date of the commit that sets up each test repository.
pub(crate) const SETUP_DATE: &str = "2018-09-01T10:00:00+08:00";

pub(crate) const AUTHOR: &str = "测试员";

/// A temp dir holding `tasks/` (a copy of the bundled one) in a git
/// repository whose first commit holds everything.
pub(crate) struct Repo {
    _tmp: TempDir,
    pub(crate) root: PathBuf,
    pub(crate) tasks: PathBuf,
}

/// What a command did.
#[derive(Debug)]
pub(crate) struct Run {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

impl Repo {
    pub(crate) fn new() -> Repo {
        let tmp = tempfile::tempdir().expect("temp dir");
        let root = tmp.path().to_path_buf();
        let tasks = crate::common::copy_bundled(&root);
        // A lock file or temp file left in the checkout by an earlier run
        // is not part of the bundled data.
        for entry in fs::read_dir(&tasks).unwrap() {
            let entry = entry.unwrap();
            if entry.file_name().to_string_lossy().starts_with('.') {
                fs::remove_file(entry.path()).unwrap();
            }
        }
        fs::write(root.join(".gitignore"), format!("{LOCK_FILE}\n")).unwrap();
        let repo = Repo {
            _tmp: tmp,
            root,
            tasks,
        };
        repo.git(&["init", "-q"]);
        repo.git(&["config", "user.name", AUTHOR]);
        repo.git(&["config", "user.email", "tester@example.com"]);
        repo.git(&["config", "commit.gpgsign", "false"]);
        repo.git(&["config", "core.autocrlf", "false"]);
        repo.commit_all("初始台账", SETUP_DATE);
        repo
    }

    /// Runs git in the repository, isolated from the user's and the
    /// system's configuration, and returns its stdout.
    pub(crate) fn git(&self, args: &[&str]) -> String {
        self.git_at(args, SETUP_DATE)
    }

    pub(crate) fn git_at(&self, args: &[&str], date: &str) -> String {
        let mut cmd = StdCommand::new("git");
        isolate_git(&mut cmd, &self.root, date);
        let output = cmd
            .current_dir(&self.root)
            .args(args)
            .output()
            .expect("git runs");
        assert!(
            output.status.success(),
            "git {args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).expect("git output is UTF-8")
    }

    pub(crate) fn commit_all(&self, message: &str, date: &str) {
        self.git(&["add", "-A"]);
        self.git_at(&["commit", "-q", "-m", message], date);
    }

    /// `cooptrack --dir <tmp>/tasks ARGS…`, run from the temp dir.
    pub(crate) fn cooptrack(&self) -> assert_cmd::Command {
        self.cooptrack_at(SETUP_DATE)
    }

    /// The same, with `date` as the date of any commit it makes.
    pub(crate) fn cooptrack_at(&self, date: &str) -> assert_cmd::Command {
        let mut cmd = crate::common::bare();
        cmd.current_dir(&self.root)
            .env("COLUMNS", "120")
            .env_remove("COOPTRACK_TEST_FAIL_BEFORE_RENAME")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date)
            .env("GIT_CEILING_DIRECTORIES", ceiling(&self.root))
            .arg("--dir")
            .arg(&self.tasks);
        cmd
    }

    pub(crate) fn run(&self, args: &[&str]) -> Run {
        run(self.cooptrack().args(args))
    }

    pub(crate) fn task_path(&self, id: &str) -> PathBuf {
        self.tasks.join(format!("{id}.yaml"))
    }

    /// A task file as the binary names it in messages.
    pub(crate) fn shown(&self, id: &str) -> String {
        self.task_path(id).display().to_string()
    }

    pub(crate) fn read(&self, id: &str) -> String {
        fs::read_to_string(self.task_path(id)).expect("task file")
    }

    pub(crate) fn read_bytes(&self, id: &str) -> Vec<u8> {
        fs::read(self.task_path(id)).expect("task file")
    }

    /// Writes a task file and commits it.
    pub(crate) fn commit_task(&self, id: &str, text: &str, message: &str) {
        fs::write(self.task_path(id), text).unwrap();
        self.commit_all(message, SETUP_DATE);
    }

    /// `git status --porcelain`, untracked files included.
    pub(crate) fn status(&self) -> String {
        self.git(&["status", "--porcelain", "--untracked-files=all"])
    }

    pub(crate) fn assert_clean(&self, context: &str) {
        assert_eq!(self.status(), "", "working tree not clean: {context}");
    }

    /// Every file under the temp dir (bar .git and the lock file), with
    /// its bytes.
    pub(crate) fn snapshot(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        let mut files = BTreeMap::new();
        collect_files(&self.root, &self.root, &mut files);
        files
    }

    /// Subject lines of the commits, newest first.
    pub(crate) fn subjects(&self) -> Vec<String> {
        self.git(&["log", "--format=%s"])
            .lines()
            .map(str::to_string)
            .collect()
    }
}

/// Keeps the user's git configuration (hooks, signing, autocrlf) out of
/// the test, and fixes the commit dates.
pub(crate) fn isolate_git(cmd: &mut StdCommand, root: &Path, date: &str) {
    cmd.env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .env("GIT_CEILING_DIRECTORIES", ceiling(root));
}

/// git must not find a repository above the temp dir.
pub(crate) fn ceiling(root: &Path) -> PathBuf {
    root.parent().unwrap_or(root).to_path_buf()
}

pub(crate) fn collect_files(root: &Path, dir: &Path, files: &mut BTreeMap<PathBuf, Vec<u8>>) {
    for entry in fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name == ".git" || name == LOCK_FILE {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            collect_files(root, &path, files);
        } else {
            let relative = path.strip_prefix(root).unwrap().to_path_buf();
            files.insert(relative, fs::read(&path).unwrap());
        }
    }
}

pub(crate) fn run(cmd: &mut assert_cmd::Command) -> Run {
    let output = cmd.output().expect("cooptrack runs");
    Run {
        code: output.status.code().expect("exit code"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

pub(crate) fn assert_ok(run: &Run, context: &str) {
    assert_eq!(run.code, 0, "{context} failed: {run:#?}");
}
