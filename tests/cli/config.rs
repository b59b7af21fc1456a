//! `.cooptrack.toml`: `dept`, `by` and `lang` from the repository's file
//! or the user's, flags and environment variables over both, and a bad
//! file named with its line:column.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

use crate::common::{copy_bundled, json_of};

/// A repository (a `.git` directory and the bundled tasks) and an empty
/// user configuration directory.
struct Setup {
    dir: tempfile::TempDir,
}

impl Setup {
    fn new() -> Setup {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("repo/.git")).unwrap();
        copy_bundled(&dir.path().join("repo"));
        fs::create_dir_all(dir.path().join("config/cooptrack")).unwrap();
        Setup { dir }
    }

    fn repo(&self) -> PathBuf {
        self.dir.path().join("repo")
    }

    /// Writes the repository's file; returns its path as messages show it.
    fn write_repo_config(&self, text: &str) -> String {
        let path = self.repo().join(".cooptrack.toml");
        fs::write(&path, text).unwrap();
        path.display().to_string().replace('\\', "/")
    }

    fn write_user_config(&self, text: &str) {
        fs::write(self.dir.path().join("config/cooptrack/config.toml"), text).unwrap();
    }

    /// cooptrack in `cwd`, with no language asked by the environment
    /// (`LANG=C`) and the user configuration in this setup.
    fn cmd_in(&self, cwd: &Path) -> Command {
        let mut cmd = Command::cargo_bin("cooptrack").unwrap();
        cmd.env("NO_COLOR", "1")
            .env("COLUMNS", "200")
            .env("LANG", "C")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("COOPTRACK_LANG")
            .env_remove("COOPTRACK_DIR")
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env("APPDATA", self.dir.path().join("config"))
            .env("HOME", self.dir.path())
            .current_dir(cwd)
            .args(["--as-of", "2020-06-30"]);
        cmd
    }

    fn cmd(&self) -> Command {
        self.cmd_in(&self.repo())
    }
}

fn list_ids(cmd: &mut Command) -> Vec<String> {
    list_ids_with(cmd, &[])
}

fn list_ids_with(cmd: &mut Command, args: &[&str]) -> Vec<String> {
    let json = json_of(cmd.args(["list", "--format", "json"]).args(args));
    crate::common::ids(&json)
}

#[test]
fn dept_narrows_list_unless_a_flag_says_otherwise() {
    let s = Setup::new();
    s.write_repo_config("# 本单位\ndept = \"区水务局\"\n");
    assert_eq!(list_ids(&mut s.cmd()), ["1.1", "1.4", "2.3", "6.3"]);
    // From a directory below the repository's root too.
    let below = s.repo().join("tasks");
    assert_eq!(
        list_ids(&mut s.cmd_in(&below)),
        ["1.1", "1.4", "2.3", "6.3"]
    );
    // --dept names another department; --all every one.
    assert_eq!(
        list_ids_with(&mut s.cmd(), &["--dept", "区交委"]),
        ["2.1", "2.2", "2.3"]
    );
    assert_eq!(list_ids_with(&mut s.cmd(), &["--all"]).len(), 24);
}

#[test]
fn by_reports_progress_unless_by_is_given() {
    let s = Setup::new();
    s.write_repo_config("by = \"区水务局\"\n");
    // 1.1 is led by 区生态环境局; 区水务局 supports it.
    s.cmd()
        .args([
            "update",
            "1.1",
            "--note",
            "完成断面监测",
            "--date",
            "2020-06-01",
        ])
        .assert()
        .success();
    let progress =
        |s: &Setup| json_of(s.cmd().args(["show", "1.1", "--format", "json"]))["progress"].clone();
    let entries = progress(&s);
    assert_eq!(
        entries[entries.as_array().unwrap().len() - 1]["by"],
        "区水务局"
    );
    s.cmd()
        .args([
            "update",
            "1.1",
            "--note",
            "完成方案",
            "--date",
            "2020-06-02",
        ])
        .args(["--by", "区生态环境局"])
        .assert()
        .success();
    let entries = progress(&s);
    assert_eq!(
        entries[entries.as_array().unwrap().len() - 1]["by"],
        "区环保局"
    );
    // A deadline alone is no progress entry: the configured `by` does not
    // make it one (while --by alone would be refused).
    s.cmd()
        .args([
            "update",
            "1.1",
            "--due",
            "2023-06-30",
            "--reason",
            "征地未完成",
        ])
        .assert()
        .success();
}

