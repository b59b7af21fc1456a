//! Shell completion candidates: department names and task ids from the
//! tasks directory at hand. (Subcommands and flags come from the clap
//! definitions: see `cli::answer_completion_if_asked`.)
//!
//! The shell calls back into the binary (`COOPTRACK_COMPLETE=<shell>
//! cooptrack -- <words>`), so candidates always reflect the current files.

use std::ffi::OsStr;

use clap_complete::engine::CompletionCandidate;

use crate::store::{self, Store};

/// The environment variable that switches the binary into completion mode.
pub const COMPLETE_VAR: &str = "COOPTRACK_COMPLETE";

/// The store of the tasks directory completion works on: COOPTRACK_DIR or
/// the nearest `tasks/`. Nothing is printed on failure: no candidates.
fn store_here() -> Option<Store> {
    let explicit = std::env::var_os("COOPTRACK_DIR").map(std::path::PathBuf::from);
    let dir = store::find_tasks_dir(explicit.as_deref()).ok()?;
    Store::load_meta(&dir).ok()
}

fn matching(current: &OsStr, names: impl Iterator<Item = String>) -> Vec<CompletionCandidate> {
    let prefix = current.to_string_lossy();
    names
        .filter(|n| n.starts_with(prefix.as_ref()) || n.contains(prefix.as_ref()))
        .map(CompletionCandidate::new)
        .collect()
}

/// Department names: current, former and short (区发改委).
pub fn departments(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(store) = store_here() else {
        return Vec::new();
    };
    let names = store.registry.departments().iter().flat_map(|d| {
        std::iter::once(d.name.clone())
            .chain(d.former.iter().map(|f| f.name.clone()))
            .chain(d.aliases.iter().cloned())
    });
    let names: Vec<String> = names.collect();
    matching(current, names.into_iter())
}

/// Ids of the task files.
pub fn task_ids(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(store) = store_here() else {
        return Vec::new();
    };
    let mut ignored = Vec::new();
    let Ok(paths) = store::task_paths(&store.dir, &mut ignored) else {
        return Vec::new();
    };
    let prefix = current.to_string_lossy();
    paths
        .iter()
        .map(|p| crate::ids::file_stem(p))
        .filter(|id| id.starts_with(prefix.as_ref()))
        .map(CompletionCandidate::new)
        .collect()
}
