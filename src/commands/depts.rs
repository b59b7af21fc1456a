use std::io::Write;

use anyhow::Result;

use crate::cli::{DeptsArgs, ListFormat};
use crate::context::Context;
use crate::query;
use crate::render;
use crate::Outcome;

pub fn run(ctx: &Context, args: &DeptsArgs, out: &mut dyn Write) -> Result<Outcome> {
    let mut store = ctx.load_meta()?;
    store.load_tasks(&|task| Some(task.without_text()))?;
    store.require_usable()?;
    let stats = query::department_stats(&store);
    match args.format {
        ListFormat::Table => render::table::depts(out, &stats, ctx.style)?,
        ListFormat::Json => render::json::depts(out, &stats)?,
        ListFormat::Csv => render::csv::depts(out, &stats)?,
        ListFormat::Markdown => render::markdown::depts(out, &stats)?,
    }
    Ok(Outcome::Success)
}
