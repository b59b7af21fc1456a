//! Issue 22's replayed year: 2021, quarterly, of a small plan with three
//! tasks, run as the working group's office runs it — targets set through
//! the 年度工作计划 workbook, milestones met and missed through the
//! quarterly forms, two units reminded, one of them replying late — and
//! the H1 report checked figure by figure against the table below, worked
//! out by hand.
//!
//! | task | lead | responsible | 2021 target | milestones |
//! |---|---|---|---|---|
//! | 1.1 | 区水务局 | 区交委 | 完成琼江治理一期 | 2021-03-31 完成方案编制; 2021-06-30 完成一期工程招标 |
//! | 1.2 | 区交委 | | 航道整治开工 | 2021-06-30 取得施工许可 |
//! | 1.3 | 区林业局 | | 建立联防机制 | none (the unit with no milestones) |
//!
//! The replay:
//!
//! | date | what | milestone |
//! |---|---|---|
//! | 2020-12-20 | `targets --year 2021`; collected 2021-01-05 | |
//! | 2021-04-02 | 区水务局's Q1 form, 1.1 | 2021-03-31 已完成 |
//! | 2021-04-05 | 区交委's Q1 form, 1.2 | (none asked in Q1) |
//! | 2021-04-08 | 区林业局's Q1 form, 1.3 | |
//! | 2021-07-05 | 区水务局's Q2 form, 1.1 | 2021-06-30 未完成 |
//! | 2021-07-20 | `remind --period 2021Q2`: 区交委 (1.1, 1.2) and 区林业局 (1.3) | |
//! | 2021-07-25 | 区交委's Q2 form, past the window (07-15): refused, then `--late` | 1.2: 2021-06-30 已完成 |
//!
//! The H1 report as of 2021-07-31:
//!
//! | | due | met | missed |
//! |---|---|---|---|
//! | 区水务局 | 2 (1.1 ×2) | 1 | 1.1 2021-06-30 完成一期工程招标 |
//! | 区交委 | 1 (1.2) | 1 (the late reply counts) | — |
//! | all | 3 | 2 | 1 |
//!
//! The year's assessment (as of 2022-01-20: the assessment day is
//! 2022-01-15, the last day Q4 replies count). No task is due in 2021, so
//! completion's 30 is spread: reporting 30 → 42.86, milestones 40 → 57.14
//! (区林业局, with no milestones either: reporting 100).
//!
//! | unit | 报送 (on time + late/2) / periods owed | 节点 met/due | red | score | rank |
//! |---|---|---|---|---|---|
//! | 区交委 | (1 + 0.5)/4 → 42.86 × 0.375 = 16.07 (Q1 in part counts) | 1/1 → 57.14 | 0 | 73.21 | 1 |
//! | 区水务局 | 2/4 → 21.43 | 1/2 → 28.57 | 1.1: −2 | 48.00 | 2 |
//! | 区林业局 | 1/4 → 100 × 0.25 = 25.00 | — | 0 | 25.00 | 3 |
//!
//! 1.1 is red (`milestone_missed`), 1.3 yellow (no progress for 114 days);
//! 区林业局 replied in Q1, so no unit is
//! 未报送 for H1; 区交委 is 逾期补报 (1.1, 1.2). For Q2 alone, 区林业局 is
//! 未报送 (1.3).

use std::fs;
use std::path::{Path, PathBuf};

use crate::common::{cooptrack_in, json_of, stdout_of};
use crate::forms::{serial, Filling};

const PLAN: &str = "title: 潼南区2021—2022年合作行动计划
issuer: 重庆市潼南区人民政府
date: 2020-12-01
period:
  start: 2021
  end: 2022
status: active
working_group_office: 区发展改革委
supervision_office: 区政府督查室
headings:
  - number: 1
    label: (一)
    title: 推动生态环境联防联控联治
";

