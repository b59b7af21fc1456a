use std::io::Write;

use anyhow::Result;

use super::Outcome;
use crate::cli::{ListArgs, ListFormat};
use crate::context::Context;
use crate::ledger::AsOf;
use crate::query::{self, Filter};
use crate::render::{self, ListView};

pub fn run(ctx: &Context, args: &ListArgs, out: &mut dyn Write) -> Result<Outcome> {
    let mut store = ctx.load_meta()?;
    if let (Some(section), Some(plan)) = (args.section, &store.plan) {
        super::require_section(plan, section)?;
    }
    let department = args
        .dept
        .as_deref()
        .map(|name| query::known_department(&store.registry, name))
        .transpose()?;
    let filter = Filter {
        department: department.clone(),
        role: args.role.map(Into::into),
        status: args.status,
        section: args.section,
        search: args.search.clone(),
        overdue_on: args.overdue.then_some(ctx.today),
    };
    // Keep only what will be shown; only JSON shows the full text.
    let keep_text = args.format == ListFormat::Json;
    let registry = store.registry.clone();
    // `--as-of`: every task as it stood that day, as `report --as-of` sees it.
    let view = ctx
        .as_of_given
        .then(|| AsOf::new(ctx.today, store.plan.as_ref()));
    store.load_tasks(&|task| {
        let task = match &view {
            Some(view) => view.task(task)?,
            None => task,
        };
        filter.matches(&task, &registry)?;
        Some(if keep_text { task } else { task.without_text() })
    })?;
    super::require_usable(&store)?;
    let matches = query::select(&store, &filter);
    match args.format {
        ListFormat::Json => render::json::list(out, &matches)?,
        format => {
            let view = ListView::new(&store.registry, matches, department.as_deref());
            match format {
                ListFormat::Csv => render::csv::list(out, &view)?,
                ListFormat::Markdown => render::markdown::list(out, &view)?,
                _ => render::table::list(out, &view, ctx.style)?,
            }
        }
    }
    Ok(Outcome::Success)
}
