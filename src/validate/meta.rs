//! Rules on the registry (`departments.yaml`) and the plan (`plan.yaml`),
//! run where the store loads them.

use std::collections::HashSet;
use std::path::Path;

use super::content::is_invisible;
use super::is_blank;
use crate::diagnostics::{locate, Diagnostic, Position};
use crate::model::{Plan, RegistryFile};
use crate::tr;

/// Every name of the registry (current and former) is a name: not empty,
/// and without blanks around it, which would make it a second name for
/// the same department that no task spells.
pub fn check_registry(path: &Path, text: &str, file: &RegistryFile, out: &mut Vec<Diagnostic>) {
    let names: Vec<&str> = file
        .departments
        .iter()
        .flat_map(|d| std::iter::once(&d.name).chain(d.former.iter().map(|f| &f.name)))
        .map(String::as_str)
        .collect();
    let padded = |n: &&str| n.trim_matches(is_invisible) != *n;
    if !names.iter().any(|n| is_blank(n) || padded(n)) {
        return;
    }
    let lines = field_lines(text, "departments", "name");
    for (i, name) in names.iter().enumerate() {
        let message = if is_blank(name) {
            tr!("部门名称为空", "a department name is empty")
        } else if padded(name) {
            tr!(
                "部门名称“{name}”首尾有空格或不可见字符",
                "the department name “{name}” has blanks or invisible characters around it"
            )
        } else {
            continue;
        };
        let at = match lines.get(i) {
            Some(at) if lines.len() == names.len() => Some(*at),
            _ => locate(text, "departments", None),
        };
        out.push(Diagnostic::error(path, at, message));
    }
}

/// The plan's period runs forward, its headings have one number each, and
/// its assessment rubric adds up (`Assessment::problems`); a title still
/// `init`'s placeholder is a warning.
pub fn check_plan(path: &Path, text: &str, plan: &Plan, out: &mut Vec<Diagnostic>) {
    if plan.title == Plan::TITLE_TO_FILL_IN {
        out.push(Diagnostic::warning(
            path,
            locate(text, "title", None),
            tr!(
                "计划名称尚未填写：请在 plan.yaml 的 title 中写明通知的名称",
                "the plan has no title yet: write the notice's title in plan.yaml's title"
            ),
        ));
    }
    if plan.period.start > plan.period.end {
        out.push(Diagnostic::error(
            path,
            locate(text, "period", Some("start")).or_else(|| locate(text, "period", None)),
            tr!(
                "计划期限的起始年 {} 晚于结束年 {}",
                "the plan period starts in {} but ends in {}, before it",
                plan.period.start,
                plan.period.end
            ),
        ));
    }
    if let Some(rubric) = &plan.assessment {
        for problem in rubric.problems() {
            out.push(Diagnostic::error(
                path,
                locate(text, "assessment", None),
                problem,
            ));
        }
    }
    let mut seen = HashSet::new();
    let mut lines: Option<Vec<Position>> = None;
    for (i, heading) in plan.headings.iter().enumerate() {
        if seen.insert(heading.number) {
            continue;
        }
        let lines = lines.get_or_insert_with(|| field_lines(text, "headings", "number"));
        let at = match lines.get(i) {
            Some(at) if lines.len() == plan.headings.len() => Some(*at),
            _ => locate(text, "headings", None),
        };
        out.push(Diagnostic::error(
            path,
            at,
            tr!(
                "篇章号 {} 在 headings 中重复出现",
                "heading number {} appears more than once in headings",
                heading.number
            ),
        ));
    }
}

/// Where the value of each `field:` line inside the top-level block `key`
/// starts, in order (`- name: 区水务局`, `name: 区环保局` under `former:`).
fn field_lines(text: &str, key: &str, field: &str) -> Vec<Position> {
    let prefix = format!("{key}:");
    let label = format!("{field}:");
    let mut lines = text.lines().enumerate();
    if !lines.any(|(_, l)| l.starts_with(&prefix)) {
        return Vec::new();
    }
    let mut found = Vec::new();
    for (index, line) in lines {
        if !(line.is_empty() || line.starts_with([' ', '\t', '-', '#'])) {
            break;
        }
        let rest = line.trim_start_matches([' ', '-']);
        let Some(value) = rest.strip_prefix(&label) else {
            continue;
        };
        let value = value.trim_start_matches(' ');
        let start = line.len() - value.len();
        let quote = usize::from(value.starts_with(['"', '\'']));
        found.push(Position {
            line: index + 1,
            column: line[..start].chars().count() + 1 + quote,
        });
    }
    found
}
