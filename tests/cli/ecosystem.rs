//! Shell completion and the manual page.

use crate::common::{bare, bundled, stdout_of};

/// What fish would offer after these words (fish's protocol is one
/// candidate per line, with an optional tab and help text).
fn fish_candidates(words: &[&str]) -> Vec<String> {
    let mut cmd = bare();
    cmd.env("COOPTRACK_COMPLETE", "fish")
        .env("COOPTRACK_DIR", bundled())
        .arg("--")
        .arg("cooptrack")
        .args(words);
    stdout_of(&mut cmd)
        .lines()
        .map(|l| l.split('\t').next().unwrap().to_string())
        .collect()
}

#[test]
fn completion_offers_subcommands_and_flags() {
    let subcommands = fish_candidates(&["up"]);
    assert_eq!(subcommands, ["update"]);
    let flags = fish_candidates(&["list", "--ro"]);
    assert_eq!(flags, ["--role"]);
}

#[test]
fn completion_offers_department_names_old_and_new() {
    assert_eq!(fish_candidates(&["list", "--dept", "区环"]), ["区环保局"]);
    let all = fish_candidates(&["list", "--dept", ""]);
    assert_eq!(
        all.len(),
        31,
        "23 departments, 4 former names and 4 short names: {all:?}"
    );
    assert!(all.contains(&"区生态环境局".to_string()));
    assert_eq!(
        fish_candidates(&["update", "1.1", "--by", "区卫生"]),
        ["区卫生健康委", "区卫生计生委"]
    );
}

#[test]
fn completion_offers_task_ids() {
    assert_eq!(
        fish_candidates(&["show", "4."]),
        ["4.1", "4.2", "4.3", "4.4", "4.5"]
    );
    assert_eq!(fish_candidates(&["update", "7"]), ["7.1", "7.2"]);
}

#[test]
fn completions_prints_a_registration_script_per_shell() {
    for (shell, marker) in [
        ("bash", "complete -o"),
        ("zsh", "compdef"),
        ("fish", "complete --keep-order"),
        (
            "powershell",
            "Register-ArgumentCompleter -Native -CommandName cooptrack",
        ),
    ] {
        let script = stdout_of(bare().args(["completions", shell]));
        assert!(script.contains("COOPTRACK_COMPLETE"), "{shell}: {script}");
        assert!(script.contains(marker), "{shell}: {script}");
    }
    bare().args(["completions", "elvish"]).assert().code(2);
}

/// Candidates with the description beside each, as fish and PowerShell
/// get them: `value\tdescription`.
fn described(shell: &str, words: &[&str]) -> Vec<String> {
    let mut cmd = bare();
    cmd.env("COOPTRACK_COMPLETE", shell)
        .env("COOPTRACK_DIR", bundled())
        .arg("--")
        .arg("cooptrack")
        .args(words);
    stdout_of(&mut cmd).lines().map(str::to_string).collect()
}

#[test]
fn task_ids_come_with_their_titles() {
    assert_eq!(
        described("fish", &["show", "7"]),
        ["7.1\t加快川渝合作示范区建设", "7.2\t共建产业合作园区"]
    );
    // PowerShell's protocol is the same: the script splits at the tab.
    assert_eq!(
        described("powershell", &["update", "7.2"]),
        ["7.2\t共建产业合作园区"]
    );
}

#[test]
fn status_section_and_period_values_are_offered() {
    assert_eq!(
        described("fish", &["list", "--status", "推"]),
        ["推进中\tin_progress"]
    );
    let english = described("fish", &["--lang", "en", "update", "1.1", "--status", "d"]);
    assert_eq!(english, ["done\t已完成", "delayed\t滞后"]);
    let sections = described("fish", &["list", "--section", ""]);
    assert_eq!(sections.len(), 7);
    assert_eq!(sections[0], "1\t推动生态环境联防联控联治");
    assert_eq!(
        described("fish", &["forms", "--period", "2020Q"]),
        [
            "2020Q4\t2020年第四季度",
            "2020Q3\t2020年第三季度",
            "2020Q2\t2020年第二季度",
            "2020Q1\t2020年第一季度"
        ]
    );
    // Months too, and for every command with --period.
    for command in [
        &["report"][..],
        &["problems"],
        &["remind"],
        &["update", "1.1"],
    ] {
        let mut words = command.to_vec();
        words.extend(["--period", "2019-1"]);
        assert_eq!(
            described("fish", &words),
            [
                "2019-12\t2019年12月",
                "2019-11\t2019年11月",
                "2019-10\t2019年10月"
            ],
            "{command:?}"
        );
    }
}

#[test]
fn the_manual_page_covers_every_subcommand() {
    let page = stdout_of(bare().arg("man"));
    assert!(page.contains(".TH cooptrack 1"));
    for sub in [
        "list", "show", "depts", "validate", "update", "add", "fmt", "log", "report", "schema",
    ] {
        assert!(page.contains(sub), "man page lacks {sub}");
    }
    let dir = tempfile::tempdir().unwrap();
    bare().arg("man").arg(dir.path()).assert().success();
    for page in [
        "cooptrack.1",
        "cooptrack-list.1",
        "cooptrack-update.1",
        "cooptrack-report.1",
    ] {
        let text = std::fs::read_to_string(dir.path().join(page)).unwrap();
        assert!(text.starts_with(".ie"), "{page}");
    }
}
