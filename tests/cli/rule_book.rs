//! The rule book for progress entries as `update` meets it: the same rules
//! `collect` applies (tests/cli/forms.rs), shown naming the flag.

use std::fs;
use std::path::Path;

use crate::common::{cooptrack_in, copy_bundled, json_of};

/// Runs `update` as of 2020-07-10; (exit code, stdout, stderr).
fn update(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = cooptrack_in(dir)
        .args(["--as-of", "2020-07-10", "update"])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn an_entry_for_a_period_counts_for_it_within_its_grace_window() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = copy_bundled(tmp.path());
    let (code, _, err) = update(
        &dir,
        &[
            "2.3",
            "--note",
            "完成方案编制",
            "--date",
            "2020-07-03",
            "--period",
            "2020Q2",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let task = json_of(cooptrack_in(&dir).args(["show", "2.3", "--format", "json"]));
    assert_eq!(task["progress"][0]["period"], "2020Q2");
    let report = json_of(cooptrack_in(&dir).args([
        "report",
        "--as-of",
        "2020-07-10",
        "--period",
        "2020Q2",
        "--format",
        "json",
    ]));
    // 区水务局 replied for 2020Q2 (on 2.3): partly, not unreported.
    let names = |list: &str| -> Vec<String> {
        report["period"][list]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["department"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(!names("unreported").contains(&"区水务局".to_string()));
    assert!(names("partly_reported").contains(&"区水务局".to_string()));

    // Before the period, the entry cannot be for 2020Q2.
    let (code, _, err) = update(
        &dir,
        &[
            "2.3",
            "--note",
            "补报",
            "--date",
            "2020-03-31",
            "--period",
            "2020Q2",
        ],
    );
    assert_eq!(code, 2, "{err}");
    assert_eq!(
        err,
        "cooptrack: 错误：进展日期 2020-03-31 不在报送期 2020Q2（2020-04-01 至 2020-06-30，可延至 2020-07-15）内：请改 --date 或 --period\n"
    );
}

#[test]
fn a_repeated_entry_writes_nothing_and_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = copy_bundled(tmp.path());
    let args = ["1.4", "--note", "完成水质监测", "--date", "2020-06-10"];
    assert_eq!(update(&dir, &args).0, 0);
    let before = fs::read_to_string(dir.join("1.4.yaml")).unwrap();
    let (code, out, err) = update(&dir, &args);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(
        out,
        format!(
            "{}：已有相同的进展记录（2020-06-10，区环保局），未作修改\n",
            dir.join("1.4.yaml").display()
        )
    );
    assert_eq!(fs::read_to_string(dir.join("1.4.yaml")).unwrap(), before);
}

#[test]
fn a_supporting_unit_reports_but_does_not_change_a_status() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = copy_bundled(tmp.path());
    let before = fs::read_to_string(dir.join("1.1.yaml")).unwrap();
    let (code, _, err) = update(
        &dir,
        &[
            "1.1",
            "--by",
            "区水务局",
            "--status",
            "推进中",
            "--note",
            "开始监测",
        ],
    );
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "cooptrack: 错误：“区水务局”是任务 1.1 的配合单位，不能更改任务状态（由牵头单位或督查室更改）；进展可照常报送\n"
    );
    assert_eq!(fs::read_to_string(dir.join("1.1.yaml")).unwrap(), before);
    // Its progress is welcome; the supervision office may change the status.
    assert_eq!(
        update(&dir, &["1.1", "--by", "区水务局", "--note", "开始监测"]).0,
        0
    );
    let (code, _, err) = update(
        &dir,
        &[
            "1.1",
            "--by",
            "区政府督查室",
            "--status",
            "滞后",
            "--note",
            "进度滞后",
        ],
    );
    assert_eq!(code, 0, "{err}");
    // Never back to 未启动.
    let (code, _, err) = update(&dir, &["1.1", "--status", "未启动", "--note", "重来"]);
    assert_eq!(code, 2);
    assert!(err.contains("状态不能从“滞后”改回“未启动”"), "{err}");
}
