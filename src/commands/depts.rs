use std::io::Write;

use anyhow::Result;

use super::Outcome;
use crate::cli::{DeptsArgs, ListFormat};
use crate::context::Context;
use crate::query;
use crate::render;

pub fn run(ctx: &Context, args: &DeptsArgs, out: &mut dyn Write) -> Result<Outcome> {
    // Counted as the files are parsed; no task is kept.
    let mut store = ctx.load_meta()?;
    let registry = store.registry.clone();
    let tally = std::sync::Mutex::new(query::DepartmentTally::new(&registry));
    store.load_tasks(&|task| {
        if let Ok(mut tally) = tally.lock() {
            tally.add(&registry, &task);
        }
        None
    })?;
    super::require_usable(&store)?;
    let stats = tally
        .into_inner()
        .map_err(|_| anyhow::anyhow!("internal error: department tally poisoned"))?
        .into_stats();
    match args.format {
        ListFormat::Table => render::table::depts(out, &stats, ctx.style)?,
        ListFormat::Json => render::json::depts(out, &stats)?,
        ListFormat::Csv => render::csv::depts(out, &stats)?,
        ListFormat::Markdown => render::markdown::depts(out, &stats)?,
    }
    Ok(Outcome::Success)
}
