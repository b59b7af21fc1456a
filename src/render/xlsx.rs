//! The report as a print-ready Excel workbook: 汇总 (counts by lead
//! department), 台账 (the standard ledger columns), 本期进展 (the period's
//! entries), 通报 (the tasks the 通报 names) and one sheet per lead
//! department.
//!
//! Every sheet prints as it is, in Excel, WPS or LibreOffice: A4
//! landscape, one page wide, a merged title row, the header row repeated
//! on every page, "第 N 页 共 M 页" in the footer, and row heights set from
//! the wrapped text (LibreOffice and WPS do not fit heights written by a
//! library). Dates are dates (yyyy-mm-dd), rates numbers (0.0%), counts
//! numbers, totals SUM formulas with their values cached. A text cell that
//! would start a formula gets a `'` in front, as in CSV (see
//! `neutralise_formula`).

use anyhow::{Context as _, Result};
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    Color, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Note, Workbook, Worksheet,
};
use unicode_width::UnicodeWidthStr;

use super::report::{light_text, notice_rule, reasons_text, status_text, subtitle};
use super::{heading, neutralise_formula};
use crate::i18n::{pick_in, Lang};
use crate::report::{Counts, Light, Report, TaskLine};
use crate::tr_in;

/// Points per printed line of 11 pt text (CJK fonts need more than Latin).
pub(super) const LINE_HEIGHT: f64 = 15.0;
/// The 宋体 glyphs are a little wider than the width unit ("0" of the
/// default font): a column of width W holds about W / 1.1 half-width
/// characters, and a CJK character counts two.
const GLYPH_WIDTH: f64 = 1.1;

/// One cell's value, written with its own type and format.
#[derive(Debug, Clone)]
pub enum Value {
    Text(String),
    Count(usize),
    Date(NaiveDate),
    /// A rate in percent (58.3), written as 0.583 formatted 0.0%; "—"
    /// where it has no denominator.
    Rate(Option<f64>),
    /// The light, coloured, with its text ("红（逾期 1 天）").
    Light(Light, String),
    /// A date with a note on the cell (the original deadline).
    DateWithNote(NaiveDate, String),
    /// A formula with the value Excel would compute, cached.
    Formula {
        formula: String,
        value: f64,
    },
    /// The same, formatted 0.0%; "—" where it has no denominator.
    RateFormula {
        formula: String,
        value: Option<f64>,
    },
}

impl Value {
    fn text(text: impl Into<String>) -> Value {
        Value::Text(text.into())
    }

    /// The text as it prints, for the width and height of its cell.
    fn shown(&self) -> String {
        match self {
            Value::Text(t) | Value::Light(_, t) => t.clone(),
            Value::Count(n) => n.to_string(),
            Value::Date(_) | Value::DateWithNote(..) => "2020-06-30".into(),
            Value::Rate(r) => super::report::rate_text(*r),
            Value::Formula { value, .. } => value.to_string(),
            Value::RateFormula { value, .. } => super::report::rate_text(value.map(|v| v * 100.0)),
        }
    }
}

/// A column: its header and its width in Excel's units.
struct Column {
    header: &'static str,
    width: f64,
}

fn col(header: &'static str, width: f64) -> Column {
    Column { header, width }
}

/// A sheet before it is written.
struct Sheet {
    name: String,
    title: String,
    subtitle: String,
    columns: Vec<Column>,
    rows: Vec<Vec<Value>>,
    /// Parts under the table, each a heading (a merged row) and rows in
    /// the same columns (本期进展's 未报送单位 and 部分任务未报送进展).
    after: Vec<(String, Vec<Vec<Value>>)>,
}

/// The workbooks' cell formats: 宋体 11 with thin borders, a 黑体 16 title,
/// shaded bold headers (`render::assess` uses them too).
pub(super) struct Formats {
    pub(super) title: Format,
    pub(super) subtitle: Format,
    pub(super) header: Format,
    pub(super) text: Format,
    pub(super) number: Format,
    date: Format,
    rate: Format,
    red: Format,
    yellow: Format,
    green: Format,
}

