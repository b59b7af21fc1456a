//! Rendering: the same results as table, JSON, CSV or Markdown. Each format
//! has its own module; the wording shared by all of them lives here.

pub mod assess;
pub mod csv;
pub mod diagnostics;
pub mod docx;
pub mod forms;
pub mod html;
pub mod import;
pub mod json;
pub mod ledger;
pub mod markdown;
pub mod narrow;
pub mod problems;
pub mod remind;
pub mod report;
pub mod table;
pub mod targets;
pub mod text;
pub mod xlsx;

use std::io::{self, Write};

use crate::i18n::{clause_separator, count, pick};
use crate::model::{Status, Task};
use crate::query::{Group, GroupRow, Match, Role};
use crate::registry::Registry;
use crate::tr;

/// How output is drawn: decided once per run (see `context`) and passed
/// to what renders.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// ANSI colours and bold text.
    pub color: bool,
    /// Table width in terminal columns.
    pub width: u16,
}

/// What `list` found, ready to render in any format.
pub struct ListView<'a> {
    pub registry: &'a Registry,
    pub matches: Vec<Match<'a>>,
    pub groups: Vec<Group<'a>>,
    /// The `--dept` asked for, if any: rows then show its role.
    pub department: Option<&'a str>,
    /// Whether any row needs the 备注 column (worked out once: every row
    /// asks).
    notes: bool,
}

impl<'a> ListView<'a> {
    pub fn new(
        registry: &'a Registry,
        matches: Vec<Match<'a>>,
        department: Option<&'a str>,
    ) -> Self {
        let groups = crate::query::group_by_lead(&matches, registry);
        let notes = groups
            .iter()
            .flat_map(|g| &g.rows)
            .any(|r| !row_note(r).is_empty());
        ListView {
            registry,
            matches,
            groups,
            department,
            notes,
        }
    }

    fn has_notes(&self) -> bool {
        self.notes
    }

    /// Column headers of a grouped table.
    pub fn columns(&self) -> Vec<&'static str> {
        let mut columns = vec![heading::id()];
        if self.department.is_some() {
            columns.push(heading::role());
        }
        columns.extend([
            heading::task(),
            heading::responsible(),
            heading::status(),
            heading::due(),
        ]);
        if self.has_notes() {
            columns.push(pick("备注", "Notes"));
        }
        columns
    }

    /// Where the status is among `columns()`.
    pub fn status_column(&self) -> Option<usize> {
        self.columns().iter().position(|c| *c == heading::status())
    }

    /// Cells of one grouped row, matching `columns()`.
    pub fn cells(&self, row: &GroupRow) -> Vec<String> {
        let task = &row.matched.file.task;
        let mut cells = vec![task.id.clone()];
        if self.department.is_some() {
            cells.push(
                row.matched
                    .role
                    .map(Role::display)
                    .unwrap_or("")
                    .to_string(),
            );
        }
        cells.extend([
            task.title.clone(),
            names_in_cell(&task.responsible),
            list_status(task),
            task.due.format("%Y-%m-%d").to_string(),
        ]);
        if self.has_notes() {
            cells.push(row_note(row));
        }
        cells
    }

    /// "牵头单位：区环保局（现名：区生态环境局）　3 项", the line above each group.
    pub fn group_heading(&self, group: &Group) -> String {
        let name = match group.lead {
            Some(lead) => department_label(self.registry, lead),
            None => pick("（未列明牵头部门）", "(no lead department named)").to_string(),
        };
        let n = group.rows.len();
        let tasks = count(n, "task", "tasks");
        let mut heading = tr!("牵头单位：{name}　{n} 项", "Lead: {name} — {tasks}");
        let provisional = group.provisional_count();
        if provisional > 0 {
            heading.push_str(&tr!(
                "（其中 {provisional} 项为暂定牵头）",
                " ({provisional} with a provisional lead)"
            ));
        }
        heading
    }

    /// The closing line: how many distinct tasks matched.
    pub fn summary(&self) -> String {
        if self.matches.is_empty() {
            return pick("没有符合条件的任务。", "no tasks match").to_string();
        }
        let (n, groups) = (self.matches.len(), self.groups.len());
        let (tasks, lead_groups) = (
            count(n, "task", "tasks"),
            count(groups, "lead group", "lead groups"),
        );
        let mut line = tr!(
            "合计 {n} 项任务，{groups} 个牵头单位分组",
            "{tasks} in {lead_groups}"
        );
        if let Some(dept) = self.department {
            let with_role = |role| self.matches.iter().filter(|m| m.role == Some(role)).count();
            line.push_str(&tr!(
                "；{dept}：牵头 {} 项，配合 {} 项",
                "; {dept}: leads {}, supports {}",
                with_role(Role::Lead),
                with_role(Role::Support)
            ));
        }
        line
    }
}

/// Column headers that several tables share: `x()` in the run's
/// language, `x_in(lang)` in the language a renderer is given.
pub mod heading {
    use crate::i18n::{current, pick_in, Lang};

