//! Task ids: `<section>.<number>` such as "1.1", ordered naturally (1.2
//! before 1.10), and the one rule for giving out new ones.

use std::cmp::Ordering;
use std::collections::HashSet;
use std::fmt;
use std::path::Path;
use std::str::FromStr;

use crate::tr;

/// A task id: the heading (section) and the task's number within it.
/// Ordered by section, then number: the natural order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TaskId {
    pub section: u32,
    pub number: u32,
}

impl TaskId {
    pub fn new(section: u32, number: u32) -> TaskId {
        TaskId { section, number }
    }

    /// An id is `N.M`: each part a positive decimal without leading zeros
    /// (1.01 would be a second 1.1) and at most nine digits. No path
    /// separators, no `..`, nothing a file name could abuse.
    pub fn parse(raw: &str) -> Option<TaskId> {
        let part = |p: &str| {
            let plain = !p.is_empty()
                && p.len() <= 9
                && p.bytes().all(|b| b.is_ascii_digit())
                && !p.starts_with('0');
            plain.then(|| p.parse::<u32>().ok()).flatten()
        };
        let (section, number) = raw.split_once('.')?;
        Some(TaskId::new(part(section)?, part(number)?))
    }

    /// The file of this task in `dir`.
    pub fn file_in(self, dir: &Path) -> std::path::PathBuf {
        dir.join(format!("{self}.yaml"))
    }
}

impl fmt::Display for TaskId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.section, self.number)
    }
}

impl FromStr for TaskId {
    type Err = String;

    fn from_str(raw: &str) -> Result<TaskId, String> {
        let raw = raw.trim();
        TaskId::parse(raw).ok_or_else(|| {
            tr!(
                "任务编号“{raw}”格式无效：应为“篇章号.序号”，如 1.1",
                "invalid task id “{raw}”: it should be “section.number”, such as 1.1"
            )
        })
    }
}

pub fn is_valid(id: &str) -> bool {
    TaskId::parse(id).is_some()
}

/// `*.yaml` and `*.yml` files, the extension in any case, are task files
/// (bar the registry and plan): `1.1.YAML` saved by an editor counts.
pub fn is_task_file_name(name: &str) -> bool {
    Path::new(name)
        .extension()
        .and_then(|ext| ext.to_str())
        .is_some_and(|ext| ext.eq_ignore_ascii_case("yaml") || ext.eq_ignore_ascii_case("yml"))
}

/// A file's name without its extension.
pub fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Natural order of ids and file stems: numeric parts compare as numbers,
/// anything else as text (a stem need not be an id).
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    if let (Some(x), Some(y)) = (TaskId::parse(a), TaskId::parse(b)) {
        return x.cmp(&y);
    }
    let mut left = a.split('.');
    let mut right = b.split('.');
    loop {
        match (left.next(), right.next()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) => {
                let ord = match (x.parse::<u64>(), y.parse::<u64>()) {
                    (Ok(m), Ok(n)) => m.cmp(&n),
                    _ => x.cmp(y),
                };
                if ord != Ordering::Equal {
                    return ord;
                }
            }
        }
    }
}

/// Every id a tasks directory has ever used: the task files it has and,
/// in a git repository, those deleted since. Ids are never reused, so new
/// ones (`add`, `carry-over`) come from here.
#[derive(Debug, Default)]
pub struct UsedIds {
    present: HashSet<TaskId>,
    deleted: HashSet<TaskId>,
}

/// Why an id cannot be given to a new task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Taken {
    /// A task has it.
    Present(TaskId),
    /// A task had it, and its file was deleted.
    Deleted(TaskId),
}

impl fmt::Display for Taken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&match self {
            Taken::Present(id) => tr!(
                "任务编号“{id}”已存在；编号不可重复使用",
                "task id “{id}” exists already; ids are never reused"
            ),
            Taken::Deleted(id) => tr!(
                "任务编号“{id}”曾属于一项已删除的任务（见 git 历史）；编号不可重复使用",
                "task id “{id}” belonged to a task that was deleted (see the git history); ids are never reused"
            ),
        })
    }
}

