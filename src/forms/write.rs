//! A department's form as an .xlsx workbook that Excel, WPS and
//! LibreOffice open, fill in and print as they are: locked grey cells for
//! what the office states, white cells to fill in, a drop-down for the
//! status, a date check on 填报日期, A4 landscape one page wide with the
//! heading rows repeated, and the identity in a hidden sheet.

use anyhow::{Context as _, Result};
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, ExcelDateTime, Format,
    FormatAlign, FormatBorder, ProtectionOptions, Workbook, Worksheet,
};
use unicode_width::UnicodeWidthStr;

use super::{
    Column, Form, FormRow, FORM_MARK, FORM_SHEET, FORM_VERSION, HEADER_ROW, IDENTITY_SHEET,
    LEAD_REPORTS_STATUS, MILESTONE_MET, MILESTONE_NOT_MET,
};
use crate::model::Status;
use crate::query::Role;
use crate::rulebook::{RuleBook, GRACE_DAYS};
use crate::safe_text::starts_like_a_formula;

/// Points per line of 10.5 pt text, and the fewest lines a row to fill
/// in starts with (room to type; the row grows as more is typed, see
/// `rows_grow`).
pub(super) const LINE_HEIGHT: f64 = 14.0;
const MIN_FILL_LINES: usize = 4;
/// The last column's (0-based) index: the form has 16.
#[allow(clippy::cast_possible_truncation)]
const LAST_COLUMN: u16 = Column::ALL.len() as u16 - 1;

pub(super) struct Formats {
    pub(super) title: Format,
    pub(super) heading: Format,
    pub(super) header: Format,
    pub(super) locked: Format,
    /// A locked text that would start a formula: shown as text by the
    /// cell's quote prefix (Excel's `'`), its value exactly the text, so
    /// that `collect` reads back what was written.
    pub(super) locked_quoted: Format,
    pub(super) locked_date: Format,
    pub(super) fill: Format,
    pub(super) fill_date: Format,
    /// Phone numbers stay text: a number would lose a leading 0 or turn
    /// into 1.38E+10.
    fill_text: Format,
}

impl Formats {
    pub(super) fn new() -> Formats {
        let body = Format::new()
            .set_font_name("宋体")
            .set_font_size(10.5)
            .set_border(FormatBorder::Thin)
            .set_text_wrap()
            .set_align(FormatAlign::Top);
        let locked = body.clone().set_background_color(Color::RGB(0xEDEDED));
        let fill = body.clone().set_unlocked();
        Formats {
            title: Format::new()
                .set_font_name("黑体")
                .set_font_size(16)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            heading: Format::new()
                .set_font_name("宋体")
                .set_font_size(10.5)
                .set_text_wrap()
                .set_align(FormatAlign::VerticalCenter),
            header: body
                .clone()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(Color::RGB(0xD9E1F2)),
            locked_date: locked.clone().set_num_format("yyyy-mm-dd"),
            locked_quoted: locked.clone().set_quote_prefix(),
            locked,
            fill_date: fill.clone().set_num_format("yyyy-mm-dd"),
            fill_text: fill.clone().set_num_format("@"),
            fill,
        }
    }
}

/// The workbook's bytes.
pub fn workbook(form: &Form) -> Result<Vec<u8>> {
    let mut book = Workbook::new();
    let formats = Formats::new();
    let sheet = book.add_worksheet();
    sheet.set_name(FORM_SHEET)?;
    heading(sheet, form, &formats)?;
    for (i, row) in form.rows.iter().enumerate() {
        task_row(sheet, excel_row(i), row, &formats)?;
    }
    validations(sheet, form)?;
    page(sheet)?;
    let identity = book.add_worksheet();
    identity.set_name(IDENTITY_SHEET)?;
    identity_sheet(identity, form)?;
    identity.set_hidden(true);
    let bytes = book
        .save_to_buffer()
        .context("the form workbook could not be assembled")?;
    rows_grow(bytes).context("the form workbook could not be assembled")
}

/// The task rows' heights as estimated (`task_row`), but not fixed: a row
/// without `customHeight` grows as an answer is typed into it (Excel, WPS
/// and LibreOffice fit such a row to its text), so a long answer is
/// printed whole. rust_xlsxwriter marks every height it sets as fixed;
/// the mark is taken off the task rows here (the heading rows keep theirs).
fn rows_grow(xlsx: Vec<u8>) -> Result<Vec<u8>> {
    use std::io::{Cursor, Read as _, Write as _};
    let mut archive = zip::ZipArchive::new(Cursor::new(xlsx))?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let name = archive.by_index_raw(i)?.name()?.to_string();
        if name != "xl/worksheets/sheet1.xml" {
            out.raw_copy_file(archive.by_index_raw(i)?)?;
            continue;
        }
        let mut xml = String::new();
        archive.by_index(i)?.read_to_string(&mut xml)?;
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        out.start_file(name, options)?;
        out.write_all(unfix_task_rows(&xml).as_bytes())?;
    }
    Ok(out.finish()?.into_inner())
}

