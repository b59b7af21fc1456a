//! Validation rules. Each rule looks at parsed values and reports
//! diagnostics; positions are found in the file's text.
//!
//! No rule is quadratic in the length of a list: departments are compared
//! through sets of canonical names, and positions come from an index of
//! the file built once, on the first finding (`locator`).

mod content;
mod history;
mod locator;
mod meta;
mod targets;

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::diagnostics::{did_you_mean, locate, Diagnostic, Position, Rule};
use crate::i18n::pick;
use crate::ids::{file_stem, TaskId};
use crate::model::{Plan, Task};
use crate::registry::Registry;
use crate::tr;

pub use content::is_blank;
pub use meta::{check_plan, check_registry};

/// What the per-file rules check against. `registry` is None when the
/// registry itself could not be loaded (that is reported on its own).
pub struct Rules<'a> {
    pub registry: Option<&'a Registry>,
    pub plan: Option<&'a Plan>,
}

/// Past this many unknown departments in one file, the rest are reported
/// without a "did you mean": a file naming that many is not misspelt but
/// unregistered, and each suggestion is a pass over the whole registry.
const MAX_SUGGESTIONS: usize = 100;

/// Where a finding points: the file and its text, to locate values in.
struct Site<'t> {
    path: &'t Path,
    text: &'t str,
    locator: locator::Locator<'t>,
}

impl<'t> Site<'t> {
    fn new(path: &'t Path, text: &'t str) -> Self {
        Site {
            path,
            text,
            locator: locator::Locator::new(text),
        }
    }

    fn at(&self, key: &str, value: Option<&str>) -> Option<Position> {
        match value {
            None => self.locator.key(key),
            Some(_) => locate(self.text, key, value),
        }
    }

    fn error(&self, key: &str, value: Option<&str>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(self.path, self.at(key, value), message)
    }

    fn warning(&self, key: &str, value: Option<&str>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::warning(self.path, self.at(key, value), message)
    }

    /// Item `at` of the list of names under `key`.
    fn item(&self, key: &str, list: &[String], at: usize) -> Option<Position> {
        self.locator.item(key, list, at)
    }

    /// Field `field` of entry `at` of the list under `key`, which has
    /// `count` entries; `value` is the field's value as written.
    fn field(
        &self,
        key: &str,
        count: usize,
        at: usize,
        field: &str,
        value: &str,
    ) -> Option<Position> {
        self.locator.field(key, count, at, field, value)
    }
}

/// A department as the rules compare it: by its registry entry where it
/// has one (a former and the current name are one department), else by
/// its name as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Canon<'a> {
    Registered(usize),
    Unregistered(&'a str),
}

