//! The 通报 as a Word document, in the layout of GB/T 9704-2012
//! (党政机关公文格式), for a supervision office to sign and send as it is.
//!
//! - A4, margins 37 mm top, 35 mm bottom, 28 mm left, 26 mm right: a text
//!   block of 156 × 225 mm, on a grid of 22 lines of 28 characters.
//! - Title in 2号 (22 pt) 方正小标宋简体; body in 3号 (16 pt) 仿宋_GB2312,
//!   first lines indented two characters; 一、 headings in 黑体, （一）
//!   headings in 楷体_GB2312.
//! - Page numbers "— 1 —" in 4号 (14 pt) 宋体, odd pages on the right, even
//!   pages on the left, one character in from the edge.
//! - The 台账 as an attachment (附件), on landscape pages.
//!
//! `letter_text` says what the letter says, as paragraphs of a kind, from
//! the report's figures; `document` lays them out.

use std::io::{Cursor, Read as _, Write as _};

use anyhow::{Context as _, Result};
use chrono::{Datelike, NaiveDate};
use docx_rs::{
    AlignmentType, BorderType, BreakType, DocGrid, DocGridType, Docx, FieldCharType, Footer,
    InstrPAGE, InstrText, LineSpacing, LineSpacingType, PageMargin, PageOrientationType, PageSize,
    Paragraph, ParagraphBorder, ParagraphBorderPosition, ParagraphBorders, Run, RunFonts,
    SectionProperty, Shading, SpecialIndentType, Tab, TabValueType, Table, TableCell,
    TableLayoutType, TableRow, WidthType,
};

use super::report::{
    notice_rule, persisting_heading, persisting_item, persisting_rule, rate_text,
    rate_with_carried, reason_text,
};
use crate::i18n::Lang;
use crate::report::{Light, ProblemKind, Report};

/// Millimetres in twips (1/20 pt), rounded to the nearest.
fn mm(v: i32) -> i32 {
    (v * 14400 + 127) / 254
}

/// A4 in twips.
const A4_WIDTH: u32 = 11906;
const A4_HEIGHT: u32 = 16838;
/// 22 lines in the 225 mm text block: 12 756 twips / 22, rounded down.
pub const LINE_PITCH: i32 = 579;
/// 28 characters in the 156 mm text block (442.2 pt): 3号 characters
/// drawn 0.25 pt closer (15.75 pt each, 441 pt a line). This is run
/// spacing, not a character grid: LibreOffice misreads a grid's negative
/// `w:charSpace` and spreads the characters out (18 a line).
const BODY_SPACING: i32 = -5;

/// Font sizes in half-points: 2号, 3号, 4号, and 五号 for the table.
pub const SIZE_TITLE: usize = 44;
pub const SIZE_BODY: usize = 32;
pub const SIZE_PAGE_NUMBER: usize = 28;
const SIZE_TABLE: usize = 21;
/// One character of body text, in twips (16 pt): indents are counted in these.
const BODY_CHAR: i32 = 320;

pub const FONT_TITLE: &str = "方正小标宋简体";
pub const FONT_BODY: &str = "仿宋_GB2312";
pub const FONT_HEADING1: &str = "黑体";
pub const FONT_HEADING2: &str = "楷体_GB2312";
pub const FONT_PAGE_NUMBER: &str = "宋体";
/// Latin letters and digits in the body.
const FONT_LATIN: &str = "Times New Roman";

pub use crate::report::Letter;

/// A date as a 公文 writes it: 2020年6月30日.
pub fn chinese_date(date: NaiveDate) -> String {
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

/// What a paragraph of the letter is, which decides its font and place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// 发文机关标志, red, centred.
    Masthead,
    /// 发文字号, centred, with the red line under it.
    Number,
    Title,
    /// 主送机关, flush left.
    Addressee,
    Body,
    /// 一、…
    Heading1,
    /// （一）…
    Heading2,
    /// 附件：…
    Attachment,
    /// 落款 and 成文日期, right-aligned.
    Signature,
    /// A paragraph that lists units or tasks: as the body, but flush left
    /// rather than justified (justifying a list spreads its few break
    /// points into wide gaps).
    List,
    /// 版记's 抄送 line, in 4号, under a rule.
    CopiesTo,
    /// 版记's last line: 印发机关, a tab, then "2020年7月2日印发" flush right.
    Printed,
}

