//! Issue 19's replayed year: one ledger over time, asked who owes a report
//! for a period as of a date, by `report` (JSON, Markdown, xlsx, docx),
//! `forms` and `collect --dry-run`. Every expected list below is worked out
//! by hand from the bundled tasks and the replay, using the rule:
//!
//! - a task is open during P when it existed before P ended (`added` ≤ P's
//!   end and ≤ D) and was not done, cancelled or carried over before P
//!   started;
//! - 未报送单位: a unit lead or responsible on an open task that has no
//!   entry of its own belonging to P (an entry's `period:`, else the period
//!   of its date), dated ≤ D;
//! - 部分任务未报送进展: a unit with entries in P that left some of its open
//!   tasks without one;
//! - names as of D: 区旅游局 and 区文化委 are one unit, 区文化旅游委, from
//!   2020-08-01 on, and two units before.
//!
//! Who takes part in what (current names; the files write some former
//! ones: 区环保局, 区农委, 区科委, 区卫生计生委):
//!
//! | task | lead | responsible |
//! |---|---|---|
//! | 1.1 | 区生态环境局 | 区农业农村委 区水务局 区经济信息委 区高新区管委会 |
//! | 1.2 | 区生态环境局 | 区经济信息委 区城管局 区农业农村委 潼南气象局 |
//! | 1.3 | 区林业局 | 区生态环境局 |
//! | 1.4 | 区生态环境局 | 区水务局 |
//! | 2.1, 2.2 | 区交委 | |
//! | 2.3 | 区水务局 | 区交委 |
//! | 2.4 | 区经济信息委 | 区发展改革委 |
//! | 3.1 | 区经济信息委 | 区高新区管委会 |
//! | 3.2 | 区科技局 | 区农业农村委 区经济信息委 区生态环境局 |
//! | 3.3 | 区农业农村委 | 区商务局 |
//! | 3.4 | 区科技局 | |
//! | 4.1, 4.2 | 区经济信息委 | 区高新区管委会 |
//! | 4.3 | 区经济信息委 | 区高新区管委会 区科技局 区卫生健康委 |
//! | 4.4 | 区农业农村委 | 区农业科技园区管委会 区林业局 |
//! | 4.5 | 区旅游局 | 区文化委 |
//! | 4.6 (added 2020-08-05) | 区商务局 | 区文化旅游委 |
//! | 5.1, 5.2, 7.1 | 区发展改革委 | |
//! | 6.1 | 区教委 区卫生健康委 | |
//! | 6.2 | 区人力社保局 | |
//! | 6.3 | 区政府应急办 | 潼南食药监分局 区安监局 区水务局 区卫生健康委 区公安局 |
//! | 7.2 | 区高新区管委会 区农业园区管委会 | |
//!
//! The replay's entries (date, task, unit, period it belongs to):
//!
//! | date | task | by | period | note |
//! |---|---|---|---|---|
//! | 2020-03-20 | 6.2 | 区人力社保局 | Q1 | 已取消: its only task |
//! | 2020-04-20 | 4.1 | 区经济信息委 | Q2 | |
//! | 2020-05-06 | 1.4 | 区生态环境局 | Q2 | 推进中 |
//! | 2020-05-18 | 3.2 | 区科技局 | Q2 | 已完成: open during Q2, closed from Q3 |
//! | 2020-06-10 | 6.1 | 区教委 | Q2 | |
//! | 2020-06-15 | 2.3 | 区水务局 | Q2 | partial form: 1.1 1.4 6.3 left blank |
//! | 2020-06-25 | 2.3 | 区交委 | Q2 | supporter, newer than the lead's |
//! | 2020-06-28 | 4.5 | 区旅游局 | Q2 | form |
//! | 2020-07-03 | 1.2 | 区城管局 | Q2 | form in the grace window |
//! | 2020-07-20 | 2.1 | 区交委 | Q3 | |
//! | 2020-08-08 | 4.5 | 区文化旅游委 | Q3 | after the merger |
//! | 2020-10-15 | 2.3 | 区水务局 | Q4 | |
//! | 2020-11-10 | 4.4 | 区农业农村委 | Q4 | |
//! | 2020-12-01 | 7.2 | 区高新区管委会 | Q4 | one of its two leads |
//!
//! Then `close-plan` on 2022-12-31.

use std::fs;
use std::path::{Path, PathBuf};

use calamine::{open_workbook_auto, Reader};
use serde_json::Value;

use crate::common::{cooptrack_in, copy_bundled, json_of, stdout_of};
use crate::forms::Filling;

