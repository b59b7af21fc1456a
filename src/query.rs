//! Queries over loaded tasks: filtering, grouping by lead department, and
//! per-department counts. Nothing here prints.

use std::collections::BTreeMap;

use anyhow::{bail, Result};
use chrono::NaiveDate;

use crate::diagnostics::did_you_mean;
use crate::i18n::{self, pick, Lang};
use crate::model::{ProgressEntry, Status, Task};
use crate::registry::Registry;
use crate::store::{Store, TaskFile};
use crate::tr;

/// A department's part in a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    /// 牵头: leads the task.
    Lead,
    /// 配合: responsible for part of it.
    Support,
    /// Either.
    Any,
}

impl Role {
    /// The Chinese label, as CSV files keep it.
    pub fn label(self) -> &'static str {
        match self {
            Role::Lead => "牵头",
            Role::Support => "配合",
            Role::Any => "牵头或配合",
        }
    }

    /// The role as tables show it, in the chosen language.
    pub fn display(self) -> &'static str {
        match self {
            Role::Lead => pick(self.label(), "Lead"),
            Role::Support => pick(self.label(), "Support"),
            Role::Any => pick(self.label(), "Lead or support"),
        }
    }
}

/// What `list` was asked for, already checked against the registry.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Tasks any of these departments leads or supports (none: all).
    pub departments: Vec<String>,
    pub role: Option<Role>,
    /// Tasks with any of these statuses (none: all).
    pub statuses: Vec<Status>,
    pub section: Option<u32>,
    pub search: Option<String>,
    /// Only tasks overdue on this date.
    pub overdue_on: Option<NaiveDate>,
}

/// Resolves a department name given on the command line: a current or
/// former name in the registry, or an error with the closest name.
pub fn known_department(registry: &Registry, name: &str) -> Result<String> {
    let name = name.trim();
    if let Some(known) = registry.canonical(name) {
        return Ok(known.to_string());
    }
    let hint = registry.suggest(name).map(did_you_mean).unwrap_or_default();
    bail!(tr!(
        "未知部门“{name}”{hint}（cooptrack depts 列出全部部门）",
        "unknown department “{name}”{hint} (cooptrack depts lists them all)"
    ))
}

/// A task that matched, with the asked-for department's role in it.
#[derive(Debug, Clone, Copy)]
pub struct Match<'a> {
    pub file: &'a TaskFile,
    pub role: Option<Role>,
}

impl Filter {
    /// Whether `task` matches; if so, the asked-for department's role in it
    /// (None when no department was asked for).
    pub fn matches(&self, task: &Task, registry: &Registry) -> Option<Option<Role>> {
        let role = match self.departments.as_slice() {
            [] => None,
            depts => {
                let named = |list: &[String]| {
                    list.iter()
                        .any(|d| depts.iter().any(|dept| registry.same(d, dept)))
                };
                let leads = named(&task.lead);
                let supports = named(&task.responsible);
                match self.role {
                    Some(Role::Lead) if leads => Some(Role::Lead),
                    Some(Role::Support) if supports => Some(Role::Support),
                    Some(Role::Lead | Role::Support) => return None,
                    _ if leads => Some(Role::Lead),
                    _ if supports => Some(Role::Support),
                    _ => return None,
                }
            }
        };
        if (!self.statuses.is_empty() && !self.statuses.contains(&task.status))
            || self.section.is_some_and(|s| s != task.section)
            || self
                .overdue_on
                .is_some_and(|d| !task.is_overdue(d) || task.carried_over_to.is_some())
        {
            return None;
        }
        if let Some(needle) = &self.search {
            let needle = needle.to_lowercase();
            let haystacks = [&task.id, &task.title, &task.text];
            if !haystacks.iter().any(|h| h.to_lowercase().contains(&needle)) {
                return None;
            }
        }
        Some(role)
    }
}

pub fn select<'a>(store: &'a Store, filter: &Filter) -> Vec<Match<'a>> {
    store
        .tasks
        .iter()
        .filter_map(|file| {
            filter
                .matches(&file.task, &store.registry)
                .map(|role| Match { file, role })
        })
        .collect()
}

