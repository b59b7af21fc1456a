//! Validation rules. Each rule looks at parsed values and reports
//! diagnostics; positions are found in the file's text.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::diagnostics::{did_you_mean, locate, Diagnostic};
use crate::i18n::pick;
use crate::model::{Plan, Task};
use crate::registry::Registry;
use crate::store::file_stem;
use crate::{ids, tr};

/// What the per-file rules check against. `registry` is None when the
/// registry itself could not be loaded (that is reported on its own).
pub struct Rules<'a> {
    pub registry: Option<&'a Registry>,
    pub plan: Option<&'a Plan>,
}

impl Rules<'_> {
    pub fn check_file(&self, path: &Path, text: &str, task: &Task, out: &mut Vec<Diagnostic>) {
        let at = |key: &str, value: Option<&str>| locate(text, key, value);

        if !ids::is_valid(&task.id) {
            // A task that cannot be addressed by its id is not usable.
            let mut d = Diagnostic::error(
                path,
                at("id", None),
                tr!(
                    "编号“{}”格式无效：应为“篇章号.序号”，如 1.1",
                    "invalid id “{}”: it should be “section.number”, such as 1.1",
                    task.id
                ),
            );
            d.blocks_loading = true;
            out.push(d);
        } else if task.id != file_stem(path) {
            out.push(Diagnostic::error(
                path,
                at("id", None),
                tr!(
                    "编号“{}”与文件名不一致：该任务应存为 {}.yaml",
                    "id “{}” does not match the file name: the task belongs in {}.yaml",
                    task.id,
                    task.id
                ),
            ));
        }
        if ids::is_valid(&task.id) && task.id.rsplit('.').next() != Some(&task.number.to_string()) {
            out.push(Diagnostic::error(
                path,
                at("number", None),
                tr!(
                    "编号“{}”与序号 number: {} 不符",
                    "id “{}” does not match number: {}",
                    task.id,
                    task.number
                ),
            ));
        }
        if ids::is_valid(&task.id) && task.id.split('.').next() != Some(&task.section.to_string()) {
            out.push(Diagnostic::error(
                path,
                at("section", None),
                tr!(
                    "编号“{}”与篇章 section: {} 不符",
                    "id “{}” does not match section: {}",
                    task.id,
                    task.section
                ),
            ));
        }
        if let Some(plan) = self.plan {
            if !plan.headings.iter().any(|h| h.number == task.section) {
                out.push(Diagnostic::error(
                    path,
                    at("section", None),
                    tr!(
                        "篇章 {} 不在计划文件 plan.yaml 的 headings 中",
                        "section {} is not among the headings of plan.yaml",
                        task.section
                    ),
                ));
            }
        }

        if task.lead.iter().all(|d| d.trim().is_empty()) {
            out.push(Diagnostic::error(
                path,
                at("lead", None).or(at("id", None)),
                pick(
                    "缺少牵头部门（lead 为空）：每项任务必须有牵头部门",
                    "missing lead department (lead is empty): every task needs one",
                ),
            ));
        }
        if task.lead_provisional {
            let message = match &task.lead_note {
                Some(note) if !note.trim().is_empty() => {
                    tr!(
                        "牵头部门为暂定：{note}",
                        "the lead department is provisional: {note}"
                    )
                }
                _ => pick(
                    "牵头部门为暂定，但没有在 lead_note 中写明理由",
                    "the lead department is provisional, but lead_note gives no reason",
                )
                .to_string(),
            };
            out.push(Diagnostic::warning(
                path,
                at("lead_provisional", None),
                message,
            ));
        }

        if let Some(registry) = self.registry {
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
                out.push(Diagnostic::error(
                    path,
                    at(key, Some(dept)),
                    tr!(
                        "部门“{dept}”不在部门名录中{hint}",
                        "unknown department “{dept}”{hint}"
                    ),
                ));
            }
        }

        let same = |a: &str, b: &str| self.registry.map_or(a == b, |r| r.same(a, b));
        for lead in &task.lead {
            if let Some(both) = task.responsible.iter().find(|r| same(lead, r)) {
                out.push(Diagnostic::warning(
                    path,
                    at("responsible", Some(both)),
                    tr!(
                        "“{both}”既是牵头部门又是责任部门",
                        "“{both}” is both a lead and a responsible department"
                    ),
                ));
            }
        }

        for pair in task.progress.windows(2) {
            if pair[1].date < pair[0].date {
                out.push(Diagnostic::warning(
                    path,
                    at(
                        "progress",
                        Some(&pair[1].date.format("%Y-%m-%d").to_string()),
                    ),
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
