//! All or nothing per form, even under kill -9: `collect` killed at every
//! point where a write can stop, and at random moments, leaves each form
//! wholly applied or not at all once the next writer has taken the lock.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::forms::{Filling, RoundTrip};

/// The forms of the test and how many entries each adds: 区水务局's form
/// touches four task files (1.1, 1.4, 2.3, 6.3), the others one each.
const FORMS: [(&str, usize); 3] = [("区水务局", 4), ("区城管局", 1), ("区旅游局", 2)];

fn fill(trip: &RoundTrip) -> Vec<PathBuf> {
    let water = trip.form("区水务局");
    Filling::open(&water)
        .text("G6", "完成琼江断面水质联合监测")
        .text("L6", "2020-06-10")
        .text("G7", "配合完成流域治理方案")
        .text("L7", "2020-06-11")
        .text("G8", "完成涪江航道整治方案编制")
        .text("J8", "推进中")
        .text("L8", "2020-06-15")
        .text("G9", "配合开展河长制巡河")
        .text("L9", "2020-06-12")
        .save(&water);
    let city = trip.form("区城管局");
    Filling::open(&city)
        .text("G6", "开展道路扬尘专项整治 12 次")
        .text("L6", "2020-06-20")
        .save(&city);
    let tourism = trip.form("区旅游局");
    Filling::open(&tourism)
        .text("G6", "双江古镇创建国家 4A 级景区通过验收")
        .text("J6", "已完成")
        .text("K6", "市文化旅游委 2020 年 6 月 28 日验收通过文件")
        .text("L6", "2020-06-28")
        .save(&tourism);
    FORMS.iter().map(|(unit, _)| trip.form(unit)).collect()
}

/// A fresh copy of the round trip's tasks.
fn fresh(trip: &RoundTrip, root: &Path) -> PathBuf {
    let dir = root.join("tasks");
    fs::create_dir_all(&dir).unwrap();
    for entry in fs::read_dir(&trip.tasks).unwrap() {
        let entry = entry.unwrap();
        if entry.file_name().to_string_lossy().ends_with(".yaml") {
            fs::copy(entry.path(), dir.join(entry.file_name())).unwrap();
        }
    }
    dir
}

fn collect(dir: &Path, forms: &[PathBuf]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cooptrack"));
    cmd.env("COOPTRACK_LANG", "zh")
        .env("NO_COLOR", "1")
        .env_remove("COOPTRACK_DIR")
        .current_dir(dir.parent().unwrap())
        .arg("--dir")
        .arg(dir)
        .args(["--as-of", "2020-07-03", "collect"])
        .args(forms);
    cmd
}

/// How many entries of each form the task files hold.
fn applied(dir: &Path) -> Vec<usize> {
    let texts: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| fs::read_to_string(p).unwrap())
        .collect();
    FORMS
        .iter()
        .map(|(unit, _)| {
            let source = format!("填报表 2020Q2-{unit}");
            texts.iter().map(|t| t.matches(&source).count()).sum()
        })
        .collect()
}

/// After a stopped run: the next writer finishes what was left, each
/// form is whole or absent, nothing of the journal is left, and (given
/// `whole`) a rerun gives exactly the files of an uninterrupted run.
fn check(dir: &Path, forms: &[PathBuf], whole: Option<&[(String, String)]>, label: &str) -> bool {
    // A dry run takes the lock (as every writer does) and changes nothing
    // of its own.
    let out = collect(dir, forms).arg("--dry-run").output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let recovered = stderr.contains("注意：上次写入（汇总填报表 ");
    if recovered {
        assert!(
            stderr.contains("已补完全部") && !stderr.contains("撤销"),
            "{label}: {stderr}"
        );
    }
    let counts = applied(dir);
    for ((unit, full), count) in FORMS.iter().zip(&counts) {
        assert!(
            *count == 0 || count == full,
            "{label}: {unit}'s form is partly applied ({count} of {full} entries): {counts:?}\n{stderr}"
        );
    }
    let left: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".cooptrack") && n != ".cooptrack.lock")
        .collect();
    assert!(left.is_empty(), "{label}: left behind {left:?}");
    if let Some(whole) = whole {
        let out = collect(dir, forms).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{label}: {out:?}");
        assert_eq!(
            texts(dir),
            whole,
            "{label}: a rerun differs from a whole run"
        );
    }
    recovered
}

fn texts(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, fs::read_to_string(&p).unwrap())
        })
        .collect();
    files.sort();
    files
}

