//! `forms` and `collect`: the monthly round trip, as liaisons fill in forms
//! with an office suite, and every way a form comes back wrong.

use std::collections::BTreeMap;
use std::fs;
use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};

use crate::common::{cooptrack_in, copy_bundled, json_of, stdout_of};

/// 2020-07-03: a few days after 2020Q2, before the forms' deadline.
const TODAY: &str = "2020-07-03";

/// A copy of the bundled tasks and the 2020Q2 forms made from it.
pub(crate) struct RoundTrip {
    _dir: tempfile::TempDir,
    pub(crate) tasks: PathBuf,
    pub(crate) forms: PathBuf,
}

impl RoundTrip {
    pub(crate) fn new() -> RoundTrip {
        RoundTrip::prepared(&|_| {})
    }

    /// The same, with `setup` run on the copied tasks before the forms
    /// are made.
    pub(crate) fn prepared(setup: &dyn Fn(&Path)) -> RoundTrip {
        let dir = tempfile::tempdir().unwrap();
        let tasks = copy_bundled(dir.path());
        setup(&tasks);
        let forms = dir.path().join("forms");
        let out = stdout_of(
            cooptrack_in(&tasks)
                .args([
                    "--as-of",
                    TODAY,
                    "forms",
                    "--period",
                    "2020Q2",
                    "--due-by",
                    "2020-07-05",
                    "-o",
                ])
                .arg(&forms),
        );
        assert!(
            out.starts_with("已生成 2020年第二季度 填报表 23 份：\n"),
            "{out}"
        );
        RoundTrip {
            _dir: dir,
            tasks,
            forms,
        }
    }

    pub(crate) fn form(&self, department: &str) -> PathBuf {
        self.forms.join(format!("2020Q2-{department}.xlsx"))
    }

    pub(crate) fn collect(&self, files: &[&Path]) -> assert_cmd::Command {
        let mut cmd = cooptrack_in(&self.tasks);
        cmd.args(["--as-of", TODAY, "collect"]).args(files);
        cmd
    }

    /// Collects `files`, expecting exit 1 and no task file changed; the
    /// output.
    pub(crate) fn rejected(&self, files: &[&Path], extra: &[&str]) -> String {
        let before = self.snapshot();
        let out = self.collect(files).args(extra).output().unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert_eq!(out.status.code(), Some(1), "{stdout}");
        assert_eq!(self.snapshot(), before, "a refused form changed a file");
        stdout
    }

    pub(crate) fn progress(&self, id: &str) -> serde_json::Value {
        let task = json_of(cooptrack_in(&self.tasks).args(["show", id, "--format", "json"]));
        task["progress"].clone()
    }

    /// Every YAML file's text, to prove a refusal wrote nothing.
    pub(crate) fn snapshot(&self) -> BTreeMap<String, String> {
        fs::read_dir(&self.tasks)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .map(|p| (p.display().to_string(), fs::read_to_string(&p).unwrap()))
            .collect()
    }
}

/// A form filled in as a liaison would: cells of the first sheet set by
/// reference, the workbook otherwise as issued.
pub struct Filling {
    entries: Vec<(String, Vec<u8>)>,
}

impl Filling {
    pub fn open(path: &Path) -> Filling {
        let bytes = fs::read(path).unwrap();
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let entries = (0..archive.len())
            .map(|i| {
                let mut file = archive.by_index(i).unwrap();
                let mut data = Vec::new();
                file.read_to_end(&mut data).unwrap();
                (file.name().unwrap().to_string(), data)
            })
            .collect();
        Filling { entries }
    }

    /// Applies `edit` to the first sheet's XML.
    pub fn edit_xml(&mut self, edit: impl FnOnce(&str) -> String) -> &mut Filling {
        self.edit_part("xl/worksheets/sheet1.xml", edit)
    }

    /// Applies `edit` to the XML of the workbook's part `part`.
    pub fn edit_part(&mut self, part: &str, edit: impl FnOnce(&str) -> String) -> &mut Filling {
        let data = &mut self
            .entries
            .iter_mut()
            .find(|(name, _)| name == part)
            .unwrap_or_else(|| panic!("no part {part} in the workbook"))
            .1;
        let xml = String::from_utf8(std::mem::take(data)).unwrap();
        *data = edit(&xml).into_bytes();
        self
    }

