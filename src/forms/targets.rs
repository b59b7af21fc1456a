//! The 年度工作计划 workbook: each open task's target for a year and up to
//! four dated milestones (more where a task already has more), sent out
//! by `targets --year` and read back by `targets --collect` under the same
//! rules as the forms: locked cells and a hidden identity sheet, every row
//! checked before anything is written, the whole workbook or nothing,
//! and a workbook read twice adds nothing.
//!
//! A row sets the year's whole target as the workbook shows it: a
//! milestone cleared in the workbook is dropped, and a row cleared whole
//! drops the year's target. Each row carries the target it was issued
//! with: where the task's target changed since (`update --milestone`, say),
//! the row is refused rather than overwriting it.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _, Result};
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, ExcelDateTime, ProtectionOptions,
    Workbook as XlsxBook, Worksheet,
};

use super::values::{self, fold_width};
use super::workbook::{column_name, Sheet, Value, Workbook};
use super::write::{excel_date, lines_in, Formats, LINE_HEIGHT};
use super::{fingerprint, IDENTITY_SHEET, MAX_FORM_BYTES};
use crate::edit::{self, change, Change, Layout, Prepared, Recovery, Session};
use crate::ids::TaskId;
use crate::ledger::AsOf;
use crate::model::{Milestone, Target, Task};
use crate::period::Period;
use crate::safe_text::starts_like_a_formula;
use crate::store::Store;
use crate::tr;

/// What the identity sheet's first cell says.
pub const TARGETS_MARK: &str = "cooptrack-targets";
pub const TARGETS_VERSION: &str = "1";
/// The sheet the office fills in.
pub const TARGETS_SHEET: &str = "年度工作计划";
/// The header row (1-based); the first task is on the row after it.
const HEADER_ROW: u32 = 5;
/// Milestone column pairs a workbook has at least.
const MIN_MILESTONES: usize = 4;
/// The locked columns: 编号, 任务, 牵头单位, 完成时限, 上年目标.
const LOCKED: u32 = 5;
/// 年度目标 (1-based column).
const GOAL_COLUMN: u32 = 6;

/// One task's row.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetRow {
    pub id: String,
    pub title: String,
    /// Its leads, as named on the day the workbook is made.
    pub lead: String,
    pub due: NaiveDate,
    /// The previous year's target in words, or "—".
    pub last_year: String,
    /// The year's target as the workbook is issued with it.
    pub current: Option<Target>,
}

impl TargetRow {
    fn locked_texts(&self) -> Vec<String> {
        vec![
            self.id.clone(),
            self.title.clone(),
            self.lead.clone(),
            self.due.format("%Y-%m-%d").to_string(),
            self.last_year.clone(),
        ]
    }
}

/// The workbook for one year.
#[derive(Debug, Clone)]
pub struct TargetsSheet {
    pub plan_title: String,
    pub plan_date: NaiveDate,
    pub working_group_office: String,
    pub year: i32,
    pub rows: Vec<TargetRow>,
    /// Milestone column pairs.
    pub milestones: usize,
}

impl TargetsSheet {
    /// `2021年度工作计划.xlsx`.
    pub fn file_name(&self) -> String {
        format!("{}年度工作计划.xlsx", self.year)
    }
}

/// A target in words: "完成可研批复；节点：2021-06-30 完成可研编制；…".
pub fn target_text(target: &Target) -> String {
    let mut parts: Vec<String> = target.goal.iter().cloned().collect();
    let milestones: Vec<String> = target
        .milestones
        .iter()
        .map(|m| format!("{} {}", m.by.format("%Y-%m-%d"), m.goal))
        .collect();
    if !milestones.is_empty() {
        parts.push(format!("节点：{}", milestones.join("；")));
    }
    parts.join("；")
}

