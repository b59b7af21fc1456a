//! 问题清单: the problems (存在问题) units raised in a period, and whether
//! each is new, persists from the previous period, or was resolved. The
//! office tracks them until they are resolved (`problems`).
//!
//! For each task and each unit that wrote on it:
//! - 新提出 (new): its latest entry in the period raises a problem, and its
//!   latest entry in the previous period raised none (or it wrote none);
//! - 持续 (persisting): both raise a problem;
//! - 已解决 (resolved): the previous period's raised one, and its latest
//!   entry in this period raises none.
//!
//! A unit silent in the period says nothing about its problem: it is not
//! listed (the 未报送 lists name it).

use chrono::NaiveDate;
use serde::Serialize;

use crate::ledger::Dues;
use crate::model::{ProgressEntry, Task};
use crate::period::{Every, Period};

/// What became of a problem in the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mark {
    /// 新提出
    New,
    /// 持续
    Persisting,
    /// 已解决
    Resolved,
}

impl Mark {
    /// The Chinese label, as tables show it in zh.
    pub fn label(self) -> &'static str {
        match self {
            Mark::New => "新提出",
            Mark::Persisting => "持续",
            Mark::Resolved => "已解决",
        }
    }
}

/// One problem of one unit on one task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub id: String,
    pub title: String,
    /// The unit, under its name during the period.
    pub department: String,
    pub mark: Mark,
    /// The problem as written: this period's, or for a resolved one the
    /// previous period's.
    pub problems: String,
    /// The date of the entry that says so.
    #[serde(serialize_with = "ymd")]
    pub date: NaiveDate,
}

fn ymd<S: serde::Serializer>(date: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&date.format("%Y-%m-%d"))
}

/// The problems on `task` in `dues`' period, against the previous period
/// (`previous`, the same ledger's dues for it).
pub fn on_task(task: &Task, dues: &Dues, previous: &Dues) -> Vec<Problem> {
    if !dues.as_of.exists(task) {
        return Vec::new();
    }
    let latest = |d: &Dues, unit: &str| -> Option<&ProgressEntry> {
        task.progress
            .iter()
            .filter(|e| d.as_of.counts_for(e, d.period) && d.unit(&e.by) == unit)
            // The last of the latest date: file order breaks ties.
            .max_by_key(|e| e.date)
    };
    let mut units: Vec<String> = Vec::new();
    for entry in task
        .progress
        .iter()
        .filter(|e| dues.as_of.counts_for(e, dues.period))
    {
        let unit = dues.unit(&entry.by);
        if !units.contains(&unit) {
            units.push(unit);
        }
    }
    let mut found = Vec::new();
    for unit in units {
        let Some(now) = latest(dues, &unit) else {
            continue;
        };
        let before = latest(previous, &unit).and_then(|e| e.problems.as_ref().map(|p| (e, p)));
        let (mark, problems, date) = match (&now.problems, before) {
            (Some(p), Some(_)) => (Mark::Persisting, p.clone(), now.date),
            (Some(p), None) => (Mark::New, p.clone(), now.date),
            (None, Some((_, p))) => (Mark::Resolved, p.clone(), now.date),
            (None, None) => continue,
        };
        found.push(Problem {
            id: task.id.clone(),
            title: task.title.clone(),
            department: unit,
            mark,
            problems,
            date,
        });
    }
    found
}

/// Every task's problems in `period`, in id order, then unit order.
pub fn list<'t>(
    tasks: impl IntoIterator<Item = &'t Task>,
    dues: &Dues,
    previous: &Dues,
) -> Vec<Problem> {
    let mut all: Vec<Problem> = tasks
        .into_iter()
        .flat_map(|t| on_task(t, dues, previous))
        .collect();
    all.sort_by(|a, b| crate::ids::natural_cmp(&a.id, &b.id));
    all
}

/// The reporting period whose problems a report on `period` lists, and
/// the one before it: `period` itself when it is a month or a quarter;
/// for a longer one, the period of the plan's rhythm (`every`) holding its
/// last day, or `as_of` if that is earlier (what still stands at its end).
pub fn compared(period: &Period, as_of: NaiveDate, every: Every) -> Option<(Period, Period)> {
    let now = if period.is_reporting() {
        period.clone()
    } else {
        Period::containing(period.end.min(as_of), every)
    };
    let before = previous_period(&now)?;
    Some((now, before))
}

/// The period before a month or a quarter.
pub fn previous_period(period: &Period) -> Option<Period> {
    let eve = period.start.pred_opt()?;
    let every = match period.kind {
        crate::period::Kind::Month => crate::period::Every::Month,
        crate::period::Kind::Quarter => crate::period::Every::Quarter,
        _ => return None,
    };
    Some(Period::containing(eve, every))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::AsOf;
    use crate::registry::Registry;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn entry(date: NaiveDate, by: &str, problems: Option<&str>) -> ProgressEntry {
        ProgressEntry {
            date,
            period: None,
            by: by.into(),
            note: Some("进展".into()),
            status: None,
            problems: problems.map(str::to_string),
            next_steps: None,
            source: None,
            late: false,
            milestone: None,
        }
    }

    #[test]
    fn new_persisting_and_resolved() {
        let mut task = Task::new(
            "2.3".parse().unwrap(),
            "篇",
            "题".into(),
            String::new(),
            d(2022, 12, 31),
        );
        task.lead = vec!["甲".into()];
        task.responsible = vec!["乙".into(), "丙".into()];
        task.progress = vec![
            entry(d(2020, 3, 1), "甲", Some("资金缺口")),
            entry(d(2020, 3, 2), "乙", Some("用地未批")),
            entry(d(2020, 5, 1), "甲", Some("资金缺口仍在")),
            entry(d(2020, 5, 2), "乙", None),
            entry(d(2020, 5, 3), "丙", Some("人手不足")),
        ];
        let registry = Registry::default();
        let view = AsOf {
            date: d(2020, 6, 30),
            carry_over_from: None,
            plan_date: Some(d(2018, 8, 17)),
        };
        let q2 = Period::parse("2020Q2").unwrap();
        let q1 = previous_period(&q2).unwrap();
        assert_eq!(q1.id, "2020Q1");
        let found = list(
            [&task],
            &Dues::new(view, &q2, &registry),
            &Dues::new(view, &q1, &registry),
        );
        let marks: Vec<(&str, Mark, &str)> = found
            .iter()
            .map(|p| (p.department.as_str(), p.mark, p.problems.as_str()))
            .collect();
        assert_eq!(
            marks,
            [
                ("甲", Mark::Persisting, "资金缺口仍在"),
                ("乙", Mark::Resolved, "用地未批"),
                ("丙", Mark::New, "人手不足"),
            ]
        );
        assert!(previous_period(&Period::parse("2020H1").unwrap()).is_none());
        // A half year compares its last quarter (or the as-of date's).
        let h1 = Period::parse("2020H1").unwrap();
        let ids = |c: Option<(Period, Period)>| c.map(|(a, b)| (a.id, b.id));
        assert_eq!(
            ids(compared(&h1, d(2020, 7, 20), Every::Quarter)),
            Some(("2020Q2".into(), "2020Q1".into()))
        );
        assert_eq!(
            ids(compared(&h1, d(2020, 3, 20), Every::Month)),
            Some(("2020-03".into(), "2020-02".into()))
        );
        assert_eq!(
            ids(compared(&q2, d(2020, 7, 20), Every::Month)),
            Some(("2020Q2".into(), "2020Q1".into()))
        );
    }
}