    /// The `<c r="REF" …>` element's span in a sheet, and its style attribute.
    pub fn span(xml: &str, reference: &str) -> (usize, usize, String) {
        let start = xml
            .find(&format!("<c r=\"{reference}\""))
            .unwrap_or_else(|| panic!("no cell {reference}"));
        let open_end = start + xml[start..].find('>').unwrap();
        let style = xml[start..open_end]
            .split_whitespace()
            .find(|a| a.starts_with("s=\""))
            .map(|a| format!(" {}", a.trim_end_matches('/')))
            .unwrap_or_default();
        let end = if xml[..open_end].ends_with('/') {
            open_end + 1
        } else {
            open_end + xml[open_end..].find("</c>").unwrap() + 4
        };
        (start, end, style)
    }

    /// Types text into a cell (an inline string, as some suites save).
    pub fn text(&mut self, reference: &str, text: &str) -> &mut Filling {
        let escaped = text
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        self.replace(
            reference,
            &format!("t=\"inlineStr\"><is><t xml:space=\"preserve\">{escaped}</t></is></c>"),
        )
    }

    /// Types a number (a date as Excel stores it: days since 1899-12-30).
    pub fn number(&mut self, reference: &str, value: f64) -> &mut Filling {
        self.replace(reference, &format!("><v>{value}</v></c>"))
    }

    fn replace(&mut self, reference: &str, rest: &str) -> &mut Filling {
        let rest = rest
            .strip_prefix('>')
            .map_or_else(|| format!(" {rest}"), |r| format!(">{r}"));
        self.edit_xml(|xml| {
            let (start, end, style) = Filling::span(xml, reference);
            let mut xml = xml.to_string();
            xml.replace_range(start..end, &format!("<c r=\"{reference}\"{style}{rest}"));
            xml
        })
    }

    pub fn save(&self, path: &Path) {
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, data) in &self.entries {
            out.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
                .unwrap();
            out.write_all(data).unwrap();
        }
        fs::write(path, out.finish().unwrap().into_inner()).unwrap();
    }
}

/// Excel's serial number of a date.
pub(crate) fn serial(date: &str) -> f64 {
    let day = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
    let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap();
    (day - epoch).num_days() as f64
}

/// The three forms of the round trip, filled in.
fn fill_three(trip: &RoundTrip) -> Vec<PathBuf> {
    // 区水务局 leads 2.3 (row 8) and supports 1.1, 1.4 and 6.3 (rows 6, 7, 9).
    let water = trip.form("区水务局");
    Filling::open(&water)
        .text("G8", "完成涪江航道整治方案编制\n报市交通局审查")
        .text("H8", "航道疏浚资金缺口 1200 万元")
        .text("I8", "7 月底前完成方案审查")
        .text("J8", "推进中")
        .text("L8", "2020/6/15")
        .text("M8", "李明  ")
        .number("N8", 13_800_000_000.0)
        .text("G6", "完成琼江断面水质联合监测")
        .number("L6", serial("2020-06-10"))
        .save(&water);
    // 区城管局 supports 1.2 (row 6).
    let city = trip.form("区城管局");
    Filling::open(&city)
        .text("G6", "开展道路扬尘专项整治 12 次")
        .text("L6", "２０２０年６月２０日")
        .save(&city);
    // 区旅游局 leads 4.5 (row 6) and reports it done.
    let tourism = trip.form("区旅游局");
    Filling::open(&tourism)
        .text("G6", "双江古镇创建国家 4A 级景区通过验收")
        .text("J6", "已完成")
        .text("K6", "市文化旅游委 2020 年 6 月 28 日验收通过文件")
        .text("L6", "2020年6月28日")
        .save(&tourism);
    vec![water, city, tourism]
}