/// The merger: 区旅游局 and 区文化委 become 区文化旅游委 on 2020-08-01.
const MERGED: &str = "  - name: 区文化旅游委
    former:
      - name: 区旅游局
        until: 2020-08-01
        note: 机构改革合并
      - name: 区文化委
        until: 2020-08-01
        note: 机构改革合并
";

/// The replayed ledger.
pub struct Year {
    _dir: tempfile::TempDir,
    pub root: PathBuf,
    pub tasks: PathBuf,
    /// The 2020Q2 forms, as issued on 2020-07-03 and filled in.
    pub q2_forms: PathBuf,
}

fn run(tasks: &Path, day: &str, args: &[&str]) -> String {
    stdout_of(cooptrack_in(tasks).args(["--as-of", day]).args(args))
}

/// The row of task `id` on a form's first sheet (1-based, as Excel).
fn row_of(form: &Path, id: &str) -> u32 {
    let mut book = open_workbook_auto(form).unwrap();
    let range = book.worksheet_range("填报表").unwrap();
    let (first_row, _) = range.start().unwrap();
    let index = range
        .rows()
        .position(|r| matches!(r.first(), Some(calamine::Data::String(s)) if s == id))
        .unwrap_or_else(|| panic!("{id} is not on {}", form.display()));
    first_row + u32::try_from(index).unwrap() + 1
}

/// Three 2020Q2 forms filled in and collected on 2020-07-03.
fn fill_and_collect_q2_forms(t: &Path, q2_forms: &Path) {
    let form = |unit: &str| q2_forms.join(format!("2020Q2-{unit}.xlsx"));
    // The partial form: 区水务局 reports on 2.3, which it leads, and
    // leaves 1.1, 1.4 and 6.3 blank, as the form's instructions allow.
    let water = form("区水务局");
    let r = row_of(&water, "2.3");
    Filling::open(&water)
        .text(&format!("G{r}"), "完成涪江航道整治方案编制")
        .text(&format!("H{r}"), "航道疏浚资金缺口 1200 万元")
        .text(&format!("I{r}"), "7 月底前完成方案审查")
        .text(&format!("J{r}"), "推进中")
        .text(&format!("L{r}"), "2020-06-15")
        .save(&water);
    // Returned in the grace window: dated 2020-07-03, for 2020Q2.
    let city = form("区城管局");
    let r = row_of(&city, "1.2");
    Filling::open(&city)
        .text(&format!("G{r}"), "开展道路扬尘专项整治 12 次")
        .text(&format!("L{r}"), "2020-07-03")
        .save(&city);
    let tourism = form("区旅游局");
    let r = row_of(&tourism, "4.5");
    Filling::open(&tourism)
        .text(&format!("G{r}"), "双江古镇景区提升方案编制完成")
        .text(&format!("L{r}"), "2020-06-28")
        .save(&tourism);
    let out = stdout_of(
        cooptrack_in(t)
            .args(["--as-of", "2020-07-03", "collect"])
            .args([&water, &city, &tourism]),
    );
    assert!(out.contains("新增进展 3 条"), "{out}");
}

impl Year {
    /// The year up to the merger: the 2020Q2 forms issued, three of them
    /// filled in and collected, departments.yaml merged afterwards (the
    /// office records the merger when it happens).
    pub fn until_merger() -> Year {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        let tasks = copy_bundled(&root);
        let t = &tasks;
        run(
            t,
            "2020-03-20",
            &[
                "update",
                "6.2",
                "--status",
                "已取消",
                "--note",
                "并入市级统筹，经区政府同意取消",
            ],
        );
        run(
            t,
            "2020-04-20",
            &["update", "4.1", "--note", "签约装备制造项目2个"],
        );
        run(
            t,
            "2020-05-06",
            &[
                "update",
                "1.4",
                "--status",
                "推进中",
                "--note",
                "建立区域环境风险联合防控机制",
            ],
        );
        run(
            t,
            "2020-05-18",
            &[
                "update",
                "3.2",
                "--status",
                "已完成",
                "--note",
                "建成科技成果转化平台，已通过验收",
            ],
        );
        run(
            t,
            "2020-06-10",
            &[
                "update",
                "6.1",
                "--by",
                "区教委",
                "--note",
                "签订川渝教育合作协议",
            ],
        );
        run(
            t,
            "2020-06-25",
            &[
                "update",
                "2.3",
                "--by",
                "区交委",
                "--note",
                "配合完成航道测量",
            ],
        );

        let q2_forms = root.join("forms-2020Q2");
        run(
            t,
            "2020-07-03",
            &[
                "forms",
                "--period",
                "2020Q2",
                "--due-by",
                "2020-07-05",
                "-o",
                q2_forms.to_str().unwrap(),
            ],
        );
        fill_and_collect_q2_forms(t, &q2_forms);
        run(
            t,
            "2020-07-20",
            &["update", "2.1", "--note", "配合完成铁路线位方案比选"],
        );

        let path = tasks.join("departments.yaml");
        let registry = fs::read_to_string(&path).unwrap();
        let merged = registry.replacen("  - name: 区旅游局\n  - name: 区文化委\n", MERGED, 1);
        assert_ne!(merged, registry, "departments.yaml changed");
        fs::write(&path, merged).unwrap();
        Year {
            _dir: dir,
            root,
            tasks,
            q2_forms,
        }
    }

