//! The ledger as it stood on a date: the one answer to every "as of D"
//! question (`list`, `show`, `report`, `forms`, `collect`), and the one
//! rule for who owes a report for a period (未报送单位 and
//! 部分任务未报送进展).
//!
//! As of D:
//! - a task exists from its `added` date (without one, from the plan's
//!   date); before that it is in no list;
//! - progress: the entries dated on or before D, in date order (file order
//!   breaking ties), so that the last one is the latest;
//! - status: the file's, unless the log records a change after D; then the
//!   status that first such change started from;
//! - deadline: the file's, unless an extension was granted after D; then
//!   the deadline that first such extension moved;
//! - carry-over: `carried_over_to` records no date. A plan closed with
//!   `close-plan` gives it one: the carry-over holds from the day the plan
//!   ended (`ended_on`). While the plan is still active, a recorded
//!   carry-over holds on any day;
//! - a department is called what it was called on D (`Registry::name_on`):
//!   renames and mergers apply from their date on, never backwards.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};
use serde::Serialize;

use crate::model::{Plan, PlanStatus, ProgressEntry, Status, Task};
use crate::period::Period;
use crate::query::Role;
use crate::registry::Registry;

/// The ledger on one day (see the module's documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AsOf {
    pub date: NaiveDate,
    /// The day carry-overs take effect; None: whenever they are recorded.
    pub carry_over_from: Option<NaiveDate>,
    /// The plan's date: tasks without `added` exist from it.
    pub plan_date: Option<NaiveDate>,
}

impl AsOf {
    pub fn new(date: NaiveDate, plan: Option<&Plan>) -> AsOf {
        let carry_over_from = plan
            .filter(|p| p.status != PlanStatus::Active)
            .and_then(|p| p.ended_on);
        AsOf {
            date,
            carry_over_from,
            plan_date: plan.map(|p| p.date),
        }
    }

    /// The same ledger on another day.
    pub fn on(&self, date: NaiveDate) -> AsOf {
        AsOf { date, ..*self }
    }

    /// Whether the plan had ended on D (`close-plan` ran with an earlier or equal date).
    pub fn plan_ended(&self) -> bool {
        self.carry_over_from.is_some_and(|end| end <= self.date)
    }

    /// The day the task came into the ledger: `added`, else the plan's date.
    pub fn born(&self, task: &Task) -> Option<NaiveDate> {
        task.added.or(self.plan_date)
    }

    /// Whether the task existed on D.
    pub fn exists(&self, task: &Task) -> bool {
        self.born(task).is_none_or(|born| born <= self.date)
    }

    /// The task's status on D: the file's, or what the first change after
    /// D started from.
    pub fn status(&self, task: &Task) -> Status {
        task.progress
            .iter()
            .filter(|p| p.date > self.date)
            .filter_map(|p| p.status.as_ref().map(|s| (p.date, s.from)))
            // The earliest; file order among changes of the same day.
            .reduce(|first, next| if next.0 < first.0 { next } else { first })
            .map_or(task.status, |(_, from)| from)
    }

    /// The deadline in force on D: extensions granted later don't count yet.
    pub fn due(&self, task: &Task) -> NaiveDate {
        task.extensions
            .iter()
            .filter(|e| e.date > self.date)
            .min_by_key(|e| e.date)
            .map_or(task.due, |later| later.from)
    }

    /// Whether the task had been carried over by D.
    pub fn carried_over(&self, task: &Task) -> bool {
        task.carried_over_to.is_some() && self.carry_over_from.is_none_or(|from| from <= self.date)
    }

    /// Not done, not cancelled, not carried over on D.
    pub fn is_open(&self, task: &Task) -> bool {
        !self.status(task).is_closed() && !self.carried_over(task)
    }

    /// The task as it stood on D, or None if it did not exist yet.
    pub fn task(&self, mut task: Task) -> Option<Task> {
        if !self.exists(&task) {
            return None;
        }
        let day = self.date;
        task.status = self.status(&task);
        task.due = self.due(&task);
        task.extensions.retain(|e| e.date <= day);
        // Stable: entries of one day keep their file order.
        task.progress.sort_by_key(|p| p.date);
        task.progress.retain(|p| p.date <= day);
        if !self.carried_over(&task) {
            task.carried_over_to = None;
        }
        Some(task)
    }

    /// The name a department went by on D.
    pub fn name<'a>(&self, registry: &'a Registry, name: &'a str) -> &'a str {
        registry.name_on(name, self.date)
    }

