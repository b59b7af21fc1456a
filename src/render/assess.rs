//! The year's assessment (`assess`) as a terminal table, Markdown and an
//! Excel workbook whose points and totals are formulas. Every figure is
//! decided in `crate::assess`; this only lays them out.

use std::io::{self, Write};

use anyhow::Result;
use rust_xlsxwriter::{Format, FormatAlign, Formula, Workbook, Worksheet};

use super::narrow::{laid_out, Cell, Fold, Words};
use super::report::{Head, Wrap};
use super::xlsx::{letter, lines_in, print_setup, Formats, LINE_HEIGHT};
use super::{neutralise_formula, Style};
use crate::assess::{PartKind, UnitScore, YearAssessment};
use crate::i18n::{self, pick_in, Lang};
use crate::tr_in;

/// Hundredths as points, two decimals: 26.25, 30.00.
pub fn points(cents: u64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

/// A weight: whole where it is (30), else two decimals (42.86).
fn weight(cents: u64) -> String {
    match cents % 100 {
        0 => (cents / 100).to_string(),
        _ => points(cents),
    }
}

fn part_name(kind: PartKind, lang: Lang) -> &'static str {
    match kind {
        PartKind::Reporting => pick_in(lang, "报送", "Reporting"),
        PartKind::Milestones => pick_in(lang, "节点", "Milestones"),
        PartKind::Completion => pick_in(lang, "完成", "Completion"),
    }
}

fn title(found: &YearAssessment, lang: Lang) -> String {
    tr_in!(
        lang,
        "{}年度各单位评估",
        "Assessment of the units, {}",
        found.year
    )
}

/// The rubric and the day, under the title.
fn subtitle(found: &YearAssessment, lang: Lang) -> String {
    let r = &found.rubric;
    let periods = match found.periods.is_empty() {
        true => pick_in(lang, "无", "none").to_string(),
        false => found.periods.join(pick_in(lang, "、", ", ")),
    };
    tr_in!(
        lang,
        "评估日 {}；报送 {} 分、节点 {} 分、完成 {} 分，评估日亮红灯的牵头任务每项扣 {} 分；计入的报送期：{}",
        "As of {}; reporting {}, milestones {}, completion {} points; {} off per task led that is red; periods counted: {}",
        found.as_of.format("%Y-%m-%d"),
        r.reporting,
        r.milestones,
        r.completion,
        weight(found.rubric.red_task_cents()),
        periods
    )
}

/// What a part's figures say: "3/4 期按时报送，1 期补报（计半）",
/// "5/7 节点完成", "1/2 项按期完成", or why there is nothing.
pub fn figures(unit: &UnitScore, kind: PartKind, lang: Lang) -> String {
    match kind {
        PartKind::Reporting => {
            let f = &unit.reporting.figures;
            if f.periods_owed == 0 {
                return pick_in(lang, "无应报送期", "no period owed").to_string();
            }
            let mut text = tr_in!(
                lang,
                "{}/{} 期按时报送",
                "{}/{} periods on time",
                f.on_time,
                f.periods_owed
            );
            if f.late > 0 {
                text += &tr_in!(lang, "，{} 期补报（计半）", ", {} late (half)", f.late);
            }
            text
        }
        PartKind::Milestones => {
            let f = &unit.milestones.figures;
            match f.due {
                0 => pick_in(lang, "无到期节点", "no milestone due").to_string(),
                _ => tr_in!(lang, "{}/{} 节点完成", "{}/{} milestones met", f.met, f.due),
            }
        }
        PartKind::Completion => {
            let f = &unit.completion.figures;
            match f.due {
                0 => pick_in(lang, "无到期任务", "no task due").to_string(),
                _ => tr_in!(
                    lang,
                    "{}/{} 项按期完成",
                    "{}/{} tasks done on time",
                    f.done_on_time,
                    f.due
                ),
            }
        }
    }
}

