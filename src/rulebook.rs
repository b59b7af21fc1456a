//! The rule book for progress entries: whether an entry may be recorded.
//! `update` and `collect` both ask it; each shows a refusal its own way
//! (`update` names the flag, `collect` the sheet and cell).
//!
//! - Periods: an entry is for a month or a quarter (the plan's rhythm),
//!   never a longer period.
//! - Dates: not after today, not before the plan was issued; an entry for
//!   a reporting period (a form, `update --period`) is dated inside the
//!   period, or up to `GRACE_DAYS` after its end, or up to the form's
//!   reply deadline if that is later.
//!   A reply after that window is refused, unless it is taken as a late
//!   reply (逾期补报, `collect --late`): it then counts for its period and
//!   says so (`late: true`).
//! - Who reports: a unit named on the task, or one of the two offices.
//! - Who may change a status: the task's lead units and the two offices;
//!   supporting units may not.
//! - Status changes: never back to 未启动; 已完成 needs evidence and
//!   已取消 a reason.
//! - Texts: a note, problem, next step or evidence holds at most
//!   `MAX_CELL_CHARS` (32,767) characters, what a spreadsheet cell holds,
//!   so that every form and workbook can show it.
//! - Repeats: an entry identical to one on file (same date, unit and
//!   text) is a repeat.

use chrono::{Duration, NaiveDate};

use crate::model::{Plan, ProgressEntry, Status, Task};
use crate::period::Period;
use crate::query::Role;
use crate::registry::Registry;
pub use crate::safe_text::MAX_CELL_CHARS;

/// Days after a period's end in which a reply still counts for it (or
/// until the form's reply deadline, if later).
pub const GRACE_DAYS: i64 = 15;

/// An entry someone wants recorded.
#[derive(Debug, Clone, Copy)]
pub struct Proposal<'a> {
    /// The task as it is now.
    pub task: &'a Task,
    /// The reporting unit (any of its names) or an office.
    pub by: &'a str,
    pub date: NaiveDate,
    /// The new status, if the entry changes it.
    pub status: Option<Status>,
    /// The evidence of completion or the reason for cancelling, if given.
    pub evidence: Option<&'a str>,
    /// The period the entry is for, if it records one.
    pub period: Option<&'a Period>,
    /// The reply deadline of the form it came on, if any.
    pub due_by: Option<NaiveDate>,
    /// A reply after the period's window is accepted as 逾期补报
    /// (`collect --late`).
    pub late_allowed: bool,
    /// The texts the entry brings (for their length).
    pub texts: Texts<'a>,
}

/// The texts an entry brings, each checked for length.
#[derive(Debug, Clone, Copy, Default)]
pub struct Texts<'a> {
    pub note: Option<&'a str>,
    pub problems: Option<&'a str>,
    pub next_steps: Option<&'a str>,
    pub evidence: Option<&'a str>,
}

/// Which of an entry's texts a refusal is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextField {
    Note,
    Problems,
    NextSteps,
    Evidence,
}

/// Why an entry may not be recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    AfterToday {
        date: NaiveDate,
        today: NaiveDate,
    },
    BeforePlan {
        date: NaiveDate,
        issued: NaiveDate,
    },
    OutsidePeriod {
        date: NaiveDate,
        period: Period,
        /// The last day a reply for the period may be dated.
        last: NaiveDate,
    },
    /// An entry is recorded for a month or a quarter, not a longer period.
    NotAReportingPeriod {
        period: Period,
    },
    /// The unit is not on the task (and is no office).
    NotOnTask {
        by: String,
    },
    /// A supporting unit tried to change the status.
    NotLead {
        by: String,
        status: Status,
    },
    BackToNotStarted {
        from: Status,
    },
    DoneWithoutEvidence,
    CancelledWithoutReason,
    /// A text over `MAX_CELL_CHARS` characters.
    TooLong {
        field: TextField,
        chars: usize,
    },
}

/// The rules, with what they need to know.
#[derive(Debug, Clone, Copy)]
pub struct RuleBook<'a> {
    pub plan: Option<&'a Plan>,
    pub registry: &'a Registry,
    pub today: NaiveDate,
}

