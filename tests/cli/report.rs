//! `cooptrack report`: every figure checked against numbers worked out by
//! hand from the rule definitions (src/report.rs, `Reason::all` and
//! `Light::of`, and the model's `status_on` / `due_on` / `first_due`) on a
//! small fixture ledger with known progress logs, plus the rendered formats
//! (table, markdown, html, xlsx).
//!
//! The fixture, tests/fixtures/report/ledger/ (plan dated 2018-08-17; the
//! registry renames 区环保局 → 区生态环境局, 区卫生计生委 → 区卫生健康委 and
//! 区农委 → 区农业农村委 on 2019-01-01):
//!
//! | id  | lead                | file status | deadline                                   | progress log (date by: note [status change])                                  |
//! |-----|---------------------|-------------|--------------------------------------------|-------------------------------------------------------------------------------|
//! | 1.1 | 区环保局            | 已完成      | 2022-12-31, extended on 2022-11-01 to 2023-06-30 | 2019-03-31 区环保局 [未启动→推进中]; 2019-06-15 区水务局; 2023-05-20 区环保局 [推进中→已完成] |
//! | 1.2 | 区环保局            | 推进中      | 2022-12-31, extended on 2023-03-01 to 2023-12-31 | 2019-02-15 区环保局 [未启动→推进中]; 2020-09-30 区环保局                    |
//! | 1.3 | 区林业局 (区环保局 supports) | 未启动 | 2022-12-31                              | 2019-01-20 区环保局 (note only)                                               |
//! | 1.4 | 区环保局            | 滞后        | 2022-12-31, extended on 2022-12-20 to 2023-12-31 | 2019-05-20 区环保局 [未启动→推进中]; 2021-03-01 区政府督查室 [推进中→滞后]; 2022-10-10 区水务局 |
//! | 2.1 | 区交委              | 未启动      | 2022-12-31                                 | 2019-03-05 区交委 (note only)                                                 |
//! | 2.3 | 区水务局            | 已完成      | 2022-12-31                                 | 2019-03-15 区水务局 [未启动→推进中]; 2019-04-10 区交委; 2021-12-15 区水务局 [推进中→已完成] |
//! | 3.1 | 区经济信息委        | 已取消      | 2022-12-31                                 | 2018-10-15 区经济信息委 [未启动→推进中]; 2019-03-20 区政府督查室 [推进中→已取消] |
//! | 4.1 | 区经济信息委        | 推进中      | 2019-07-20                                 | 2019-06-01 区经济信息委 [未启动→推进中]                                       |
//! | 5.1 | 区发展改革委 (暂定) | 未启动      | 2022-12-31                                 | none                                                                          |
//! | 6.1 | 区教委 + 区卫生计生委 | 推进中    | 2022-12-31                                 | 2018-12-20 区卫生计生委 [未启动→推进中]; 2019-02-28 区卫生计生委; 2019-05-10 区教委; 2022-12-01 区卫生健康委 |

use std::fs;
use std::path::{Path, PathBuf};

use crate::common::{
    assert_tables_aligned, bare, bundled, cooptrack_in, copy_bundled, ids, json_of, stdout_of,
};
use serde_json::Value;

fn ledger() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/report/ledger")
}

/// `report --as-of DATE --format json [extra…]` on the fixture ledger.
fn report(as_of: &str, extra: &[&str]) -> Value {
    json_of(
        cooptrack_in(&ledger())
            .args(["report", "--as-of", as_of, "--format", "json"])
            .args(extra),
    )
}

/// The order of the numbers in the `expected` arrays below.
const COUNT_KEYS: [&str; 12] = [
    "total",
    "not_started",
    "in_progress",
    "done",
    "delayed",
    "cancelled",
    "overdue",
    "overdue_vs_original",
    "stale",
    "red",
    "yellow",
    "green",
];

fn assert_counts(v: &Value, expected: [u64; 12], what: &str) {
    let actual: Vec<u64> = COUNT_KEYS
        .iter()
        .map(|k| {
            v[*k]
                .as_u64()
                .unwrap_or_else(|| panic!("{what}: no {k} in {v}"))
        })
        .collect();
    assert_eq!(
        actual,
        expected.to_vec(),
        "{what}: counts in the order {COUNT_KEYS:?}"
    );
}

fn rate(v: &Value) -> f64 {
    v["completion_rate"].as_f64().unwrap()
}

/// The per-department rows: (name, led, counts…, completion rate).
fn departments(report: &Value) -> Vec<(String, u64, Vec<u64>, f64)> {
    report["departments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["name"].as_str().unwrap().to_string(),
                d["led"].as_u64().unwrap(),
                COUNT_KEYS.iter().map(|k| d[*k].as_u64().unwrap()).collect(),
                rate(d),
            )
        })
        .collect()
}

fn dept(name: &str, led: u64, counts: [u64; 12], rate: f64) -> (String, u64, Vec<u64>, f64) {
    (name.to_string(), led, counts.to_vec(), rate)
}

/// The 通报 list: (department, [task ids]).
fn notices(report: &Value) -> Vec<(String, Vec<String>)> {
    report["notices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["department"].as_str().unwrap().to_string(),
                ids(&n["tasks"]),
            )
        })
        .collect()
}

fn notice(dept: &str, tasks: &[&str]) -> (String, Vec<String>) {
    (
        dept.to_string(),
        tasks.iter().map(|t| t.to_string()).collect(),
    )
}

/// Period entries by reporting department: (department, [(date, id, status change)]).
type PeriodGroups = Vec<(String, Vec<(String, String, Option<String>)>)>;

fn period_groups(report: &Value) -> PeriodGroups {
    report["period"]["by_department"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            let entries = g["entries"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| {
                    (
                        e["date"].as_str().unwrap().to_string(),
                        e["id"].as_str().unwrap().to_string(),
                        e["status_change"].as_str().map(str::to_string),
                    )
                })
                .collect();
            (g["department"].as_str().unwrap().to_string(), entries)
        })
        .collect()
}

fn entry(date: &str, id: &str, change: Option<&str>) -> (String, String, Option<String>) {
    (date.to_string(), id.to_string(), change.map(str::to_string))
}

fn task<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == id)
        .unwrap_or_else(|| panic!("no task {id} in the report"))
}

/// One ledger line as worked out by hand.
struct Line {
    id: &'static str,
    status: &'static str,
    due: &'static str,
    original_due: &'static str,
    overdue: bool,
    overdue_vs_original: bool,
    days_overdue: i64,
    stale: bool,
    days_since_update: i64,
    light: &'static str,
    updated: Option<&'static str>,
}

fn assert_lines(report: &Value, expected: &[Line]) {
    let all: Vec<&str> = expected.iter().map(|l| l.id).collect();
    assert_eq!(ids(&report["tasks"]), all, "ledger rows in id order");
    for l in expected {
        let t = task(report, l.id);
        let id = l.id;
        assert_eq!(t["status"], l.status, "{id} status");
        assert_eq!(t["due"], l.due, "{id} deadline in force");
        assert_eq!(t["original_due"], l.original_due, "{id} original deadline");
        assert_eq!(t["overdue"], l.overdue, "{id} overdue");
        assert_eq!(
            t["overdue_vs_original"], l.overdue_vs_original,
            "{id} overdue_vs_original"
        );
        assert_eq!(t["days_overdue"], l.days_overdue, "{id} days_overdue");
        assert_eq!(t["stale"], l.stale, "{id} stale");
        assert_eq!(
            t["days_since_update"], l.days_since_update,
            "{id} days_since_update"
        );
        assert_eq!(t["light"], l.light, "{id} light");
        match l.updated {
            Some(date) => assert_eq!(t["updated"], date, "{id} updated"),
            None => assert!(t["updated"].is_null(), "{id} updated"),
        }
    }
}