/// `xml` with ` customHeight="1"` taken off the `<row>` tags below the
/// header row.
fn unfix_task_rows(xml: &str) -> String {
    const MARK: &str = r#" customHeight="1""#;
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(at) = rest.find("<row ") {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find('>').map_or(rest.len(), |e| e + 1);
        let tag = &rest[..end];
        let number = tag
            .split_once(r#" r=""#)
            .and_then(|(_, after)| after.split_once('"'))
            .and_then(|(n, _)| n.parse::<u32>().ok());
        if number.is_some_and(|n| n > HEADER_ROW) {
            out.push_str(&tag.replacen(MARK, "", 1));
        } else {
            out.push_str(tag);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The writer's (0-based) row of task `i`.
fn excel_row(i: usize) -> u32 {
    HEADER_ROW + u32::try_from(i).unwrap_or(u32::MAX - HEADER_ROW)
}

fn col(column: Column) -> u16 {
    u16::try_from(column.number() - 1).unwrap_or(0)
}

fn heading(sheet: &mut Worksheet, form: &Form, f: &Formats) -> Result<()> {
    let period = &form.period;
    let title = format!("{}工作进展填报表", period.label);
    // Without `--due-by`, the last day `collect` takes a reply dated in
    // the period (`RuleBook::window`), said as such.
    let due_by = match form.due_by {
        Some(day) => chinese_date(day),
        None => format!(
            "{}（报送期结束后 {GRACE_DAYS} 天内）",
            chinese_date(RuleBook::window(period, None).1)
        ),
    };
    let lines = [
        format!("计划：{}", form.plan_title),
        format!(
            "填报单位：{}　　报送期：{}（{} 至 {}）　　报送截止：{}",
            form.department,
            period.label,
            period.start.format("%Y-%m-%d"),
            period.end.format("%Y-%m-%d"),
            due_by
        ),
        format!(
            "填写说明：只填白色单元格。写明本期进展、存在问题、下步打算和填报日期；状态有变化时在“状态”列选择，改为已完成须写完成依据，改为已取消须写理由；配合任务的状态由牵头单位填报，灰色不可改。“本期节点”列出年度工作计划中本期到期的时间节点，牵头单位在“节点完成情况”中选择已完成或未完成，并在本期进展中说明。没有进展的任务留空。保存后发回{}。",
            form.working_group_office
        ),
    ];
    sheet.merge_range(0, 0, 0, LAST_COLUMN, &title, &f.title)?;
    sheet.set_row_height(0, 30)?;
    for (i, line) in lines.iter().enumerate() {
        let row = u32::try_from(i + 1).unwrap_or(1);
        sheet.merge_range(row, 0, row, LAST_COLUMN, line, &f.heading)?;
        sheet.set_row_height(
            row,
            LINE_HEIGHT * lines_in(line, total_width()) as f64 + 6.0,
        )?;
    }
    for column in Column::ALL {
        sheet.write_string_with_format(HEADER_ROW - 1, col(column), column.header(), &f.header)?;
        sheet.set_column_width(col(column), column.width())?;
    }
    sheet.set_row_height(HEADER_ROW - 1, 30)?;
    Ok(())
}

fn task_row(sheet: &mut Worksheet, row: u32, task: &FormRow, f: &Formats) -> Result<()> {
    let texts = task.locked_texts();
    let no_milestone = String::new();
    let locked = [
        (Column::Id, &texts[0]),
        (Column::Title, &texts[1]),
        (Column::Role, &texts[2]),
        (Column::CurrentStatus, &texts[4]),
        (Column::LastProgress, &texts[5]),
        (Column::Milestone, texts.get(6).unwrap_or(&no_milestone)),
    ];
    for (column, text) in locked {
        let format = if starts_like_a_formula(text) {
            &f.locked_quoted
        } else {
            &f.locked
        };
        sheet.write_string_with_format(row, col(column), text, format)?;
    }
    sheet.write_date_with_format(
        row,
        col(Column::Due),
        &excel_date(task.due)?,
        &f.locked_date,
    )?;
    for column in Column::ALL.into_iter().filter(|c| c.is_fill_in()) {
        let format = match column {
            Column::Date => &f.fill_date,
            Column::Phone => &f.fill_text,
            _ => &f.fill,
        };
        if column == Column::Status && task.role == Role::Support {
            // Only a lead (or an office) changes a status (`RuleBook`): on
            // a supporting unit's row the status is locked and says who
            // reports it.
            let text = format!("{}{LEAD_REPORTS_STATUS}", task.status.label());
            sheet.write_string_with_format(row, col(column), text, &f.locked)?;
        } else if column == Column::MilestoneMet
            && (task.milestone.is_none() || task.role == Role::Support)
        {
            // Only a lead answers for a milestone, and only where one is due.
            let text = match &task.milestone {
                Some(_) => LEAD_REPORTS_STATUS,
                None => "",
            };
            sheet.write_string_with_format(row, col(column), text, &f.locked)?;
        } else if column == Column::Status {
            sheet.write_string_with_format(row, col(column), task.status.label(), format)?;
        } else {
            sheet.write_blank(row, col(column), format)?;
        }
    }
    let lines = locked
        .iter()
        .map(|(column, text)| lines_in(text, column.width()))
        .max()
        .unwrap_or(1)
        .max(MIN_FILL_LINES);
    sheet.set_row_height(row, LINE_HEIGHT * lines as f64 + 4.0)?;
    Ok(())
}

/// The status drop-down (on the rows of tasks the unit leads) and the
/// date check, over the task rows.
fn validations(sheet: &mut Worksheet, form: &Form) -> Result<()> {
    let Some(last) = form.rows.len().checked_sub(1).map(excel_row) else {
        return Ok(());
    };
    let statuses: Vec<&str> = Status::ALL.iter().map(|s| s.label()).collect();
    let status = DataValidation::new()
        .allow_list_strings(&statuses)?
        .set_error_title("状态")?
        .set_error_message("请从下拉列表中选择：未启动、推进中、已完成、滞后、已取消。")?
        .set_error_style(DataValidationErrorStyle::Stop);
    let first_day = excel_date(form.plan_date)?;
    let last_day = ExcelDateTime::from_ymd(2100, 12, 31)?;
    let date = DataValidation::new()
        .allow_date(DataValidationRule::Between(first_day, last_day))
        .set_input_title("填报日期")?
        .set_input_message("填写日期，如 2020-06-15")?
        .set_error_title("填报日期")?
        .set_error_message("请填写日期，如 2020-06-15。")?
        .set_error_style(DataValidationErrorStyle::Stop);
    let c = col(Column::Date);
    sheet.add_data_validation(HEADER_ROW, c, last, c, &date)?;
    let met = DataValidation::new()
        .allow_list_strings(&[MILESTONE_MET, MILESTONE_NOT_MET])?
        .set_error_title("节点完成情况")?
        .set_error_message("请从下拉列表中选择：已完成 或 未完成。")?
        .set_error_style(DataValidationErrorStyle::Stop);
    let (c, m) = (col(Column::Status), col(Column::MilestoneMet));
    for (i, task) in form.rows.iter().enumerate() {
        if task.role != Role::Support {
            let row = excel_row(i);
            sheet.add_data_validation(row, c, row, c, &status)?;
            if task.milestone.is_some() {
                sheet.add_data_validation(row, m, row, m, &met)?;
            }
        }
    }
    Ok(())
}

fn page(sheet: &mut Worksheet) -> Result<()> {
    sheet
        .set_landscape()
        .set_paper_size(9) // A4
        .set_print_fit_to_pages(1, 0)
        .set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3)
        .set_footer("&C第 &P 页 共 &N 页")
        .set_freeze_panes(HEADER_ROW, 2)?;
    sheet.set_repeat_rows(0, HEADER_ROW - 1)?;
    // Rows may be made taller: a long answer printed whole.
    sheet.protect_with_options(&ProtectionOptions {
        format_rows: true,
        ..ProtectionOptions::default()
    });
    Ok(())
}

/// The hidden sheet: the form's identity, one fact per row, then each
/// task's id, row and fingerprint.
fn identity_sheet(sheet: &mut Worksheet, form: &Form) -> Result<()> {
    let due_by = form
        .due_by
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default();
    let facts = [
        (FORM_MARK, FORM_VERSION.to_string()),
        ("plan", form.plan_title.clone()),
        ("plan_date", form.plan_date.format("%Y-%m-%d").to_string()),
        ("department", form.department.clone()),
        ("period", form.period.id.clone()),
        ("due_by", due_by),
        ("tasks", form.rows.len().to_string()),
    ];
    let mut row = 0u32;
    for (key, value) in facts {
        sheet.write_string(row, 0, key)?;
        sheet.write_string(row, 1, value)?;
        row += 1;
    }
    for (i, task) in form.rows.iter().enumerate() {
        sheet.write_string(row, 0, &task.id)?;
        sheet.write_number(row, 1, f64::from(excel_row(i) + 1))?;
        sheet.write_string(row, 2, task.fingerprint())?;
        row += 1;
    }
    sheet.protect();
    Ok(())
}

pub(super) fn excel_date(date: NaiveDate) -> Result<ExcelDateTime> {
    let year = u16::try_from(date.year()).context("year out of range")?;
    let month = u8::try_from(date.month()).context("month out of range")?;
    let day = u8::try_from(date.day()).context("day out of range")?;
    Ok(ExcelDateTime::from_ymd(year, month, day)?)
}

fn chinese_date(date: NaiveDate) -> String {
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

fn total_width() -> f64 {
    Column::ALL.iter().map(|c| c.width()).sum()
}

/// Lines `text` takes in a column `width` characters wide (a CJK
/// character is two), each line break starting a new one.
pub(super) fn lines_in(text: &str, width: f64) -> usize {
    let per_line = (width - 1.0).max(2.0);
    text.split('\n')
        .map(|line| {
            let w = UnicodeWidthStr::width(line) as f64;
            // Whole lines: a ratio of small positive numbers.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let n = (w / per_line).ceil() as usize;
            n.max(1)
        })
        .sum()
}
