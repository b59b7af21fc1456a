//! Shell completion: subcommands and flags from the clap definitions, and
//! department names and task ids from the tasks directory at hand.
//!
//! The shell calls back into the binary (`COOPTRACK_COMPLETE=<shell>
//! cooptrack -- <words>`), so candidates always reflect the current files.

use std::ffi::OsStr;
use std::io::Write;

use clap::CommandFactory;
use clap_complete::engine::CompletionCandidate;
use clap_complete::env::{Bash, EnvCompleter, Fish, Zsh};

use crate::cli::{Cli, Shell};
use crate::store::{self, Store};

/// The environment variable that switches the binary into completion mode.
pub const COMPLETE_VAR: &str = "COOPTRACK_COMPLETE";

/// Answers a completion request and exits, if this run is one.
pub fn answer_if_asked() {
    clap_complete::CompleteEnv::with_factory(Cli::command)
        .var(COMPLETE_VAR)
        .complete();
}

/// The script that registers completion with a shell.
pub fn registration(shell: Shell, out: &mut dyn Write) -> std::io::Result<()> {
    let completer: &dyn EnvCompleter = match shell {
        Shell::Bash => &Bash,
        Shell::Zsh => &Zsh,
        Shell::Fish => &Fish,
    };
    completer.write_registration(COMPLETE_VAR, "cooptrack", "cooptrack", "cooptrack", out)
}

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

/// Department names, current and former.
pub fn departments(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(store) = store_here() else {
        return Vec::new();
    };
    let names = store.registry.departments().iter().flat_map(|d| {
        std::iter::once(d.name.clone()).chain(d.former.iter().map(|f| f.name.clone()))
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
        .map(|p| store::file_stem(p))
        .filter(|id| id.starts_with(prefix.as_ref()))
        .map(CompletionCandidate::new)
        .collect()
}