/// The letter as paragraphs, before any layout.
pub fn letter_text(report: &Report, letter: &Letter, lang: Lang) -> Vec<(Kind, String)> {
    let mut out = vec![(Kind::Masthead, letter.issuer_full.clone())];
    if let Some(number) = &letter.number {
        out.push((Kind::Number, number.clone()));
    }
    out.push((Kind::Title, letter.title.clone()));
    out.push((Kind::Addressee, format!("{}：", letter.addressee)));
    let as_of = chinese_date(report.as_of);
    let plan = if letter.plan_title.is_empty() {
        "工作任务".to_string()
    } else {
        format!("《{}》", letter.plan_title)
    };
    out.push((
        Kind::Body,
        format!(
            "按照{plan}要求，{}对截至{as_of}各项任务的推进情况进行了督查。现将有关情况通报如下：",
            letter.issuer
        ),
    ));
    out.push((Kind::Heading1, "一、总体情况".into()));
    out.push((Kind::Body, overview(report, lang)));
    out.extend(super::report::targets_text(report, lang).map(|text| (Kind::Body, text)));
    out.push((Kind::Heading1, "二、进展较好的单位".into()));
    out.push((Kind::List, doing_well(report)));
    out.push((Kind::Heading1, "三、存在的主要问题".into()));
    out.extend(problems(report, lang));
    out.push((Kind::Heading1, "四、下步工作要求".into()));
    out.extend(requirements(letter).into_iter().map(|p| (Kind::Body, p)));
    out.push((
        Kind::Attachment,
        format!("附件：{}", attachment_title(report)),
    ));
    out.push((Kind::Signature, letter.issuer_full.clone()));
    out.push((Kind::Signature, chinese_date(letter.date)));
    if !letter.cc.is_empty() {
        out.push((Kind::CopiesTo, format!("抄送：{}。", letter.cc.join("，"))));
    }
    out.push((
        Kind::Printed,
        format!("{}\t{}印发", letter.issuer_full, chinese_date(letter.date)),
    ));
    out
}

fn attachment_title(report: &Report) -> String {
    format!("{}任务台账", report.period.period.label)
}

fn overview(report: &Report, lang: Lang) -> String {
    let c = &report.overview.counts;
    let rate = rate_with_carried(report.overview.completion_rate, c.carried_over, lang);
    let carried = if c.carried_over > 0 {
        format!("，已结转 {} 项", c.carried_over)
    } else {
        String::new()
    };
    let mut text = format!(
        "截至{}，共有任务 {} 项。其中已完成 {} 项，推进中 {} 项，未启动 {} 项，滞后 {} 项，已取消 {} 项{carried}，完成率 {rate}。逾期未完成 {} 项（按原定时限计 {} 项），{} 天内到期 {} 项，超过 {} 天未报送进展 {} 项；红色预警 {} 项，黄色预警 {} 项。",
        chinese_date(report.as_of),
        c.total,
        c.done,
        c.in_progress,
        c.not_started,
        c.delayed,
        c.cancelled,
        c.overdue,
        c.overdue_vs_original,
        report.rules.due_soon_days,
        c.due_soon,
        report.rules.stale_after_days,
        c.stale,
        c.red,
        c.yellow,
    );
    if c.carried_over > 0 {
        text.push_str("已结转的任务不计为逾期。");
    }
    if let Some(day) = report.plan_ended_on {
        text.push_str(&format!("本计划已于{}结束。", chinese_date(day)));
    }
    text
}

/// 二: the units the report praises (`Bulletin::praised`: no task lit,
/// at least one task completed), best completion rate first.
fn doing_well(report: &Report) -> String {
    let good = &report.bulletin.praised;
    if good.is_empty() {
        return "本期没有所牵头任务均无预警、且完成了任务的单位。".into();
    }
    let names: Vec<String> = good
        .iter()
        .map(|d| {
            let rate = rate_text(d.completion_rate);
            let carried = if d.carried_over > 0 {
                format!("，已结转 {} 项不计入", d.carried_over)
            } else {
                String::new()
            };
            format!(
                "{}（牵头 {} 项，已完成 {} 项，完成率 {rate}{carried}）",
                d.department, d.led, d.done
            )
        })
        .collect();
    format!(
        "{}所牵头任务均无预警，已完成任务，推进有序，予以肯定。",
        names.join("、")
    )
}

/// The heading 三 gives each kind of problem.
fn problem_heading(kind: ProblemKind) -> &'static str {
    match kind {
        ProblemKind::Overdue => "逾期未完成",
        ProblemKind::Delayed => "进展滞后",
        ProblemKind::MilestoneMissed => "年度时间节点未完成",
        ProblemKind::Stale => "未按时报送进展",
        ProblemKind::DueSoon => "临近完成时限",
    }
}

const SUB_NUMBERS: [&str; 10] = [
    "（一）",
    "（二）",
    "（三）",
    "（四）",
    "（五）",
    "（六）",
    "（七）",
    "（八）",
    "（九）",
    "（十）",
];

