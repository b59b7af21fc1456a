use std::io::Write;

use anyhow::{bail, Context as _, Result};

use crate::cli::CarryOverArgs;
use crate::context::Context;
use crate::edit::{self, Change, Layout, Session, TaskCheck};
use crate::i18n::pick;
use crate::ids::{Taken, TaskId};
use crate::model::Task;
use crate::store::{self, Store};
use crate::{git, render, tr, Outcome};

pub fn run(ctx: &Context, args: &CarryOverArgs, out: &mut dyn Write) -> Result<Outcome> {
    let id: TaskId = args.id.parse().map_err(anyhow::Error::msg)?;
    if store::same_dir(&ctx.dir, &args.to) {
        bail!(pick(
            "--to 必须是另一个计划的任务目录，不能是当前目录",
            "--to must be the tasks directory of another plan, not this one"
        ));
    }
    let session = Session::begin(&ctx.dir, &ctx.journal)?;
    let successor_session = Session::begin(&args.to, &ctx.journal)?;
    let source = edit::open_task(&ctx.dir, id, false)?;
    let task = &source.task;
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

    let target = Store::load(&args.to)?;
    super::require_usable(&target)?;
    let (new_id, mut carried) = continuation(id, task, &target, args)?;
    let new_path = new_id.file_in(&args.to);
    carried.carried_over_from = Some(store::relative_path(&args.to, &source.path));
    let check = TaskCheck::strict(target.rules());
    let modeline = store::schema_modeline(&args.to);
    let new_file = edit::new_task(&new_path, &carried, modeline.as_deref(), &check)?;

    let link = store::relative_path(&ctx.dir, &new_path);
    let intended = edit::change::apply(task, &[Change::CarriedOverTo(link.clone())]);
    let source_file = edit::edit_task(
        &source.path,
        &source.text,
        task,
        &intended,
        Layout::InPlace,
        &source.check(),
    )?;

    successor_session.write(&new_file)?;
    session.write(&source_file)?;
    let (from, to) = (source.path.display(), new_path.display());
    let back = carried.carried_over_from.as_deref().unwrap_or_default();
    let lines = tr!(
        "已结转 {from} → {to}\n  {from} 记下 carried_over_to: {link}\n  {to} 记下 carried_over_from: {back}",
        "carried over {from} → {to}\n  {from} records carried_over_to: {link}\n  {to} records carried_over_from: {back}"
    );
    for line in lines.lines() {
        render::line(out, line)?;
    }
    if args.commit {
        let message = format!("cooptrack: carry over {id} to {to}");
        git::commit_files(&[&source.path, &new_path], &message)?;
        render::text::committed(out, &message)?;
    }
    Ok(Outcome::Success)
}

/// The task as it continues in the successor plan: the same source
/// fields, a fresh log, the successor's heading and deadline, and an id
/// the successor never used (`--as`, else the same id, else the section's
/// next), skipping ids its git history has seen.
fn continuation(
    id: TaskId,
    task: &Task,
    target: &Store,
    args: &CarryOverArgs,
) -> Result<(TaskId, Task)> {
    let plan = target.plan.as_ref().with_context(|| {
        tr!(
            "{} 不是计划的任务目录（缺少 plan.yaml）",
            "{} is not the tasks directory of a plan (it has no plan.yaml)",
            args.to.display()
        )
    })?;
    let used = target.used_ids()?;
    let new_id = match &args.new_id {
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
        None => used.this_or_next(id),
    };
    let section = new_id.section;
    let heading = plan.heading(section).with_context(|| {
        tr!(
            "后续计划没有第 {section} 篇章；请用 --as 指定编号",
            "the successor plan has no section {section}; give the id with --as"
        )
    })?;
    let due = match args.due {
        Some(due) => due,
        None => plan.last_day().context(pick(
            "后续计划的期末年份无效，请用 --due 指定完成时限",
            "the successor plan's end year is not valid; give the deadline with --due",
        ))?,
    };
    Ok((new_id, task.continued_as(new_id, &heading.title, due)))
}
