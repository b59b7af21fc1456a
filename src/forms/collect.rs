//! Reading filled-in forms back (汇总): each form checked whole, then its
//! entries recorded through the one edit path, or nothing of it at all.
//!
//! A form is refused when it is not a form of this plan, when its
//! structure was changed (ids, locked cells, added, merged or hidden rows),
//! or when any row breaks the office's rules. Refused forms write nothing;
//! the others still apply.

use std::path::{Path, PathBuf};

use anyhow::Result;
use chrono::{Duration, NaiveDate};

use super::values::{self, fold_width};
use super::workbook::{parse_ref, Sheet, Workbook};
use super::{
    fingerprint, row_for, source_key, Column, FormRow, FORM_MARK, FORM_SHEET, FORM_VERSION,
    HEADER_ROW, IDENTITY_SHEET, MAX_FORM_BYTES,
};
use crate::edit::{self, change, Change, Layout, Prepared, Session};
use crate::i18n::pick;
use crate::ids::TaskId;
use crate::model::{ProgressEntry, Status, StatusChange, Task};
use crate::period::{self, Period, Unreported};
use crate::query::Role;
use crate::store::Store;
use crate::tr;

/// Days after a period's end in which a reply still counts for it (or
/// until the form's reply deadline, if later).
pub const GRACE_DAYS: i64 = 15;

/// Most task rows a form may list (Excel has a million rows; a
/// department has tens of tasks).
const MAX_FORM_ROWS: u32 = 100_000;

#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub today: NaiveDate,
    pub replace: bool,
    pub dry_run: bool,
}

/// What became of one task's row.
#[derive(Debug, Clone, PartialEq)]
pub enum RowOutcome {
    /// New entries, recorded (or to be, in a dry run).
    Added(Vec<ProgressEntry>),
    /// Entries of an earlier form of the same department and period,
    /// replaced by these (`--replace`).
    Replaced(Vec<ProgressEntry>),
    /// Collected before, with the same content.
    Unchanged,
    /// Nothing filled in: not reported.
    Empty,
    /// Refused: the cell (`填报表!J8`) and why.
    Refused { cell: String, reason: String },
}

#[derive(Debug, Clone)]
pub struct RowResult {
    pub id: String,
    pub outcome: RowOutcome,
}

/// One form and what became of it.
#[derive(Debug, Clone)]
pub struct FormResult {
    pub file: PathBuf,
    pub department: Option<String>,
    pub period: Option<Period>,
    /// Why the whole form was refused before its rows were looked at.
    pub error: Option<String>,
    pub rows: Vec<RowResult>,
    /// Task files written for it.
    pub written: Vec<PathBuf>,
}

impl FormResult {
    pub fn refused(&self) -> bool {
        self.error.is_some()
            || self
                .rows
                .iter()
                .any(|r| matches!(r.outcome, RowOutcome::Refused { .. }))
    }

    pub fn entries(&self) -> usize {
        self.rows
            .iter()
            .map(|r| match &r.outcome {
                RowOutcome::Added(e) | RowOutcome::Replaced(e) => e.len(),
                _ => 0,
            })
            .sum()
    }

    fn failed(file: &Path, error: String) -> FormResult {
        FormResult {
            file: file.to_path_buf(),
            department: None,
            period: None,
            error: Some(error),
            rows: Vec::new(),
            written: Vec::new(),
        }
    }
}

/// All the forms read, and who has still not reported.
#[derive(Debug, Clone)]
pub struct Collection {
    pub forms: Vec<FormResult>,
    /// 未报送单位 for each period the forms are for.
    pub unreported: Vec<(Period, Vec<Unreported>)>,
}

impl Collection {
    pub fn refused_forms(&self) -> usize {
        self.forms.iter().filter(|f| f.refused()).count()
    }
}

