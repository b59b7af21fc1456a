//! `report --format docx`: the 通报 as a Word document in the layout of
//! GB/T 9704-2012, read back from the file's XML.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::common::*;

fn ledger() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/report/ledger")
}

/// The parts of a .docx this module reads.
pub(crate) struct Docx {
    pub(crate) document: String,
    pub(crate) footer1: String,
    pub(crate) footer2: String,
    settings: String,
    fonts: String,
}

fn part(zip: &mut zip::ZipArchive<fs::File>, name: &str) -> String {
    let mut text = String::new();
    zip.by_name(name)
        .unwrap_or_else(|_| panic!("{name} is missing"))
        .read_to_string(&mut text)
        .unwrap();
    text
}

pub(crate) fn read_docx(path: &Path) -> Docx {
    let mut zip = zip::ZipArchive::new(fs::File::open(path).unwrap()).unwrap();
    Docx {
        document: part(&mut zip, "word/document.xml"),
        footer1: part(&mut zip, "word/footer1.xml"),
        footer2: part(&mut zip, "word/footer2.xml"),
        settings: part(&mut zip, "word/settings.xml"),
        fonts: part(&mut zip, "word/fontTable.xml"),
    }
}

/// Writes the 通报 of the fixture ledger as of 2023-01-01 with `extra`
/// arguments, and reads it back.
fn bulletin(dir: &Path, extra: &[&str]) -> Docx {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("通报.docx");
    cooptrack_in(dir)
        .args(["report", "--as-of", "2023-01-01", "--format", "docx", "-o"])
        .arg(&path)
        .args(extra)
        .assert()
        .success()
        .stdout(format!("已写入 {}\n", path.display()));
    read_docx(&path)
}

/// The document's paragraphs outside tables, as (XML, text).
pub(crate) fn paragraphs(xml: &str) -> Vec<(String, String)> {
    let body = xml.split("<w:tbl>").next().unwrap();
    let mut out = Vec::new();
    let mut rest = body;
    while let Some(start) = rest.find("<w:p ").or_else(|| rest.find("<w:p>")) {
        let end = rest[start..].find("</w:p>").unwrap() + start + "</w:p>".len();
        let p = &rest[start..end];
        out.push((p.to_string(), text_of(p)));
        rest = &rest[end..];
    }
    out
}

/// The text of the runs in a piece of XML.
/// A hyphen no line breaks at (`<w:noBreakHyphen />`) reads as "-".
pub(crate) fn text_of(xml: &str) -> String {
    let xml = xml.replace("<w:noBreakHyphen />", "<w:t>-</w:t>");
    let mut text = String::new();
    for piece in xml.split("<w:t").skip(1) {
        if let Some(open) = piece.find('>') {
            if piece.starts_with(' ') || piece.starts_with('>') {
                let inner = &piece[open + 1..];
                text.push_str(&inner[..inner.find("</w:t>").unwrap_or(0)]);
            }
        }
    }
    text
}

fn paragraph<'a>(doc: &'a [(String, String)], text: &str) -> &'a str {
    &doc.iter()
        .find(|(_, t)| t == text)
        .unwrap_or_else(|| panic!("no paragraph {text:?}"))
        .0
}

/// A font on every script of a run, and its size in half-points.
fn font_and_size(font: &str, size: usize) -> [String; 3] {
    [
        format!("w:eastAsia=\"{font}\""),
        format!("<w:sz w:val=\"{size}\" />"),
        format!("<w:szCs w:val=\"{size}\" />"),
    ]
}

fn assert_has(xml: &str, wanted: &[String]) {
    for w in wanted {
        assert!(xml.contains(w.as_str()), "{w} not in {xml}");
    }
}