/// A part's cell: its points out of its weight, then its figures.
fn part_cell(unit: &UnitScore, kind: PartKind, lang: Lang) -> String {
    let part = unit.part(kind);
    let figures = figures(unit, kind, lang);
    match part.assessed {
        true => format!(
            "{}／{}\n{figures}",
            points(part.points_cents),
            weight(part.weight_cents)
        ),
        false => format!("—\n{figures}"),
    }
}

fn deduction_cell(unit: &UnitScore, lang: Lang) -> String {
    let d = &unit.deductions;
    match d.red_tasks.len() {
        0 => "0".to_string(),
        n => format!(
            "−{}\n{}",
            points(d.points_cents),
            tr_in!(lang, "红灯 {} 项", "{} red", n)
        ),
    }
}

/// What a unit's score leaves unsaid: where its weight was spread, which
/// milestones it missed, which tasks were not done on time, which are red.
pub fn notes(unit: &UnitScore, lang: Lang) -> Vec<String> {
    let sep = pick_in(lang, "、", ", ");
    let mut notes = Vec::new();
    if !unit.spread.is_empty() {
        let spread: Vec<String> = unit
            .spread
            .iter()
            .map(|k| {
                let rubric = unit.part(*k).rubric_weight;
                tr_in!(lang, "{}（{} 分）", "{} ({})", part_name(*k, lang), rubric)
            })
            .collect();
        let onto: Vec<String> = PartKind::ALL
            .iter()
            .filter(|k| unit.part(**k).assessed)
            .map(|k| {
                let w = unit.part(*k).weight_cents;
                format!("{} {}", part_name(*k, lang), weight(w))
            })
            .collect();
        notes.push(tr_in!(
            lang,
            "{}无可评内容，权重按比例分摊后为：{}",
            "nothing to assess in {}: weights spread in proportion to {}",
            spread.join(sep),
            onto.join(sep)
        ));
    }
    let r = &unit.reporting.figures;
    let listed = |pick: &dyn Fn(&crate::assess::PeriodReply) -> bool| -> Vec<String> {
        r.periods
            .iter()
            .filter(|p| pick(p))
            .map(|p| p.period.clone())
            .collect()
    };
    let unreported = listed(&|p| p.reply == crate::assess::Reply::Unreported);
    if !unreported.is_empty() {
        notes.push(tr_in!(
            lang,
            "未报送：{}",
            "not replied: {}",
            unreported.join(sep)
        ));
    }
    let late = listed(&|p| p.reply == crate::assess::Reply::Late);
    if !late.is_empty() {
        notes.push(tr_in!(
            lang,
            "逾期补报：{}",
            "replied late: {}",
            late.join(sep)
        ));
    }
    let partly = listed(&|p| p.partly);
    if !partly.is_empty() {
        notes.push(tr_in!(
            lang,
            "部分任务未报送（计为已报送）：{}",
            "some tasks without progress (counted as replied): {}",
            partly.join(sep)
        ));
    }
    let missed: Vec<String> = unit
        .milestones
        .figures
        .missed
        .iter()
        .map(|m| format!("{} {} {}", m.task, m.by.format("%Y-%m-%d"), m.goal))
        .collect();
    if !missed.is_empty() {
        notes.push(tr_in!(
            lang,
            "未完成节点：{}",
            "milestones missed: {}",
            missed.join(sep)
        ));
    }
    let late_tasks = &unit.completion.figures.not_on_time;
    if !late_tasks.is_empty() {
        notes.push(tr_in!(
            lang,
            "未按期完成：{}",
            "not done on time: {}",
            late_tasks.join(sep)
        ));
    }
    let red = &unit.deductions.red_tasks;
    if !red.is_empty() {
        notes.push(tr_in!(lang, "红灯任务：{}", "red tasks: {}", red.join(sep)));
    }
    notes
}

