//! `report --format xlsx`: a print-ready workbook, read back with calamine
//! (values, types, formulas) and from its XML (print settings, formats).

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use calamine::{open_workbook_auto, Data, Reader};

use crate::common::*;

fn ledger() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/report/ledger")
}

/// Writes the workbook of the fixture ledger as of 2023-01-01, period 2022.
fn workbook(dir: &Path) -> PathBuf {
    let path = dir.join("台账.xlsx");
    cooptrack_in(&ledger())
        .args(["report", "--as-of", "2023-01-01", "--period", "2022"])
        .args(["--format", "xlsx", "-o"])
        .arg(&path)
        .assert()
        .success()
        .stdout(format!("已写入 {}\n", path.display()));
    path
}

fn part(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap_or_else(|_| panic!("{name} is missing"))
        .read_to_string(&mut text)
        .unwrap();
    text
}

fn texts(range: &calamine::Range<Data>) -> Vec<Vec<String>> {
    range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

const SHEETS: [&str; 12] = [
    "汇总",
    "台账",
    "本期进展",
    "通报",
    "区生态环境局",
    "区林业局",
    "区交委",
    "区水务局",
    "区经济信息委",
    "区发展改革委",
    "区教委",
    "区卫生健康委",
];

#[test]
fn the_sheets_and_the_ledgers_standard_columns() {
    let tmp = tempfile::tempdir().unwrap();
    let path = workbook(tmp.path());
    let mut book = open_workbook_auto(&path).unwrap();
    assert_eq!(book.sheet_names(), SHEETS);

    let ledger = book.worksheet_range("台账").unwrap();
    let rows = texts(&ledger);
    // A title, the as-of line, the header, ten tasks.
    assert_eq!(rows.len(), 13);
    assert_eq!(rows[0][0], "任务台账");
    assert!(rows[1][0].contains("截至 2023-01-01"), "{}", rows[1][0]);
    assert_eq!(
        rows[2],
        [
            "序号",
            "任务编号",
            "任务内容",
            "牵头单位",
            "责任单位",
            "完成时限",
            "进展情况",
            "存在问题",
            "下步打算",
            "配合单位进展",
            "状态",
            "预警"
        ]
    );
    let ids: Vec<&str> = rows[3..].iter().map(|r| r[1].as_str()).collect();
    assert_eq!(
        ids,
        ["1.1", "1.2", "1.3", "1.4", "2.1", "2.3", "3.1", "4.1", "5.1", "6.1"]
    );
    // 序号 is a number; 完成时限 a real date.
    assert_eq!(ledger.get((3, 0)), Some(&Data::Float(1.0)));
    assert_eq!(ledger.get((12, 0)), Some(&Data::Float(10.0)));
    // 2023-06-30 (1.1's deadline after its extension) is Excel day 45107.
    match ledger.get((3, 5)).unwrap() {
        Data::DateTime(d) => assert_eq!((d.is_datetime(), d.as_f64()), (true, 45107.0)),
        other => panic!("not a date: {other:?}"),
    }
    let row = |id: &str| rows.iter().find(|r| r[1] == id).unwrap().clone();
    assert_eq!(row("1.4")[3], "区生态环境局");
    assert_eq!(row("1.4")[10], "滞后");
    assert_eq!(row("1.4")[11], "红（滞后）");
    assert_eq!(row("5.1")[3], "区发展改革委【暂定】");
    assert_eq!(
        row("6.1")[6],
        "远程会诊平台投入使用（区卫生健康委，2022-12-01）"
    );

    // The dates are formatted yyyy-mm-dd, the rates 0.0%.
    let styles = part(&path, "xl/styles.xml");
    assert!(styles.contains(r#"formatCode="yyyy-mm-dd""#), "{styles}");
    assert!(styles.contains(r#"formatCode="0.0%""#), "{styles}");
}

#[test]
fn the_summary_has_rates_as_numbers_and_sum_formulas_with_their_values() {
    let tmp = tempfile::tempdir().unwrap();
    let path = workbook(tmp.path());
    let mut book = open_workbook_auto(&path).unwrap();
    let summary = book.worksheet_range("汇总").unwrap();
    let rows = texts(&summary);
    assert_eq!(rows[2][0], "牵头单位");
    // Eight lead departments (rows 4–11), their sums, then every task once.
    assert_eq!(rows.len(), 3 + 8 + 2);
    assert_eq!(rows[3][0], "区生态环境局");
    assert_eq!(rows[11][0], "各单位合计（共同牵头的任务各计一次）");
    assert_eq!(rows[12][0], "全部任务（每项计一次）");
    // 6.1 has two leads: 11 in the sum of the departments, 10 tasks.
    let numbers = |r: usize| -> Vec<f64> {
        (1..14)
            .map(|c| match summary.get((r, c)).unwrap() {
                Data::Float(v) => *v,
                other => panic!("({r}, {c}) is {other:?}"),
            })
            .collect()
    };
    // 牵头任务, 已完成, 推进中, 未启动, 滞后, 已取消, 已结转, 完成率 (the
    // report's 11.1 %, formatted 0.0%), 逾期, 长期未报送, 红, 黄, 绿.
    let total = numbers(12);
    assert_eq!(total[..7], [10.0, 1.0, 4.0, 3.0, 1.0, 1.0, 0.0]);
    assert!((total[7] - 0.111).abs() < 1e-9, "{}", total[7]);
    assert_eq!(total[8..], [6.0, 6.0, 7.0, 1.0, 2.0]);
    let sums = numbers(11);
    assert_eq!(sums[..7], [11.0, 1.0, 5.0, 3.0, 1.0, 1.0, 0.0]);
    assert!((sums[7] - 0.1).abs() < 1e-9, "{}", sums[7]);
    assert_eq!(sums[8..], [7.0, 6.0, 8.0, 1.0, 2.0]);

    let formulas = book.worksheet_formula("汇总").unwrap();
    let formula = |r: u32, c: u32| formulas.get_value((r, c)).cloned().unwrap_or_default();
    assert_eq!(formula(11, 1), "SUM(B4:B11)");
    assert_eq!(formula(11, 13), "SUM(N4:N11)");
    // 已完成 ÷ (all − 已取消 − 已结转), of the sums.
    assert_eq!(formula(11, 8), "IF(B12-G12-H12=0,\"—\",C12/(B12-G12-H12))");
    assert_eq!(formula(12, 1), "", "the plan's own total is a value");
}

#[test]
fn the_period_and_the_notice_sheets() {
    let tmp = tempfile::tempdir().unwrap();
    let path = workbook(tmp.path());
    let mut book = open_workbook_auto(&path).unwrap();
    let progress = book.worksheet_range("本期进展").unwrap();
    let rows = texts(&progress);
    assert_eq!(rows[0][0], "2022年进展情况");
    assert_eq!(rows[1][0], "2022-01-01 至 2022-12-31，共 2 条");
    assert_eq!(
        rows[2],
        [
            "序号",
            "报送单位",
            "日期",
            "任务编号",
            "任务内容",
            "进展情况",
            "存在问题",
            "下步打算",
            "状态变化"
        ]
    );
    let entries: Vec<(&str, &str)> = rows[3..5]
        .iter()
        .map(|r| (r[1].as_str(), r[3].as_str()))
        .collect();
    assert_eq!(entries, [("区水务局", "1.4"), ("区卫生健康委", "6.1")]);
    assert!(matches!(progress.get((3, 2)), Some(Data::DateTime(_))));
    // Then, after an empty row, the 未报送单位 with their tasks.
    assert_eq!(rows[5].concat(), "");
    assert_eq!(
        rows[6][0],
        "未报送单位（10 个）：本期未报送所牵头或配合任务的进展"
    );
    // Then the two units that replied and left tasks without progress.
    assert_eq!(rows.len(), 7 + 10 + 3);
    assert_eq!(rows[17].concat(), "");
    assert!(
        rows[18][0].starts_with("部分任务未报送进展"),
        "{:?}",
        rows[18..].to_vec()
    );
    let partly: Vec<&str> = rows[19..].iter().map(|r| r[1].as_str()).collect();
    assert_eq!(partly, ["区水务局"], "{:?}", rows[18..].to_vec());
    assert_eq!(
        rows[7][..6],
        [
            "1",
            "区生态环境局",
            "",
            "",
            "任务 1.1、1.2、1.3、1.4",
            "未报送"
        ]
    );
    assert_eq!(
        rows[16][..6],
        ["10", "区教委", "", "", "任务 6.1", "未报送"]
    );

    let notice = book.worksheet_range("通报").unwrap();
    let rows = texts(&notice);
    // The rule it used, under the title.
    assert_eq!(
        rows[1][0],
        "列入通报的是预警为红或黄的全部任务：逾期、滞后（红），30 天内到期、超过 90 天未报送进展（黄）。已完成、已取消、已结转的任务不列入。"
    );
    let named: Vec<(&str, &str, &str)> = rows[3..]
        .iter()
        .map(|r| (r[1].as_str(), r[2].as_str(), r[6].as_str()))
        .collect();
    assert_eq!(
        named,
        [
            ("区生态环境局", "1.1", "1296 天未报送进展"),
            ("区生态环境局", "1.2", "逾期 1 天，823 天未报送进展"),
            ("区生态环境局", "1.4", "滞后"),
            ("区林业局", "1.3", "逾期 1 天，1442 天未报送进展"),
            ("区交委", "2.1", "逾期 1 天，1398 天未报送进展"),
            ("区经济信息委", "4.1", "逾期 1261 天，1310 天未报送进展"),
            ("区发展改革委", "5.1", "逾期 1 天，1598 天未报送进展"),
            ("区教委", "6.1", "逾期 1 天"),
            ("区卫生健康委", "6.1", "逾期 1 天"),
        ]
    );
    // Days are counts: 4.1 is 1261 days overdue, 1310 without progress.
    let r = 3 + 5;
    assert_eq!(notice.get((r, 7)), Some(&Data::Float(1261.0)));
    assert_eq!(notice.get((r, 8)), Some(&Data::Float(1310.0)));
    assert_eq!(notice.get((r, 9)), Some(&Data::String("红".into())));

    // A department's sheet lists the tasks it leads.
    let eco = book.worksheet_range("区生态环境局").unwrap();
    let ids: Vec<String> = eco.rows().skip(3).map(|r| r[0].to_string()).collect();
    assert_eq!(ids, ["1.1", "1.2", "1.4"]);
    assert_eq!(eco.get((0, 0)).unwrap().to_string(), "区生态环境局任务台账");
}

/// Every sheet: A4 landscape, one page wide, title merged over the table,
/// the header row repeated, page numbers in the footer, no row left at the
/// default height where its text wraps.
#[test]
fn every_sheet_prints_one_page_wide_with_titles_and_page_numbers() {
    let tmp = tempfile::tempdir().unwrap();
    let path = workbook(tmp.path());
    let workbook_xml = part(&path, "xl/workbook.xml");
    for (i, name) in SHEETS.iter().enumerate() {
        let xml = part(&path, &format!("xl/worksheets/sheet{}.xml", i + 1));
        assert!(xml.contains(r#"<pageSetUpPr fitToPage="1"/>"#), "{name}");
        assert!(
            xml.contains(r#"<pageSetup paperSize="9" fitToHeight="0" orientation="landscape""#),
            "{name}: {xml}"
        );
        assert!(
            xml.contains("<oddFooter>&amp;C第 &amp;P 页 共 &amp;N 页</oddFooter>"),
            "{name}"
        );
        assert!(xml.contains(r#"<mergeCell ref="A1:"#), "{name}");
        assert!(
            workbook_xml.contains(&format!(
                r#"<definedName name="_xlnm.Print_Titles" localSheetId="{i}">{name}!$3:$3</definedName>"#
            )),
            "{name}: {workbook_xml}"
        );
        // Every row has its height set.
        let rows = xml.matches("<row ").count();
        assert_eq!(xml.matches(r#"customHeight="1""#).count(), rows, "{name}");
    }
    // 1.1's responsible departments (26 CJK characters: 52 units at 1.1
    // each) wrap to four lines of 15 in the 16-wide column: 4 × 15 pt + 4,
    // which Excel keeps as 63.75 (whole pixels); so does 2.3, for
    // 区交委's 配合单位进展 in the 17-wide column.
    let ledger = part(&path, "xl/worksheets/sheet2.xml");
    assert!(
        ledger.contains(r#"<row r="4" spans="1:12" ht="63.75" customHeight="1">"#),
        "{ledger}"
    );
    assert!(
        ledger.contains(r#"<row r="9" spans="1:12" ht="63.75" customHeight="1">"#),
        "{ledger}"
    );
}

#[test]
fn xlsx_in_english_has_english_sheets() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("ledger.xlsx");
    cooptrack_in(&ledger())
        .env("COOPTRACK_LANG", "en")
        .args(["report", "--as-of", "2023-01-01", "--format", "xlsx", "-o"])
        .arg(&path)
        .assert()
        .success();
    let book = open_workbook_auto(&path).unwrap();
    assert_eq!(
        book.sheet_names()[..5],
        ["Summary", "Ledger", "Progress", "Notice", "区生态环境局"]
    );
    let xml = part(&path, "xl/worksheets/sheet1.xml");
    assert!(xml.contains("<oddFooter>&amp;CPage &amp;P of &amp;N</oddFooter>"));
}

/// A carried-over task (1.1, after `close-plan`): 已结转 in the ledger, its
/// own column in 汇总, out of the 通报.
#[test]
fn a_carried_over_task_is_shown_as_such() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = crate::common::ended_ledger(tmp.path());
    let path = tmp.path().join("台账.xlsx");
    cooptrack_in(&dir)
        .args(["report", "--as-of", "2023-01-15", "--format", "xlsx", "-o"])
        .arg(&path)
        .assert()
        .success();
    let mut book = open_workbook_auto(&path).unwrap();
    let ledger = texts(&book.worksheet_range("台账").unwrap());
    assert_eq!(ledger[3][1], "1.1");
    assert_eq!(ledger[3][10..], ["已结转至后续计划第 1.1 项", "已结转"]);
    let summary = book.worksheet_range("汇总").unwrap();
    // 区生态环境局 and the plan's total: one 已结转 (column H), and a
    // completion rate of 1 ÷ (10 − 1 − 1) = 12.5 %.
    assert_eq!(summary.get((3, 7)), Some(&Data::Float(1.0)));
    assert_eq!(summary.get((12, 7)), Some(&Data::Float(1.0)));
    assert_eq!(summary.get((12, 8)), Some(&Data::Float(0.125)));
    let notice = texts(&book.worksheet_range("通报").unwrap());
    assert!(notice[3..].iter().all(|r| r[2] != "1.1"), "{notice:?}");
}
