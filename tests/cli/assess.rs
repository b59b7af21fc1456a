//! `cooptrack assess`: each unit's score for 2021 on a small ledger made
//! here, every figure worked out by hand below and compared exactly.
//!
//! The ledger (quarterly; assessed with `--as-of 2022-02-01`, so the
//! assessment day is 2022-01-15, the last day Q4's replies count):
//!
//! | task | lead (support) | deadline in force | 2021 milestones              | on 2022-01-15              |
//! |------|----------------|-------------------|------------------------------|----------------------------|
//! | 1.1  | 水务 (交通)    | 2022-12-31        | 06-30 met, 12-31 missed      | 滞后 → red                 |
//! | 1.2  | 交通           | 2021-06-30        | —                            | done 2021-06-20 → green    |
//! | 1.3  | 水务           | 2021-09-30 (ext.) | 03-31 met                    | done 2021-10-20 → green    |
//! | 2.1  | 林业           | 2021-12-31        | 09-30 met                    | open, overdue → red        |
//! | 3.1  | 商务           | 2022-06-30        | —                            | green                      |
//! | 3.2  | 文旅           | 2022-06-30        | —                            | green                      |
//! | 3.3  | 科技           | 2022-12-31        | — (added 2022-01-01)         | green; 科技 not assessed   |
//!
//! Replies (Q1–Q4; ✓ on time, ½ late, ✗ none, ◐ some tasks left out):
//!
//! | unit | Q1 | Q2        | Q3        | Q4 | owed | ratio        |
//! |------|----|-----------|-----------|----|------|--------------|
//! | 水务 | ✓  | ✓         | ✓         | ✓  | 4    | 4/4          |
//! | 交通 | ✓  | ✓ ◐ (1.1) | ½         | ✓  | 4    | (3 + ½)/4    |
//! | 林业 | ✗  | ½         | ✓         | ✓  | 4    | (2 + ½)/4    |
//! | 商务 | ✓  | ✓         | ✓         | ✓  | 4    | 4/4          |
//! | 文旅 | ✓  | ✓         | ✓         | ✓  | 4    | 4/4          |
//!
//! (交通 owes Q3 and Q4 for 1.1 only: 1.2 was done before Q3.)
//!
//! Scores (rubric 30/40/30, 2 points per red task):
//!
//! | unit | reporting           | milestones       | completion      | red | score  | rank |
//! |------|---------------------|------------------|-----------------|-----|--------|------|
//! | 商务 | 100 × 4/4 = 100.00  | none (spread)    | none (spread)   | 0   | 100.00 | 1    |
//! | 文旅 | 100 × 4/4 = 100.00  | none (spread)    | none (spread)   | 0   | 100.00 | 1    |
//! | 交通 | 50 × 3.5/4 = 43.75  | none (spread)    | 50 × 1/1 = 50   | 0   | 93.75  | 3    |
//! | 林业 | 30 × 2.5/4 = 18.75  | 40 × 1/1 = 40    | 30 × 0/1 = 0    | 1   | 56.75  | 4    |
//! | 水务 | 30 × 4/4 = 30.00    | 40 × 2/3 = 26.67 | 30 × 0/1 = 0    | 1   | 54.67  | 5    |
//!
//! 交通's weights: milestones' 40 spread over reporting and completion in
//! proportion (30:30), 50 each. 商务 and 文旅: 40 and 30 spread onto
//! reporting alone, 100. 水务's 1.3 was done on 2021-10-20, after its
//! deadline in force (2021-09-30): not on time; its milestone 03-31 is met.

use std::fs;
use std::path::{Path, PathBuf};

use calamine::{open_workbook_auto, Data, Reader};
use serde_json::json;

use crate::common::{cooptrack_in, json_of, stdout_of};

const PLAN: &str = "title: 测试计划
issuer: 区政府
date: 2018-08-17
period:
  start: 2018
  end: 2022