/// How the figures are counted, under every output.
pub fn rules(lang: Lang) -> &'static str {
    pick_in(
        lang,
        "说明：报送按本年各报送期计，单位在某期有未完成的任务即应报送；按时报送计 1 期，逾期补报计半期，部分任务未报送仍计为已报送（与通报相同，另行列出）。节点按本年到期、评估日已过的牵头任务时间节点计。完成按评估日现行完成时限在本年且已过的牵头任务计（已取消、已结转的不计），完成时限当日已完成为按期完成。各部分得分 = 权重 × 比例，四舍五入保留两位小数；总分 = 各部分得分之和 − 扣分，最低 0 分；某部分无可评内容的，其权重按比例分摊到其他部分。",
        "How it is counted: reporting counts the year's reporting periods; a unit owes a period in which it had an open task; a reply on time counts 1, a late reply half, and a reply leaving some tasks without progress still counts as a reply (listed apart, as in the bulletin). Milestones: those of the tasks it leads due in the year and passed by the assessment day. Completion: the tasks it leads whose deadline in force on the assessment day fell in the year and has passed (cancelled and carried-over ones left out); done on the deadline day is on time. Each part's points = weight × share, rounded half up to two decimals; the score = the parts' points less the deductions, at least 0; a part with nothing to assess has its weight spread over the others in proportion.",
    )
}

fn headers(lang: Lang) -> Vec<&'static str> {
    vec![
        pick_in(lang, "排名", "Rank"),
        pick_in(lang, "单位", "Department"),
        pick_in(lang, "总分", "Score"),
        part_name(PartKind::Reporting, lang),
        part_name(PartKind::Milestones, lang),
        part_name(PartKind::Completion, lang),
        pick_in(lang, "扣分", "Deducted"),
    ]
}

fn cells(unit: &UnitScore, lang: Lang) -> Vec<String> {
    vec![
        unit.rank.to_string(),
        unit.department.clone(),
        points(unit.score_cents),
        part_cell(unit, PartKind::Reporting, lang),
        part_cell(unit, PartKind::Milestones, lang),
        part_cell(unit, PartKind::Completion, lang),
        deduction_cell(unit, lang),
    ]
}

/// The units left out, if any: a line.
fn left_out(found: &YearAssessment, lang: Lang) -> Option<String> {
    (!found.not_assessed.is_empty()).then(|| {
        tr_in!(
            lang,
            "未参加评估（本年无应报送期、到期节点和到期任务）：{}",
            "Not assessed (no period owed, no milestone or task due in the year): {}",
            found.not_assessed.join(pick_in(lang, "、", ", "))
        )
    })
}

fn empty(lang: Lang) -> &'static str {
    pick_in(
        lang,
        "本年尚无可评估的内容（没有已截止的报送期、已到期的节点或任务）。",
        "Nothing to assess in the year yet (no period closed, no milestone or task due).",
    )
}

pub fn table(out: &mut dyn Write, found: &YearAssessment, style: Style) -> io::Result<()> {
    let lang = i18n::current();
    writeln!(out, "{}", title(found, lang))?;
    writeln!(out, "{}", subtitle(found, lang))?;
    if let Some(line) = left_out(found, lang) {
        writeln!(out, "{line}")?;
    }
    if found.units.is_empty() {
        return writeln!(out, "{}", empty(lang));
    }
    // The terminal's one table engine: names and figures never broken,
    // each part's two lines (points, then figures) kept as typed.
    let wraps = [
        Wrap::Never,
        Wrap::Names,
        Wrap::Never,
        Wrap::Text,
        Wrap::Text,
        Wrap::Text,
        Wrap::Text,
    ];
    let heads: Vec<Head> = headers(lang)
        .into_iter()
        .zip(wraps)
        .map(|(text, wrap)| Head::new(text, wrap))
        .collect();
    let rows = found
        .units
        .iter()
        .map(|unit| cells(unit, lang).into_iter().map(Cell::text).collect())
        .collect();
    let keep = Words::new(found.units.iter().map(|u| u.department.clone()));
    writeln!(
        out,
        "{}",
        laid_out(style, &heads, rows, &keep, Fold::Lead(1))
    )?;
    for unit in &found.units {
        let notes = notes(unit, lang);
        if !notes.is_empty() {
            let sep = pick_in(lang, "；", "; ");
            let colon = pick_in(lang, "：", ": ");
            writeln!(out, "{}{colon}{}", unit.department, notes.join(sep))?;
        }
    }
    writeln!(out, "{}", rules(lang))
}