#[test]
fn the_page_is_a4_with_the_standard_margins_and_a_grid_of_22_lines() {
    let doc = bulletin(&ledger(), &[]);
    // The letter's section: A4 portrait; 37 mm top, 26 mm right, 35 mm
    // bottom, 28 mm left, in twips.
    let portrait = doc
        .document
        .split("<w:sectPr>")
        .nth(1)
        .expect("the letter's own section");
    assert!(
        portrait.starts_with(
            r#"<w:pgSz w:w="11906" w:h="16838" /><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587""#
        ),
        "{portrait}"
    );
    // 22 lines: a line every 579 twips (28 characters a line: see the
    // body's run spacing below).
    assert!(
        portrait.contains(r#"<w:docGrid w:type="lines" w:linePitch="579" />"#),
        "{portrait}"
    );
    // The attachment's section, the document's last: A4 turned.
    let last = doc.document.rsplit("<w:sectPr>").next().unwrap();
    assert!(
        last.starts_with(r#"<w:pgSz w:w="16838" w:h="11906" w:orient="landscape" />"#),
        "{last}"
    );
    assert_eq!(doc.document.matches("<w:sectPr>").count(), 2);
}

#[test]
fn title_body_and_headings_have_their_fonts_and_sizes() {
    let doc = bulletin(&ledger(), &[]);
    let paras = paragraphs(&doc.document);
    let title = paragraph(&paras, "关于2023年第一季度任务推进情况的通报");
    assert_has(title, &font_and_size("方正小标宋简体", 44));
    assert!(title.contains(r#"<w:jc w:val="center" />"#));

    // Where 方正小标宋简体 is missing, 宋体 stands in (and 仿宋, 楷体 for
    // the GB2312 fonts).
    for (font, alt) in [
        ("方正小标宋简体", "宋体"),
        ("仿宋_GB2312", "仿宋"),
        ("楷体_GB2312", "楷体"),
    ] {
        let entry = format!(r#"<w:font w:name="{font}"><w:altName w:val="{alt}" />"#);
        assert!(doc.fonts.contains(&entry), "{}", doc.fonts);
    }

    let heading1 = paragraph(&paras, "一、总体情况");
    assert_has(heading1, &font_and_size("黑体", 32));
    let heading2 = paragraph(&paras, "（二）进展滞后（1 项）");
    assert_has(heading2, &font_and_size("楷体_GB2312", 32));

    let body = paras
        .iter()
        .find(|(_, t)| t.starts_with("截至2023年1月1日，共有任务 10 项。"))
        .unwrap();
    assert_has(&body.0, &font_and_size("仿宋_GB2312", 32));
    // First line indented two characters of 16 pt; exact 579-twip lines;
    // characters 0.25 pt closer, 28 a line.
    assert!(body.0.contains(r#"w:firstLine="640""#), "{}", body.0);
    assert!(body.0.contains(r#"<w:spacing w:val="-5" />"#), "{}", body.0);
    assert!(body
        .0
        .contains(r#"<w:spacing w:line="579" w:lineRule="exact" />"#));

    // 主送机关 flush left with a full-width colon; 落款 and date on the right.
    let addressee = paragraph(&paras, "区级有关部门：");
    assert!(addressee.contains(r#"<w:jc w:val="left" />"#));
    let date = paragraph(&paras, "2023年1月1日");
    assert!(date.contains(r#"<w:jc w:val="right" />"#));
    let texts: Vec<&str> = paras.iter().map(|(_, t)| t.as_str()).collect();
    let at = texts.iter().position(|t| *t == "2023年1月1日").unwrap();
    assert_eq!(texts[at - 1], "区政府督查室");
    assert_eq!(
        texts[0], "区政府督查室",
        "the issuing office heads the page"
    );
}

#[test]
fn the_footer_has_the_page_field_odd_right_even_left() {
    let doc = bulletin(&ledger(), &[]);
    for footer in [&doc.footer1, &doc.footer2] {
        assert_eq!(text_of(footer), "— 1 —", "{footer}");
        assert!(
            footer.contains("<w:instrText>PAGE</w:instrText>"),
            "{footer}"
        );
        assert!(footer.contains(r#"w:fldCharType="begin""#));
        assert_has(footer, &font_and_size("宋体", 28));
    }
    assert!(doc.footer1.contains(r#"<w:jc w:val="right" />"#));
    assert!(doc.footer1.contains(r#"w:right="280""#), "one character in");
    assert!(doc.footer2.contains(r#"<w:jc w:val="left" />"#));
    assert!(doc.footer2.contains(r#"w:left="280""#));
    assert!(doc.settings.contains("<w:evenAndOddHeaders />"));
    // Both sections use both footers.
    for kind in ["default", "even"] {
        let r = format!("<w:footerReference w:type=\"{kind}\"");
        assert_eq!(doc.document.matches(&r).count(), 2, "{kind}");
    }
}

/// 三 names every unit with its task ids and days, a paragraph per unit
/// under a 楷体 heading per kind of problem.
#[test]
fn section_three_names_the_units_and_their_tasks() {
    let doc = bulletin(&ledger(), &[]);
    let texts: Vec<String> = paragraphs(&doc.document)
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    let start = texts
        .iter()
        .position(|t| t == "三、存在的主要问题")
        .unwrap();
    let end = texts.iter().position(|t| t == "四、下步工作要求").unwrap();
    assert_eq!(
        texts[start + 1..end],
        [
            "（一）逾期未完成（6 项）",
            "区生态环境局：1.2 加强大气污染联防联控联治（逾期 1 天）。",
            "区林业局：1.3 加强生态建设合作（逾期 1 天）。",
            "区交委：2.1 加快重大铁路项目建设（逾期 1 天）。",
            "区经济信息委：4.1 打造高端装备制造业集群（逾期 1261 天）。",
            "区发展改革委：5.1 推进就业市场一体化（逾期 1 天）。",
            "区教委：6.1 推动教育卫生服务共享（逾期 1 天）。",
            "区卫生健康委：6.1 推动教育卫生服务共享（逾期 1 天）。",
            "（二）进展滞后（1 项）",
            "区生态环境局：1.4 加强区域环境风险防范（滞后）。",
            "（三）未按时报送进展",
            "本期（2023年第一季度）未报送进展的单位 12 个：区生态环境局（1.1、1.2、1.3、1.4），区农业农村委（1.1、1.2），区水务局（1.1、1.4），区经济信息委（1.1、1.2、4.1），区高新区管委会（1.1、4.1），区城管局（1.2），潼南气象局（1.2），区林业局（1.3），区交委（2.1），区发展改革委（5.1），区卫生健康委（6.1），区教委（6.1）。",
            "超过 90 天未报送进展的任务 6 项：",
            "区生态环境局：1.1 加强跨界河流联防联控联治（1296 天未报送进展），1.2 加强大气污染联防联控联治（823 天未报送进展）。",
            "区林业局：1.3 加强生态建设合作（1442 天未报送进展）。",
            "区交委：2.1 加快重大铁路项目建设（1398 天未报送进展）。",
            "区经济信息委：4.1 打造高端装备制造业集群（1310 天未报送进展）。",
            "区发展改革委：5.1 推进就业市场一体化（1598 天未报送进展）。",
            "列入通报的是预警为红或黄的全部任务：逾期、滞后（红），30 天内到期、超过 90 天未报送进展（黄）。已完成、已取消、已结转的任务不列入。",
        ]
    );
    // 二 names the unit whose tasks have no light.
    let good = texts
        .iter()
        .position(|t| t == "二、进展较好的单位")
        .unwrap();
    assert_eq!(
        texts[good + 1],
        "区水务局（牵头 1 项，已完成 1 项，完成率 100.0%）所牵头任务均无预警，已完成任务，推进有序，予以肯定。"
    );
}

#[test]
fn number_issuer_date_and_requirements_are_the_offices_to_set() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = copy_ledger(tmp.path());
    let plan = fs::read_to_string(dir.join("plan.yaml")).unwrap();
    fs::write(
        dir.join("plan.yaml"),
        plan.replace(
            "headings:",
            "bulletin:\n  requirements: |\n    一要压实责任。\n\n    二要按时报送。\nheadings:",
        ),
    )
    .unwrap();
    cooptrack_in(&dir).arg("validate").assert().success();

    let doc = bulletin(
        &dir,
        &[
            "--number",
            "潼督〔2023〕1号",
            "--issuer",
            "区政府办公室",
            "--date",
            "2023-01-05",
        ],
    );
    let paras = paragraphs(&doc.document);
    // The text, blank lines left out.
    let texts: Vec<&str> = paras
        .iter()
        .map(|(_, t)| t.as_str())
        .filter(|t| !t.is_empty())
        .collect();
    assert_eq!(texts[..2], ["区政府办公室", "潼督〔2023〕1号"]);
    let number = paragraph(&paras, "潼督〔2023〕1号");
    // The red line under the 发文字号.
    assert!(number.contains(r#"<w:bottom w:val="single""#) && number.contains("FF0000"));
    let four = texts.iter().position(|t| *t == "四、下步工作要求").unwrap();
    assert_eq!(
        texts[four + 1..four + 4],
        [
            "一要压实责任。",
            "二要按时报送。",
            "附件：2023年第一季度任务台账"
        ]
    );
    // The 落款, then the 版记's last line (no 抄送 given: no 抄送 line).
    let end = &texts[texts.len() - 6..];
    assert_eq!(
        end,
        [
            "区政府办公室",
            "2023年1月5日",
            "区政府办公室2023年1月5日印发",
            "附件",
            "2023年第一季度任务台账",
            "（截至2023年1月1日）"
        ]
    );

    // An unknown key under bulletin: is an error naming the file.
    fs::write(
        dir.join("plan.yaml"),
        plan.replace("headings:", "bulletin:\n  requirement: 错字\nheadings:"),
    )
    .unwrap();
    let out = cooptrack_in(&dir)
        .args(["report", "--as-of", "2023-01-01", "--format", "docx", "-o"])
        .arg(tmp.path().join("x.docx"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("plan.yaml") && err.contains("requirement"),
        "{err}"
    );
    assert!(!tmp.path().join("x.docx").exists());
}

/// The attachment: the 台账 as a table, its header in 黑体, a row per task.
#[test]
fn the_attachment_is_the_ledger_table() {
    let doc = bulletin(&ledger(), &[]);
    let table = doc.document.split("<w:tbl>").nth(1).unwrap();
    let rows: Vec<String> = table
        .split("<w:tr>")
        .skip(1)
        .map(|r| {
            r.split("<w:tc>")
                .skip(1)
                .map(text_of)
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect();
    assert_eq!(rows.len(), 11, "the header and ten tasks");
    assert_eq!(
        rows[0],
        "序号|任务编号|任务内容|牵头单位|责任单位|完成时限|进展情况|存在问题|下步打算|配合单位进展|状态|预警"
    );
    assert_eq!(
        rows[4],
        "4|1.4|加强区域环境风险防范|区生态环境局|区水务局|2023-12-31（原定 2022-12-31）|建立流域突发环境事件应急联动机制（区生态环境局，2019-05-20）|||区水务局：危险废物跨区域转移协调机制仍未建立（2022-10-10）|滞后|红（滞后）"
    );
    assert!(table.contains(r#"<w:tblLayout w:type="fixed" />"#));
    // The header row repeats on every page; no other row does.
    let header = table.split("<w:tr>").nth(1).unwrap();
    assert!(header.contains("<w:tblHeader />"), "{header}");
    assert_eq!(table.matches("<w:tblHeader />").count(), 1);
}

/// After `close-plan` (the plan ended 2022-12-31) with 1.1 carried over:
/// the overview says both, 1.1 is 已结转 in the attachment and named
/// nowhere in 三.
#[test]
fn an_ended_plan_and_a_carried_over_task() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = crate::common::ended_ledger(tmp.path());
    let tmp_out = tempfile::tempdir().unwrap();
    let path = tmp_out.path().join("通报.docx");
    // The period after the end (the default is the plan's last period,
    // 2022Q4, when 1.1 was still this plan's): nobody owes it.
    cooptrack_in(&dir)
        .args(["report", "--as-of", "2023-01-15", "--period", "2023Q1"])
        .args(["--format", "docx", "-o"])
        .arg(&path)
        .assert()
        .success();
    let doc = read_docx(&path);
    let texts: Vec<String> = paragraphs(&doc.document)
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    let overview = texts
        .iter()
        .find(|t| t.starts_with("截至2023年1月15日，共有任务 10 项。"))
        .unwrap();
    assert_eq!(
        overview,
        "截至2023年1月15日，共有任务 10 项。其中已完成 1 项，推进中 3 项，未启动 3 项，滞后 1 项，已取消 1 项，已结转 1 项，完成率 12.5%（已结转 1 项不计入）。逾期未完成 6 项（按原定时限计 7 项），30 天内到期 0 项，超过 90 天未报送进展 6 项；红色预警 7 项，黄色预警 0 项。已结转的任务不计为逾期。本计划已于2022年12月31日结束。"
    );
    let start = texts
        .iter()
        .position(|t| t == "三、存在的主要问题")
        .unwrap();
    let end = texts.iter().position(|t| t == "四、下步工作要求").unwrap();
    for t in &texts[start..end] {
        assert!(!t.contains("1.1（") && !t.contains("（1.1"), "{t}");
    }
    let table = doc.document.split("<w:tbl>").nth(1).unwrap();
    let row: Vec<String> = table
        .split("<w:tr>")
        .nth(2)
        .unwrap()
        .split("<w:tc>")
        .skip(1)
        .map(text_of)
        .collect();
    assert_eq!(row[1], "1.1");
    assert_eq!(row[10..], ["已结转至后续计划第 1.1 项", "已结转"]);
}

/// Control characters cannot be in XML: a title with them still gives a
/// document that opens, the characters shown escaped as in every format;
/// markup in a title is text.
#[test]
fn a_title_with_control_characters_and_markup_is_text() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = copy_ledger(tmp.path());
    let path = dir.join("2.1.yaml");
    let task: String = fs::read_to_string(&path)
        .unwrap()
        .lines()
        .map(|l| {
            if l.starts_with("title:") {
                r#"title: "甲\a乙\u001b[2J丙\u202e丁<w:p>&amp;\u0000戊""#.to_string()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    fs::write(&path, task + "\n").unwrap();
    let doc = bulletin(&dir, &[]);
    let bad: Vec<char> = doc
        .document
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    assert_eq!(bad, []);
    assert!(
        doc.document
            .contains(r"甲\u{7}乙\u{1b}[2J丙\u{202e}丁&lt;w:p&gt;&amp;amp;\u{0}戊"),
        "the title, escaped, in the attachment"
    );
}

/// `--dept`: the department's own 通报, its name in the title, its tasks
/// alone in the attachment.
#[test]
fn a_departments_bulletin() {
    let doc = bulletin(&ledger(), &["--dept", "区水务局"]);
    let paras = paragraphs(&doc.document);
    paragraph(&paras, "关于区水务局2023年第一季度任务推进情况的通报");
    let table = doc.document.split("<w:tbl>").nth(1).unwrap();
    let ids: Vec<String> = table
        .split("<w:tr>")
        .skip(2)
        .map(|r| text_of(r.split("<w:tc>").nth(2).unwrap()))
        .collect();
    // It leads 2.3 and supports 1.1 and 1.4.
    assert_eq!(ids, ["1.1", "1.4", "2.3"]);
}

/// The 通报 is Chinese whatever the language; the command's own message
/// follows `--lang`.
#[test]
fn the_document_is_chinese_in_english_too() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("notice.docx");
    cooptrack_in(&ledger())
        .args(["--lang", "en", "report", "--as-of", "2023-01-01"])
        .args(["--format", "docx", "-o"])
        .arg(&path)
        .assert()
        .success()
        .stdout(format!("wrote {}\n", path.display()));
    let texts: Vec<String> = paragraphs(&read_docx(&path).document)
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    assert!(texts.contains(&"（二）进展滞后（1 项）".to_string()));
    assert!(texts.contains(&"区生态环境局：1.4 加强区域环境风险防范（滞后）。".to_string()));
}

#[test]
fn docx_without_an_output_file_is_refused() {
    cooptrack_in(&ledger())
        .args(["report", "--as-of", "2023-01-01", "--format", "docx"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicates::str::contains("-o 通报.docx"));
}

/// The replayed year (`report_year.rs`): as of 2020-06-30, 三 names
/// 区水务局 for 2.3 (滞后) and every unit of the 通报 with its tasks; as of
/// 2023-01-15, after the carry-over and `close-plan`, 2.2, 4.4 and 7.1 are
/// 已结转 in the attachment and named nowhere in 三.
#[test]
fn the_replayed_year_in_the_bulletin() {
    let tmp = tempfile::tempdir().unwrap();
    let tasks = crate::report_year::replayed(tmp.path());
    let section_three = |doc: &Docx| -> Vec<String> {
        let texts: Vec<String> = paragraphs(&doc.document)
            .into_iter()
            .map(|(_, t)| t)
            .collect();
        let start = texts
            .iter()
            .position(|t| t == "三、存在的主要问题")
            .unwrap();
        let end = texts.iter().position(|t| t == "四、下步工作要求").unwrap();
        texts[start + 1..end].to_vec()
    };

    let three = section_three(&bulletin_of(&tasks, "2020-06-30"));
    assert_eq!(
        three[..2],
        [
            "（一）进展滞后（1 项）",
            "区水务局：2.3 畅通涪江航道（滞后）。"
        ]
    );
    assert_eq!(three[2], "（二）未按时报送进展");
    // Every unit of the 通报, with its tasks, is named in 三.
    for (unit, ids) in [
        (
            "区生态环境局",
            "1.1 加强跨界河流联防联控联治（112 天未报送进展），1.2 加强大气污染联防联控联治（167 天未报送进展）",
        ),
        ("区林业局", "1.3 加强生态建设合作（294 天未报送进展）"),
        ("区交委", "2.2 完善城际快速公路网（203 天未报送进展）"),
        (
            "区经济信息委",
            "2.4 深化能源领域合作（683 天未报送进展），4.2 打造电子信息产业集群（683 天未报送进展），4.3 打造大健康产业集群（683 天未报送进展）",
        ),
        (
            "区农业农村委",
            "3.3 开展农业科技合作（259 天未报送进展），4.4 打造特优农林产业集群（131 天未报送进展）",
        ),
        ("区科技局", "3.4 深化标准化和知识产权改革创新（683 天未报送进展）"),
        ("区旅游局", "4.5 打造生态文化旅游目的地（683 天未报送进展）"),
        (
            "区发展改革委",
            "5.1 推进就业市场一体化（683 天未报送进展），5.2 共构市场秩序和信用体系（683 天未报送进展），7.1 加快川渝合作示范区建设（193 天未报送进展）",
        ),
        ("区人力社保局", "6.2 推动社会保障一体化（683 天未报送进展）"),
        ("区政府应急办", "6.3 强化公共事务协同治理（683 天未报送进展）"),
        ("区高新区管委会", "7.2 共建产业合作园区（683 天未报送进展）"),
        ("区农业园区管委会", "7.2 共建产业合作园区（683 天未报送进展）"),
    ] {
        let line = format!("{unit}：{ids}。");
        assert!(three.contains(&line), "{line} not in {three:#?}");
    }
    assert!(three[3].starts_with(
        "本期（2020年第二季度）未报送进展的单位 17 个：区农业农村委（1.1、1.2、3.2、3.3、4.4），"
    ));
    // The units that replied, each with the tasks it left without progress.
    assert_eq!(
        three[4],
        "本期（2020年第二季度）部分任务未报送进展的单位 6 个：区生态环境局（1.1、1.2、1.3、3.2），区水务局（1.1、1.4、6.3），区经济信息委（1.1、1.2、2.4、3.2、4.2、4.3），区交委（2.2、2.3），区科技局（3.4、4.3），区卫生健康委（4.3、6.3）。"
    );
    assert_eq!(three[5], "超过 90 天未报送进展的任务 17 项：");

    let doc = bulletin_of(&tasks, "2023-01-15");
    let three = section_three(&doc);
    assert_eq!(three[0], "（一）逾期未完成（12 项）");
    for t in &three {
        for id in ["2.2", "4.4", "7.1"] {
            assert!(!t.contains(&format!("{id}（")), "{id} in {t}");
            assert!(!t.contains(&format!("、{id}")), "{id} in {t}");
        }
    }
    let table = doc.document.split("<w:tbl>").nth(1).unwrap();
    for id in ["2.2", "4.4", "7.1"] {
        let row: Vec<String> = table
            .split("<w:tr>")
            .map(|r| r.split("<w:tc>").skip(1).map(text_of).collect::<Vec<_>>())
            .find(|r| r.get(1).is_some_and(|c| c == id))
            .unwrap();
        assert_eq!(
            row[10],
            format!("已结转至《{PLAN_2023}》第 {id} 项"),
            "{row:?}"
        );
        assert_eq!(row[11], "已结转");
    }
    assert!(doc.document.contains("本计划已于2022年12月31日结束。"));
}

/// The paragraphs of the letter (before the attachment), blank ones
/// left out, as (XML, text).
fn letter_of(doc: &Docx) -> Vec<(String, String)> {
    let paras = paragraphs(&doc.document);
    let end = paras.iter().position(|(_, t)| t == "附件").unwrap();
    paras[..end]
        .iter()
        .filter(|(_, t)| !t.is_empty())
        .cloned()
        .collect()
}

/// The ledger with `bulletin:` in its plan.yaml set to `yaml` (indented
/// under it) and a 四 of `requirements` paragraphs.
fn ledger_with_bulletin(root: &Path, yaml: &str, requirements: usize) -> PathBuf {
    let dir = copy_ledger(root);
    let plan = fs::read_to_string(dir.join("plan.yaml")).unwrap();
    let paragraphs: String = (1..=requirements)
        .map(|i| {
            format!(
                "    第{i}条：各单位要按时报送任务进展情况，如实填报进展、存在问题和下步打算。\n"
            )
        })
        .collect();
    fs::write(
        dir.join("plan.yaml"),
        plan.replace(
            "headings:",
            &format!("bulletin:\n{yaml}  requirements: |\n{paragraphs}headings:"),
        ),
    )
    .unwrap();
    cooptrack_in(&dir).arg("validate").assert().success();
    dir
}

/// The 落款 is never alone on a page: from the last body paragraph to the
/// issuer every paragraph is kept with the next and kept whole, so the
/// body's last lines move with the issuer and the date; the 附件 line sits
/// between them. Checked at three lengths of 四 (1, 6 and 12 paragraphs:
/// with the bundled fixture, 6 puts the 落款 at a page break in
/// LibreOffice, and the last paragraph moves with it).
///
/// At each length the letter also ends with the 版记 (抄送, then the
/// 印发机关 and 印发日期), and no paragraph of it but the 发文字号 has a
/// `/` or an ASCII letter.
#[test]
fn the_signature_is_kept_with_the_last_body_paragraph() {
    for length in [1, 6, 12] {
        let tmp = tempfile::tempdir().unwrap();
        let dir = ledger_with_bulletin(tmp.path(), "", length);
        let number = "潼督发〔2023〕1号";
        let doc = bulletin(&dir, &["--number", number, "--cc", "区委办公室"]);
        let letter = letter_of(&doc);
        let texts: Vec<&str> = letter.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(
            texts[texts.len() - 2..],
            ["抄送：区委办公室。", "区政府督查室2023年1月1日印发"],
            "{length}"
        );
        for text in texts.iter().filter(|t| **t != number) {
            assert!(
                !text.contains('/') && !text.chars().any(|c| c.is_ascii_alphabetic()),
                "{length}: {text}"
            );
        }
        let all = paragraphs(&doc.document);
        let last_body = format!(
            "第{length}条：各单位要按时报送任务进展情况，如实填报进展、存在问题和下步打算。"
        );
        let from = all.iter().position(|(_, t)| *t == last_body).unwrap();
        let date = all.iter().position(|(_, t)| t == "2023年1月1日").unwrap();
        let texts: Vec<&str> = all[from..=date]
            .iter()
            .map(|(_, t)| t.as_str())
            .filter(|t| !t.is_empty())
            .collect();
        assert_eq!(
            texts,
            [
                last_body.as_str(),
                "附件：2023年第一季度任务台账",
                "区政府督查室",
                "2023年1月1日"
            ]
        );
        for (xml, text) in &all[from..date] {
            assert!(
                xml.contains("<w:keepNext />") && xml.contains("<w:keepLines />"),
                "{length}: {text:?} is not kept with the next: {xml}"
            );
        }
        // The paragraph before the last one is not chained: only the end
        // moves (with one paragraph, the one before is 四's heading, kept
        // with its body as every heading is).
        if length > 1 {
            assert!(!all[from - 1].0.contains("<w:keepNext />"));
        }
    }
}

/// Whether a program runs here (asked its version with `flag`).
fn installed(program: &str, flag: &str) -> bool {
    std::process::Command::new(program)
        .arg(flag)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The text of each page of a PDF (pdftotext), white space left out.
fn pdf_pages(pdf: &Path) -> Vec<String> {
    let out = std::process::Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .split('\u{c}')
        .map(|page| page.split_whitespace().collect())
        .collect()
}

/// The 通报 as LibreOffice prints it: the last body paragraph, the 附件
/// line, the issuer and the date on one page, at three lengths of 四. At
/// 6 paragraphs the 落款 falls at a page break: without the keep flags
/// the 附件 line, the issuer and the date would stand alone at the top of
/// page 4 (looked at when this was written); with them the last
/// paragraph moves to page 4 and the one before it stays on page 3.
/// Skipped, with a notice, where LibreOffice or pdftotext is missing (CI
/// machines may not have them).
#[test]
fn libreoffice_prints_the_signature_on_the_page_of_the_last_body_line() {
    if !installed("soffice", "--version") || !installed("pdftotext", "-v") {
        eprintln!("skipped: LibreOffice (soffice) or pdftotext is not installed");
        return;
    }
    for length in [1, 6, 12] {
        let tmp = tempfile::tempdir().unwrap();
        let dir = ledger_with_bulletin(tmp.path(), "", length);
        let docx = tmp.path().join("通报.docx");
        cooptrack_in(&dir)
            .args(["report", "--as-of", "2023-01-01", "--format", "docx", "-o"])
            .arg(&docx)
            .assert()
            .success();
        // A profile of its own: LibreOffice runs once per profile.
        let profile = format!("-env:UserInstallation=file://{}/lo", tmp.path().display());
        let status = std::process::Command::new("soffice")
            .args(["--headless", &profile, "--convert-to", "pdf", "--outdir"])
            .arg(tmp.path())
            .arg(&docx)
            .output()
            .unwrap();
        assert!(status.status.success(), "{status:?}");
        let pages = pdf_pages(&tmp.path().join("通报.pdf"));
        let page_of = |text: &str| {
            let found: Vec<usize> = (0..pages.len())
                .filter(|&i| pages[i].contains(text))
                .collect();
            assert_eq!(found.len(), 1, "{length}: {text:?} on pages {found:?}");
            found[0] + 1
        };
        let paragraph = |i: usize| {
            format!("第{i}条：各单位要按时报送任务进展情况，如实填报进展、存在问题和下步打算。")
        };
        let last = page_of(&paragraph(length));
        // The 附件 line, then the issuer over the date.
        let signature = page_of("附件：2023年第一季度任务台账区政府督查室2023年1月1日");
        assert_eq!(last, signature, "{length}: {pages:?}");
        if length == 6 {
            assert_eq!((page_of(&paragraph(5)), last), (3, 4), "{pages:?}");
        }
    }
}

/// The 版记: a rule, "抄送：…。" from `bulletin.cc` (or `--cc`), then the
/// 印发机关 and the 印发日期; the title from `--title`; the full name of
/// the issuing office from `bulletin.issuer` in the masthead, the 落款 and
/// the 版记, the short one in the body.
#[test]
fn the_imprint_title_and_the_issuers_full_name() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = ledger_with_bulletin(
        tmp.path(),
        "  issuer: 重庆市潼南区人民政府督查室\n  cc:\n    - 区委办公室\n    - 区人大常委会办公室\n",
        1,
    );
    let doc = bulletin(&dir, &["--title", "关于2022年第四季度任务推进情况的通报"]);
    let letter = letter_of(&doc);
    let texts: Vec<&str> = letter.iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(
        texts[..2],
        [
            "重庆市潼南区人民政府督查室",
            "关于2022年第四季度任务推进情况的通报"
        ]
    );
    assert!(
        texts[3].contains("，区政府督查室对截至2023年1月1日"),
        "{}",
        texts[3]
    );
    assert_eq!(
        texts[texts.len() - 4..],
        [
            "重庆市潼南区人民政府督查室",
            "2023年1月1日",
            "抄送：区委办公室，区人大常委会办公室。",
            "重庆市潼南区人民政府督查室2023年1月1日印发"
        ]
    );
    let (cc, printed) = (&letter[letter.len() - 2].0, &letter[letter.len() - 1].0);
    // A thick rule above the 抄送, a thick one under the last line, in 4号.
    assert!(
        cc.contains(r#"<w:top w:val="single" w:space="1" w:sz="8""#),
        "{cc}"
    );
    assert!(
        printed.contains(r#"<w:bottom w:val="single" w:space="1" w:sz="8""#),
        "{printed}"
    );
    assert!(printed.contains(r#"<w:tab w:val="right""#), "{printed}");
    assert_has(printed, &font_and_size("仿宋_GB2312", 28));

    // `--cc` replaces the plan's list; a blank `--title` is refused.
    let doc = bulletin(&dir, &["--cc", "区纪委监委，区委督查室、 "]);
    let texts: Vec<String> = letter_of(&doc).into_iter().map(|(_, t)| t).collect();
    assert_eq!(texts[texts.len() - 2], "抄送：区纪委监委，区委督查室。");
    cooptrack_in(&dir)
        .args(["report", "--format", "docx", "-o"])
        .arg(tmp.path().join("x.docx"))
        .args(["--title", " "])
        .assert()
        .code(2)
        .stderr("cooptrack: 错误：--title 不能为空\n");
    assert!(!tmp.path().join("x.docx").exists());
}

/// No file path, command name or English word in the letter: a
/// carried-over task is named by its plan, an ended plan without the
/// command that ended it; lists of units are flush left, not justified.
#[test]
fn the_letter_has_no_paths_commands_or_latin_letters() {
    let tmp = tempfile::tempdir().unwrap();
    let tasks = crate::report_year::replayed(tmp.path());
    for as_of in ["2020-06-30", "2023-01-15"] {
        let doc = bulletin_of(&tasks, as_of);
        for (xml, text) in letter_of(&doc) {
            assert!(
                !text.contains('/') && !text.chars().any(|c| c.is_ascii_alphabetic()),
                "{as_of}: {text}"
            );
            if text.contains("未报送进展的单位") || text.contains("天未报送进展）") {
                assert!(xml.contains(r#"<w:jc w:val="left""#), "{text}: {xml}");
            }
        }
    }
}

/// Deadlines in the 台账 never break: their hyphens are Word's no-break
/// hyphens, the deadline in force and the original one under it; the
/// column is as wide as "2022-12-31）" (checked through LibreOffice).
#[test]
fn deadlines_in_the_table_do_not_break() {
    let doc = bulletin(&ledger(), &[]);
    let table = doc.document.split("<w:tbl>").nth(1).unwrap();
    let rows: Vec<&str> = table.split("<w:tr>").skip(2).collect();
    let due = |row: &str| row.split("<w:tc>").nth(6).unwrap().to_string();
    let extended = due(rows[0]);
    assert_eq!(text_of(&extended), "2023-06-30（原定 2022-12-31）");
    assert_eq!(extended.matches("<w:noBreakHyphen />").count(), 4);
    for row in rows {
        let cell = due(row);
        assert!(!text_of(&cell).is_empty());
        assert!(!cell.contains("-"), "{cell}");
    }
}

/// The successor plan's title in the replayed year.
const PLAN_2023: &str =
    "重庆市潼南区人民政府关于下达深化川渝合作深入推动长江经济带行动计划(2023-2027年)工作任务的通知";

fn bulletin_of(tasks: &Path, as_of: &str) -> Docx {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("通报.docx");
    // After the plan ended (2023-01-15), the period after its end: the
    // default, its last period, still asks for the carried-over tasks.
    let period: &[&str] = if as_of > "2022-12-31" {
        &["--period", "2023Q1"]
    } else {
        &[]
    };
    cooptrack_in(tasks)
        .args(["report", "--as-of", as_of])
        .args(period)
        .args(["--format", "docx", "-o"])
        .arg(&path)
        .assert()
        .success();
    read_docx(&path)
}