status: active
working_group_office: 区发展改革委
supervision_office: 区政府督查室
headings:
  - number: 1
    title: 篇一
  - number: 2
    title: 篇二
  - number: 3
    title: 篇三
";

const REGISTRY: &str = "departments:
  - name: 区水务局
  - name: 区交通局
  - name: 区林业局
  - name: 区商务委
  - name: 区文旅委
  - name: 区科技局
";

/// A task file: the head, then `rest` (targets, extensions, progress).
fn task(id: &str, lead: &str, responsible: &[&str], status: &str, due: &str, rest: &str) -> String {
    let (section, number) = id.split_once('.').unwrap();
    let responsible = match responsible {
        [] => "responsible: []\n".to_string(),
        units => format!(
            "responsible:\n{}",
            units
                .iter()
                .map(|u| format!("  - {u}\n"))
                .collect::<String>()
        ),
    };
    format!(
        "id: \"{id}\"\nsection: {section}\nheading: 篇{section}\nnumber: {number}\ntitle: 任务{id}\ntext: 任务{id}。\nlead:\n  - {lead}\n{responsible}status: {status}\ndue: {due}\n{rest}"
    )
}

/// An entry: date, unit, period (or none), and extra lines.
fn entry(date: &str, by: &str, period: Option<&str>, extra: &str) -> String {
    let period = period.map_or(String::new(), |p| format!("    period: {p}\n"));
    format!("  - date: {date}\n{period}    by: {by}\n    note: 进展{date}\n{extra}")
}

/// The entry that started a task, in 2019.
fn started(by: &str) -> String {
    entry(
        "2019-03-01",
        by,
        None,
        "    status:\n      from: 未启动\n      to: 推进中\n",
    )
}

/// An entry's report on the milestone due on `by`.
fn met(by: &str, yes: bool) -> String {
    format!("    milestone:\n      by: {by}\n      met: {yes}\n")
}

const LATE: &str = "    late: true\n";

/// 1.1: milestones 06-30 met and 12-31 missed; 交通 supports it.
fn river() -> String {
    task(
                "1.1",
                "区水务局",
                &["区交通局"],
                "滞后",
                "2022-12-31",
                &format!(
                    "targets:\n  - year: 2021\n    goal: 开工\n    milestones:\n      - {{by: 2021-06-30, goal: 完成可研}}\n      - {{by: 2021-12-31, goal: 取得批复}}\nprogress:\n{}{}{}{}{}{}{}{}",
                    started("区水务局"),
                    entry("2021-03-25", "区水务局", None, ""),
                    entry("2021-03-26", "区交通局", None, ""),
                    entry("2021-07-05", "区水务局", Some("2021Q2"), &met("2021-06-30", true)),
                    entry("2021-09-28", "区水务局", None, ""),
                    entry("2021-11-02", "区交通局", Some("2021Q3"), LATE),
                    entry("2022-01-08", "区交通局", Some("2021Q4"), ""),
                    entry(
                        "2022-01-10",
                        "区水务局",
                        Some("2021Q4"),
                        &format!(
                            "    status:\n      from: 推进中\n      to: 滞后\n{}",
                            met("2021-12-31", false)
                        )
                    ),
                ),
            )
}