/// 三: for each kind of problem (`Bulletin::problems`), each lead
/// department named with its tasks by id and short title and the reason
/// in words ("3.1 推进产业协作平台建设…（逾期 15 天）"); under 未按时报送进展 also the units that reported nothing in the
/// period (未报送单位) and, in a sentence of its own, those that left some
/// tasks without progress. Then the rule the 通报 used.
fn problems(report: &Report, lang: Lang) -> Vec<(Kind, String)> {
    let mut out = Vec::new();
    let unreported = &report.period.unreported;
    let partly = &report.period.partly_reported;
    let unit_list = |units: &[crate::report::Unreported]| {
        units
            .iter()
            .map(|u| format!("{}（{}）", u.department, u.tasks.join("、")))
            .collect::<Vec<String>>()
            .join("，")
    };
    let stale = report
        .bulletin
        .problems
        .iter()
        .find(|g| g.kind == ProblemKind::Stale);
    let reporting = !unreported.is_empty() || !partly.is_empty() || !report.period.late.is_empty();
    let mut n = 0;
    for kind in ProblemKind::ALL {
        let group = report.bulletin.problems.iter().find(|g| g.kind == kind);
        let is_stale = kind == ProblemKind::Stale;
        if group.is_none() && !(is_stale && reporting) {
            continue;
        }
        let sub = SUB_NUMBERS.get(n).copied().unwrap_or("（十）");
        n += 1;
        let heading = problem_heading(kind);
        if is_stale {
            out.push((Kind::Heading2, format!("{sub}{heading}")));
            let label = &report.period.period.label;
            if !unreported.is_empty() {
                out.push((
                    Kind::List,
                    format!(
                        "本期（{label}）未报送进展的单位 {} 个：{}。",
                        unreported.len(),
                        unit_list(unreported)
                    ),
                ));
            }
            if !partly.is_empty() {
                out.push((
                    Kind::List,
                    format!(
                        "本期（{label}）部分任务未报送进展的单位 {} 个：{}。",
                        partly.len(),
                        unit_list(partly)
                    ),
                ));
            }
            let late = &report.period.late;
            if !late.is_empty() {
                out.push((
                    Kind::List,
                    format!(
                        "本期（{label}）逾期补报的单位 {} 个：{}。",
                        late.len(),
                        unit_list(late)
                    ),
                ));
            }
            if let Some(group) = stale {
                out.push((
                    Kind::Body,
                    format!(
                        "超过 {} 天未报送进展的任务 {} 项：",
                        report.rules.stale_after_days, group.tasks
                    ),
                ));
            }
        } else if let Some(group) = group {
            out.push((
                Kind::Heading2,
                format!("{sub}{heading}（{} 项）", group.tasks),
            ));
        }
        for unit in group.map(|g| g.departments.as_slice()).unwrap_or_default() {
            let items: Vec<String> = unit
                .tasks
                .iter()
                .map(|t| format!("{}（{}）", t.name, reason_text(&t.reason, lang)))
                .collect();
            out.push((
                Kind::List,
                format!("{}：{}。", unit.department, items.join("，")),
            ));
        }
    }
    if out.is_empty() {
        out.push((
            Kind::Body,
            format!(
                "截至{}，没有逾期、滞后、长期未报送进展或临近完成时限的任务。",
                chinese_date(report.as_of)
            ),
        ));
    }
    out.push((Kind::Body, notice_rule(&report.rules, lang)));
    // Last, the problems units raised that stay (持续).
    out.extend(persisting(report, n, lang));
    out
}

/// 三's last part: the problems that stay (持续), numbered after the
/// `numbered` parts before it; nothing where there are none.
fn persisting(report: &Report, numbered: usize, lang: Lang) -> Vec<(Kind, String)> {
    let Some(persisting) = report
        .bulletin
        .persisting
        .as_ref()
        .filter(|p| !p.problems.is_empty())
    else {
        return Vec::new();
    };
    let sub = SUB_NUMBERS.get(numbered).copied().unwrap_or("（十）");
    let mut out = vec![
        (
            Kind::Heading2,
            format!(
                "{sub}{}",
                persisting_heading(persisting.problems.len(), lang)
            ),
        ),
        (Kind::Body, persisting_rule(persisting, lang)),
    ];
    out.extend(
        persisting
            .problems
            .iter()
            .map(|p| (Kind::List, persisting_item(p, lang))),
    );
    out
}

fn requirements(letter: &Letter) -> Vec<String> {
    let given: Vec<String> = letter
        .requirements
        .as_deref()
        .unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect();
    if !given.is_empty() {
        return given;
    }
    vec![
        "各牵头单位要对照任务台账，逐项梳理逾期、滞后任务，明确整改措施和完成时限，确保按期完成；各责任单位要主动配合，形成工作合力。".into(),
        "各单位要按时报送任务进展情况，如实填报进展、存在问题和下步打算，对已完成的任务提供完成依据。督查室将持续跟踪督办，对整改不力的单位予以通报。".into(),
    ]
}

// ---------------------------------------------------------------- layout

fn fonts(east_asia: &str, latin: &str) -> RunFonts {
    RunFonts::new()
        .east_asia(east_asia)
        .ascii(latin)
        .hi_ansi(latin)
        .cs(latin)
}

