//! What `update` asks for, checked against the task it changes: the rules
//! of the supervision office (a reason for every extension, evidence for
//! every completion, only a task's own departments report on it) turned
//! into the list of changes to apply.

use anyhow::{bail, Result};
use chrono::NaiveDate;

use super::{Change, DepartmentList, Target};
use crate::i18n::pick;
use crate::model::{Extension, ProgressEntry, Status, StatusChange, Task};
use crate::period::Period;
use crate::query::known_department;
use crate::registry::Registry;
use crate::rulebook::{
    evidence_on_file, Proposal, Refusal, RuleBook, TextField, Texts, MAX_CELL_CHARS,
};
use crate::tr;
use crate::validate::is_blank;

/// What a request comes to.
#[derive(Debug, Clone)]
pub enum Requested {
    /// The changes to apply, in order.
    Changes(Vec<Change>),
    /// The progress entry asked for is on file already, and nothing else
    /// was asked: a repeat writes nothing.
    Repeat(ProgressEntry),
}

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
    /// The reporting period the entry is for (`--period`).
    pub period: Option<Period>,
    pub by: Option<String>,
    /// Who reports when `--by` is not given: `by` in `.cooptrack.toml`.
    pub default_by: Option<crate::config::Setting>,
    pub due: Option<NaiveDate>,
    pub reason: Option<String>,
    pub add_lead: Vec<String>,
    pub remove_lead: Vec<String>,
    pub add_responsible: Vec<String>,
    pub remove_responsible: Vec<String>,
    /// The year whose target `goal` sets (`--target`).
    pub target_year: Option<i32>,
    /// The milestone `goal` sets (`--milestone`).
    pub milestone: Option<NaiveDate>,
    /// The goal of the target or milestone (`--goal`).
    pub goal: Option<String>,
}

impl Request {
    /// Turns the request into checked changes, in the order they apply:
    /// departments, then the progress entry (status and note), then the
    /// deadline.
    pub fn changes(&self, target: &Target, today: NaiveDate) -> Result<Requested> {
        let registry = &target.store.registry;
        let mut departments = target.task.clone();
        let mut changes = self.department_changes(registry, &mut departments)?;
        let progress = self.progress_changes(target, &departments, today)?;
        let extension = self.extension(target, today)?;
        let plan_change = self.target_change()?;
        if let [Change::Progress(entry)] = progress.as_slice() {
            let book = RuleBook::new(target.store.plan.as_ref(), registry, today);
            if changes.is_empty()
                && extension.is_none()
                && plan_change.is_none()
                && book.is_repeat(&target.task, entry)
            {
                return Ok(Requested::Repeat(entry.clone()));
            }
        }
        changes.extend(progress);
        changes.extend(extension);
        changes.extend(plan_change);
        if changes.is_empty() {
            bail!(pick(
                "没有要做的修改：请给出 --status、--note、--due、--target、--milestone 或部门调整参数（cooptrack update --help）",
                "nothing to change: give --status, --note, --due, --target, --milestone or a department change (cooptrack update --help)"
            ));
        }
        Ok(Requested::Changes(changes))
    }