/// The rows for `year`: every task open during the year as of `today`
/// (`AsOf::open_during`), in id order.
pub fn plan_sheet(store: &Store, year: i32, today: NaiveDate) -> Result<TargetsSheet> {
    let Some(plan) = &store.plan else {
        bail!(tr!(
            "{}: 缺少 plan.yaml，无法生成年度工作计划",
            "{}: no plan.yaml, so no annual plan can be made",
            store.dir.display()
        ));
    };
    let years = &plan.period;
    if year < years.start || year > years.end {
        bail!(tr!(
            "{year} 年不在计划期 {}—{} 年内",
            "{year} is not within the plan's years {}–{}",
            years.start,
            years.end
        ));
    }
    let period = Period::parse(&year.to_string()).map_err(anyhow::Error::msg)?;
    let view = AsOf::new(today, Some(plan));
    let mut tasks: Vec<&Task> = store
        .tasks
        .iter()
        .map(|f| &f.task)
        .filter(|t| view.open_during(t, &period))
        .collect();
    tasks.sort_by(|a, b| crate::ids::natural_cmp(&a.id, &b.id));
    let rows: Vec<TargetRow> = tasks
        .into_iter()
        .map(|task| {
            let lead: Vec<&str> = task
                .lead
                .iter()
                .map(|l| view.name(&store.registry, l))
                .collect();
            TargetRow {
                id: task.id.clone(),
                title: crate::safe_text::fit_cell(&task.title, Some(&task.id)).into_owned(),
                lead: lead.join("、"),
                due: view.due(task),
                last_year: task
                    .target(year - 1)
                    .map_or_else(|| "—".to_string(), target_text),
                current: task.target(year).cloned(),
            }
        })
        .collect();
    let most = rows
        .iter()
        .filter_map(|r| r.current.as_ref().map(|t| t.milestones.len()))
        .max()
        .unwrap_or(0);
    Ok(TargetsSheet {
        plan_title: plan.title.clone(),
        plan_date: plan.date,
        working_group_office: plan.working_group_office.clone(),
        year,
        rows,
        milestones: most.max(MIN_MILESTONES),
    })
}

/// The fingerprint of the year's target as issued (empty: none).
fn issued_print(target: Option<&Target>) -> String {
    fingerprint(&[target.map(target_text).unwrap_or_default()])
}

const CHINESE_NUMBERS: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

/// The columns' headers and widths, in order.
fn columns(milestones: usize) -> Vec<(String, f64)> {
    let mut columns: Vec<(String, f64)> = [
        ("编号", 6.0),
        ("任务", 26.0),
        ("牵头单位", 14.0),
        ("完成时限", 11.5),
        ("上年目标", 24.0),
        ("年度目标", 26.0),
    ]
    .into_iter()
    .map(|(h, w)| (h.to_string(), w))
    .collect();
    for i in 0..milestones {
        let n = CHINESE_NUMBERS
            .get(i)
            .map_or_else(|| (i + 1).to_string(), |n| (*n).to_string());
        columns.push((format!("节点{n}日期"), 11.5));
        columns.push((format!("节点{n}目标"), 18.0));
    }
    columns
}

fn col(number: u32) -> u16 {
    u16::try_from(number - 1).unwrap_or(u16::MAX)
}