/// The ledger's task files, as the tables above describe them.
fn tasks() -> [(&'static str, String); 7] {
    [
        ("1.1", river()),
        (
            "1.2",
            task(
                "1.2",
                "区交通局",
                &[],
                "已完成",
                "2021-06-30",
                &format!(
                    "progress:\n{}{}{}",
                    started("区交通局"),
                    entry("2021-03-20", "区交通局", None, ""),
                    entry(
                        "2021-06-20",
                        "区交通局",
                        None,
                        "    status:\n      from: 推进中\n      to: 已完成\n"
                    ),
                ),
            ),
        ),
        (
            "1.3",
            task(
                "1.3",
                "区水务局",
                &[],
                "已完成",
                "2021-09-30",
                &format!(
                    "original_due: 2021-06-30\nextensions:\n  - date: 2021-05-10\n    from: 2021-06-30\n    to: 2021-09-30\n    reason: 设计变更\ntargets:\n  - year: 2021\n    milestones:\n      - {{by: 2021-03-31, goal: 完成设计}}\nprogress:\n{}{}{}{}{}",
                    started("区水务局"),
                    entry("2021-03-25", "区水务局", None, &met("2021-03-31", true)),
                    entry("2021-06-28", "区水务局", None, ""),
                    entry("2021-09-28", "区水务局", None, ""),
                    entry(
                        "2021-10-20",
                        "区水务局",
                        None,
                        "    status:\n      from: 推进中\n      to: 已完成\n"
                    ),
                ),
            ),
        ),
        (
            "2.1",
            task(
                "2.1",
                "区林业局",
                &[],
                "推进中",
                "2021-12-31",
                &format!(
                    "targets:\n  - year: 2021\n    milestones:\n      - {{by: 2021-09-30, goal: 完成造林}}\nprogress:\n{}{}{}{}",
                    started("区林业局"),
                    entry("2021-08-01", "区林业局", Some("2021Q2"), LATE),
                    entry("2021-10-05", "区林业局", Some("2021Q3"), &met("2021-09-30", true)),
                    entry("2022-01-12", "区林业局", Some("2021Q4"), ""),
                ),
            ),
        ),
        ("3.1", steady("3.1", "区商务委")),
        ("3.2", steady("3.2", "区文旅委")),
        (
            "3.3",
            task("3.3", "区科技局", &[], "未启动", "2022-12-31", "added: 2022-01-01\n"),
        ),
    ]
}

fn ledger(root: &Path) -> PathBuf {
    let dir = root.join("tasks");
    fs::create_dir(&dir).unwrap();
    fs::write(dir.join("plan.yaml"), PLAN).unwrap();
    fs::write(dir.join("departments.yaml"), REGISTRY).unwrap();
    for (id, text) in tasks() {
        fs::write(dir.join(format!("{id}.yaml")), text).unwrap();
    }
    cooptrack_in(&dir).arg("validate").assert().success();
    dir
}

/// A task whose lead replied on time every quarter, with no milestone and
/// no deadline in 2021.
fn steady(id: &str, lead: &str) -> String {
    task(
        id,
        lead,
        &[],
        "推进中",
        "2022-06-30",
        &format!(
            "progress:\n{}{}{}{}{}",
            entry(
                "2019-03-01",
                lead,
                None,
                "    status:\n      from: 未启动\n      to: 推进中\n"
            ),
            entry("2021-03-30", lead, None, ""),
            entry("2021-06-30", lead, None, ""),
            entry("2021-09-30", lead, None, ""),
            entry("2021-12-30", lead, None, ""),
        ),
    )
}

fn assess(dir: &Path, extra: &[&str]) -> assert_cmd::Command {
    let mut cmd = cooptrack_in(dir);
    cmd.args(["--as-of", "2022-02-01", "assess", "--year", "2021"])
        .args(extra);
    cmd
}

/// (department, score, rank, reporting, milestones, completion, deducted)
/// as the JSON has them.
fn summary(json: &serde_json::Value) -> Vec<(String, f64, u64, f64, f64, f64, f64)> {
    json.as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["department"].as_str().unwrap().to_string(),
                u["score"].as_f64().unwrap(),
                u["rank"].as_u64().unwrap(),
                u["reporting"]["points"].as_f64().unwrap(),
                u["milestones"]["points"].as_f64().unwrap(),
                u["completion"]["points"].as_f64().unwrap(),
                u["deductions"]["points"].as_f64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn every_unit_is_scored_and_ranked_as_worked_out_by_hand() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = ledger(tmp.path());
    let json = json_of(&mut assess(&dir, &["--format", "json"]));
    let s = |name: &str, score, rank, r, m, c, d| (name.to_string(), score, rank, r, m, c, d);
    assert_eq!(
        summary(&json),
        [
            s("区商务委", 100.0, 1, 100.0, 0.0, 0.0, 0.0),
            s("区文旅委", 100.0, 1, 100.0, 0.0, 0.0, 0.0),
            s("区交通局", 93.75, 3, 43.75, 0.0, 50.0, 0.0),
            s("区林业局", 56.75, 4, 18.75, 40.0, 0.0, 2.0),
            s("区水务局", 54.67, 5, 30.0, 26.67, 0.0, 2.0),
        ]
    );
    // One unit whole: every field, every figure.
    assert_eq!(
        json[2],
        json!({
            "department": "区交通局",
            "score": 93.75,
            "rank": 3,
            "reporting": {
                "weight": 50.0,
                "rubric_weight": 30,
                "assessed": true,
                "numerator": 3.5,
                "denominator": 4,
                "periods_owed": 4,
                "on_time": 3,
                "late": 1,
                "unreported": 0,
                "partly_reported": 1,
                "periods": [
                    {"period": "2021Q1", "reply": "on_time"},
                    {"period": "2021Q2", "reply": "on_time", "partly": true},
                    {"period": "2021Q3", "reply": "late"},
                    {"period": "2021Q4", "reply": "on_time"},
                ],
                "points": 43.75,
            },
            "milestones": {
                "weight": 0.0,
                "rubric_weight": 40,
                "assessed": false,
                "numerator": 0.0,
                "denominator": 0,
                "due": 0,
                "met": 0,
                "missed": [],
                "points": 0.0,
            },
            "completion": {
                "weight": 50.0,
                "rubric_weight": 30,
                "assessed": true,
                "numerator": 1.0,
                "denominator": 1,
                "due": 1,
                "done_on_time": 1,
                "not_on_time": [],
                "points": 50.0,
            },
            "deductions": {"red_task": 2.0, "red_tasks": [], "points": 0.0},
            "spread": ["milestones"],
        })
    );
    let water = &json[4];
    assert_eq!(
        (
            &water["milestones"]["missed"],
            &water["completion"]["not_on_time"],
            &water["deductions"]["red_tasks"],
            &water["reporting"]["periods_owed"],
        ),
        (
            &json!([{"task": "1.1", "by": "2021-12-31", "goal": "取得批复"}]),
            &json!(["1.3"]),
            &json!(["1.1"]),
            &json!(4),
        )
    );
    let forestry = &json[3];
    assert_eq!(
        forestry["reporting"]["periods"],
        json!([
            {"period": "2021Q1", "reply": "unreported"},
            {"period": "2021Q2", "reply": "late"},
            {"period": "2021Q3", "reply": "on_time"},
            {"period": "2021Q4", "reply": "on_time"},
        ])
    );
    assert_eq!(
        (&json[0]["spread"], &json[0]["reporting"]["weight"]),
        (&json!(["milestones", "completion"]), &json!(100.0))
    );
}

#[test]
fn the_table_and_markdown_show_each_figure_beside_its_points() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = ledger(tmp.path());
    let out = stdout_of(&mut assess(&dir, &[]));
    assert!(
        out.starts_with("2021年度各单位评估\n评估日 2022-01-15；报送 30 分、节点 40 分、完成 30 分，评估日亮红灯的牵头任务每项扣 2 分；计入的报送期：2021Q1、2021Q2、2021Q3、2021Q4\n"),
        "{out}"
    );
    assert!(
        out.contains("\n未参加评估（本年无应报送期、到期节点和到期任务）：区科技局\n"),
        "{out}"
    );
    for figure in [
        "3/4 期按时报送，1 期补报（计半）",
        "2/4 期按时报送，1 期补报（计半）",
        "2/3 节点完成",
        "0/1 项按期完成",
        "43.75／50",
        "26.67／40",
        "红灯 1 项",
    ] {
        assert!(out.contains(figure), "{figure}: {out}");
    }
    assert!(
        out.contains("区交通局：节点（40 分）无可评内容，权重按比例分摊后为：报送 50、完成 50；逾期补报：2021Q3；部分任务未报送（计为已报送）：2021Q2\n"),
        "{out}"
    );
    assert!(
        out.contains(
            "区水务局：未完成节点：1.1 2021-12-31 取得批复；未按期完成：1.3；红灯任务：1.1\n"
        ),
        "{out}"
    );
    let md = stdout_of(&mut assess(&dir, &["--format", "markdown", "--lang", "en"]));
    assert!(md.starts_with("# Assessment of the units, 2021\n"), "{md}");
    assert!(
        md.contains("| 3 | 区交通局 | 93.75 | 43.75／50<br>3/4 periods on time, 1 late (half) | —<br>no milestone due | 50.00／50<br>1/1 tasks done on time | 0 |"),
        "{md}"
    );
}

