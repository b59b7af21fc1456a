//! 年度目标 by hand: `update --target YEAR --goal` and `--milestone DATE
//! --goal`, through the one edit path, and what `show` says of them.

use std::fs;

use crate::common::{cooptrack_in, copy_bundled, json_of, stdout_of};
use crate::forms::{Filling, RoundTrip};

#[test]
fn targets_and_milestones_set_by_hand_land_in_order_and_show_as_of_a_day() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = copy_bundled(tmp.path());
    let update = |args: &[&str]| stdout_of(cooptrack_in(&dir).arg("update").arg("2.3").args(args));
    assert_eq!(
        update(&["--milestone", "2021-12-31", "--goal", "取得批复，开工建设"]),
        format!(
            "已更新 {}：\n  时间节点 2021-12-31：取得批复，开工建设\n",
            dir.join("2.3.yaml").display()
        )
    );
    update(&["--milestone", "2021-06-30", "--goal", "完成可研编制"]);
    update(&["--target", "2021", "--goal", "完成可研批复并开工"]);
    // A second --goal for a milestone's date replaces its goal.
    update(&["--milestone", "2021-06-30", "--goal", "完成可研报告编制"]);
    let text = fs::read_to_string(dir.join("2.3.yaml")).unwrap();
    assert!(
        text.ends_with(
            "due: 2022-12-31\ntargets:\n  - year: 2021\n    goal: 完成可研批复并开工\n    milestones:\n      - by: 2021-06-30\n        goal: 完成可研报告编制\n      - by: 2021-12-31\n        goal: 取得批复，开工建设\nprogress: []\n"
        ),
        "{text}"
    );
    let shown = json_of(cooptrack_in(&dir).args(["show", "2.3", "--format", "json"]));
    assert_eq!(shown["targets"][0]["milestones"][1]["by"], "2021-12-31");
    let table = stdout_of(cooptrack_in(&dir).args(["--as-of", "2021-08-01", "show", "2.3"]));
    let rows: Vec<&str> = table
        .lines()
        .skip_while(|l| *l != "年度目标")
        .filter(|l| l.contains("2021-"))
        .collect();
    assert_eq!(rows.len(), 2, "{table}");
    assert!(rows[0].contains("完成可研报告编制") && rows[0].contains("未完成（已过期）"));
    assert!(rows[1].contains("取得批复，开工建设") && rows[1].contains("未到期"));
}

#[test]
fn a_milestone_the_rules_refuse_writes_nothing_and_says_why() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = copy_bundled(tmp.path());
    let before = fs::read_to_string(dir.join("2.3.yaml")).unwrap();
    let refused = |args: &[&str], message: &str| {
        let output = cooptrack_in(&dir)
            .arg("update")
            .arg("2.3")
            .args(args)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(stderr.contains(message), "{stderr}");
        assert_eq!(fs::read_to_string(dir.join("2.3.yaml")).unwrap(), before);
    };
    refused(
        &["--milestone", "2023-03-31", "--goal", "建成"],
        "时间节点 2023-03-31 晚于任务的完成时限 2022-12-31",
    );
    refused(
        &["--goal", "建成"],
        "--goal 须与 --target（年度）或 --milestone（节点日期）同用",
    );
    refused(
        &["--target", "2021"],
        "--target 和 --milestone 须与 --goal（目标内容）同用",
    );
    refused(&["--target", "2021", "--goal", "　"], "--goal");
}

// ----------------------------------------------------- milestones in forms

/// The 2020Q2 round trip with 2.3 (led by 区水务局, row 8 of its form)
/// given a 2020 target whose first milestone falls in the quarter.
fn with_milestone() -> RoundTrip {
    RoundTrip::prepared(&|tasks| {
        for args in [
            ["--target", "2020", "--goal", "完成航道整治前期工作"],
            ["--milestone", "2020-06-30", "--goal", "完成整治方案编制"],
            ["--milestone", "2020-12-31", "--goal", "取得方案批复"],
        ] {
            stdout_of(cooptrack_in(tasks).args(["update", "2.3"]).args(args));
        }
    })
}