/// Reads every form, checks it, and records the entries of each form that
/// passes (unless `dry_run`), under `session`'s lock.
pub fn collect(
    store: &mut Store,
    files: &[PathBuf],
    options: Options,
    session: &Session,
) -> Result<Collection> {
    let mut forms = Vec::new();
    let mut periods: Vec<Period> = Vec::new();
    for file in files {
        let mut result = match read_form(store, file, options) {
            Ok(form) => form,
            Err(error) => {
                forms.push(FormResult::failed(file, error));
                continue;
            }
        };
        if !result.result.refused() {
            let prepared = match prepare(store, &result) {
                Ok(prepared) => prepared,
                // A change the edit path refuses (the result would not
                // validate): the form is refused, the others go on.
                Err(error) => {
                    result.result.error = Some(format!("{error:#}"));
                    forms.push(result.result);
                    continue;
                }
            };
            if !options.dry_run {
                for (file, _) in &prepared {
                    session.write(file)?;
                    if file.changed() {
                        result.result.written.push(file.path.clone());
                    }
                }
            }
            // Later forms (and the 未报送 list) see these entries.
            for (_, task) in prepared {
                if let Some(slot) = store.tasks.iter_mut().find(|t| t.task.id == task.id) {
                    slot.task = task;
                }
            }
        }
        if let Some(p) = &result.result.period {
            if !periods.contains(p) {
                periods.push(p.clone());
            }
        }
        forms.push(result.result);
    }
    let tasks: Vec<Task> = store.tasks.iter().map(|f| f.task.clone()).collect();
    let unreported = periods
        .into_iter()
        .map(|p| {
            let missing = period::unreported(&tasks, &p, options.today, &store.registry);
            (p, missing)
        })
        .collect();
    Ok(Collection { forms, unreported })
}

/// A form read and checked, with the task each row changes.
struct CheckedForm {
    result: FormResult,
    /// (task id, its entries to remove, its entries to add, new status).
    plans: Vec<TaskPlan>,
}

struct TaskPlan {
    id: String,
    remove: Vec<ProgressEntry>,
    add: Vec<ProgressEntry>,
    status: Option<Status>,
}

/// The task files a passed form changes, prepared through the edit path.
fn prepare(store: &Store, form: &CheckedForm) -> Result<Vec<(Prepared, Task)>> {
    let mut files = Vec::new();
    for plan in &form.plans {
        let id: TaskId = plan.id.parse().map_err(anyhow::Error::msg)?;
        let target = edit::open_task(&store.dir, id, false)?;
        // The task as this run has it: in a dry run, with what earlier
        // forms would have added (the same as the file otherwise).
        let mut base = store
            .tasks
            .iter()
            .find(|t| t.task.id == plan.id)
            .map_or_else(|| target.task.clone(), |t| t.task.clone());
        base.progress.retain(|e| !plan.remove.contains(e));
        if let Some(reverted) = reverted_status(&plan.remove) {
            base.status = reverted;
        }
        let mut changes: Vec<Change> = plan.add.iter().cloned().map(Change::Progress).collect();
        changes.extend(plan.status.map(Change::Status));
        let intended = change::apply(&base, &changes);
        let file = edit::edit_task(
            &target.path,
            &target.text,
            &target.task,
            &intended,
            Layout::InPlaceOrAskForReformat,
            &target.check(),
        )?;
        files.push((file, intended));
    }
    Ok(files)
}

/// The status before the removed entries changed it.
fn reverted_status(removed: &[ProgressEntry]) -> Option<Status> {
    removed
        .iter()
        .find_map(|e| e.status.as_ref())
        .map(|change| change.from)
}

/// The cell named as users see it: `填报表!J8`.
fn cell_name(column: Column, row: u32) -> String {
    format!("{FORM_SHEET}!{}{row}", column.letter())
}