#[test]
fn the_workbook_computes_points_and_totals_with_formulas() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = ledger(tmp.path());
    let path = tmp.path().join("评估.xlsx");
    assess(&dir, &["-o"]).arg(&path).assert().success();
    let json = json_of(&mut assess(&dir, &["--format", "json"]));
    let mut book = open_workbook_auto(&path).unwrap();
    let values = book.worksheet_range("评估").unwrap();
    let formulas = book.worksheet_formula("评估").unwrap();
    // Rows from the fifth (index 4); columns: A rank, B unit, C–G
    // reporting, H–K milestones, L–O completion, P–Q deduction, R score.
    let cell = |r: u32, c: u32| values.get_value((r, c)).cloned().unwrap_or(Data::Empty);
    let formula = |r: u32, c: u32| formulas.get_value((r, c)).cloned().unwrap_or_default();
    for (i, unit) in json.as_array().unwrap().iter().enumerate() {
        let r = 4 + u32::try_from(i).unwrap();
        let n = r + 1;
        assert_eq!(
            cell(r, 1),
            Data::String(unit["department"].as_str().unwrap().into())
        );
        assert_eq!(cell(r, 17), Data::Float(unit["score"].as_f64().unwrap()));
        assert_eq!(cell(r, 0), Data::Float(unit["rank"].as_f64().unwrap()));
        assert_eq!(
            cell(r, 6),
            Data::Float(unit["reporting"]["points"].as_f64().unwrap())
        );
        assert_eq!(
            cell(r, 10),
            Data::Float(unit["milestones"]["points"].as_f64().unwrap())
        );
        assert_eq!(
            cell(r, 14),
            Data::Float(unit["completion"]["points"].as_f64().unwrap())
        );
        assert_eq!(
            formula(r, 6),
            format!("IF(E{n}=0,0,ROUND(F{n}*(C{n}+D{n}/2)/E{n},2))")
        );
        assert_eq!(
            formula(r, 10),
            format!("IF(I{n}=0,0,ROUND(J{n}*H{n}/I{n},2))")
        );
        assert_eq!(
            formula(r, 14),
            format!("IF(M{n}=0,0,ROUND(N{n}*L{n}/M{n},2))")
        );
        assert_eq!(formula(r, 16), format!("ROUND(P{n}*2,2)"));
        assert_eq!(
            formula(r, 17),
            format!("MAX(0,ROUND(G{n}+K{n}+O{n}-Q{n},2))")
        );
        assert_eq!(formula(r, 0), format!("RANK(R{n},$R$5:$R$9)"));
    }
    // 水务局's figures, as numbers the formulas read.
    let water: Vec<Data> = (2..17).map(|c| cell(8, c)).collect();
    let f = Data::Float;
    assert_eq!(
        water,
        [
            f(4.0),
            f(0.0),
            f(4.0),
            f(30.0),
            f(30.0),
            f(2.0),
            f(3.0),
            f(40.0),
            f(26.67),
            f(0.0),
            f(1.0),
            f(30.0),
            f(0.0),
            f(1.0),
            f(2.0),
        ]
    );
}

