use std::io::Write;

use anyhow::{bail, Result};

use super::Outcome;
use crate::cli::{ShowArgs, ShowFormat};
use crate::context::Context;
use crate::i18n::list_separator;
use crate::ids::TaskId;
use crate::ledger::AsOf;
use crate::render;
use crate::store::TaskFile;
use crate::tr;

pub fn run(ctx: &Context, args: &ShowArgs, out: &mut dyn Write) -> Result<Outcome> {
    let store = super::load_usable(ctx)?;
    // Every id is found before anything is shown.
    let files = args
        .ids
        .iter()
        .map(|id| find(&store, id.trim()))
        .collect::<Result<Vec<_>>>()?;
    let several = files.len() > 1;
    if several && args.format == ShowFormat::Json {
        out.write_all(b"[\n")?;
    }
    for (i, file) in files.into_iter().enumerate() {
        if i > 0 {
            match args.format {
                ShowFormat::Table => out.write_all(b"\n")?,
                ShowFormat::Json => out.write_all(b",\n")?,
                ShowFormat::Yaml => out.write_all(b"---\n")?,
            }
        }
        show(ctx, &store, file, args.format, out)?;
    }
    if several && args.format == ShowFormat::Json {
        out.write_all(b"]\n")?;
    }
    Ok(Outcome::Success)
}

/// The task with this id, or an error that says what the section has.
fn find<'s>(store: &'s crate::store::Store, id: &str) -> Result<&'s TaskFile> {
    let Some(file) = store.tasks.iter().find(|f| f.task.id == id) else {
        // Show what the section has, where the id names one.
        let section = TaskId::parse(id).map(|wanted| wanted.section);
        let mut siblings: Vec<TaskId> = store
            .tasks
            .iter()
            .filter_map(|f| TaskId::parse(&f.task.id))
            .filter(|other| Some(other.section) == section)
            .collect();
        siblings.sort();
        let (Some(section), false) = (section, siblings.is_empty()) else {
            bail!(tr!(
                "没有编号为“{id}”的任务（cooptrack list 列出全部任务）",
                "no task “{id}” (cooptrack list lists them all)"
            ));
        };
        let siblings: Vec<String> = siblings.iter().map(ToString::to_string).collect();
        let siblings = siblings.join(list_separator());
        bail!(tr!(
            "没有编号为“{id}”的任务；第 {section} 篇章现有：{siblings}",
            "no task “{id}”; section {section} has {siblings}"
        ));
    };
    Ok(file)
}

fn show(
    ctx: &Context,
    store: &crate::store::Store,
    file: &TaskFile,
    format: ShowFormat,
    out: &mut dyn Write,
) -> Result<()> {
    let id = file.task.id.as_str();
    // `--as-of`: the task as it stood that day, as `list` and `report` see it.
    let as_of = ctx
        .as_of_given
        .then(|| AsOf::new(ctx.today, store.plan.as_ref()));
    let shown = match &as_of {
        Some(view) if format != ShowFormat::Yaml => {
            let Some(task) = view.task(file.task.clone()) else {
                bail!(tr!(
                    "任务 {id} 在 {} 尚未新增（新增于 {}）",
                    "task {id} did not exist yet on {} (it was added on {})",
                    ctx.today,
                    view.born(&file.task)
                        .map(|d| d.to_string())
                        .unwrap_or_default()
                ));
            };
            std::borrow::Cow::Owned(TaskFile {
                task,
                ..file.clone()
            })
        }
        _ => std::borrow::Cow::Borrowed(file),
    };
    let file = shown.as_ref();
    match format {
        ShowFormat::Table => {
            let path = file.path.display().to_string();
            let view = as_of.unwrap_or_else(|| AsOf::new(ctx.today, store.plan.as_ref()));
            let states = view.milestones(&file.task);
            render::table::show(out, &store.registry, &file.task, &path, &states, ctx.style)?;
            for line in carry_over_lines(file) {
                render::narrow::paragraph(out, &line, usize::from(ctx.style.width))?;
            }
        }
        ShowFormat::Json => render::json::show(out, file)?,
        // The file exactly as written: comments and layout are the user's.
        ShowFormat::Yaml => {
            let text = std::fs::read_to_string(&file.path)?;
            out.write_all(text.as_bytes())?;
        }
    }
    Ok(())
}

/// Where a carried-over task continues and where a continuation comes
/// from: the other plan by its years and title and the task by its id,
/// never by a path.
fn carry_over_lines(file: &TaskFile) -> Vec<String> {
    let task = &file.task;
    let plan = |link: &str| match crate::links::linked_plan(&file.path, link) {
        Some((title, start, end)) => tr!(
            "{start}—{end}年计划《{title}》",
            "the {start}–{end} plan “{title}”"
        ),
        None => tr!(
            "另一计划（链接已失效，运行 cooptrack validate 查看）",
            "another plan (the link is broken: run cooptrack validate)"
        ),
    };
    let mut lines = Vec::new();
    if let Some(link) = &task.carried_over_to {
        let (id, status) = (crate::links::linked_id(link), task.status.display());
        lines.push(tr!(
            "已结转：在{}中作为任务 {id} 继续；此处的状态“{status}”和完成时限是结转时的",
            "carried over: it continues as task {id} in {}; the status “{status}” and the deadline here are those it was carried over with",
            plan(link)
        ));
    }
    if let Some(link) = &task.carried_over_from {
        let id = crate::links::linked_id(link);
        lines.push(tr!(
            "结转自{}的任务 {id}",
            "carried over from task {id} of {}",
            plan(link)
        ));
    }
    lines
}