const DEPARTMENTS: &str = "departments:
  - name: 区水务局
  - name: 区交委
  - name: 区林业局
    contact: {name: 王芳, phone: \"13900000001\"}
  - name: 区发展改革委
  - name: 区政府督查室
";

fn task(number: u32, title: &str, lead: &str, responsible: &[&str]) -> String {
    let responsible: String = responsible.iter().map(|r| format!("  - {r}\n")).collect();
    format!(
        "id: \"1.{number}\"\nsection: 1\nheading: 推动生态环境联防联控联治\nnumber: {number}\ntitle: {title}\ntext: {title}。\nlead:\n  - {lead}\nresponsible:\n{responsible}status: 推进中\ndue: 2022-12-31\nprogress: []\n"
    )
}

struct Year {
    _dir: tempfile::TempDir,
    root: PathBuf,
    tasks: PathBuf,
}

impl Year {
    fn new() -> Year {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        let tasks = root.join("tasks");
        fs::create_dir_all(&tasks).unwrap();
        fs::write(tasks.join("plan.yaml"), PLAN).unwrap();
        fs::write(tasks.join("departments.yaml"), DEPARTMENTS).unwrap();
        let files = [
            (1, "推进琼江流域水环境综合治理", "区水务局", &["区交委"][..]),
            (2, "推进涪江航道整治", "区交委", &[][..]),
            (3, "开展森林防火联防联控", "区林业局", &[][..]),
        ];
        for (n, title, lead, responsible) in files {
            fs::write(
                tasks.join(format!("1.{n}.yaml")),
                task(n, title, lead, responsible),
            )
            .unwrap();
        }
        stdout_of(cooptrack_in(&tasks).arg("validate"));
        Year {
            _dir: dir,
            root,
            tasks,
        }
    }

    fn run(&self, as_of: &str, args: &[&str]) -> String {
        stdout_of(
            cooptrack_in(&self.tasks)
                .args(["--as-of", as_of])
                .args(args),
        )
    }

    /// `forms --period` as of `as_of`, into `forms-PERIOD/`.
    fn forms(&self, as_of: &str, period: &str) -> PathBuf {
        let out = self.root.join(format!("forms-{period}"));
        self.run(
            as_of,
            &["forms", "--period", period, "-o", out.to_str().unwrap()],
        );
        out
    }

    fn report(&self, as_of: &str, period: &str) -> serde_json::Value {
        json_of(cooptrack_in(&self.tasks).args([
            "--as-of", as_of, "report", "--period", period, "--format", "json",
        ]))
    }
}

fn form(dir: &Path, period: &str, unit: &str) -> PathBuf {
    dir.join(format!("{period}-{unit}.xlsx"))
}

fn units(list: &serde_json::Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|u| {
            let tasks: Vec<&str> = u["tasks"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t.as_str().unwrap())
                .collect();
            format!("{}:{}", u["department"].as_str().unwrap(), tasks.join(","))
        })
        .collect()
}

#[test]
fn the_office_s_2021_replayed() {
    let year = Year::new();
    set_the_targets(&year);
    first_quarter(&year);
    second_quarter_reminded_and_late(&year);
    the_half_year_report(&year);
    the_year_s_assessment(&year);
}

/// The assessment of 2021 (default rubric 30/40/30, 2 points a red task),
/// as the table at the top works it out.
fn the_year_s_assessment(year: &Year) {
    let json = year.run(
        "2022-01-20",
        &["assess", "--year", "2021", "--format", "json"],
    );
    let units: serde_json::Value = serde_json::from_str(&json).unwrap();
    let figures: Vec<String> = units
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            format!(
                "{} {} #{} 报送 {}/{}={} 节点 {}/{}={} 扣 {}",
                u["department"].as_str().unwrap(),
                u["score"],
                u["rank"],
                u["reporting"]["numerator"],
                u["reporting"]["denominator"],
                u["reporting"]["points"],
                u["milestones"]["numerator"],
                u["milestones"]["denominator"],
                u["milestones"]["points"],
                u["deductions"]["points"],
            )
        })
        .collect();
    assert_eq!(
        figures,
        [
            "区交委 73.21 #1 报送 1.5/4=16.07 节点 1.0/1=57.14 扣 0.0",
            "区水务局 48.0 #2 报送 2.0/4=21.43 节点 1.0/2=28.57 扣 2.0",
            "区林业局 25.0 #3 报送 1.0/4=25.0 节点 0.0/0=0.0 扣 0.0",
        ]
    );
    // Completion has nothing due in 2021 (every deadline is 2022-12-31):
    // its 30 is spread over the others, 42.86 and 57.14; 区林业局 has no
    // milestone either, so its reporting weighs 100.
    assert_eq!(units[0]["reporting"]["weight"], 42.86);
    assert_eq!(units[0]["milestones"]["weight"], 57.14);
    assert_eq!(units[2]["reporting"]["weight"], 100.0);
    assert_eq!(
        units[1]["deductions"]["red_tasks"],
        serde_json::json!(["1.1"])
    );
}