impl Rules<'_> {
    /// Every per-file rule, on a task parsed from `text`.
    pub fn check_file(&self, path: &Path, text: &str, task: &Task, out: &mut Vec<Diagnostic>) {
        let site = Site::new(path, text);
        check_id(&site, task, out);
        self.check_section(&site, task, out);
        content::check_heading(&site, task, self.plan, out);
        content::check_title_and_text(&site, task, out);
        check_lead(&site, task, out);
        self.check_departments(&site, task, out);
        self.check_repeated_departments(&site, task, out);
        self.check_lead_not_responsible(&site, task, out);
        history::check_dates(&site, task, self.plan, out);
        history::check_deadlines(&site, task, out);
        history::check_progress_entries(&site, task, out);
        check_progress_order(&site, task, out);
        history::check_status(&site, task, out);
        targets::check_targets(&site, task, out);
        content::check_links(&site, task, out);
    }

    /// The section is one of the plan's headings.
    fn check_section(&self, site: &Site, task: &Task, out: &mut Vec<Diagnostic>) {
        if let Some(plan) = self.plan {
            if !plan.headings.iter().any(|h| h.number == task.section) {
                out.push(site.error(
                    "section",
                    None,
                    tr!(
                        "篇章 {} 不在计划文件 plan.yaml 的 headings 中",
                        "section {} is not among the headings of plan.yaml",
                        task.section
                    ),
                ));
            }
        }
    }

    /// The department `name` stands for.
    fn canon<'n>(&self, name: &'n str) -> Canon<'n> {
        match self.registry.and_then(|r| r.index_of(name)) {
            Some(index) => Canon::Registered(index),
            None => Canon::Unregistered(name),
        }
    }

    /// Every department named (lead, responsible, reporting) is registered.
    fn check_departments(&self, site: &Site, task: &Task, out: &mut Vec<Diagnostic>) {
        let Some(registry) = self.registry else {
            return;
        };
        let mut suggestions = 0;
        let mut unknown = |dept: &str| -> Option<String> {
            if is_blank(dept) || registry.contains(dept) {
                return None;
            }
            suggestions += 1;
            let suggestion = (suggestions <= MAX_SUGGESTIONS)
                .then(|| registry.suggest(dept))
                .flatten();
            let hint = suggestion.map(did_you_mean).unwrap_or_else(|| {
                pick(
                    "；请先在 departments.yaml 中登记",
                    "; register it in departments.yaml first",
                )
                .to_string()
            });
            Some(tr!(
                "部门“{dept}”不在部门名录中{hint}",
                "unknown department “{dept}”{hint}"
            ))
        };
        for (key, list) in [("lead", &task.lead), ("responsible", &task.responsible)] {
            for (i, dept) in list.iter().enumerate() {
                if let Some(message) = unknown(dept) {
                    out.push(Diagnostic::error(
                        site.path,
                        site.item(key, list, i),
                        message,
                    ));
                }
            }
        }
        let count = task.progress.len();
        for (i, entry) in task.progress.iter().enumerate() {
            // The supervision and working-group offices record status
            // changes without being departments on the task.
            if self.plan.is_some_and(|p| p.is_office(&entry.by)) {
                continue;
            }
            if let Some(message) = unknown(&entry.by) {
                let at = site.field("progress", count, i, "by", &entry.by);
                out.push(Diagnostic::error(site.path, at, message));
            }
        }
    }

    /// No department is listed twice in one list, under the same name or
    /// under its former and current names.
    fn check_repeated_departments(&self, site: &Site, task: &Task, out: &mut Vec<Diagnostic>) {
        for (key, list) in [("lead", &task.lead), ("responsible", &task.responsible)] {
            let label = list_label(key);
            let mut first: HashMap<Canon, usize> = HashMap::with_capacity(list.len());
            for (i, name) in list.iter().enumerate() {
                if is_blank(name) {
                    continue;
                }
                let earlier = match first.entry(self.canon(name)) {
                    Entry::Vacant(vacant) => {
                        vacant.insert(i);
                        continue;
                    }
                    Entry::Occupied(occupied) => &list[*occupied.get()],
                };
                let message = if earlier == name {
                    tr!(
                        "{label}（{key}）中“{name}”重复出现",
                        "“{name}” appears twice in {key}"
                    )
                } else {
                    tr!(
                        "{label}（{key}）中“{name}”与“{earlier}”是同一部门（曾用名与现名），重复列出",
                        "“{name}” and “{earlier}” in {key} are one department (a former and the current name), listed twice"
                    )
                };
                out.push(Diagnostic::error(
                    site.path,
                    site.item(key, list, i),
                    message,
                ));
            }
        }
    }

    /// No department both leads and supports (a warning).
    fn check_lead_not_responsible(&self, site: &Site, task: &Task, out: &mut Vec<Diagnostic>) {
        let mut responsible: HashMap<Canon, usize> = HashMap::with_capacity(task.responsible.len());
        for (i, name) in task.responsible.iter().enumerate() {
            responsible.entry(self.canon(name)).or_insert(i);
        }
        for lead in &task.lead {
            if let Some(&i) = responsible.get(&self.canon(lead)) {
                let both = &task.responsible[i];
                out.push(Diagnostic::warning(
                    site.path,
                    site.item("responsible", &task.responsible, i),
                    tr!(
                        "“{both}”既是牵头部门又是责任部门",
                        "“{both}” is both a lead and a responsible department"
                    ),
                ));
            }
        }
    }
}

