//! Carry-over links between plans: a task carried over names where it
//! continues (`carried_over_to`), and the continuation names it back
//! (`carried_over_from`). Loading checks that each end points at the
//! other, so that a carry-over stopped halfway is reported.
//!
//! Only a link that leads to a task file in another tasks directory (one
//! with a plan) is followed; the file is read as the store reads any task
//! file, and nothing of its content is ever printed. A link that leads to
//! no tasks directory dangles, and is an error like a missing file.

use std::fs;
use std::path::{Component, Path, PathBuf};

use crate::diagnostics::{locate, Diagnostic};
use crate::ids::is_task_file_name;
use crate::layout::PLAN_FILE;
use crate::model::Task;
use crate::read;
use crate::tr;

/// The checks of both links of the task in `path`.
pub fn check(path: &Path, text: &str, task: &Task, out: &mut Vec<Diagnostic>) {
    if let Some(link) = &task.carried_over_to {
        check_end(path, text, link, End::To, out);
    }
    if let Some(link) = &task.carried_over_from {
        check_end(path, text, link, End::From, out);
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum End {
    To,
    From,
}

impl End {
    fn key(self) -> &'static str {
        match self {
            End::To => "carried_over_to",
            End::From => "carried_over_from",
        }
    }

    /// The link the other end must hold.
    fn back(self, other: &Task) -> Option<&str> {
        match self {
            End::To => other.carried_over_from.as_deref(),
            End::From => other.carried_over_to.as_deref(),
        }
    }
}

fn check_end(path: &Path, text: &str, link: &str, end: End, out: &mut Vec<Diagnostic>) {
    let Some(other) = followable(path, link) else {
        return;
    };
    let position = locate(text, end.key(), Some(link));
    let found = match other {
        Followed::Task(other) => read_task(&other).map(|task| (other, task)),
        Followed::NoPlan => Err(Unreadable::Missing),
    };
    let problem = match found {
        Err(Unreadable::Missing) => Some(match end {
            End::To => tr!("结转去向 {link} 不存在", "{link}, where the task continues, does not exist"),
            End::From => tr!(
                "结转来源 {link} 不存在",
                "{link}, where the task comes from, does not exist"
            ),
        }),
        Err(Unreadable::NotATask) => Some(tr!(
            "{link} 无法作为任务文件读取（运行 cooptrack validate --dir 其所在目录 查看）",
            "{link} cannot be read as a task file (run cooptrack validate on its directory)"
        )),
        Ok((other, task)) if points_at(&other, end.back(&task), path) => None,
        Ok(_) => Some(match end {
            End::To => tr!(
                "结转去向 {link} 中的任务没有以 carried_over_from 指回本任务",
                "the task in {link}, where this one continues, does not point back with carried_over_from"
            ),
            End::From => tr!(
                "结转来源 {link} 中的任务没有以 carried_over_to 指向本任务（结转可能中断了：对原任务再运行一次 cooptrack carry-over 即可补全）",
                "the task in {link}, which this one continues, does not point here with carried_over_to (an interrupted carry-over? running cooptrack carry-over on the original again completes it)"
            ),
        }),
    };
    if let Some(message) = problem {
        out.push(Diagnostic::error(path, position, message));
    }
}

/// Where a link of the shape `carry-over` writes leads.
enum Followed {
    /// A task file's place in a tasks directory (one with a plan).
    Task(PathBuf),
    /// A directory that is no tasks directory, or none at all: the link
    /// dangles (the plan's directory was renamed or moved, say). Nothing
    /// there is read.
    NoPlan,
}

/// The file a link leads to, if it is one to follow: a relative path to a
/// task file whose directory is a tasks directory. Other links are the
/// business of the rule on their shape.
fn followable(path: &Path, link: &str) -> Option<Followed> {
    let relative = Path::new(link);
    let plain = relative.components().all(|c| {
        matches!(
            c,
            Component::Normal(_) | Component::ParentDir | Component::CurDir
        )
    });
    let name = relative.file_name()?.to_string_lossy().into_owned();
    if !plain || !is_task_file_name(&name) {
        return None;
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    let other = dir.join(relative);
    let other_dir = other.parent()?;
    Some(if other_dir.join(PLAN_FILE).is_file() {
        Followed::Task(other)
    } else {
        Followed::NoPlan
    })
}

enum Unreadable {
    Missing,
    NotATask,
}

fn read_task(path: &Path) -> Result<Task, Unreadable> {
    if fs::symlink_metadata(path).is_err() {
        return Err(Unreadable::Missing);
    }
    read::read_parsed::<Task>(path)
        .map(|(_, task)| task)
        .map_err(|_| Unreadable::NotATask)
}

/// Whether `link`, written in the file `from`, leads to the file `to`.
fn points_at(from: &Path, link: Option<&str>, to: &Path) -> bool {
    let Some(link) = link else {
        return false;
    };
    let dir = from.parent().unwrap_or(Path::new("."));
    match (fs::canonicalize(dir.join(link)), fs::canonicalize(to)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// The id a link names: its file name without `.yaml` (`2.2` for
/// `../../plan-2023/tasks/2.2.yaml`).
pub fn linked_id(link: &str) -> String {
    let name = link.rsplit(['/', '\\']).next().unwrap_or(link);
    name.strip_suffix(".yaml")
        .or_else(|| name.strip_suffix(".yml"))
        .unwrap_or(name)
        .to_string()
}

/// The other plan's title and years, for the task in `path` whose link
/// is `link`: where a carried-over task continues, or where a
/// continuation comes from, in the words people use (no path). None
/// when the link leads to no tasks directory (`validate` says so).
pub fn linked_plan(path: &Path, link: &str) -> Option<(String, i32, i32)> {
    let Some(Followed::Task(other)) = followable(path, link) else {
        return None;
    };
    let plan_path = other.parent()?.join(PLAN_FILE);
    let (_, plan) = read::read_parsed::<crate::model::Plan>(&plan_path).ok()?;
    Some((plan.title, plan.period.start, plan.period.end))
}