impl Formats {
    pub(super) fn new() -> Formats {
        let base = Format::new()
            .set_font_name("宋体")
            .set_font_size(11)
            .set_border(FormatBorder::Thin)
            .set_text_wrap()
            .set_align(FormatAlign::VerticalCenter);
        let light = |bg: u32, fg: u32| {
            base.clone()
                .set_background_color(Color::RGB(bg))
                .set_font_color(Color::RGB(fg))
        };
        Formats {
            title: Format::new()
                .set_font_name("黑体")
                .set_font_size(16)
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            subtitle: Format::new()
                .set_font_name("宋体")
                .set_font_size(11)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            header: base
                .clone()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_background_color(Color::RGB(0xDBE5F1)),
            number: base.clone().set_align(FormatAlign::Center),
            date: base
                .clone()
                .set_num_format("yyyy-mm-dd")
                .set_align(FormatAlign::Center),
            rate: base
                .clone()
                .set_num_format("0.0%")
                .set_align(FormatAlign::Center),
            red: light(0xF8D7DA, 0x842029),
            yellow: light(0xFFF3CD, 0x664D03),
            green: light(0xD1E7DD, 0x0F5132),
            text: base,
        }
    }
}

/// A column or row number for the writer. Past `u16`/`u32` it is past
/// Excel's limits anyway: saturating makes the writer refuse it, where a
/// wrapped number would silently overwrite another cell.
fn col_number(col: usize) -> u16 {
    u16::try_from(col).unwrap_or(u16::MAX)
}

fn row_number(row: usize) -> u32 {
    u32::try_from(row).unwrap_or(u32::MAX)
}

/// Lines a text takes in a column of `width` units: each of its lines
/// wraps on its own; a CJK character counts double.
pub fn lines_in(text: &str, width: f64) -> usize {
    let room = (width - 1.0).max(1.0);
    text.split('\n')
        .map(|line| {
            let need = line.width() as f64 * GLYPH_WIDTH;
            // Whole lines: a fraction of a line is a line.
            let mut lines = 1;
            while (lines as f64) * room < need {
                lines += 1;
            }
            lines
        })
        .sum()
}

/// The row height, in points, that shows every cell of a row whole.
fn row_height(row: &[Value], columns: &[Column]) -> f64 {
    let lines = row
        .iter()
        .zip(columns)
        .map(|(value, column)| lines_in(&value.shown(), column.width))
        .max()
        .unwrap_or(1);
    lines as f64 * LINE_HEIGHT + 4.0
}

fn excel_date(date: NaiveDate) -> Option<ExcelDateTime> {
    let year = u16::try_from(date.year()).ok()?;
    let month = u8::try_from(date.month()).ok()?;
    let day = u8::try_from(date.day()).ok()?;
    ExcelDateTime::from_ymd(year, month, day).ok()
}

fn write_value(
    sheet: &mut Worksheet,
    formats: &Formats,
    (row, col): (u32, u16),
    value: &Value,
) -> Result<()> {
    match value {
        Value::Text(text) => {
            sheet.write_string_with_format(row, col, neutralise_formula(text), &formats.text)?;
        }
        Value::Count(n) => {
            sheet.write_number_with_format(row, col, *n as f64, &formats.number)?;
        }
        Value::Date(date) | Value::DateWithNote(date, _) => {
            match excel_date(*date) {
                Some(d) => sheet.write_datetime_with_format(row, col, d, &formats.date)?,
                // Outside Excel's calendar (before 1900): the text.
                None => sheet.write_string_with_format(
                    row,
                    col,
                    date.format("%Y-%m-%d").to_string(),
                    &formats.text,
                )?,
            };
            if let Value::DateWithNote(_, note) = value {
                sheet.insert_note(row, col, &Note::new(neutralise_formula(note)))?;
            }
        }
        Value::Rate(Some(percent)) => {
            sheet.write_number_with_format(row, col, percent / 100.0, &formats.rate)?;
        }
        Value::Rate(None) => {
            sheet.write_string_with_format(row, col, "—", &formats.number)?;
        }
        Value::Light(light, text) => {
            let format = match light {
                Light::Red => &formats.red,
                Light::Yellow => &formats.yellow,
                Light::Green => &formats.green,
            };
            sheet.write_string_with_format(row, col, neutralise_formula(text), format)?;
        }
        Value::Formula { formula, value } => {
            let f = Formula::new(formula).set_result(value.to_string());
            sheet.write_formula_with_format(row, col, f, &formats.number)?;
        }
        Value::RateFormula { formula, value } => {
            let result = value.map_or_else(|| "—".to_string(), |v| v.to_string());
            let f = Formula::new(formula).set_result(result);
            sheet.write_formula_with_format(row, col, f, &formats.rate)?;
        }
    }
    Ok(())
}

