//! The report as an Excel workbook: a 台账 sheet (the ledger) with the
//! traffic light as cell colour, an 汇总 sheet, and one summary sheet per
//! lead department. A text cell that would start a formula gets a `'` in
//! front, as in CSV (see `neutralise_formula`). Headers in the chosen language (the sheets are
//! "Ledger" and "Summary" in English), fitted column widths, frozen headers.

use anyhow::{Context as _, Result};
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet};
use unicode_width::UnicodeWidthStr;

use super::report::{
    department_columns, ledger_cells, ledger_columns, light_cell, task_cells, Cell,
};
use super::{heading, neutralise_formula};
use crate::i18n::pick;
use crate::report::{Counts, Light, Report, TaskLine};
use crate::tr;

/// Widest a column gets before its text wraps, in Excel character units.
const MAX_WIDTH: f64 = 48.0;

/// A column number for the writer. Past `u16` it is past Excel's 16 384
/// columns anyway: saturating makes the writer refuse it, where a wrapped
/// number would silently overwrite column 0.
fn col_number(col: usize) -> u16 {
    u16::try_from(col).unwrap_or(u16::MAX)
}

/// A row number for the writer, saturating for the same reason (Excel has
/// 1 048 576 rows).
fn row_number(row: usize) -> u32 {
    u32::try_from(row).unwrap_or(u32::MAX)
}

struct Formats {
    header: Format,
    text: Format,
    red: Format,
    yellow: Format,
    green: Format,
    title: Format,
}

impl Formats {
    fn new() -> Formats {
        let base = Format::new()
            .set_font_name("宋体")
            .set_border(FormatBorder::Thin)
            .set_text_wrap()
            .set_align(FormatAlign::Top);
        Formats {
            header: base
                .clone()
                .set_bold()
                .set_background_color(Color::RGB(0xDBE5F1)),
            red: base
                .clone()
                .set_background_color(Color::RGB(0xF8D7DA))
                .set_font_color(Color::RGB(0x842029)),
            yellow: base
                .clone()
                .set_background_color(Color::RGB(0xFFF3CD))
                .set_font_color(Color::RGB(0x664D03)),
            green: base
                .clone()
                .set_background_color(Color::RGB(0xD1E7DD))
                .set_font_color(Color::RGB(0x0F5132)),
            text: base,
            title: Format::new()
                .set_font_name("宋体")
                .set_bold()
                .set_font_size(14),
        }
    }

    fn for_cell(&self, cell: &Cell) -> &Format {
        match cell.light {
            Some(Light::Red) => &self.red,
            Some(Light::Yellow) => &self.yellow,
            Some(Light::Green) => &self.green,
            None => &self.text,
        }
    }
}

/// A count (`0`, `17`), to be written as a number; any other text, `+5`,
/// `007` or `inf` included, stays text.
fn count_value(text: &str) -> Option<f64> {
    let digits = !text.is_empty() && text.len() <= 15 && text.bytes().all(|b| b.is_ascii_digit());
    (digits && (text == "0" || !text.starts_with('0')))
        .then(|| text.parse().ok())
        .flatten()
}

/// Writes a header row at `row` and the rows under it; fits the columns,
/// freezes the header and repeats it on every printed page.
fn write_table(
    sheet: &mut Worksheet,
    formats: &Formats,
    row: u32,
    header: &[&str],
    rows: &[Vec<Cell>],
) -> Result<()> {
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for (col, h) in header.iter().enumerate() {
        sheet.write_string_with_format(row, col_number(col), *h, &formats.header)?;
    }
    for (r, cells) in rows.iter().enumerate() {
        for (col, cell) in cells.iter().enumerate() {
            let target = row_number(r).saturating_add(row + 1);
            match count_value(&cell.text) {
                // Counts stay numbers, so that Excel can sum them.
                Some(n) if cell.light.is_none() => {
                    sheet.write_number_with_format(
                        target,
                        col_number(col),
                        n,
                        formats.for_cell(cell),
                    )?;
                }
                _ => {
                    sheet.write_string_with_format(
                        target,
                        col_number(col),
                        neutralise_formula(&cell.text),
                        formats.for_cell(cell),
                    )?;
                }
            }
            if let Some(w) = widths.get_mut(col) {
                *w = (*w).max(cell.text.width());
            }
        }
    }
    for (col, width) in widths.iter().enumerate() {
        sheet.set_column_width(col_number(col), (*width as f64 + 2.0).min(MAX_WIDTH))?;
    }
    sheet.set_freeze_panes(row + 1, 0)?;
    sheet.set_repeat_rows(row, row)?;
    sheet.set_landscape();
    sheet.set_paper_size(9); // A4
    Ok(())
}