/// The workbook's bytes.
pub fn workbook(sheet: &TargetsSheet) -> Result<Vec<u8>> {
    let mut book = XlsxBook::new();
    let f = Formats::new();
    let columns = columns(sheet.milestones);
    let last = col(u32::try_from(columns.len()).unwrap_or(u32::MAX));
    let ws = book.add_worksheet();
    ws.set_name(TARGETS_SHEET)?;
    let title = format!("{}年度工作计划（年度目标和时间节点）", sheet.year);
    let lines = [
        format!("计划：{}", sheet.plan_title),
        format!(
            "填写说明：只填白色单元格。每项任务写明 {} 年度目标，并按时间先后填写时间节点（日期须在 {} 年内、不晚于完成时限，每个节点写明日期和目标）。已有的目标已预先填入，可修改；清空一行即取消该任务本年度的目标。填好后交{}汇总。",
            sheet.year, sheet.year, sheet.working_group_office
        ),
    ];
    ws.merge_range(0, 0, 0, last, &title, &f.title)?;
    ws.set_row_height(0, 30)?;
    let total: f64 = columns.iter().map(|(_, w)| w).sum();
    for (i, line) in lines.iter().enumerate() {
        let row = u32::try_from(i + 1).unwrap_or(1);
        ws.merge_range(row, 0, row, last, line, &f.heading)?;
        ws.set_row_height(row, LINE_HEIGHT * lines_in(line, total) as f64 + 6.0)?;
    }
    for (i, (header, width)) in columns.iter().enumerate() {
        let c = u16::try_from(i).unwrap_or(u16::MAX);
        ws.write_string_with_format(HEADER_ROW - 1, c, header, &f.header)?;
        ws.set_column_width(c, *width)?;
    }
    ws.set_row_height(HEADER_ROW - 1, 30)?;
    for (i, row) in sheet.rows.iter().enumerate() {
        task_row(ws, &f, excel_row(i), row, sheet.milestones, &columns)?;
    }
    dates_check(ws, sheet)?;
    ws.set_landscape()
        .set_paper_size(9)
        .set_print_fit_to_pages(1, 0)
        .set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3)
        .set_footer("&C第 &P 页 共 &N 页")
        .set_freeze_panes(HEADER_ROW, 2)?;
    ws.set_repeat_rows(0, HEADER_ROW - 1)?;
    ws.protect_with_options(&ProtectionOptions {
        format_rows: true,
        ..ProtectionOptions::default()
    });
    let identity = book.add_worksheet();
    identity.set_name(IDENTITY_SHEET)?;
    identity_sheet(identity, sheet)?;
    identity.set_hidden(true);
    book.save_to_buffer()
        .context("the annual plan workbook could not be assembled")
}

/// The writer's (0-based) row of task `i`.
fn excel_row(i: usize) -> u32 {
    HEADER_ROW + u32::try_from(i).unwrap_or(u32::MAX - HEADER_ROW)
}

fn task_row(
    ws: &mut Worksheet,
    f: &Formats,
    row: u32,
    task: &TargetRow,
    milestones: usize,
    columns: &[(String, f64)],
) -> Result<()> {
    let texts = task.locked_texts();
    for (c, text) in [
        (0u16, &texts[0]),
        (1, &texts[1]),
        (2, &texts[2]),
        (4, &texts[4]),
    ] {
        let format = if starts_like_a_formula(text) {
            &f.locked_quoted
        } else {
            &f.locked
        };
        ws.write_string_with_format(row, c, text, format)?;
    }
    ws.write_date_with_format(row, 3, &excel_date(task.due)?, &f.locked_date)?;
    let goal = task.current.as_ref().and_then(|t| t.goal.clone());
    let goal_col = col(GOAL_COLUMN);
    match &goal {
        Some(goal) => ws.write_string_with_format(row, goal_col, goal, &f.fill)?,
        None => ws.write_blank(row, goal_col, &f.fill)?,
    };
    let set: &[Milestone] = task
        .current
        .as_ref()
        .map_or(&[], |t| t.milestones.as_slice());
    for i in 0..milestones {
        let date_col = goal_col + 1 + u16::try_from(2 * i).unwrap_or(0);
        match set.get(i) {
            Some(m) => {
                ws.write_date_with_format(row, date_col, &excel_date(m.by)?, &f.fill_date)?;
                ws.write_string_with_format(row, date_col + 1, &m.goal, &f.fill)?;
            }
            None => {
                ws.write_blank(row, date_col, &f.fill_date)?;
                ws.write_blank(row, date_col + 1, &f.fill)?;
            }
        }
    }
    // Tall enough for the longest text already in the row, and room to write.
    let mut cells: Vec<(&str, f64)> = vec![
        (&texts[1], columns[1].1),
        (&texts[2], columns[2].1),
        (&texts[4], columns[4].1),
    ];
    if let Some(goal) = &goal {
        cells.push((goal, columns[5].1));
    }
    for (i, m) in set.iter().enumerate() {
        cells.extend(columns.get(7 + 2 * i).map(|c| (m.goal.as_str(), c.1)));
    }
    let lines = cells
        .iter()
        .map(|(text, width)| lines_in(text, *width))
        .max()
        .unwrap_or(1)
        .max(3);
    ws.set_row_height(row, LINE_HEIGHT * lines as f64 + 4.0)?;
    Ok(())
}

