use std::io::Write;

use anyhow::Result;

use super::Outcome;
use crate::cli::{ListArgs, ListFormat, SortKey};
use crate::context::Context;
use crate::ledger::AsOf;
use crate::query::{self, Filter, Match};
use crate::render::{self, ListView};

pub fn run(ctx: &Context, args: &ListArgs, out: &mut dyn Write) -> Result<Outcome> {
    let mut store = ctx.load_meta()?;
    if let (Some(section), Some(plan)) = (args.section, &store.plan) {
        super::require_section(plan, section)?;
    }
    let departments = match (&ctx.config.dept, args.dept.is_empty() && !args.all) {
        // `.cooptrack.toml`'s dept, when no --dept is given.
        (Some(setting), true) => vec![query::known_department(&store.registry, &setting.value)
            .map_err(|err| setting.context("dept", err))?],
        _ => args
            .dept
            .iter()
            .map(|name| query::known_department(&store.registry, name))
            .collect::<Result<Vec<_>>>()?,
    };
    let filter = Filter {
        departments: departments.clone(),
        role: args.role.map(Into::into),
        statuses: args.status.clone(),
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
    let mut matches = query::select(&store, &filter);
    sort(&mut matches, args.sort);
    if let Some(limit) = args.limit {
        matches.truncate(limit);
    }
    // The role column and the closing count are those of the one
    // department asked for; with several, a row names all of them anyway.
    let department = match departments.as_slice() {
        [one] => Some(one.as_str()),
        _ => None,
    };
    match args.format {
        ListFormat::Json => render::json::list(out, &matches)?,
        format => {
            let view = ListView::new(&store.registry, matches, department);
            match format {
                ListFormat::Csv => render::csv::list(out, &view, super::csv_target(args.bom))?,
                ListFormat::Markdown => render::markdown::list(out, &view)?,
                _ => render::table::list(out, &view, ctx.style)?,
            }
        }
    }
    Ok(Outcome::Success)
}

/// `--sort`: stable, so that ties keep the order by id.
fn sort(matches: &mut [Match], key: SortKey) {
    match key {
        SortKey::Id => {}
        SortKey::Due => matches.sort_by_key(|m| m.file.task.due),
        SortKey::Status => matches.sort_by_key(|m| {
            crate::model::Status::ALL
                .iter()
                .position(|s| *s == m.file.task.status)
        }),
    }
}