    /// The whole year, and the plan closed on 2022-12-31.
    pub fn replayed() -> Year {
        let year = Year::until_merger();
        let t = &year.tasks;
        run(
            t,
            "2020-08-05",
            &[
                "add",
                "--section",
                "4",
                "--title",
                "推动文旅商贸融合发展",
                "--lead",
                "区商务局",
                "--responsible",
                "区文化旅游委",
            ],
        );
        assert!(t.join("4.6.yaml").exists());
        run(
            t,
            "2020-08-08",
            &[
                "update",
                "4.5",
                "--by",
                "区文化旅游委",
                "--note",
                "文旅融合项目签约",
            ],
        );
        run(
            t,
            "2020-10-15",
            &["update", "2.3", "--note", "航道整治工程开工"],
        );
        run(
            t,
            "2020-11-10",
            &["update", "4.4", "--note", "引进农业园区合作企业3家"],
        );
        run(
            t,
            "2020-12-01",
            &[
                "update",
                "7.2",
                "--by",
                "区高新区管委会",
                "--note",
                "园区合作协议签订",
            ],
        );
        run(t, "2022-12-31", &["close-plan"]);
        year
    }
}

/// Who owes a report for a period as of a date, as worked out by hand:
/// (unit, its tasks), registry order, tasks in id order.
struct Owed {
    date: &'static str,
    period: &'static str,
    label: &'static str,
    unreported: &'static [(&'static str, &'static str)],
    partly: &'static [(&'static str, &'static str)],
    /// The units `forms` writes a form for.
    forms: &'static [&'static str],
}

/// Every unit's name, current and former, that a list could show.
const ALL_UNITS: [&str; 24] = [
    "区生态环境局",
    "区农业农村委",
    "区水务局",
    "区经济信息委",
    "区高新区管委会",
    "区城管局",
    "潼南气象局",
    "区林业局",
    "区交委",
    "区发展改革委",
    "区科技局",
    "区商务局",
    "区卫生健康委",
    "区农业科技园区管委会",
    "区旅游局",
    "区文化委",
    "区文化旅游委",
    "区教委",
    "区人力社保局",
    "区政府应急办",
    "潼南食药监分局",
    "区安监局",
    "区公安局",
    "区农业园区管委会",
];

/// Before the merger: every unit but 区人力社保局 (its only task was
/// cancelled in 2020Q1), 区旅游局 and 区文化委 each under its own name.
const FORMS_BEFORE_MERGER: &[&str] = &[
    "区生态环境局",
    "区农业农村委",
    "区水务局",
    "区经济信息委",
    "区高新区管委会",
    "区城管局",
    "潼南气象局",
    "区林业局",
    "区交委",
    "区发展改革委",
    "区科技局",
    "区商务局",
    "区卫生健康委",
    "区农业科技园区管委会",
    "区旅游局",
    "区文化委",
    "区教委",
    "区政府应急办",
    "潼南食药监分局",
    "区安监局",
    "区公安局",
    "区农业园区管委会",
];

/// From the merger on: 区文化旅游委 instead of the two.
const FORMS_AFTER_MERGER: &[&str] = &[
    "区生态环境局",
    "区农业农村委",
    "区水务局",
    "区经济信息委",
    "区高新区管委会",
    "区城管局",
    "潼南气象局",
    "区林业局",
    "区交委",
    "区发展改革委",
    "区科技局",
    "区商务局",
    "区卫生健康委",
    "区农业科技园区管委会",
    "区文化旅游委",
    "区教委",
    "区政府应急办",
    "潼南食药监分局",
    "区安监局",
    "区公安局",
    "区农业园区管委会",
];

