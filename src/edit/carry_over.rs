//! Carrying a task over to a successor plan: a new task there with a link
//! back (`carried_over_from`), and a link to it in the original
//! (`carried_over_to`). The successor's file is written first, the
//! original's link second; a run stopped between the two leaves a
//! successor that points back at an original that does not point to it,
//! which `validate` reports and the next `carry-over` of the task finds
//! and completes, rather than making a second copy.

use std::path::PathBuf;

use anyhow::{bail, Context as _, Result};
use chrono::NaiveDate;

use super::{Change, Layout, Prepared, Target, TaskCheck};
use crate::i18n::pick;
use crate::ids::{Taken, TaskId};
use crate::model::Task;
use crate::store::{self, Store};
use crate::tr;

/// What the caller asked for.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// `--as`: the id in the successor plan.
    pub new_id: Option<String>,
    /// `--due`: the deadline in the successor plan.
    pub due: Option<NaiveDate>,
    /// The day of the carry-over (`--as-of`): the successor task's `added`.
    pub on: Option<NaiveDate>,
}

/// The two files of a carry-over, ready to write in this order.
#[derive(Debug)]
pub struct CarryOver {
    /// The successor's new task file; None when an interrupted run had
    /// written it already.
    pub successor: Option<Prepared>,
    pub successor_path: PathBuf,
    /// The original with its `carried_over_to`.
    pub original: Prepared,
    /// The two links, as written.
    pub link: String,
    pub back: String,
}

impl CarryOver {
    /// An interrupted run's successor was found and is being completed.
    pub fn resumes(&self) -> bool {
        self.successor.is_none()
    }
}

/// Works out a carry-over of `source` into the successor `target`.
pub fn plan(source: &Target, target: &Store, request: &Request) -> Result<CarryOver> {
    let task = &source.task;
    let id = source.id;
    if let Some(link) = &task.carried_over_to {
        bail!(tr!(
            "任务 {id} 已结转至 {link}",
            "task {id} has been carried over to {link} already"
        ));
    }
    if task.status.is_closed() {
        let status = task.status.display().to_lowercase();
        bail!(tr!(
            "任务 {id} 已{status}，无需结转",
            "task {id} is {status}: nothing to carry over"
        ));
    }
    let back = store::relative_path(&target.dir, &source.path);
    let (successor, successor_path) = match interrupted(source, target) {
        Some(path) => (None, path),
        None => {
            let (new_id, mut carried) = continuation(source, target, request)?;
            carried.carried_over_from = Some(back.clone());
            let path = new_id.file_in(&target.dir);
            let modeline = store::schema_modeline(&target.dir);
            let check = TaskCheck::strict(target.rules());
            let file = super::new_task(&path, &carried, modeline.as_deref(), &check)?;
            (Some(file), path)
        }
    };
    let link = store::relative_path(&source.store.dir, &successor_path);
    let intended = super::change::apply(task, &[Change::CarriedOverTo(link.clone())]);
    let original = super::edit_task(
        &source.path,
        &source.text,
        task,
        &intended,
        Layout::InPlace,
        &source.check(),
    )?;
    Ok(CarryOver {
        successor,
        successor_path,
        original,
        link,
        back,
    })
}

/// The successor task an interrupted carry-over of `source` left: one
/// whose `carried_over_from` leads to the source's file.
fn interrupted(source: &Target, target: &Store) -> Option<PathBuf> {
    let original = std::fs::canonicalize(&source.path).ok()?;
    target.tasks.iter().find_map(|file| {
        let from = file.task.carried_over_from.as_deref()?;
        let resolved = std::fs::canonicalize(target.dir.join(from)).ok()?;
        (resolved == original).then(|| file.path.clone())
    })
}

/// The task as it continues in the successor plan: the same source
/// fields, a fresh log, the successor's heading and deadline, and an id
/// the successor never used (`--as`, else the same id, else the section's
/// next), skipping ids its git history has seen.
fn continuation(source: &Target, target: &Store, request: &Request) -> Result<(TaskId, Task)> {
    let plan = target.plan.as_ref().with_context(|| {
        tr!(
            "{} 不是计划的任务目录（缺少 plan.yaml）",
            "{} is not the tasks directory of a plan (it has no plan.yaml)",
            target.dir.display()
        )
    })?;
    let used = target.used_ids()?;
    let new_id = match &request.new_id {
        Some(raw) => {
            let wanted: TaskId = raw.parse().map_err(anyhow::Error::msg)?;
            match used.check(wanted) {
                Ok(()) => wanted,
                Err(Taken::Present(_)) => bail!(tr!(
                    "后续计划中已有任务 {wanted}",
                    "the successor plan has a task {wanted} already"
                )),
                Err(deleted) => bail!(tr!(
                    "后续计划中：{deleted}",
                    "in the successor plan: {deleted}"
                )),
            }
        }
        None => used.this_or_next(source.id),
    };
    let section = new_id.section;
    let heading = plan.heading(section).with_context(|| {
        tr!(
            "后续计划没有第 {section} 篇章；请用 --as 指定编号",
            "the successor plan has no section {section}; give the id with --as"
        )
    })?;
    let due = match request.due {
        Some(due) => due,
        None => plan.last_day().context(pick(
            "后续计划的期末年份无效，请用 --due 指定完成时限",
            "the successor plan's end year is not valid; give the deadline with --due",
        ))?,
    };
    let mut successor = source.task.continued_as(new_id, &heading.title, due);
    successor.added = request.on;
    Ok((new_id, successor))
}