/// Milestone dates must be dates of the year.
fn dates_check(ws: &mut Worksheet, sheet: &TargetsSheet) -> Result<()> {
    let Some(last) = sheet.rows.len().checked_sub(1).map(excel_row) else {
        return Ok(());
    };
    let year = u16::try_from(sheet.year).context("year out of range")?;
    let check = DataValidation::new()
        .allow_date(DataValidationRule::Between(
            ExcelDateTime::from_ymd(year, 1, 1)?,
            ExcelDateTime::from_ymd(year, 12, 31)?,
        ))
        .set_error_title("节点日期")?
        .set_error_message(format!(
            "请填写 {} 年内的日期，如 {}-06-30。",
            sheet.year, sheet.year
        ))?
        .set_error_style(DataValidationErrorStyle::Stop);
    for i in 0..sheet.milestones {
        let c = col(GOAL_COLUMN) + 1 + u16::try_from(2 * i).unwrap_or(0);
        ws.add_data_validation(HEADER_ROW, c, last, c, &check)?;
    }
    Ok(())
}

/// The hidden sheet: what the workbook is, then each task's id, row, the
/// fingerprint of its locked cells and of the target it was issued with.
fn identity_sheet(ws: &mut Worksheet, sheet: &TargetsSheet) -> Result<()> {
    let facts = [
        (TARGETS_MARK, TARGETS_VERSION.to_string()),
        ("plan", sheet.plan_title.clone()),
        ("plan_date", sheet.plan_date.format("%Y-%m-%d").to_string()),
        ("year", sheet.year.to_string()),
        ("milestones", sheet.milestones.to_string()),
        ("tasks", sheet.rows.len().to_string()),
    ];
    let mut row = 0u32;
    for (key, value) in facts {
        ws.write_string(row, 0, key)?;
        ws.write_string(row, 1, value)?;
        row += 1;
    }
    for (i, task) in sheet.rows.iter().enumerate() {
        ws.write_string(row, 0, &task.id)?;
        ws.write_number(row, 1, f64::from(excel_row(i) + 1))?;
        ws.write_string(row, 2, fingerprint(&task.locked_texts()))?;
        ws.write_string(row, 3, issued_print(task.current.as_ref()))?;
        row += 1;
    }
    ws.protect();
    Ok(())
}

// ------------------------------------------------------------ reading back

/// What became of one task's row.
#[derive(Debug, Clone, PartialEq)]
pub enum TargetOutcome {
    /// The year's target set to this (None: dropped).
    Set(Option<Target>),
    /// The same as the task has.
    Unchanged,
    /// Refused: the cell (`年度工作计划!G8`) and why.
    Refused { cell: String, reason: String },
}

#[derive(Debug, Clone)]
pub struct TargetRowResult {
    pub id: String,
    pub outcome: TargetOutcome,
}

/// The workbook and what became of it.
#[derive(Debug, Clone)]
pub struct TargetsResult {
    pub file: PathBuf,
    pub year: Option<i32>,
    /// Why the whole workbook was refused before its rows were read.
    pub error: Option<String>,
    pub rows: Vec<TargetRowResult>,
    /// Task files written.
    pub written: Vec<PathBuf>,
}