/// "牵头部门" or "责任部门" for the list under `key`.
fn list_label(key: &str) -> &'static str {
    if key == "lead" {
        "牵头部门"
    } else {
        "责任部门"
    }
}

/// The id is `N.M`, matches the file name, the number and the section.
fn check_id(site: &Site, task: &Task, out: &mut Vec<Diagnostic>) {
    let Some(id) = TaskId::parse(&task.id) else {
        // A task that cannot be addressed by its id is not usable.
        let mut d = site.error(
            "id",
            None,
            tr!(
                "编号“{}”格式无效：应为“篇章号.序号”，如 1.1",
                "invalid id “{}”: it should be “section.number”, such as 1.1",
                task.id
            ),
        );
        d.blocks_loading = true;
        out.push(d);
        return;
    };
    if task.id != file_stem(site.path) {
        out.push(site.error(
            "id",
            None,
            tr!(
                "编号“{id}”与文件名不一致：该任务应存为 {id}.yaml",
                "id “{id}” does not match the file name: the task belongs in {id}.yaml"
            ),
        ));
    }
    if id.number != task.number {
        out.push(site.error(
            "number",
            None,
            tr!(
                "编号“{id}”与序号 number: {} 不符",
                "id “{id}” does not match number: {}",
                task.number
            ),
        ));
    }
    if id.section != task.section {
        out.push(site.error(
            "section",
            None,
            tr!(
                "编号“{id}”与篇章 section: {} 不符",
                "id “{id}” does not match section: {}",
                task.section
            ),
        ));
    }
}

/// A lead is named; a provisional one says why (a warning either way).
fn check_lead(site: &Site, task: &Task, out: &mut Vec<Diagnostic>) {
    if task.lead.iter().all(|d| is_blank(d)) {
        let position = site.at("lead", None).or(site.at("id", None));
        out.push(
            Diagnostic::error(
                site.path,
                position,
                pick(
                    "缺少牵头部门（lead 为空）：每项任务必须有牵头部门",
                    "missing lead department (lead is empty): every task needs one",
                ),
            )
            .found_by(Rule::MissingLead),
        );
    }
    if task.lead_provisional {
        let message = match &task.lead_note {
            Some(note) if !is_blank(note) => tr!(
                "牵头部门为暂定：{note}",
                "the lead department is provisional: {note}"
            ),
            _ => pick(
                "牵头部门为暂定，但没有在 lead_note 中写明理由",
                "the lead department is provisional, but lead_note gives no reason",
            )
            .to_string(),
        };
        out.push(site.warning("lead_provisional", None, message));
    }
}

/// Progress entries are in date order (a warning).
fn check_progress_order(site: &Site, task: &Task, out: &mut Vec<Diagnostic>) {
    let count = task.progress.len();
    for (i, pair) in task.progress.windows(2).enumerate() {
        if pair[1].date < pair[0].date {
            let date = pair[1].date.format("%Y-%m-%d").to_string();
            out.push(Diagnostic::warning(
                site.path,
                site.field("progress", count, i + 1, "date", &date),
                tr!(
                    "进展记录未按日期排列：{} 记在 {} 之后",
                    "progress entries out of date order: {} comes after {}",
                    pair[1].date,
                    pair[0].date
                ),
            ));
        }
    }
}

/// Rules that need every task: duplicate ids. Takes (id, file) pairs so
/// that it works whatever tasks a command chose to keep.
pub fn check_across_files(ids: &[(String, PathBuf)], out: &mut Vec<Diagnostic>) {
    let mut first_seen: HashMap<&str, &Path> = HashMap::new();
    for (id, path) in ids {
        match first_seen.get(id.as_str()) {
            Some(first) => out.push(Diagnostic::error(
                path,
                // Rare, so re-reading the file for the position is fine.
                std::fs::read_to_string(path)
                    .ok()
                    .and_then(|text| locate(&text, "id", None)),
                tr!(
                    "编号“{id}”重复：{} 已使用该编号",
                    "duplicate id “{id}”: {} already uses it",
                    first.display()
                ),
            )),
            None => {
                first_seen.insert(id, path);
            }
        }
    }
}
