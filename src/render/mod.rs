//! Rendering: the same results as table, JSON, CSV or Markdown. Each format
//! has its own module; the wording shared by all of them lives here.

pub mod csv;
pub mod diagnostics;
pub mod html;
pub mod json;
pub mod markdown;
pub mod report;
pub mod table;
pub mod text;
pub mod xlsx;

use crate::model::Task;
use crate::query::{Group, GroupRow, Match};
use crate::registry::Registry;

/// What `list` found, ready to render in any format.
pub struct ListView<'a> {
    pub registry: &'a Registry,
    pub matches: Vec<Match<'a>>,
    pub groups: Vec<Group<'a>>,
    /// The `--dept` asked for, if any: rows then show its role.
    pub department: Option<&'a str>,
}

impl ListView<'_> {
    /// Whether any row needs the 备注 column.
    fn has_notes(&self) -> bool {
        self.groups
            .iter()
            .flat_map(|g| &g.rows)
            .any(|r| !row_note(r).is_empty())
    }

    /// Column headers of a grouped table.
    pub fn columns(&self) -> Vec<&'static str> {
        let mut columns = vec!["编号"];
        if self.department.is_some() {
            columns.push("角色");
        }
        columns.extend(["任务", "责任单位", "状态", "完成时限"]);
        if self.has_notes() {
            columns.push("备注");
        }
        columns
    }

    /// Cells of one grouped row, matching `columns()`.
    pub fn cells(&self, row: &GroupRow) -> Vec<String> {
        let task = &row.matched.file.task;
        let mut cells = vec![task.id.clone()];
        if self.department.is_some() {
            cells.push(
                row.matched
                    .role
                    .map(|r| r.label())
                    .unwrap_or("")
                    .to_string(),
            );
        }
        cells.extend([
            task.title.clone(),
            join_names(&task.responsible),
            task.status.label().to_string(),
            task.due.format("%Y-%m-%d").to_string(),
        ]);
        if self.has_notes() {
            cells.push(row_note(row));
        }
        cells
    }

    /// "区环保局（现名：区生态环境局）　3 项", the line above each group.
    pub fn group_heading(&self, group: &Group) -> String {
        let name = match group.lead {
            Some(lead) => department_label(self.registry, lead),
            None => "（未列明牵头部门）".to_string(),
        };
        let mut heading = format!("牵头单位：{name}　{} 项", group.rows.len());
        let provisional = group.provisional_count();
        if provisional > 0 {
            heading.push_str(&format!("（其中 {provisional} 项为暂定牵头）"));
        }
        heading
    }

    /// The closing line: how many distinct tasks matched.
    pub fn summary(&self) -> String {
        if self.matches.is_empty() {
            return "没有符合条件的任务。".to_string();
        }
        let mut line = format!(
            "合计 {} 项任务，{} 个牵头单位分组",
            self.matches.len(),
            self.groups.len()
        );
        if let Some(dept) = self.department {
            let count = |role| self.matches.iter().filter(|m| m.role == Some(role)).count();
            line.push_str(&format!(
                "；{dept}：牵头 {} 项，配合 {} 项",
                count(crate::query::Role::Lead),
                count(crate::query::Role::Support)
            ));
        }
        line
    }
}

/// A department as written, with its current name if it was renamed.
pub fn department_label(registry: &Registry, name: &str) -> String {
    match registry.renamed_to(name) {
        Some(current) => format!("{name}（现名：{current}）"),
        None => name.to_string(),
    }
}

/// Remarks on a row: co-led, provisional lead.
pub fn row_note(row: &GroupRow) -> String {
    let task = &row.matched.file.task;
    let mut notes = Vec::new();
    if !row.co_leads.is_empty() {
        notes.push(format!("与{}共同牵头", row.co_leads.join("、")));
    }
    if task.lead_provisional {
        notes.push(PROVISIONAL_MARK.to_string());
    }
    notes.join("；")
}

/// Marks a lead that the source does not name (a recorded decision).
pub const PROVISIONAL_MARK: &str = "暂定牵头（原文未列明）";

/// The lead list as one cell: "区教委、区卫生计生委", marked if provisional.
pub fn lead_cell(task: &Task) -> String {
    let names = join_names(&task.lead);
    if task.lead_provisional {
        format!("{names}【暂定】")
    } else {
        names
    }
}

pub fn join_names(names: &[String]) -> String {
    names.join("、")
}

/// The latest progress note, for one-line summaries.
pub fn latest_progress(task: &Task) -> String {
    task.progress
        .iter()
        .rev()
        .find_map(|p| {
            p.note
                .as_ref()
                .map(|n| format!("{} {}：{}", p.date.format("%Y-%m-%d"), p.by, n))
        })
        .unwrap_or_default()
}
