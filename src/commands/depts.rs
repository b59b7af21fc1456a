use std::io::Write;

use anyhow::Result;

use super::Outcome;
use crate::cli::{DeptsAction, DeptsArgs, ListFormat};
use crate::context::Context;
use crate::edit::{self, Layout, Session};
use crate::layout::REGISTRY_FILE;
use crate::model::RegistryFile;
use crate::{query, render, tr};

pub fn run(ctx: &Context, args: &DeptsArgs, out: &mut dyn Write) -> Result<Outcome> {
    if let Some(action) = &args.action {
        return change(ctx, action, out);
    }
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
        ListFormat::Table => render::table::depts(out, &store.registry, &stats, ctx.style)?,
        ListFormat::Json => render::json::depts(out, &stats)?,
        ListFormat::Csv => render::csv::depts(out, &stats, super::csv_target(args.bom))?,
        ListFormat::Markdown => render::markdown::depts(out, &stats)?,
    }
    Ok(Outcome::Success)
}

/// `depts add|rename|merge`: the registry changed through the edit path,
/// under the lock; what the change means for earlier dates is said.
fn change(ctx: &Context, action: &DeptsAction, out: &mut dyn Write) -> Result<Outcome> {
    let session = Session::begin(&ctx.dir, &ctx.journal)?;
    super::load_usable(ctx)?;
    let path = ctx.dir.join(REGISTRY_FILE);
    let (text, current) =
        crate::read::read_parsed::<RegistryFile>(&path).map_err(|d| anyhow::anyhow!("{d}"))?;
    let (intended, said, message, commit) = match action {
        DeptsAction::Add(args) => {
            let intended = edit::registry::add(&current, &args.name, &args.aliases)?;
            let name = args.name.trim();
            let said = tr!("已登记部门：{name}", "registered the department {name}");
            let message = tr!("cooptrack：登记部门 {name}", "cooptrack: register {name}");
            (intended, said, message, args.commit)
        }
        DeptsAction::Rename(args) => {
            let intended = edit::registry::rename(&current, &args.old, &args.new, args.on)?;
            let (new, on) = (args.new.trim(), args.on);
            let old = renamed_from(&intended, new);
            let said = tr!(
                "已记录更名：{old} 自 {on} 起更名为 {new}；{on} 以前的报告、台账和填报表仍用 {old}",
                "recorded the rename: {old} is called {new} from {on} on; reports, ledgers and forms as of a day before {on} still name {old}"
            );
            let message = tr!(
                "cooptrack：{old} 自 {on} 起更名为 {new}",
                "cooptrack: {old} renamed {new} from {on}"
            );
            (intended, said, message, args.commit)
        }
        DeptsAction::Merge(args) => {
            let intended = edit::registry::merge(&current, &args.merged, &args.into, args.on)?;
            let (into, on) = (args.into.trim(), args.on);
            let merged = merged_names(&intended, into);
            let said = tr!(
                "已记录合并：{merged} 自 {on} 起合并为 {into}；{on} 以前的报告、台账和填报表中它们仍是各自的单位",
                "recorded the merger: {merged} are one unit, {into}, from {on} on; as of a day before {on} they are still separate units in reports, ledgers and forms"
            );
            let message = tr!(
                "cooptrack：{merged} 自 {on} 起合并为 {into}",
                "cooptrack: {merged} merged into {into} from {on}"
            );
            (intended, said, message, args.commit)
        }
    };
    let file = edit::edit_meta(&path, &text, &current, &intended, Layout::ReformatIfNeeded)?;
    session.write(&file)?;
    drop(session);
    render::line(out, &said)?;
    if commit {
        super::commit_written(ctx, &[&path], &message, out)?;
    }
    Ok(Outcome::Success)
}

/// The name `new` replaced: its department's latest former name.
fn renamed_from(file: &RegistryFile, new: &str) -> String {
    file.departments
        .iter()
        .find(|d| d.name == new)
        .and_then(|d| d.former.iter().max_by_key(|f| f.until))
        .map(|f| f.name.clone())
        .unwrap_or_default()
}

/// The merged units' names, as a list.
fn merged_names(file: &RegistryFile, into: &str) -> String {
    let names: Vec<&str> = file
        .departments
        .iter()
        .find(|d| d.name == into)
        .map(|d| d.former.iter().map(|f| f.name.as_str()).collect())
        .unwrap_or_default();
    names.join(crate::i18n::list_separator())
}