impl std::error::Error for Taken {}

impl UsedIds {
    /// `present`: the ids (or file stems) of the directory's tasks;
    /// `deleted`: the stems of task files in its git history that are
    /// gone. Anything that is not an id takes no id.
    pub fn new<P, D>(present: P, deleted: D) -> UsedIds
    where
        P: IntoIterator,
        P::Item: AsRef<str>,
        D: IntoIterator,
        D::Item: AsRef<str>,
    {
        let ids = |names: &mut dyn Iterator<Item = String>| -> HashSet<TaskId> {
            names.filter_map(|n| TaskId::parse(&n)).collect()
        };
        UsedIds {
            present: ids(&mut present.into_iter().map(|n| n.as_ref().to_string())),
            deleted: ids(&mut deleted.into_iter().map(|n| n.as_ref().to_string())),
        }
    }

    /// Counts these ids as used too (ids inside files named otherwise).
    pub fn extend<I>(&mut self, ids: I)
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        self.present
            .extend(ids.into_iter().filter_map(|id| TaskId::parse(id.as_ref())));
    }

    /// One past the highest number the section has ever used: a gap left
    /// by a removed task stays a gap.
    pub fn next_in(&self, section: u32) -> TaskId {
        let highest = self
            .present
            .iter()
            .chain(&self.deleted)
            .filter(|id| id.section == section)
            .map(|id| id.number)
            .max()
            .unwrap_or(0);
        TaskId::new(section, highest + 1)
    }

    /// `wanted` if it was never used, else the next free id of its section.
    pub fn this_or_next(&self, wanted: TaskId) -> TaskId {
        if self.check(wanted).is_ok() {
            wanted
        } else {
            self.next_in(wanted.section)
        }
    }

    /// Refuses an id that a task has, or had.
    pub fn check(&self, id: TaskId) -> Result<(), Taken> {
        if self.present.contains(&id) {
            Err(Taken::Present(id))
        } else if self.deleted.contains(&id) {
            Err(Taken::Deleted(id))
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_order_puts_1_2_before_1_10() {
        let mut ids = vec!["1.10", "2.1", "1.2", "1.1"];
        ids.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(ids, ["1.1", "1.2", "1.10", "2.1"]);
        let mut typed: Vec<TaskId> = ids.iter().rev().map(|s| s.parse().unwrap()).collect();
        typed.sort();
        assert_eq!(
            typed.iter().map(ToString::to_string).collect::<Vec<_>>(),
            ids
        );
    }

    #[test]
    fn ids_are_dotted_numbers_only() {
        assert_eq!(TaskId::parse("4.12"), Some(TaskId::new(4, 12)));
        assert!(is_valid("1.1"));
        for bad in [
            "1",
            "../escape",
            "1/2",
            "1..2",
            "a.b",
            "1.2.3",
            "1.01",
            "0.1",
            "1.1234567890",
            "",
        ] {
            assert!(!is_valid(bad), "{bad}");
        }
        assert_eq!(
            "x".parse::<TaskId>().unwrap_err(),
            "任务编号“x”格式无效：应为“篇章号.序号”，如 1.1"
        );
    }

    #[test]
    fn new_ids_skip_every_id_ever_used() {
        let used = UsedIds::new(["1.1", "1.2", "2.1", "notes"], ["1.5", "3.1"]);
        assert_eq!(used.next_in(1), TaskId::new(1, 6));
        assert_eq!(used.next_in(3), TaskId::new(3, 2));
        assert_eq!(used.next_in(4), TaskId::new(4, 1));
        assert_eq!(used.this_or_next(TaskId::new(2, 2)), TaskId::new(2, 2));
        assert_eq!(used.this_or_next(TaskId::new(3, 1)), TaskId::new(3, 2));
        assert_eq!(
            used.check(TaskId::new(1, 2)),
            Err(Taken::Present(TaskId::new(1, 2)))
        );
        assert_eq!(
            used.check(TaskId::new(1, 5)).unwrap_err().to_string(),
            "任务编号“1.5”曾属于一项已删除的任务（见 git 历史）；编号不可重复使用"
        );
    }
}