/// 2020Q2 as of 2020-06-30. Open: the 24 bundled tasks but 6.2 (cancelled
/// in Q1); 3.2, done on 05-18, is open during Q2; 4.6 does not exist yet.
/// Q2 entries dated ≤ 06-30: 4.1 经信, 1.4 生态环境, 3.2 科技, 6.1 教委, 2.3
/// 水务, 2.3 交委, 4.5 旅游局. 区城管局's entry is dated 07-03: not yet.
const Q2_ON_06_30: Owed = Owed {
    date: "2020-06-30",
    period: "2020Q2",
    label: "2020年第二季度",
    unreported: &[
        ("区农业农村委", "1.1 1.2 3.2 3.3 4.4"),
        ("区高新区管委会", "1.1 3.1 4.1 4.2 4.3 7.2"),
        ("区城管局", "1.2"),
        ("潼南气象局", "1.2"),
        ("区林业局", "1.3 4.4"),
        ("区发展改革委", "2.4 5.1 5.2 7.1"),
        ("区商务局", "3.3"),
        // 区教委's entry on 6.1 is not its co-lead's.
        ("区卫生健康委", "4.3 6.1 6.3"),
        ("区农业科技园区管委会", "4.4"),
        // Before the merger: its own unit, with its own task.
        ("区文化委", "4.5"),
        ("区政府应急办", "6.3"),
        ("潼南食药监分局", "6.3"),
        ("区安监局", "6.3"),
        ("区公安局", "6.3"),
        ("区农业园区管委会", "7.2"),
    ],
    partly: &[
        ("区生态环境局", "1.1 1.2 1.3 3.2"),
        // The partial form.
        ("区水务局", "1.1 1.4 6.3"),
        ("区经济信息委", "1.1 1.2 2.4 3.1 3.2 4.2 4.3"),
        // Its entry on 2.3, which it supports.
        ("区交委", "2.1 2.2"),
        ("区科技局", "3.4 4.3"),
    ],
    forms: FORMS_BEFORE_MERGER,
};

/// 2020Q2 as of 2020-07-10: 区城管局's form dated 07-03 (grace window)
/// counts for Q2 now; nothing else changes.
const Q2_ON_07_10: Owed = Owed {
    date: "2020-07-10",
    period: "2020Q2",
    label: "2020年第二季度",
    unreported: &[
        ("区农业农村委", "1.1 1.2 3.2 3.3 4.4"),
        ("区高新区管委会", "1.1 3.1 4.1 4.2 4.3 7.2"),
        ("潼南气象局", "1.2"),
        ("区林业局", "1.3 4.4"),
        ("区发展改革委", "2.4 5.1 5.2 7.1"),
        ("区商务局", "3.3"),
        ("区卫生健康委", "4.3 6.1 6.3"),
        ("区农业科技园区管委会", "4.4"),
        ("区文化委", "4.5"),
        ("区政府应急办", "6.3"),
        ("潼南食药监分局", "6.3"),
        ("区安监局", "6.3"),
        ("区公安局", "6.3"),
        ("区农业园区管委会", "7.2"),
    ],
    partly: Q2_ON_06_30.partly,
    forms: FORMS_BEFORE_MERGER,
};

/// 2020Q3 as of 2020-07-31: before the merger and before 4.6. Open: the
/// bundled tasks but 6.2 and 3.2 (closed before Q3). The one Q3 entry is
/// 区交委's on 2.1 (区城管局's 07-03 entry belongs to Q2).
const Q3_ON_07_31: Owed = Owed {
    date: "2020-07-31",
    period: "2020Q3",
    label: "2020年第三季度",
    unreported: &[
        ("区生态环境局", "1.1 1.2 1.3 1.4"),
        ("区农业农村委", "1.1 1.2 3.3 4.4"),
        ("区水务局", "1.1 1.4 2.3 6.3"),
        ("区经济信息委", "1.1 1.2 2.4 3.1 4.1 4.2 4.3"),
        ("区高新区管委会", "1.1 3.1 4.1 4.2 4.3 7.2"),
        ("区城管局", "1.2"),
        ("潼南气象局", "1.2"),
        ("区林业局", "1.3 4.4"),
        ("区发展改革委", "2.4 5.1 5.2 7.1"),
        ("区科技局", "3.4 4.3"),
        ("区商务局", "3.3"),
        ("区卫生健康委", "4.3 6.1 6.3"),
        ("区农业科技园区管委会", "4.4"),
        ("区旅游局", "4.5"),
        ("区文化委", "4.5"),
        ("区教委", "6.1"),
        ("区政府应急办", "6.3"),
        ("潼南食药监分局", "6.3"),
        ("区安监局", "6.3"),
        ("区公安局", "6.3"),
        ("区农业园区管委会", "7.2"),
    ],
    partly: &[("区交委", "2.2 2.3")],
    forms: FORMS_BEFORE_MERGER,
};