fn ledger_sheet() -> &'static str {
    pick("台账", "Ledger")
}

fn summary_sheet() -> &'static str {
    pick("汇总", "Summary")
}

/// Cells of one row of the summary sheet, matching `department_columns()`.
fn summary_cells(name: &str, counts: &Counts) -> Vec<Cell> {
    let n = |v: usize| Cell::from(v.to_string());
    vec![
        Cell::from(name),
        n(counts.total),
        n(counts.done),
        n(counts.in_progress),
        n(counts.not_started),
        n(counts.delayed),
        n(counts.cancelled),
        n(counts.carried_over),
        Cell::from(format!("{:.1}%", counts.completion_rate())),
        n(counts.overdue),
        n(counts.stale),
        n(counts.red),
        n(counts.yellow),
        n(counts.green),
    ]
}

/// Excel forbids some characters in sheet names and caps them at 31.
fn sheet_name(name: &str, taken: &[String]) -> String {
    let clean: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .take(28)
        .collect();
    let mut candidate = clean.clone();
    let mut n = 2;
    while taken.contains(&candidate) || candidate == ledger_sheet() || candidate == summary_sheet()
    {
        candidate = format!("{clean}{n}");
        n += 1;
    }
    candidate
}

pub fn workbook(report: &Report) -> Result<Vec<u8>> {
    let formats = Formats::new();
    let mut book = Workbook::new();

    let ledger = book.add_worksheet();
    ledger.set_name(ledger_sheet())?;
    let rows: Vec<Vec<Cell>> = report
        .tasks
        .iter()
        .enumerate()
        .map(|(i, t)| ledger_cells(i, t))
        .collect();
    let columns = ledger_columns();
    write_table(ledger, &formats, 0, &columns, &rows)?;
    ledger.autofilter(
        0,
        0,
        row_number(rows.len()),
        col_number(columns.len().saturating_sub(1)),
    )?;

    let summary = book.add_worksheet();
    summary.set_name(summary_sheet())?;
    let subtitle = super::report::subtitle(report);
    summary.write_string_with_format(0, 0, neutralise_formula(&subtitle), &formats.title)?;
    let mut rows = vec![summary_cells(
        pick("合计", "Total"),
        &report.overview.counts,
    )];
    rows.extend(
        report
            .departments
            .iter()
            .map(|d| summary_cells(&d.name, &d.counts)),
    );
    write_table(summary, &formats, 1, &department_columns(), &rows)?;

    let mut taken = Vec::new();
    for dept in &report.departments {
        let name = sheet_name(&dept.name, &taken);
        taken.push(name.clone());
        let sheet = book.add_worksheet();
        sheet.set_name(&name)?;
        let title = tr!(
                "{0}：牵头 {1} 项，已完成 {2} 项，逾期 {3} 项，超过 {5} 天未报送进展 {4} 项，完成率 {6:.1}%",
                "{0}: leads {1}, {2} done, {3} overdue, {4} without progress for over {5} days, {6:.1}% complete",
                dept.name,
                dept.led,
                dept.counts.done,
                dept.counts.overdue,
                dept.counts.stale,
                report.rules.stale_after_days,
                dept.completion_rate
        );
        sheet.write_string_with_format(0, 0, neutralise_formula(&title), &formats.title)?;
        let led: Vec<&TaskLine> = report
            .tasks
            .iter()
            .map(|t| &**t)
            .filter(|t| t.task.lead.contains(&dept.name))
            .collect();
        let rows: Vec<Vec<Cell>> = led
            .iter()
            .map(|t| {
                let mut row = task_cells(t);
                row.extend([
                    Cell::from(
                        t.latest_progress
                            .as_ref()
                            .map(|p| p.note.clone())
                            .unwrap_or_default(),
                    ),
                    Cell::from(
                        t.updated
                            .map(|d| d.format("%Y-%m-%d").to_string())
                            .unwrap_or_default(),
                    ),
                    light_cell(t),
                ]);
                row
            })
            .collect();
        write_table(
            sheet,
            &formats,
            1,
            &[
                heading::task_id(),
                heading::task(),
                heading::due(),
                heading::status(),
                heading::latest_progress(),
                heading::updated(),
                heading::alert(),
            ],
            &rows,
        )?;
    }
    book.save_to_buffer()
        .context(pick("无法生成 Excel 文件", "cannot create the Excel file"))
}