    macro_rules! headings {
        ($($name:ident, $name_in:ident: $zh:literal, $en:literal;)*) => {
            $(
                // Not every heading is asked for in the run's language.
                #[allow(dead_code)]
                pub fn $name() -> &'static str {
                    $name_in(current())
                }

                pub fn $name_in(lang: Lang) -> &'static str {
                    pick_in(lang, $zh, $en)
                }
            )*
        };
    }

    headings! {
        id, id_in: "编号", "ID";
        task_id, task_id_in: "任务编号", "ID";
        section, section_in: "篇章", "Section";
        task, task_in: "任务", "Task";
        role, role_in: "角色", "Role";
        lead, lead_in: "牵头单位", "Lead";
        responsible, responsible_in: "责任单位", "Responsible";
        status, status_in: "状态", "Status";
        due, due_in: "完成时限", "Due";
        date, date_in: "日期", "Date";
        progress, progress_in: "进展", "Progress";
        status_change, status_change_in: "状态变化", "Status change";
        latest_progress, latest_progress_in: "最新进展", "Latest progress";
        updated, updated_in: "更新日期", "Updated";
        alert, alert_in: "预警", "Alert";
    }
}

/// "推进中 → 已完成", in the chosen language.
pub fn status_change(from: Status, to: Status) -> String {
    status_change_in(from, to, crate::i18n::current())
}

/// The same, in the language given.
pub fn status_change_in(from: Status, to: Status, lang: crate::i18n::Lang) -> String {
    format!("{} → {}", from.display_in(lang), to.display_in(lang))
}

/// A department as written, with its current name if it was renamed.
pub fn department_label(registry: &Registry, name: &str) -> String {
    match registry.renamed_to(name) {
        Some(current) => tr!("{name}（现名：{current}）", "{name} (now {current})"),
        None => name.to_string(),
    }
}

/// Remarks on a row: co-led, provisional lead.
pub fn row_note(row: &GroupRow) -> String {
    let task = &row.matched.file.task;
    let mut notes = Vec::new();
    if !row.co_leads.is_empty() {
        let others = names_in_cell(&row.co_leads);
        notes.push(tr!("与{others}共同牵头", "co-led with {others}"));
    }
    if task.lead_provisional {
        notes.push(provisional_mark().to_string());
    }
    notes.join(clause_separator())
}

/// The status of a task in a list: its status, or 已结转 with the id it
/// continues as in the successor plan (the link's file name; never a
/// path): what the task is, rather than the status it stopped at.
pub fn list_status(task: &Task) -> String {
    match task.carried_over_to.as_deref() {
        Some(link) => {
            let id = crate::links::linked_id(link);
            tr!("已结转→{id}", "carried over → {id}")
        }
        None => task.status.display().to_string(),
    }
}

/// Marks a lead that the source does not name (a recorded decision).
pub fn provisional_mark() -> &'static str {
    pick(
        "暂定牵头（原文未列明）",
        "provisional lead (not named in the source)",
    )
}

/// The lead list as one CSV cell: "区教委、区卫生计生委", marked if
/// provisional. CSV cells are data: Chinese whatever the language.
pub fn lead_cell(task: &Task) -> String {
    let names = join_names(&task.lead);
    if task.lead_provisional {
        format!("{names}【暂定】")
    } else {
        names
    }
}

/// At most this many names in a table cell or a remark; the rest are
/// counted. A task naming thousands of departments (a pasted list) would
/// otherwise fill the terminal once per group, and a task it co-leads
/// repeats its co-leads in each of their groups. JSON and CSV list all.
pub const NAMES_IN_A_CELL: usize = 30;

/// "甲、乙、丙", or "甲、乙……等 120 个" past [`NAMES_IN_A_CELL`].
pub fn names_in_cell<S: AsRef<str>>(names: &[S]) -> String {
    if names.len() <= NAMES_IN_A_CELL {
        return names
            .iter()
            .map(AsRef::as_ref)
            .collect::<Vec<_>>()
            .join("、");
    }
    let shown: Vec<&str> = names[..NAMES_IN_A_CELL].iter().map(AsRef::as_ref).collect();
    let (shown, n) = (shown.join("、"), names.len());
    tr!("{shown}……等 {n} 个", "{shown}… ({n} in all)")
}

pub fn join_names(names: &[String]) -> String {
    names.join("、")
}

/// The latest progress note, for one-line summaries: the note with the
/// latest date, file order breaking ties (as the report has it).
pub fn latest_progress(task: &Task) -> String {
    task.progress
        .iter()
        .filter_map(|p| p.note.as_ref().map(|n| (p, n)))
        // `max_by_key` keeps the last of equal dates.
        .max_by_key(|(p, _)| p.date)
        .map(|(p, n)| format!("{} {}：{}", p.date.format("%Y-%m-%d"), p.by, n))
        .unwrap_or_default()
}

pub use crate::safe_text::{escape_controls, is_control, neutralise_formula, path_shown};

/// Writes `text` as one line of a message, its control characters escaped.
pub fn line(out: &mut dyn Write, text: &str) -> io::Result<()> {
    writeln!(out, "{}", escape_controls(text))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_long_list_of_names_is_cut_and_counted() {
        let names: Vec<String> = (1..=31).map(|i| format!("甲{i}")).collect();
        assert_eq!(names_in_cell(&names[..2]), "甲1、甲2");
        assert_eq!(names_in_cell(&names[..30]).matches('、').count(), 29);
        let cut = names_in_cell(&names);
        assert!(cut.starts_with("甲1、甲2、"), "{cut}");
        assert!(cut.ends_with("、甲30……等 31 个"), "{cut}");
    }

    use super::*;
}
