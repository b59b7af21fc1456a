//! Validation rules. Each rule looks at parsed values and reports
//! diagnostics; positions are found in the file's text.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::diagnostics::{locate, Diagnostic};
use crate::ids;
use crate::model::{Plan, Task};
use crate::registry::Registry;
use crate::store::file_stem;

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
                format!("编号“{}”格式无效：应为“篇章号.序号”，如 1.1", task.id),
            );
            d.blocks_loading = true;
            out.push(d);
        } else if task.id != file_stem(path) {
            out.push(Diagnostic::error(
                path,
                at("id", None),
                format!(
                    "编号“{}”与文件名不一致：该任务应存为 {}.yaml",
                    task.id, task.id
                ),
            ));
        }
        if ids::is_valid(&task.id) && task.id.split('.').next() != Some(&task.section.to_string()) {
            out.push(Diagnostic::error(
                path,
                at("section", None),
                format!("编号“{}”与篇章 section: {} 不符", task.id, task.section),
            ));
        }
        if let Some(plan) = self.plan {
            if !plan.headings.iter().any(|h| h.number == task.section) {
                out.push(Diagnostic::error(
                    path,
                    at("section", None),
                    format!(
                        "篇章 {} 不在计划文件 plan.yaml 的 headings 中",
                        task.section
                    ),
                ));
            }
        }

        if task.lead.iter().all(|d| d.trim().is_empty()) {
            out.push(Diagnostic::error(
                path,
                at("lead", None).or(at("id", None)),
                "缺少牵头部门（lead 为空）：每项任务必须有牵头部门",
            ));
        }
        if task.lead_provisional {
            let message = match &task.lead_note {
                Some(note) if !note.trim().is_empty() => {
                    format!("牵头部门为暂定：{note}")
                }
                _ => "牵头部门为暂定，但没有在 lead_note 中写明理由".to_string(),
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
                let hint = registry
                    .suggest(dept)
                    .map(|s| format!("，是否应为“{s}”？"))
                    .unwrap_or_else(|| "；请先在 departments.yaml 中登记".to_string());
                out.push(Diagnostic::error(
                    path,
                    at(key, Some(dept)),
                    format!("部门“{dept}”不在部门名录中{hint}"),
                ));
            }
        }

        let same = |a: &str, b: &str| self.registry.map_or(a == b, |r| r.same(a, b));
        for lead in &task.lead {
            if let Some(both) = task.responsible.iter().find(|r| same(lead, r)) {
                out.push(Diagnostic::warning(
                    path,
                    at("responsible", Some(both)),
                    format!("“{both}”既是牵头部门又是责任部门"),
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
                    format!(
                        "进展记录未按日期排列：{} 记在 {} 之后",
                        pair[1].date, pair[0].date
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
                format!("编号“{id}”重复：{} 已使用该编号", first.display()),
            )),
            None => {
                first_seen.insert(id, path);
            }
        }
    }
}
