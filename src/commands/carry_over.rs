use std::io::Write;
use std::path::{Component, Path, PathBuf};

use anyhow::{bail, Context as _, Result};

use crate::cli::CarryOverArgs;
use crate::context::Context;
use crate::edit::{self, Change};
use crate::i18n::pick;
use crate::model::Task;
use crate::store::Store;
use crate::write::{write_atomic, DirLock};
use crate::{canonical, git, ids, render, tr, Outcome};

pub fn run(ctx: &Context, args: &CarryOverArgs, out: &mut dyn Write) -> Result<Outcome> {
    // Resolved, so that `t/../t` or a symlink is seen to be the same place.
    let resolve = |dir: &Path| std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let same_dir = resolve(&ctx.dir) == resolve(&args.to);
    if same_dir {
        bail!(pick(
            "--to 必须是另一个计划的任务目录，不能是当前目录",
            "--to must be the tasks directory of another plan, not this one"
        ));
    }
    let _source_lock = DirLock::acquire(&ctx.dir)?;
    let _target_lock = DirLock::acquire(&args.to)?;
    let source = Store::open_for_edit(&ctx.dir, args.id.trim(), false)?;
    let task = &source.task;
    let id = &task.id;
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
    target.require_usable()?;
    let plan = target.plan.as_ref().with_context(|| {
        tr!(
            "{} 不是计划的任务目录（缺少 plan.yaml）",
            "{} is not the tasks directory of a plan (it has no plan.yaml)",
            args.to.display()
        )
    })?;
    let taken = |id: &str| target.tasks.iter().any(|t| t.task.id == id);
    let new_id = match &args.new_id {
        Some(id) if !ids::is_valid(id) => bail!(tr!(
            "任务编号“{id}”格式无效：应为“篇章号.序号”",
            "invalid task id “{id}”: it should be “section.number”"
        )),
        Some(id) if taken(id) => bail!(tr!(
            "后续计划中已有任务 {id}",
            "the successor plan has a task {id} already"
        )),
        Some(id) => id.clone(),
        None if !taken(&task.id) => task.id.clone(),
        None => {
            let prefix = format!("{}.", task.section);
            let highest = target
                .tasks
                .iter()
                .filter_map(|t| t.task.id.strip_prefix(&prefix)?.parse::<u32>().ok())
                .max()
                .unwrap_or(0);
            format!("{}{}", prefix, highest + 1)
        }
    };
    let section: u32 = new_id
        .split('.')
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let heading = plan.heading(section).with_context(|| {
        tr!(
            "后续计划没有第 {section} 篇章；请用 --as 指定编号",
            "the successor plan has no section {section}; give the id with --as"
        )
    })?;
    let due = match args.due {
        Some(due) => due,
        None => chrono::NaiveDate::from_ymd_opt(plan.period.end, 12, 31).context(pick(
            "后续计划的期末年份无效，请用 --due 指定完成时限",
            "the successor plan's end year is not valid; give the deadline with --due",
        ))?,
    };
    let new_path = args.to.join(format!("{new_id}.yaml"));
    let carried = Task {
        id: new_id.clone(),
        section,
        heading: heading.title.clone(),
        number: new_id
            .rsplit('.')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or(0),
        numbered_as: None,
        due,
        original_due: None,
        extensions: Vec::new(),
        progress: Vec::new(),
        carried_over_to: None,
        carried_over_from: Some(relative_path(&args.to, &source.path)),
        ..task.clone()
    };
    let modeline = crate::store::schema_modeline(&args.to);
    let new_text = canonical::render_task(&carried, modeline.as_deref()).unwrap_or_default();
    target.check_before_write(&new_path, &new_text)?;

    let link = relative_path(&ctx.dir, &new_path);
    let edited = edit::apply(
        &source.path,
        &source.text,
        task,
        &[Change::CarriedOverTo(link.clone())],
        false,
    )?;
    source
        .store
        .check_before_write(&source.path, &edited.text)?;

    write_atomic(&new_path, new_text.as_bytes(), true)?;
    write_atomic(&source.path, edited.text.as_bytes(), false)?;
    let (from, to) = (source.path.display(), new_path.display());
    let back = carried.carried_over_from.as_deref().unwrap_or_default();
    let lines = tr!(
        "已结转 {from} → {to}\n  {from} 记下 carried_over_to: {link}\n  {to} 记下 carried_over_from: {back}",
        "carried over {from} → {to}\n  {from} records carried_over_to: {link}\n  {to} records carried_over_from: {back}"
    );
    writeln!(out, "{lines}")?;
    if args.commit {
        let message = format!(
            "cooptrack: carry over {} to {}",
            task.id,
            new_path.display()
        );
        git::commit_files(&[&source.path, &new_path], &message)?;
        render::text::committed(out, &message)?;
    }
    Ok(Outcome::Success)
}

/// `to` relative to the directory `from`, for links that survive a clone.
/// Directories are resolved first (`..`, symlinks), so the link is right
/// however the two paths were given.
fn relative_path(from: &Path, to: &Path) -> String {
    let resolve = |dir: &Path| std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let from = resolve(from);
    let to = match (to.parent(), to.file_name()) {
        (Some(parent), Some(name)) => resolve(if parent.as_os_str().is_empty() {
            Path::new(".")
        } else {
            parent
        })
        .join(name),
        _ => to.to_path_buf(),
    };
    let from: Vec<Component> = from.components().collect();
    let to: Vec<Component> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut path = PathBuf::new();
    for _ in common..from.len() {
        path.push("..");
    }
    for part in &to[common..] {
        path.push(part.as_os_str());
    }
    path.to_string_lossy().replace('\\', "/")
}
