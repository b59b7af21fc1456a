//! Reading filled-in forms back (汇总): each form checked whole, then its
//! entries recorded through the one edit path, or nothing of it at all.
//!
//! A form is refused when it is not a form of this plan, when its
//! structure was changed (ids, locked cells, added, merged or hidden rows),
//! or when any row breaks the office's rules. Refused forms write nothing;
//! the others still apply.

use std::path::{Path, PathBuf};

use anyhow::Result;
use chrono::NaiveDate;

use super::values::{self, fold_width};
use super::workbook::{parse_ref, Sheet, Value, Workbook};
use super::{
    fingerprint, form_row, owing_units, source_key, Column, FormRow, FORM_MARK, FORM_SHEET,
    FORM_SOURCE, FORM_VERSION, HEADER_ROW, IDENTITY_SHEET, MAX_FORM_BYTES, READ_VERSIONS,
};
use crate::edit::{self, change, Change, Layout, Prepared, Recovery, Session};
use crate::i18n::pick;
use crate::ids::TaskId;
use crate::layout::REGISTRY_FILE;
use crate::ledger::{AsOf, Dues, Owed};
use crate::model::{
    Contact, MilestoneReport, ProgressEntry, RegistryFile, Status, StatusChange, Task,
};
use crate::period::Period;
use crate::query::Role;
use crate::rulebook::{Proposal, Refusal, RuleBook, TextField, Texts, MAX_CELL_CHARS};
use crate::store::Store;
use crate::tr;

/// Most task rows a form may list (Excel has a million rows; a
/// department has tens of tasks).
const MAX_FORM_ROWS: u32 = 100_000;

#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub today: NaiveDate,
    pub replace: bool,
    pub dry_run: bool,
    /// Accept replies after the period's window as 逾期补报 (`--late`).
    pub late: bool,
    /// Each form is committed once written (`--commit`): a form whose
    /// writes were interrupted is then rolled back, not completed, so
    /// that the next run writes and commits it whole.
    pub commit: bool,
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
    /// Task files written for it (and `departments.yaml`, when the
    /// unit's liaison changed).
    pub written: Vec<PathBuf>,
    /// The unit's liaison, changed to the form's 填报人 and 联系电话.
    pub contact: Option<ContactChange>,
}

/// A unit's liaison (`departments.yaml` `contact`) as a form changes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactChange {
    /// The unit's current name (the registry's).
    pub department: String,
    pub from: Option<Contact>,
    pub to: Contact,
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
            contact: None,
        }
    }
}

/// All the forms read, and who still owes a report.
#[derive(Debug, Clone)]
pub struct Collection {
    pub forms: Vec<FormResult>,
    /// 未报送单位 and 部分任务未报送进展 for each period the forms are
    /// for, as of today (`ledger::Dues`, as `report` says them).
    pub owed: Vec<(Period, Owed)>,
}

impl Collection {
    pub fn refused_forms(&self) -> usize {
        self.forms.iter().filter(|f| f.refused()).count()
    }
}

