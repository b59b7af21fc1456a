//! The task files of an import: new ones from the notice, and existing
//! ones brought in line with the notice's source fields.

use std::path::{Path, PathBuf};

use anyhow::Result;
use chrono::NaiveDate;

use super::changes::{none, option, Changes, FileChange, FileKind};
use super::current::Existing;
use super::NoticeTask;
use crate::edit::{self, Layout, TaskCheck};
use crate::i18n::{list_separator, pick};
use crate::ids::TaskId;
use crate::model::Task;
use crate::registry::Registry;
use crate::tr;

/// What every task file of one import is made and checked with.
pub struct Context<'a> {
    pub dir: &'a Path,
    /// A new task's deadline: the end of the plan period.
    pub due: NaiveDate,
    pub registry: &'a Registry,
    pub check: &'a TaskCheck<'a>,
    pub layout: Layout,
    /// The first lines of a new task file (the editor schema line).
    pub header: Option<String>,
}

/// A new task file from the notice.
pub fn created(
    context: &Context,
    source: &NoticeTask,
    changes: &mut Changes,
) -> Result<FileChange> {
    let id = source.task_id();
    let path = id.file_in(context.dir);
    let task = new_task(id, source, context.due);
    if task.lead.is_empty() {
        changes
            .no_lead
            .push((task.id.clone(), task.title.clone(), path.clone()));
    }
    let file = edit::new_task(&path, &task, context.header.as_deref(), context.check)
        .map_err(|refused| refused_import(&refused))?;
    Ok(FileChange {
        kind: FileKind::Task,
        file,
        what: task.title.clone(),
        details: Vec::new(),
        remark: task.lead.is_empty().then(|| no_lead_remark().into()),
    })
}

fn new_task(id: TaskId, source: &NoticeTask, due: NaiveDate) -> Task {
    let mut task = Task::new(
        id,
        &source.heading,
        source.title.clone(),
        source.text.clone(),
        due,
    );
    task.numbered_as = source.numbered_as.clone();
    task.lead = source.lead.clone();
    task.lead_label = source.lead_label.clone();
    task.responsible = source.responsible.clone();
    task
}

/// A task file made from the notice that cannot be written: the task's
/// text in the notice is the likely cause.
fn refused_import(refused: &edit::Refused) -> anyhow::Error {
    anyhow::anyhow!(tr!(
        "{refused}；请检查通知中该任务的文字，未写入任何文件",
        "{refused}; check the task's text in the notice; nothing was written"
    ))
}

/// An existing task brought in line with the notice's source fields.
pub fn updated(
    context: &Context,
    existing: &Existing<Task>,
    source: &NoticeTask,
    changes: &mut Changes,
) -> Result<FileChange> {
    let mut sourced = Sourced::new(&existing.value);
    sourced.scalars(source);
    let remark = if source.lead.is_empty() {
        sourced.keep_lead(source, &existing.path, changes)
    } else {
        sourced.lead(source, context.registry);
        None
    };
    sourced.responsible(source, context.registry);
    if existing.value.text != source.text {
        sourced
            .details
            .push(pick("text：内容有改动", "text: changed").into());
    }
    let Sourced {
        intended, details, ..
    } = sourced;
    let file = edit::edit_task(
        &existing.path,
        &existing.text,
        &existing.value,
        &intended,
        context.layout,
        context.check,
    )?;
    Ok(FileChange {
        kind: FileKind::Task,
        file,
        what: intended.title.clone(),
        details,
        remark,
    })
}

/// The existing task with the notice's source fields, and what changed.
struct Sourced<'a> {
    existing: &'a Task,
    intended: Task,
    details: Vec<String>,
}

impl<'a> Sourced<'a> {
    fn new(existing: &'a Task) -> Self {
        Sourced {
            existing,
            intended: existing.clone(),
            details: Vec::new(),
        }
    }

    /// "title：旧 → 新".
    fn changed(&mut self, field: &str, old: String, new: String) {
        self.details
            .push(tr!("{field}：{old} → {new}", "{field}: {old} → {new}"));
    }

    /// heading, numbered_as, title and text.
    fn scalars(&mut self, source: &NoticeTask) {
        let existing = self.existing;
        if existing.heading != source.heading {
            self.changed("heading", existing.heading.clone(), source.heading.clone());
            self.intended.heading = source.heading.clone();
        }
        if existing.numbered_as != source.numbered_as {
            self.changed(
                "numbered_as",
                option(existing.numbered_as.as_deref()),
                option(source.numbered_as.as_deref()),
            );
            self.intended.numbered_as = source.numbered_as.clone();
        }
        if existing.title != source.title {
            self.changed("title", existing.title.clone(), source.title.clone());
            self.intended.title = source.title.clone();
        }
        self.intended.text = source.text.clone();
    }

    /// The notice names no lead: whatever the file records is a decision,
    /// kept; the remark says which.
    fn keep_lead(
        &mut self,
        source: &NoticeTask,
        path: &Path,
        changes: &mut Changes,
    ) -> Option<String> {
        let existing = self.existing;
        if existing.lead.is_empty() {
            changes
                .no_lead
                .push((source.id(), source.title.clone(), PathBuf::from(path)));
            return Some(no_lead_remark().into());
        }
        let lead = existing.lead.join(list_separator());
        Some(if existing.lead_provisional {
            tr!(
                "原文未列明牵头部门，保留暂定牵头部门：{lead}",
                "the notice names no lead department; the provisional lead is kept: {lead}"
            )
        } else {
            tr!(
                "原文未列明牵头部门，保留文件中的牵头部门：{lead}（未标为暂定，请核实）",
                "the notice names no lead department; the file's lead is kept: {lead} (not marked provisional; please check)"
            )
        })
    }

    /// The notice names the lead: it replaces the file's, which is no
    /// longer provisional.
    fn lead(&mut self, source: &NoticeTask, registry: &Registry) {
        let existing = self.existing;
        if !same_departments(registry, &existing.lead, &source.lead) {
            self.changed("lead", list(&existing.lead), list(&source.lead));
            self.intended.lead = source.lead.clone();
        }
        if existing.lead_label != source.lead_label {
            self.changed(
                "lead_label",
                option(existing.lead_label.as_deref()),
                option(source.lead_label.as_deref()),
            );
            self.intended.lead_label = source.lead_label.clone();
        }
        if existing.lead_provisional {
            self.details.push(pick(
                "lead_provisional：原文已列明牵头部门，取消暂定（删除 lead_provisional 与 lead_note）",
                "lead_provisional: the notice now names the lead department, so it is no longer provisional (lead_provisional and lead_note removed)",
            ).into());
            self.intended.lead_provisional = false;
            self.intended.lead_note = None;
        }
    }

    fn responsible(&mut self, source: &NoticeTask, registry: &Registry) {
        let existing = self.existing;
        if !same_departments(registry, &existing.responsible, &source.responsible) {
            self.changed(
                "responsible",
                list(&existing.responsible),
                list(&source.responsible),
            );
            self.intended.responsible = source.responsible.clone();
        }
    }
}

/// Same departments in the same order, a former name matching its current one.
fn same_departments(registry: &Registry, a: &[String], b: &[String]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| registry.same(x, y))
}

fn list(names: &[String]) -> String {
    if names.is_empty() {
        none().into()
    } else {
        names.join(list_separator())
    }
}

fn no_lead_remark() -> &'static str {
    pick(
        "原文未列明牵头部门，lead 为空",
        "the notice names no lead department; lead is empty",
    )
}