impl TargetsResult {
    pub fn refused(&self) -> bool {
        self.error.is_some()
            || self
                .rows
                .iter()
                .any(|r| matches!(r.outcome, TargetOutcome::Refused { .. }))
    }

    pub fn set(&self) -> usize {
        self.rows
            .iter()
            .filter(|r| matches!(r.outcome, TargetOutcome::Set(_)))
            .count()
    }
}

/// Reads the workbook, checks every row, and (unless `dry_run`) writes the
/// tasks' targets through the edit path under `session`'s lock: every
/// task file of the workbook, or none.
pub fn collect(
    store: &Store,
    file: &Path,
    dry_run: bool,
    commit: bool,
    session: &Session,
) -> Result<TargetsResult> {
    let mut result = TargetsResult {
        file: file.to_path_buf(),
        year: None,
        error: None,
        rows: Vec::new(),
        written: Vec::new(),
    };
    let rows = match read(store, file) {
        Ok((year, rows)) => {
            result.year = Some(year);
            rows
        }
        Err(error) => {
            result.error = Some(error);
            return Ok(result);
        }
    };
    let year = result.year.unwrap_or_default();
    let mut prepared: Vec<Prepared> = Vec::new();
    for (id, outcome) in rows {
        if let TargetOutcome::Set(target) = &outcome {
            if !result.refused() {
                match prepare(store, &id, year, target.clone()) {
                    Ok(file) => prepared.push(file),
                    Err(error) => result.error = Some(format!("{id}: {error:#}")),
                }
            }
        }
        result.rows.push(TargetRowResult { id, outcome });
    }
    if result.refused() || dry_run {
        return Ok(result);
    }
    // The whole workbook or none of it, even if killed midway (with
    // `--commit`, an interrupted one is rolled back, to be written and
    // committed whole by the next run).
    let files: Vec<&Prepared> = prepared.iter().collect();
    let what = tr!(
        "读回年度工作计划 {}",
        "collecting annual plan {}",
        file.display()
    );
    let on_interrupt = if commit {
        Recovery::RollBack
    } else {
        Recovery::Complete
    };
    session.write_group(&what, on_interrupt, &files)?;
    result.written = files
        .iter()
        .filter(|f| f.changed())
        .map(|f| f.path.clone())
        .collect();
    Ok(result)
}

/// The task file with the year's target set, through the edit path.
fn prepare(store: &Store, id: &str, year: i32, target: Option<Target>) -> Result<Prepared> {
    let id: TaskId = id.parse().map_err(anyhow::Error::msg)?;
    let open = edit::open_task(&store.dir, id, false)?;
    let intended = change::apply(&open.task, &[Change::Target { year, target }]);
    Ok(edit::edit_task(
        &open.path,
        &open.text,
        &open.task,
        &intended,
        Layout::InPlaceOrAskForReformat,
        &open.check(),
    )?)
}

fn cell(col: u32, row: u32) -> String {
    format!("{TARGETS_SHEET}!{}{row}", column_name(col))
}

