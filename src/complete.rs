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

/// Ids of the task files, each with its title beside it (shells that show
/// descriptions — zsh, fish, PowerShell — show it); a file that does not
/// parse still gives its id.
pub fn task_ids(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(store) = store_here() else {
        return Vec::new();
    };
    let mut ignored = Vec::new();
    let Ok(paths) = store::task_paths(&store.dir, &mut ignored) else {
        return Vec::new();
    };
    let prefix = current.to_string_lossy();
    let rules = store.rules();
    paths
        .iter()
        .map(|p| (p, crate::ids::file_stem(p)))
        .filter(|(_, id)| id.starts_with(prefix.as_ref()))
        .map(|(path, id)| {
            let title = crate::read::read_text(path)
                .ok()
                .and_then(|text| store::parse_task(path, &text, &rules).0)
                .map(|task| task.title);
            CompletionCandidate::new(id).help(title.map(Into::into))
        })
        .collect()
}

/// The statuses, in the run's language, the other language's word beside.
pub fn statuses(current: &OsStr) -> Vec<CompletionCandidate> {
    let prefix = current.to_string_lossy();
    let zh = crate::i18n::current() == crate::i18n::Lang::Zh;
    crate::model::Status::ALL
        .iter()
        .map(|s| match zh {
            true => (s.label(), s.key()),
            false => (s.key(), s.label()),
        })
        .filter(|(word, _)| word.starts_with(prefix.as_ref()))
        .map(|(word, other)| CompletionCandidate::new(word).help(Some(other.into())))
        .collect()
}

/// The plan's sections, each with its heading beside it.
pub fn sections(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(plan) = store_here().and_then(|s| s.plan) else {
        return Vec::new();
    };
    let prefix = current.to_string_lossy();
    plan.headings
        .iter()
        .map(|h| (h.number.to_string(), h.title.clone()))
        .filter(|(n, _)| n.starts_with(prefix.as_ref()))
        .map(|(n, title)| CompletionCandidate::new(n).help(Some(title.into())))
        .collect()
}

/// Reporting periods: the quarters and months of the plan's years (this
/// year's where there is no plan), up to this year, the latest first, each
/// with its name beside it (2020年第二季度).
pub fn periods(current: &OsStr) -> Vec<CompletionCandidate> {
    use chrono::Datelike;
    let this_year = chrono::Local::now().date_naive().year();
    let (first, last) = store_here()
        .and_then(|s| s.plan)
        .map_or((this_year, this_year), |p| {
            (
                p.period.start,
                p.period.end.min(this_year.max(p.period.start)),
            )
        });
    let prefix = current.to_string_lossy();
    let mut ids = Vec::new();
    for year in (first..=last).rev() {
        ids.extend((1..=4).rev().map(|q| format!("{year}Q{q}")));
        ids.extend((1..=12).rev().map(|m| format!("{year}-{m:02}")));
    }
    ids.into_iter()
        .filter(|id| id.starts_with(prefix.as_ref()))
        .filter_map(|id| crate::period::Period::parse(&id).ok())
        .map(|p| CompletionCandidate::new(p.id.clone()).help(Some(p.display().into())))
        .collect()
}
