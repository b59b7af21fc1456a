use std::io::Write;

use anyhow::{bail, Result};

use crate::cli::{ShowArgs, ShowFormat};
use crate::context::Context;
use crate::i18n::list_separator;
use crate::ids;
use crate::render;
use crate::{tr, Outcome};

pub fn run(ctx: &Context, args: &ShowArgs, out: &mut dyn Write) -> Result<Outcome> {
    let store = ctx.load_usable()?;
    let id = args.id.trim();
    let Some(file) = store.tasks.iter().find(|f| f.task.id == id) else {
        let section = id.split('.').next().unwrap_or_default();
        let mut siblings: Vec<&str> = store
            .tasks
            .iter()
            .map(|f| f.task.id.as_str())
            .filter(|other| other.split('.').next() == Some(section))
            .collect();
        siblings.sort_by(|a, b| ids::natural_cmp(a, b));
        if siblings.is_empty() {
            bail!(tr!(
                "没有编号为“{id}”的任务（cooptrack list 列出全部任务）",
                "no task “{id}” (cooptrack list lists them all)"
            ));
        }
        let siblings = siblings.join(list_separator());
        bail!(tr!(
            "没有编号为“{id}”的任务；第 {section} 篇章现有：{siblings}",
            "no task “{id}”; section {section} has {siblings}"
        ));
    };
    let path = file.path.display().to_string();
    match args.format {
        ShowFormat::Table => {
            render::table::show(out, &store.registry, &file.task, &path, ctx.style)?
        }
        ShowFormat::Json => {
            render::json::write(out, &render::json::TaskJson::new(&file.task, &file.path))?
        }
        // The file exactly as written: comments and layout are the user's.
        ShowFormat::Yaml => {
            let text = std::fs::read_to_string(&file.path)?;
            out.write_all(text.as_bytes())?;
        }
    }
    Ok(Outcome::Success)
}
