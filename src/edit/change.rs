//! The changes `update` and `carry-over` make to a task, applied to the
//! parsed task to give the intended result. The file's text follows from
//! that result (see `edit::edit_task`), never from the change itself.

use crate::i18n::pick;
use chrono::{Datelike, NaiveDate};

use crate::model::{Extension, Milestone, ProgressEntry, Status, Target, Task};

/// Which department list a change touches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DepartmentList {
    Lead,
    Responsible,
}

impl DepartmentList {
    /// The YAML key, as commit messages name it.
    pub fn key(self) -> &'static str {
        match self {
            DepartmentList::Lead => "lead",
            DepartmentList::Responsible => "responsible",
        }
    }

    /// "牵头部门" or "责任部门", in the chosen language.
    pub fn label(self) -> &'static str {
        match self {
            DepartmentList::Lead => pick("牵头部门", "lead department"),
            DepartmentList::Responsible => pick("责任部门", "responsible department"),
        }
    }

    pub fn of(self, task: &mut Task) -> &mut Vec<String> {
        match self {
            DepartmentList::Lead => &mut task.lead,
            DepartmentList::Responsible => &mut task.responsible,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    Status(Status),
    Progress(ProgressEntry),
    /// Moves the deadline, keeping the original and the extension record.
    Extend(Extension),
    AddDepartment(DepartmentList, String),
    RemoveDepartment(DepartmentList, String),
    /// Links the task to where it continues in the successor plan.
    CarriedOverTo(String),
    /// Sets the year's goal (年度目标), making the year's target if absent.
    TargetGoal {
        year: i32,
        goal: String,
    },
    /// Sets the goal of the milestone due on `by`, adding it (in date
    /// order) to its year's target, which is made if absent.
    Milestone {
        by: NaiveDate,
        goal: String,
    },
}

/// The task as it is meant to be after `changes`, in order.
pub fn apply(task: &Task, changes: &[Change]) -> Task {
    let mut intended = task.clone();
    for change in changes {
        apply_one(&mut intended, change);
    }
    intended
}

fn apply_one(task: &mut Task, change: &Change) {
    match change {
        Change::Status(status) => task.status = *status,
        Change::Progress(entry) => {
            // In date order: after every entry of the same day or earlier,
            // so that a back-dated entry (`update --date`, a collected
            // form) does not land after later ones, and the latest by date
            // stays the last in the file.
            let at = task
                .progress
                .iter()
                .rposition(|p| p.date <= entry.date)
                .map_or(0, |i| i + 1);
            task.progress.insert(at, entry.clone());
        }
        Change::Extend(extension) => {
            // The first deadline, not the one this extension replaces.
            let first = task.first_due();
            task.original_due.get_or_insert(first);
            task.due = extension.to;
            task.extensions.push(extension.clone());
        }
        Change::AddDepartment(list, name) => list.of(task).push(name.clone()),
        Change::RemoveDepartment(list, name) => list.of(task).retain(|d| d != name),
        Change::CarriedOverTo(link) => task.carried_over_to = Some(link.clone()),
        Change::TargetGoal { year, goal } => target_of(task, *year).goal = Some(goal.clone()),
        Change::Milestone { by, goal } => {
            let milestones = &mut target_of(task, by.year()).milestones;
            match milestones.iter_mut().find(|m| m.by == *by) {
                Some(milestone) => milestone.goal = goal.clone(),
                None => {
                    let at = milestones.partition_point(|m| m.by < *by);
                    milestones.insert(
                        at,
                        Milestone {
                            by: *by,
                            goal: goal.clone(),
                        },
                    );
                }
            }
        }
    }
}

/// The task's target for `year`, made (in year order) if absent.
fn target_of(task: &mut Task, year: i32) -> &mut Target {
    let at = match task.targets.iter().position(|t| t.year == year) {
        Some(at) => at,
        None => {
            let at = task.targets.partition_point(|t| t.year < year);
            task.targets.insert(
                at,
                Target {
                    year,
                    goal: None,
                    milestones: Vec::new(),
                },
            );
            at
        }
    };
    &mut task.targets[at]
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn entry(day: u32, note: &str) -> ProgressEntry {
        ProgressEntry {
            date: NaiveDate::from_ymd_opt(2020, 6, day).unwrap(),
            period: None,
            by: "区水务局".into(),
            note: Some(note.into()),
            status: None,
            problems: None,
            next_steps: None,
            source: None,
            late: false,
            milestone: None,
        }
    }

    fn notes(task: &Task) -> Vec<&str> {
        task.progress
            .iter()
            .filter_map(|p| p.note.as_deref())
            .collect()
    }

    #[test]
    fn progress_goes_in_date_order_after_entries_of_the_same_day() {
        let mut task = Task::new(
            "2.3".parse().unwrap(),
            "推动基础设施互联互通",
            "畅通涪江航道".into(),
            String::new(),
            NaiveDate::from_ymd_opt(2022, 12, 31).unwrap(),
        );
        task.progress = vec![entry(1, "a"), entry(10, "b"), entry(20, "c")];
        let task = apply(
            &task,
            &[
                Change::Progress(entry(10, "same day")),
                Change::Progress(entry(5, "earlier")),
                Change::Progress(entry(30, "latest")),
                Change::Progress(entry(1, "first day")),
            ],
        );
        assert_eq!(
            notes(&task),
            ["a", "first day", "earlier", "b", "same day", "c", "latest"]
        );
    }
}