/// The lead department of a group; `None` for tasks that name no lead.
#[derive(Debug)]
pub struct Group<'a> {
    pub lead: Option<&'a str>,
    pub rows: Vec<GroupRow<'a>>,
}

#[derive(Debug)]
pub struct GroupRow<'a> {
    pub matched: Match<'a>,
    /// The other leads of a co-led task.
    pub co_leads: Vec<&'a str>,
}

impl Group<'_> {
    /// True when the group's lead is a provisional decision for every row.
    pub fn provisional_count(&self) -> usize {
        self.rows
            .iter()
            .filter(|r| r.matched.file.task.lead_provisional)
            .count()
    }
}

/// One group per lead department, groups in the order of their first
/// task; a department's old and new names share one group (headed by the
/// name its first task uses). A co-led task appears in each lead's group.
pub fn group_by_lead<'a>(matches: &[Match<'a>], registry: &Registry) -> Vec<Group<'a>> {
    let mut groups: Vec<Group<'a>> = Vec::new();
    for m in matches {
        let task = &m.file.task;
        let leads: Vec<Option<&str>> = if task.lead.is_empty() {
            vec![None]
        } else {
            task.lead.iter().map(|d| Some(d.as_str())).collect()
        };
        for lead in &leads {
            let co_leads = leads
                .iter()
                .flatten()
                .filter(|other| Some(**other) != *lead)
                .copied()
                .collect();
            let row = GroupRow {
                matched: *m,
                co_leads,
            };
            let same = |g: &Group| match (g.lead, *lead) {
                (Some(a), Some(b)) => registry.same(a, b),
                (a, b) => a == b,
            };
            match groups.iter_mut().find(|g| same(g)) {
                Some(group) => group.rows.push(row),
                None => groups.push(Group {
                    lead: *lead,
                    rows: vec![row],
                }),
            }
        }
    }
    groups
}

/// Counts for one department, over the tasks it leads or supports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DepartmentStats {
    /// Current name.
    pub name: String,
    /// Former names, oldest first.
    pub former: Vec<String>,
    /// False for a name used in tasks but missing from the registry.
    pub registered: bool,
    pub lead: usize,
    pub support: usize,
    /// Tasks led or supported, by status.
    pub by_status: BTreeMap<Status, usize>,
    /// 联络员, from the registry (`contact`).
    pub contact: Option<crate::model::Contact>,
}

impl DepartmentStats {
    pub fn count(&self, status: Status) -> usize {
        self.by_status.get(&status).copied().unwrap_or(0)
    }
}

/// Department counts built up one task at a time, so that `depts` need
/// not keep the tasks themselves.
#[derive(Debug, Clone)]
pub struct DepartmentTally {
    stats: Vec<DepartmentStats>,
    /// For names missing from the registry: the first task naming them,
    /// which orders them (tasks arrive in any order when loaded in parallel).
    first_seen: Vec<Option<String>>,
}

impl DepartmentTally {
    pub fn new(registry: &Registry) -> DepartmentTally {
        let stats: Vec<DepartmentStats> = registry
            .departments()
            .iter()
            .map(|d| DepartmentStats {
                name: d.name.clone(),
                former: d.former.iter().map(|f| f.name.clone()).collect(),
                registered: true,
                lead: 0,
                support: 0,
                by_status: BTreeMap::new(),
                contact: d.contact.clone(),
            })
            .collect();
        let first_seen = vec![None; stats.len()];
        DepartmentTally { stats, first_seen }
    }

    pub fn add(&mut self, registry: &Registry, task: &Task) {
        let mut counted: Vec<usize> = Vec::new();
        let named = task
            .lead
            .iter()
            .map(|d| (true, d))
            .chain(task.responsible.iter().map(|d| (false, d)));
        for (is_lead, name) in named {
            let index = match registry.index_of(name) {
                Some(i) => i,
                None => self.unregistered(name, &task.id),
            };
            if counted.contains(&index) {
                continue;
            }
            counted.push(index);
            let entry = &mut self.stats[index];
            if is_lead {
                entry.lead += 1;
            } else {
                entry.support += 1;
            }
            *entry.by_status.entry(task.status).or_insert(0) += 1;
        }
    }