fn set_the_targets(year: &Year) {
    // 年度工作计划: issued in December, filled in, read back in January.
    let book = year.root.join("2021年度工作计划.xlsx");
    year.run(
        "2020-12-20",
        &["targets", "--year", "2021", "-o", book.to_str().unwrap()],
    );
    Filling::open(&book)
        .text("F6", "完成琼江治理一期")
        .number("G6", serial("2021-03-31"))
        .text("H6", "完成方案编制")
        .number("I6", serial("2021-06-30"))
        .text("J6", "完成一期工程招标")
        .text("F7", "航道整治开工")
        .number("G7", serial("2021-06-30"))
        .text("H7", "取得施工许可")
        .text("F8", "建立联防机制")
        .save(&book);
    let out = year.run(
        "2021-01-05",
        &["targets", "--collect", book.to_str().unwrap()],
    );
    assert!(out.ends_with("汇总：设定 3 项任务的年度目标。\n"), "{out}");
}

fn first_quarter(year: &Year) {
    // Q1: 区水务局 meets its first milestone; 区交委 and 区林业局 report.
    let q1 = year.forms("2021-03-25", "2021Q1");
    let water = form(&q1, "2021Q1", "区水务局");
    Filling::open(&water)
        .text("G6", "治理方案编制完成")
        .text("P6", "已完成")
        .number("L6", serial("2021-04-02"))
        .save(&water);
    let transport = form(&q1, "2021Q1", "区交委");
    Filling::open(&transport)
        .text("G7", "完成航道整治初步设计")
        .number("L7", serial("2021-04-05"))
        .save(&transport);
    let forest = form(&q1, "2021Q1", "区林业局");
    Filling::open(&forest)
        .text("G6", "与大足区签订森林防火联防协议")
        .number("L6", serial("2021-04-08"))
        .save(&forest);
    let out = stdout_of(
        cooptrack_in(&year.tasks)
            .args(["--as-of", "2021-04-10", "collect"])
            .args([&water, &transport, &forest]),
    );
    assert!(out.contains("新增进展 3 条"), "{out}");
}

fn second_quarter_reminded_and_late(year: &Year) {
    // Q2: 区水务局 says its second milestone is not met; the others are silent.
    let q2 = year.forms("2021-06-25", "2021Q2");
    let water = form(&q2, "2021Q2", "区水务局");
    Filling::open(&water)
        .text("G6", "一期工程招标文件编制中")
        .text("H6", "用地手续未办结")
        .text("P6", "未完成")
        .number("L6", serial("2021-07-05"))
        .save(&water);
    stdout_of(
        cooptrack_in(&year.tasks)
            .args(["--as-of", "2021-07-06", "collect"])
            .arg(&water),
    );

    // 催报: the two silent units, each with its liaison and tasks.
    let reminders = year.run("2021-07-20", &["remind", "--period", "2021Q2"]);
    let messages: Vec<&str> = reminders.trim_end().split("\n\n").collect();
    assert_eq!(messages.len(), 2, "{reminders}");
    assert_eq!(
        messages[1],
        "【催报】区林业局（王芳 13900000001）：2021年第二季度任务进展尚未报送：1.3 开展森林防火联防联控。请于2021年7月25日前报送区发展改革委。"
    );
    assert!(messages[0].starts_with("【催报】区交委：2021年第二季度任务进展尚未报送：1.1 推进琼江流域水环境综合治理；1.2 推进涪江航道整治。"), "{reminders}");

    // For the half year, 区林业局 replied (in Q1): only 区交委 is reminded.
    let half = year.run(
        "2021-07-20",
        &["remind", "--period", "2021H1", "--format", "json"],
    );
    let half: serde_json::Value = serde_json::from_str(&half).unwrap();
    let reminded: Vec<&str> = half
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["department"].as_str().unwrap())
        .collect();
    assert_eq!(reminded, ["区交委"]);

    // 补报: 区交委 replies after the window; refused, then taken with --late.
    let transport = form(&q2, "2021Q2", "区交委");
    Filling::open(&transport)
        .text("G6", "配合完成航道与河道交叉段方案")
        .number("L6", serial("2021-07-25"))
        .text("G7", "施工许可已取得")
        .text("P7", "已完成")
        .number("L7", serial("2021-07-25"))
        .save(&transport);
    let refused = cooptrack_in(&year.tasks)
        .args(["--as-of", "2021-07-26", "collect"])
        .arg(&transport)
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8(refused.stdout)
        .unwrap()
        .contains("--late"));
    let out = stdout_of(
        cooptrack_in(&year.tasks)
            .args(["--as-of", "2021-07-26", "collect", "--late"])
            .arg(&transport),
    );
    assert!(out.contains("新增进展 2 条"), "{out}");
}