#[test]
fn a_rubric_that_does_not_add_up_is_refused_by_validate_and_assess() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = ledger(tmp.path());
    fs::write(
        dir.join("plan.yaml"),
        format!("{PLAN}assessment:\n  reporting: 50\n  milestones: 40\n"),
    )
    .unwrap();
    let message = "assessment 的权重 reporting 50、milestones 40、completion 30 合计 120，应为 100（未写出的取默认值 30、40、30）";
    cooptrack_in(&dir)
        .arg("validate")
        .assert()
        .code(1)
        .stdout(predicates::str::contains(message));
    assess(&dir, &[])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(message));
    // A rubric of its own: weights and the deduction as written.
    fs::write(
        dir.join("plan.yaml"),
        format!("{PLAN}assessment:\n  reporting: 20\n  milestones: 50\n  completion: 30\n  deductions: {{red_task: 0.5}}\n"),
    )
    .unwrap();
    let json = json_of(&mut assess(&dir, &["--format", "json"]));
    // 水务局: 20 × 4/4 + 50 × 2/3 + 30 × 0/1 − 0.5 = 20 + 33.33 − 0.5.
    let water = json
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["department"] == "区水务局")
        .unwrap();
    assert_eq!(
        (
            water["score"].as_f64(),
            water["milestones"]["points"].as_f64()
        ),
        (Some(52.83), Some(33.33))
    );
    // An unknown key is refused like its siblings'.
    fs::write(
        dir.join("plan.yaml"),
        format!("{PLAN}assessment:\n  reportng: 30\n"),
    )
    .unwrap();
    cooptrack_in(&dir)
        .arg("validate")
        .assert()
        .failure()
        .stdout(predicates::str::contains("reportng"));
}

