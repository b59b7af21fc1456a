//! The one rule for a task's milestones (时间节点 of the 年度工作计划):
//! which fell due in a period, which were met and which were missed, as of
//! a day. The report's `milestone_missed` reason and 年度目标 section, the
//! forms' 本期节点 column and `assess` all ask it.
//!
//! As of D:
//! - a milestone has **passed** when its day is before D;
//! - it is **met** when an entry recorded by D marks it met (the latest
//!   entry reporting on it decides: a unit may correct itself), or when the
//!   task was 已完成 on D (a finished task met every milestone);
//! - it is **missed** when it has passed and is not met;
//! - it does not count at all when the task was 已取消 on D, or had been
//!   carried over to a successor plan before the milestone's day, or did
//!   not exist yet on that day.

use chrono::NaiveDate;
use serde::Serialize;

use crate::ledger::AsOf;
use crate::model::{Milestone, Status, Task};
use crate::period::Period;

/// A milestone of a task, as it stood on D.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MilestoneState {
    /// The task's id.
    pub task: String,
    #[serde(with = "crate::model::ymd")]
    pub by: NaiveDate,
    pub goal: String,
    /// Passed and met (`false` for one not yet due).
    pub met: bool,
    /// Passed and not met.
    pub missed: bool,
}

impl AsOf {
    /// Whether the task's milestone `milestone` counts at all (see the
    /// module's documentation).
    fn milestone_counts(&self, task: &Task, milestone: &Milestone) -> bool {
        let on_the_day = self.on(milestone.by.min(self.date));
        self.status(task) != Status::Cancelled
            && on_the_day.exists(task)
            && !on_the_day.carried_over(task)
    }

    /// Whether the milestone due on `by` had been met by D.
    pub fn milestone_met(&self, task: &Task, by: NaiveDate) -> bool {
        if self.status(task) == Status::Done {
            return true;
        }
        task.progress
            .iter()
            .filter(|p| p.date <= self.date)
            .filter_map(|p| p.milestone.as_ref().map(|m| (p.date, m)))
            .filter(|(_, m)| m.by == by)
            // The latest by date; file order among entries of one day.
            .reduce(|a, b| if b.0 >= a.0 { b } else { a })
            .is_some_and(|(_, m)| m.met)
    }

    /// The state of every milestone that counts, in date order.
    pub fn milestones(&self, task: &Task) -> Vec<MilestoneState> {
        let mut states: Vec<MilestoneState> = task
            .milestones()
            .filter(|m| self.milestone_counts(task, m))
            .map(|m| {
                let passed = m.by < self.date;
                let met = passed && self.milestone_met(task, m.by);
                MilestoneState {
                    task: task.id.clone(),
                    by: m.by,
                    goal: m.goal.clone(),
                    met,
                    missed: passed && !met,
                }
            })
            .collect();
        states.sort_by_key(|s| s.by);
        states
    }

    /// The milestones that fell due in `period` and have passed by D, met
    /// or missed: what 年度目标 and `assess` count.
    pub fn milestones_due_in(&self, task: &Task, period: &Period) -> Vec<MilestoneState> {
        self.milestones(task)
            .into_iter()
            .filter(|s| period.contains(s.by) && (s.met || s.missed))
            .collect()
    }