    fn unregistered(&mut self, name: &str, id: &str) -> usize {
        if let Some(i) = self
            .stats
            .iter()
            .position(|s| !s.registered && s.name == name)
        {
            let first = &mut self.first_seen[i];
            if first
                .as_deref()
                .is_some_and(|f| crate::ids::natural_cmp(id, f).is_lt())
            {
                *first = Some(id.to_string());
            }
            return i;
        }
        self.stats.push(DepartmentStats {
            name: name.to_string(),
            former: Vec::new(),
            registered: false,
            lead: 0,
            support: 0,
            by_status: BTreeMap::new(),
            contact: None,
        });
        self.first_seen.push(Some(id.to_string()));
        self.stats.len() - 1
    }

    /// Registered departments in registry order, then the others in the
    /// order of the first task that names them.
    pub fn into_stats(self) -> Vec<DepartmentStats> {
        let mut rows: Vec<(Option<String>, DepartmentStats)> =
            self.first_seen.into_iter().zip(self.stats).collect();
        rows.sort_by(|(a, x), (b, y)| match (x.registered, y.registered) {
            (true, true) => std::cmp::Ordering::Equal,
            (true, false) => std::cmp::Ordering::Less,
            (false, true) => std::cmp::Ordering::Greater,
            (false, false) => crate::ids::natural_cmp(
                a.as_deref().unwrap_or_default(),
                b.as_deref().unwrap_or_default(),
            ),
        });
        rows.into_iter().map(|(_, stats)| stats).collect()
    }
}

/// One line of a task's history: a commit, a progress entry or an extension.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct HistoryEntry {
    #[serde(serialize_with = "crate::query::ymd_string")]
    pub date: NaiveDate,
    /// `commit`, `progress` or `extension`.
    pub kind: &'static str,
    /// The commit's author or the reporting department.
    pub who: String,
    /// What happened, in Chinese: JSON is the same in every language.
    pub what: String,
    /// `what` in the chosen language, as the table shows it.
    #[serde(skip)]
    pub shown: String,
}

pub(crate) fn ymd_string<S: serde::Serializer>(date: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&date.format("%Y-%m-%d"))
}

/// Commits and the task's own records, oldest first; on the same day the
/// task's records come before the commit that wrote them.
pub fn history(task: &crate::model::Task, commits: &[crate::git::Commit]) -> Vec<HistoryEntry> {
    let mut entries: Vec<(u8, HistoryEntry)> = Vec::new();
    let lang = i18n::current();
    for p in &task.progress {
        entries.push((
            0,
            HistoryEntry {
                date: p.date,
                kind: "progress",
                who: p.by.clone(),
                what: progress_text(p, Lang::Zh),
                shown: progress_text(p, lang),
            },
        ));
    }
    for e in &task.extensions {
        let text = |lang| match lang {
            Lang::Zh => format!("完成时限 {} → {}：{}", e.from, e.to, e.reason),
            Lang::En => format!("deadline {} → {}: {}", e.from, e.to, e.reason),
        };
        entries.push((
            0,
            HistoryEntry {
                date: e.date,
                kind: "extension",
                who: String::new(),
                what: text(Lang::Zh),
                shown: text(lang),
            },
        ));
    }
    for c in commits.iter().rev() {
        let what = format!("{} ({})", c.subject, c.hash);
        entries.push((
            1,
            HistoryEntry {
                date: c.date,
                kind: "commit",
                who: c.author.clone(),
                shown: what.clone(),
                what,
            },
        ));
    }
    // Stable: same-day entries keep the order they were recorded in.
    entries.sort_by_key(|(rank, e)| (e.date, *rank));
    entries.into_iter().map(|(_, e)| e).collect()
}

/// A progress entry in one line: its status change, then its note.
fn progress_text(p: &ProgressEntry, lang: Lang) -> String {
    let mut what = Vec::new();
    if let Some(change) = &p.status {
        let (from, to) = (change.from.display_in(lang), change.to.display_in(lang));
        what.push(match lang {
            Lang::Zh => format!("状态 {from} → {to}"),
            Lang::En => format!("status {from} → {to}"),
        });
    }
    if let Some(note) = &p.note {
        what.push(note.clone());
    }
    what.join(match lang {
        Lang::Zh => "；",
        Lang::En => "; ",
    })
}