    /// Whether the task was open at some time during `period`: it existed
    /// before the period ended (and by D), and it was not done, cancelled
    /// or carried over before the period started.
    pub fn open_during(&self, task: &Task, period: &Period) -> bool {
        let end = period.end.min(self.date);
        if self.born(task).is_some_and(|born| born > end) {
            return false;
        }
        match period.start.checked_sub_days(Days::new(1)) {
            Some(eve) => self.on(eve).is_open(task),
            None => true,
        }
    }

    /// The day whose names a period's units go by: its last day, or D if
    /// earlier (a unit is named as it was during the period).
    pub fn naming_day(&self, period: &Period) -> NaiveDate {
        period.end.min(self.date)
    }

    /// Whether the entry counts for `period`, as of D: recorded by D, and
    /// belonging to the period (`period:` if it says one, else its date).
    pub fn counts_for(&self, entry: &ProgressEntry, period: &Period) -> bool {
        entry.date <= self.date && belongs_to(entry, period)
    }
}

/// Whether an entry belongs to `period`: the period it records (`period:`)
/// lies within it, or, without one, its date does. An entry recorded for a
/// longer period (a quarter) counts for a shorter one (a month) within it
/// when its date falls there.
pub fn belongs_to(entry: &ProgressEntry, period: &Period) -> bool {
    match entry
        .period
        .as_deref()
        .and_then(|id| Period::parse(id).ok())
    {
        Some(own) => {
            (own.start >= period.start && own.end <= period.end)
                || (own.start <= period.start
                    && own.end >= period.end
                    && period.contains(entry.date))
        }
        None => period.contains(entry.date),
    }
}

/// A unit that owes a report, with the tasks it left without one: the
/// shape of `period.unreported` and `period.partly_reported` in JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unreported {
    /// The unit's name during the period.
    pub department: String,
    /// Ids of its open tasks without an entry of its own, in id order.
    pub tasks: Vec<String>,
}

/// Who owes a report for one period, as of one day.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Owed {
    /// 未报送单位: units with open tasks during the period and no entry
    /// of their own belonging to it at all.
    pub unreported: Vec<Unreported>,
    /// 部分任务未报送进展: units that reported in the period but left some
    /// of their open tasks without an entry.
    pub partly_reported: Vec<Unreported>,
    /// 逾期补报单位: units that replied for the period after its window
    /// (`late: true`), with the tasks they reported late. A late reply is a
    /// reply: they are not 未报送.
    pub late: Vec<Unreported>,
}

/// One unit's part in one task, for a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitPart {
    /// The unit's name during the period.
    pub unit: String,
    /// Its place in the registry: the order units are listed in.
    pub index: Option<usize>,
    /// Its role on the task; None for a unit that only wrote an entry.
    pub role: Option<Role>,
    /// The task was open during the period.
    pub open: bool,
    /// The unit wrote an entry of its own on the task for the period.
    pub reported: bool,
    /// One of its entries on the task for the period came late (逾期补报).
    pub late: bool,
}

/// What one task says about who owes a report: worked out from the task
/// alone, so that a report can gather it while files are parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskDues {
    pub id: String,
    pub parts: Vec<UnitPart>,
}

/// The one rule for who owes a report for `period` as of a day: `report`
/// (every format), `forms` and `collect` all ask it.
#[derive(Debug, Clone, Copy)]
pub struct Dues<'a> {
    pub as_of: AsOf,
    pub period: &'a Period,
    pub registry: &'a Registry,
}

