//! What `update` asks for, checked against the task it changes: the rules
//! of the supervision office (a reason for every extension, evidence for
//! every completion, only a task's own departments report on it) turned
//! into the list of changes to apply.

use anyhow::{bail, Result};
use chrono::NaiveDate;

use super::{Change, DepartmentList, Target};
use crate::i18n::pick;
use crate::model::{Extension, ProgressEntry, Status, StatusChange, Task};
use crate::query::known_department;
use crate::registry::Registry;
use crate::tr;
use crate::validate::is_blank;

/// The changes asked for, as given (names not yet checked).
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub status: Option<Status>,
    pub note: Option<String>,
    /// 存在问题 and 下步打算 of the progress entry.
    pub problems: Option<String>,
    pub next_steps: Option<String>,
    /// Where the entry comes from (the form `collect` read it from).
    pub source: Option<String>,
    /// The progress entry's date (default: today).
    pub date: Option<NaiveDate>,
    pub by: Option<String>,
    pub due: Option<NaiveDate>,
    pub reason: Option<String>,
    pub add_lead: Vec<String>,
    pub remove_lead: Vec<String>,
    pub add_responsible: Vec<String>,
    pub remove_responsible: Vec<String>,
}

impl Request {
    /// Turns the request into checked changes, in the order they apply:
    /// departments, then the progress entry (status and note), then the
    /// deadline.
    pub fn changes(&self, target: &Target, today: NaiveDate) -> Result<Vec<Change>> {
        let registry = &target.store.registry;
        let mut departments = target.task.clone();
        let mut changes = self.department_changes(registry, &mut departments)?;
        changes.extend(self.progress_changes(target, &departments, today)?);
        changes.extend(self.extension(target, today)?);
        if changes.is_empty() {
            bail!(pick(
                "没有要做的修改：请给出 --status、--note、--due 或部门调整参数（cooptrack update --help）",
                "nothing to change: give --status, --note, --due or a department change (cooptrack update --help)"
            ));
        }
        Ok(changes)
    }

    /// Leads and responsible departments added or removed; `departments`
    /// follows along, so that a later check sees the lists as changed.
    fn department_changes(
        &self,
        registry: &Registry,
        departments: &mut Task,
    ) -> Result<Vec<Change>> {
        let mut changes = Vec::new();
        let lists = [
            (DepartmentList::Lead, &self.add_lead, &self.remove_lead),
            (
                DepartmentList::Responsible,
                &self.add_responsible,
                &self.remove_responsible,
            ),
        ];
        for (list, additions, removals) in lists {
            for name in additions {
                let name = known_department(registry, name)?;
                let current = list.of(departments);
                if let Some(existing) = current.iter().find(|d| registry.same(d, &name)) {
                    bail!(tr!(
                        "“{existing}”已是该任务的{}",
                        "“{existing}” is a {} of the task already",
                        list.label()
                    ));
                }
                current.push(name.clone());
                changes.push(Change::AddDepartment(list, name));
            }
            for name in removals {
                let name = known_department(registry, name)?;
                let current = list.of(departments);
                let Some(existing) = current.iter().find(|d| registry.same(d, &name)).cloned()
                else {
                    bail!(tr!(
                        "“{name}”不是该任务的{}",
                        "“{name}” is not a {} of the task",
                        list.label()
                    ));
                };
                if list == DepartmentList::Lead && current.len() == 1 {
                    bail!(tr!(
                        "不能移除唯一的牵头部门“{existing}”：每项任务必须有牵头部门",
                        "cannot remove “{existing}”, the only lead department: every task needs one"
                    ));
                }
                current.retain(|d| d != &existing);
                changes.push(Change::RemoveDepartment(list, existing));
            }
        }
        Ok(changes)
    }

    /// The progress entry (a note, a status change or both) and the status.
    fn progress_changes(
        &self,
        target: &Target,
        departments: &Task,
        today: NaiveDate,
    ) -> Result<Vec<Change>> {
        let task = &target.task;
        if self.status == Some(task.status) {
            bail!(tr!(
                "任务 {} 的状态已是“{}”",
                "task {} is “{}” already",
                task.id,
                task.status.display()
            ));
        }
        if self.status.is_none()
            && self.note.is_none()
            && self.problems.is_none()
            && self.next_steps.is_none()
        {
            // --date also dates an extension (--due): when it was granted.
            if (self.date.is_some() && self.due.is_none()) || self.by.is_some() {
                bail!(pick(
                    "--date 和 --by 用于进展记录，须与 --note、--problems、--next-steps 或 --status 同用（--date 也可与 --due 同用，记为批准延期的日期）",
                    "--date and --by belong to a progress entry: use them with --note, --problems, --next-steps or --status (--date also goes with --due, as the day the extension was granted)"
                ));
            }
            return Ok(Vec::new());
        }
        let note = non_blank(self.note.as_deref(), "--note")?;
        let problems = non_blank(self.problems.as_deref(), "--problems")?;
        let next_steps = non_blank(self.next_steps.as_deref(), "--next-steps")?;
        if self.status == Some(Status::Done) && note.is_none() && !has_final_note(task) {
            bail!(pick(
                "设为“已完成”须附完成依据：请用 --note 写明（督查室凭依据销号），或先追加一条进展说明",
                "marking a task done needs evidence of completion: give it with --note (the supervision office closes tasks on evidence), or add a progress note first"
            ));
        }
        if self.status == Some(Status::Cancelled) && note.is_none() {
            bail!(pick(
                "设为“已取消”须写明理由：请用 --note 说明",
                "cancelling a task needs a reason: give it with --note"
            ));
        }
        let date = self.date.unwrap_or(today);
        check_progress_date(target, date, today)?;
        let reports = note.is_some() || problems.is_some() || next_steps.is_some();
        let by = self.reporter(target, departments, reports)?;
        let mut changes = vec![Change::Progress(ProgressEntry {
            date,
            by,
            note: note.map(str::to_string),
            status: self.status.map(|to| StatusChange {
                from: task.status,
                to,
            }),
            problems: problems.map(str::to_string),
            next_steps: next_steps.map(str::to_string),
            source: self.source.clone(),
        })];
        changes.extend(self.status.map(Change::Status));
        Ok(changes)
    }

