//! Periods longer than the plan's rhythm: a report covers a half year, a
//! year, several years or the whole plan; forms and entries stay monthly
//! or quarterly.

use std::path::Path;

use crate::common::{cooptrack_in, copy_bundled, json_of};

fn period_of(dir: &Path, period: &str) -> serde_json::Value {
    let report = json_of(cooptrack_in(dir).args([
        "--as-of",
        "2020-07-03",
        "report",
        "--period",
        period,
        "--format",
        "json",
    ]));
    report["period"].clone()
}

#[test]
fn a_report_covers_a_half_year_a_year_or_the_whole_plan() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = copy_bundled(tmp.path());
    let update = |args: &[&str]| {
        cooptrack_in(&dir)
            .arg("--as-of")
            .arg("2020-07-03")
            .arg("update")
            .args(args)
            .assert()
            .success();
    };
    // One entry in 2020Q1, one dated in July for 2020Q2.
    update(&["1.1", "--note", "一季度进展", "--date", "2020-02-10"]);
    update(&[
        "2.3",
        "--note",
        "二季度进展",
        "--date",
        "2020-07-02",
        "--period",
        "2020Q2",
    ]);

    let half = period_of(&dir, "2020H1");
    assert_eq!(
        (
            &half["id"],
            &half["label"],
            &half["start"],
            &half["end"],
            &half["entries"]
        ),
        (
            &"2020H1".into(),
            &"2020年上半年".into(),
            &"2020-01-01".into(),
            &"2020-06-30".into(),
            &2.into()
        )
    );
    // The whole plan, by name or by its years: the same dates.
    let plan = period_of(&dir, "plan");
    assert_eq!(
        (&plan["id"], &plan["label"], &plan["start"], &plan["end"]),
        (
            &"plan".into(),
            &"计划期（2018—2022年）".into(),
            &"2018-01-01".into(),
            &"2022-12-31".into()
        )
    );
    let years = period_of(&dir, "2018-2022");
    assert_eq!(years["id"], "2018-2022");
    assert_eq!(years["unreported"], plan["unreported"]);
    // Q2 alone has the July entry, not the February one.
    assert_eq!(period_of(&dir, "2020Q2")["entries"], 1);
}

#[test]
fn forms_and_entries_stay_with_the_plans_rhythm() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = copy_bundled(tmp.path());
    let out = cooptrack_in(&dir)
        .args(["--as-of", "2020-07-03", "forms", "--period", "2020H1", "-o"])
        .arg(tmp.path().join("forms"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "cooptrack: 错误：填报表按月或季度下发（plan.yaml 的报送节奏）：2020H1 是更长的报告期，请给出如 2020Q2 或 2020-06 的报送期\n"
    );
    assert!(!tmp.path().join("forms").exists());
    let out = cooptrack_in(&dir)
        .args([
            "--as-of",
            "2020-07-03",
            "update",
            "1.2",
            "--note",
            "进展",
            "--period",
            "2020",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "cooptrack: 错误：--period 2020 不是报送期：进展记录按月（2020-06）或季度（2020Q2）报送\n"
    );
}
