//! 年度目标 by hand: `update --target YEAR --goal` and `--milestone DATE
//! --goal`, through the one edit path, and what `show` says of them.

use std::fs;

use crate::common::{cooptrack_in, copy_bundled, json_of, stdout_of};
use crate::forms::{serial, Filling, RoundTrip};

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

/// The first sheet's cells (row, column; 0-based) as calamine reads them.
fn read_sheet(form: &std::path::Path) -> impl Fn(u32, u32) -> String {
    use calamine::{open_workbook_auto, Reader};
    let mut book = open_workbook_auto(form).unwrap();
    let first = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&first).unwrap();
    move |row, col| {
        range
            .get_value((row, col))
            .map(ToString::to_string)
            .unwrap_or_default()
    }
}

// ------------------------------------------------ the 年度工作计划 workbook

/// The bundled tasks with 2.3's 2021 target set, and the 2021 workbook
/// made from them on 2020-12-20. Rows: 1.1 is row 6, 2.3 row 12.
struct AnnualPlan {
    _dir: tempfile::TempDir,
    tasks: std::path::PathBuf,
    book: std::path::PathBuf,
}

impl AnnualPlan {
    fn new() -> AnnualPlan {
        let dir = tempfile::tempdir().unwrap();
        let tasks = copy_bundled(dir.path());
        stdout_of(cooptrack_in(&tasks).args([
            "update",
            "2.3",
            "--target",
            "2021",
            "--goal",
            "完成可研批复",
        ]));
        let book = dir.path().join("计划.xlsx");
        let out = stdout_of(
            cooptrack_in(&tasks)
                .args(["--as-of", "2020-12-20", "targets", "--year", "2021", "-o"])
                .arg(&book),
        );
        assert_eq!(
            out,
            format!(
                "已生成 2021 年度工作计划：{}（任务 24 项，已有目标 1 项）\n",
                book.display()
            )
        );
        AnnualPlan {
            _dir: dir,
            tasks,
            book,
        }
    }

    fn collect(&self, extra: &[&str]) -> (i32, String) {
        let output = cooptrack_in(&self.tasks)
            .args(["--as-of", "2021-01-05", "targets", "--collect"])
            .arg(&self.book)
            .args(extra)
            .output()
            .unwrap();
        (
            output.status.code().unwrap(),
            String::from_utf8(output.stdout).unwrap(),
        )
    }

    fn target(&self, id: &str) -> serde_json::Value {
        json_of(cooptrack_in(&self.tasks).args(["show", id, "--format", "json"]))["targets"].clone()
    }

    fn files(&self) -> Vec<String> {
        let mut names: Vec<_> = fs::read_dir(&self.tasks)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        names.sort();
        names
            .iter()
            .map(|p| fs::read_to_string(p).unwrap())
            .collect()
    }
}

