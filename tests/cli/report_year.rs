//! A year played through as an office runs it, then reported on: the
//! bundled 24 tasks, 38 dated updates from nine departments (a back-dated
//! one among them), two extensions, a cancellation, a 滞后, completions
//! with evidence, then 2.2, 4.4 and 7.1 carried over to a 2023 plan
//! (tests/fixtures/report-year/plan-2023) and `close-plan` on 2022-12-31.
//! Every figure and every listed unit of the reports as of 2020-06-30 and
//! 2023-01-15 is checked against numbers worked out by hand below.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::{bundled, cooptrack_in, copy_bundled, json_of, stdout_of};

/// The replay: the day each command ran (`--as-of`), then its arguments.
const YEAR: &[(&str, &[&str])] = &[
    (
        "2019-03-20",
        &[
            "update",
            "1.1",
            "--status",
            "推进中",
            "--note",
            "建立跨界河流联防联控工作机制",
        ],
    ),
    (
        "2019-04-10",
        &[
            "update",
            "2.3",
            "--status",
            "推进中",
            "--note",
            "双江航电枢纽前期工作启动",
        ],
    ),
    (
        "2019-05-15",
        &[
            "update",
            "2.1",
            "--status",
            "推进中",
            "--note",
            "开展铁路项目前期研究",
        ],
    ),
    (
        "2019-06-20",
        &[
            "update",
            "4.1",
            "--status",
            "推进中",
            "--note",
            "开展高端装备制造业招商对接",
        ],
    ),
    (
        "2019-07-05",
        &[
            "update",
            "3.2",
            "--status",
            "推进中",
            "--note",
            "举办科技成果转化对接会",
        ],
    ),
    (
        "2019-09-10",
        &[
            "update",
            "1.3",
            "--status",
            "推进中",
            "--note",
            "完成涪江沿岸绿化造林调查",
        ],
    ),
    (
        "2019-10-15",
        &[
            "update",
            "3.3",
            "--status",
            "推进中",
            "--note",
            "推进农产品质量安全检测结果互认",
        ],
    ),
    (
        "2019-11-20",
        &[
            "update",
            "6.1",
            "--by",
            "区教委",
            "--status",
            "推进中",
            "--note",
            "签订川渝教育合作协议",
        ],
    ),
    (
        "2019-12-10",
        &[
            "update",
            "2.2",
            "--status",
            "推进中",
            "--note",
            "完成城际快速公路规划对接",
        ],
    ),
    (
        "2019-12-20",
        &[
            "update",
            "7.1",
            "--status",
            "推进中",
            "--note",
            "川渝合作示范区建设方案报批",
        ],
    ),
    (
        "2020-01-15",
        &[
            "update",
            "1.2",
            "--status",
            "推进中",
            "--note",
            "召开大气污染联防联控联席会议",
        ],
    ),
    (
        "2020-02-20",
        &[
            "update",
            "4.4",
            "--status",
            "推进中",
            "--note",
            "启动现代农业园区合作项目",
        ],
    ),
    (
        "2020-03-10",
        &["update", "1.1", "--note", "开展跨界断面水质联合监测"],
    ),
    (
        "2020-03-25",
        &[
            "update",
            "3.1",
            "--status",
            "已取消",
            "--note",
            "任务已并入4.1，经区政府同意取消",
        ],
    ),
    (
        "2020-04-08",
        &["update", "2.1", "--note", "配合完成铁路线位方案比选"],
    ),
    (
        "2020-04-20",
        &[
            "update",
            "4.1",
            "--note",
            "签约装备制造项目2个",
            "--problems",
            "用地指标紧张",
            "--next-steps",
            "争取市级用地指标",
        ],
    ),
    (
        "2020-05-06",
        &[
            "update",
            "1.4",
            "--status",
            "推进中",
            "--note",
            "建立区域环境风险联合防控机制",
        ],
    ),
    (
        "2020-05-18",
        &[
            "update",
            "3.2",
            "--status",
            "已完成",
            "--note",
            "建成科技成果转化平台，已通过验收",
        ],
    ),
    (
        "2020-06-10",
        &[
            "update",
            "1.2",
            "--due",
            "2023-06-30",
            "--reason",
            "受疫情影响，经区政府督查室同意延期",
        ],
    ),
    (
        "2020-06-15",
        &[
            "update",
            "2.3",
            "--status",
            "滞后",
            "--note",
            "受汛期影响，航道整治工程进度滞后",
            "--problems",
            "汛期施工受限",
            "--next-steps",
            "汛后加快施工",
        ],
    ),
    // Recorded five days after the 滞后 entry, dated before it.
    (
        "2020-06-20",
        &[
            "update",
            "2.3",
            "--date",
            "2020-05-10",
            "--note",
            "完成航道整治工程施工招标",
        ],
    ),
    (
        "2020-06-28",
        &[
            "update",
            "6.1",
            "--by",
            "区卫生健康委",
            "--note",
            "远程会诊平台试运行",
        ],
    ),
    (
        "2020-09-15",
        &[
            "update",
            "2.3",
            "--status",
            "推进中",
            "--note",
            "汛后复工，进度追回",
        ],
    ),
    (
        "2020-11-10",
        &["update", "4.4", "--note", "引进农业园区合作企业3家"],
    ),
    (
        "2021-03-15",
        &[
            "update",
            "2.4",
            "--status",
            "推进中",
            "--note",
            "开展能源合作项目对接",
        ],
    ),
    (
        "2021-05-20",
        &[
            "update",
            "3.3",
            "--status",
            "已完成",
            "--note",
            "农产品质量安全检测结果实现互认",
        ],
    ),
    (
        "2021-06-30",
        &["update", "7.1", "--note", "示范区建设方案获批"],
    ),
    (
        "2021-09-10",
        &["update", "2.2", "--note", "城际快速公路开工建设"],
    ),
    (
        "2021-12-15",
        &[
            "update",
            "2.3",
            "--status",
            "已完成",
            "--note",
            "双江航电枢纽建成通航，已通过竣工验收",
        ],
    ),
    (
        "2022-03-10",
        &[
            "update",
            "1.1",
            "--status",
            "已完成",
            "--note",
            "联防联控联治机制全面运行，考核达标",
        ],
    ),
    (
        "2022-05-20",
        &[
            "update",
            "4.1",
            "--status",
            "已完成",
            "--note",
            "高端装备制造业集群产值达到目标，已验收",
        ],
    ),
    (
        "2022-06-15",
        &[
            "update",
            "4.4",
            "--note",
            "园区合作项目推进缓慢",
            "--problems",
            "合作企业资金不到位",
            "--next-steps",
            "协调金融机构支持",
        ],
    ),
    (
        "2022-08-10",
        &[
            "update",
            "6.1",
            "--by",
            "区教委",
            "--status",
            "已完成",
            "--note",
            "教育卫生服务共享平台建成并投入使用",
        ],
    ),
    (
        "2022-09-01",
        &[
            "update",
            "2.2",
            "--due",
            "2023-06-30",
            "--reason",
            "征地拆迁未完成，经区政府同意延期",
        ],
    ),
    (
        "2022-10-20",
        &["update", "7.1", "--note", "示范区首批项目落地"],
    ),
    (
        "2022-11-15",
        &[
            "update",
            "1.3",
            "--status",
            "已完成",
            "--note",
            "完成生态建设合作项目，已验收",
        ],
    ),
    (
        "2022-12-10",
        &["update", "1.2", "--note", "重污染天气联合预警机制运行"],
    ),
    (
        "2022-12-20",
        &[
            "update",
            "3.4",
            "--status",
            "推进中",
            "--note",
            "启动科技资源共享平台建设",
        ],
    ),
    ("2022-12-28", &["carry-over", "2.2", "--to", "../plan-2023"]),
    ("2022-12-28", &["carry-over", "4.4", "--to", "../plan-2023"]),
    ("2022-12-28", &["carry-over", "7.1", "--to", "../plan-2023"]),
    ("2022-12-31", &["close-plan"]),
];