#[test]
fn collect_killed_at_every_write_step_and_at_random_leaves_each_form_whole_or_absent() {
    let started = Instant::now();
    let trip = RoundTrip::new();
    let forms = fill(&trip);

    // An uninterrupted run: what "whole" means, and how long it takes.
    let tmp = tempfile::tempdir().unwrap();
    let dir = fresh(&trip, tmp.path());
    assert_eq!(applied(&dir), [0, 0, 0]);
    let out = collect(&dir, &forms).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let full: Vec<usize> = FORMS.iter().map(|(_, n)| *n).collect();
    assert_eq!(applied(&dir), full);
    let whole = texts(&dir);

    // Every point where a write can stop, in turn, until a run finishes.
    let mut kills = 0;
    let mut recoveries = 0;
    let mut took = Duration::ZERO;
    for step in 1.. {
        let tmp = tempfile::tempdir().unwrap();
        let dir = fresh(&trip, tmp.path());
        let timed = Instant::now();
        let out = collect(&dir, &forms)
            .env("COOPTRACK_TEST_CRASH_AT_STEP", step.to_string())
            .output()
            .unwrap();
        if out.status.code() == Some(0) {
            // The last run, not stopped: how long a whole run takes.
            took = timed.elapsed();
            assert_eq!(texts(&dir), whole);
            break;
        }
        assert_eq!(out.status.code(), None, "step {step}: {out:?}");
        kills += 1;
        recoveries += usize::from(check(&dir, &forms, Some(&whole), &format!("step {step}")));
    }
    // 区水务局's form alone has a journal, four temp files and renames.
    assert!(kills >= 12, "only {kills} crash points");
    assert!(
        recoveries >= 4,
        "only {recoveries} runs left a form half done"
    );

    // kill -9 at random moments of a run, until 50 runs were killed.
    let mut seed: u64 = 0x2020_0703;
    let mut round = 0;
    while kills < 50 {
        round += 1;
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let tmp = tempfile::tempdir().unwrap();
        let dir = fresh(&trip, tmp.path());
        let mut child = collect(&dir, &forms)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let micros = u64::try_from(took.as_micros() * 3 / 4).unwrap().max(1);
        std::thread::sleep(Duration::from_micros(seed % micros));
        let killed = child.try_wait().unwrap().is_none();
        let _ = child.kill();
        let _ = child.wait();
        kills += usize::from(killed);
        check(&dir, &forms, None, &format!("random round {round}"));
        assert!(
            round < 200,
            "only {kills} runs were killed in {round} rounds"
        );
    }
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "{:?}",
        started.elapsed()
    );
}

/// With `--commit`, a form stopped halfway is rolled back by the next
/// writer, which then writes and commits it whole: one commit, both files.
#[test]
fn a_committing_collect_stopped_halfway_is_rolled_back_and_committed_whole() {
    let repo = crate::repo::Repo::new();
    let form = crate::forms::libreoffice_form();
    let run = |crash: Option<&str>| {
        let mut cmd = repo.cooptrack();
        if let Some(step) = crash {
            cmd.env("COOPTRACK_TEST_CRASH_AT_STEP", step);
        }
        cmd.args(["--as-of", "2020-07-03", "collect", "--commit"])
            .arg(&form)
            .output()
            .unwrap()
    };
    // Step 5: the journal is written (3 steps), then the first of the
    // form's three files (its two task files and departments.yaml, the
    // form naming a new liaison) (temp file, rename).
    let out = run(Some("5"));
    assert_eq!(out.status.code(), None, "{out:?}");
    let status = repo.git(&["status", "--porcelain", "tasks"]);
    assert_eq!(status.lines().count(), 1, "one file written: {status}");
    let out = run(None);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr,
        format!(
            "注意：上次写入（汇总填报表 {}）中断，已写 1/3 个文件；现已撤销，3 个文件均恢复原样\n",
            form.display()
        )
    );
    assert_eq!(
        repo.subjects()[0],
        "cooptrack：2020Q2 区水务局填报表（2 条进展）"
    );
    let files = repo.git(&["show", "--name-only", "--format=", "HEAD"]);
    assert_eq!(
        files,
        "tasks/1.1.yaml\ntasks/2.3.yaml\ntasks/departments.yaml\n"
    );
    assert_eq!(repo.git(&["status", "--porcelain", "tasks"]), "");
}

/// A file changed by hand after the stop is neither completed nor rolled
/// back: the next writer refuses, naming it and the journal, and touches
/// nothing.
#[test]
fn a_file_changed_after_the_stop_is_left_alone_and_named() {
    let trip = RoundTrip::new();
    let forms = fill(&trip);
    let dir = &trip.tasks;
    let out = collect(dir, &forms[..1])
        .env("COOPTRACK_TEST_CRASH_AT_STEP", "5")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), None, "{out:?}");
    assert_eq!(applied(dir), [1, 0, 0]);
    let edited = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| fs::read_to_string(p).is_ok_and(|t| t.contains("填报表 2020Q2-区水务局")))
        .unwrap();
    let text = fs::read_to_string(&edited).unwrap() + "# 手工补充\n";
    fs::write(&edited, &text).unwrap();
    let before = texts(dir);
    let out = collect(dir, &forms[..1]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!(
            "cooptrack: 错误：{}: 上次写入（汇总填报表 {}）中断后该文件又被修改，无法补完或撤销；请检查后删除 {}\n",
            edited.display(),
            forms[0].display(),
            dir.join(".cooptrack.journal").display()
        )
    );
    assert_eq!(texts(dir), before);
}