#[test]
fn a_year_outside_the_plan_or_not_begun_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = ledger(tmp.path());
    cooptrack_in(&dir)
        .args(["--as-of", "2022-02-01", "assess", "--year", "2023"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "2023 年不在计划期 2018—2022 年内",
        ));
    cooptrack_in(&dir)
        .args(["--as-of", "2021-02-01", "assess", "--year", "2022"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "2022 年尚未开始（今天是 2021-02-01）",
        ));
    cooptrack_in(&dir)
        .args(["assess", "--year", "21"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("年份“21”无效"));
    cooptrack_in(&dir)
        .args(["assess", "--year", "2021", "--format", "xlsx"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "请用 -o 指定输出文件，如 -o 评估.xlsx",
        ));
}

#[test]
fn before_the_year_is_over_only_the_closed_periods_count() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = ledger(tmp.path());
    // On 2021-08-01 only Q1's and Q2's windows had closed; no deadline or
    // milestone of 2021 but 1.2's (2021-06-30) and 1.1's (06-30) and 1.3's
    // (03-31) had passed.
    let json = json_of(cooptrack_in(&dir).args([
        "--as-of",
        "2021-08-01",
        "assess",
        "--year",
        "2021",
        "--format",
        "json",
    ]));
    let forestry = json
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["department"] == "区林业局")
        .unwrap();
    // Q1 none, Q2 late (recorded 2021-08-01): (0 + ½)/2 of 100 (nothing else due).
    assert_eq!(
        (
            forestry["reporting"]["periods_owed"].as_u64(),
            forestry["score"].as_f64()
        ),
        (Some(2), Some(25.0))
    );
    let water = json
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["department"] == "区水务局")
        .unwrap();
    assert_eq!(
        (
            water["milestones"]["due"].as_u64(),
            water["milestones"]["met"].as_u64()
        ),
        (Some(2), Some(2))
    );
}