fn read_form(store: &Store, file: &Path, options: Options) -> Result<CheckedForm, String> {
    let size = std::fs::metadata(file).map_err(unreadable)?.len();
    if size == 0 {
        return Err(pick("空文件，不是填报表", "an empty file, not a form").to_string());
    }
    if size > MAX_FORM_BYTES {
        return Err(tr!(
            "文件有 {} MB，超过填报表上限 {} MB，未读取",
            "the file is {} MB, over the {} MB a form may be; not read",
            size / 1024 / 1024,
            MAX_FORM_BYTES / 1024 / 1024
        ));
    }
    let bytes = std::fs::read(file).map_err(unreadable)?;
    let mut book = Workbook::open(bytes).map_err(|e| e.0)?;
    let identity = book
        .sheet(IDENTITY_SHEET)
        .map_err(|e| e.0)?
        .ok_or_else(|| {
            pick(
                "不是 cooptrack 填报表：没有标识工作表 _cooptrack（请用 cooptrack forms 生成的表格填报）",
                "not a cooptrack form: it has no _cooptrack identity sheet (fill in a form made by cooptrack forms)",
            )
            .to_string()
        })?;
    let identity = Identity::read(&identity, store)?;
    let sheet = book.sheet(FORM_SHEET).map_err(|e| e.0)?.ok_or_else(|| {
        tr!(
            "没有“{FORM_SHEET}”工作表（工作表被改名或删除）",
            "it has no “{FORM_SHEET}” sheet (renamed or deleted)"
        )
    })?;
    check_structure(&sheet, &identity)?;
    let mut checked = CheckedForm {
        result: FormResult {
            file: file.to_path_buf(),
            department: Some(identity.department.clone()),
            period: Some(identity.period.clone()),
            error: None,
            rows: Vec::new(),
            written: Vec::new(),
        },
        plans: Vec::new(),
    };
    let reading = Reading {
        store,
        sheet: &sheet,
        identity: &identity,
        date1904: book.date1904,
        options,
    };
    for task in &identity.tasks {
        let outcome = match reading.row(task) {
            Ok((outcome, plan)) => {
                checked.plans.extend(plan);
                outcome
            }
            Err((cell, reason)) => RowOutcome::Refused { cell, reason },
        };
        checked.result.rows.push(RowResult {
            id: task.id.clone(),
            outcome,
        });
    }
    Ok(checked)
}

fn unreadable(error: std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => pick("文件不存在", "no such file").to_string(),
        std::io::ErrorKind::PermissionDenied => {
            pick("无权读取该文件", "permission denied").to_string()
        }
        _ => tr!("无法读取：{error}", "cannot read it: {error}"),
    }
}

/// What the hidden sheet says the form is.
struct Identity {
    department: String,
    period: Period,
    due_by: Option<NaiveDate>,
    tasks: Vec<IssuedRow>,
}

struct IssuedRow {
    id: String,
    row: u32,
    fingerprint: String,
}

impl Identity {
    fn read(sheet: &Sheet, store: &Store) -> Result<Identity, String> {
        let text = |row: u32, col: u32| values::text(sheet.get(row, col)).unwrap_or_default();
        if text(1, 1) != FORM_MARK {
            return Err(pick(
                "不是 cooptrack 填报表：标识工作表 _cooptrack 不完整",
                "not a cooptrack form: its _cooptrack identity sheet is incomplete",
            )
            .to_string());
        }
        if text(1, 2) != FORM_VERSION {
            return Err(tr!(
                "填报表格式版本 {} 不受支持（本程序读取版本 {FORM_VERSION}）；请用 cooptrack forms 重新生成",
                "form layout version {} is not supported (this cooptrack reads version {FORM_VERSION}); make the forms again with cooptrack forms",
                text(1, 2)
            ));
        }
        let plan = store.plan.as_ref().ok_or_else(|| {
            pick(
                "任务目录没有 plan.yaml",
                "the tasks directory has no plan.yaml",
            )
            .to_string()
        })?;
        let (title, date) = (text(2, 2), text(3, 2));
        if title != plan.title || date != plan.date.format("%Y-%m-%d").to_string() {
            return Err(tr!(
                "是另一计划的填报表（“{title}”，{date}），不是本计划（“{}”，{}）的",
                "a form of another plan (“{title}”, {date}), not of this one (“{}”, {})",
                plan.title,
                plan.date
            ));
        }
        let named = text(4, 2);
        let department = store
            .registry
            .resolve(&named)
            .map(|d| d.name.clone())
            .ok_or_else(|| {
                tr!(
                    "填报表的单位“{named}”不在 departments.yaml 中",
                    "the form's department “{named}” is not in departments.yaml"
                )
            })?;
        let period = Period::parse(&text(5, 2))?;
        let due_by = NaiveDate::parse_from_str(&text(6, 2), "%Y-%m-%d").ok();
        // A form lists a department's tasks: a few, never a million.
        let count: u32 = text(7, 2)
            .parse()
            .ok()
            .filter(|n| *n <= MAX_FORM_ROWS)
            .ok_or_else(|| {
                pick(
                    "不是完整的 cooptrack 填报表：标识工作表 _cooptrack 的任务数无效",
                    "not a complete cooptrack form: the task count in its _cooptrack sheet is invalid",
                )
                .to_string()
            })?;
        let tasks = (0..count)
            .map(|i| IssuedRow {
                id: text(8 + i, 1),
                row: text(8 + i, 2).parse().unwrap_or(0),
                fingerprint: text(8 + i, 3),
            })
            .collect();
        Ok(Identity {
            department,
            period,
            due_by,
            tasks,
        })
    }