/// 2020Q3 as of 2020-08-10: merged, and 4.6 exists (added 08-05). Q3
/// entries: 区交委 on 2.1, 区文化旅游委 on 4.5 (not on 4.6).
const Q3_ON_08_10: Owed = Owed {
    date: "2020-08-10",
    period: "2020Q3",
    label: "2020年第三季度",
    unreported: &[
        ("区生态环境局", "1.1 1.2 1.3 1.4"),
        ("区农业农村委", "1.1 1.2 3.3 4.4"),
        ("区水务局", "1.1 1.4 2.3 6.3"),
        ("区经济信息委", "1.1 1.2 2.4 3.1 4.1 4.2 4.3"),
        ("区高新区管委会", "1.1 3.1 4.1 4.2 4.3 7.2"),
        ("区城管局", "1.2"),
        ("潼南气象局", "1.2"),
        ("区林业局", "1.3 4.4"),
        ("区发展改革委", "2.4 5.1 5.2 7.1"),
        ("区科技局", "3.4 4.3"),
        // The added task.
        ("区商务局", "3.3 4.6"),
        ("区卫生健康委", "4.3 6.1 6.3"),
        ("区农业科技园区管委会", "4.4"),
        ("区教委", "6.1"),
        ("区政府应急办", "6.3"),
        ("潼南食药监分局", "6.3"),
        ("区安监局", "6.3"),
        ("区公安局", "6.3"),
        ("区农业园区管委会", "7.2"),
    ],
    partly: &[("区交委", "2.2 2.3"), ("区文化旅游委", "4.6")],
    forms: FORMS_AFTER_MERGER,
};

/// 2020Q4 as of 2020-12-31. Q4 entries: 区水务局 on 2.3, 区农业农村委 on
/// 4.4, 区高新区管委会 on 7.2 (区农业园区管委会, its co-lead, none).
const Q4_ON_12_31: Owed = Owed {
    date: "2020-12-31",
    period: "2020Q4",
    label: "2020年第四季度",
    unreported: &[
        ("区生态环境局", "1.1 1.2 1.3 1.4"),
        ("区经济信息委", "1.1 1.2 2.4 3.1 4.1 4.2 4.3"),
        ("区城管局", "1.2"),
        ("潼南气象局", "1.2"),
        ("区林业局", "1.3 4.4"),
        ("区交委", "2.1 2.2 2.3"),
        ("区发展改革委", "2.4 5.1 5.2 7.1"),
        ("区科技局", "3.4 4.3"),
        ("区商务局", "3.3 4.6"),
        ("区卫生健康委", "4.3 6.1 6.3"),
        ("区农业科技园区管委会", "4.4"),
        ("区文化旅游委", "4.5 4.6"),
        ("区教委", "6.1"),
        ("区政府应急办", "6.3"),
        ("潼南食药监分局", "6.3"),
        ("区安监局", "6.3"),
        ("区公安局", "6.3"),
        ("区农业园区管委会", "7.2"),
    ],
    partly: &[
        ("区农业农村委", "1.1 1.2 3.3"),
        ("区水务局", "1.1 1.4 6.3"),
        ("区高新区管委会", "1.1 3.1 4.1 4.2 4.3"),
    ],
    forms: FORMS_AFTER_MERGER,
};

/// 2023Q1 as of 2023-01-15: after close-plan, nobody in either list.
const Q1_2023_AFTER_CLOSE: Owed = Owed {
    date: "2023-01-15",
    period: "2023Q1",
    label: "2023年第一季度",
    unreported: &[],
    partly: &[],
    forms: &[],
};

fn report_json(tasks: &Path, owed: &Owed) -> Value {
    json_of(cooptrack_in(tasks).args([
        "report",
        "--as-of",
        owed.date,
        "--period",
        owed.period,
        "--format",
        "json",
    ]))
}

/// "unit 1.1 1.2" for each entry of `period.<key>`.
fn listed(r: &Value, key: &str) -> Vec<String> {
    crate::common::owed_lines(r, key)
}

fn expected(list: &[(&str, &str)]) -> Vec<String> {
    list.iter().map(|(u, t)| format!("{u} {t}")).collect()
}

const PARTLY_LABEL: &str = "部分任务未报送进展";

/// The two lists' parts of a rendered report: each from its label to the
/// other label or to `end` (found in the text after the label), whichever
/// comes first. An absent label gives an empty part.
fn parts(text: &str, unreported_label: &str, end: fn(&str) -> usize) -> (String, String) {
    let part = |label: &str, other: &str| -> String {
        let Some(start) = text.find(label) else {
            return String::new();
        };
        let rest = &text[start..];
        let mut stop = end(&rest[label.len()..]) + label.len();
        if let Some(o) = rest[label.len()..].find(other) {
            stop = stop.min(o + label.len());
        }
        rest[..stop.min(rest.len())].to_string()
    };
    (
        part(unreported_label, PARTLY_LABEL),
        part(PARTLY_LABEL, unreported_label),
    )
}

