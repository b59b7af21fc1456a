use std::io::Write;

use anyhow::{bail, Result};

use crate::cli::UpdateArgs;
use crate::context::Context;
use crate::edit::{self, Change, DepartmentList};
use crate::i18n::pick;
use crate::model::{Extension, ProgressEntry, Status, StatusChange, Task};
use crate::query::known_department;
use crate::registry::Registry;
use crate::store::{EditTarget, Store};
use crate::write::DirLock;
use crate::{git, render, tr, Outcome};

pub fn run(ctx: &Context, args: &UpdateArgs, out: &mut dyn Write) -> Result<Outcome> {
    let _lock = DirLock::acquire(&ctx.dir)?;
    let target = Store::open_for_edit(&ctx.dir, args.id.trim(), !args.add_lead.is_empty())?;
    let changes = plan_changes(ctx, args, &target)?;
    let edited = edit::apply(
        &target.path,
        &target.text,
        &target.task,
        &changes,
        args.write.reformat,
    )?;
    target
        .store
        .check_before_write(&target.path, &edited.text)?;
    crate::write::write_atomic(&target.path, edited.text.as_bytes(), false)?;
    render::text::updated(out, &target.path, &changes, edited.reformatted)?;
    if args.write.commit {
        let message = render::text::commit_message(&target.task.id, &changes);
        git::commit_file(&target.path, &message)?;
        render::text::committed(out, &message)?;
    }
    Ok(Outcome::Success)
}

/// Turns the flags into checked changes, in the order they apply:
/// departments, then the progress entry (status and note), then the deadline.
fn plan_changes(ctx: &Context, args: &UpdateArgs, target: &EditTarget) -> Result<Vec<Change>> {
    let registry = &target.store.registry;
    let task = &target.task;
    let mut changes = Vec::new();
    let mut departments = task.clone();

    let lists = [
        (DepartmentList::Lead, &args.add_lead, &args.remove_lead),
        (
            DepartmentList::Responsible,
            &args.add_responsible,
            &args.remove_responsible,
        ),
    ];
    for (list, additions, removals) in lists {
        for name in additions {
            let name = known_department(registry, name)?;
            let current = list.of(&mut departments);
            if let Some(existing) = current.iter().find(|d| registry.same(d, &name)) {
                bail!(tr!(
                    "“{existing}”已是该任务的{}",
                    "“{existing}” is a {} of the task already",
                    list.label()
                ));
            }
            list.of(&mut departments).push(name.clone());
            changes.push(Change::AddDepartment(list, name));
        }
        for name in removals {
            let name = known_department(registry, name)?;
            let current = list.of(&mut departments);
            let Some(existing) = current.iter().find(|d| registry.same(d, &name)).cloned() else {
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
            list.of(&mut departments).retain(|d| d != &existing);
            changes.push(Change::RemoveDepartment(list, existing));
        }
    }

    if args.status == Some(task.status) {
        bail!(tr!(
            "任务 {} 的状态已是“{}”",
            "task {} is “{}” already",
            task.id,
            task.status.display()
        ));
    }
    if args.status.is_some() || args.note.is_some() {
        let note = args
            .note
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty());
        if args.note.is_some() && note.is_none() {
            bail!(pick("--note 不能为空", "--note must not be empty"));
        }
        if args.status == Some(Status::Done) && note.is_none() && !has_final_note(task) {
            bail!(pick(
                "设为“已完成”须附完成依据：请用 --note 写明（督查室凭依据销号），或先追加一条进展说明",
                "marking a task done needs evidence of completion: give it with --note (the supervision office closes tasks on evidence), or add a progress note first"
            ));
        }
        if args.status == Some(Status::Cancelled) && note.is_none() {
            bail!(pick(
                "设为“已取消”须写明理由：请用 --note 说明",
                "cancelling a task needs a reason: give it with --note"
            ));
        }
        let by = reporter(args, registry, &departments, target, note.is_some())?;
        changes.push(Change::Progress(ProgressEntry {
            date: args.date.unwrap_or(ctx.today),
            by,
            note: note.map(str::to_string),
            status: args.status.map(|to| StatusChange {
                from: task.status,
                to,
            }),
        }));
        if let Some(status) = args.status {
            changes.push(Change::Status(status));
        }
    } else if args.date.is_some() || args.by.is_some() {
        bail!(pick(
            "--date 和 --by 用于进展记录，须与 --note 或 --status 同用",
            "--date and --by belong to a progress entry: use them with --note or --status"
        ));
    }

    match (args.due, args.reason.as_deref().map(str::trim)) {
        (Some(to), Some(reason)) if !reason.is_empty() => {
            if to == task.due {
                bail!(tr!("完成时限已是 {to}", "the deadline is {to} already"));
            }
            changes.push(Change::Extend(Extension {
                date: ctx.today,
                from: task.due,
                to,
                reason: reason.to_string(),
            }));
        }
        (Some(_), _) => bail!(pick(
            "调整完成时限必须写明理由：请加 --reason",
            "moving the deadline needs a reason: add --reason"
        )),
        (None, Some(_)) => bail!(pick("--reason 须与 --due 同用", "--reason goes with --due")),
        (None, None) => {}
    }

    if changes.is_empty() {
        bail!(pick(
            "没有要做的修改：请给出 --status、--note、--due 或部门调整参数（cooptrack update --help）",
            "nothing to change: give --status, --note, --due or a department change (cooptrack update --help)"
        ));
    }
    Ok(changes)
}

/// Who reports: `--by` (a department on the task; for a status change
/// alone, also the supervision or working-group office), else the sole lead.
fn reporter(
    args: &UpdateArgs,
    registry: &Registry,
    task: &Task,
    target: &EditTarget,
    with_note: bool,
) -> Result<String> {
    let Some(by) = args.by.as_deref().map(str::trim) else {
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

/// Evidence of completion already on file: the latest entry is a note
/// reported after the last status change (not the note of that change).
fn has_final_note(task: &Task) -> bool {
    task.progress
        .last()
        .is_some_and(|p| p.note.is_some() && p.status.is_none())
}