pub fn markdown(out: &mut dyn Write, found: &YearAssessment) -> io::Result<()> {
    let lang = i18n::current();
    let escape = super::markdown::escape;
    writeln!(out, "# {}\n", escape(&title(found, lang)))?;
    writeln!(out, "{}\n", escape(&subtitle(found, lang)))?;
    if let Some(line) = left_out(found, lang) {
        writeln!(out, "{}\n", escape(&line))?;
    }
    if found.units.is_empty() {
        return writeln!(out, "{}", empty(lang));
    }
    let rows: Vec<Vec<String>> = found.units.iter().map(|u| cells(u, lang)).collect();
    super::markdown::table(out, &headers(lang), &rows)?;
    let mut first = true;
    for unit in &found.units {
        let notes = notes(unit, lang);
        if notes.is_empty() {
            continue;
        }
        if first {
            writeln!(out)?;
            first = false;
        }
        let sep = pick_in(lang, "；", "; ");
        writeln!(
            out,
            "- **{}**{}{}",
            escape(&unit.department),
            pick_in(lang, "：", ": "),
            escape(&notes.join(sep))
        )?;
    }
    writeln!(out, "\n{}", escape(rules(lang)))
}

/// The rows the title, the subtitle and the two header rows take.
const FIRST_ROW: u32 = 4;

/// The workbook's columns: rank, unit, then each part's figures, weight
/// and points, the red tasks and the deduction, the score, the notes.
struct Layout {
    columns: Vec<(&'static str, f64)>,
    /// Per part: its first figure's column and its weight's column (the
    /// points' is the next).
    places: Vec<(PartKind, usize, usize)>,
    red: usize,
    score: usize,
    notes: usize,
}

impl Layout {
    fn new(lang: Lang) -> Layout {
        let mut columns: Vec<(&'static str, f64)> = vec![
            (pick_in(lang, "排名", "Rank"), 6.0),
            (pick_in(lang, "单位", "Department"), 18.0),
        ];
        let mut places = Vec::new();
        for kind in PartKind::ALL {
            let first = columns.len();
            let figures = match kind {
                PartKind::Reporting => vec![
                    pick_in(lang, "按时报送", "On time"),
                    pick_in(lang, "逾期补报", "Late"),
                    pick_in(lang, "应报期数", "Owed"),
                ],
                PartKind::Milestones => vec![
                    pick_in(lang, "完成节点", "Met"),
                    pick_in(lang, "到期节点", "Due"),
                ],
                PartKind::Completion => vec![
                    pick_in(lang, "按期完成", "On time"),
                    pick_in(lang, "到期任务", "Due"),
                ],
            };
            columns.extend(figures.into_iter().map(|h| (h, 9.5)));
            places.push((kind, first, columns.len()));
            columns.push((pick_in(lang, "权重", "Weight"), 7.5));
            columns.push((pick_in(lang, "得分", "Points"), 7.5));
        }
        let red = columns.len();
        columns.push((pick_in(lang, "红灯任务", "Red tasks"), 9.5));
        columns.push((pick_in(lang, "扣分", "Deducted"), 7.5));
        let score = columns.len();
        columns.push((pick_in(lang, "总分", "Score"), 8.0));
        let notes = columns.len();
        columns.push((pick_in(lang, "说明", "Notes"), 46.0));
        Layout {
            columns,
            places,
            red,
            score,
            notes,
        }
    }