/// A run of text in a font and size. Control characters, U+FFFE and
/// U+FFFF, which XML 1.0 cannot hold (a document with one does not open),
/// are shown escaped as in every other format (`\u{7}`, `\u{fffe}`).
fn run(text: &str, font: &str, latin: &str, size: usize) -> Run {
    let text = crate::safe_text::escape_for_xml(text);
    let run = Run::new();
    let run = if size == SIZE_BODY {
        run.character_spacing(BODY_SPACING)
    } else {
        run
    };
    run.add_text(text.as_ref())
        .fonts(fonts(font, latin))
        .size(size)
}

/// Exact line spacing on the grid's pitch: 22 lines a page.
fn on_grid() -> LineSpacing {
    LineSpacing::new()
        .line_rule(LineSpacingType::Exact)
        .line(LINE_PITCH)
}

fn paragraph(kind: Kind, text: &str) -> Paragraph {
    // No widow or orphan control: every page of the letter holds its 22
    // lines, as a 公文 page does.
    let p = Paragraph::new()
        .line_spacing(on_grid())
        .widow_control(false);
    match kind {
        Kind::Masthead => p
            .align(AlignmentType::Center)
            .line_spacing(
                LineSpacing::new()
                    .line_rule(LineSpacingType::Auto)
                    .line(240),
            )
            .add_run(run(text, FONT_TITLE, FONT_TITLE, 64).color("FF0000")),
        Kind::Number => {
            let mut p = p
                .align(AlignmentType::Center)
                .add_run(run(text, FONT_BODY, FONT_LATIN, SIZE_BODY));
            // The red line under the 发文字号 (版头 separator).
            p.property = p.property.set_borders(
                ParagraphBorders::with_empty().set(
                    ParagraphBorder::new(ParagraphBorderPosition::Bottom)
                        .val(BorderType::Single)
                        .size(12)
                        .space(8)
                        .color("FF0000"),
                ),
            );
            p
        }
        Kind::Title => p
            .align(AlignmentType::Center)
            .add_run(run(text, FONT_TITLE, FONT_TITLE, SIZE_TITLE)),
        Kind::Addressee => p
            .align(AlignmentType::Left)
            .add_run(run(text, FONT_BODY, FONT_LATIN, SIZE_BODY)),
        Kind::Body | Kind::Attachment => {
            indented(p).add_run(run(text, FONT_BODY, FONT_LATIN, SIZE_BODY))
        }
        Kind::List => indented(p)
            .align(AlignmentType::Left)
            .add_run(run(text, FONT_BODY, FONT_LATIN, SIZE_BODY)),
        Kind::CopiesTo => {
            imprint_line(p, text).indent(Some(IMPRINT_CHAR), None, Some(IMPRINT_CHAR), None)
        }
        Kind::Printed => {
            let (office, date) = text.split_once('\t').unwrap_or((text, ""));
            imprint_line(p, "")
                .indent(Some(IMPRINT_CHAR), None, Some(IMPRINT_CHAR), None)
                .add_tab(
                    Tab::new()
                        .val(TabValueType::Right)
                        .pos(TEXT_WIDTH - 2 * IMPRINT_CHAR as usize),
                )
                .add_run(run(office, FONT_BODY, FONT_LATIN, SIZE_PAGE_NUMBER))
                .add_run(Run::new().add_tab())
                .add_run(run(date, FONT_BODY, FONT_LATIN, SIZE_PAGE_NUMBER))
        }
        Kind::Heading1 => {
            indented(p.keep_next(true)).add_run(run(text, FONT_HEADING1, FONT_HEADING1, SIZE_BODY))
        }
        Kind::Heading2 => {
            indented(p.keep_next(true)).add_run(run(text, FONT_HEADING2, FONT_HEADING2, SIZE_BODY))
        }
        Kind::Signature => p
            .align(AlignmentType::Right)
            .indent(None, None, Some(4 * BODY_CHAR), None)
            .add_run(run(text, FONT_BODY, FONT_LATIN, SIZE_BODY)),
    }
}

/// One character of 4号 text (14 pt) in twips: the 版记's indents.
const IMPRINT_CHAR: i32 = 280;
/// The portrait text block's width in twips (156 mm).
const TEXT_WIDTH: usize = 8844;

/// A 版记 line: 4号 仿宋, the text block wide, the rules the standard
/// draws (a thick one above the first line and below the last, thin ones
/// between) added by `imprint_rules`.
fn imprint_line(p: Paragraph, text: &str) -> Paragraph {
    let p = p.align(AlignmentType::Left);
    if text.is_empty() {
        p
    } else {
        p.add_run(run(text, FONT_BODY, FONT_LATIN, SIZE_PAGE_NUMBER))
    }
}