/// Reads every form, checks it, and records the entries of each form that
/// passes (unless `dry_run`), under `session`'s lock. Each form is written
/// whole, and handed to `written` (a commit per form), before the next is
/// read against the task files as they then are.
pub fn collect(
    store: &mut Store,
    files: &[PathBuf],
    options: Options,
    session: &Session,
    written: &mut dyn FnMut(&FormResult) -> Result<()>,
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
            // The task files and the registry, all prepared before any is
            // written: a form is taken whole or not at all.
            let prepared =
                prepare(store, &result).and_then(|p| Ok((p, prepare_contact(store, &result)?)));
            let (prepared, contact) = match prepared {
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
                // All of the form or none of it, even if killed midway: its
                // task files and the registry (a new liaison) as one group.
                let registry = contact.as_ref().map(|(file, _, _)| file);
                let files: Vec<&Prepared> = prepared
                    .iter()
                    .map(|(file, _)| file)
                    .chain(registry)
                    .collect();
                let what = tr!("汇总填报表 {}", "collecting form {}", file.display());
                let on_interrupt = match options.commit {
                    true => Recovery::RollBack,
                    false => Recovery::Complete,
                };
                session.write_group(&what, on_interrupt, &files)?;
                result.result.written = files
                    .iter()
                    .filter(|f| f.changed())
                    .map(|f| f.path.clone())
                    .collect();
                if !result.result.written.is_empty() {
                    written(&result.result)?;
                }
            }
            if let Some((_, registry, change)) = contact {
                // Later forms see the liaison as this one left it.
                store.registry = crate::registry::Registry::new(registry).0;
                result.result.contact = Some(change);
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
    let view = AsOf::new(options.today, store.plan.as_ref());
    let owed = periods
        .into_iter()
        .map(|p| {
            let dues = Dues::new(view, &p, &store.registry);
            let owed = Dues::owed(store.tasks.iter().map(|f| dues.of_task(&f.task)));
            (p, owed)
        })
        .collect();
    Ok(Collection { forms, owed })
}

/// A form read and checked, with the task each row changes.
struct CheckedForm {
    result: FormResult,
    /// (task id, its entries to remove, its entries to add, new status).
    plans: Vec<TaskPlan>,
    /// Who filled it in: the 填报人 and 联系电话 of its latest filled row.
    liaison: Option<Liaison>,
}

/// The 填报人 and 联系电话 of one filled row, and its 填报日期.
#[derive(Debug, Clone)]
struct Liaison {
    date: NaiveDate,
    name: Option<String>,
    phone: Option<String>,
}

impl Liaison {
    /// The unit's liaison once this form is in: the name and phone it
    /// gives; a phone it leaves out kept only for the same name (another
    /// person's phone would be wrong), a name it leaves out kept.
    fn applied_to(&self, before: Option<&Contact>) -> Contact {
        let old_name = before.and_then(|c| c.name.clone());
        let old_phone = before.and_then(|c| c.phone.clone());
        let same_person = self.name.is_none() || self.name == old_name;
        Contact {
            name: self.name.clone().or(old_name),
            phone: self
                .phone
                .clone()
                .or_else(|| old_phone.filter(|_| same_person)),
        }
    }
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

/// `departments.yaml` with the unit's liaison as the form gives it,
/// through the edit path; None when the form names no one, names whom
/// the registry has already, or is older than a reply of the unit already
/// collected (a 补报 of an earlier period does not undo a newer liaison).
fn prepare_contact(
    store: &Store,
    form: &CheckedForm,
) -> Result<Option<(Prepared, RegistryFile, ContactChange)>> {
    let (Some(liaison), Some(unit)) = (&form.liaison, &form.result.department) else {
        return Ok(None);
    };
    let Some(department) = store.registry.resolve(unit) else {
        return Ok(None);
    };
    let replied_since = store.tasks.iter().flat_map(|f| &f.task.progress).any(|e| {
        e.date > liaison.date
            && e.source
                .as_deref()
                .is_some_and(|s| s.starts_with(FORM_SOURCE))
            && store.registry.same(&e.by, unit)
    });
    let to = liaison.applied_to(department.contact.as_ref());
    if replied_since || department.contact.as_ref() == Some(&to) {
        return Ok(None);
    }
    let path = store.dir.join(REGISTRY_FILE);
    let (text, current) =
        crate::read::read_parsed::<RegistryFile>(&path).map_err(|d| anyhow::anyhow!("{d}"))?;
    let intended = edit::registry::set_contact(&current, &department.name, to.clone())?;
    let file = edit::edit_meta(&path, &text, &current, &intended, Layout::ReformatIfNeeded)?;
    let change = ContactChange {
        department: department.name.clone(),
        from: department.contact.clone(),
        to,
    };
    Ok(Some((file, intended, change)))
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
    let identity = Identity::read(&identity, store, options.today)?;
    let sheet = book.sheet(FORM_SHEET).map_err(|e| e.0)?.ok_or_else(|| {
        tr!(
            "没有“{FORM_SHEET}”工作表（工作表被改名或删除）",
            "it has no “{FORM_SHEET}” sheet (renamed or deleted)"
        )
    })?;
    check_structure(&sheet, &identity)?;
    check_unit(&sheet, &identity)?;
    let mut checked = CheckedForm {
        result: FormResult {
            file: file.to_path_buf(),
            department: Some(identity.department.clone()),
            period: Some(identity.period.clone()),
            error: None,
            rows: Vec::new(),
            written: Vec::new(),
            contact: None,
        },
        plans: Vec::new(),
        liaison: None,
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
            Ok((outcome, plan, liaison)) => {
                checked.plans.extend(plan);
                // The latest 填报日期 speaks; the lower row breaks a tie.
                if let Some(liaison) = liaison {
                    if checked
                        .liaison
                        .as_ref()
                        .is_none_or(|l| l.date <= liaison.date)
                    {
                        checked.liaison = Some(liaison);
                    }
                }
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

pub(super) fn unreadable(error: std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => pick("文件不存在", "no such file").to_string(),
        std::io::ErrorKind::PermissionDenied => {
            pick("无权读取该文件", "permission denied").to_string()
        }
        _ => tr!(
            "无法读取：{}",
            "cannot read it: {}",
            crate::read::os_error_text(&error)
        ),
    }
}

/// What the hidden sheet says the form is, and what the ledger gives
/// the unit it names.
struct Identity {
    /// The unit as the form names it.
    named: String,
    /// The unit during the period (`ledger::Dues::unit`).
    department: String,
    period: Period,
    due_by: Option<NaiveDate>,
    tasks: Vec<IssuedRow>,
    /// The unit's open tasks during the period and its role on each.
    owes: Vec<(String, Role)>,
}

struct IssuedRow {
    id: String,
    row: u32,
    fingerprint: String,
}

impl Identity {
    fn read(sheet: &Sheet, store: &Store, today: NaiveDate) -> Result<Identity, String> {
        let text = |row: u32, col: u32| values::text(sheet.get(row, col)).unwrap_or_default();
        if text(1, 1) != FORM_MARK {
            return Err(pick(
                "不是 cooptrack 填报表：标识工作表 _cooptrack 不完整",
                "not a cooptrack form: its _cooptrack identity sheet is incomplete",
            )
            .to_string());
        }
        if !READ_VERSIONS.contains(&text(1, 2).as_str()) {
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
        if store.registry.resolve(&named).is_none() {
            return Err(tr!(
                "{IDENTITY_SHEET}!B4：填报表的单位“{named}”不在 departments.yaml 中",
                "{IDENTITY_SHEET}!B4: the form's department “{named}” is not in departments.yaml"
            ));
        }
        let period = Period::parse(&text(5, 2))
            .ok()
            .filter(Period::is_reporting)
            .ok_or_else(|| {
                tr!(
                    "{IDENTITY_SHEET}!B5：报送期“{}”不是月或季度：不是 cooptrack forms 生成的填报表",
                    "{IDENTITY_SHEET}!B5: the period “{}” is not a month or a quarter: not a form made by cooptrack forms",
                    text(5, 2)
                )
            })?;
        // Who the form speaks for comes from the ledger, as of today: the
        // unit as it was called during the period (a form issued under a
        // name since merged away is still its unit's), its open tasks and
        // its role on each. The identity sheet only locates the rows.
        let dues = Dues::new(AsOf::new(today, Some(plan)), &period, &store.registry);
        let department = dues.unit(&named);
        let owes = owing_units(store, &dues)
            .into_iter()
            .find(|(unit, _)| *unit == department)
            .map(|(_, tasks)| tasks)
            .ok_or_else(|| {
                tr!(
                    "{IDENTITY_SHEET}!B4：{department} 在 {} 没有牵头或配合的未完成任务，不应有此填报表",
                    "{IDENTITY_SHEET}!B4: {department} leads or supports no task open in {}, so it has no form to return",
                    period.id
                )
            })?;
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
        let tasks: Vec<IssuedRow> = (0..count)
            .map(|i| IssuedRow {
                id: text(8 + i, 1),
                row: text(8 + i, 2).parse().unwrap_or(0),
                fingerprint: text(8 + i, 3),
            })
            .collect();
        // A task listed twice would be recorded twice, the second row
        // overwriting the first: the form is refused, both rows named.
        let mut seen: std::collections::HashMap<&str, u32> = std::collections::HashMap::new();
        for task in &tasks {
            if let Some(first) = seen.insert(task.id.as_str(), task.row) {
                return Err(tr!(
                    "任务 {} 在填报表中出现两次（{FORM_SHEET} 第 {first} 行和第 {} 行）：每项任务只能有一行，请用 cooptrack forms 重新生成",
                    "task {} is listed twice (rows {first} and {} of {FORM_SHEET}): a form has one row per task; make it again with cooptrack forms",
                    task.id,
                    task.row
                ));
            }
        }
        Ok(Identity {
            named,
            department,
            period,
            due_by,
            tasks,
            owes,
        })
    }

    fn last_row(&self) -> u32 {
        self.tasks.iter().map(|t| t.row).max().unwrap_or(HEADER_ROW)
    }
}

/// The unit the form's heading names is the one its identity names.
fn check_unit(sheet: &Sheet, identity: &Identity) -> Result<(), String> {
    let heading = values::text(sheet.get(3, 1)).unwrap_or_default();
    let named = heading
        .strip_prefix("填报单位：")
        .and_then(|rest| rest.split('　').next())
        .unwrap_or_default();
    if named != identity.named {
        return Err(tr!(
            "{FORM_SHEET}!A3 写的填报单位“{named}”与填报表标识的“{}”不符：填报表不能转给其他单位使用",
            "{FORM_SHEET}!A3 names the department “{named}”, not the “{}” the form was issued to: a form cannot be passed to another department",
            identity.named
        ));
    }
    Ok(())
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

/// What became of a row, what it changes, and who filled it in.
type RowRead = (RowOutcome, Option<TaskPlan>, Option<Liaison>);

impl<'a> Reading<'a> {
    /// A cell's text as the form showed it (a number with its format).
    fn text(&self, column: Column, row: u32) -> Option<String> {
        self.sheet.shown(row, column.number())
    }

    fn row(&self, issued: &IssuedRow) -> Result<RowRead, RowError> {
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
        // The ledger, not the form, says whether the unit reports on the
        // task this period, and in which role.
        let Some(role) = self
            .identity
            .owes
            .iter()
            .find(|(id, _)| *id == issued.id)
            .map(|(_, role)| *role)
        else {
            return Err((
                cell_name(Column::Id, row),
                tr!(
                    "任务 {} 不是{}在{}应报送的任务（不牵头也不配合，或本期未在进行）",
                    "task {} is not one {} reports on for {} (it neither leads nor supports it, or the task was not open then)",
                    issued.id,
                    self.identity.department,
                    self.identity.period.id
                ),
            ));
        };
        let printed = self.locked_row(issued, task, role)?;
        let filled = self.filled(row, &printed)?;
        let Some(filled) = filled else {
            return Ok((RowOutcome::Empty, None, None));
        };
        let on_task = task
            .departments()
            .find(|d| self.store.registry.same(d, &self.identity.department))
            .unwrap_or(&self.identity.department)
            .to_string();
        self.check_rules(row, task, &on_task, &printed, &filled)?;
        // Past the period's window (accepted with --late): 逾期补报.
        let late = RuleBook::is_late(
            &self.identity.period,
            self.identity.due_by,
            filled.date.unwrap_or(self.options.today),
        );
        let entries = filled.entries(
            &on_task,
            &printed,
            self.source(&filled, late),
            &self.identity.period,
            late,
        );
        let liaison = (filled.reporter.is_some() || filled.phone.is_some()).then(|| Liaison {
            date: filled.date.unwrap_or(self.options.today),
            name: filled.reporter.clone(),
            phone: filled.phone.clone(),
        });
        let (outcome, plan) = self.outcome(row, task, &printed, &filled, entries)?;
        Ok((outcome, plan, liaison))
    }

    /// The locked cells, checked against the fingerprint the form was
    /// issued with.
    fn locked_row(&self, issued: &IssuedRow, task: &Task, role: Role) -> Result<FormRow, RowError> {
        let row = issued.row;
        let texts = locked_texts(self.sheet, row, &issued.id, self.date1904);
        let current = self.current_row(task, role);
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
        if texts[2] != role.label() {
            return Err((
                cell_name(Column::Role, row),
                tr!(
                    "角色应为“{}”，表上写“{}”：{}在任务 {} 中的角色以台账为准",
                    "the role should be “{}”, not “{}”: the ledger says what {} does on task {}",
                    role.label(),
                    texts[2],
                    self.identity.department,
                    issued.id
                ),
            ));
        }
        let status = Status::parse(&texts[4]).unwrap_or(task.status);
        let milestone = match texts.get(6) {
            None => None,
            Some(printed) => Some(printed_milestone(task, printed).ok_or_else(|| {
                (
                    cell_name(Column::Milestone, row),
                    tr!(
                        "本期节点“{printed}”已不在任务 {} 的年度目标中：请重新下发填报表",
                        "the milestone “{printed}” is no longer among the targets of task {}: send a new form",
                        task.id
                    ),
                )
            })?),
        };
        Ok(FormRow {
            id: issued.id.clone(),
            title: texts[1].clone(),
            role,
            due: NaiveDate::parse_from_str(&texts[3], "%Y-%m-%d").unwrap_or(task.due),
            status,
            last_progress: texts[5].clone(),
            milestone,
        })
    }

    /// The fill-in cells, or None when nothing was reported.
    fn filled(&self, row: u32, printed: &FormRow) -> Result<Option<Filled>, RowError> {
        // A fill-in cell holds text, a number or a date: a TRUE/FALSE or
        // an error value (#N/A) is nothing a liaison typed as a report.
        for column in Column::ALL.into_iter().filter(|c| c.is_fill_in()) {
            let kind = match self.sheet.get(row, column.number()) {
                Some(Value::Bool(b)) => tr!(
                    "逻辑值 {}",
                    "the boolean {}",
                    if *b { "TRUE" } else { "FALSE" }
                ),
                Some(Value::Error(e)) => tr!("错误值 {e}", "the error value {e}"),
                _ => continue,
            };
            return Err((
                cell_name(column, row),
                tr!(
                    "{}是{kind}，不是填写的内容：请改为文字、数字或日期",
                    "{} holds {kind}, not something typed in: write text, a number or a date",
                    column.header()
                ),
            ));
        }
        let status = match self.text(Column::Status, row) {
            None => printed.status,
            Some(typed) => Status::parse(&fold_width(
                typed
                    .strip_suffix(super::LEAD_REPORTS_STATUS)
                    .unwrap_or(&typed),
            ))
            .ok_or_else(|| {
                (
                    cell_name(Column::Status, row),
                    tr!(
                        "“{typed}”不是状态：请选择 未启动、推进中、已完成、滞后 或 已取消",
                        "“{typed}” is not a status: choose 未启动, 推进中, 已完成, 滞后 or 已取消"
                    ),
                )
            })?,
        };
        let milestone = self.milestone_report(row, printed)?;
        let filled = Filled {
            milestone,
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
            && filled.milestone.is_none()
            && status == printed.status
        {
            return Ok(None);
        }
        if filled.milestone.is_some() && filled.progress.is_none() {
            return Err((
                cell_name(Column::Progress, row),
                pick(
                    "填写了节点完成情况，但本期进展为空：请在本期进展中说明节点完成的情况",
                    "节点完成情况 (the milestone) is filled in, but 本期进展 is empty: say in 本期进展 how the milestone went",
                )
                .to_string(),
            ));
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

    /// 节点完成情况: 已完成 or 未完成 on a lead's row with a milestone;
    /// anything else typed there is refused at the cell.
    fn milestone_report(
        &self,
        row: u32,
        printed: &FormRow,
    ) -> Result<Option<MilestoneReport>, RowError> {
        // A supporting unit's locked cell says who answers: no answer.
        let Some(typed) = self
            .text(Column::MilestoneMet, row)
            .filter(|t| t.trim() != super::LEAD_REPORTS_STATUS)
        else {
            return Ok(None);
        };
        let at = cell_name(Column::MilestoneMet, row);
        let typed = fold_width(&typed);
        let Some(milestone) = &printed.milestone else {
            return Err((
                at,
                tr!(
                    "任务 {} 本期没有时间节点，节点完成情况应留空（填写了“{typed}”）",
                    "task {} has no milestone this period: leave 节点完成情况 empty (it says “{typed}”)",
                    printed.id
                ),
            ));
        };
        if printed.role == Role::Support {
            return Err((
                at,
                pick(
                    "节点完成情况由牵头单位填报：配合单位请留空",
                    "节点完成情况 is the lead unit's to report: a supporting unit leaves it empty",
                )
                .to_string(),
            ));
        }
        let met = match typed.trim() {
            super::MILESTONE_MET => true,
            super::MILESTONE_NOT_MET => false,
            other => {
                return Err((
                    at,
                    tr!(
                        "“{other}”不是节点完成情况：请选择 已完成 或 未完成",
                        "“{other}” is not an answer for 节点完成情况: choose 已完成 or 未完成"
                    ),
                ))
            }
        };
        Ok(Some(MilestoneReport {
            by: milestone.by,
            met,
        }))
    }

    /// The task's row as the ledger has it today, to name a changed cell.
    fn current_row(&self, task: &Task, role: Role) -> Option<FormRow> {
        let plan = self.store.plan.as_ref()?;
        let dues = self.dues(plan);
        let task = dues.as_of.task(task.clone())?;
        Some(form_row(
            &task,
            &self.identity.department,
            role,
            &dues,
            plan,
        ))
    }

    fn dues(&self, plan: &crate::model::Plan) -> Dues<'a> {
        Dues::new(
            AsOf::new(self.options.today, Some(plan)),
            &self.identity.period,
            &self.store.registry,
        )
    }

    /// The rule book's say on the row, each refusal at its cell; and the
    /// form's own rule: evidence goes with a change to 已完成 or 已取消.
    fn check_rules(
        &self,
        row: u32,
        task: &Task,
        by: &str,
        printed: &FormRow,
        filled: &Filled,
    ) -> Result<(), RowError> {
        let changed = filled.status != printed.status;
        let book = RuleBook::new(
            self.store.plan.as_ref(),
            &self.store.registry,
            self.options.today,
        );
        let proposal = Proposal {
            task,
            by,
            date: filled.date.unwrap_or(self.options.today),
            status: changed.then_some(filled.status),
            evidence: filled.evidence.as_deref(),
            period: Some(&self.identity.period),
            due_by: self.identity.due_by,
            late_allowed: self.options.late,
            texts: Texts {
                note: filled.progress.as_deref(),
                problems: filled.problems.as_deref(),
                next_steps: filled.next_steps.as_deref(),
                evidence: filled.evidence.as_deref(),
            },
        };
        if let Err(refusal) = book.check(&proposal) {
            return Err(refused(row, printed, &refusal));
        }
        if filled.evidence.is_some() && !(changed && filled.status.is_closed()) {
            return Err((
                cell_name(Column::Evidence, row),
                pick(
                    "填写了完成依据或取消理由，但状态没有改为“已完成”或“已取消”",
                    "evidence or a reason is filled in, but the status is not changed to 已完成 or 已取消",
                )
                .to_string(),
            ));
        }
        Ok(())
    }

    /// `填报表 2020Q2-区水务局；填报人：张三；联系电话：…`.
    fn source(&self, filled: &Filled, late: bool) -> String {
        let mut source = source_key(&self.identity.period, &self.identity.department);
        if late {
            source.push_str("；补报");
        }
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
        // Entries from a form of this unit for this period, under any name
        // it had: a form issued before a rename is the same unit's.
        let form_of_period = source_key(&self.identity.period, "");
        let dues = self.store.plan.as_ref().map(|plan| self.dues(plan));
        let earlier: Vec<ProgressEntry> = task
            .progress
            .iter()
            .filter(|e| {
                e.source
                    .as_deref()
                    .is_some_and(|s| s.starts_with(&form_of_period))
                    && dues
                        .as_ref()
                        .is_some_and(|d| d.unit(&e.by) == self.identity.department)
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

/// A row's locked cells as read back, in the order of
/// `FormRow::locked_texts` (the id as issued): what the fingerprint is
/// taken of.
pub(super) fn locked_texts(sheet: &Sheet, row: u32, id: &str, date1904: bool) -> Vec<String> {
    let text = |column: Column| values::text(sheet.get(row, column.number())).unwrap_or_default();
    let due_text = sheet
        .get(row, Column::Due.number())
        .and_then(|v| values::date(v, date1904))
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| text(Column::Due));
    let mut texts = vec![
        id.to_string(),
        text(Column::Title),
        text(Column::Role),
        due_text,
        text(Column::CurrentStatus),
        text(Column::LastProgress),
    ];
    // 本期节点 where the row has one (as `FormRow::locked_texts`).
    texts.extend(Some(text(Column::Milestone)).filter(|t| !t.trim().is_empty()));
    texts
}

/// The task's milestone that 本期节点 names by its date.
fn printed_milestone(task: &Task, printed: &str) -> Option<crate::model::Milestone> {
    let by = super::milestone_date(printed)?;
    task.milestones().find(|m| m.by == by).cloned()
}

/// A refusal of the rule book, as a form says it: at its cell.
fn refused(row: u32, printed: &FormRow, refusal: &Refusal) -> RowError {
    match refusal {
        Refusal::AfterToday { date, today } => (
            cell_name(Column::Date, row),
            tr!(
                "填报日期 {date} 晚于今天（{today}）",
                "the date {date} is after today ({today})"
            ),
        ),
        Refusal::BeforePlan { date, issued } => (
            cell_name(Column::Date, row),
            tr!(
                "填报日期 {date} 早于计划印发日期 {issued}",
                "the date {date} is before the plan was issued ({issued})"
            ),
        ),
        Refusal::OutsidePeriod { date, period, last } => (
            cell_name(Column::Date, row),
            if *date > *last {
                tr!(
                    "填报日期 {date} 不在报送期 {}（{} 至 {}，可延至 {last}）内；确为逾期补报的，请加 --late 收集",
                    "the date {date} is outside the period {} ({} to {}, or up to {last}); if it is a late reply, collect it with --late",
                    period.id,
                    period.start,
                    period.end
                )
            } else {
                tr!(
                    "填报日期 {date} 不在报送期 {}（{} 至 {}，可延至 {last}）内",
                    "the date {date} is outside the period {} ({} to {}, or up to {last})",
                    period.id,
                    period.start,
                    period.end
                )
            },
        ),
        Refusal::NotAReportingPeriod { period } => (
            format!("{IDENTITY_SHEET}!B5"),
            tr!(
                "填报表的报送期 {} 不是月或季度",
                "the form's period {} is not a month or a quarter",
                period.id
            ),
        ),
        Refusal::NotOnTask { by } => (
            cell_name(Column::Id, row),
            tr!(
                "{by} 不是该任务的牵头或配合单位",
                "{by} neither leads nor supports this task"
            ),
        ),
        Refusal::NotLead { .. } => (
            cell_name(Column::Status, row),
            tr!(
                "配合单位不能更改任务状态（由牵头单位报送）：请把状态改回“{}”，进展照常填写",
                "a supporting department cannot change a task's status (its lead reports that): set the status back to “{}” and keep the progress",
                printed.status.label()
            ),
        ),
        Refusal::BackToNotStarted { .. } => (
            cell_name(Column::Status, row),
            tr!(
                "状态不能从“{}”改回“未启动”",
                "the status cannot go back from “{}” to “未启动” (not started)",
                printed.status.label()
            ),
        ),
        Refusal::DoneWithoutEvidence => (
            cell_name(Column::Evidence, row),
            pick(
                "改为“已完成”须填写完成依据（督查室凭依据销号）",
                "marking a task 已完成 (done) needs the evidence of completion",
            )
            .to_string(),
        ),
        Refusal::CancelledWithoutReason => (
            cell_name(Column::Evidence, row),
            pick(
                "改为“已取消”须填写取消理由",
                "marking a task 已取消 (cancelled) needs the reason",
            )
            .to_string(),
        ),
        Refusal::TooLong { field, chars } => {
            let column = match field {
                TextField::Note => Column::Progress,
                TextField::Problems => Column::Problems,
                TextField::NextSteps => Column::NextSteps,
                TextField::Evidence => Column::Evidence,
            };
            (
                cell_name(column, row),
                tr!(
                    "{}有 {chars} 字，超过单元格上限 {MAX_CELL_CHARS} 字：请精简，或把全文作为附件另行报送",
                    "{} is {chars} characters, over the {MAX_CELL_CHARS} a cell holds: shorten it, or send the full text as an attachment",
                    column.header()
                ),
            )
        }
    }
}

/// The fill-in cells of one row.
struct Filled {
    /// 节点完成情况, on the entry with the progress.
    milestone: Option<MilestoneReport>,
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
    fn entries(
        &self,
        by: &str,
        printed: &FormRow,
        source: String,
        period: &Period,
        late: bool,
    ) -> Vec<ProgressEntry> {
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
                period: Some(period.id.clone()),
                by: by.to_string(),
                note: self.progress.clone(),
                status: change.clone().filter(|_| self.evidence.is_none()),
                problems: self.problems.clone(),
                next_steps: self.next_steps.clone(),
                source: Some(source.clone()),
                late,
                milestone: self.milestone.clone(),
            });
        }
        if change.is_some() && (self.evidence.is_some() || !reports) {
            entries.push(ProgressEntry {
                date,
                period: Some(period.id.clone()),
                by: by.to_string(),
                note: self.evidence.clone(),
                status: change,
                problems: None,
                next_steps: None,
                source: Some(source),
                late,
                milestone: None,
            });
        }
        entries
    }
}