/// The row the header is on: under the title and the subtitle.
const HEADER_ROW: u32 = 2;

fn write_sheet(book: &mut Workbook, formats: &Formats, spec: &Sheet, lang: Lang) -> Result<()> {
    let sheet = book.add_worksheet();
    sheet.set_name(&spec.name)?;
    let last_col = col_number(spec.columns.len().saturating_sub(1));
    sheet.merge_range(
        0,
        0,
        0,
        last_col,
        &neutralise_formula(&spec.title),
        &formats.title,
    )?;
    sheet.set_row_height(0, 30)?;
    sheet.merge_range(
        1,
        0,
        1,
        last_col,
        &neutralise_formula(&spec.subtitle),
        &formats.subtitle,
    )?;
    let subtitle_lines = lines_in(
        &spec.subtitle,
        spec.columns.iter().map(|c| c.width).sum::<f64>(),
    );
    sheet.set_row_height(1, subtitle_lines as f64 * LINE_HEIGHT + 4.0)?;
    for (c, column) in spec.columns.iter().enumerate() {
        let c = col_number(c);
        sheet.set_column_width(c, column.width)?;
        sheet.write_string_with_format(HEADER_ROW, c, column.header, &formats.header)?;
    }
    let header: Vec<Value> = spec.columns.iter().map(|c| Value::text(c.header)).collect();
    sheet.set_row_height(HEADER_ROW, row_height(&header, &spec.columns))?;
    for (r, cells) in spec.rows.iter().enumerate() {
        let row = row_number(r).saturating_add(HEADER_ROW + 1);
        for (c, value) in cells.iter().enumerate() {
            write_value(sheet, formats, (row, col_number(c)), value)?;
        }
        sheet.set_row_height(row, row_height(cells, &spec.columns))?;
    }
    let mut next = spec.rows.len();
    for (heading, rows) in &spec.after {
        // One empty row, the heading across the table, then the rows.
        let at = row_number(next).saturating_add(HEADER_ROW + 2);
        next += rows.len() + 2;
        sheet.merge_range(
            at,
            0,
            at,
            last_col,
            &neutralise_formula(heading),
            &formats.header,
        )?;
        sheet.set_row_height(at, LINE_HEIGHT + 6.0)?;
        for (r, cells) in rows.iter().enumerate() {
            let row = row_number(r).saturating_add(at + 1);
            for (c, value) in cells.iter().enumerate() {
                write_value(sheet, formats, (row, col_number(c)), value)?;
            }
            sheet.set_row_height(row, row_height(cells, &spec.columns))?;
        }
    }
    sheet.set_freeze_panes(HEADER_ROW + 1, 0)?;
    sheet.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    print_setup(sheet, lang);
    Ok(())
}

/// Every sheet's page: A4 landscape, one page wide, centred, "第 N 页 共
/// M 页" in the footer.
pub(super) fn print_setup(sheet: &mut Worksheet, lang: Lang) {
    sheet.set_landscape();
    sheet.set_paper_size(9); // A4
    sheet.set_print_fit_to_pages(1, 0); // one page wide, as many long as needed
    sheet.set_print_center_horizontally(true);
    sheet.set_margins(0.4, 0.4, 0.6, 0.7, 0.3, 0.3);
    sheet.set_footer(pick_in(lang, "&C第 &P 页 共 &N 页", "&CPage &P of &N"));
}

fn summary_name(lang: Lang) -> &'static str {
    pick_in(lang, "汇总", "Summary")
}

fn ledger_name(lang: Lang) -> &'static str {
    pick_in(lang, "台账", "Ledger")
}

fn progress_name(lang: Lang) -> &'static str {
    pick_in(lang, "本期进展", "Progress")
}

fn notice_name(lang: Lang) -> &'static str {
    pick_in(lang, "通报", "Notice")
}

/// Excel forbids some characters in sheet names and caps them at 31.
fn sheet_name(name: &str, taken: &[String], lang: Lang) -> String {
    let clean: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .take(28)
        .collect();
    let fixed = [
        summary_name(lang),
        ledger_name(lang),
        progress_name(lang),
        notice_name(lang),
    ];
    let mut candidate = clean.clone();
    let mut n = 2;
    while taken.contains(&candidate) || fixed.contains(&candidate.as_str()) {
        candidate = format!("{clean}{n}");
        n += 1;
    }
    candidate
}

