//! Reporting periods (本期): a quarter such as `2020Q2` or a month such as
//! `2020-06`, as `plan.yaml`'s `reporting.every` sets the rhythm, and the
//! departments that have not reported in one (未报送单位).

use std::fmt;

use anyhow::{bail, Result};
use chrono::{Datelike, NaiveDate};

use crate::model::{Every, Task};
use crate::registry::Registry;
use crate::tr;

/// One reporting period: its first and last day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportingPeriod {
    year: i32,
    every: Every,
    /// The quarter (1–4) or the month (1–12).
    index: u32,
}

impl ReportingPeriod {
    /// `2020Q2` (or `2020q2`) for a quarter, `2020-06` or `2020M06` for a month.
    pub fn parse(input: &str) -> Result<ReportingPeriod> {
        let text = input.trim();
        let parsed = parse_parts(text);
        match parsed {
            Some(period) => Ok(period),
            None => bail!(tr!(
                "无效的报送期“{input}”：请写季度如 2020Q2，或月份如 2020-06",
                "invalid reporting period “{input}”: write a quarter such as 2020Q2, or a month such as 2020-06"
            )),
        }
    }

    /// The period of the given rhythm that holds `date`.
    pub fn containing(date: NaiveDate, every: Every) -> ReportingPeriod {
        let index = match every {
            Every::Quarter => date.month0() / 3 + 1,
            Every::Month => date.month(),
        };
        ReportingPeriod {
            year: date.year(),
            every,
            index,
        }
    }

    pub fn every(&self) -> Every {
        self.every
    }

    pub fn start(&self) -> NaiveDate {
        let month = match self.every {
            Every::Quarter => (self.index - 1) * 3 + 1,
            Every::Month => self.index,
        };
        NaiveDate::from_ymd_opt(self.year, month, 1).unwrap_or(NaiveDate::MIN)
    }

    pub fn end(&self) -> NaiveDate {
        let months = match self.every {
            Every::Quarter => 3,
            Every::Month => 1,
        };
        let next = self
            .start()
            .checked_add_months(chrono::Months::new(months))
            .unwrap_or(NaiveDate::MAX);
        next.pred_opt().unwrap_or(next)
    }

    pub fn contains(&self, date: NaiveDate) -> bool {
        (self.start()..=self.end()).contains(&date)
    }

    /// In words: 2020年第二季度, 2020年6月 (Q2 2020, 2020-06).
    pub fn label(&self) -> String {
        let year = self.year;
        let index = self.index;
        match self.every {
            Every::Quarter => {
                let zh = ["一", "二", "三", "四"][(index as usize + 3) % 4];
                tr!("{year}年第{zh}季度", "Q{index} {year}")
            }
            Every::Month => tr!("{year}年{index}月", "{year}-{index:02}"),
        }
    }
}

fn parse_parts(text: &str) -> Option<ReportingPeriod> {
    let year_text = text.get(..4)?;
    let year: i32 = year_text.parse().ok()?;
    let rest = text.get(4..)?;
    let (every, index_text) = if let Some(q) = rest.strip_prefix(['Q', 'q']) {
        (Every::Quarter, q)
    } else if let Some(m) = rest.strip_prefix(['-', 'M', 'm']) {
        (Every::Month, m)
    } else {
        return None;
    };
    if index_text.is_empty() || !index_text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let index: u32 = index_text.parse().ok()?;
    let last = match every {
        Every::Quarter => 4,
        Every::Month => 12,
    };
    ((1..=last).contains(&index) && (1000..=9999).contains(&year)).then_some(ReportingPeriod {
        year,
        every,
        index,
    })
}

impl fmt::Display for ReportingPeriod {
    /// The machine form: `2020Q2`, `2020-06`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.every {
            Every::Quarter => write!(f, "{}Q{}", self.year, self.index),
            Every::Month => write!(f, "{}-{:02}", self.year, self.index),
        }
    }
}

/// A department with open tasks and no progress entry of its own on them
/// in the period (未报送单位), with those tasks in file order.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Unreported {
    /// The department's current name.
    pub department: String,
    /// Ids of its open tasks it did not report on.
    pub tasks: Vec<String>,
}

/// Whether the department (under any of its names) wrote an entry on the
/// task within the period.
pub fn reported_in(
    task: &Task,
    department: &str,
    period: &ReportingPeriod,
    registry: &Registry,
) -> bool {
    task.progress
        .iter()
        .any(|e| period.contains(e.date) && registry.same(&e.by, department))
}

/// 未报送单位: every department that leads or supports a task open at the
/// period's end (or at `as_of`, if earlier) and reported nothing on it in
/// the period. Carried-over tasks are not open. Departments come in the
/// registry's order.
pub fn unreported(
    tasks: &[Task],
    period: &ReportingPeriod,
    as_of: NaiveDate,
    registry: &Registry,
) -> Vec<Unreported> {
    let day = period.end().min(as_of);
    let mut missing: Vec<Unreported> = Vec::new();
    for task in tasks {
        if task.status_on(day).is_closed() || task.carried_over_to.is_some() {
            continue;
        }
        for department in task.departments() {
            if reported_in(task, department, period, registry) {
                continue;
            }
            let name = current_name(registry, department);
            match missing.iter_mut().find(|u| u.department == name) {
                Some(unit) => {
                    if !unit.tasks.contains(&task.id) {
                        unit.tasks.push(task.id.clone());
                    }
                }
                None => missing.push(Unreported {
                    department: name,
                    tasks: vec![task.id.clone()],
                }),
            }
        }
    }
    missing.sort_by_key(|u| registry.index_of(&u.department).unwrap_or(usize::MAX));
    missing
}

fn current_name(registry: &Registry, name: &str) -> String {
    registry
        .resolve(name)
        .map_or_else(|| name.to_string(), |d| d.name.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn quarters_and_months_parse_with_their_bounds() {
        let q = ReportingPeriod::parse("2020Q2").unwrap();
        assert_eq!((q.start(), q.end()), (date(2020, 4, 1), date(2020, 6, 30)));
        assert_eq!(q.to_string(), "2020Q2");
        let q4 = ReportingPeriod::parse("2020q4").unwrap();
        assert_eq!(q4.end(), date(2020, 12, 31));
        let m = ReportingPeriod::parse("2020-02").unwrap();
        assert_eq!((m.start(), m.end()), (date(2020, 2, 1), date(2020, 2, 29)));
        assert_eq!(
            ReportingPeriod::parse("2020M12").unwrap().to_string(),
            "2020-12"
        );
        for bad in [
            "2020Q5",
            "2020Q0",
            "2020-13",
            "2020",
            "20Q1",
            "2020Q",
            "2020Q+1",
            "二〇二〇Q1",
            "",
        ] {
            assert!(ReportingPeriod::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_period_containing_a_date() {
        let p = ReportingPeriod::containing(date(2020, 6, 30), Every::Quarter);
        assert_eq!(p.to_string(), "2020Q2");
        assert!(p.contains(date(2020, 4, 1)) && !p.contains(date(2020, 7, 1)));
        let m = ReportingPeriod::containing(date(2020, 6, 30), Every::Month);
        assert_eq!(m.to_string(), "2020-06");
    }
}