/// Ledger lines written as a table, one a line, columns as in `Line`: id,
/// status, deadline in force, original deadline, overdue, overdue against the
/// original deadline, days overdue, stale, days since the last update, light,
/// last update (`-` for none); yes / no for the flags.
fn parse_lines(table: &'static str) -> Vec<Line> {
    let flag = |word: &str| match word {
        "yes" => true,
        "no" => false,
        _ => panic!("yes or no, not {word}"),
    };
    let number = |word: &str| word.parse::<i64>().unwrap();
    let mut lines = Vec::new();
    for row in table.lines().filter(|l| !l.trim().is_empty()) {
        let mut cells = row.split_whitespace();
        let mut cell = || {
            cells
                .next()
                .unwrap_or_else(|| panic!("a cell short: {row}"))
        };
        // Fields are evaluated in the order written: the columns' order.
        lines.push(Line {
            id: cell(),
            status: cell(),
            due: cell(),
            original_due: cell(),
            overdue: flag(cell()),
            overdue_vs_original: flag(cell()),
            days_overdue: number(cell()),
            stale: flag(cell()),
            days_since_update: number(cell()),
            light: cell(),
            updated: Some(cell()).filter(|&date| date != "-"),
        });
        assert_eq!(cells.next(), None, "a cell too many: {row}");
    }
    lines
}

// ---------------------------------------------------------------------------
// As of 2019-06-30
// ---------------------------------------------------------------------------

/// Worked by hand, as of 2019-06-30 (plan date 2018-08-17, so 317 days before):
///
/// - 1.1: last status change on or before the date is 2019-03-31 (→ 推进中); the
///   extension was granted 2022-11-01, later, so the deadline in force is the
///   original 2022-12-31; last entry 2019-06-15 → 15 days; far from due → green.
/// - 1.2: 2019-02-15 → 推进中; deadline 2022-12-31 (extension 2023-03-01 later);
///   last entry 2019-02-15 → 135 days > 90 → stale → yellow.
/// - 1.3: no status change ever → the file's 未启动; last entry 2019-01-20 →
///   161 days → stale → yellow.
/// - 1.4: 2019-05-20 → 推进中 (the 滞后 change is 2021-03-01, later); deadline
///   2022-12-31 (extension 2022-12-20 later); 41 days → green.
/// - 2.1: 未启动; last entry 2019-03-05 → 117 days → stale → yellow.
/// - 2.3: 2019-03-15 → 推进中 (已完成 only 2021-12-15); last entry 2019-04-10
///   → 81 days, not stale (≤ 90) → green.
/// - 3.1: 2019-03-20 → 已取消: closed, so neither overdue nor stale → green;
///   its last entry is 2019-03-20, 102 days.
/// - 4.1: 2019-06-01 → 推进中; due 2019-07-20, 20 days ahead (≤ 30) → yellow;
///   29 days since its entry, not stale.
/// - 5.1: 未启动, no progress: 317 days since the plan's date → stale → yellow.
/// - 6.1: 2018-12-20 → 推进中; last entry 2019-05-10 → 51 days → green.
fn lines_2019_06_30() -> Vec<Line> {
    parse_lines(
        "
        1.1  推进中  2022-12-31  2022-12-31  no   no   0     no   15    green   2019-06-15
        1.2  推进中  2022-12-31  2022-12-31  no   no   0     yes  135   yellow  2019-02-15
        1.3  未启动  2022-12-31  2022-12-31  no   no   0     yes  161   yellow  2019-01-20
        1.4  推进中  2022-12-31  2022-12-31  no   no   0     no   41    green   2019-05-20
        2.1  未启动  2022-12-31  2022-12-31  no   no   0     yes  117   yellow  2019-03-05
        2.3  推进中  2022-12-31  2022-12-31  no   no   0     no   81    green   2019-04-10
        3.1  已取消  2022-12-31  2022-12-31  no   no   0     no   102   green   2019-03-20
        4.1  推进中  2019-07-20  2019-07-20  no   no   0     no   29    yellow  2019-06-01
        5.1  未启动  2022-12-31  2022-12-31  no   no   0     yes  317   yellow  -
        6.1  推进中  2022-12-31  2022-12-31  no   no   0     no   51    green   2019-05-10
        ",
    )
}

#[test]
fn figures_as_of_2019_06_30() {
    let r = report("2019-06-30", &[]);
    assert_eq!(r["as_of"], "2019-06-30");
    assert_eq!(r["names"], "current");
    assert!(r["department"].is_null());
    assert_lines(&r, &lines_2019_06_30());

    // Overall, from the lines above: 未启动 1.3 2.1 5.1; 推进中 1.1 1.2 1.4 2.3
    // 4.1 6.1; 已取消 3.1. Nothing overdue yet (earliest deadline 2019-07-20).
    // Stale 1.2 1.3 2.1 5.1; yellow those four plus 4.1 (due soon); green the rest.
    // Completion: 0 done ÷ (10 − 1 cancelled) = 0.0 %.
    assert_counts(
        &r["overview"],
        [10, 3, 6, 0, 0, 1, 0, 0, 4, 0, 5, 5],
        "overview",
    );
    assert_eq!(rate(&r["overview"]), 0.0);

    // Per lead department, in order of first task; names current on 2019-06-30,
    // so 区环保局 shows as 区生态环境局 and 6.1's 区卫生计生委 as 区卫生健康委;
    // the co-led 6.1 counts once for each of its two leads.
    //             total ns ip dn dl cn od oo st red yel grn
    assert_eq!(
        departments(&r),
        vec![
            // 1.1 green, 1.2 stale/yellow, 1.4 green.
            dept("区生态环境局", 3, [3, 0, 3, 0, 0, 0, 0, 0, 1, 0, 1, 2], 0.0),
            // 1.3, stale.
            dept("区林业局", 1, [1, 1, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0], 0.0),
            // 2.1, stale.
            dept("区交委", 1, [1, 1, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0], 0.0),
            // 2.3, green.
            dept("区水务局", 1, [1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1], 0.0),
            // 3.1 cancelled (green), 4.1 due soon (yellow): 0 ÷ (2 − 1).
            dept("区经济信息委", 2, [2, 0, 1, 0, 0, 1, 0, 0, 0, 0, 1, 1], 0.0),
            // 5.1, stale.
            dept("区发展改革委", 1, [1, 1, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0], 0.0),
            // 6.1 for each of its leads.
            dept("区教委", 1, [1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1], 0.0),
            dept("区卫生健康委", 1, [1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1], 0.0),
        ]
    );

    // 通报: every red or yellow task, by lead department: the four stale
    // tasks and 4.1, due soon.
    assert_eq!(
        notices(&r),
        vec![
            notice("区生态环境局", &["1.2"]),
            notice("区林业局", &["1.3"]),
            notice("区交委", &["2.1"]),
            notice("区经济信息委", &["4.1"]),
            notice("区发展改革委", &["5.1"]),
        ]
    );

    // No --period: the quarter of the as-of date, 2019Q2. Its entries in task
    // order: 1.1 2019-06-15 区水务局; 1.4 2019-05-20 区环保局 (→ 区生态环境局);
    // 2.3 2019-04-10 区交委; 4.1 2019-06-01 区经济信息委; 6.1 2019-05-10 区教委.
    let p = &r["period"];
    assert_eq!(p["label"], "2019年第二季度");
    assert_eq!(
        (p["start"].as_str(), p["end"].as_str()),
        (Some("2019-04-01"), Some("2019-06-30"))
    );
    assert_eq!(p["entries"], 5);
    assert_eq!(
        period_groups(&r),
        vec![
            (
                "区水务局".to_string(),
                vec![entry("2019-06-15", "1.1", None)]
            ),
            (
                "区生态环境局".to_string(),
                vec![entry("2019-05-20", "1.4", Some("未启动 → 推进中"))]
            ),
            ("区交委".to_string(), vec![entry("2019-04-10", "2.3", None)]),
            (
                "区经济信息委".to_string(),
                vec![entry("2019-06-01", "4.1", Some("未启动 → 推进中"))]
            ),
            ("区教委".to_string(), vec![entry("2019-05-10", "6.1", None)]),
        ]
    );
}

