//! `cooptrack problems`: the 问题清单, each problem new, persisting or
//! resolved against the previous period.

use std::path::Path;

use crate::common::{cooptrack_in, copy_bundled, json_of, stdout_of};

fn update(dir: &Path, args: &[&str]) {
    cooptrack_in(dir)
        .args(["--as-of", "2020-06-30", "update"])
        .args(args)
        .assert()
        .success();
}

#[test]
fn problems_are_new_persisting_or_resolved() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = copy_bundled(tmp.path());
    // 2020Q1: 区水务局 on 2.3 and 区交委 on 2.3 raise problems.
    update(
        &dir,
        &[
            "2.3",
            "--note",
            "方案编制",
            "--problems",
            "资金缺口",
            "--date",
            "2020-03-10",
        ],
    );
    update(
        &dir,
        &[
            "2.3",
            "--by",
            "区交委",
            "--note",
            "航道测量",
            "--problems",
            "测量船不足",
            "--date",
            "2020-03-12",
        ],
    );
    // 2020Q2: 区水务局's stays; 区交委 reports without one; 区环保局 raises one on 1.1.
    update(
        &dir,
        &[
            "2.3",
            "--note",
            "方案审查",
            "--problems",
            "资金缺口 1200 万元",
            "--date",
            "2020-05-10",
        ],
    );
    update(
        &dir,
        &[
            "2.3",
            "--by",
            "区交委",
            "--note",
            "测量完成",
            "--date",
            "2020-05-12",
        ],
    );
    update(
        &dir,
        &[
            "1.1",
            "--note",
            "建立机制",
            "--problems",
            "监测数据未共享",
            "--date",
            "2020-06-01",
        ],
    );

    let found = json_of(cooptrack_in(&dir).args([
        "--as-of",
        "2020-06-30",
        "problems",
        "--period",
        "2020Q2",
        "--format",
        "json",
    ]));
    let rows: Vec<(String, String, String, String)> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let s = |k: &str| p[k].as_str().unwrap().to_string();
            (s("id"), s("department"), s("mark"), s("problems"))
        })
        .collect();
    let row = |id: &str, unit: &str, mark: &str, text: &str| {
        (
            id.to_string(),
            unit.to_string(),
            mark.to_string(),
            text.to_string(),
        )
    };
    assert_eq!(
        rows,
        [
            row("1.1", "区生态环境局", "new", "监测数据未共享"),
            row("2.3", "区水务局", "persisting", "资金缺口 1200 万元"),
            row("2.3", "区交委", "resolved", "测量船不足"),
        ]
    );

    the_table_and_longer_periods(&dir);
}

/// The table for one unit, and a period the list cannot compare.
fn the_table_and_longer_periods(dir: &Path) {
    let table = stdout_of(cooptrack_in(dir).env("COOPTRACK_LANG", "zh").args([
        "--as-of",
        "2020-06-30",
        "problems",
        "--dept",
        "区交委",
    ]));
    assert!(
        table.starts_with("问题清单（2020年第二季度）：新提出 0 个，持续 0 个，已解决 1 个\n"),
        "{table}"
    );
    assert!(table.contains("已解决"), "{table}");

    let out = cooptrack_in(dir)
        .args(["problems", "--period", "2020H1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "cooptrack: 错误：问题清单按报送期（月或季度）比较：2020H1 是更长的报告期，请给出如 2020Q2 或 2020-06 的报送期\n"
    );
}