/// Each listed unit in its part with its tasks (ids joined by 、) and the
/// count; every other unit in neither part.
fn assert_parts(format: &str, (unreported, partly): &(String, String), owed: &Owed) {
    for (part, list, what) in [
        (unreported, owed.unreported, "未报送单位"),
        (partly, owed.partly, PARTLY_LABEL),
    ] {
        let context = format!(
            "{format}, {} as of {}, {what}:\n{part}",
            owed.period, owed.date
        );
        if !list.is_empty() {
            assert!(part.contains(&format!("{} 个", list.len())), "{context}");
        }
        for unit in ALL_UNITS {
            let entry = list.iter().find(|(u, _)| *u == unit);
            assert_eq!(part.contains(unit), entry.is_some(), "{unit}: {context}");
            if let Some((_, tasks)) = entry {
                let ids = tasks.replace(' ', "、");
                assert!(part.contains(&ids), "{unit} {ids}: {context}");
            }
        }
    }
}

fn markdown(tasks: &Path, owed: &Owed) -> (String, String) {
    let text = stdout_of(cooptrack_in(tasks).args([
        "report",
        "--as-of",
        owed.date,
        "--period",
        owed.period,
        "--format",
        "markdown",
    ]));
    // The lists end where the next section (五、任务台账) begins.
    parts(&text, "未报送单位", |rest| {
        rest.find("\n## ").unwrap_or(rest.len())
    })
}

/// The report for `owed`'s date and period, written to a file in `dir`
/// whose extension names the format.
fn report_to(tasks: &Path, owed: &Owed, dir: &Path, extension: &str) -> PathBuf {
    let path = dir.join(format!("{}-{}.{extension}", owed.period, owed.date));
    cooptrack_in(tasks)
        .args([
            "report",
            "--as-of",
            owed.date,
            "--period",
            owed.period,
            "-o",
        ])
        .arg(&path)
        .assert()
        .success();
    path
}

fn xlsx(tasks: &Path, owed: &Owed, dir: &Path) -> (String, String) {
    let path = report_to(tasks, owed, dir, "xlsx");
    let mut book = open_workbook_auto(&path).unwrap();
    let mut text = String::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        for row in range.rows() {
            let cells: Vec<String> = row.iter().map(ToString::to_string).collect();
            text.push_str(&cells.join("\t"));
            text.push('\n');
        }
        // Sheets apart: a list ends with its sheet.
        text.push('\u{c}');
    }
    parts(&text, "未报送单位", |rest| {
        rest.find('\u{c}').unwrap_or(rest.len())
    })
}

fn docx(tasks: &Path, owed: &Owed, dir: &Path) -> (String, String) {
    use std::io::Read;
    let path = report_to(tasks, owed, dir, "docx");
    let mut zip = zip::ZipArchive::new(fs::File::open(&path).unwrap()).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    // The text: the XML without its tags.
    let mut text = String::new();
    let mut in_tag = false;
    for c in xml.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    // The 通报 names the units in a sentence: "本期（…）未报送进展的单位 N
    // 个：单位（1.1、1.2），…。"; each list ends with its sentence.
    parts(&text, "）未报送进展的单位", |rest| {
        rest.find('。').unwrap_or(rest.len())
    })
}