    fn last_row(&self) -> u32 {
        self.tasks.iter().map(|t| t.row).max().unwrap_or(HEADER_ROW)
    }
}

/// Rows the department may not add, hide or merge.
fn check_structure(sheet: &Sheet, identity: &Identity) -> Result<(), String> {
    if let Some(row) = sheet.hidden_rows.iter().find(|r| **r >= HEADER_ROW) {
        return Err(tr!(
            "{FORM_SHEET} 第 {row} 行被隐藏：填报表的行不能隐藏，请取消隐藏后再发回",
            "row {row} of {FORM_SHEET} is hidden: a form's rows must stay visible; unhide it and send the form again"
        ));
    }
    for range in &sheet.merged {
        let first_row = range
            .split(':')
            .next()
            .and_then(parse_ref)
            .map_or(0, |(row, _)| row);
        let last_row = range
            .split(':')
            .nth(1)
            .and_then(parse_ref)
            .map_or(first_row, |(row, _)| row);
        if last_row >= HEADER_ROW {
            return Err(tr!(
                "{FORM_SHEET}!{range} 是合并单元格：填报表的表格部分不能合并单元格",
                "{FORM_SHEET}!{range} is merged: cells in a form's table may not be merged"
            ));
        }
    }
    let last = identity.last_row();
    let mut extra: Vec<(u32, u32)> = sheet
        .cells()
        .filter(|((row, _), value)| *row > last && values::text(Some(value)).is_some())
        .map(|(at, _)| *at)
        .collect();
    extra.sort_unstable();
    if let Some((row, col)) = extra.first() {
        return Err(tr!(
            "{FORM_SHEET}!{}{row} 在任务行之后有内容：填报表不能增加行，新任务请另行报送",
            "{FORM_SHEET}!{}{row} has content below the task rows: rows cannot be added to a form; report new tasks separately",
            super::workbook::column_name(*col)
        ));
    }
    Ok(())
}

/// Reading the rows of one form.
struct Reading<'a> {
    store: &'a Store,
    sheet: &'a Sheet,
    identity: &'a Identity,
    date1904: bool,
    options: Options,
}

type RowError = (String, String);

