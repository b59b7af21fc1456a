use std::io::Write;
use std::path::{Component, Path, PathBuf};

use anyhow::{bail, Context as _, Result};

use crate::cli::CarryOverArgs;
use crate::context::Context;
use crate::edit::{self, Change};
use crate::model::Task;
use crate::store::Store;
use crate::write::{write_atomic, DirLock};
use crate::{canonical, git, ids, Outcome};

pub fn run(ctx: &Context, args: &CarryOverArgs, out: &mut dyn Write) -> Result<Outcome> {
    let same_dir = std::path::absolute(&ctx.dir)? == std::path::absolute(&args.to)?;
    if same_dir {
        bail!("--to 必须是另一个计划的任务目录，不能是当前目录");
    }
    let _source_lock = DirLock::acquire(&ctx.dir)?;
    let _target_lock = DirLock::acquire(&args.to)?;
    let source = Store::open_for_edit(&ctx.dir, args.id.trim())?;
    let task = &source.task;
    if let Some(link) = &task.carried_over_to {
        bail!("任务 {} 已结转至 {link}", task.id);
    }
    if task.status.is_closed() {
        bail!("任务 {} 已{}，无需结转", task.id, task.status);
    }

    let target = Store::load(&args.to)?;
    target.require_usable()?;
    let plan = target
        .plan
        .as_ref()
        .with_context(|| format!("{} 不是计划的任务目录（缺少 plan.yaml）", args.to.display()))?;
    let taken = |id: &str| target.tasks.iter().any(|t| t.task.id == id);
    let new_id = match &args.new_id {
        Some(id) if !ids::is_valid(id) => bail!("任务编号“{id}”格式无效：应为“篇章号.序号”"),
        Some(id) if taken(id) => bail!("后续计划中已有任务 {id}"),
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
    let heading = plan
        .heading(section)
        .with_context(|| format!("后续计划没有第 {section} 篇章；请用 --as 指定编号"))?;
    let due = match args.due {
        Some(due) => due,
        None => chrono::NaiveDate::from_ymd_opt(plan.period.end, 12, 31)
            .context("后续计划的期末年份无效，请用 --due 指定完成时限")?,
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
    writeln!(
        out,
        "已结转 {} → {}",
        source.path.display(),
        new_path.display()
    )?;
    writeln!(
        out,
        "  {} 记下 carried_over_to: {link}",
        source.path.display()
    )?;
    writeln!(
        out,
        "  {} 记下 carried_over_from: {}",
        new_path.display(),
        carried.carried_over_from.as_deref().unwrap_or_default()
    )?;
    if args.commit {
        let message = format!(
            "cooptrack: carry over {} to {}",
            task.id,
            new_path.display()
        );
        git::commit_files(&[&source.path, &new_path], &message)?;
        writeln!(out, "已提交：{message}")?;
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