/// A rule of the 版记: thick (0.35 mm, the first and last) or thin (0.25 mm).
fn rule(position: ParagraphBorderPosition, thick: bool) -> ParagraphBorder {
    ParagraphBorder::new(position)
        .val(BorderType::Single)
        .size(if thick { 8 } else { 6 })
        .space(1)
        .color("000000")
}

/// The 版记's rules on its lines: a thick one above the first and below
/// the last, a thin one between two lines.
fn imprint_rules(mut p: Paragraph, first: bool, last: bool) -> Paragraph {
    let mut borders = ParagraphBorders::with_empty().set(rule(ParagraphBorderPosition::Top, first));
    if last {
        borders = borders.set(rule(ParagraphBorderPosition::Bottom, true));
    }
    p.property = p.property.set_borders(borders);
    p
}

fn blank() -> Paragraph {
    Paragraph::new()
        .line_spacing(on_grid())
        .add_run(run("", FONT_BODY, FONT_LATIN, SIZE_BODY))
}

/// "— 1 —" with the PAGE field, in 4号 宋体, one character in from the
/// right edge (odd pages) or the left (even pages).
fn page_number(odd: bool) -> Footer {
    let one_char = 280; // 14 pt
    let font = || fonts(FONT_PAGE_NUMBER, FONT_PAGE_NUMBER);
    let text = |t: &str| Run::new().add_text(t).fonts(font()).size(SIZE_PAGE_NUMBER);
    let field = Run::new()
        .fonts(font())
        .size(SIZE_PAGE_NUMBER)
        .add_field_char(FieldCharType::Begin, false)
        .add_instr_text(InstrText::PAGE(InstrPAGE::new()))
        .add_field_char(FieldCharType::Separate, false)
        .add_text("1")
        .add_field_char(FieldCharType::End, false);
    let p = Paragraph::new()
        .add_run(text("— "))
        .add_run(field)
        .add_run(text(" —"));
    let p = if odd {
        p.align(AlignmentType::Right)
            .indent(None, None, Some(one_char), None)
    } else {
        p.align(AlignmentType::Left)
            .indent(Some(one_char), None, None, None)
    };
    Footer::new().add_paragraph(p)
}

/// The portrait pages' margins: 37 mm top, 35 mm bottom, 28 mm left,
/// 26 mm right; the page number sits 7 mm under the text block.
pub fn portrait_margins() -> PageMargin {
    PageMargin::new()
        .top(mm(37))
        .bottom(mm(35))
        .left(mm(28))
        .right(mm(26))
        .header(mm(15))
        .footer(mm(23))
}

/// The attachment's landscape pages: the same page turned, 28 mm at the
/// top, 26 mm at the bottom, 25 mm each side.
fn landscape_margins() -> PageMargin {
    PageMargin::new()
        .top(mm(28))
        .bottom(mm(26))
        .left(mm(25))
        .right(mm(25))
        .header(mm(12))
        .footer(mm(15))
}

/// The landscape text width the 台账 fills, in twips (247 mm).
const LEDGER_WIDTH: usize = 14000;

/// The 台账's column widths in twips: `ledger::COLUMNS`' widths, scaled
/// to the landscape text width.
fn ledger_widths() -> Vec<usize> {
    use super::ledger::COLUMNS;
    let total: usize = COLUMNS.iter().map(|c| usize::from(c.width)).sum();
    COLUMNS
        .iter()
        .map(|c| usize::from(c.width) * LEDGER_WIDTH / total.max(1))
        .collect()
}

fn cell(text: &str, width: usize, font: &str, fill: Option<&str>) -> TableCell {
    let mut p = Paragraph::new().snap_to_grid(false).line_spacing(
        LineSpacing::new()
            .line_rule(LineSpacingType::Auto)
            .line(240),
    );
    // Each line of the text on a line of its own.
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            p = p.add_run(Run::new().add_break(BreakType::TextWrapping));
        }
        p = p.add_run(run(line, font, FONT_LATIN, SIZE_TABLE));
    }
    let c = TableCell::new()
        .width(width, WidthType::Dxa)
        .add_paragraph(p);
    match fill {
        Some(fill) => c.shading(Shading::new().fill(fill)),
        None => c,
    }
}