/// The column letter of a column number (0 → A, 26 → AA).
pub(super) fn letter(col: usize) -> String {
    let mut n = col + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(b'A' + u8::try_from(rem).unwrap_or(0));
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// The counts of a row of 汇总, from 牵头任务 to 绿.
fn count_values(counts: &Counts) -> Vec<Value> {
    vec![
        Value::Count(counts.total),
        Value::Count(counts.done),
        Value::Count(counts.in_progress),
        Value::Count(counts.not_started),
        Value::Count(counts.delayed),
        Value::Count(counts.cancelled),
        Value::Count(counts.carried_over),
        Value::Rate(counts.completion_rate()),
        Value::Count(counts.overdue),
        Value::Count(counts.stale),
        Value::Count(counts.red),
        Value::Count(counts.yellow),
        Value::Count(counts.green),
    ]
}

/// The rate's place among the counts of a 汇总 row (column I).
const RATE: usize = 7;

/// 汇总: a row per lead department, their sums (SUM formulas), then the
/// plan's own totals, where a task with two leads counts once.
fn summary_sheet(report: &Report, lang: Lang) -> Sheet {
    let columns = vec![
        col(heading::lead_in(lang), 18.0),
        col(pick_in(lang, "牵头任务", "Tasks led"), 9.0),
        col(pick_in(lang, "已完成", "Done"), 8.0),
        col(pick_in(lang, "推进中", "In progress"), 8.0),
        col(pick_in(lang, "未启动", "Not started"), 8.0),
        col(pick_in(lang, "滞后", "Delayed"), 8.0),
        col(pick_in(lang, "已取消", "Cancelled"), 8.0),
        col(pick_in(lang, "已结转", "Carried over"), 8.0),
        col(pick_in(lang, "完成率", "Completion"), 9.0),
        col(pick_in(lang, "逾期", "Overdue"), 8.0),
        col(pick_in(lang, "长期未报送", "Stale"), 11.0),
        col(Light::Red.label_in(lang), 7.0),
        col(Light::Yellow.label_in(lang), 7.0),
        col(Light::Green.label_in(lang), 7.0),
    ];
    let mut rows: Vec<Vec<Value>> = report
        .departments
        .iter()
        .map(|d| {
            let mut row = vec![Value::text(d.name.as_str())];
            row.extend(count_values(&d.counts));
            row
        })
        .collect();
    if !rows.is_empty() {
        // Spreadsheet rows of the departments: 1-based, under the header.
        let first = HEADER_ROW as usize + 2;
        let last = first + rows.len() - 1;
        let sums: Vec<usize> = {
            let c = report.departments.iter().map(|d| &d.counts);
            let sum = |f: fn(&Counts) -> usize| c.clone().map(f).sum::<usize>();
            vec![
                sum(|c| c.total),
                sum(|c| c.done),
                sum(|c| c.in_progress),
                sum(|c| c.not_started),
                sum(|c| c.delayed),
                sum(|c| c.cancelled),
                sum(|c| c.carried_over),
                0, // the rate: a formula of the sums
                sum(|c| c.overdue),
                sum(|c| c.stale),
                sum(|c| c.red),
                sum(|c| c.yellow),
                sum(|c| c.green),
            ]
        };
        let mut row = vec![Value::text(pick_in(
            lang,
            "各单位合计（共同牵头的任务各计一次）",
            "Sum of the departments (a co-led task counts for each lead)",
        ))];
        let total_row = last + 1;
        for (i, value) in sums.iter().enumerate() {
            let l = letter(i + 1);
            if i == RATE {
                // 已完成 ÷ (all − 已取消 − 已结转), as the report counts it.
                let (total, done, cancelled, carried) = (sums[0], sums[1], sums[5], sums[6]);
                let counted = total.saturating_sub(cancelled + carried);
                let rate = (counted > 0).then(|| done as f64 / counted as f64);
                let r = total_row;
                row.push(Value::RateFormula {
                    formula: format!("=IF(B{r}-G{r}-H{r}=0,\"—\",C{r}/(B{r}-G{r}-H{r}))"),
                    value: rate,
                });
            } else {
                row.push(Value::Formula {
                    formula: format!("=SUM({l}{first}:{l}{last})"),
                    value: *value as f64,
                });
            }
        }
        rows.push(row);
    }
    let mut total = vec![Value::text(pick_in(
        lang,
        "全部任务（每项计一次）",
        "All tasks (each counted once)",
    ))];
    total.extend(count_values(&report.overview.counts));
    rows.push(total);
    Sheet {
        name: summary_name(lang).into(),
        title: tr_in!(lang, "任务推进情况汇总表", "Progress by lead department"),
        subtitle: subtitle(report, lang),
        columns,
        rows,
        after: Vec::new(),
    }
}

fn due_value(line: &TaskLine, lang: Lang) -> Value {
    let original = line.original_due();
    if line.task.due == original {
        Value::Date(line.task.due)
    } else {
        Value::DateWithNote(
            line.task.due,
            tr_in!(lang, "原定 {original}", "originally {original}"),
        )
    }
}

/// The light, coloured; a carried-over task has none ("已结转").
fn light_value(line: &TaskLine, lang: Lang) -> Value {
    if line.carried_over {
        Value::text(light_text(line, lang))
    } else {
        Value::Light(line.light, light_text(line, lang))
    }
}

/// 台账: the columns of `ledger::COLUMNS`, a row per task.
fn ledger_sheet(report: &Report, lang: Lang) -> Sheet {
    use super::ledger::{cells, Value as Cell, COLUMNS};
    let columns = COLUMNS
        .iter()
        .map(|c| col(c.header(lang), f64::from(c.width) / 10.0))
        .collect();
    let rows = cells(report.tasks.iter().map(|t| &**t), lang)
        .into_iter()
        .map(|row| {
            row.into_iter()
                .map(|cell| match cell {
                    Cell::Number(n) => Value::Count(n),
                    Cell::Due {
                        due,
                        original: None,
                    } => Value::Date(due),
                    Cell::Due {
                        due,
                        original: Some(original),
                    } => Value::DateWithNote(
                        due,
                        tr_in!(lang, "原定 {original}", "originally {original}"),
                    ),
                    Cell::Light(Some(light), text) => Value::Light(light, text),
                    other => Value::Text(other.multiline(lang)),
                })
                .collect()
        })
        .collect();
    Sheet {
        name: ledger_name(lang).into(),
        title: pick_in(lang, "任务台账", "Task ledger").into(),
        subtitle: subtitle(report, lang),
        columns,
        rows,
        after: Vec::new(),
    }
}

/// 本期进展: the period's entries, by reporting department, then the
/// departments that reported nothing (未报送单位) with their tasks.
fn progress_sheet(report: &Report, lang: Lang) -> Sheet {
    let columns = vec![
        col(pick_in(lang, "序号", "No."), 6.0),
        col(pick_in(lang, "报送单位", "Department"), 14.0),
        col(heading::date_in(lang), 11.5),
        col(pick_in(lang, "任务编号", "ID"), 8.0),
        col(pick_in(lang, "任务内容", "Task"), 20.0),
        col(pick_in(lang, "进展情况", "Progress"), 32.0),
        col(pick_in(lang, "存在问题", "Problems"), 16.0),
        col(pick_in(lang, "下步打算", "Next steps"), 16.0),
        col(heading::status_change_in(lang), 14.0),
    ];
    let mut rows = Vec::new();
    for group in &report.period.by_department {
        for entry in &group.entries {
            rows.push(vec![
                Value::Count(rows.len() + 1),
                Value::text(group.department.as_str()),
                Value::Date(entry.date),
                Value::text(entry.id.as_str()),
                Value::text(entry.title.as_str()),
                Value::text(entry.note.clone().unwrap_or_default()),
                Value::text(entry.problems.clone().unwrap_or_default()),
                Value::text(entry.next_steps.clone().unwrap_or_default()),
                Value::text(
                    entry
                        .statuses
                        .map(|(from, to)| super::status_change_in(from, to, lang))
                        .unwrap_or_default(),
                ),
            ]);
        }
    }
    let unit_rows = |units: &[crate::report::Unreported], said: &str| -> Vec<Vec<Value>> {
        units
            .iter()
            .enumerate()
            .map(|(i, u)| {
                vec![
                    Value::Count(i + 1),
                    Value::text(u.department.as_str()),
                    Value::text(""),
                    Value::text(""),
                    // The ids where there is room for them: under 任务内容.
                    Value::text(tr_in!(
                        lang,
                        "任务 {}",
                        "tasks {}",
                        u.tasks.join(pick_in(lang, "、", ", "))
                    )),
                    Value::text(said),
                ]
            })
            .collect()
    };
    let mut after = Vec::new();
    let unreported = &report.period.unreported;
    if !unreported.is_empty() {
        let heading = tr_in!(
            lang,
            "未报送单位（{} 个）：本期未报送所牵头或配合任务的进展",
            "Not reported ({}): departments with no progress on their tasks this period",
            unreported.len()
        );
        after.push((
            heading,
            unit_rows(unreported, pick_in(lang, "未报送", "not reported")),
        ));
    }
    let partly = &report.period.partly_reported;
    if !partly.is_empty() {
        after.push((
            super::report::partly_heading(partly.len(), lang),
            unit_rows(partly, pick_in(lang, "部分未报送", "partly reported")),
        ));
    }
    let late = &report.period.late;
    if !late.is_empty() {
        after.push((
            super::report::late_heading(late.len(), lang),
            unit_rows(late, pick_in(lang, "逾期补报", "replied late")),
        ));
    }
    after.extend(targets_block(report, lang));
    let (period, n) = (&report.period.period, report.period.entries);
    let (label, start, end) = (period.display_in(lang), period.start, period.end);
    Sheet {
        name: progress_name(lang).into(),
        title: tr_in!(lang, "{label}进展情况", "Progress: {label}"),
        subtitle: tr_in!(
            lang,
            "{start} 至 {end}，共 {n} 条",
            "{start} to {end}, {n} entries"
        ),
        columns,
        rows,
        after,
    }
}

/// 年度目标 under the period's progress: a unit per row, its figures and
/// the milestones it missed (only where some milestone fell due).
fn targets_block(report: &Report, lang: Lang) -> Option<(String, Vec<Vec<Value>>)> {
    let text = super::report::targets_text(report, lang)?;
    let rows = report
        .targets
        .by_department
        .iter()
        .enumerate()
        .map(|(i, unit)| {
            let [department, due, met, missed] = super::report::targets_row(unit, lang);
            vec![
                Value::Count(i + 1),
                Value::text(department.text),
                Value::text(""),
                Value::text(""),
                Value::text(tr_in!(
                    lang,
                    "到期节点 {}，已完成 {}",
                    "{} due, {} met",
                    due.text,
                    met.text
                )),
                Value::text(missed.text),
            ]
        })
        .collect();
    Some((text, rows))
}

/// 通报: every task with a light, by lead department, with its reasons;
/// the rule under the title.
fn notice_sheet(report: &Report, lang: Lang) -> Sheet {
    let columns = vec![
        col(pick_in(lang, "序号", "No."), 6.0),
        col(heading::lead_in(lang), 14.0),
        col(pick_in(lang, "任务编号", "ID"), 8.0),
        col(pick_in(lang, "任务内容", "Task"), 22.0),
        col(heading::due_in(lang), 11.5),
        col(heading::status_in(lang), 9.0),
        col(pick_in(lang, "原因", "Why"), 24.0),
        col(pick_in(lang, "逾期天数", "Days overdue"), 9.0),
        col(pick_in(lang, "未报送天数", "Days without progress"), 11.0),
        col(heading::alert_in(lang), 8.0),
    ];
    let mut rows = Vec::new();
    for notice in &report.notices {
        for line in &notice.tasks {
            rows.push(vec![
                Value::Count(rows.len() + 1),
                Value::text(notice.department.as_str()),
                Value::text(line.task.id.as_str()),
                Value::text(line.task.title.as_str()),
                due_value(line, lang),
                Value::text(status_text(line, lang)),
                Value::text(reasons_text(line, lang)),
                if line.overdue {
                    Value::Count(usize::try_from(line.days_overdue).unwrap_or(0))
                } else {
                    Value::text("")
                },
                Value::Count(usize::try_from(line.days_since_update).unwrap_or(0)),
                Value::Light(line.light, line.light.label_in(lang).to_string()),
            ]);
        }
    }
    Sheet {
        name: notice_name(lang).into(),
        title: tr_in!(
            lang,
            "通报：预警任务（截至 {}）",
            "Notice: tasks with an alert (as of {})",
            report.as_of
        ),
        subtitle: notice_rule(&report.rules, lang),
        columns,
        rows,
        after: Vec::new(),
    }
}

/// A lead department's own sheet: the tasks it leads.
fn department_sheets(report: &Report, lang: Lang) -> Vec<Sheet> {
    let mut taken = Vec::new();
    let mut sheets = Vec::new();
    for dept in &report.departments {
        let name = sheet_name(&dept.name, &taken, lang);
        taken.push(name.clone());
        let rows = report
            .tasks
            .iter()
            .filter(|t| t.task.lead.contains(&dept.name))
            .map(|line| {
                vec![
                    Value::text(line.task.id.as_str()),
                    Value::text(line.task.title.as_str()),
                    due_value(line, lang),
                    Value::text(status_text(line, lang)),
                    Value::text(
                        line.latest_progress
                            .as_ref()
                            .map(|p| p.note.clone())
                            .unwrap_or_default(),
                    ),
                    line.updated.map_or_else(|| Value::text(""), Value::Date),
                    light_value(line, lang),
                ]
            })
            .collect();
        let c = &dept.counts;
        sheets.push(Sheet {
            name,
            title: tr_in!(lang, "{}任务台账", "{}: tasks led", dept.name),
            subtitle: tr_in!(lang,
                "牵头 {} 项，已完成 {} 项，逾期 {} 项，超过 {} 天未报送进展 {} 项，完成率 {}",
                "leads {}, {} done, {} overdue, {} days or more without progress: {}, completion {}",
                dept.led,
                c.done,
                c.overdue,
                report.rules.stale_after_days,
                c.stale,
                super::report::rate_with_carried(dept.completion_rate, c.carried_over, lang)
            ),
            columns: vec![
                col(heading::task_id_in(lang), 7.0),
                col(heading::task_in(lang), 24.0),
                col(heading::due_in(lang), 11.5),
                col(heading::status_in(lang), 9.0),
                col(heading::latest_progress_in(lang), 45.0),
                col(heading::updated_in(lang), 11.5),
                col(heading::alert_in(lang), 24.0),
            ],
            rows,
            after: Vec::new(),
        });
    }
    sheets
}

/// Texts over what a cell holds (already in a task file) cut, with a
/// marker naming the row's task (`safe_text::fit_cell`).
fn fit_cells(sheets: &mut [Sheet], report: &Report) {
    let ids: std::collections::HashSet<&str> =
        report.tasks.iter().map(|t| t.task.id.as_str()).collect();
    for sheet in sheets {
        let rows = sheet
            .rows
            .iter_mut()
            .chain(sheet.after.iter_mut().flat_map(|(_, rows)| rows.iter_mut()));
        for row in rows {
            let id = row.iter().find_map(|cell| match cell {
                Value::Text(t) if ids.contains(t.as_str()) => Some(t.clone()),
                _ => None,
            });
            for cell in row.iter_mut() {
                if let Value::Text(text) | Value::Light(_, text) = cell {
                    if let std::borrow::Cow::Owned(cut) =
                        crate::safe_text::fit_cell(text, id.as_deref())
                    {
                        *text = cut;
                    }
                }
            }
        }
    }
}

pub fn workbook(report: &Report, lang: Lang) -> Result<Vec<u8>> {
    let formats = Formats::new();
    let mut book = Workbook::new();
    let mut sheets = vec![
        summary_sheet(report, lang),
        ledger_sheet(report, lang),
        progress_sheet(report, lang),
        notice_sheet(report, lang),
    ];
    sheets.extend(department_sheets(report, lang));
    fit_cells(&mut sheets, report);
    for sheet in &sheets {
        write_sheet(&mut book, &formats, sheet, lang)?;
    }
    book.save_to_buffer().context(pick_in(
        lang,
        "无法生成 Excel 文件",
        "cannot create the Excel file",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_count_cjk_double_and_each_line_on_its_own() {
        // 10 CJK characters = 20 units × 1.1 = 22, in a column of 12 (11 of room).
        assert_eq!(lines_in("一二三四五六七八九十", 12.0), 2);
        assert_eq!(lines_in("abc", 12.0), 1);
        assert_eq!(lines_in("", 12.0), 1);
        assert_eq!(lines_in("a\nb\nc", 12.0), 3);
    }

    #[test]
    fn column_letters() {
        assert_eq!(letter(0), "A");
        assert_eq!(letter(12), "M");
        assert_eq!(letter(26), "AA");
    }
}