    /// The year's goal or a milestone (`--target`/`--milestone` with
    /// `--goal`): the 年度工作计划 set by hand.
    fn target_change(&self) -> Result<Option<Change>> {
        let goal = non_blank(self.goal.as_deref(), "--goal")?.map(str::to_string);
        match (self.target_year, self.milestone, goal) {
            (None, None, None) => Ok(None),
            (Some(year), None, Some(goal)) => Ok(Some(Change::TargetGoal { year, goal })),
            (None, Some(by), Some(goal)) => Ok(Some(Change::Milestone { by, goal })),
            (Some(_), Some(_), _) => bail!(pick(
                "--target 与 --milestone 每次只能用一个，各配一个 --goal",
                "give --target or --milestone, not both: each takes its own --goal"
            )),
            (_, _, None) => bail!(pick(
                "--target 和 --milestone 须与 --goal（目标内容）同用",
                "--target and --milestone need --goal (what is to be achieved)"
            )),
            (None, None, Some(_)) => bail!(pick(
                "--goal 须与 --target（年度）或 --milestone（节点日期）同用",
                "--goal goes with --target (a year) or --milestone (a milestone's date)"
            )),
        }
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
        if self.status.is_none() && self.note.is_none() {
            bail!(pick(
                "进展记录须有 --note（进展情况）或 --status：--problems 和 --next-steps 只是其补充",
                "a progress entry needs --note (what was done) or --status: --problems and --next-steps only add to it"
            ));
        }
        let note = non_blank(self.note.as_deref(), "--note")?;
        let problems = non_blank(self.problems.as_deref(), "--problems")?;
        let next_steps = non_blank(self.next_steps.as_deref(), "--next-steps")?;
        let date = self.date.unwrap_or(today);
        let by = self.reporter(target, departments)?;
        // The evidence of a completion: the note given with it, or a note
        // already on file; the reason for a cancellation: the note given.
        let evidence = match self.status {
            Some(Status::Done) => note.or_else(|| evidence_on_file(task)),
            _ => note,
        };
        let book = RuleBook::new(target.store.plan.as_ref(), &target.store.registry, today);
        let proposal = Proposal {
            task: departments,
            by: &by,
            date,
            status: self.status,
            evidence,
            period: self.period.as_ref(),
            due_by: None,
            late_allowed: false,
            texts: Texts {
                note,
                problems,
                next_steps,
                evidence: None,
            },
        };
        book.check(&proposal).map_err(|refusal| {
            let err = refused(&refusal, task);
            match self.configured_by() {
                Some(setting) => setting.context("by", err),
                None => err,
            }
        })?;
        let mut changes = vec![Change::Progress(ProgressEntry {
            date,
            period: self.period.as_ref().map(|p| p.id.clone()),
            by,
            note: note.map(str::to_string),
            status: self.status.map(|to| StatusChange {
                from: task.status,
                to,
            }),
            problems: problems.map(str::to_string),
            next_steps: next_steps.map(str::to_string),
            source: self.source.clone(),
            late: false,
            milestone: None,
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
                check_granted(target, date, today)?;
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

    /// The configuration's `by`, when `--by` is not given.
    fn configured_by(&self) -> Option<&crate::config::Setting> {
        self.default_by.as_ref().filter(|_| self.by.is_none())
    }

    /// Who reports: `--by` (a department on the task, or one of the two
    /// offices), else the sole lead. The rule book checks the rest.
    fn reporter(&self, target: &Target, task: &Task) -> Result<String> {
        let registry = &target.store.registry;
        let configured = self.configured_by();
        let by = self.by.as_deref().or(configured.map(|s| s.value.as_str()));
        let Some(by) = by.map(str::trim) else {
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
        if target.store.plan.as_ref().is_some_and(|p| p.is_office(by)) {
            return Ok(by.to_string());
        }
        let by = known_department(registry, by).map_err(|err| match configured {
            Some(setting) => setting.context("by", err),
            None => err,
        })?;
        // The name the task file uses for it.
        Ok(task
            .departments()
            .find(|d| registry.same(d, &by))
            .unwrap_or(&by)
            .to_string())
    }
}

/// A refusal of the rule book, as `update` says it: naming the flag.
fn refused(refusal: &Refusal, task: &Task) -> anyhow::Error {
    let text = match refusal {
        Refusal::AfterToday { date, today } => tr!(
            "进展日期 {date} 晚于今天（{today}）：不能报送尚未发生的进展（--as-of 可指定“今天”）",
            "the progress date {date} is after today ({today}): progress cannot be reported ahead of time (--as-of sets today)"
        ),
        Refusal::BeforePlan { date, issued } => tr!(
            "进展日期 {date} 早于计划印发日期 {issued}（plan.yaml 的 date）",
            "the progress date {date} is before the plan was issued ({issued}, the date in plan.yaml)"
        ),
        Refusal::OutsidePeriod { date, period, last } => tr!(
            "进展日期 {date} 不在报送期 {}（{} 至 {}，可延至 {last}）内：请改 --date 或 --period",
            "the progress date {date} is outside the period {} ({} to {}, or up to {last}): change --date or --period",
            period.id,
            period.start,
            period.end
        ),
        Refusal::NotAReportingPeriod { period } => tr!(
            "--period {} 不是报送期：进展记录按月（2020-06）或季度（2020Q2）报送",
            "--period {} is not a reporting period: entries are recorded for a month (2020-06) or a quarter (2020Q2)",
            period.id
        ),
        Refusal::NotOnTask { by } => tr!(
            "“{by}”不是任务 {} 的牵头或责任部门，不能为其报送进展",
            "“{by}” is neither a lead nor a responsible department of task {}, so it cannot report on it",
            task.id
        ),
        Refusal::NotLead { by, .. } => tr!(
            "“{by}”是任务 {} 的配合单位，不能更改任务状态（由牵头单位或督查室更改）；进展可照常报送",
            "“{by}” supports task {} and cannot change its status (its lead or an office does); it can still report progress",
            task.id
        ),
        Refusal::BackToNotStarted { from } => tr!(
            "状态不能从“{}”改回“未启动”",
            "the status cannot go back from “{}” to “未启动” (not started)",
            from.display()
        ),
        Refusal::DoneWithoutEvidence => pick(
            "设为“已完成”须附完成依据：请用 --note 写明（督查室凭依据销号），或先追加一条进展说明",
            "marking a task done needs evidence of completion: give it with --note (the supervision office closes tasks on evidence), or add a progress note first",
        )
        .to_string(),
        Refusal::CancelledWithoutReason => pick(
            "设为“已取消”须写明理由：请用 --note 说明",
            "cancelling a task needs a reason: give it with --note",
        )
        .to_string(),
        Refusal::TooLong { field, chars } => {
            let flag = match field {
                TextField::Note | TextField::Evidence => "--note",
                TextField::Problems => "--problems",
                TextField::NextSteps => "--next-steps",
            };
            tr!(
                "{flag} 有 {chars} 字，超过表格单元格的上限 {MAX_CELL_CHARS} 字（任务 {}）：请精简，或把全文放在附件中",
                "{flag} is {chars} characters, over the {MAX_CELL_CHARS} a spreadsheet cell holds (task {}): shorten it, or put the full text in an attachment",
                task.id
            )
        }
    };
    anyhow::anyhow!(text)
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

/// An extension is granted on a day that has come, and not before the
/// plan was issued: the rule book's date rules, said as `update` says them.
fn check_granted(target: &Target, date: NaiveDate, today: NaiveDate) -> Result<()> {
    let book = RuleBook::new(target.store.plan.as_ref(), &target.store.registry, today);
    match book.check_date(date) {
        Ok(()) => Ok(()),
        Err(refusal) => Err(refused(&refusal, &target.task)),
    }
}