/// The workbook's year and each row's outcome, or why the whole workbook
/// is refused.
fn read(store: &Store, file: &Path) -> Result<(i32, Vec<(String, TargetOutcome)>), String> {
    let unreadable = super::collect::unreadable;
    let size = std::fs::metadata(file).map_err(unreadable)?.len();
    if size > MAX_FORM_BYTES {
        return Err(tr!(
            "文件有 {} MB，超过上限 {} MB，未读取",
            "the file is {} MB, over the {} MB allowed; not read",
            size / 1024 / 1024,
            MAX_FORM_BYTES / 1024 / 1024
        ));
    }
    let bytes = std::fs::read(file).map_err(unreadable)?;
    let mut book = Workbook::open(bytes).map_err(|e| e.0)?;
    let not_ours = || {
        tr!(
            "不是 cooptrack 年度工作计划（请用 cooptrack targets --year 生成的表格）",
            "not a cooptrack annual plan workbook (use one made by cooptrack targets --year)"
        )
    };
    let identity = book
        .sheet(IDENTITY_SHEET)
        .map_err(|e| e.0)?
        .ok_or_else(not_ours)?;
    let text = |row: u32, col: u32| values::text(identity.get(row, col)).unwrap_or_default();
    if text(1, 1) != TARGETS_MARK {
        return Err(not_ours());
    }
    if text(1, 2) != TARGETS_VERSION {
        return Err(tr!(
            "年度工作计划格式版本 {} 不受支持；请用 cooptrack targets --year 重新生成",
            "annual plan layout version {} is not supported; make it again with cooptrack targets --year",
            text(1, 2)
        ));
    }
    let plan = store.plan.as_ref().ok_or_else(|| {
        tr!(
            "任务目录没有 plan.yaml",
            "the tasks directory has no plan.yaml"
        )
    })?;
    let (title, date) = (text(2, 2), text(3, 2));
    if title != plan.title || date != plan.date.format("%Y-%m-%d").to_string() {
        return Err(tr!(
            "是另一计划的年度工作计划（“{title}”，{date}），不是本计划的",
            "an annual plan of another plan (“{title}”, {date}), not of this one"
        ));
    }
    let year: i32 = text(4, 2).parse().map_err(|_| not_ours())?;
    let milestones: usize = text(5, 2).parse().map_err(|_| not_ours())?;
    let count: u32 = text(6, 2).parse().map_err(|_| not_ours())?;
    if milestones > 100 || count > 100_000 {
        return Err(not_ours());
    }
    let sheet = book.sheet(TARGETS_SHEET).map_err(|e| e.0)?.ok_or_else(|| {
        tr!(
            "没有“{TARGETS_SHEET}”工作表",
            "it has no “{TARGETS_SHEET}” sheet"
        )
    })?;
    let date1904 = book.date1904;
    let mut rows = Vec::new();
    for i in 0..count {
        let at = 7 + i;
        let id = text(at, 1);
        let row = text(at, 2).parse::<f64>().map_err(|_| not_ours())?;
        // Written as a whole row number by `identity_sheet`.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let row = row as u32;
        let issued = Issued {
            id: id.clone(),
            row,
            locked: text(at, 3),
            target: text(at, 4),
        };
        let outcome = match read_row(store, &sheet, &issued, year, milestones, date1904) {
            Ok(outcome) => outcome,
            Err((cell, reason)) => TargetOutcome::Refused { cell, reason },
        };
        rows.push((id, outcome));
    }
    Ok((year, rows))
}

/// A row as the identity sheet records it.
struct Issued {
    id: String,
    row: u32,
    locked: String,
    target: String,
}

