//! 催报: the units that have not replied for a period — the 未报送 and
//! 部分任务未报送进展 lists of `ledger::Dues`, nothing decided here — each
//! with its liaison (`departments.yaml` `contact`), the tasks it owes
//! (id and title) and the day to reply by.

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use crate::ledger::{Dues, Unreported};
use crate::model::{Contact, Task};
use crate::period::Period;
use crate::rulebook::RuleBook;

/// Days a reminder gives, at least, from the day it is sent.
pub const MIN_DAYS_TO_REPLY: i64 = 5;

/// Why a unit is reminded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Owing {
    /// 未报送: nothing for the period.
    Unreported,
    /// 部分任务未报送进展: replied, some tasks left without progress.
    PartlyReported,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OwedTask {
    pub id: String,
    pub title: String,
}

/// One unit's reminder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reminder {
    pub department: String,
    pub contact: Option<Contact>,
    pub owing: Owing,
    pub tasks: Vec<OwedTask>,
    #[serde(serialize_with = "ymd")]
    pub deadline: NaiveDate,
}

fn ymd<S: serde::Serializer>(date: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&date.format("%Y-%m-%d"))
}

/// The 催报通知: who issues it, when, for which period, to whom.
#[derive(Debug, Clone)]
pub struct Notice {
    /// The working group's office (`plan.yaml` `working_group_office`),
    /// to which the units reply.
    pub issuer: String,
    pub period: Period,
    /// 成文日期: the day it is sent (the as-of date).
    pub date: NaiveDate,
    /// The day to reply by.
    pub deadline: NaiveDate,
    /// The units reminded, in the order of `reminders`.
    pub reminders: Vec<Reminder>,
}

/// The day to reply by: `due_by` if given; else the last day a reply for
/// the period still counts (`RuleBook::window`), but never sooner than
/// `MIN_DAYS_TO_REPLY` from today.
pub fn deadline(period: &Period, due_by: Option<NaiveDate>, today: NaiveDate) -> NaiveDate {
    due_by.unwrap_or_else(|| {
        let (_, last) = RuleBook::window(period, None);
        last.max(today + Duration::days(MIN_DAYS_TO_REPLY))
    })
}

/// Every unit owing a report for `dues`' period, 未报送 first, then
/// 部分任务未报送进展, each in registry order.
pub fn reminders<'t>(
    tasks: impl IntoIterator<Item = &'t Task> + Clone,
    dues: &Dues,
    deadline: NaiveDate,
) -> Vec<Reminder> {
    let owed = Dues::owed(tasks.clone().into_iter().map(|t| dues.of_task(t)));
    let title = |id: &str| {
        tasks
            .clone()
            .into_iter()
            .find(|t| t.id == id)
            .map(|t| t.title.clone())
            .unwrap_or_default()
    };
    let remind = |unit: Unreported, owing: Owing| Reminder {
        contact: dues
            .registry
            .resolve(&unit.department)
            .and_then(|d| d.contact.clone()),
        tasks: unit
            .tasks
            .iter()
            .map(|id| OwedTask {
                id: id.clone(),
                title: title(id),
            })
            .collect(),
        department: unit.department,
        owing,
        deadline,
    };
    owed.unreported
        .into_iter()
        .map(|u| remind(u, Owing::Unreported))
        .chain(
            owed.partly_reported
                .into_iter()
                .map(|u| remind(u, Owing::PartlyReported)),
        )
        .collect()
}