#[test]
fn a_configured_name_that_is_wrong_is_named_with_its_place() {
    let s = Setup::new();
    let path = s.write_repo_config("lang = \"zh\"\nby = \"区水利局\"\n");
    let out = s
        .cmd()
        .args(["update", "1.1", "--note", "x", "--date", "2020-06-01"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    let place = format!("{}:2:6: by：", path);
    assert!(stderr.contains(&place), "{stderr}");
    assert!(stderr.contains("未知部门“区水利局”"), "{stderr}");
    // The same for dept.
    s.write_repo_config("lang = \"zh\"\ndept = \"区水利局\"\n");
    let out = s.cmd().arg("list").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(&format!("{}:2:8: dept：", path)),
        "{stderr}"
    );
}

#[test]
fn lang_sets_the_language_and_flags_and_the_environment_override_it() {
    let s = Setup::new();
    s.write_repo_config("lang = \"zh\"\n");
    let validate = |cmd: &mut Command| {
        String::from_utf8(cmd.arg("validate").output().unwrap().stdout).unwrap()
    };
    assert!(validate(&mut s.cmd()).contains("检查了 24 个任务文件"));
    assert!(validate(s.cmd().args(["--lang", "en"])).contains("checked 24 task files"));
    assert!(validate(s.cmd().env("COOPTRACK_LANG", "en")).contains("checked 24 task files"));
    // clap's own texts follow it too.
    let help = s.cmd().args(["list", "--help"]).output().unwrap();
    assert!(String::from_utf8(help.stdout).unwrap().contains("用法："));
}

#[test]
fn the_users_file_counts_and_the_repositorys_keys_win() {
    let s = Setup::new();
    s.write_user_config("dept = \"区交委\"\nlang = \"zh\"\n");
    assert_eq!(list_ids(&mut s.cmd()), ["2.1", "2.2", "2.3"]);
    s.write_repo_config("dept = \"区水务局\"\n");
    assert_eq!(list_ids(&mut s.cmd()), ["1.1", "1.4", "2.3", "6.3"]);
    // The user's lang still holds: the repository's file does not name one.
    let out = s.cmd().arg("validate").output().unwrap();
    assert!(String::from_utf8(out.stdout).unwrap().contains("检查了"));
}

#[test]
fn a_file_above_the_repository_is_not_read() {
    let s = Setup::new();
    fs::write(s.dir.path().join(".cooptrack.toml"), "dept = \"区交委\"\n").unwrap();
    assert_eq!(list_ids(&mut s.cmd()).len(), 24);
}

#[test]
fn a_bad_file_is_an_error_naming_the_file_line_and_column() {
    let s = Setup::new();
    let cases: [(&str, &str, &str); 5] = [
        (
            "dept = \"区水务局\"\nby = 区水务局\n",
            "2:6",
            "配置文件有误",
        ),
        (
            "dept = \"区水务局\"\ndepartment = \"区交委\"\n",
            "2:1",
            "dept、by、lang",
        ),
        ("lang = \"fr\"\n", "1:8", "lang 只能是 zh 或 en，不是“fr”"),
        ("by = 3\n", "1:6", "配置文件有误"),
        ("dept = \"  \"\n", "1:8", "dept 为空"),
    ];
    for (text, place, words) in cases {
        let path = s.write_repo_config(text);
        let out = s
            .cmd()
            .env("COOPTRACK_LANG", "zh")
            .arg("list")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{text}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        let expected = format!("cooptrack: 错误：{}:{place}: ", path);
        assert!(stderr.starts_with(&expected), "{text}: {stderr}");
        assert!(stderr.contains(words), "{text}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
    }
    // In English too.
    let path = s.write_repo_config("lang = \"fr\"\n");
    let out = s.cmd().args(["--lang", "en", "list"]).output().unwrap();
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        format!(
            "cooptrack: error: {}:1:8: lang must be zh or en, not “fr”\n",
            path
        )
    );
}