/// A copy of the bundled tasks with the year replayed on it, and the 2023
/// plan beside it. Returns the tasks directory.
pub fn replayed(root: &Path) -> PathBuf {
    let tasks = copy_bundled(root);
    let next = root.join("plan-2023");
    fs::create_dir_all(&next).unwrap();
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/report-year/plan-2023");
    for name in ["plan.yaml", "departments.yaml"] {
        fs::copy(fixture.join(name), next.join(name)).unwrap();
    }
    for (day, args) in YEAR {
        let args: Vec<String> = args
            .iter()
            .map(|a| a.replace("../plan-2023", &next.display().to_string()))
            .collect();
        cooptrack_in(&tasks)
            .args(["--as-of", day])
            .args(&args)
            .assert()
            .success();
    }
    tasks
}

fn report(tasks: &Path, as_of: &str) -> Value {
    json_of(cooptrack_in(tasks).args(["report", "--as-of", as_of, "--format", "json"]))
}

/// The figures of a count object, in this order.
const KEYS: [&str; 15] = [
    "total",
    "not_started",
    "in_progress",
    "done",
    "delayed",
    "cancelled",
    "carried_over",
    "overdue",
    "overdue_vs_original",
    "stale",
    "due_soon",
    "delayed_open",
    "red",
    "yellow",
    "green",
];