/// 2019Q1 as of 2019-06-30: the entries dated 2019-01-01 … 2019-03-31, grouped
/// by the department that reported them (its name on the as-of date), groups
/// in order of first appearance walking the tasks in id order, entries by date.
///
/// - 1.1 2019-03-31 区环保局 [未启动 → 推进中]
/// - 1.2 2019-02-15 区环保局 [未启动 → 推进中]
/// - 1.3 2019-01-20 区环保局 (the supporting department's note)
/// - 2.1 2019-03-05 区交委
/// - 2.3 2019-03-15 区水务局 [未启动 → 推进中]
/// - 3.1 2019-03-20 区政府督查室 [推进中 → 已取消] (an office, not in the registry)
/// - 6.1 2019-02-28 区卫生计生委 (→ 区卫生健康委)
///
/// 6.1's 2018-12-20 entry and every 2019-04+ entry fall outside: 7 entries.
#[test]
fn period_2019q1_groups_entries_by_reporting_department() {
    let r = report("2019-06-30", &["--period", "2019Q1"]);
    let p = &r["period"];
    assert_eq!(p["label"], "2019年第一季度");
    assert_eq!(p["start"], "2019-01-01");
    assert_eq!(p["end"], "2019-03-31");
    assert_eq!(p["entries"], 7);
    let expected: PeriodGroups = vec![
        (
            "区生态环境局".to_string(),
            vec![
                entry("2019-01-20", "1.3", None),
                entry("2019-02-15", "1.2", Some("未启动 → 推进中")),
                entry("2019-03-31", "1.1", Some("未启动 → 推进中")),
            ],
        ),
        ("区交委".to_string(), vec![entry("2019-03-05", "2.1", None)]),
        (
            "区水务局".to_string(),
            vec![entry("2019-03-15", "2.3", Some("未启动 → 推进中"))],
        ),
        (
            "区政府督查室".to_string(),
            vec![entry("2019-03-20", "3.1", Some("推进中 → 已取消"))],
        ),
        (
            "区卫生健康委".to_string(),
            vec![entry("2019-02-28", "6.1", None)],
        ),
    ];
    assert_eq!(period_groups(&r), expected);
    // The period does not change the as-of figures.
    assert_counts(
        &r["overview"],
        [10, 3, 6, 0, 0, 1, 0, 0, 4, 0, 5, 5],
        "overview",
    );
    // Notes come through as written.
    let first = &p["by_department"][0]["entries"][0];
    assert_eq!(first["note"], "配合开展涪江沿岸绿化造林调查");
    assert_eq!(first["title"], "加强生态建设合作");

    // The same period as written: the names the files use.
    let r = report(
        "2019-06-30",
        &["--period", "2019Q1", "--names", "as-written"],
    );
    let depts: Vec<String> = period_groups(&r).into_iter().map(|(d, _)| d).collect();
    assert_eq!(
        depts,
        [
            "区环保局",
            "区交委",
            "区水务局",
            "区政府督查室",
            "区卫生计生委"
        ]
    );

    // A period that ends after the as-of date stops at it: as of 2019-03-20,
    // 1.1's 2019-03-31 entry is not in yet (6 entries).
    let r = report("2019-03-20", &["--period", "2019Q1"]);
    assert_eq!(r["period"]["entries"], 6);
    let first_group = &period_groups(&r)[0];
    assert_eq!(
        first_group.1,
        vec![
            entry("2019-01-20", "1.3", None),
            entry("2019-02-15", "1.2", Some("未启动 → 推进中")),
        ]
    );
}

/// A year and a month: 2022 has 1.4's 2022-10-10 (区水务局) and 6.1's 2022-12-01
/// (区卫生健康委); 2022-12 only the latter.
#[test]
fn periods_by_year_and_month() {
    let r = report("2023-01-01", &["--period", "2022"]);
    assert_eq!(r["period"]["label"], "2022年");
    assert_eq!(r["period"]["entries"], 2);
    assert_eq!(
        period_groups(&r),
        vec![
            (
                "区水务局".to_string(),
                vec![entry("2022-10-10", "1.4", None)]
            ),
            (
                "区卫生健康委".to_string(),
                vec![entry("2022-12-01", "6.1", None)]
            ),
        ]
    );
    let r = report("2023-01-01", &["--period", "2022-12"]);
    assert_eq!(r["period"]["label"], "2022年12月");
    assert_eq!(r["period"]["entries"], 1);
    // No --period as of 2023-01-01: 2023Q1, cut at the as-of day: nothing.
    let r = report("2023-01-01", &[]);
    assert_eq!(r["period"]["label"], "2023年第一季度");
    assert_eq!(r["period"]["entries"], 0);
    assert_eq!(r["period"]["by_department"], serde_json::json!([]));
    // A period that starts after the as-of date is an input error.
    cooptrack_in(&ledger())
        .args(["report", "--as-of", "2019-06-30", "--period", "2019Q3"])
        .assert()
        .code(2)
        .stdout("");
    cooptrack_in(&ledger())
        .args(["report", "--as-of", "2019-06-30", "--period", "2019Q5"])
        .assert()
        .code(2);
}

// ---------------------------------------------------------------------------
// As of 2023-01-01
// ---------------------------------------------------------------------------

/// Worked by hand, as of 2023-01-01:
///
/// - 1.1: 推进中 (已完成 only on 2023-05-20). The extension granted 2022-11-01
///   is in force: due 2023-06-30, not overdue, but overdue against the original
///   2022-12-31. Last entry 2019-06-15 → 1296 days → stale. Due 180 days ahead,
///   stale → yellow.
/// - 1.2: 推进中. Its extension is granted only on 2023-03-01, so on 2023-01-01
///   the deadline in force is 2022-12-31: overdue by 1 day (and vs original).
///   Last entry 2020-09-30 → 823 days, stale → red.
/// - 1.3: 未启动, due 2022-12-31 → overdue 1 day; last entry 2019-01-20 →
///   1442 days, stale → red.
/// - 1.4: 滞后 since 2021-03-01. Extension granted 2022-12-20 is in force: due
///   2023-12-31, not overdue; overdue vs the original 2022-12-31. Last entry
///   2022-10-10 → 83 days, not stale. Red because 滞后.
/// - 2.1: 未启动, overdue 1 day, 2019-03-05 → 1398 days, stale → red.
/// - 2.3: 已完成 since 2021-12-15 → green, nothing counted against it (382 days).
/// - 3.1: 已取消 → green (its last entry 2019-03-20, 1383 days).
/// - 4.1: 推进中, due 2019-07-20 → overdue 1261 days; 2019-06-01 → 1310 days,
///   stale → red.
/// - 5.1: 未启动, overdue 1 day; no progress: 1598 days since 2018-08-17 → red.
/// - 6.1: 推进中, overdue 1 day; last entry 2022-12-01 → 31 days, not stale → red.
fn lines_2023_01_01() -> Vec<Line> {
    parse_lines(
        "
        1.1  推进中  2023-06-30  2022-12-31  no   yes  0     yes  1296  yellow  2019-06-15
        1.2  推进中  2022-12-31  2022-12-31  yes  yes  1     yes  823   red     2020-09-30
        1.3  未启动  2022-12-31  2022-12-31  yes  yes  1     yes  1442  red     2019-01-20
        1.4  滞后    2023-12-31  2022-12-31  no   yes  0     no   83    red     2022-10-10
        2.1  未启动  2022-12-31  2022-12-31  yes  yes  1     yes  1398  red     2019-03-05
        2.3  已完成  2022-12-31  2022-12-31  no   no   0     no   382   green   2021-12-15
        3.1  已取消  2022-12-31  2022-12-31  no   no   0     no   1383  green   2019-03-20
        4.1  推进中  2019-07-20  2019-07-20  yes  yes  1261  yes  1310  red     2019-06-01
        5.1  未启动  2022-12-31  2022-12-31  yes  yes  1     yes  1598  red     -
        6.1  推进中  2022-12-31  2022-12-31  yes  yes  1     no   31    red     2022-12-01
        ",
    )
}