/// The form files `forms` writes for the period as of the date.
fn forms(tasks: &Path, owed: &Owed, dir: &Path) -> (PathBuf, Vec<String>) {
    let out = dir.join(format!("forms-{}-{}", owed.period, owed.date));
    let result = cooptrack_in(tasks)
        .args(["--as-of", owed.date, "forms", "--period", owed.period, "-o"])
        .arg(&out)
        .output()
        .unwrap();
    let mut names: Vec<String> = match fs::read_dir(&out) {
        Ok(entries) => entries
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect(),
        Err(_) => Vec::new(),
    };
    names.sort();
    assert!(
        result.status.success() || names.is_empty(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    (out, names)
}

/// What `collect --dry-run` prints of who owes a report, for these lists.
fn collect_block(owed: &Owed) -> String {
    if owed.unreported.is_empty() && owed.partly.is_empty() {
        return format!("{}：各单位均已报送。\n", owed.label);
    }
    let mut block = String::new();
    for (heading, list) in [("未报送单位", owed.unreported), (PARTLY_LABEL, owed.partly)] {
        if list.is_empty() {
            continue;
        }
        block.push_str(&format!(
            "{heading}（{}，{} 个）：\n",
            owed.label,
            list.len()
        ));
        for (unit, tasks) in list {
            block.push_str(&format!("  {unit}：{}\n", tasks.replace(' ', "、")));
        }
    }
    block
}

/// Every check of one (date, period) pair.
fn check(owed: &Owed) {
    let year = Year::replayed();
    let tasks = &year.tasks;
    let out = year.root.join("out");
    fs::create_dir_all(&out).unwrap();

    // report --format json: the exact lists.
    let r = report_json(tasks, owed);
    assert_eq!(r["period"]["id"], owed.period);
    assert_eq!(
        (listed(&r, "unreported"), listed(&r, "partly_reported")),
        (expected(owed.unreported), expected(owed.partly)),
        "{} as of {}",
        owed.period,
        owed.date
    );

    // Markdown, xlsx and docx: the right units in the right list.
    assert_parts("markdown", &markdown(tasks, owed), owed);
    assert_parts("xlsx", &xlsx(tasks, owed, &out), owed);
    assert_parts("docx", &docx(tasks, owed, &out), owed);

    // forms: one form for each unit with an open task during the period.
    // (After the plan ended the rule names no unit that owes a report; what
    // `forms` writes then is not this test's question.)
    let (dir, names) = forms(tasks, owed, &out);
    if !owed.forms.is_empty() || !owed.unreported.is_empty() {
        let mut wanted: Vec<String> = owed
            .forms
            .iter()
            .map(|u| format!("{}-{u}.xlsx", owed.period))
            .collect();
        wanted.sort();
        assert_eq!(
            names, wanted,
            "forms for {} as of {}",
            owed.period, owed.date
        );
    }

    // collect --dry-run on a form as issued (nothing filled in) lists the
    // same units, each list under its own heading.
    if let Some(first) = names.first() {
        let said = stdout_of(
            cooptrack_in(tasks)
                .args(["--as-of", owed.date, "collect", "--dry-run"])
                .arg(dir.join(first)),
        );
        let block = collect_block(owed);
        assert!(said.contains(&block), "expected:\n{block}\ngot:\n{said}");
        if !owed.partly.is_empty() {
            assert!(!said.contains("各单位均已报送"), "{said}");
        }
    }
}

#[test]
fn q2_as_of_june_30_names_the_units_before_the_merger_and_the_partial_form() {
    check(&Q2_ON_06_30);
}

#[test]
fn q2_as_of_july_10_counts_the_form_returned_in_the_grace_window() {
    check(&Q2_ON_07_10);
}

#[test]
fn q3_as_of_july_31_before_the_merger_and_the_added_task() {
    check(&Q3_ON_07_31);
}

#[test]
fn q3_as_of_august_10_after_the_merger_with_the_added_task() {
    check(&Q3_ON_08_10);
}

#[test]
fn q4_as_of_december_31() {
    check(&Q4_ON_12_31);
}

#[test]
fn a_period_after_close_plan_lists_nobody() {
    check(&Q1_2023_AFTER_CLOSE);
}

/// The past does not change when the ledger grows: on 2020-06-30 the
/// report has the 24 bundled tasks, not 4.6, and 区文化委 under its name.
#[test]
fn the_task_added_in_august_does_not_exist_before_it_was_added() {
    let year = Year::replayed();
    let r = report_json(&year.tasks, &Q2_ON_06_30);
    let ids: Vec<&str> = r["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    // 24, as the bundled plan: 4.6 was added on 2020-08-05.
    assert_eq!(ids.len(), 24, "{ids:?}");
    assert!(!ids.contains(&"4.6"), "{ids:?}");
    assert_eq!(r["overview"]["total"], 24);
    let listed = json_of(cooptrack_in(&year.tasks).args([
        "list",
        "--as-of",
        "2020-06-30",
        "--format",
        "json",
    ]));
    assert!(!crate::common::ids(&listed).contains(&"4.6".to_string()));
    // add wrote its birth date: the command's as-of date.
    let text = fs::read_to_string(year.tasks.join("4.6.yaml")).unwrap();
    assert!(text.contains("added: 2020-08-05\n"), "{text}");

    // Staleness counts from 2020-08-05: 148 days on 2020-12-31 (26 in
    // August, 30 + 31 + 30 + 31), not from the plan's 2018-08-17.
    let r = report_json(&year.tasks, &Q4_ON_12_31);
    let t46 = r["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "4.6")
        .expect("4.6 exists on 2020-12-31");
    let stale: Vec<&Value> = t46["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["kind"] == "stale")
        .collect();
    assert_eq!(stale.len(), 1, "{t46}");
    assert_eq!(stale[0]["days_since_update"], 148, "{t46}");
    // On 2020-08-10 it is five days old: not stale.
    let r = report_json(&year.tasks, &Q3_ON_08_10);
    let t46 = r["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "4.6")
        .expect("4.6 exists on 2020-08-10");
    assert!(
        !t46["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["kind"] == "stale"),
        "{t46}"
    );
}

/// The grace-window form's entry records its period and counts for 2020Q2
/// in collect's own output.
#[test]
fn the_grace_window_entry_records_its_period() {
    let year = Year::until_merger();
    let text = fs::read_to_string(year.tasks.join("1.2.yaml")).unwrap();
    assert!(text.contains("period: 2020Q2"), "{text}");
    // Collected again (as of the same day): 区城管局 is in neither list.
    let out = stdout_of(
        cooptrack_in(&year.tasks)
            .args(["--as-of", "2020-07-03", "collect", "--dry-run"])
            .arg(year.q2_forms.join("2020Q2-区城管局.xlsx")),
    );
    assert!(!out.contains("  区城管局："), "{out}");
    assert!(out.contains("  区水务局：1.1、1.4、6.3\n"), "{out}");
}

/// A form issued under an old name is recognised after the merger, and
/// recognised as collected: collecting it again adds nothing.
#[test]
fn a_form_under_an_old_name_is_recognised_as_collected_after_the_merger() {
    let year = Year::until_merger();
    let before = fs::read_to_string(year.tasks.join("4.5.yaml")).unwrap();
    let out = stdout_of(
        cooptrack_in(&year.tasks)
            .args(["--as-of", "2020-08-03", "collect"])
            .arg(year.q2_forms.join("2020Q2-区旅游局.xlsx")),
    );
    assert!(out.contains("新增进展 0 条"), "{out}");
    assert!(out.contains("  4.5  未变（已收集过）\n"), "{out}");
    assert_eq!(
        fs::read_to_string(year.tasks.join("4.5.yaml")).unwrap(),
        before
    );
}

/// The 台账 speaks for the lead: on 2.3, 区交委's entry of 06-25 is newer
/// than 区水务局's of 06-15; the lead's stays the task's progress, the
/// supporter's goes to support_progress.
#[test]
fn the_ledger_keeps_the_leads_progress_and_shows_the_supporters_beside_it() {
    let year = Year::replayed();
    let r = report_json(&year.tasks, &Q2_ON_06_30);
    let t23 = r["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "2.3")
        .unwrap();
    assert_eq!(
        t23["latest_progress"]["note"], "完成涪江航道整治方案编制",
        "{t23}"
    );
    assert_eq!(
        t23["latest_progress"]["next_steps"], "7 月底前完成方案审查",
        "{t23}"
    );
    let support = t23["support_progress"]
        .as_array()
        .unwrap_or_else(|| panic!("no support_progress: {t23}"));
    assert_eq!(support.len(), 1, "{t23}");
    assert_eq!(
        (
            &support[0]["department"],
            &support[0]["date"],
            &support[0]["note"]
        ),
        (
            &Value::from("区交委"),
            &Value::from("2020-06-25"),
            &Value::from("配合完成航道测量")
        ),
        "{t23}"
    );
}

/// `show --as-of` asks the same ledger as `list` and `report`: the task as
/// it stood that day, and no task before it was added.
#[test]
fn show_as_of_a_day_shows_the_task_as_it_stood() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = crate::common::copy_bundled(tmp.path());
    let run = |args: &[&str]| cooptrack_in(&dir).args(args).output().unwrap();
    assert!(run(&[
        "--as-of",
        "2020-05-01",
        "update",
        "1.1",
        "--status",
        "推进中",
        "--note",
        "启动"
    ])
    .status
    .success());
    let then = json_of(cooptrack_in(&dir).args([
        "--as-of",
        "2020-04-30",
        "show",
        "1.1",
        "--format",
        "json",
    ]));
    assert_eq!(then["status"], "未启动");
    assert_eq!(then["progress"], serde_json::json!([]));
    let now = json_of(cooptrack_in(&dir).args(["show", "1.1", "--format", "json"]));
    assert_eq!(now["status"], "推进中");

    assert!(run(&[
        "--as-of",
        "2020-08-05",
        "add",
        "--section",
        "1",
        "--title",
        "新任务",
        "--lead",
        "区水务局"
    ])
    .status
    .success());
    let out = run(&["--as-of", "2020-06-30", "show", "1.5"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "cooptrack: 错误：任务 1.5 在 2020-06-30 尚未新增（新增于 2020-08-05）\n"
    );
}