impl<'a> Dues<'a> {
    pub fn new(as_of: AsOf, period: &'a Period, registry: &'a Registry) -> Dues<'a> {
        Dues {
            as_of,
            period,
            registry,
        }
    }

    /// A period that starts after the plan ended asks nobody to report.
    pub fn after_plan(&self) -> bool {
        self.as_of.plan_ended()
            && self
                .as_of
                .carry_over_from
                .is_some_and(|ended| self.period.start > ended)
    }

    /// The unit `name` stands for during the period.
    pub fn unit(&self, name: &str) -> String {
        self.registry
            .name_on(name, self.as_of.naming_day(self.period))
            .to_string()
    }

    /// The task's part: each unit on it (role, whether the task was open
    /// during the period, whether the unit reported on it), then each
    /// other unit that wrote an entry on it for the period.
    pub fn of_task(&self, task: &Task) -> TaskDues {
        let mut parts: Vec<UnitPart> = Vec::new();
        if self.after_plan() || !self.as_of.exists(task) {
            return TaskDues {
                id: task.id.clone(),
                parts,
            };
        }
        let open = self.as_of.open_during(task, self.period);
        let reporters: Vec<(String, &str, bool)> = task
            .progress
            .iter()
            .filter(|e| self.as_of.counts_for(e, self.period))
            .map(|e| (self.unit(&e.by), e.by.as_str(), e.late))
            .collect();
        let late = |unit: &str| reporters.iter().any(|(u, _, late)| u == unit && *late);
        let roles = task
            .lead
            .iter()
            .map(|d| (d, Role::Lead))
            .chain(task.responsible.iter().map(|d| (d, Role::Support)));
        for (name, role) in roles {
            let unit = self.unit(name);
            if parts.iter().any(|p| p.unit == unit) {
                continue;
            }
            parts.push(UnitPart {
                index: self.registry.index_of(name),
                reported: reporters.iter().any(|(u, _, _)| *u == unit),
                late: late(&unit),
                unit,
                role: Some(role),
                open,
            });
        }
        for (unit, by, _) in &reporters {
            if !parts.iter().any(|p| p.unit == *unit) {
                parts.push(UnitPart {
                    index: self.registry.index_of(by),
                    late: late(unit),
                    unit: unit.clone(),
                    role: None,
                    open: false,
                    reported: true,
                });
            }
        }
        TaskDues {
            id: task.id.clone(),
            parts,
        }
    }

    /// Who owes what, from every task's part (in any order).
    pub fn owed(tasks: impl IntoIterator<Item = TaskDues>) -> Owed {
        let mut units = Units::default();
        for task in tasks {
            units.add(task);
        }
        units.owed()
    }

    /// Each unit with at least one task open during the period, with those
    /// tasks and its role on each: the units a form goes to.
    pub fn owing_units(
        tasks: impl IntoIterator<Item = TaskDues>,
    ) -> Vec<(String, Vec<(String, Role)>)> {
        let mut units = Units::default();
        for task in tasks {
            units.add(task);
        }
        units.sorted();
        units
            .units
            .into_iter()
            .filter(|u| !u.open.is_empty())
            .map(|u| {
                let tasks = u.open.into_iter().map(|(id, role, _)| (id, role)).collect();
                (u.name, tasks)
            })
            .collect()
    }
}

/// Units gathered from tasks' parts.
#[derive(Debug, Default)]
struct Units {
    units: Vec<UnitTally>,
    /// A unit's name → its place in `units` (a report adds a few parts
    /// for each of 100 000 tasks).
    by_name: HashMap<String, usize>,
}

#[derive(Debug)]
struct UnitTally {
    name: String,
    index: Option<usize>,
    /// The first task naming it: orders units the registry lacks.
    first: String,
    replied: bool,
    /// Open tasks: id, role, reported on.
    open: Vec<(String, Role, bool)>,
    /// Tasks it reported on late (逾期补报).
    late: Vec<String>,
}

impl Units {
    fn add(&mut self, task: TaskDues) {
        for part in task.parts {
            let at = match self.by_name.get(&part.unit) {
                Some(&at) => at,
                None => {
                    self.by_name.insert(part.unit.clone(), self.units.len());
                    self.units.push(UnitTally {
                        name: part.unit.clone(),
                        index: part.index,
                        first: task.id.clone(),
                        replied: false,
                        open: Vec::new(),
                        late: Vec::new(),
                    });
                    self.units.len() - 1
                }
            };
            let unit = &mut self.units[at];
            unit.replied |= part.reported;
            if part.late {
                unit.late.push(task.id.clone());
            }
            // Only a name the registry lacks is ordered by its first task.
            if unit.index.is_none() && crate::ids::natural_cmp(&task.id, &unit.first).is_lt() {
                unit.first = task.id.clone();
            }
            if let (true, Some(role)) = (part.open, part.role) {
                unit.open.push((task.id.clone(), role, part.reported));
            }
        }
    }

    /// Registry order; names the registry lacks after, by their first task.
    fn sorted(&mut self) {
        // Places change: the index by name no longer holds.
        self.by_name.clear();
        self.units.sort_by(|a, b| {
            (a.index.is_none(), a.index)
                .cmp(&(b.index.is_none(), b.index))
                .then_with(|| crate::ids::natural_cmp(&a.first, &b.first))
        });
        for unit in &mut self.units {
            unit.open
                .sort_by(|a, b| crate::ids::natural_cmp(&a.0, &b.0));
            unit.late.sort_by(|a, b| crate::ids::natural_cmp(a, b));
        }
    }