#[test]
fn figures_as_of_2023_01_01() {
    let r = report("2023-01-01", &[]);
    assert_lines(&r, &lines_2023_01_01());

    // Overall: 未启动 1.3 2.1 5.1; 推进中 1.1 1.2 4.1 6.1; 已完成 2.3; 滞后 1.4;
    // 已取消 3.1. Overdue (deadline in force): 1.2 1.3 2.1 4.1 5.1 6.1 = 6.
    // Overdue vs original: those plus 1.1 and 1.4, whose extensions saved them = 8.
    // Stale: 1.1 1.2 1.3 2.1 4.1 5.1 = 6. Red: the 6 overdue + 1.4 (滞后) = 7;
    // yellow 1.1; green 2.3 3.1. Completion: 1 ÷ (10 − 1) = 11.1 %.
    assert_counts(
        &r["overview"],
        [10, 3, 4, 1, 1, 1, 6, 8, 6, 7, 1, 2],
        "overview",
    );
    assert_eq!(rate(&r["overview"]), 11.1);

    //             total ns ip dn dl cn od oo st red yel grn
    assert_eq!(
        departments(&r),
        vec![
            // 1.1 (yellow, stale, overdue vs original), 1.2 (red, overdue,
            // stale), 1.4 (red, 滞后, overdue vs original).
            dept("区生态环境局", 3, [3, 0, 2, 0, 1, 0, 1, 3, 2, 2, 1, 0], 0.0),
            dept("区林业局", 1, [1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0], 0.0),
            dept("区交委", 1, [1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0], 0.0),
            // 2.3 done: 1 ÷ 1 = 100 %.
            dept("区水务局", 1, [1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1], 100.0),
            // 3.1 cancelled (green); 4.1 overdue and stale (red): 0 ÷ 1.
            dept("区经济信息委", 2, [2, 0, 1, 0, 0, 1, 1, 1, 1, 1, 0, 1], 0.0),
            dept("区发展改革委", 1, [1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0], 0.0),
            // 6.1 overdue, not stale, for each lead.
            dept("区教委", 1, [1, 0, 1, 0, 0, 0, 1, 1, 0, 1, 0, 0], 0.0),
            dept("区卫生健康委", 1, [1, 0, 1, 0, 0, 0, 1, 1, 0, 1, 0, 0], 0.0),
        ]
    );

    // 通报: every red or yellow task, under each lead (6.1 under both). 1.4 is
    // red (滞后) though neither overdue nor stale: it is on the list.
    assert_eq!(
        notices(&r),
        vec![
            notice("区生态环境局", &["1.1", "1.2", "1.4"]),
            notice("区林业局", &["1.3"]),
            notice("区交委", &["2.1"]),
            notice("区经济信息委", &["4.1"]),
            notice("区发展改革委", &["5.1"]),
            notice("区教委", &["6.1"]),
            notice("区卫生健康委", &["6.1"]),
        ]
    );

    // The latest progress shown is the last note on or before the as-of date,
    // under the reporter's current name.
    let latest = &task(&r, "6.1")["latest_progress"];
    assert_eq!(latest["date"], "2022-12-01");
    assert_eq!(latest["by"], "区卫生健康委");
    assert_eq!(latest["note"], "远程会诊平台投入使用");
    // 1.4's last entry with a note is 2022-10-10 by 区水务局, which only
    // supports it: the ledger speaks for the lead (区环保局, now
    // 区生态环境局), and 区水务局's entry is its own 配合单位进展.
    assert_eq!(task(&r, "1.4")["latest_progress"]["by"], "区生态环境局");
    assert_eq!(task(&r, "1.4")["latest_progress"]["date"], "2019-05-20");
    let support = &task(&r, "1.4")["support_progress"];
    assert_eq!(support.as_array().map(Vec::len), Some(1), "{support}");
    assert_eq!(support[0]["department"], "区水务局");
    assert_eq!(support[0]["date"], "2022-10-10");
    // 1.1's 2023-05-20 note is after the date; of the earlier ones, the
    // lead's speaks for the task, and 区水务局's 2019-06-15 one is its own.
    assert_eq!(
        task(&r, "1.1")["latest_progress"]["note"],
        "已建立跨界河流监测信息共享机制"
    );
    assert_eq!(
        task(&r, "1.1")["support_progress"][0]["note"],
        "完成跨界断面水质联合监测"
    );
    assert!(task(&r, "5.1")["latest_progress"].is_null());
    assert_eq!(task(&r, "5.1")["lead_provisional"], true);
    assert_eq!(
        task(&r, "6.1")["lead"],
        serde_json::json!(["区教委", "区卫生健康委"])
    );
    assert_eq!(
        task(&r, "1.1")["responsible"],
        serde_json::json!(["区农业农村委", "区水务局", "区经济信息委", "区高新区管委会"])
    );
}

/// Today's state of the files (as of 2023-12-31, after every entry and every
/// extension): 1.1 and 2.3 done, 3.1 cancelled, 1.4 滞后, 1.2 4.1 6.1 推进中,
/// 1.3 2.1 5.1 未启动; 1.2 due 2023-12-31 is due
/// today, so not overdue but within 30 days, and stale (2020-09-30) → yellow;
/// 1.4 滞后 (red), due 2023-12-31 too, not overdue; 1.3 2.1 4.1 5.1 6.1 overdue.
/// Overdue 5; vs original 1.2 1.3 1.4 2.1 4.1 5.1 6.1 = 7; stale: 1.2, 1.3,
/// 2.1, 4.1, 5.1, 6.1 (2022-12-01 → 395 days), and 1.4 (2022-10-10 → 447) = 7.
/// Red: 1.3 1.4 2.1 4.1 5.1 6.1 = 6; yellow 1.2; green 1.1 2.3 3.1.
/// Completion 2 ÷ 9 = 22.2 %.
#[test]
fn figures_after_every_entry() {
    let r = report("2023-12-31", &[]);
    assert_counts(
        &r["overview"],
        [10, 3, 3, 2, 1, 1, 5, 7, 7, 6, 1, 3],
        "overview",
    );
    assert_eq!(rate(&r["overview"]), 22.2);
    assert_eq!(task(&r, "1.2")["due"], "2023-12-31");
    assert_eq!(task(&r, "1.2")["light"], "yellow");
    assert_eq!(task(&r, "1.1")["status"], "已完成");
}