#[test]
fn three_forms_filled_in_are_collected_once() {
    let trip = RoundTrip::new();
    let files = fill_three(&trip);
    let paths: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let out = trip.collect(&paths).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("汇总：读取填报表 3 份，新增进展 5 条，拒收 0 行，退回填报表 0 份。"),
        "{stdout}"
    );

    let source = "填报表 2020Q2-区水务局；填报人：李明；联系电话：13800000000";
    assert_eq!(
        trip.progress("2.3"),
        serde_json::json!([{
            "date": "2020-06-15",
            "period": "2020Q2",
            "by": "区水务局",
            "note": "完成涪江航道整治方案编制\n报市交通局审查",
            "status": {"from": "未启动", "to": "推进中"},
            "problems": "航道疏浚资金缺口 1200 万元",
            "next_steps": "7 月底前完成方案审查",
            "source": source,
        }])
    );
    assert_eq!(
        trip.progress("1.1"),
        serde_json::json!([{
            "date": "2020-06-10",
            "period": "2020Q2",
            "by": "区水务局",
            "note": "完成琼江断面水质联合监测",
            "source": "填报表 2020Q2-区水务局",
        }])
    );
    assert_eq!(
        trip.progress("1.2"),
        serde_json::json!([{
            "date": "2020-06-20",
            "period": "2020Q2",
            "by": "区城管局",
            "note": "开展道路扬尘专项整治 12 次",
            "source": "填报表 2020Q2-区城管局",
        }])
    );
    assert_eq!(
        trip.progress("4.5"),
        serde_json::json!([
            {
                "date": "2020-06-28",
                "period": "2020Q2",
                "by": "区旅游局",
                "note": "双江古镇创建国家 4A 级景区通过验收",
                "source": "填报表 2020Q2-区旅游局",
            },
            {
                "date": "2020-06-28",
                "period": "2020Q2",
                "by": "区旅游局",
                "note": "市文化旅游委 2020 年 6 月 28 日验收通过文件",
                "status": {"from": "未启动", "to": "已完成"},
                "source": "填报表 2020Q2-区旅游局",
            }
        ])
    );
    let status = |id: &str| {
        json_of(cooptrack_in(&trip.tasks).args(["show", id, "--format", "json"]))["status"].clone()
    };
    assert_eq!(
        (status("2.3"), status("4.5")),
        ("推进中".into(), "已完成".into())
    );
    // The written files validate.
    cooptrack_in(&trip.tasks).arg("validate").assert().success();

    // The same forms again: nothing changes.
    let before = trip.snapshot();
    let again = stdout_of(&mut trip.collect(&paths));
    assert!(again.contains("  2.3  未变（已收集过）\n"), "{again}");
    assert!(again.contains("新增进展 0 条"), "{again}");
    assert_eq!(trip.snapshot(), before);

    // Every other unit is listed as not reported, with its open tasks.
    assert!(
        again.contains("未报送单位（2020年第二季度，20 个）：\n"),
        "{again}"
    );
    assert!(again.contains("  区交委：2.1、2.2、2.3\n"), "{again}");
    assert!(!again.contains("  区城管局："), "{again}");
    // 区水务局 reported on 2.3 and 1.1, not on 1.4 and 6.3.
    assert!(again.contains("  区水务局：1.4、6.3\n"), "{again}");
}

#[test]
fn a_supporting_unit_cannot_change_a_status_and_its_form_writes_nothing() {
    let trip = RoundTrip::new();
    let city = trip.form("区城管局");
    Filling::open(&city)
        .text("G6", "开展扬尘整治")
        .text("J6", "滞后")
        .text("L6", "2020-06-20")
        .save(&city);
    let stdout = trip.rejected(&[&city], &[]);
    assert!(
        stdout.contains("  1.2  拒收  填报表!J6：配合单位不能更改任务状态（由牵头单位报送）：请把状态改回“未启动”，进展照常填写\n"),
        "{stdout}"
    );
    assert!(stdout.contains("本表未写入任何内容"), "{stdout}");
}

#[test]
fn a_second_form_of_the_same_unit_and_period_needs_replace() {
    let trip = RoundTrip::new();
    let city = trip.form("区城管局");
    let first = trip.forms.join("first.xlsx");
    let second = trip.forms.join("second.xlsx");
    Filling::open(&city)
        .text("G6", "第一稿")
        .text("L6", "2020-06-20")
        .save(&first);
    Filling::open(&city)
        .text("G6", "第二稿")
        .text("L6", "2020-06-25")
        .save(&second);
    trip.collect(&[&first]).assert().success();
    let stdout = trip.rejected(&[&second], &[]);
    assert!(stdout.contains("  1.2  拒收  填报表!G6：本期已从区城管局的另一份填报表收集过该任务的进展（2020-06-20）；要以本表替换，请加 --replace\n"), "{stdout}");
    let replaced = stdout_of(trip.collect(&[&second]).arg("--replace"));
    assert!(
        replaced.contains("  1.2  已替换  进展 2020-06-25 区城管局：第二稿\n"),
        "{replaced}"
    );
    let progress = trip.progress("1.2");
    assert_eq!(progress.as_array().unwrap().len(), 1);
    assert_eq!(progress[0]["note"], "第二稿");
}