fn ledger_table(report: &Report, lang: Lang) -> Table {
    use super::ledger::{cells, COLUMNS};
    let widths = ledger_widths();
    let header = TableRow::new(
        COLUMNS
            .iter()
            .zip(&widths)
            .map(|(c, w)| cell(c.header(lang), *w, FONT_HEADING1, Some("D9D9D9")))
            .collect(),
    )
    .cant_split();
    let mut rows = vec![header];
    let values = cells(report.tasks.iter().map(|t| &**t), lang);
    for row in values {
        rows.push(
            TableRow::new(
                row.iter()
                    .zip(&widths)
                    .map(|(value, w)| {
                        let fill = match value {
                            super::ledger::Value::Light(Some(Light::Red), _) => Some("F8D7DA"),
                            super::ledger::Value::Light(Some(Light::Yellow), _) => Some("FFF3CD"),
                            _ => None,
                        };
                        let text = match value {
                            // The original deadline on a line of its own;
                            // neither date broken (the column fits one).
                            super::ledger::Value::Due {
                                due,
                                original: Some(original),
                            } => unbroken_dates(&format!(
                                "{}\n（原定 {}）",
                                due.format("%Y-%m-%d"),
                                original.format("%Y-%m-%d")
                            )),
                            due @ super::ledger::Value::Due { .. } => {
                                unbroken_dates(&due.text(lang))
                            }
                            other => other.multiline(lang),
                        };
                        cell(&text, *w, FONT_BODY, fill)
                    })
                    .collect(),
            )
            .cant_split(),
        );
    }
    Table::new(rows)
        .set_grid(widths.clone())
        .layout(TableLayoutType::Fixed)
        .width(widths.iter().sum(), WidthType::Dxa)
}

/// A 公文's paper: the page numbers and the fonts, with the footers added
/// to the document first (rIdFooter1, rIdFooter2); and the portrait
/// section of the letter's pages, which refers to the same footers.
fn paper() -> (Docx, SectionProperty) {
    let odd = page_number(true);
    let even = page_number(false);
    let portrait = SectionProperty::new()
        .page_size(PageSize::new().size(A4_WIDTH, A4_HEIGHT))
        .page_margin(portrait_margins())
        .doc_grid(grid())
        .footer(odd.clone(), "rIdFooter1")
        .even_footer(even.clone(), "rIdFooter2");
    let docx = Docx::new()
        .footer(odd)
        .even_footer(even)
        .default_fonts(fonts(FONT_BODY, FONT_LATIN))
        .default_size(SIZE_BODY);
    (docx, portrait)
}

/// 22 lines a page.
fn grid() -> DocGrid {
    DocGrid::new()
        .grid_type(DocGridType::Lines)
        .line_pitch(LINE_PITCH as usize)
}

/// A letter (the 通报's, the 催报通知) on its portrait pages, from 版头 to
/// 版记. `section`: the section break its last paragraph carries, where
/// pages of another kind follow (the 通报's attachment); None where the
/// letter is the whole document.
fn add_letter(
    mut docx: Docx,
    text: Vec<(Kind, String)>,
    section: Option<&SectionProperty>,
) -> Docx {
    let count = text.len();
    // The 落款 is never alone on its page: the last body paragraph, the
    // 附件 line, the issuer and the date are kept together (keep with
    // next, each paragraph's lines together), so that where they do not
    // fit, the body's last lines move to the next page with them. The
    // 版记 is kept with them too: never a page of its own.
    let signed = text
        .iter()
        .rposition(|(k, _)| *k == Kind::Signature)
        .unwrap_or(count);
    let attachment = text.iter().position(|(k, _)| *k == Kind::Attachment);
    let first_signature = text.iter().position(|(k, _)| *k == Kind::Signature);
    let kept_from = attachment
        .or(first_signature)
        .map_or(0, |a| a.saturating_sub(1));
    let first_imprint = text
        .iter()
        .position(|(k, _)| matches!(k, Kind::CopiesTo | Kind::Printed));
    for (i, (kind, words)) in text.into_iter().enumerate() {
        let kept = (kept_from..signed).contains(&i)
            || (first_imprint.is_some() && (signed..count - 1).contains(&i));
        let keep = |p: Paragraph| {
            if kept {
                p.keep_next(true).keep_lines(true)
            } else {
                p
            }
        };
        // Blank lines where a 公文 has them: after the 版头, before the
        // body, around the attachment note and the signature, before the
        // 版记.
        match kind {
            Kind::Title => docx = docx.add_paragraph(blank()),
            Kind::Attachment => docx = docx.add_paragraph(keep(blank())),
            Kind::Signature if i + 1 == signed => {
                docx = docx
                    .add_paragraph(keep(blank()))
                    .add_paragraph(keep(blank()));
            }
            Kind::CopiesTo | Kind::Printed if Some(i) == first_imprint => {
                docx = docx.add_paragraph(blank().keep_next(true).keep_lines(true));
            }
            _ => {}
        }
        let mut p = keep(paragraph(kind, &words));
        if matches!(kind, Kind::CopiesTo | Kind::Printed) {
            p = imprint_rules(p, Some(i) == first_imprint, i + 1 == count);
        }
        if let Some(section) = section.filter(|_| i + 1 == count) {
            // The last paragraph of the letter ends the portrait section.
            p = p.section_property(section.clone());
        }
        docx = docx.add_paragraph(p);
        if kind == Kind::Title {
            docx = docx.add_paragraph(blank());
        }
    }
    docx
}