impl Reading<'_> {
    fn text(&self, column: Column, row: u32) -> Option<String> {
        values::text(self.sheet.get(row, column.number()))
    }

    fn row(&self, issued: &IssuedRow) -> Result<(RowOutcome, Option<TaskPlan>), RowError> {
        let row = issued.row;
        let id = self.text(Column::Id, row).map(|s| fold_width(&s));
        if id.as_deref() != Some(issued.id.as_str()) {
            return Err((
                cell_name(Column::Id, row),
                tr!(
                    "编号应为 {}，实为“{}”：编号不能修改，行不能插入、删除或移动",
                    "the id should be {}, not “{}”: ids may not be changed, and rows may not be inserted, deleted or moved",
                    issued.id,
                    id.unwrap_or_default()
                ),
            ));
        }
        let task = self
            .store
            .tasks
            .iter()
            .map(|f| &f.task)
            .find(|t| t.id == issued.id)
            .ok_or_else(|| {
                (
                    cell_name(Column::Id, row),
                    tr!(
                        "任务 {} 已不在任务目录中",
                        "task {} is no longer in the tasks directory",
                        issued.id
                    ),
                )
            })?;
        let printed = self.locked_row(issued, task)?;
        let filled = self.filled(row, &printed)?;
        let Some(filled) = filled else {
            return Ok((RowOutcome::Empty, None));
        };
        self.check_rules(row, &printed, &filled)?;
        let on_task = task
            .departments()
            .find(|d| self.store.registry.same(d, &self.identity.department))
            .unwrap_or(&self.identity.department)
            .to_string();
        let entries = filled.entries(&on_task, &printed, self.source(&filled));
        self.outcome(row, task, &printed, &filled, entries)
    }

    /// The locked cells, checked against the fingerprint the form was
    /// issued with.
    fn locked_row(&self, issued: &IssuedRow, task: &Task) -> Result<FormRow, RowError> {
        let row = issued.row;
        let due_cell = self.sheet.get(row, Column::Due.number());
        let due_text = due_cell
            .and_then(|v| values::date(v, self.date1904))
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_else(|| self.text(Column::Due, row).unwrap_or_default());
        let texts = [
            issued.id.clone(),
            self.text(Column::Title, row).unwrap_or_default(),
            self.text(Column::Role, row).unwrap_or_default(),
            due_text,
            self.text(Column::CurrentStatus, row).unwrap_or_default(),
            self.text(Column::LastProgress, row).unwrap_or_default(),
        ];
        let current = row_for(task, &self.identity.department, &self.store.registry);
        if fingerprint(&texts) != issued.fingerprint {
            // Name the cell that differs from the task as it is, if one does.
            let differs = current.as_ref().and_then(|c| {
                let now = c.locked_texts();
                Column::LOCKED
                    .iter()
                    .zip(texts.iter().zip(now.iter()))
                    .find(|(_, (read, now))| read.trim() != now.trim())
                    .map(|(column, _)| *column)
            });
            let column = differs.unwrap_or(Column::Title);
            return Err((
                cell_name(column, row),
                pick(
                    "锁定单元格（编号、任务、角色、完成时限、当前状态、上次进展）被改动：这些内容由办公室填写，不能修改",
                    "a locked cell (id, task, role, deadline, current status, last progress) was changed: the office fills these in, and they may not be edited",
                )
                .to_string(),
            ));
        }
        let role = if texts[2] == Role::Lead.label() {
            Role::Lead
        } else {
            Role::Support
        };
        let status = Status::parse(&texts[4]).unwrap_or(task.status);
        Ok(FormRow {
            id: issued.id.clone(),
            title: texts[1].clone(),
            role,
            due: NaiveDate::parse_from_str(&texts[3], "%Y-%m-%d").unwrap_or(task.due),
            status,
            last_progress: texts[5].clone(),
        })
    }

    /// The fill-in cells, or None when nothing was reported.
    fn filled(&self, row: u32, printed: &FormRow) -> Result<Option<Filled>, RowError> {
        let status = match self.text(Column::Status, row) {
            None => printed.status,
            Some(typed) => Status::parse(&fold_width(&typed)).ok_or_else(|| {
                (
                    cell_name(Column::Status, row),
                    tr!(
                        "“{typed}”不是状态：请选择 未启动、推进中、已完成、滞后 或 已取消",
                        "“{typed}” is not a status: choose 未启动, 推进中, 已完成, 滞后 or 已取消"
                    ),
                )
            })?,
        };
        let filled = Filled {
            progress: self.text(Column::Progress, row),
            problems: self.text(Column::Problems, row),
            next_steps: self.text(Column::NextSteps, row),
            status,
            evidence: self.text(Column::Evidence, row),
            date: None,
            reporter: self.text(Column::Reporter, row),
            phone: self.text(Column::Phone, row),
        };
        if filled.progress.is_none()
            && filled.problems.is_none()
            && filled.next_steps.is_none()
            && filled.evidence.is_none()
            && status == printed.status
        {
            return Ok(None);
        }
        let date_cell = cell_name(Column::Date, row);
        let raw = self.sheet.get(row, Column::Date.number()).ok_or_else(|| {
            (
                date_cell.clone(),
                pick("没有填写填报日期", "填报日期 (the date) is not filled in").to_string(),
            )
        })?;
        let date = values::date(raw, self.date1904).ok_or_else(|| {
            (
                date_cell.clone(),
                tr!(
                    "“{}”不是日期：请写如 2020-06-15",
                    "“{}” is not a date: write it like 2020-06-15",
                    values::text(Some(raw)).unwrap_or_default()
                ),
            )
        })?;
        Ok(Some(Filled {
            date: Some(date),
            ..filled
        }))
    }

    fn check_rules(&self, row: u32, printed: &FormRow, filled: &Filled) -> Result<(), RowError> {
        let status_cell = cell_name(Column::Status, row);
        let changed = filled.status != printed.status;
        if changed && printed.role == Role::Support {
            return Err((
                status_cell,
                tr!(
                    "配合单位不能更改任务状态（由牵头单位报送）：请把状态改回“{}”，进展照常填写",
                    "a supporting department cannot change a task's status (its lead reports that): set the status back to “{}” and keep the progress",
                    printed.status.label()
                ),
            ));
        }
        if changed && filled.status == Status::NotStarted {
            return Err((
                status_cell,
                tr!(
                    "状态不能从“{}”改回“未启动”",
                    "the status cannot go back from “{}” to “未启动” (not started)",
                    printed.status.label()
                ),
            ));
        }
        let evidence_cell = cell_name(Column::Evidence, row);
        match (filled.status, &filled.evidence) {
            (Status::Done, None) if changed => {
                return Err((
                    evidence_cell,
                    pick(
                        "改为“已完成”须填写完成依据（督查室凭依据销号）",
                        "marking a task 已完成 (done) needs the evidence of completion",
                    )
                    .to_string(),
                ))
            }
            (Status::Cancelled, None) if changed => {
                return Err((
                    evidence_cell,
                    pick(
                        "改为“已取消”须填写取消理由",
                        "marking a task 已取消 (cancelled) needs the reason",
                    )
                    .to_string(),
                ))
            }
            (Status::Done | Status::Cancelled, Some(_)) if changed => {}
            (_, Some(_)) => {
                return Err((
                    evidence_cell,
                    pick(
                        "填写了完成依据或取消理由，但状态没有改为“已完成”或“已取消”",
                        "evidence or a reason is filled in, but the status is not changed to 已完成 or 已取消",
                    )
                    .to_string(),
                ))
            }
            _ => {}
        }
        self.check_date(row, filled.date.unwrap_or(self.options.today))
    }

    fn check_date(&self, row: u32, date: NaiveDate) -> Result<(), RowError> {
        let period = &self.identity.period;
        let grace = period.end + Duration::days(GRACE_DAYS);
        let last = self.identity.due_by.map_or(grace, |d| d.max(grace));
        let cell = cell_name(Column::Date, row);
        if date > self.options.today {
            return Err((
                cell,
                tr!(
                    "填报日期 {date} 晚于今天（{}）",
                    "the date {date} is after today ({})",
                    self.options.today
                ),
            ));
        }
        if date < period.start || date > last {
            return Err((
                cell,
                tr!(
                    "填报日期 {date} 不在报送期 {}（{} 至 {}，可延至 {last}）内",
                    "the date {date} is outside the period {} ({} to {}, or up to {last})",
                    period.id,
                    period.start,
                    period.end
                ),
            ));
        }
        Ok(())
    }

    /// `填报表 2020Q2-区水务局；填报人：张三；联系电话：…`.
    fn source(&self, filled: &Filled) -> String {
        let mut source = source_key(&self.identity.period, &self.identity.department);
        if let Some(name) = &filled.reporter {
            source.push_str(&format!("；填报人：{name}"));
        }
        if let Some(phone) = &filled.phone {
            source.push_str(&format!("；联系电话：{phone}"));
        }
        source
    }

    /// Compares with what earlier forms of this department and period
    /// recorded on the task.
    fn outcome(
        &self,
        row: u32,
        task: &Task,
        printed: &FormRow,
        filled: &Filled,
        entries: Vec<ProgressEntry>,
    ) -> Result<(RowOutcome, Option<TaskPlan>), RowError> {
        let key = source_key(&self.identity.period, &self.identity.department);
        let earlier: Vec<ProgressEntry> = task
            .progress
            .iter()
            .filter(|e| {
                e.source
                    .as_deref()
                    .is_some_and(|s| s == key || s.starts_with(&format!("{key}；")))
            })
            .cloned()
            .collect();
        if earlier == entries {
            return Ok((RowOutcome::Unchanged, None));
        }
        let new_status = (filled.status != printed.status).then_some(filled.status);
        let base_status = reverted_status(&earlier).unwrap_or(task.status);
        if new_status.is_some() && base_status != printed.status {
            return Err((
                cell_name(Column::CurrentStatus, row),
                tr!(
                    "任务状态已变为“{}”，与填报表印的“{}”不同：请重新下发填报表",
                    "the task's status is now “{}”, not the “{}” the form was issued with: send a new form",
                    base_status.label(),
                    printed.status.label()
                ),
            ));
        }
        if !earlier.is_empty() && !self.options.replace {
            let dates: Vec<String> = earlier.iter().map(|e| e.date.to_string()).collect();
            return Err((
                cell_name(Column::Progress, row),
                tr!(
                    "本期已从{}的另一份填报表收集过该任务的进展（{}）；要以本表替换，请加 --replace",
                    "progress on this task was already collected from another form of {} for this period ({}); to replace it with this one, add --replace",
                    self.identity.department,
                    dates.join("、")
                ),
            ));
        }
        let plan = TaskPlan {
            id: task.id.clone(),
            remove: earlier.clone(),
            add: entries.clone(),
            status: new_status,
        };
        let outcome = if earlier.is_empty() {
            RowOutcome::Added(entries)
        } else {
            RowOutcome::Replaced(entries)
        };
        Ok((outcome, Some(plan)))
    }
}