/// The due day itself is not overdue (yellow, due within 30 days); the next
/// day is overdue by 1 (red). 4.1 is due 2019-07-20; its last entry 2019-06-01.
#[test]
fn the_deadline_day_is_yellow_and_the_day_after_red() {
    let r = report("2019-07-20", &[]);
    let t = task(&r, "4.1");
    assert_eq!(
        (t["overdue"].as_bool(), t["light"].as_str()),
        (Some(false), Some("yellow"))
    );
    let r = report("2019-07-21", &[]);
    let t = task(&r, "4.1");
    assert_eq!(t["overdue"], true);
    assert_eq!(t["days_overdue"], 1);
    assert_eq!(t["light"], "red");
    // 91 days after the plan's date a task with no progress is stale, 90 not:
    // 2018-08-17 + 90 = 2018-11-15.
    assert_eq!(task(&report("2018-11-15", &[]), "5.1")["stale"], false);
    assert_eq!(task(&report("2018-11-16", &[]), "5.1")["stale"], true);
}

// ---------------------------------------------------------------------------
// Status and names on a past date
// ---------------------------------------------------------------------------

#[test]
fn a_report_as_of_a_past_date_shows_the_status_of_that_day() {
    // 1.1 is 已完成 in its file; it started on 2019-03-31 and finished 2023-05-20.
    let status = |as_of: &str, id: &str| task(&report(as_of, &[]), id)["status"].clone();
    assert_eq!(status("2019-03-30", "1.1"), "未启动");
    assert_eq!(status("2019-03-31", "1.1"), "推进中");
    assert_eq!(status("2023-05-19", "1.1"), "推进中");
    assert_eq!(status("2023-05-20", "1.1"), "已完成");
    // 1.4 is 滞后 in its file, since 2021-03-01.
    assert_eq!(status("2021-02-28", "1.4"), "推进中");
    assert_eq!(status("2021-03-01", "1.4"), "滞后");
    // 3.1 is 已取消 in its file; before its first change it was 未启动.
    assert_eq!(status("2018-10-14", "3.1"), "未启动");
    assert_eq!(status("2018-10-15", "3.1"), "推进中");
    // 2.3 done on 2021-12-15.
    assert_eq!(status("2021-12-14", "2.3"), "推进中");

    // As of 2019-03-30 the counts follow: 未启动 1.1 1.3 1.4 2.1 4.1 5.1;
    // 推进中 1.2 2.3 6.1; 已取消 3.1 (since 2019-03-20).
    let r = report("2019-03-30", &[]);
    let o = &r["overview"];
    let by_status: Vec<u64> = ["not_started", "in_progress", "done", "delayed", "cancelled"]
        .iter()
        .map(|k| o[*k].as_u64().unwrap())
        .collect();
    assert_eq!(by_status, [6, 3, 0, 0, 1]);
}

#[test]
fn names_are_current_on_the_as_of_date_or_as_written() {
    let leads =
        |r: &Value| -> Vec<String> { departments(r).into_iter().map(|(n, ..)| n).collect() };
    // Before the 2019-01-01 rename the current name was still 区环保局.
    let r = report("2018-12-31", &[]);
    assert_eq!(task(&r, "1.1")["lead"], serde_json::json!(["区环保局"]));
    assert_eq!(leads(&r)[0], "区环保局");
    assert!(leads(&r).contains(&"区卫生计生委".to_string()));
    // From the rename on: the new names.
    for as_of in ["2019-01-01", "2019-06-30", "2023-01-01"] {
        let r = report(as_of, &[]);
        assert_eq!(
            task(&r, "1.1")["lead"],
            serde_json::json!(["区生态环境局"]),
            "{as_of}"
        );
        assert_eq!(
            task(&r, "1.3")["responsible"],
            serde_json::json!(["区生态环境局"])
        );
        assert_eq!(leads(&r)[0], "区生态环境局", "{as_of}");
        assert!(leads(&r).contains(&"区卫生健康委".to_string()));
        assert!(!leads(&r)
            .iter()
            .any(|n| n == "区环保局" || n == "区卫生计生委"));
    }
    // As written: the notice's names, the same figures.
    let r = report("2019-06-30", &["--names", "as-written"]);
    assert_eq!(r["names"], "as-written");
    assert_eq!(task(&r, "1.1")["lead"], serde_json::json!(["区环保局"]));
    assert_eq!(
        leads(&r),
        [
            "区环保局",
            "区林业局",
            "区交委",
            "区水务局",
            "区经济信息委",
            "区发展改革委",
            "区教委",
            "区卫生计生委"
        ]
    );
    assert_eq!(
        departments(&r)[0],
        dept("区环保局", 3, [3, 0, 3, 0, 0, 0, 0, 0, 1, 0, 1, 2], 0.0)
    );
    assert_eq!(notices(&r)[0], notice("区环保局", &["1.2"]));
    assert_counts(
        &r["overview"],
        [10, 3, 6, 0, 0, 1, 0, 0, 4, 0, 5, 5],
        "overview as written",
    );
}

// ---------------------------------------------------------------------------
// --dept
// ---------------------------------------------------------------------------

/// 区生态环境局 (formerly 区环保局) leads 1.1 1.2 1.4 and supports 1.3. As of
/// 2019-06-30 (see `lines_2019_06_30`): 1.1 1.2 1.4 推进中, 1.3 未启动; stale
/// 1.2 1.3; yellow 1.2 1.3; green 1.1 1.4. Its own row alone in the
/// per-department part: the three tasks it leads.
#[test]
fn dept_restricts_to_the_tasks_it_leads_or_supports_under_either_name() {
    for name in ["区生态环境局", "区环保局"] {
        let r = report("2019-06-30", &["--dept", name]);
        assert_eq!(ids(&r["tasks"]), ["1.1", "1.2", "1.3", "1.4"], "{name}");
        assert_counts(&r["overview"], [4, 1, 3, 0, 0, 0, 0, 0, 2, 0, 2, 2], name);
        assert_eq!(r["department"], "区生态环境局", "{name}");
        assert_eq!(
            departments(&r),
            vec![dept(
                "区生态环境局",
                3,
                [3, 0, 3, 0, 0, 0, 0, 0, 1, 0, 1, 2],
                0.0
            )],
            "{name}"
        );
        // The 通报 of this report lists what is stale among these tasks, under
        // the lead: 1.2 (its own) and 1.3 (区林业局's, which it supports).
        assert_eq!(
            notices(&r),
            vec![
                notice("区生态环境局", &["1.2"]),
                notice("区林业局", &["1.3"])
            ]
        );
        // Period 2019Q1: only entries on these tasks (1.3, 1.2, 1.1).
        let r = report("2019-06-30", &["--dept", name, "--period", "2019Q1"]);
        assert_eq!(r["period"]["entries"], 3);
    }
    // A supporting department: 区水务局 leads 2.3 and supports 1.1 and 1.4.
    let r = report("2019-06-30", &["--dept", "区水务局"]);
    assert_eq!(ids(&r["tasks"]), ["1.1", "1.4", "2.3"]);
    assert_eq!(
        departments(&r),
        vec![dept(
            "区水务局",
            1,
            [1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1],
            0.0
        )]
    );
    // An unknown department is an input error, never an empty report.
    cooptrack_in(&ledger())
        .args(["report", "--as-of", "2019-06-30", "--dept", "区环宝局"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicates::str::contains("区环保局"));
}

/// With --names as-written the ledger says 区环保局, and the department's own
/// row should be there too, whichever of its names was given.
#[test]
fn dept_with_as_written_names_keeps_its_own_row() {
    for name in ["区生态环境局", "区环保局"] {
        let r = report("2019-06-30", &["--dept", name, "--names", "as-written"]);
        assert_eq!(ids(&r["tasks"]), ["1.1", "1.2", "1.3", "1.4"], "{name}");
        assert_eq!(
            departments(&r),
            vec![dept(
                "区环保局",
                3,
                [3, 0, 3, 0, 0, 0, 0, 0, 1, 0, 1, 2],
                0.0
            )],
            "{name}"
        );
    }
}

// ---------------------------------------------------------------------------
// xlsx
// ---------------------------------------------------------------------------

fn cell_text(cell: &calamine::Data) -> String {
    cell.to_string()
}

// The workbook's sheets, cells and print settings: see report_xlsx.rs.

#[test]
fn xlsx_without_an_output_file_is_refused_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let work = tmp.path().join("work");
    fs::create_dir(&work).unwrap();
    let mut cmd = bare();
    cmd.current_dir(&work)
        .arg("--dir")
        .arg(ledger())
        .args(["report", "--as-of", "2023-01-01", "--format", "xlsx"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicates::str::contains("-o"));
    assert_eq!(fs::read_dir(&work).unwrap().count(), 0);
    // The fixture directory gained nothing either.
    let names: Vec<String> = fs::read_dir(ledger())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".yaml"))
        .collect();
    assert!(names.is_empty(), "{names:?}");
}