fn figures(v: &Value) -> Vec<u64> {
    KEYS.iter()
        .map(|k| v[*k].as_u64().unwrap_or_else(|| panic!("no {k} in {v}")))
        .collect()
}

/// (id, status, due, light, reasons, latest progress date, carried over to).
fn rows(r: &Value) -> Vec<String> {
    r["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let reasons: Vec<String> = t["reasons"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| match r["kind"].as_str().unwrap() {
                    "overdue" => format!("overdue {}", r["days_overdue"]),
                    "stale" => format!("stale {}", r["days_since_update"]),
                    "due_soon" => format!("due_soon {}", r["days_left"]),
                    other => other.to_string(),
                })
                .collect();
            let latest = t["latest_progress"]["date"].as_str().unwrap_or("-");
            let to = t["carried_over_to"].as_str().unwrap_or("-");
            format!(
                "{} {} {} {} [{}] {} {}",
                t["id"].as_str().unwrap(),
                t["status"].as_str().unwrap(),
                t["due"].as_str().unwrap(),
                t["light"].as_str().unwrap(),
                reasons.join(", "),
                latest,
                to
            )
        })
        .collect()
}

fn notices(r: &Value) -> Vec<(String, Vec<String>)> {
    r["notices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            let ids = n["tasks"].as_array().unwrap();
            (
                n["department"].as_str().unwrap().to_string(),
                ids.iter()
                    .map(|t| t["id"].as_str().unwrap().to_string())
                    .collect(),
            )
        })
        .collect()
}

fn unreported(r: &Value) -> Vec<String> {
    units(r, "unreported")
}

/// A list of units owing a report (`unreported`, `partly_reported`), one
/// "unit id id" line each.
fn units(r: &Value, list: &str) -> Vec<String> {
    crate::common::owed_lines(r, list)
}

/// name led: the figures of `KEYS` after total, and the completion rate.
fn departments(r: &Value) -> Vec<String> {
    r["departments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let f: Vec<String> = figures(d)[1..].iter().map(u64::to_string).collect();
            format!(
                "{} {}: {} {}",
                d["name"].as_str().unwrap(),
                d["led"],
                f.join(" "),
                d["completion_rate"]
            )
        })
        .collect()
}