/// The fill-in cells of one row.
struct Filled {
    progress: Option<String>,
    problems: Option<String>,
    next_steps: Option<String>,
    status: Status,
    evidence: Option<String>,
    date: Option<NaiveDate>,
    reporter: Option<String>,
    phone: Option<String>,
}

impl Filled {
    /// The entries the row becomes: one with the progress (and the status
    /// change, when no evidence comes with it), and one with the status
    /// change and its evidence or reason, each text as typed.
    fn entries(&self, by: &str, printed: &FormRow, source: String) -> Vec<ProgressEntry> {
        let date = self.date.unwrap_or(NaiveDate::MIN);
        let change = (self.status != printed.status).then_some(StatusChange {
            from: printed.status,
            to: self.status,
        });
        let mut entries = Vec::new();
        let reports =
            self.progress.is_some() || self.problems.is_some() || self.next_steps.is_some();
        if reports {
            entries.push(ProgressEntry {
                date,
                by: by.to_string(),
                note: self.progress.clone(),
                status: change.clone().filter(|_| self.evidence.is_none()),
                problems: self.problems.clone(),
                next_steps: self.next_steps.clone(),
                source: Some(source.clone()),
            });
        }
        if change.is_some() && (self.evidence.is_some() || !reports) {
            entries.push(ProgressEntry {
                date,
                by: by.to_string(),
                note: self.evidence.clone(),
                status: change,
                problems: None,
                next_steps: None,
                source: Some(source),
            });
        }
        entries
    }
}
