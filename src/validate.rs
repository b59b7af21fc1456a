//! Validation rules. Each rule looks at parsed values and reports
//! diagnostics; positions are found in the file's text.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::diagnostics::{did_you_mean, locate, Diagnostic, Rule};
use crate::i18n::pick;
use crate::ids::{file_stem, TaskId};
use crate::model::{Plan, Task};
use crate::registry::Registry;
use crate::tr;

/// What the per-file rules check against. `registry` is None when the
/// registry itself could not be loaded (that is reported on its own).
pub struct Rules<'a> {
    pub registry: Option<&'a Registry>,
    pub plan: Option<&'a Plan>,
}

/// Where a finding points: the file and its text, to locate values in.
struct Site<'t> {
    path: &'t Path,
    text: &'t str,
}

impl Site<'_> {
    fn at(&self, key: &str, value: Option<&str>) -> Option<crate::diagnostics::Position> {
        locate(self.text, key, value)
    }

    fn error(&self, key: &str, value: Option<&str>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(self.path, self.at(key, value), message)
    }

    fn warning(&self, key: &str, value: Option<&str>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::warning(self.path, self.at(key, value), message)
    }
}

impl Rules<'_> {
    /// Every per-file rule, on a task parsed from `text`.
    pub fn check_file(&self, path: &Path, text: &str, task: &Task, out: &mut Vec<Diagnostic>) {
        let site = Site { path, text };
        check_id(&site, task, out);
        self.check_section(&site, task, out);
        check_lead(&site, task, out);
        self.check_departments(&site, task, out);
        self.check_lead_not_responsible(&site, task, out);
        check_progress_order(&site, task, out);
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

    /// Every department named (lead, responsible, reporting) is registered.
    fn check_departments(&self, site: &Site, task: &Task, out: &mut Vec<Diagnostic>) {
        let Some(registry) = self.registry else {
            return;
        };
        let named = task
            .lead
            .iter()
            .map(|d| ("lead", d))
            .chain(task.responsible.iter().map(|d| ("responsible", d)))
            .chain(task.progress.iter().map(|p| ("progress", &p.by)));
        for (key, dept) in named {
            if dept.trim().is_empty() || registry.contains(dept) {
                continue;
            }
            // The supervision and working-group offices record status
            // changes without being departments on the task.
            if key == "progress" && self.plan.is_some_and(|p| p.is_office(dept)) {
                continue;
            }
            let hint = registry.suggest(dept).map(did_you_mean).unwrap_or_else(|| {
                pick(
                    "；请先在 departments.yaml 中登记",
                    "; register it in departments.yaml first",
                )
                .to_string()
            });
            out.push(site.error(
                key,
                Some(dept),
                tr!(
                    "部门“{dept}”不在部门名录中{hint}",
                    "unknown department “{dept}”{hint}"
                ),
            ));
        }
    }

    /// No department both leads and supports (a warning).
    fn check_lead_not_responsible(&self, site: &Site, task: &Task, out: &mut Vec<Diagnostic>) {
        let same = |a: &str, b: &str| self.registry.map_or(a == b, |r| r.same(a, b));
        for lead in &task.lead {
            if let Some(both) = task.responsible.iter().find(|r| same(lead, r)) {
                out.push(site.warning(
                    "responsible",
                    Some(both),
                    tr!(
                        "“{both}”既是牵头部门又是责任部门",
                        "“{both}” is both a lead and a responsible department"
                    ),
                ));
            }
        }
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
    if task.lead.iter().all(|d| d.trim().is_empty()) {
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
            Some(note) if !note.trim().is_empty() => tr!(
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
    for pair in task.progress.windows(2) {
        if pair[1].date < pair[0].date {
            let date = pair[1].date.format("%Y-%m-%d").to_string();
            out.push(site.warning(
                "progress",
                Some(&date),
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
