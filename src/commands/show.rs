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
    let id = args.id.trim();
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
    // `--as-of`: the task as it stood that day, as `list` and `report` see it.
    let as_of = ctx
        .as_of_given
        .then(|| AsOf::new(ctx.today, store.plan.as_ref()));
    let shown = match &as_of {
        Some(view) if args.format != ShowFormat::Yaml => {
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
    match args.format {
        ShowFormat::Table => {
            let path = file.path.display().to_string();
            render::table::show(out, &store.registry, &file.task, &path, ctx.style)?
        }
        ShowFormat::Json => render::json::show(out, file)?,
        // The file exactly as written: comments and layout are the user's.
        ShowFormat::Yaml => {
            let text = std::fs::read_to_string(&file.path)?;
            out.write_all(text.as_bytes())?;
        }
    }
    Ok(Outcome::Success)
}