    fn owed(mut self) -> Owed {
        self.sorted();
        let mut owed = Owed::default();
        for unit in self.units {
            if !unit.late.is_empty() {
                owed.late.push(Unreported {
                    department: unit.name.clone(),
                    tasks: unit.late.clone(),
                });
            }
            let missing: Vec<String> = unit
                .open
                .into_iter()
                .filter(|(_, _, reported)| !reported)
                .map(|(id, _, _)| id)
                .collect();
            if missing.is_empty() {
                continue;
            }
            let list = Unreported {
                department: unit.name,
                tasks: missing,
            };
            if unit.replied {
                owed.partly_reported.push(list);
            } else {
                owed.unreported.push(list);
            }
        }
        owed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::StatusChange;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn entry(date: NaiveDate, by: &str, period: Option<&str>) -> ProgressEntry {
        ProgressEntry {
            date,
            period: period.map(str::to_string),
            by: by.to_string(),
            note: Some("进展".into()),
            status: None,
            problems: None,
            next_steps: None,
            source: None,
            late: false,
            milestone: None,
        }
    }

    fn task(id: &str, lead: &str, responsible: &[&str]) -> Task {
        let mut task = Task::new(
            id.parse().unwrap(),
            "篇",
            "任务".into(),
            String::new(),
            d(2022, 12, 31),
        );
        task.lead = vec![lead.into()];
        task.responsible = responsible.iter().map(|r| (*r).to_string()).collect();
        task
    }

    fn as_of(date: NaiveDate) -> AsOf {
        AsOf {
            date,
            carry_over_from: None,
            plan_date: Some(d(2018, 8, 17)),
        }
    }

    #[test]
    fn an_entry_belongs_to_its_recorded_period_whatever_its_date() {
        let q2 = Period::parse("2020Q2").unwrap();
        let q3 = Period::parse("2020Q3").unwrap();
        let late = entry(d(2020, 7, 3), "甲", Some("2020Q2"));
        assert!(belongs_to(&late, &q2) && !belongs_to(&late, &q3));
        assert!(belongs_to(&late, &Period::parse("2020").unwrap()));
        let plain = entry(d(2020, 7, 3), "甲", None);
        assert!(!belongs_to(&plain, &q2) && belongs_to(&plain, &q3));
    }

    #[test]
    fn a_partial_reply_is_a_reply_and_silence_is_not() {
        let registry = Registry::default();
        let q2 = Period::parse("2020Q2").unwrap();
        let mut a = task("1.1", "甲", &["乙"]);
        a.progress.push(entry(d(2020, 7, 3), "甲", Some("2020Q2")));
        let b = task("1.2", "甲", &["丙"]);
        let mut done = task("1.3", "丁", &[]);
        done.status = Status::Cancelled;
        done.progress.push(ProgressEntry {
            status: Some(StatusChange {
                from: Status::NotStarted,
                to: Status::Cancelled,
            }),
            ..entry(d(2019, 1, 5), "丁", None)
        });
        let dues = Dues::new(as_of(d(2020, 7, 10)), &q2, &registry);
        let owed = Dues::owed([&a, &b, &done].map(|t| dues.of_task(t)));
        let list = |l: &[Unreported]| {
            l.iter()
                .map(|u| format!("{}:{}", u.department, u.tasks.join(",")))
                .collect::<Vec<_>>()
        };
        assert_eq!(list(&owed.unreported), ["乙:1.1", "丙:1.2"]);
        assert_eq!(list(&owed.partly_reported), ["甲:1.2"]);
        // Before the late reply was recorded, 甲 had not replied.
        let dues = Dues::new(as_of(d(2020, 7, 1)), &q2, &registry);
        let owed = Dues::owed([&a, &b, &done].map(|t| dues.of_task(t)));
        assert_eq!(list(&owed.unreported), ["甲:1.1,1.2", "乙:1.1", "丙:1.2"]);
    }

    #[test]
    fn a_task_added_later_does_not_exist_before() {
        let mut t = task("1.5", "甲", &[]);
        t.added = Some(d(2020, 8, 5));
        assert!(as_of(d(2020, 6, 30)).task(t.clone()).is_none());
        assert!(as_of(d(2020, 8, 5)).task(t.clone()).is_some());
        let q2 = Period::parse("2020Q2").unwrap();
        assert!(!as_of(d(2020, 9, 1)).open_during(&t, &q2));
        assert!(as_of(d(2020, 9, 1)).open_during(&t, &Period::parse("2020Q3").unwrap()));
    }
}