fn the_half_year_report(year: &Year) {
    // The H1 report, figure by figure (the table at the top).
    let h1 = year.report("2021-07-31", "2021H1");
    assert_eq!(h1["period"]["id"], "2021H1");
    assert_eq!(
        h1["targets"],
        serde_json::json!({
            "due": 3,
            "met": 2,
            "missed": 1,
            "by_department": [
                {"department": "区水务局", "due": 2, "met": 1, "missed": [
                    {"task": "1.1", "name": "1.1 推进琼江流域水环境综合治理", "by": "2021-06-30", "goal": "完成一期工程招标"},
                ]},
                {"department": "区交委", "due": 1, "met": 1, "missed": []},
            ],
        })
    );
    let line = |id: &str| {
        h1["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(line("1.1")["light"], "red");
    assert_eq!(
        line("1.1")["reasons"],
        serde_json::json!([{"kind": "milestone_missed", "by": "2021-06-30", "goal": "完成一期工程招标"}])
    );
    assert_eq!(line("1.2")["light"], "green");
    // 区林业局 has been silent since 2021-04-08: 114 days, over the 90.
    assert_eq!(line("1.3")["light"], "yellow");
    assert_eq!(
        line("1.3")["reasons"],
        serde_json::json!([{"kind": "stale", "days_since_update": 114}])
    );
    assert!(units(&h1["period"]["unreported"]).is_empty());
    assert!(units(&h1["period"]["partly_reported"]).is_empty());
    assert_eq!(units(&h1["period"]["late"]), ["区交委:1.1,1.2"]);
    let q2_report = year.report("2021-07-31", "2021Q2");
    assert_eq!(units(&q2_report["period"]["unreported"]), ["区林业局:1.3"]);
    assert_eq!(q2_report["targets"]["due"], 2);

    // The workbook's progress sheet has the same figures.
    let xlsx = year.root.join("台账.xlsx");
    stdout_of(cooptrack_in(&year.tasks).args([
        "--as-of",
        "2021-07-31",
        "report",
        "--period",
        "2021H1",
        "-o",
        xlsx.to_str().unwrap(),
    ]));
    let cells = all_cells(&xlsx);
    assert!(
        cells.contains(&"年度目标：本期到期时间节点 3 个，已完成 2 个，未完成 1 个。".to_string()),
        "{cells:?}"
    );
    assert!(
        cells.contains(&"1.1 推进琼江流域水环境综合治理：2021-06-30 完成一期工程招标".to_string()),
        "{cells:?}"
    );

    // The 通报 lists the missed milestone with its goal.
    let docx = year.root.join("通报.docx");
    stdout_of(cooptrack_in(&year.tasks).args([
        "--as-of",
        "2021-07-31",
        "report",
        "--period",
        "2021H1",
        "-o",
        docx.to_str().unwrap(),
    ]));
    let document = crate::report_docx::read_docx(&docx).document;
    let text: Vec<String> = crate::report_docx::paragraphs(&document)
        .into_iter()
        .map(|(_, text)| text)
        .collect();
    let text = text.join("\n");
    assert!(
        text.contains("年度目标：本期到期时间节点 3 个，已完成 2 个，未完成 1 个。"),
        "{text}"
    );
    assert!(
        text.contains(
            "区水务局：1.1 推进琼江流域水环境综合治理（节点 2021-06-30“完成一期工程招标”未完成）。"
        ),
        "{text}"
    );
}

/// Every text cell of every sheet of a workbook, as calamine reads it.
fn all_cells(path: &Path) -> Vec<String> {
    use calamine::{open_workbook_auto, Data, Reader};
    let mut book = open_workbook_auto(path).unwrap();
    let mut texts = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        texts.extend(range.cells().filter_map(|(_, _, cell)| match cell {
            Data::String(s) => Some(s.clone()),
            _ => None,
        }));
    }
    texts
}