    fn width(&self) -> f64 {
        self.columns.iter().map(|c| c.1).sum()
    }
}

fn col(c: usize) -> Result<u16> {
    Ok(u16::try_from(c)?)
}

/// The title, the subtitle and the two header rows: a part's name and
/// weight over its columns, the other headers merged down.
fn write_headers(
    sheet: &mut Worksheet,
    formats: &Formats,
    layout: &Layout,
    found: &YearAssessment,
    lang: Lang,
) -> Result<()> {
    let last = col(layout.columns.len() - 1)?;
    let heading = title(found, lang);
    sheet.merge_range(0, 0, 0, last, &neutralise_formula(&heading), &formats.title)?;
    sheet.set_row_height(0, 30)?;
    let sub = subtitle(found, lang);
    sheet.merge_range(1, 0, 1, last, &neutralise_formula(&sub), &formats.subtitle)?;
    let sub_lines = lines_in(&sub, layout.width());
    sheet.set_row_height(1, sub_lines as f64 * LINE_HEIGHT + 4.0)?;
    for (c, (header, width)) in layout.columns.iter().enumerate() {
        sheet.set_column_width(col(c)?, *width)?;
        sheet.write_string_with_format(3, col(c)?, *header, &formats.header)?;
    }
    for (kind, first, weight_col) in &layout.places {
        let rubric = found.rubric_weight(*kind);
        let name = part_name(*kind, lang);
        let text = tr_in!(lang, "{}（{} 分）", "{} ({} points)", name, rubric);
        let (a, b) = (col(*first)?, col(weight_col + 1)?);
        sheet.merge_range(2, a, 2, b, &text, &formats.header)?;
    }
    let per_task = weight(found.rubric.red_task_cents());
    let text = tr_in!(lang, "扣分（每项 {} 分）", "Deductions ({} each)", per_task);
    let (a, b) = (col(layout.red)?, col(layout.red + 1)?);
    sheet.merge_range(2, a, 2, b, &text, &formats.header)?;
    for c in [0, 1, layout.score, layout.notes] {
        let header = layout.columns[c].0;
        sheet.merge_range(2, col(c)?, 3, col(c)?, header, &formats.header)?;
    }
    sheet.set_row_height(2, LINE_HEIGHT + 6.0)?;
    let header_lines = layout
        .columns
        .iter()
        .map(|(h, w)| lines_in(h, *w))
        .max()
        .unwrap_or(1);
    sheet.set_row_height(3, header_lines as f64 * LINE_HEIGHT + 4.0)?;
    Ok(())
}

/// A part's figures as the workbook's columns hold them.
fn figure_values(unit: &UnitScore, kind: PartKind) -> Vec<usize> {
    match kind {
        PartKind::Reporting => {
            let f = &unit.reporting.figures;
            vec![f.on_time, f.late, f.periods_owed]
        }
        PartKind::Milestones => {
            let f = &unit.milestones.figures;
            vec![f.met, f.due]
        }
        PartKind::Completion => {
            let f = &unit.completion.figures;
            vec![f.done_on_time, f.due]
        }
    }
}

/// Cell formats of a unit's row.
struct RowFormats<'a> {
    formats: &'a Formats,
    decimal: Format,
    bold: Format,
}