// ---------------------------------------------------------------------------
// html, markdown, table
// ---------------------------------------------------------------------------

const HEADINGS: [&str; 5] = [
    "一、总体情况",
    "二、各牵头单位情况",
    "三、通报：逾期、滞后、临近时限及长期未报送进展的任务",
    "四、本期进展：",
    "五、任务台账",
];

/// HTML without the markup that keeps words whole: the nowrap spans and
/// the `nw`, `num` and `tx` classes (a light's class stays).
pub fn plain(html: &str) -> String {
    html.replace("<span class=\"nw\">", "")
        .replace("</span>", "")
        .replace(" class=\"nw num\"", "")
        .replace(" class=\"nw\"", "")
        .replace(" class=\"tx\"", "")
        .replace(" tx\"", "\"")
}

fn report_text(as_of: &str, format: &str, extra: &[&str]) -> String {
    stdout_of(
        cooptrack_in(&ledger())
            .args(["report", "--as-of", as_of, "--format", format])
            .args(extra),
    )
}

#[test]
fn html_is_one_self_contained_printable_page() {
    let html = plain(&report_text("2023-01-01", "html", &[]));
    assert!(html.starts_with("<!DOCTYPE html>"), "{}", &html[..40]);
    for banned in ["http://", "https://", "<script", "<link"] {
        assert!(!html.contains(banned), "html contains {banned}");
    }
    assert!(html.contains("@page"));
    let page_rule = html.lines().find(|l| l.contains("@page")).unwrap();
    assert!(page_rule.contains("A4"), "{page_rule}");
    for heading in HEADINGS {
        assert!(html.contains(&format!("<h2>{heading}")), "no <h2>{heading}");
    }
    for id in [
        "1.1", "1.2", "1.3", "1.4", "2.1", "2.3", "3.1", "4.1", "5.1", "6.1",
    ] {
        assert!(html.contains(&format!("<td>{id}</td>")), "no {id}");
    }
    assert!(html.trim_end().ends_with("</html>"));

    // The ledger rows (after the 五、任务台账 heading): the light cell carries
    // the class of the light worked out in `lines_2023_01_01`.
    let ledger = &html[html.find("<h2>五、任务台账").unwrap()..];
    let mut seen = Vec::new();
    for row in ledger.lines().filter(|l| l.starts_with("<tr><td>")) {
        let cells: Vec<&str> = row.split("<td").skip(1).collect();
        let id = cells[1].trim_start_matches('>').trim_end_matches("</td>");
        let light = cells.last().unwrap();
        seen.push((
            id.to_string(),
            light.split('"').nth(1).unwrap_or("").to_string(),
        ));
    }
    let expected: Vec<(String, String)> = lines_2023_01_01()
        .iter()
        .map(|l| (l.id.to_string(), l.light.to_string()))
        .collect();
    assert_eq!(seen, expected);
    assert!(ledger.contains("<td class=\"red\">红（滞后）</td>"));
    assert!(ledger.contains("<td class=\"green\">绿</td>"));
    assert!(ledger.contains("<td class=\"yellow\">黄（1296 天未报送进展）</td>"));
}

#[test]
fn html_escapes_what_it_must() {
    // A title with markup in a copy of the ledger.
    let tmp = tempfile::tempdir().unwrap();
    let dir = copy_fixture(tmp.path());
    let path = dir.join("5.1.yaml");
    let text = fs::read_to_string(&path)
        .unwrap()
        .replace("title: 推进就业市场一体化", "title: \"<b>就业 & 市场</b>\"");
    fs::write(&path, text).unwrap();
    let html = plain(&stdout_of(cooptrack_in(&dir).args([
        "report",
        "--as-of",
        "2023-01-01",
        "--format",
        "html",
    ])));
    assert!(html.contains("&lt;b&gt;就业 &amp; 市场&lt;/b&gt;"));
    assert!(!html.contains("<b>就业"));
}

fn copy_fixture(dest: &Path) -> PathBuf {
    let target = dest.join("tasks");
    fs::create_dir_all(&target).unwrap();
    for entry in fs::read_dir(ledger()).unwrap() {
        let entry = entry.unwrap();
        fs::copy(entry.path(), target.join(entry.file_name())).unwrap();
    }
    target
}

#[test]
fn markdown_and_table_have_the_same_sections_and_tables_line_up() {
    for as_of in ["2019-06-30", "2023-01-01"] {
        let md = report_text(as_of, "markdown", &["--period", "2019Q1"]);
        let table = report_text(as_of, "table", &["--period", "2019Q1"]);
        for heading in HEADINGS {
            assert!(
                md.lines().any(|l| l.starts_with(&format!("## {heading}"))),
                "markdown lacks {heading}"
            );
            assert!(
                table.lines().any(|l| l.starts_with(heading)),
                "table lacks {heading}"
            );
        }
        let md_headings: Vec<&str> = md.lines().filter_map(|l| l.strip_prefix("## ")).collect();
        let table_headings: Vec<&str> = table
            .lines()
            .filter(|l| HEADINGS.iter().any(|h| l.starts_with(h)))
            .collect();
        assert_eq!(md_headings, table_headings);
        assert!(md.starts_with("# 督查报告"));
        assert!(table.starts_with("督查报告"));
        assert!(!table.contains('\x1b'));
        // Every task id in both.
        for id in ["1.1", "2.3", "3.1", "6.1"] {
            assert!(md.contains(&format!("| {id} |")), "{id}");
            assert!(table.contains(&format!(" {id} ")), "{id}");
        }
    }
    // Tables line up at every width. As of 2023-01-01 with period 2019Q1 there
    // are 11: the overview, the departments, the 通报 (one table), 5 period
    // groups, the 未报送单位, the 部分任务未报送进展 and the ledger.
    for (columns, wide) in [
        ("200", true),
        ("200", false),
        ("120", false),
        ("100", false),
        ("80", false),
    ] {
        let out = stdout_of(
            cooptrack_in(&ledger())
                .env("COLUMNS", columns)
                .args(["report", "--as-of", "2023-01-01", "--period", "2019Q1"])
                .args(wide.then_some("--wide")),
        );
        let tables = assert_tables_aligned(&out, columns.parse().unwrap());
        // Where the full layout's tables do not all fit, or take more
        // lines, the narrow layout: no overview table (at 120 columns this
        // ledger's progress notes would be squeezed below a phrase; at 200
        // they fit, in more lines than the narrow layout takes).
        let overview = usize::from(wide);
        assert_eq!(
            tables,
            overview + 1 + 1 + 5 + 1 + 1 + 1,
            "at {columns} columns"
        );
    }
    // The paragraph of the overview has the hand-worked figures.
    let table = report_text("2023-01-01", "table", &[]);
    assert!(table.contains(
        "共 10 项任务：已完成 1 项，推进中 4 项，未启动 3 项，滞后 1 项，已取消 1 项；完成率 11.1%。逾期 6 项（按原定时限计 8 项），30 天内到期 0 项，超过 90 天未报送进展 6 项。"
    ), "{table}");
    // Markdown marks lights with a coloured circle.
    let md = report_text("2023-01-01", "markdown", &[]);
    assert!(md.contains("🔴 红（滞后）"));
    assert!(md.contains("🟡 黄（1296 天未报送进展）"));
}