#[test]
fn a_form_asks_the_quarters_milestone_and_collect_records_the_answer() {
    let trip = with_milestone();
    let water = trip.form("区水务局");
    let book = read_sheet(&water);
    assert_eq!(book(4, 14), "本期节点");
    assert_eq!(book(4, 15), "节点完成情况");
    // 2.3 (a lead row) asks the milestone; 1.1 (supported) has none.
    assert_eq!(book(7, 14), "2020-06-30 完成整治方案编制");
    assert_eq!(book(5, 14), "");
    Filling::open(&water)
        .text("G8", "整治方案已编制完成，报市交通局审查")
        .text("P8", "已完成")
        .text("L8", "2020-06-28")
        .save(&water);
    let out = stdout_of(&mut trip.collect(&[&water]));
    assert!(out.contains("新增进展 1 条"), "{out}");
    let progress = trip.progress("2.3");
    assert_eq!(
        progress[0]["milestone"],
        serde_json::json!({"by": "2020-06-30", "met": true})
    );
    // The report counts it met; the second milestone is not due yet.
    let report = json_of(cooptrack_in(&trip.tasks).args([
        "--as-of",
        "2020-07-03",
        "report",
        "--period",
        "2020Q2",
        "--format",
        "json",
    ]));
    assert_eq!(report["targets"]["due"], 1);
    assert_eq!(report["targets"]["met"], 1);
    assert_eq!(report["targets"]["missed"], 0);
    let row = report["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "2.3")
        .unwrap();
    assert!(!row["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["kind"] == "milestone_missed"));
}

#[test]
fn an_unanswered_milestone_is_missed_and_lights_the_task_red() {
    let trip = with_milestone();
    let report = json_of(cooptrack_in(&trip.tasks).args([
        "--as-of",
        "2020-07-03",
        "report",
        "--period",
        "2020Q2",
        "--format",
        "json",
    ]));
    let row = report["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "2.3")
        .unwrap();
    assert_eq!(row["light"], "red");
    assert_eq!(
        row["reasons"][0],
        serde_json::json!({"kind": "milestone_missed", "by": "2020-06-30", "goal": "完成整治方案编制"})
    );
    assert_eq!(
        report["targets"]["by_department"],
        serde_json::json!([{
            "department": "区水务局",
            "due": 1,
            "met": 0,
            "missed": [{"task": "2.3", "name": "2.3 畅通涪江航道", "by": "2020-06-30", "goal": "完成整治方案编制"}],
        }])
    );
}

#[test]
fn a_milestone_answer_where_none_is_asked_or_without_progress_is_refused() {
    let trip = with_milestone();
    let water = trip.form("区水务局");
    let path = trip.forms.join("edited.xlsx");
    let refused = |filling: &mut Filling, error: &str| {
        filling.save(&path);
        let stdout = trip.rejected(&[&path], &[]);
        assert!(stdout.contains(&format!("拒收  {error}\n")), "{stdout}");
    };
    refused(
        Filling::open(&water)
            .text("G8", "方案编制中")
            .text("P8", "基本完成")
            .text("L8", "2020-06-28"),
        "填报表!P8：“基本完成”不是节点完成情况：请选择 已完成 或 未完成",
    );
    refused(
        Filling::open(&water)
            .text("P8", "已完成")
            .text("L8", "2020-06-28"),
        "填报表!G8：填写了节点完成情况，但本期进展为空：请在本期进展中说明节点完成的情况",
    );
    refused(
        Filling::open(&water)
            .text("G6", "联合监测")
            .text("P6", "已完成")
            .text("L6", "2020-06-28"),
        "填报表!P6：任务 1.1 本期没有时间节点，节点完成情况应留空（填写了“已完成”）",
    );
}

/// The form sheet's cells (row, column; 0-based) as calamine reads them.
fn read_sheet(form: &std::path::Path) -> impl Fn(u32, u32) -> String {
    use calamine::{open_workbook_auto, Reader};
    let mut book = open_workbook_auto(form).unwrap();
    let range = book.worksheet_range("填报表").unwrap();
    move |row, col| {
        range
            .get_value((row, col))
            .map(ToString::to_string)
            .unwrap_or_default()
    }
}
