//! `cooptrack problems`: the 问题清单, each problem new, persisting or
//! resolved against the previous period.

use std::path::Path;

use crate::common::{cooptrack_in, copy_bundled, json_of, stdout_of};
use crate::report_docx::{paragraphs, read_docx};

fn update(dir: &Path, args: &[&str]) {
    cooptrack_in(dir)
        .args(["--as-of", "2020-06-30", "update"])
        .args(args)
        .assert()
        .success();
}

/// 2020Q1 and 2020Q2 entries raising problems on 2.3 and 1.1.
fn raise(dir: &Path) {
    // 2020Q1: 区水务局 on 2.3 and 区交委 on 2.3 raise problems.
    update(
        dir,
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
        dir,
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
        dir,
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
        dir,
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
        dir,
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
}

#[test]
fn problems_are_new_persisting_or_resolved() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = copy_bundled(tmp.path());
    raise(&dir);
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

/// The 通报's 存在的主要问题 ends with the problems that stay (持续), in
/// every format: 区水务局's on 2.3, raised in 2020Q1 and again in 2020Q2.
#[test]
fn the_bulletin_lists_the_problems_that_stay() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = copy_bundled(tmp.path());
    raise(&dir);
    let report = |format: &str, period: &str| {
        stdout_of(cooptrack_in(&dir).env("COOPTRACK_LANG", "zh").args([
            "--as-of",
            "2020-06-30",
            "report",
            "--period",
            period,
            "--format",
            format,
        ]))
    };
    let json: serde_json::Value = serde_json::from_str(&report("json", "2020Q2")).unwrap();
    let persisting = &json["bulletin"]["persisting"];
    assert_eq!(
        (&persisting["period"]["id"], &persisting["previous"]["id"]),
        (&"2020Q2".into(), &"2020Q1".into())
    );
    assert_eq!(
        persisting["problems"],
        serde_json::json!([{
            "id": "2.3",
            "title": "畅通涪江航道",
            "department": "区水务局",
            "mark": "persisting",
            "problems": "资金缺口 1200 万元",
            "date": "2020-05-10",
        }])
    );
    // A half year compares its last quarter with the one before.
    let json: serde_json::Value = serde_json::from_str(&report("json", "2020H1")).unwrap();
    assert_eq!(json["bulletin"]["persisting"], *persisting);

    let markdown = report("markdown", "2020Q2");
    assert!(
        markdown.contains(
            "\n### 持续未解决的问题（1 个）\n\n以下问题在2020年第二季度和2020年第一季度的报送中均有反映，尚未解决：\n\n| 单位 | 任务编号 | 任务 | 存在问题 | 本期报送日期 |\n|---|---|---|---|---|\n| 区水务局 | 2.3 | 畅通涪江航道 | 资金缺口 1200 万元 | 2020-05-10 |\n\n## 四、本期进展"
        ),
        "{markdown}"
    );
    // The terminal: a table where the report's tables fit, a sentence
    // each in the narrow layout.
    let terminal = |columns: &str, wide: bool| {
        let mut cmd = cooptrack_in(&dir);
        cmd.env("COOPTRACK_LANG", "zh")
            .env("COLUMNS", columns)
            .args(["--as-of", "2020-06-30", "report", "--period", "2020Q2"]);
        if wide {
            cmd.arg("--wide");
        }
        stdout_of(&mut cmd)
    };
    let full = terminal("100", true);
    assert!(
        full.contains(
            "\n持续未解决的问题（1 个）\n以下问题在2020年第二季度和2020年第一季度的报送中均有反映，尚未解决：\n┌──────────┬──────────┬──────────────┬────────────────────┬──────────────┐\n│ 单位     ┆ 任务编号 ┆ 任务         ┆ 存在问题           ┆ 本期报送日期 │\n╞══════════╪══════════╪══════════════╪════════════════════╪══════════════╡\n│ 区水务局 ┆ 2.3      ┆ 畅通涪江航道 ┆ 资金缺口 1200 万元 ┆ 2020-05-10   │\n└──────────┴──────────┴──────────────┴────────────────────┴──────────────┘\n"
        ),
        "{full}"
    );
    let narrow = terminal("80", false);
    assert!(
        narrow.contains(
            "\n持续未解决的问题（1 个）\n以下问题在2020年第二季度和2020年第一季度的报送中均有反映，尚未解决：\n2.3 畅通涪江航道（区水务局）：资金缺口 1200 万元。\n"
        ),
        "{narrow}"
    );
    let html = report("html", "2020Q2");
    assert!(
        html.contains(concat!(
            "<h3>持续未解决的问题（<span class=\"nw\">1</span> 个）</h3>\n",
            "<p>以下问题在<span class=\"nw\">2020</span>年第二季度和<span class=\"nw\">2020</span>年第一季度的报送中均有反映，尚未解决：</p>\n",
            "<table>\n<thead><tr>\n<th>单位</th><th>任务编号</th><th>任务</th><th>存在问题</th><th>本期报送日期</th></tr></thead>\n<tbody>\n",
            "<tr><td><span class=\"nw\">区水务局</span></td><td class=\"nw\">2.3</td><td class=\"tx\">畅通涪江航道</td><td class=\"tx\">资金缺口 <span class=\"nw\">1200</span> 万元</td><td class=\"nw\">2020-05-10</td></tr>\n",
        )),
        "{html}"
    );

    in_the_docx(&dir);

    // Without a problem raised twice, none of it.
    let q1 = report("markdown", "2020Q1");
    assert!(!q1.contains("持续未解决"), "{q1}");
}

/// The 通报 (docx): 三 ends with them, after the rule of the notices.
fn in_the_docx(dir: &Path) {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("通报.docx");
    cooptrack_in(dir)
        .args([
            "--as-of",
            "2020-06-30",
            "report",
            "--period",
            "2020Q2",
            "--format",
            "docx",
            "-o",
        ])
        .arg(&path)
        .assert()
        .success();
    let doc = read_docx(&path);
    let texts: Vec<String> = paragraphs(&doc.document)
        .into_iter()
        .map(|(_, t)| t)
        .filter(|t| !t.is_empty())
        .collect();
    let three = texts
        .iter()
        .position(|t| t == "三、存在的主要问题")
        .unwrap();
    let four = texts.iter().position(|t| t == "四、下步工作要求").unwrap();
    assert_eq!(
        texts[four - 4..four],
        [
            "列入通报的是预警为红或黄的全部任务：逾期、滞后（红），30 天内到期、超过 90 天未报送进展（黄）。已完成、已取消、已结转的任务不列入。",
            "（二）持续未解决的问题（1 个）",
            "以下问题在2020年第二季度和2020年第一季度的报送中均有反映，尚未解决：",
            "2.3 畅通涪江航道（区水务局）：资金缺口 1200 万元。",
        ]
    );
    assert!(three < four - 4);
}