#[test]
fn other_formats_can_be_written_to_a_file() {
    let tmp = tempfile::tempdir().unwrap();
    for (format, file) in [
        ("html", "r.html"),
        ("markdown", "r.md"),
        ("json", "r.json"),
        ("table", "r.txt"),
    ] {
        let path = tmp.path().join(file);
        cooptrack_in(&ledger())
            .args(["report", "--as-of", "2023-01-01", "--format", format, "-o"])
            .arg(&path)
            .assert()
            .success();
        let written = fs::read_to_string(&path).unwrap();
        assert_eq!(written, report_text("2023-01-01", format, &[]), "{format}");
    }
}

// ---------------------------------------------------------------------------
// The bundled tasks
// ---------------------------------------------------------------------------

#[test]
fn bundled_tasks_are_all_overdue_after_2022_and_one_update_changes_that() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = copy_bundled(tmp.path());
    let overdue = |as_of: &str| {
        ids(&json_of(cooptrack_in(&dir).args([
            "list",
            "--overdue",
            "--as-of",
            as_of,
            "--format",
            "json",
        ])))
    };
    assert_eq!(overdue("2023-01-01").len(), 24);
    assert!(overdue("2022-06-30").is_empty());

    cooptrack_in(&dir)
        .args([
            "update",
            "1.1",
            "--status",
            "已完成",
            "--note",
            "联合巡查机制运行，年度报告已报督查室",
            "--date",
            "2022-12-01",
        ])
        .assert()
        .success();
    let left = overdue("2023-01-01");
    assert_eq!(left.len(), 23);
    assert!(!left.contains(&"1.1".to_string()));

    let r =
        json_of(cooptrack_in(&dir).args(["report", "--as-of", "2023-01-01", "--format", "json"]));
    assert_eq!(r["overview"]["total"], 24);
    assert_eq!(r["overview"]["done"], 1);
    assert_eq!(r["overview"]["overdue"], 23);
    // 1 ÷ 24 = 4.2 %.
    assert_eq!(r["overview"]["completion_rate"], 4.2);
    // As of the day before the update, 1.1 was still 未启动 and overdue-free.
    let r =
        json_of(cooptrack_in(&dir).args(["report", "--as-of", "2022-11-30", "--format", "json"]));
    assert_eq!(r["overview"]["done"], 0);
    assert_eq!(r["overview"]["overdue"], 0);
}

/// As of 2022-12-15 the bundled task 1.1 (due 2022-12-31, no progress since
/// the plan's date, 2018-08-17) is due in 16 days and has had no progress for
/// 1581: yellow, and both reasons show, in every format.
#[test]
fn a_task_due_soon_and_stale_shows_both_reasons() {
    use calamine::{open_workbook_auto, Reader};

    let args = ["report", "--as-of", "2022-12-15"];
    let expected = "黄（16 天后到期，1581 天未报送进展）";
    // The 通报 gives the reasons alone: its rows are all red or yellow.
    let reasons_only = "16 天后到期，1581 天未报送进展";
    // Wide enough that no cell wraps: 1.1 in the 通报 and in the ledger.
    let table = stdout_of(cooptrack_in(&bundled()).env("COLUMNS", "400").args(args));
    let rows: Vec<&str> = table.lines().filter(|l| l.contains(" 1.1 ")).collect();
    assert_eq!(rows.len(), 2, "{table}");
    for row in rows {
        assert!(
            row.trim_end_matches(['│', ' ']).ends_with(expected)
                || row.trim_end_matches(['│', ' ']).ends_with(reasons_only),
            "{row}"
        );
    }
    assert!(table.contains(
        "\n预警规则：已完成、已取消为绿；逾期或状态为滞后为红；30 天内到期或超过 90 天未报送进展为黄；其余为绿。\n"
    ));
    let english = stdout_of(
        cooptrack_in(&bundled())
            .env("COLUMNS", "400")
            .args(args)
            .args(["--lang", "en"]),
    );
    let row = english.lines().find(|l| l.contains(" 1.1 ")).unwrap();
    assert!(
        row.contains("due in 16 days, no progress for 1581 days"),
        "{row}"
    );

    let markdown = stdout_of(
        cooptrack_in(&bundled())
            .args(args)
            .args(["--format", "markdown"]),
    );
    let rows: Vec<&str> = markdown.lines().filter(|l| l.contains("| 1.1 |")).collect();
    assert_eq!(rows.len(), 2, "{markdown}");
    for row in rows {
        assert!(
            row.ends_with(&format!("| 🟡 {expected} |"))
                || row.ends_with(&format!("| {reasons_only} |")),
            "{row}"
        );
    }
    let html = plain(&stdout_of(
        cooptrack_in(&bundled())
            .args(args)
            .args(["--format", "html"]),
    ));
    let rows: Vec<&str> = html
        .lines()
        .filter(|l| l.contains("<td>1.1</td>"))
        .collect();
    assert_eq!(rows.len(), 2, "{html}");
    for row in rows {
        assert!(
            row.ends_with(&format!("<td class=\"yellow\">{expected}</td></tr>"))
                || row.contains(&format!("<td class=\"yellow\">{reasons_only}</td>")),
            "{row}"
        );
    }

    let r = json_of(
        cooptrack_in(&bundled())
            .args(args)
            .args(["--format", "json"]),
    );
    let reasons = serde_json::json!([
        {"kind": "due_soon", "days_left": 16},
        {"kind": "stale", "days_since_update": 1581},
    ]);
    let t = task(&r, "1.1");
    assert_eq!(t["light"], "yellow");
    assert_eq!(t["due_soon"], true);
    assert_eq!(t["stale"], true);
    assert_eq!(t["overdue"], false);
    assert_eq!(t["reasons"], reasons);
    let notice = &r["notices"][0];
    assert_eq!(notice["department"], "区生态环境局");
    assert_eq!(notice["tasks"][0]["id"], "1.1");
    assert_eq!(notice["tasks"][0]["reasons"], reasons);

    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("台账.xlsx");
    cooptrack_in(&bundled())
        .args(args)
        .args(["--format", "xlsx", "-o"])
        .arg(&path)
        .assert()
        .success();
    let mut book = open_workbook_auto(&path).unwrap();
    let ledger = book.worksheet_range("台账").unwrap();
    let row = ledger.rows().find(|r| cell_text(&r[1]) == "1.1").unwrap();
    assert_eq!(cell_text(&row[11]), expected);
    let eco = book.worksheet_range("区生态环境局").unwrap();
    let row = eco.rows().find(|r| cell_text(&r[0]) == "1.1").unwrap();
    assert_eq!(cell_text(&row[6]), expected);
}