#[test]
fn the_report_as_of_2020_06_30() {
    let tmp = tempfile::tempdir().unwrap();
    let tasks = replayed(tmp.path());
    let r = report(&tasks, "2020-06-30");

    // Not started: 2.4 3.4 4.2 4.3 4.5 5.1 5.2 6.2 6.3 7.2 (10); in progress:
    // 1.1 1.2 1.3 1.4 2.1 2.2 3.3 4.1 4.4 6.1 7.1 (11); done 3.2; 滞后 2.3;
    // cancelled 3.1. Nothing overdue (every deadline is 2022-12-31 or
    // later), nothing due within 30 days. Stale (over 90 days without
    // progress): the ten not started (683 days since the plan, 2018-08-17)
    // and 1.1 1.2 1.3 2.2 3.3 4.4 7.1. Red: 2.3 (滞后, reported 15 days
    // before). Green: 1.4 2.1 3.1 3.2 4.1 6.1. Rate 1 ÷ (24 − 1) = 4.3 %.
    //                                         ns  ip dn dl cn co od oo st ds do red yel grn
    assert_eq!(
        figures(&r["overview"]),
        [24, 10, 11, 1, 1, 1, 0, 0, 0, 17, 0, 1, 1, 17, 6]
    );
    assert_eq!(r["overview"]["completion_rate"], 4.3);
    assert_eq!(r["rules"]["stale_after_days"], 90);
    assert_eq!(r["rules"]["due_soon_days"], 30);
    assert!(r["plan_ended_on"].is_null());

    assert_eq!(
        rows(&r),
        [
            "1.1 推进中 2022-12-31 yellow [stale 112] 2020-03-10 -",
            // Extended on 2020-06-10: the new deadline; no progress since January.
            "1.2 推进中 2023-06-30 yellow [stale 167] 2020-01-15 -",
            "1.3 推进中 2022-12-31 yellow [stale 294] 2019-09-10 -",
            "1.4 推进中 2022-12-31 green [] 2020-05-06 -",
            "2.1 推进中 2022-12-31 green [] 2020-04-08 -",
            // Its extension comes in 2022.
            "2.2 推进中 2022-12-31 yellow [stale 203] 2019-12-10 -",
            // The 滞后 entry of 06-15 is the latest, though the back-dated
            // entry of 05-10 was recorded after it.
            "2.3 滞后 2022-12-31 red [delayed] 2020-06-15 -",
            "2.4 未启动 2022-12-31 yellow [stale 683] - -",
            "3.1 已取消 2022-12-31 green [] 2020-03-25 -",
            "3.2 已完成 2022-12-31 green [] 2020-05-18 -",
            "3.3 推进中 2022-12-31 yellow [stale 259] 2019-10-15 -",
            "3.4 未启动 2022-12-31 yellow [stale 683] - -",
            "4.1 推进中 2022-12-31 green [] 2020-04-20 -",
            "4.2 未启动 2022-12-31 yellow [stale 683] - -",
            "4.3 未启动 2022-12-31 yellow [stale 683] - -",
            "4.4 推进中 2022-12-31 yellow [stale 131] 2020-02-20 -",
            "4.5 未启动 2022-12-31 yellow [stale 683] - -",
            "5.1 未启动 2022-12-31 yellow [stale 683] - -",
            "5.2 未启动 2022-12-31 yellow [stale 683] - -",
            "6.1 推进中 2022-12-31 green [] 2020-06-28 -",
            "6.2 未启动 2022-12-31 yellow [stale 683] - -",
            "6.3 未启动 2022-12-31 yellow [stale 683] - -",
            // Carried over only when the plan ended: not yet.
            "7.1 推进中 2022-12-31 yellow [stale 193] 2019-12-20 -",
            "7.2 未启动 2022-12-31 yellow [stale 683] - -",
        ]
    );
    let t23 = r["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "2.3")
        .unwrap();
    assert_eq!(
        t23["latest_progress"],
        serde_json::json!({
            "date": "2020-06-15",
            "by": "区水务局",
            "note": "受汛期影响，航道整治工程进度滞后",
            "problems": "汛期施工受限",
            "next_steps": "汛后加快施工"
        })
    );
    assert_eq!(t23["updated"], "2020-06-15");

    units_2020_06_30(&r);

    // The table names 区水务局 in the 通报, with the reason.
    let table = stdout_of(cooptrack_in(&tasks).args(["report", "--as-of", "2020-06-30", "--wide"]));
    let notice = table
        .lines()
        .find(|l| l.contains("区水务局") && l.contains(" 2.3 "))
        .unwrap_or_else(|| panic!("区水务局 2.3 not in the 通报:\n{table}"));
    assert!(notice.contains("滞后"), "{notice}");
}

#[test]
fn the_report_as_of_2023_01_15_after_carry_over_and_close_plan() {
    let tmp = tempfile::tempdir().unwrap();
    let tasks = replayed(tmp.path());
    let r = report(&tasks, "2023-01-15");

    // Done: 1.1 1.3 2.3 3.2 3.3 4.1 6.1 (7); cancelled 3.1; carried over 2.2
    // 4.4 7.1 (3, in no status column); in progress 1.2 1.4 2.1 2.4 3.4 (5);
    // not started 4.2 4.3 4.5 5.1 5.2 6.2 6.3 7.2 (8). Overdue 15 days: 1.4
    // 2.1 2.4 3.4 and the eight not started (12); against the original
    // deadlines 1.2 too (13). Stale: the overdue but 3.4 (reported on
    // 2022-12-20) (11). Red: the 12 overdue; green: 7 done, 3.1, the three
    // carried over and 1.2 (extended to 2023-06-30, reported 36 days ago).
    // Rate: 7 ÷ (24 − 1 cancelled − 3 carried over) = 35.0 %.
    //                                         ns ip dn dl cn co od  oo  st ds do red yel grn
    assert_eq!(
        figures(&r["overview"]),
        [24, 8, 5, 7, 0, 1, 3, 12, 13, 11, 0, 0, 12, 0, 12]
    );
    assert_eq!(r["overview"]["completion_rate"], 35.0);
    assert_eq!(r["plan_ended_on"], "2022-12-31");

    assert_eq!(
        rows(&r),
        [
            "1.1 已完成 2022-12-31 green [] 2022-03-10 -",
            "1.2 推进中 2023-06-30 green [] 2022-12-10 -",
            "1.3 已完成 2022-12-31 green [] 2022-11-15 -",
            "1.4 推进中 2022-12-31 red [overdue 15, stale 984] 2020-05-06 -",
            "2.1 推进中 2022-12-31 red [overdue 15, stale 1012] 2020-04-08 -",
            "2.2 推进中 2023-06-30 green [] 2021-09-10 ../plan-2023/2.2.yaml",
            "2.3 已完成 2022-12-31 green [] 2021-12-15 -",
            "2.4 推进中 2022-12-31 red [overdue 15, stale 671] 2021-03-15 -",
            "3.1 已取消 2022-12-31 green [] 2020-03-25 -",
            "3.2 已完成 2022-12-31 green [] 2020-05-18 -",
            "3.3 已完成 2022-12-31 green [] 2021-05-20 -",
            "3.4 推进中 2022-12-31 red [overdue 15] 2022-12-20 -",
            "4.1 已完成 2022-12-31 green [] 2022-05-20 -",
            "4.2 未启动 2022-12-31 red [overdue 15, stale 1612] - -",
            "4.3 未启动 2022-12-31 red [overdue 15, stale 1612] - -",
            "4.4 推进中 2022-12-31 green [] 2022-06-15 ../plan-2023/4.4.yaml",
            "4.5 未启动 2022-12-31 red [overdue 15, stale 1612] - -",
            "5.1 未启动 2022-12-31 red [overdue 15, stale 1612] - -",
            "5.2 未启动 2022-12-31 red [overdue 15, stale 1612] - -",
            "6.1 已完成 2022-12-31 green [] 2022-08-10 -",
            "6.2 未启动 2022-12-31 red [overdue 15, stale 1612] - -",
            "6.3 未启动 2022-12-31 red [overdue 15, stale 1612] - -",
            "7.1 推进中 2022-12-31 green [] 2022-10-20 ../plan-2023/7.1.yaml",
            "7.2 未启动 2022-12-31 red [overdue 15, stale 1612] - -",
        ]
    );
    for id in ["2.2", "4.4", "7.1"] {
        let t = r["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == id)
            .unwrap();
        assert_eq!(t["carried_over"], true, "{id}");
        assert_eq!(
            (t["overdue"].clone(), t["days_overdue"].clone()),
            (false.into(), 0.into()),
            "{id}"
        );
    }
    units_2023_01_15(&r, &tasks);

    // Every text format shows 已结转 with where to, and says the plan ended.
    for format in ["table", "markdown", "html"] {
        // Wide enough that no cell wraps; HTML without its nowrap spans.
        let out = crate::report::plain(&stdout_of(
            cooptrack_in(&tasks).env("COLUMNS", "400").args([
                "report",
                "--as-of",
                "2023-01-15",
                "--wide",
                "--format",
                format,
            ]),
        ));
        // By the successor plan's title, never a path or a command. (The
        // terminal wraps the title in its column: there the 状态 cells'
        // lines are checked joined.)
        let plan = "重庆市潼南区人民政府关于下达深化川渝合作深入推动长江经济带行动计划(2023-2027年)工作任务的通知";
        let lines: Vec<&str> = out.lines().collect();
        let header = lines.iter().rposition(|l| l.contains("┆ 任务编号 ┆"));
        let column = header
            .and_then(|h| lines[h].split('┆').position(|c| c.trim() == "状态"))
            .unwrap_or(0);
        let joined: String = lines[header.unwrap_or(0)..]
            .iter()
            .filter_map(|l| l.split('┆').nth(column))
            .flat_map(|c| c.chars().filter(|c| !c.is_whitespace()))
            .collect();
        for id in ["2.2", "7.1"] {
            let cell = format!("已结转至《{plan}》第 {id} 项");
            assert!(
                out.contains(&cell) || joined.contains(&cell.replace(' ', "")),
                "{format}: {joined}"
            );
        }
        assert!(
            !out.contains("close-plan") && !out.contains("plan-2023"),
            "{format}"
        );
        assert!(out.contains("本计划已于 2022-12-31 结束"), "{format}");
        assert!(out.contains("已结转 3 项"), "{format}");
        assert!(out.contains("完成率 35.0%"), "{format}");
    }
}

/// The 通报, the departments, the period and its 未报送单位 as of 2020-06-30.
fn units_2020_06_30(r: &Value) {
    // The 通报: every red or yellow task under its lead; 区水务局 for 2.3.
    let n = |d: &str, ids: &[&str]| (d.to_string(), ids.iter().map(|s| s.to_string()).collect());
    assert_eq!(
        notices(r),
        vec![
            n("区生态环境局", &["1.1", "1.2"]),
            n("区林业局", &["1.3"]),
            n("区交委", &["2.2"]),
            n("区水务局", &["2.3"]),
            n("区经济信息委", &["2.4", "4.2", "4.3"]),
            n("区农业农村委", &["3.3", "4.4"]),
            n("区科技局", &["3.4"]),
            n("区旅游局", &["4.5"]),
            n("区发展改革委", &["5.1", "5.2", "7.1"]),
            n("区人力社保局", &["6.2"]),
            n("区政府应急办", &["6.3"]),
            n("区高新区管委会", &["7.2"]),
            n("区农业园区管委会", &["7.2"]),
        ]
    );

    // Per lead department: ns ip dn dl cn co od oo st ds do red yel grn, rate.
    assert_eq!(
        departments(r),
        [
            "区生态环境局 3: 0 3 0 0 0 0 0 0 2 0 0 0 2 1 0.0",
            "区林业局 1: 0 1 0 0 0 0 0 0 1 0 0 0 1 0 0.0",
            "区交委 2: 0 2 0 0 0 0 0 0 1 0 0 0 1 1 0.0",
            "区水务局 1: 0 0 0 1 0 0 0 0 0 0 1 1 0 0 0.0",
            "区经济信息委 5: 3 1 0 0 1 0 0 0 3 0 0 0 3 2 0.0",
            "区科技局 2: 1 0 1 0 0 0 0 0 1 0 0 0 1 1 50.0",
            "区农业农村委 2: 0 2 0 0 0 0 0 0 2 0 0 0 2 0 0.0",
            "区旅游局 1: 1 0 0 0 0 0 0 0 1 0 0 0 1 0 0.0",
            "区发展改革委 3: 2 1 0 0 0 0 0 0 3 0 0 0 3 0 0.0",
            "区教委 1: 0 1 0 0 0 0 0 0 0 0 0 0 0 1 0.0",
            "区卫生健康委 1: 0 1 0 0 0 0 0 0 0 0 0 0 0 1 0.0",
            "区人力社保局 1: 1 0 0 0 0 0 0 0 1 0 0 0 1 0 0.0",
            "区政府应急办 1: 1 0 0 0 0 0 0 0 1 0 0 0 1 0 0.0",
            "区高新区管委会 1: 1 0 0 0 0 0 0 0 1 0 0 0 1 0 0.0",
            "区农业园区管委会 1: 1 0 0 0 0 0 0 0 1 0 0 0 1 0 0.0",
        ]
    );

    // 本期 = 2020Q2 (the plan reports quarterly): seven entries.
    assert_eq!(r["period"]["id"], "2020Q2");
    assert_eq!(r["period"]["entries"], 7);
    let entries: Vec<String> = r["period"]["by_department"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| {
            g["entries"].as_array().unwrap().iter().map(move |e| {
                format!(
                    "{} {} {}",
                    g["department"].as_str().unwrap(),
                    e["date"].as_str().unwrap(),
                    e["id"].as_str().unwrap()
                )
            })
        })
        .collect();
    assert_eq!(
        entries,
        [
            "区生态环境局 2020-05-06 1.4",
            "区交委 2020-04-08 2.1",
            "区水务局 2020-05-10 2.3",
            "区水务局 2020-06-15 2.3",
            "区科技局 2020-05-18 3.2",
            "区经济信息委 2020-04-20 4.1",
            "区卫生健康委 2020-06-28 6.1",
        ]
    );
    // 未报送单位: each unit that led or supported a task open during the
    // quarter and wrote no entry at all in it. A task done during the
    // quarter was open in it (3.2, done 05-18; 3.1 was closed before).
    assert_eq!(
        unreported(r),
        [
            "区农业农村委 1.1 1.2 3.2 3.3 4.4",
            "区高新区管委会 1.1 4.1 4.2 4.3 7.2",
            "区城管局 1.2",
            "潼南气象局 1.2",
            "区林业局 1.3 4.4",
            "区发展改革委 2.4 5.1 5.2 7.1",
            "区商务局 3.3",
            "区农业科技园区管委会 4.4",
            "区旅游局 4.5",
            "区文化委 4.5",
            "区教委 6.1",
            "区人力社保局 6.2",
            "区政府应急办 6.3",
            "潼南食药监分局 6.3",
            "区安监局 6.3",
            "区公安局 6.3",
            "区农业园区管委会 7.2",
        ]
    );
    partly_2020_06_30(r);
}

/// 部分任务未报送进展 as of 2020-06-30.
fn partly_2020_06_30(r: &Value) {
    // 部分任务未报送进展: the six units with entries in the quarter,
    // each with its open tasks it wrote nothing on (区交委 reported on 2.1,
    // not on 2.2, nor on 2.3, which it supports; 区生态环境局 and
    // 区经济信息委 support 3.2 and were silent on it).
    assert_eq!(
        units(r, "partly_reported"),
        [
            "区生态环境局 1.1 1.2 1.3 3.2",
            "区水务局 1.1 1.4 6.3",
            "区经济信息委 1.1 1.2 2.4 3.2 4.2 4.3",
            "区交委 2.2 2.3",
            "区科技局 3.4 4.3",
            "区卫生健康委 4.3 6.3",
        ]
    );
}

/// The 通报, the departments and the 未报送单位 as of 2023-01-15.
fn units_2023_01_15(r: &Value, tasks: &Path) {
    let n = |d: &str, ids: &[&str]| (d.to_string(), ids.iter().map(|s| s.to_string()).collect());
    // Not 2.2, 4.4 or 7.1.
    assert_eq!(
        notices(r),
        vec![
            n("区生态环境局", &["1.4"]),
            n("区交委", &["2.1"]),
            n("区经济信息委", &["2.4", "4.2", "4.3"]),
            n("区科技局", &["3.4"]),
            n("区旅游局", &["4.5"]),
            n("区发展改革委", &["5.1", "5.2"]),
            n("区人力社保局", &["6.2"]),
            n("区政府应急办", &["6.3"]),
            n("区高新区管委会", &["7.2"]),
            n("区农业园区管委会", &["7.2"]),
        ]
    );
    assert_eq!(
        departments(r),
        [
            "区生态环境局 3: 0 2 1 0 0 0 1 2 1 0 0 1 0 2 33.3",
            "区林业局 1: 0 0 1 0 0 0 0 0 0 0 0 0 0 1 100.0",
            // 2.1 overdue; 2.2 carried over: 0 done ÷ (2 − 1).
            "区交委 2: 0 1 0 0 0 1 1 1 1 0 0 1 0 1 0.0",
            "区水务局 1: 0 0 1 0 0 0 0 0 0 0 0 0 0 1 100.0",
            "区经济信息委 5: 2 1 1 0 1 0 3 3 3 0 0 3 0 2 25.0",
            "区科技局 2: 0 1 1 0 0 0 1 1 0 0 0 1 0 1 50.0",
            // 3.3 done, 4.4 carried over: 1 ÷ (2 − 1).
            "区农业农村委 2: 0 0 1 0 0 1 0 0 0 0 0 0 0 2 100.0",
            "区旅游局 1: 1 0 0 0 0 0 1 1 1 0 0 1 0 0 0.0",
            "区发展改革委 3: 2 0 0 0 0 1 2 2 2 0 0 2 0 1 0.0",
            "区教委 1: 0 0 1 0 0 0 0 0 0 0 0 0 0 1 100.0",
            "区卫生健康委 1: 0 0 1 0 0 0 0 0 0 0 0 0 0 1 100.0",
            "区人力社保局 1: 1 0 0 0 0 0 1 1 1 0 0 1 0 0 0.0",
            "区政府应急办 1: 1 0 0 0 0 0 1 1 1 0 0 1 0 0 0.0",
            "区高新区管委会 1: 1 0 0 0 0 0 1 1 1 0 0 1 0 0 0.0",
            "区农业园区管委会 1: 1 0 0 0 0 0 1 1 1 0 0 1 0 0 0.0",
        ]
    );
    // After the plan ended, the default period is its last one, 2022Q4.
    assert_eq!(r["period"]["id"], "2022Q4");
    // 2023Q1 up to the 15th: no entry, and the plan ended on 2022-12-31,
    // so nobody is asked to report for it.
    let r = json_of(cooptrack_in(tasks).args([
        "report",
        "--as-of",
        "2023-01-15",
        "--period",
        "2023Q1",
        "--format",
        "json",
    ]));
    assert_eq!(r["period"]["id"], "2023Q1");
    assert_eq!(r["period"]["entries"], 0);
    assert_eq!(unreported(&r), Vec::<String>::new());
    assert_eq!(units(&r, "partly_reported"), Vec::<String>::new());
}

/// `list --as-of` and `report --as-of` agree on every task, and the
/// tool's own writes (the back-dated entry among them) leave validate
/// with only the bundled tasks' own warnings.
#[test]
fn list_and_report_as_of_a_day_agree_and_validate_stays_quiet() {
    let tmp = tempfile::tempdir().unwrap();
    let tasks = replayed(tmp.path());
    for day in ["2019-06-30", "2020-06-30", "2022-06-30", "2023-01-15"] {
        let listed =
            json_of(cooptrack_in(&tasks).args(["list", "--as-of", day, "--format", "json"]));
        let reported = report(&tasks, day);
        let pairs = |v: &Value| -> Vec<(String, String, String, bool)> {
            v.as_array()
                .unwrap()
                .iter()
                .map(|t| {
                    (
                        t["id"].as_str().unwrap().to_string(),
                        t["status"].as_str().unwrap().to_string(),
                        t["due"].as_str().unwrap().to_string(),
                        t["carried_over_to"].is_string(),
                    )
                })
                .collect()
        };
        assert_eq!(pairs(&listed), pairs(&reported["tasks"]), "as of {day}");
        // Overdue: the same tasks.
        let overdue = json_of(cooptrack_in(&tasks).args([
            "list",
            "--as-of",
            day,
            "--overdue",
            "--format",
            "json",
        ]));
        let from_list: Vec<&str> = overdue
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_str().unwrap())
            .collect();
        let from_report: Vec<&str> = reported["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| t["overdue"] == true)
            .map(|t| t["id"].as_str().unwrap())
            .collect();
        assert_eq!(from_list, from_report, "overdue as of {day}");
    }
    // On 2020-06-30, 2.3 is 滞后 in both, not today's 已完成.
    let listed = stdout_of(cooptrack_in(&tasks).args([
        "list",
        "--as-of",
        "2020-06-30",
        "--status",
        "滞后",
        "--format",
        "csv",
    ]));
    assert_eq!(listed.lines().count(), 2, "{listed}");
    assert!(
        listed.lines().nth(1).unwrap().starts_with("2.3,"),
        "{listed}"
    );

    // The back-dated entry sits before the 滞后 one in the file.
    let text = fs::read_to_string(tasks.join("2.3.yaml")).unwrap();
    let back = text.find("date: 2020-05-10").unwrap();
    let delayed = text.find("date: 2020-06-15").unwrap();
    assert!(back < delayed, "{text}");
    let validate = |dir: &Path| {
        let out = cooptrack_in(dir).arg("validate").output().unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stderr).unwrap() + &String::from_utf8(out.stdout).unwrap()
    };
    let before = validate(&bundled());
    let after = validate(&tasks);
    let warnings = |out: &str| -> Vec<String> {
        out.lines()
            .filter(|l| l.contains("warning") || l.contains("警告"))
            .map(|l| {
                l.rsplit_once(".yaml")
                    .map_or(l, |(_, rest)| rest)
                    .to_string()
            })
            .collect()
    };
    assert_eq!(warnings(&after), warnings(&before), "{after}");
}

/// `update --date` on an earlier day puts the entry in date order and
/// keeps every hand-written line and comment: the file changes by the new
/// entry's lines only, and `validate` has nothing new to say.
#[test]
fn a_back_dated_entry_goes_in_date_order_and_keeps_every_written_line() {
    let tmp = tempfile::tempdir().unwrap();
    let tasks = copy_bundled(tmp.path());
    let path = tasks.join("2.3.yaml");
    let text = fs::read_to_string(&path).unwrap();
    let written = text.replacen(
        "progress: []\n",
        "progress:\n  # 一季度\n  - date: 2020-03-01\n    by: 区水务局 # 首报\n    note: 前期工作启动\n  # 二季度\n  - date: 2020-06-15\n    by: 区水务局\n    note: 施工招标完成\n",
        1,
    );
    assert_ne!(written, text, "2.3.yaml has no empty progress list");
    fs::write(&path, &written).unwrap();
    cooptrack_in(&tasks)
        .args([
            "--as-of",
            "2020-06-20",
            "update",
            "2.3",
            "--date",
            "2020-05-10",
            "--note",
            "航道测量完成",
        ])
        .assert()
        .success();
    let after = fs::read_to_string(&path).unwrap();
    let expected = written.replacen(
        "  # 二季度\n",
        "  - date: 2020-05-10\n    by: 区水务局\n    note: 航道测量完成\n  # 二季度\n",
        1,
    );
    assert_eq!(after, expected);
    let out = cooptrack_in(&tasks).arg("validate").output().unwrap();
    let said =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{said}");
    assert!(!said.contains("2.3.yaml:"), "{said}");
    // The latest progress is the 06-15 entry, as in the file's order.
    let r = report(&tasks, "2020-06-30");
    let t = r["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "2.3")
        .unwrap();
    assert_eq!(t["latest_progress"]["note"], "施工招标完成");
}
