//! One module per subcommand, each with `run(ctx, args, out)`: it reads
//! its arguments, calls the library, and renders what comes back.

pub mod add;
pub mod carry_over;
pub mod close_plan;
pub mod completions;
pub mod depts;
pub mod fmt;
pub mod import;
pub mod init;
pub mod list;
pub mod log;
pub mod man;
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