#[test]
fn dry_run_shows_the_entries_and_writes_nothing() {
    let trip = RoundTrip::new();
    let files = fill_three(&trip);
    let before = trip.snapshot();
    let out = stdout_of(trip.collect(&[&files[1]]).arg("--dry-run"));
    assert!(
        out.contains("  1.2  将写入  进展 2020-06-20 区城管局：开展道路扬尘专项整治 12 次\n"),
        "{out}"
    );
    assert!(out.ends_with("（试运行：未修改任何文件）\n"), "{out}");
    assert_eq!(trip.snapshot(), before);
}

#[test]
fn row_rules_done_needs_evidence_dates_in_the_period_statuses_known() {
    let trip = RoundTrip::new();
    let tourism = trip.form("区旅游局");
    let cases: [(&[(&str, &str)], &str); 5] = [
        (
            &[("J6", "已完成"), ("L6", "2020-06-28")],
            "填报表!K6：改为“已完成”须填写完成依据（督查室凭依据销号）",
        ),
        (
            &[("G6", "进展"), ("L6", "2020-03-31")],
            "填报表!L6：填报日期 2020-03-31 不在报送期 2020Q2（2020-04-01 至 2020-06-30，可延至 2020-07-15）内",
        ),
        (
            &[("G6", "进展"), ("L6", "2020-07-04")],
            "填报表!L6：填报日期 2020-07-04 晚于今天（2020-07-03）",
        ),
        (
            &[("G6", "进展"), ("J6", "完工")],
            "填报表!J6：“完工”不是状态：请选择 未启动、推进中、已完成、滞后 或 已取消",
        ),
        (&[("G6", "进展")], "填报表!L6：没有填写填报日期"),
    ];
    for (cells, error) in cases {
        let mut filling = Filling::open(&tourism);
        for (reference, text) in cells {
            filling.text(reference, text);
        }
        let path = trip.forms.join("case.xlsx");
        filling.save(&path);
        let stdout = trip.rejected(&[&path], &[]);
        assert!(
            stdout.contains(&format!("  4.5  拒收  {error}\n")),
            "{error}\n{stdout}"
        );
    }
}

/// Collects `path` and expects the form refused with exactly `error`,
/// nothing written.
fn refused(trip: &RoundTrip, path: &Path, error: &str) {
    let stdout = trip.rejected(&[path], &[]);
    let expected = format!(
        "{}：拒收：{error}\n  本表未写入任何内容。\n",
        path.display()
    );
    assert!(
        stdout.starts_with(&expected),
        "expected:\n{expected}got:\n{stdout}"
    );
}