/// A task's JSON row says nothing but the light when it is green: no reason,
/// and not due soon.
#[test]
fn green_tasks_have_no_reasons() {
    let r = report("2019-06-30", &[]);
    for id in ["1.1", "1.4", "2.3", "3.1", "6.1"] {
        let t = task(&r, id);
        assert_eq!(t["light"], "green", "{id}");
        assert_eq!(t["reasons"], serde_json::json!([]), "{id}");
        assert_eq!(t["due_soon"], false, "{id}");
    }
    // 4.1, due 2019-07-20: due soon, 20 days left; 1.2: stale.
    assert_eq!(
        task(&r, "4.1")["reasons"],
        serde_json::json!([{"kind": "due_soon", "days_left": 20}])
    );
    assert_eq!(task(&r, "4.1")["due_soon"], true);
    assert_eq!(
        task(&r, "1.2")["reasons"],
        serde_json::json!([{"kind": "stale", "days_since_update": 135}])
    );
}

/// The report's rows are the task model plus what the rules compute: every
/// property of the task-file schema (that is, every field of `Task`) but the
/// full text and the progress log is a key of each row that has it, so a
/// field added to the model shows up in the report by itself.
#[test]
fn report_rows_carry_every_field_of_the_task_model() {
    let schema = json_of(bare().arg("schema"));
    let properties: Vec<&str> = schema["properties"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let summary = |name: &&str| !["text", "progress"].contains(name);
    assert!(properties.contains(&"text") && properties.contains(&"progress"));
    let fields: Vec<&str> = properties.iter().copied().filter(summary).collect();
    let required: Vec<&str> = schema["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .filter(summary)
        .collect();

    // A copy of the ledger where 1.1 has every optional field.
    let tmp = tempfile::tempdir().unwrap();
    let dir = copy_fixture(tmp.path());
    let path = dir.join("1.1.yaml");
    let original = fs::read_to_string(&path).unwrap();
    let text = original
        .replacen("number: 1\n", "number: 1\nnumbered_as: (1)\n", 1)
        .replacen(
            "lead:\n  - 区环保局\n",
            "lead:\n  - 区环保局\nlead_label: 牵头单位\nlead_note: 原文写作牵头单位\n",
            1,
        )
        + "targets:\n  - year: 2020\n    goal: 完成监测站建设\n\
           carried_over_to: ../plan-2023/tasks/1.1.yaml\n\
           carried_over_from: ../plan-2013/tasks/1.1.yaml\n";
    assert_eq!(text.lines().count(), original.lines().count() + 8);
    fs::write(&path, text).unwrap();

    let r =
        json_of(cooptrack_in(&dir).args(["report", "--as-of", "2023-01-01", "--format", "json"]));
    let full = task(&r, "1.1");
    for field in &fields {
        assert!(full.get(field).is_some(), "no {field} in {full}");
    }
    // As the task stood on the as-of date, departments under their names then.
    assert_eq!(full["section"], 1);
    assert_eq!(full["heading"], "推动生态环境联防联控联治");
    assert_eq!(full["number"], 1);
    assert_eq!(full["numbered_as"], "(1)");
    assert_eq!(full["lead"], serde_json::json!(["区生态环境局"]));
    assert_eq!(full["lead_label"], "牵头单位");
    assert_eq!(full["lead_note"], "原文写作牵头单位");
    assert_eq!(full["lead_provisional"], false);
    assert_eq!(full["status"], "推进中");
    assert_eq!(full["carried_over_to"], "../plan-2023/tasks/1.1.yaml");
    // Carried over (the plan is still active: from the day it is recorded):
    // never overdue, no reasons, not on the 通报.
    assert_eq!(full["carried_over"], true);
    assert_eq!(full["overdue"], false);
    assert_eq!(full["reasons"], serde_json::json!([]));
    assert_eq!(full["carried_over_from"], "../plan-2013/tasks/1.1.yaml");
    assert_eq!(
        full["extensions"],
        serde_json::json!([{
            "date": "2022-11-01",
            "from": "2022-12-31",
            "to": "2023-06-30",
            "reason": "受疫情影响，经区政府督查室同意延期"
        }])
    );
    // 1.2's extension is granted only on 2023-03-01: not there yet.
    assert!(task(&r, "1.2").get("extensions").is_none());
    let later = report("2023-12-31", &[]);
    assert_eq!(task(&later, "1.2")["extensions"][0]["date"], "2023-03-01");

    // Every row, in the ledger and in the 通报: the fields every task has,
    // lead_provisional and original_due always, never the text or the log.
    let notices = r["notices"].as_array().unwrap();
    let rows = r["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .chain(notices.iter().flat_map(|n| n["tasks"].as_array().unwrap()));
    let mut seen = 0;
    for row in rows {
        seen += 1;
        let id = &row["id"];
        for field in &required {
            assert!(row.get(field).is_some(), "{id}: no {field}");
        }
        assert!(row["lead_provisional"].is_boolean(), "{id}");
        assert!(row["original_due"].is_string(), "{id}");
        for gone in ["text", "progress"] {
            assert!(row.get(gone).is_none(), "{id}: {gone} in a report row");
        }
    }
    // Ten tasks, and eight rows in the 通报 (6.1 under each of its leads;
    // 1.4, 滞后, in; 1.1, carried over, out).
    assert_eq!(seen, 10 + 8);
    // A row in the 通报 is the row of the ledger.
    let first = &notices[0]["tasks"][0];
    assert_eq!(first, task(&r, first["id"].as_str().unwrap()));
    assert_eq!(first["id"], "1.2");
}

/// The 台账 speaks for the lead: 2.3 is led by 区水务局 (latest entry
/// 2021-12-15) and supported by 区交委 (2019-04-10): 进展情况 is the
/// lead's, and 区交委's latest entry is in 配合单位进展, with its name.
#[test]
fn the_ledger_speaks_for_the_lead_and_supporting_units_have_their_own_column() {
    let r = json_of(cooptrack_in(&ledger()).args([
        "report",
        "--as-of",
        "2023-01-01",
        "--format",
        "json",
    ]));
    assert_eq!(r["period"]["partly_reported"], serde_json::json!([]));
    let t = task(&r, "2.3");
    assert_eq!(t["lead"], serde_json::json!(["区水务局"]));
    assert_eq!(t["latest_progress"]["by"], "区水务局");
    assert_eq!(
        t["support_progress"],
        serde_json::json!([{
            "department": "区交委",
            "date": "2019-04-10",
            "note": "完成涪江航道通航标准复核",
            "problems": null,
            "next_steps": null
        }])
    );
    let md = stdout_of(cooptrack_in(&ledger()).args([
        "report",
        "--as-of",
        "2023-01-01",
        "--format",
        "markdown",
    ]));
    assert!(
        md.contains("| 序号 | 任务编号 | 任务内容 | 牵头单位 | 责任单位 | 完成时限 | 进展情况 | 存在问题 | 下步打算 | 配合单位进展 | 状态 | 预警 |"),
        "{md}"
    );
    assert!(
        md.contains("| 双江航电枢纽建成通航（区水务局，2021-12-15） |  |  | 区交委：完成涪江航道通航标准复核（2019-04-10） |"),
        "{md}"
    );
}