    /// A new deadline, with its reason.
    fn extension(&self, target: &Target, today: NaiveDate) -> Result<Option<Change>> {
        let task = &target.task;
        match (self.due, self.reason.as_deref().map(str::trim)) {
            (Some(to), Some(reason)) if !is_blank(reason) => {
                if to == task.due {
                    bail!(tr!("完成时限已是 {to}", "the deadline is {to} already"));
                }
                if let Some(issued) = issued(target).filter(|issued| to < *issued) {
                    bail!(tr!(
                        "新的完成时限 {to} 早于计划印发日期 {issued}（plan.yaml 的 date）",
                        "the new deadline {to} is before the plan was issued ({issued}, the date in plan.yaml)"
                    ));
                }
                // Granted on --date (checked as a progress date is), else today.
                let date = self.date.unwrap_or(today);
                check_progress_date(target, date, today)?;
                Ok(Some(Change::Extend(Extension {
                    date,
                    from: task.due,
                    to,
                    reason: reason.to_string(),
                })))
            }
            (Some(_), _) => bail!(pick(
                "调整完成时限必须写明理由：请加 --reason",
                "moving the deadline needs a reason: add --reason"
            )),
            (None, Some(_)) => bail!(pick("--reason 须与 --due 同用", "--reason goes with --due")),
            (None, None) => Ok(None),
        }
    }

    /// Who reports: `--by` (a department on the task; for a status change
    /// alone, also the supervision or working-group office), else the sole
    /// lead.
    fn reporter(&self, target: &Target, task: &Task, with_note: bool) -> Result<String> {
        let registry = &target.store.registry;
        let Some(by) = self.by.as_deref().map(str::trim) else {
            return match task.lead.as_slice() {
                [only] => Ok(only.clone()),
                leads => bail!(tr!(
                    "该任务有 {} 个牵头部门（{}），请用 --by 指明报送单位",
                    "the task has {} lead departments ({}): say which one reports with --by",
                    leads.len(),
                    leads.join("、")
                )),
            };
        };
        if !with_note && target.store.plan.as_ref().is_some_and(|p| p.is_office(by)) {
            return Ok(by.to_string());
        }
        let by = known_department(registry, by)?;
        match task.departments().find(|d| registry.same(d, &by)) {
            Some(on_task) => Ok(on_task.to_string()),
            None => bail!(tr!(
                "“{by}”不是任务 {} 的牵头或责任部门，不能为其报送进展",
                "“{by}” is neither a lead nor a responsible department of task {}, so it cannot report on it",
                task.id
            )),
        }
    }
}

/// A text given on the command line, trimmed; given but blank is an error.
fn non_blank<'a>(text: Option<&'a str>, flag: &str) -> Result<Option<&'a str>> {
    match text.map(str::trim) {
        Some(text) if is_blank(text) => {
            bail!(tr!("{flag} 不能为空", "{flag} must not be empty"))
        }
        text => Ok(text),
    }
}

/// The day the plan was issued, if the directory has a plan.
fn issued(target: &Target) -> Option<NaiveDate> {
    target.store.plan.as_ref().map(|plan| plan.date)
}

/// A progress entry is reported on a day that has come, and not before
/// the plan it reports on was issued.
fn check_progress_date(target: &Target, date: NaiveDate, today: NaiveDate) -> Result<()> {
    if date > today {
        bail!(tr!(
            "进展日期 {date} 晚于今天（{today}）：不能报送尚未发生的进展（--as-of 可指定“今天”）",
            "the progress date {date} is after today ({today}): progress cannot be reported ahead of time (--as-of sets today)"
        ));
    }
    if let Some(issued) = issued(target).filter(|issued| date < *issued) {
        bail!(tr!(
            "进展日期 {date} 早于计划印发日期 {issued}（plan.yaml 的 date）",
            "the progress date {date} is before the plan was issued ({issued}, the date in plan.yaml)"
        ));
    }
    Ok(())
}

/// Evidence of completion already on file: the latest entry is a note
/// reported after the last status change (not the note of that change).
fn has_final_note(task: &Task) -> bool {
    task.progress
        .last()
        .is_some_and(|p| p.note.is_some() && p.status.is_none())
}