/// A table attached to a letter on portrait pages (附件): its title, its
/// columns (header and share of the width) and its rows.
#[derive(Debug, Clone)]
pub struct Attached {
    pub title: String,
    pub columns: Vec<(&'static str, usize)>,
    pub rows: Vec<Vec<String>>,
}

/// A letter on portrait pages: the 催报通知; then, if given, its
/// attachment on pages of its own: "附件" flush left in 黑体, the title
/// centred, the table with its header row repeated on every page.
pub fn letter_document(text: Vec<(Kind, String)>, attached: Option<&Attached>) -> Result<Vec<u8>> {
    let (docx, portrait) = paper();
    let mut docx = docx
        .page_size(A4_WIDTH, A4_HEIGHT)
        .page_margin(portrait_margins());
    docx.document = docx.document.doc_grid(grid());
    let Some(attached) = attached else {
        return pack(add_letter(docx, text, None));
    };
    let docx = add_letter(docx, text, Some(&portrait));
    let total: usize = attached.columns.iter().map(|(_, w)| w).sum();
    let widths: Vec<usize> = attached
        .columns
        .iter()
        .map(|(_, w)| w * TEXT_WIDTH / total.max(1))
        .collect();
    let mut rows = vec![TableRow::new(
        attached
            .columns
            .iter()
            .zip(&widths)
            .map(|((h, _), w)| cell(h, *w, FONT_HEADING1, Some("D9D9D9")))
            .collect(),
    )
    .cant_split()];
    rows.extend(attached.rows.iter().map(|row| {
        TableRow::new(
            row.iter()
                .zip(&widths)
                .map(|(text, w)| cell(text, *w, FONT_BODY, None))
                .collect(),
        )
        .cant_split()
    }));
    let table = Table::new(rows)
        .set_grid(widths.clone())
        .layout(TableLayoutType::Fixed)
        .width(widths.iter().sum(), WidthType::Dxa);
    pack(
        docx.add_paragraph(Paragraph::new().add_run(run(
            "附件",
            FONT_HEADING1,
            FONT_HEADING1,
            SIZE_BODY,
        )))
        .add_paragraph(Paragraph::new().align(AlignmentType::Center).add_run(run(
            &attached.title,
            FONT_TITLE,
            FONT_TITLE,
            SIZE_TITLE,
        )))
        .add_table(table)
        .add_paragraph(Paragraph::new()),
    )
}

/// Characters a line of the text block holds, in half-width units: 28
/// body characters; 20 of the title's 2号.
const BODY_HALVES: usize = 56;
const TITLE_HALVES: usize = 40;

/// How many lines of the grid the letter takes, as `add_letter` lays it
/// out (a Latin letter or digit half a character; a first-line indent
/// two): to tell whether it fits a page of 22.
pub fn lines_on_grid(text: &[(Kind, String)]) -> usize {
    let halves = |t: &str| -> usize { t.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum() };
    let lines = |t: &str, per: usize| halves(t).div_ceil(per).max(1);
    let signed = text.iter().rposition(|(k, _)| *k == Kind::Signature);
    let first_imprint = text
        .iter()
        .position(|(k, _)| matches!(k, Kind::CopiesTo | Kind::Printed));
    text.iter()
        .enumerate()
        .map(|(i, (kind, words))| match kind {
            // 32 pt on its own line spacing: two lines of the grid.
            Kind::Masthead => 2,
            // A blank line either side.
            Kind::Title => lines(words, TITLE_HALVES) + 2,
            Kind::Body | Kind::List | Kind::Heading1 | Kind::Heading2 => {
                lines(&format!("\u{3000}\u{3000}{words}"), BODY_HALVES)
            }
            Kind::Attachment => lines(words, BODY_HALVES) + 1,
            Kind::Signature if Some(i) == signed => 3,
            // A blank line, and the rules drawn around the 版记's lines.
            Kind::CopiesTo | Kind::Printed if Some(i) == first_imprint => 3,
            _ => lines(words, BODY_HALVES),
        })
        .sum()
}

/// The lines of one page of the grid.
pub const LINES_A_PAGE: usize = 22;

/// The whole document: the letter on portrait pages, then the attachment.
/// A 通报 is a Chinese 公文: the command passes `Lang::Zh` whatever
/// `--lang` says, and the shared wording (a light's reasons, a status) is
/// drawn in the language passed.
pub fn document(report: &Report, letter: &Letter, lang: Lang) -> Result<Vec<u8>> {
    let (docx, portrait) = paper();
    let docx = docx
        .page_size(A4_HEIGHT, A4_WIDTH)
        .page_orient(PageOrientationType::Landscape)
        .page_margin(landscape_margins());
    let mut docx = add_letter(docx, letter_text(report, letter, lang), Some(&portrait));

    // 附件: flush left in 黑体, the title centred, then the table.
    docx = docx
        .add_paragraph(Paragraph::new().add_run(run(
            "附件",
            FONT_HEADING1,
            FONT_HEADING1,
            SIZE_BODY,
        )))
        .add_paragraph(Paragraph::new().align(AlignmentType::Center).add_run(run(
            &attachment_title(report),
            FONT_TITLE,
            FONT_TITLE,
            SIZE_TITLE,
        )))
        .add_paragraph(Paragraph::new().align(AlignmentType::Center).add_run(run(
            &format!("（截至{}）", chinese_date(report.as_of)),
            FONT_BODY,
            FONT_LATIN,
            SIZE_BODY,
        )))
        .add_table(ledger_table(report, lang))
        .add_paragraph(Paragraph::new());
    pack(docx)
}

/// The document's bytes, with what docx-rs cannot say added
/// (`finish_package`).
fn pack(docx: Docx) -> Result<Vec<u8>> {
    let mut out = Cursor::new(Vec::new());
    docx.build().pack(&mut out).context("无法生成 Word 文件")?;
    finish_package(out.into_inner()).context("无法生成 Word 文件")
}

/// The character that stands for a hyphen no line may break at, until
/// `no_break_hyphens` writes it as Word's `w:noBreakHyphen`.
const NO_BREAK_HYPHEN: char = '\u{2011}';

/// A deadline cell's text with the hyphens of its dates ("2020-06-30", a
/// hyphen between two digits) unbreakable. Only where the column is as
/// wide as a date: a narrower cell would break the date anyway.
fn unbroken_dates(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let digit = |j: Option<usize>| {
                j.and_then(|j| chars.get(j))
                    .is_some_and(char::is_ascii_digit)
            };
            if c == '-' && digit(i.checked_sub(1)) && digit(Some(i + 1)) {
                NO_BREAK_HYPHEN
            } else {
                c
            }
        })
        .collect()
}