impl<'a> RuleBook<'a> {
    pub fn new(plan: Option<&'a Plan>, registry: &'a Registry, today: NaiveDate) -> RuleBook<'a> {
        RuleBook {
            plan,
            registry,
            today,
        }
    }

    /// The first and last day an entry for `period` may be dated.
    pub fn window(period: &Period, due_by: Option<NaiveDate>) -> (NaiveDate, NaiveDate) {
        let grace = period.end + Duration::days(GRACE_DAYS);
        (period.start, due_by.map_or(grace, |d| d.max(grace)))
    }

    /// A reply dated after the period's window: 逾期补报.
    pub fn is_late(period: &Period, due_by: Option<NaiveDate>, date: NaiveDate) -> bool {
        date > Self::window(period, due_by).1
    }

    /// The unit's role on the task on `date`; None for a unit not on it.
    /// The offices count as leads: they speak for every task.
    pub fn role(&self, task: &Task, by: &str, date: NaiveDate) -> Option<Role> {
        let on = |list: &[String]| list.iter().any(|d| self.registry.same_on(d, by, date));
        if on(&task.lead) || self.plan.is_some_and(|p| p.is_office(by)) {
            Some(Role::Lead)
        } else if on(&task.responsible) {
            Some(Role::Support)
        } else {
            None
        }
    }

    /// A record dated `date` (an entry, an extension): a day that has
    /// come, not before the plan was issued.
    pub fn check_date(&self, date: NaiveDate) -> Result<(), Refusal> {
        if date > self.today {
            return Err(Refusal::AfterToday {
                date,
                today: self.today,
            });
        }
        if let Some(issued) = self.plan.map(|p| p.date).filter(|issued| date < *issued) {
            return Err(Refusal::BeforePlan { date, issued });
        }
        Ok(())
    }

    /// Whether the entry may be recorded: the first rule it breaks, if any.
    pub fn check(&self, proposal: &Proposal) -> Result<(), Refusal> {
        Self::check_texts(&proposal.texts)?;
        let date = proposal.date;
        self.check_date(date)?;
        if let Some(period) = proposal.period {
            if !period.is_reporting() {
                return Err(Refusal::NotAReportingPeriod {
                    period: period.clone(),
                });
            }
            let (first, last) = Self::window(period, proposal.due_by);
            if date < first || (date > last && !proposal.late_allowed) {
                return Err(Refusal::OutsidePeriod {
                    date,
                    period: period.clone(),
                    last,
                });
            }
        }
        let role = self.role(proposal.task, proposal.by, date);
        let Some(role) = role else {
            return Err(Refusal::NotOnTask {
                by: proposal.by.to_string(),
            });
        };
        let Some(to) = proposal.status else {
            return Ok(());
        };
        if role != Role::Lead {
            return Err(Refusal::NotLead {
                by: proposal.by.to_string(),
                status: proposal.task.status,
            });
        }
        let has = |text: Option<&str>| text.is_some_and(|t| !crate::validate::is_blank(t));
        match to {
            Status::NotStarted => Err(Refusal::BackToNotStarted {
                from: proposal.task.status,
            }),
            Status::Done if !has(proposal.evidence) => Err(Refusal::DoneWithoutEvidence),
            Status::Cancelled if !has(proposal.evidence) => Err(Refusal::CancelledWithoutReason),
            _ => Ok(()),
        }
    }

    /// Each text at most `MAX_CELL_CHARS` characters.
    pub fn check_texts(texts: &Texts) -> Result<(), Refusal> {
        let fields = [
            (TextField::Note, texts.note),
            (TextField::Problems, texts.problems),
            (TextField::NextSteps, texts.next_steps),
            (TextField::Evidence, texts.evidence),
        ];
        for (field, text) in fields {
            let chars = text.map_or(0, |t| t.chars().count());
            if chars > MAX_CELL_CHARS {
                return Err(Refusal::TooLong { field, chars });
            }
        }
        Ok(())
    }

    /// Whether the task already has this entry: the same date, unit and
    /// text (note, problems, next steps, status change).
    pub fn is_repeat(&self, task: &Task, entry: &ProgressEntry) -> bool {
        task.progress.iter().any(|e| {
            e.date == entry.date
                && self.registry.same_on(&e.by, &entry.by, e.date)
                && e.note == entry.note
                && e.problems == entry.problems
                && e.next_steps == entry.next_steps
                && e.status == entry.status
        })
    }
}

/// Evidence of completion already on file: the latest entry is a note
/// reported after the last status change (not the note of that change).
/// `update --status 已完成` without `--note` may rely on it.
pub fn evidence_on_file(task: &Task) -> Option<&str> {
    task.progress
        .last()
        .filter(|p| p.status.is_none())
        .and_then(|p| p.note.as_deref())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Department, RegistryFile};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn registry() -> Registry {
        let dept = |name: &str| Department {
            name: name.into(),
            former: vec![],
            aliases: vec![],
            note: None,
            contact: None,
        };
        Registry::new(RegistryFile {
            departments: vec![dept("甲"), dept("乙")],
        })
        .0
    }

    #[test]
    fn a_supporting_unit_reports_but_does_not_change_the_status() {
        let registry = registry();
        let mut task = Task::new(
            "1.1".parse().unwrap(),
            "篇",
            "题".into(),
            String::new(),
            d(2022, 12, 31),
        );
        task.lead = vec!["甲".into()];
        task.responsible = vec!["乙".into()];
        let book = RuleBook::new(None, &registry, d(2020, 7, 3));
        let q2 = Period::parse("2020Q2").unwrap();
        let proposal = Proposal {
            task: &task,
            by: "乙",
            date: d(2020, 7, 3),
            status: None,
            evidence: None,
            period: Some(&q2),
            due_by: None,
            late_allowed: false,
            texts: Texts::default(),
        };
        assert_eq!(book.check(&proposal), Ok(()));
        let change = Proposal {
            status: Some(Status::InProgress),
            ..proposal
        };
        assert!(matches!(book.check(&change), Err(Refusal::NotLead { .. })));
        assert_eq!(
            book.check(&Proposal {
                by: "甲", ..change
            }),
            Ok(())
        );
        let done = Proposal {
            by: "甲",
            status: Some(Status::Done),
            ..change
        };
        assert_eq!(book.check(&done), Err(Refusal::DoneWithoutEvidence));
        let late = Proposal {
            date: d(2020, 7, 16),
            ..proposal
        };
        let book = RuleBook::new(None, &registry, d(2020, 8, 1));
        assert!(matches!(
            book.check(&late),
            Err(Refusal::OutsidePeriod { .. })
        ));
        assert_eq!(
            book.check(&Proposal {
                due_by: Some(d(2020, 7, 20)),
                ..late
            }),
            Ok(())
        );
        let fits = "进".repeat(MAX_CELL_CHARS);
        let long = format!("{fits}展");
        let texts = Texts {
            note: Some(&fits),
            next_steps: Some(&long),
            ..Texts::default()
        };
        assert_eq!(
            book.check(&Proposal { texts, ..proposal }),
            Err(Refusal::TooLong {
                field: TextField::NextSteps,
                chars: MAX_CELL_CHARS + 1
            })
        );
    }
}