#[test]
fn the_annual_plan_workbook_sets_targets_once_and_whole() {
    let plan = AnnualPlan::new();
    let book = read_sheet(&plan.book);
    assert_eq!(book(4, 0), "编号");
    assert_eq!(book(4, 5), "年度目标");
    assert_eq!(book(4, 6), "节点一日期");
    assert_eq!(book(4, 13), "节点四目标");
    assert_eq!(book(11, 0), "2.3");
    // Issued with the target the task has.
    assert_eq!(book(11, 5), "完成可研批复");
    Filling::open(&plan.book)
        .text("F6", "建成跨界河流联合监测网络")
        .number("G6", serial("2021-06-30"))
        .text("H6", "完成监测站点选址")
        .text("I6", "2021-11-30")
        .text("J6", "监测站建成投用")
        .text("F12", "完成可研批复并开工")
        .number("G12", serial("2021-09-30"))
        .text("H12", "取得可研批复")
        .save(&plan.book);
    let before = plan.files();
    let (code, out) = plan.collect(&["--dry-run"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("  1.1  将设定  建成跨界河流联合监测网络；节点：2021-06-30 完成监测站点选址；2021-11-30 监测站建成投用\n"), "{out}");
    assert!(
        out.contains("汇总：将设定 2 项任务的年度目标（试运行，未写入）。"),
        "{out}"
    );
    assert_eq!(plan.files(), before);

    let (code, out) = plan.collect(&[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("  1.2  未改动\n"), "{out}");
    assert!(out.ends_with("汇总：设定 2 项任务的年度目标。\n"), "{out}");
    assert_eq!(
        plan.target("1.1"),
        serde_json::json!([{"year": 2021, "goal": "建成跨界河流联合监测网络", "milestones": [
            {"by": "2021-06-30", "goal": "完成监测站点选址"},
            {"by": "2021-11-30", "goal": "监测站建成投用"},
        ]}])
    );
    assert_eq!(
        plan.target("2.3"),
        serde_json::json!([{"year": 2021, "goal": "完成可研批复并开工", "milestones": [
            {"by": "2021-09-30", "goal": "取得可研批复"},
        ]}])
    );
    // Read again: the rows were issued with the targets as they were, so
    // the set rows now differ from what the tasks have.
    let after = plan.files();
    let (code, out) = plan.collect(&[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("  1.1  拒收  年度工作计划!F6：任务 1.1 的 2021 年度目标在本表下发后已修改：请重新生成年度工作计划，以免覆盖\n"), "{out}");
    assert_eq!(plan.files(), after);
}

#[test]
fn a_bad_row_refuses_the_whole_workbook_naming_the_cell() {
    let plan = AnnualPlan::new();
    let before = plan.files();
    let refused = |filling: &mut Filling, line: &str| {
        let original = fs::read(&plan.book).unwrap();
        filling.save(&plan.book);
        let (code, out) = plan.collect(&[]);
        assert_eq!(code, 1, "{out}");
        assert!(out.contains(line), "{out}");
        assert!(
            out.ends_with("  有拒收的行：本表未写入任何内容，请修改后重新读回。\n"),
            "{out}"
        );
        assert_eq!(plan.files(), before);
        fs::write(&plan.book, original).unwrap();
    };
    refused(
        Filling::open(&plan.book)
            .text("F6", "建成监测网络")
            .text("F7", "治理扬尘")
            .number("G7", serial("2022-03-31"))
            .text("H7", "完成治理"),
        "  1.2  拒收  年度工作计划!G7：节点日期 2022-03-31 不在 2021 年内\n",
    );
    refused(
        Filling::open(&plan.book).number("G6", serial("2021-06-30")),
        "  1.1  拒收  年度工作计划!H6：节点 2021-06-30 没有写目标\n",
    );
    refused(
        Filling::open(&plan.book).text("H6", "完成选址"),
        "  1.1  拒收  年度工作计划!G6：节点目标没有写日期\n",
    );
    refused(
        Filling::open(&plan.book).text("B6", "改过的任务名"),
        "  1.1  拒收  年度工作计划!B6：锁定单元格（编号、任务、牵头单位、完成时限、上年目标）被改动：这些内容不能修改\n",
    );
}

#[test]
fn a_form_of_layout_version_1_is_still_collected() {
    // Version 1 had no milestone columns: a form issued before the
    // upgrade comes back without them, and is read as it was.
    let trip = RoundTrip::new();
    let water = trip.form("区水务局");
    Filling::open(&water)
        .edit_part("xl/worksheets/sheet2.xml", |xml| {
            let (start, end, _) = Filling::span(xml, "B1");
            let mut xml = xml.to_string();
            xml.replace_range(
                start..end,
                "<c r=\"B1\" t=\"inlineStr\"><is><t>1</t></is></c>",
            );
            xml
        })
        .edit_xml(|xml| {
            let mut xml = xml.to_string();
            for cell in ["P8", "O8", "P5", "O5"] {
                let (start, end, _) = Filling::span(&xml, cell);
                xml.replace_range(start..end, "");
            }
            xml
        })
        .text("G8", "完成涪江航道整治方案编制")
        .text("L8", "2020-06-15")
        .save(&water);
    let book = read_sheet(&water);
    assert_eq!(book(4, 14), "");
    let out = stdout_of(&mut trip.collect(&[&water]));
    assert!(out.contains("新增进展 1 条"), "{out}");
    assert_eq!(trip.progress("2.3")[0]["note"], "完成涪江航道整治方案编制");
}

#[test]
fn a_missing_workbook_is_an_input_error_that_changes_nothing() {
    let plan = AnnualPlan::new();
    let before = plan.files();
    let output = cooptrack_in(&plan.tasks)
        .args(["targets", "--collect", "没有这个文件.xlsx"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        "cooptrack: 错误：没有这个文件.xlsx: 文件不存在；未读回年度工作计划\n"
    );
    assert_eq!(plan.files(), before);
}