/// Each `NO_BREAK_HYPHEN` in the text as `<w:noBreakHyphen/>`, which
/// Word, WPS and LibreOffice draw as a hyphen no line breaks at, in the
/// run's own font.
fn no_break_hyphens(xml: &str) -> String {
    xml.replace(
        NO_BREAK_HYPHEN,
        r#"</w:t><w:noBreakHyphen /><w:t xml:space="preserve">"#,
    )
}

/// What docx-rs cannot say, added to the packed parts; the others are
/// copied as they are:
/// - dates in the table have hyphens no line breaks at
///   (`no_break_hyphens`);
/// - the attachment table's first row is a header row (`w:tblHeader`),
///   repeated on every page (`mark_header_row`);
/// - the font table names the standard fonts with the ones to use where
///   they are missing (`w:altName`): 方正小标宋简体 → 宋体, 仿宋_GB2312 →
///   仿宋, 楷体_GB2312 → 楷体 (`add_fallbacks`).
fn finish_package(docx: Vec<u8>) -> Result<Vec<u8>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(docx))?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let name = archive.by_index_raw(i)?.name()?.to_string();
        let edit: fn(&str) -> String = match name.as_str() {
            "word/document.xml" => |xml| no_break_hyphens(&mark_header_row(xml)),
            "word/fontTable.xml" => add_fallbacks,
            _ => {
                out.raw_copy_file(archive.by_index_raw(i)?)?;
                continue;
            }
        };
        let mut xml = String::new();
        archive.by_index(i)?.read_to_string(&mut xml)?;
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        out.start_file(name, options)?;
        out.write_all(edit(&xml).as_bytes())?;
    }
    Ok(out.finish()?.into_inner())
}

/// The standard fonts and what stands in for each where it is missing.
pub const FALLBACKS: [(&str, &str); 3] = [
    (FONT_TITLE, "宋体"),
    (FONT_BODY, "仿宋"),
    (FONT_HEADING2, "楷体"),
];

fn add_fallbacks(xml: &str) -> String {
    let fonts: String = FALLBACKS
        .iter()
        .map(|(font, alt)| {
            format!(
                r#"<w:font w:name="{font}"><w:altName w:val="{alt}" /><w:charset w:val="86" /><w:family w:val="auto" /><w:pitch w:val="variable" /></w:font>"#
            )
        })
        .collect();
    xml.replace("</w:fonts>", &format!("{fonts}</w:fonts>"))
}

fn mark_header_row(xml: &str) -> String {
    const SPLIT: &str = "<w:cantSplit />";
    let Some(table) = xml.find("<w:tbl>") else {
        return xml.to_string();
    };
    match xml[table..].find(SPLIT) {
        Some(at) => {
            let at = table + at + SPLIT.len();
            format!("{}<w:tblHeader />{}", &xml[..at], &xml[at..])
        }
        None => xml.to_string(),
    }
}

/// Justified, the first line indented two characters: the body's layout.
fn indented(p: Paragraph) -> Paragraph {
    p.align(AlignmentType::Both).indent(
        Some(0),
        Some(SpecialIndentType::FirstLine(2 * BODY_CHAR)),
        None,
        None,
    )
}