    /// The milestone a form for `period` asks about: the earliest one due
    /// in the period that had not been marked met by D.
    pub fn milestone_asked_in(&self, task: &Task, period: &Period) -> Option<Milestone> {
        let mut due: Vec<&Milestone> = task
            .milestones()
            .filter(|m| period.contains(m.by) && self.milestone_counts(task, m))
            .filter(|m| !self.milestone_met(task, m.by))
            .collect();
        due.sort_by_key(|m| m.by);
        due.first().map(|m| (*m).clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{MilestoneReport, ProgressEntry, StatusChange, Target};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn as_of(date: NaiveDate) -> AsOf {
        AsOf {
            date,
            carry_over_from: None,
            plan_date: Some(d(2018, 8, 17)),
        }
    }

    fn report(date: NaiveDate, by: NaiveDate, met: bool) -> ProgressEntry {
        ProgressEntry {
            date,
            period: None,
            by: "区水务局".into(),
            note: Some("进展".into()),
            status: None,
            problems: None,
            next_steps: None,
            source: None,
            late: false,
            milestone: Some(MilestoneReport { by, met }),
        }
    }

    fn task() -> Task {
        let mut task = Task::new(
            "2.3".parse().unwrap(),
            "篇",
            "任务".into(),
            String::new(),
            d(2022, 12, 31),
        );
        task.lead = vec!["区水务局".into()];
        task.targets = vec![Target {
            year: 2021,
            goal: Some("开工".into()),
            milestones: vec![
                Milestone {
                    by: d(2021, 6, 30),
                    goal: "完成可研编制".into(),
                },
                Milestone {
                    by: d(2021, 12, 31),
                    goal: "取得批复".into(),
                },
            ],
        }];
        task
    }

    fn missed(states: &[MilestoneState]) -> Vec<String> {
        states
            .iter()
            .filter(|s| s.missed)
            .map(|s| s.by.to_string())
            .collect()
    }

    #[test]
    fn a_milestone_is_missed_the_day_after_it_unless_an_entry_marks_it_met() {
        let mut task = task();
        assert!(missed(&as_of(d(2021, 6, 30)).milestones(&task)).is_empty());
        assert_eq!(
            missed(&as_of(d(2021, 7, 1)).milestones(&task)),
            ["2021-06-30"]
        );
        task.progress
            .push(report(d(2021, 7, 5), d(2021, 6, 30), true));
        // Not yet recorded on 07-03; met from 07-05.
        assert_eq!(
            missed(&as_of(d(2021, 7, 3)).milestones(&task)),
            ["2021-06-30"]
        );
        assert!(missed(&as_of(d(2021, 7, 5)).milestones(&task)).is_empty());
        // A later entry saying 未完成 corrects it.
        task.progress
            .push(report(d(2021, 7, 9), d(2021, 6, 30), false));
        assert_eq!(
            missed(&as_of(d(2021, 7, 9)).milestones(&task)),
            ["2021-06-30"]
        );
    }

    #[test]
    fn a_finished_task_met_them_all_and_a_cancelled_one_counts_none() {
        let mut done = task();
        done.status = Status::Done;
        let states = as_of(d(2022, 1, 5)).milestones(&done);
        assert!(states.iter().all(|s| s.met));
        let mut cancelled = task();
        cancelled.status = Status::Cancelled;
        cancelled.progress.push(ProgressEntry {
            status: Some(StatusChange {
                from: Status::InProgress,
                to: Status::Cancelled,
            }),
            milestone: None,
            ..report(d(2021, 3, 1), d(2021, 6, 30), false)
        });
        assert!(as_of(d(2022, 1, 5)).milestones(&cancelled).is_empty());
        // Before it was cancelled, its milestones counted.
        assert_eq!(as_of(d(2021, 2, 1)).milestones(&cancelled).len(), 2);
    }

    #[test]
    fn a_period_counts_what_fell_due_in_it_and_a_form_asks_the_first_unmet() {
        let mut task = task();
        let h1 = Period::parse("2021H1").unwrap();
        let q2 = Period::parse("2021Q2").unwrap();
        let today = as_of(d(2021, 7, 10));
        assert_eq!(today.milestones_due_in(&task, &h1).len(), 1);
        assert!(today
            .milestones_due_in(&task, &Period::parse("2021Q1").unwrap())
            .is_empty());
        let asked = today.milestone_asked_in(&task, &q2).unwrap();
        assert_eq!(asked.by, d(2021, 6, 30));
        task.progress
            .push(report(d(2021, 7, 8), d(2021, 6, 30), true));
        assert_eq!(today.milestone_asked_in(&task, &q2), None);
    }
}
