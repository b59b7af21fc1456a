//! One module per subcommand, each with `run(ctx, args, out)`: it reads
//! its arguments, calls the library, and renders what comes back.

pub mod add;
pub mod carry_over;
pub mod close_plan;
pub mod collect;
pub mod completions;
pub mod depts;
pub mod fmt;
pub mod forms;
pub mod git_setup;
pub mod import;
pub mod init;
pub mod list;
pub mod log;
pub mod man;
pub mod merge_driver;
pub mod report;
pub mod schema;
pub mod show;
pub mod update;
pub mod validate;

use anyhow::Result;

use crate::context::Context;
use crate::store::Store;

/// Refuses a store with an unreadable file (the error lists them) and,
/// if the usable files still break rules, says so once on stderr.
pub(crate) fn require_usable(store: &Store) -> Result<()> {
    store.require_usable()?;
    if let Some(note) = crate::render::text::validation_errors_note(store.error_count()) {
        eprintln!("{note}");
    }
    Ok(())
}

/// The whole directory, refused if any file is unusable.
pub(crate) fn load_usable(ctx: &Context) -> Result<Store> {
    let store = ctx.load()?;
    require_usable(&store)?;
    Ok(store)
}

/// `--section N` names a heading of the plan; otherwise a usage error that
/// names the range (1–7 or 一–七 for the bundled plan).
pub(crate) fn require_section(
    plan: &crate::model::Plan,
    section: u32,
) -> Result<&crate::model::Heading> {
    if let Some(heading) = plan.heading(section) {
        return Ok(heading);
    }
    let numbers: Vec<u32> = plan.headings.iter().map(|h| h.number).collect();
    let (Some(first), Some(last)) = (numbers.iter().min(), numbers.iter().max()) else {
        anyhow::bail!(crate::tr!(
            "篇章 {section} 不存在：计划（plan.yaml）没有篇章",
            "there is no section {section}: the plan (plan.yaml) has no headings"
        ));
    };
    let numeral = |n: u32| crate::cli::section_numeral(n).unwrap_or_default();
    let (a, b) = (numeral(*first), numeral(*last));
    anyhow::bail!(crate::tr!(
        "篇章 {section} 不存在：应为 {first}–{last}（或 {a}–{b}）",
        "there is no section {section}: expected {first}–{last} (or {a}–{b})"
    ))
}