#[test]
fn files_that_are_not_forms_are_refused_by_name() {
    let trip = RoundTrip::new();
    let text = trip.forms.join("notes.xlsx");
    fs::write(&text, "本期进展：完成方案").unwrap();
    refused(&trip, &text, "不是 xlsx 工作簿（无法作为 zip 打开）");

    // A path that is not there is an input error (exit 2): nothing is
    // collected, not even the good form beside it.
    let missing = trip.forms.join("missing.xlsx");
    let good = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/forms/libreoffice/2020Q2-区水务局.xlsx");
    let before = trip.snapshot();
    let out = trip.collect(&[&good, &missing]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        format!(
            "cooptrack: 错误：{}: 文件不存在；未收集任何填报表\n",
            missing.display()
        )
    );
    assert!(out.stdout.is_empty());
    assert_eq!(trip.snapshot(), before);
    let directory = trip.forms.join("folder.xlsx");
    fs::create_dir(&directory).unwrap();
    let out = trip.collect(&[&directory]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("folder.xlsx: 是目录，不是文件；未收集任何填报表"));

    let empty = trip.forms.join("empty.xlsx");
    fs::write(&empty, "").unwrap();
    refused(&trip, &empty, "空文件，不是填报表");

    let big = trip.forms.join("big.xlsx");
    fs::File::create(&big)
        .unwrap()
        .set_len(50 * 1024 * 1024)
        .unwrap();
    refused(&trip, &big, "文件有 50 MB，超过填报表上限 10 MB，未读取");

    let other = trip.forms.join("other.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    book.add_worksheet().write_string(0, 0, "进展").unwrap();
    book.save(&other).unwrap();
    refused(
        &trip,
        &other,
        "不是 cooptrack 填报表：没有标识工作表 _cooptrack（请用 cooptrack forms 生成的表格填报）",
    );
}

#[test]
fn a_form_of_another_plan_is_refused() {
    let trip = RoundTrip::new();
    let dir = tempfile::tempdir().unwrap();
    let tasks = copy_bundled(dir.path());
    let plan = fs::read_to_string(tasks.join("plan.yaml")).unwrap();
    fs::write(
        tasks.join("plan.yaml"),
        plan.replace("date: 2018-08-17", "date: 2018-09-01"),
    )
    .unwrap();
    stdout_of(
        cooptrack_in(&tasks)
            .args(["forms", "--period", "2020Q2", "--dept", "区城管局", "-o"])
            .arg(dir.path()),
    );
    let form = dir.path().join("2020Q2-区城管局.xlsx");
    refused(
        &trip,
        &form,
        "是另一计划的填报表（“重庆市潼南区人民政府关于下达深化川渝合作深入推动长江经济带行动计划(2018-2022年)工作任务的通知”，2018-09-01），不是本计划（“重庆市潼南区人民政府关于下达深化川渝合作深入推动长江经济带行动计划(2018-2022年)工作任务的通知”，2018-08-17）的",
    );
}

#[test]
fn changed_ids_locked_cells_and_added_rows_are_refused() {
    let trip = RoundTrip::new();
    let water = trip.form("区水务局");
    let path = trip.forms.join("edited.xlsx");

    Filling::open(&water).text("A7", "1.5").save(&path);
    let out = trip.rejected(&[&path], &[]);
    assert!(out.contains("  1.4  拒收  填报表!A7：编号应为 1.4，实为“1.5”：编号不能修改，行不能插入、删除或移动\n"), "{out}");

    Filling::open(&water)
        .text("B8", "畅通涪江航道（已调整）")
        .save(&path);
    let out = trip.rejected(&[&path], &[]);
    assert!(out.contains("  2.3  拒收  填报表!B8：锁定单元格（编号、任务、角色、完成时限、当前状态、上次进展）被改动：这些内容由办公室填写，不能修改\n"), "{out}");

    Filling::open(&water)
        .edit_xml(|xml| xml.replace("</sheetData>", r#"<row r="10"><c r="A10" t="inlineStr"><is><t>2.9</t></is></c><c r="G10" t="inlineStr"><is><t>新任务</t></is></c></row></sheetData>"#))
        .save(&path);
    refused(
        &trip,
        &path,
        "填报表!A10 在任务行之后有内容：填报表不能增加行，新任务请另行报送",
    );
}

#[test]
fn merged_and_hidden_rows_are_refused() {
    let trip = RoundTrip::new();
    let water = trip.form("区水务局");
    let path = trip.forms.join("edited.xlsx");
    Filling::open(&water)
        .edit_xml(|xml| {
            xml.replacen(
                "<mergeCell ref=\"A1:P1\"/>",
                "<mergeCell ref=\"A1:P1\"/><mergeCell ref=\"G6:G7\"/>",
                1,
            )
            .replace("mergeCells count=\"4\"", "mergeCells count=\"5\"")
        })
        .save(&path);
    refused(
        &trip,
        &path,
        "填报表!G6:G7 是合并单元格：填报表的表格部分不能合并单元格",
    );

    Filling::open(&water)
        .edit_xml(|xml| xml.replacen("<row r=\"7\"", "<row r=\"7\" hidden=\"1\"", 1))
        .save(&path);
    refused(
        &trip,
        &path,
        "填报表 第 7 行被隐藏：填报表的行不能隐藏，请取消隐藏后再发回",
    );
}

#[test]
fn forms_are_protected_printable_and_carry_their_identity() {
    let trip = RoundTrip::new();
    let bytes = fs::read(trip.form("区水务局")).unwrap();
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut part = |name: &str| {
        let mut text = String::new();
        archive
            .by_name(name)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    };
    let sheet = part("xl/worksheets/sheet1.xml");
    assert!(sheet.contains("<sheetProtection sheet=\"1\""), "protected");
    assert!(
        sheet.contains("<pageSetUpPr fitToPage=\"1\"/>"),
        "one page wide"
    );
    assert!(
        sheet.contains(r#"<pageSetup paperSize="9" fitToHeight="0" orientation="landscape""#),
        "{sheet}"
    );
    assert!(
        sheet.contains("<dataValidation type=\"list\""),
        "status drop-down"
    );
    assert!(
        sheet.contains("<formula1>\"未启动,推进中,已完成,滞后,已取消\"</formula1>"),
        "{sheet}"
    );
    assert!(
        sheet.contains("<dataValidation type=\"date\""),
        "date check"
    );
    assert!(
        sheet.contains("<oddFooter>&amp;C第 &amp;P 页 共 &amp;N 页</oddFooter>"),
        "{sheet}"
    );
    let workbook = part("xl/workbook.xml");
    assert!(
        workbook.contains(r#"<sheet name="_cooptrack" sheetId="2" state="hidden""#),
        "{workbook}"
    );
    assert!(workbook.contains("<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"0\">填报表!$1:$5</definedName>"), "{workbook}");
    // The title and heading rows are fixed in height; a task row is not:
    // its height is estimated from the locked texts (60 pt, room for four
    // lines), and it grows as an answer is typed into it, so a long
    // answer prints whole. Rows may be resized under protection too.
    let rows: Vec<&str> = sheet
        .split("<row ")
        .skip(1)
        .map(|r| r.split('>').next().unwrap())
        .collect();
    assert_eq!(rows.len(), 5 + 4, "{sheet}");
    for row in &rows[..5] {
        assert!(row.ends_with(r#"customHeight="1""#), "{row}");
    }
    for row in &rows[5..] {
        assert!(row.ends_with(r#"ht="60""#), "{row}");
    }
    assert!(sheet.contains(r#"formatRows="0""#), "{sheet}");

    // Only the lead's and supporters' open tasks, one row each.
    let out = stdout_of(
        cooptrack_in(&trip.tasks)
            .args(["forms", "--period", "2020Q2", "--dept", "区水务局", "-o"])
            .arg(&trip.forms),
    );
    assert!(
        out.contains("2020Q2-区水务局.xlsx（牵头 1 项，配合 3 项）"),
        "{out}"
    );
}

#[test]
fn forms_refuse_unknown_departments_and_periods() {
    let trip = RoundTrip::new();
    let out = cooptrack_in(&trip.tasks)
        .args(["forms", "--period", "2020Q5"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("报告期“2020Q5”无效：应为月（2019-03）、季度（2019Q1）、半年（2019H1）、年（2019）、若干年（2018-2022）或整个计划（plan）"),
        "{err}"
    );
}

/// A form filled in and saved by LibreOffice Calc: shared strings, its
/// own styles, dates as serial numbers.
#[test]
fn a_form_saved_by_libreoffice_is_collected() {
    let trip = RoundTrip::new();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/forms/libreoffice/2020Q2-区水务局.xlsx");
    let out = stdout_of(&mut trip.collect(&[&fixture]));
    assert!(out.contains("新增进展 2 条"), "{out}");
    let progress = trip.progress("2.3");
    assert_eq!(progress[0]["date"], "2020-06-15");
    assert_eq!(
        progress[0]["note"],
        "完成涪江航道整治方案编制\n报市交通局审查"
    );
    assert_eq!(progress[0]["problems"], "航道疏浚资金缺口 1200 万元");
    assert_eq!(progress[0]["status"]["to"], "推进中");
    assert_eq!(
        progress[0]["source"],
        "填报表 2020Q2-区水务局；填报人：李明；联系电话：13800000000"
    );
    // The date of 1.1 was typed as text, 2020年6月10日.
    assert_eq!(
        trip.progress("1.1"),
        serde_json::json!([{
            "date": "2020-06-10",
            "period": "2020Q2",
            "by": "区水务局",
            "note": "完成琼江断面水质联合监测",
            "source": "填报表 2020Q2-区水务局",
        }])
    );
}

#[test]
fn commit_makes_one_commit_per_form_naming_the_unit_and_period() {
    let repo = crate::repo::Repo::new();
    let forms = forms_in(&repo);
    let city = forms.join("2020Q2-区城管局.xlsx");
    Filling::open(&city)
        .text("G6", "开展道路扬尘专项整治 12 次")
        .text("L6", "2020-06-20")
        .save(&city);
    let stdout = collect_committing(&repo, &[&city, &libreoffice_form()]);
    assert_eq!(
        repo.subjects()[..2],
        [
            "cooptrack：2020Q2 区水务局填报表（2 条进展）",
            "cooptrack：2020Q2 区城管局填报表（1 条进展）",
        ]
    );
    assert!(
        stdout.contains("已提交：cooptrack：2020Q2 区城管局填报表（1 条进展）\n"),
        "{stdout}"
    );
    // Only the task files: the forms themselves stay untracked.
    assert_eq!(repo.git(&["status", "--porcelain"]), "?? forms/\n");
}

/// Two forms touching 1.1 (区经济信息委's and 区水务局's): each commit
/// holds exactly its own form's entries, and `log 1.1` lists both.
#[test]
fn commits_of_two_forms_on_one_task_each_hold_their_own_entries() {
    let repo = crate::repo::Repo::new();
    let forms = forms_in(&repo);
    let econ = forms.join("2020Q2-区经济信息委.xlsx");
    Filling::open(&econ)
        .text("G6", "完成涉水企业排查")
        .text("L6", "2020-06-12")
        .save(&econ);
    collect_committing(&repo, &[&econ, &libreoffice_form()]);
    assert_eq!(
        repo.subjects()[..2],
        [
            "cooptrack：2020Q2 区水务局填报表（2 条进展）",
            "cooptrack：2020Q2 区经济信息委填报表（1 条进展）",
        ]
    );
    // What each commit added to 1.1: its own form's entry, nothing else.
    let added = |rev: &str| -> Vec<String> {
        repo.git(&["show", "--format=", rev, "--", "tasks/1.1.yaml"])
            .lines()
            .filter(|l| l.starts_with("+    by: "))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(added("HEAD~1"), ["+    by: 区经济信息委"]);
    assert_eq!(added("HEAD"), ["+    by: 区水务局"]);
    assert_eq!(repo.git(&["status", "--porcelain"]), "?? forms/\n");
    // `log 1.1` lists both commits.
    let log = stdout_of(repo.cooptrack().args(["log", "1.1"]));
    for subject in [
        "cooptrack：2020Q2 区经济信息委填报表（1 条进展）",
        "cooptrack：2020Q2 区水务局填报表（2 条进展）",
    ] {
        assert!(log.contains(subject), "{subject} not in {log}");
    }
}

/// The 2020Q2 forms of a repository's tasks, in `forms/`.
pub(crate) fn forms_in(repo: &crate::repo::Repo) -> PathBuf {
    let forms = repo.root.join("forms");
    repo.cooptrack()
        .args(["--as-of", TODAY, "forms", "--period", "2020Q2", "-o"])
        .arg(&forms)
        .assert()
        .success();
    forms
}

/// 区水务局's form as LibreOffice saved it.
pub(crate) fn libreoffice_form() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/forms/libreoffice/2020Q2-区水务局.xlsx")
}

/// `collect --commit` of `files`, expecting success; its output.
fn collect_committing(repo: &crate::repo::Repo, files: &[&Path]) -> String {
    let out = repo
        .cooptrack()
        .args(["--as-of", TODAY, "collect", "--commit"])
        .args(files)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    stdout
}

/// A supporting unit's rows: 状态 locked (grey, "（由牵头单位填报）"), no
/// drop-down, and the instructions say so; only the lead's row has one.
/// Rows may be made taller under protection. Without `--due-by`, the form
/// states the last day `collect` takes a reply.
#[test]
fn a_supporting_units_status_is_locked_and_the_deadline_is_stated() {
    let tmp = tempfile::tempdir().unwrap();
    let tasks = copy_bundled(tmp.path());
    let forms = tmp.path().join("forms");
    cooptrack_in(&tasks)
        .args(["--as-of", "2020-06-30", "forms", "--period", "2020Q2"])
        .args(["--dept", "区水务局", "-o"])
        .arg(&forms)
        .assert()
        .success();
    let bytes = fs::read(forms.join("2020Q2-区水务局.xlsx")).unwrap();
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut part = |name: &str| {
        let mut text = String::new();
        archive
            .by_name(name)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    };
    let sheet = part("xl/worksheets/sheet1.xml");
    let strings = part("xl/sharedStrings.xml");
    assert!(
        sheet.contains(r#"<sheetProtection sheet="1" objects="1" scenarios="1" formatRows="0"/>"#),
        "{sheet}"
    );
    // 区水务局 leads 2.3 (row 8) and supports 1.1, 1.4 and 6.3.
    let lists: Vec<&str> = sheet
        .split(r#"<dataValidation type="list""#)
        .skip(1)
        .map(|v| {
            v.split("sqref=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
        })
        .collect();
    assert_eq!(lists, ["J8"]);
    assert_eq!(
        strings.matches("未启动（由牵头单位填报）").count(),
        1,
        "{strings}"
    );
    assert!(strings.contains("报送截止：2020年7月15日（报送期结束后 15 天内）"));
    assert!(strings.contains("配合任务的状态由牵头单位填报，灰色不可改"));

    // Filled as it is (the locked status untouched), the form is collected.
    let form = forms.join("2020Q2-区水务局.xlsx");
    crate::forms::Filling::open(&form)
        .text("G6", "配合开展联合巡查")
        .text("L6", "2020-06-20")
        .save(&form);
    cooptrack_in(&tasks)
        .args(["--as-of", "2020-07-01", "collect"])
        .arg(&form)
        .assert()
        .success();
}

#[test]
fn collect_says_in_json_what_it_wrote_per_form_and_file() {
    let trip = RoundTrip::new();
    let files = fill_three(&trip);
    // A fourth form with a refused row: 区交委 (2.1, row 6) with a bad status.
    let transport = trip.form("区交委");
    Filling::open(&transport)
        .text("G6", "完成可研")
        .text("J6", "差不多")
        .text("L6", "2020/6/15")
        .save(&transport);
    let mut paths: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    paths.push(&transport);
    let out = trip
        .collect(&paths)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["dry_run"], false);
    assert_eq!(json["entries_added"], 5);
    assert_eq!(json["forms_refused"], 1);
    let forms = json["forms"].as_array().unwrap();
    assert_eq!(forms.len(), 4);
    let water = &forms[0];
    assert_eq!(water["department"], "区水务局");
    assert_eq!(water["period"], "2020Q2");
    assert_eq!(water["refused"], false);
    assert_eq!(water["entries"], 2);
    assert_eq!(water["commit"], serde_json::Value::Null);
    let outcomes: Vec<(&str, &str)> = water["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["id"].as_str().unwrap(), r["outcome"].as_str().unwrap()))
        .collect();
    assert_eq!(
        outcomes,
        [
            ("1.1", "added"),
            ("1.4", "empty"),
            ("2.3", "added"),
            ("6.3", "empty")
        ]
    );
    let written: Vec<&str> = water["written"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["id"].as_str().unwrap())
        .collect();
    assert_eq!(written, ["1.1", "2.3"]);
    // The form's 填报人 and 联系电话 are the unit's new liaison.
    assert_eq!(
        water["contact"],
        serde_json::json!({"department": "区水务局", "from": null, "to": {"name": "李明", "phone": "13800000000"}})
    );
    let entry = &water["written"][1]["entries"][0];
    assert_eq!(entry["by"], "区水务局");
    assert_eq!(entry["date"], "2020-06-15");
    assert_eq!(entry["problems"], "航道疏浚资金缺口 1200 万元");
    assert_eq!(
        entry["status"],
        serde_json::json!({"from": "未启动", "to": "推进中"})
    );
    assert!(water["written"][1]["file"]
        .as_str()
        .unwrap()
        .ends_with("2.3.yaml"));
    // The refused form: its row, cell and reason; nothing written.
    let refused = &forms[3];
    assert_eq!(refused["refused"], true);
    assert_eq!(refused["entries"], 0);
    assert_eq!(refused["written"], serde_json::json!([]));
    let row = &refused["rows"][0];
    assert_eq!(row["outcome"], "refused");
    assert_eq!(row["cell"], "填报表!J6");
    assert!(row["reason"].as_str().unwrap().contains("差不多"), "{row}");
    // Who still owes the period.
    let owed = &json["owed"][0];
    assert_eq!(owed["period"], "2020Q2");
    assert!(owed["unreported"]
        .as_array()
        .unwrap()
        .iter()
        .any(|u| u["department"] == "区交委"));
    // Collected again: unchanged rows, nothing written.
    let again = trip
        .collect(&paths[..3])
        .args(["--format", "json", "--dry-run"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(json["dry_run"], true);
    assert_eq!(json["entries_added"], 0);
    assert_eq!(json["forms"][0]["rows"][0]["outcome"], "unchanged");
    assert_eq!(json["forms"][0]["written"], serde_json::json!([]));
}