fn read_row(
    store: &Store,
    sheet: &Sheet,
    issued: &Issued,
    year: i32,
    milestones: usize,
    date1904: bool,
) -> Result<TargetOutcome, (String, String)> {
    let row = issued.row;
    let get = |col: u32| values::text(sheet.get(row, col));
    if get(1).map(|s| fold_width(&s)).as_deref() != Some(issued.id.as_str()) {
        return Err((
            cell(1, row),
            tr!(
                "编号应为 {}：编号不能修改，行不能插入、删除或移动",
                "the id should be {}: ids may not be changed, and rows may not be inserted, deleted or moved",
                issued.id
            ),
        ));
    }
    let task = store
        .tasks
        .iter()
        .map(|f| &f.task)
        .find(|t| t.id == issued.id)
        .ok_or_else(|| {
            (
                cell(1, row),
                tr!(
                    "任务 {} 已不在任务目录中",
                    "task {} is no longer in the tasks directory",
                    issued.id
                ),
            )
        })?;
    let due_text = sheet
        .get(row, 4)
        .and_then(|v| values::date(v, date1904))
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| get(4).unwrap_or_default());
    let mut locked: Vec<String> = (1..=LOCKED).map(|c| get(c).unwrap_or_default()).collect();
    locked[0] = issued.id.clone();
    locked[3] = due_text;
    if fingerprint(&locked) != issued.locked {
        return Err((
            cell(2, row),
            tr!(
                "锁定单元格（编号、任务、牵头单位、完成时限、上年目标）被改动：这些内容不能修改",
                "a locked cell (id, task, lead, deadline, last year's target) was changed: these may not be edited"
            ),
        ));
    }
    if issued_print(task.target(year)) != issued.target {
        return Err((
            cell(GOAL_COLUMN, row),
            tr!(
                "任务 {} 的 {year} 年度目标在本表下发后已修改：请重新生成年度工作计划，以免覆盖",
                "task {}'s target for {year} changed after this workbook was made: make it again, so as not to overwrite it",
                task.id
            ),
        ));
    }
    let goal = get(GOAL_COLUMN).filter(|g| !g.trim().is_empty());
    let mut set = read_milestones(sheet, row, task, year, milestones, date1904)?;
    set.sort_by_key(|m| m.by);
    let intended = (goal.is_some() || !set.is_empty()).then_some(Target {
        year,
        goal,
        milestones: set,
    });
    Ok(if intended.as_ref() == task.target(year) {
        TargetOutcome::Unchanged
    } else {
        TargetOutcome::Set(intended)
    })
}

/// The milestone pairs of a row, each date in the year and not after the
/// task's deadline, each with its goal, no date twice.
fn read_milestones(
    sheet: &Sheet,
    row: u32,
    task: &Task,
    year: i32,
    milestones: usize,
    date1904: bool,
) -> Result<Vec<Milestone>, (String, String)> {
    let get = |col: u32| values::text(sheet.get(row, col));
    let mut set: Vec<Milestone> = Vec::new();
    for i in 0..milestones {
        let date_col = GOAL_COLUMN + 1 + 2 * u32::try_from(i).unwrap_or(0);
        let goal_col = date_col + 1;
        let raw = sheet.get(row, date_col);
        let text_goal = get(goal_col).filter(|g| !g.trim().is_empty());
        let date = match raw {
            None => None,
            Some(Value::Text(t)) if t.trim().is_empty() => None,
            Some(v) => Some(values::date(v, date1904).ok_or_else(|| {
                (
                    cell(date_col, row),
                    tr!(
                        "“{}”不是日期：请写如 {year}-06-30",
                        "“{}” is not a date: write it like {year}-06-30",
                        values::text(Some(v)).unwrap_or_default()
                    ),
                )
            })?),
        };
        match (date, text_goal) {
            (None, None) => {}
            (Some(by), Some(goal)) => {
                if by.year() != year {
                    return Err((
                        cell(date_col, row),
                        tr!(
                            "节点日期 {by} 不在 {year} 年内",
                            "the milestone date {by} is not in {year}"
                        ),
                    ));
                }
                if by > task.due {
                    return Err((
                        cell(date_col, row),
                        tr!(
                            "节点日期 {by} 晚于任务的完成时限 {}",
                            "the milestone date {by} is after the task's deadline {}",
                            task.due
                        ),
                    ));
                }
                if set.iter().any(|m| m.by == by) {
                    return Err((
                        cell(date_col, row),
                        tr!(
                            "节点日期 {by} 出现了两次",
                            "the milestone date {by} is given twice"
                        ),
                    ));
                }
                set.push(Milestone { by, goal });
            }
            (Some(by), None) => {
                return Err((
                    cell(goal_col, row),
                    tr!("节点 {by} 没有写目标", "the milestone {by} has no goal"),
                ))
            }
            (None, Some(_)) => {
                return Err((
                    cell(date_col, row),
                    tr!("节点目标没有写日期", "the milestone's goal has no date"),
                ))
            }
        }
    }
    Ok(set)
}