/// One unit's row: figures and weights as numbers, points, deduction,
/// score and rank as formulas with their values cached.
fn write_unit(
    sheet: &mut Worksheet,
    f: &RowFormats,
    layout: &Layout,
    (row, count): (u32, usize),
    unit: &UnitScore,
    lang: Lang,
) -> Result<()> {
    let r = row + 1; // the row as formulas name it
    let at = |c: usize| format!("{}{r}", letter(c));
    let (top, bottom) = (FIRST_ROW + 1, FIRST_ROW + u32::try_from(count)?);
    let s = letter(layout.score);
    let rank = Formula::new(format!("=RANK({s}{r},${s}${top}:${s}${bottom})"))
        .set_result(unit.rank.to_string());
    sheet.write_formula_with_format(row, 0, rank, &f.formats.number)?;
    let name = neutralise_formula(&unit.department);
    sheet.write_string_with_format(row, 1, name, &f.formats.text)?;
    let mut point_cells = Vec::new();
    for (kind, first, weight_col) in &layout.places {
        let part = unit.part(*kind);
        let (weight_cents, points_cents) = (part.weight_cents, part.points_cents);
        for (k, value) in figure_values(unit, *kind).iter().enumerate() {
            let c = col(first + k)?;
            sheet.write_number_with_format(row, c, *value as f64, &f.formats.number)?;
        }
        let w = weight_cents as f64 / 100.0;
        sheet.write_number_with_format(row, col(*weight_col)?, w, &f.decimal)?;
        let (w, a, b) = (at(*weight_col), at(*first), at(first + 1));
        let formula = match kind {
            PartKind::Reporting => {
                let owed = at(first + 2);
                format!("=IF({owed}=0,0,ROUND({w}*({a}+{b}/2)/{owed},2))")
            }
            _ => format!("=IF({b}=0,0,ROUND({w}*{a}/{b},2))"),
        };
        let formula = Formula::new(formula).set_result(points(points_cents));
        sheet.write_formula_with_format(row, col(weight_col + 1)?, formula, &f.decimal)?;
        point_cells.push(at(weight_col + 1));
    }
    let d = &unit.deductions;
    let red = d.red_tasks.len() as f64;
    sheet.write_number_with_format(row, col(layout.red)?, red, &f.formats.number)?;
    let per_task = weight(d.red_task_cents);
    let formula = Formula::new(format!("=ROUND({}*{per_task},2)", at(layout.red)))
        .set_result(points(d.points_cents));
    sheet.write_formula_with_format(row, col(layout.red + 1)?, formula, &f.decimal)?;
    let total = format!(
        "=MAX(0,ROUND({}-{},2))",
        point_cells.join("+"),
        at(layout.red + 1)
    );
    let total = Formula::new(total).set_result(points(unit.score_cents));
    sheet.write_formula_with_format(row, col(layout.score)?, total, &f.bold)?;
    let colon = pick_in(lang, "：", ": ");
    let mut lines: Vec<String> = PartKind::ALL
        .iter()
        .map(|k| format!("{}{colon}{}", part_name(*k, lang), figures(unit, *k, lang)))
        .collect();
    lines.extend(notes(unit, lang));
    let text = lines.join("\n");
    let c = col(layout.notes)?;
    sheet.write_string_with_format(row, c, neutralise_formula(&text), &f.formats.text)?;
    // A line to spare: LibreOffice breaks CJK lines a little earlier.
    let lines = lines_in(&text, layout.columns[layout.notes].1) + 1;
    let height = lines as f64 * LINE_HEIGHT + 4.0;
    sheet.set_row_height(row, height)?;
    Ok(())
}

/// The workbook: one sheet, one row per unit. Each part's points are a
/// formula of its figures and weight (ROUND(weight × share, 2)), the
/// deduction a formula of the red tasks, the score a formula of the
/// points, and the rank RANK of the score; each with its value cached.
/// Fonts, borders and the printed page are the report workbook's.
pub fn workbook(found: &YearAssessment, lang: Lang) -> Result<Vec<u8>> {
    let formats = Formats::new();
    let decimal = formats.number.clone().set_num_format("0.00");
    let row_formats = RowFormats {
        bold: decimal.clone().set_bold(),
        decimal,
        formats: &formats,
    };
    let layout = Layout::new(lang);
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(pick_in(lang, "评估", "Assessment"))?;
    write_headers(sheet, &formats, &layout, found, lang)?;
    let n = found.units.len();
    for (i, unit) in found.units.iter().enumerate() {
        let row = FIRST_ROW + u32::try_from(i)?;
        write_unit(sheet, &row_formats, &layout, (row, n), unit, lang)?;
    }
    // How it is counted, under the table, across it.
    let at = FIRST_ROW + u32::try_from(n)? + 1;
    let wrap = Format::new()
        .set_font_name("宋体")
        .set_font_size(10)
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let last = col(layout.columns.len() - 1)?;
    let text = match left_out(found, lang) {
        Some(line) => format!("{line}\n{}", rules(lang)),
        None => rules(lang).to_string(),
    };
    sheet.merge_range(at, 0, at, last, &neutralise_formula(&text), &wrap)?;
    let lines = lines_in(&text, layout.width());
    sheet.set_row_height(at, lines as f64 * 13.0 + 6.0)?;
    sheet.set_freeze_panes(FIRST_ROW, 2)?;
    sheet.set_repeat_rows(2, 3)?;
    print_setup(sheet, lang);
    Ok(book.save_to_buffer()?)
}
