//! Periods (本期): a quarter such as `2020Q2` or a month such as `2020-06`,
//! as `plan.yaml`'s `reporting.every` sets the rhythm, and the longer
//! periods a report may cover (a half year, a year, several years, the
//! whole plan).

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::i18n::{self, Lang};
use crate::tr;

/// 报送周期。 The length of one reporting period (`plan.yaml` `reporting.every`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Every {
    Month,
    Quarter,
}

impl Every {
    pub(crate) fn quarter() -> Self {
        Every::Quarter
    }
}

/// How long a period is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Month,
    Quarter,
    /// 上半年 (`2020H1`) or 下半年 (`2020H2`).
    Half,
    Year,
    /// Several whole years (`2018-2022`).
    Years,
    /// The whole plan (`plan`): its years, once the plan is known
    /// ([`Period::for_plan`]).
    Plan,
}

/// A period: a month, a quarter, a half year, a year, several years or the
/// whole plan. Forms are issued, and entries recorded, for the plan's
/// rhythm (a month or a quarter: [`Period::is_reporting`]); a report may
/// cover any period, gathering the entries of the months or quarters in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Period {
    /// The period as typed, in its canonical form: `2019`, `2019Q1`,
    /// `2019-03`, `2019H1`, `2018-2022`, `plan`.
    pub id: String,
    /// "2019年第一季度": Chinese, as JSON has it; `display()` follows the language.
    pub label: String,
    #[serde(serialize_with = "ymd")]
    pub start: NaiveDate,
    #[serde(serialize_with = "ymd")]
    pub end: NaiveDate,
    #[serde(skip)]
    pub kind: Kind,
}

impl Period {
    /// `2019`, `2019Q1`, `2019-03`, `2019H1`, `2018-2022` or `plan` (whose
    /// dates [`Period::for_plan`] sets).
    pub fn parse(raw: &str) -> Result<Period, String> {
        let raw = raw.trim();
        let bad = || {
            tr!(
                "报告期“{raw}”无效：应为月（2019-03）、季度（2019Q1）、半年（2019H1）、年（2019）、若干年（2018-2022）或整个计划（plan）",
                "invalid period “{raw}”: expected a month (2019-03), a quarter (2019Q1), a half year (2019H1), a year (2019), years (2018-2022) or the whole plan (plan)"
            )
        };
        let year_of = |s: &str| {
            s.parse::<i32>()
                .ok()
                .filter(|y| (1900..=9999).contains(y) && s.len() == 4)
        };
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        if raw.eq_ignore_ascii_case("plan") {
            return Ok(Period {
                id: "plan".to_string(),
                label: "计划期".to_string(),
                start: NaiveDate::MIN,
                end: NaiveDate::MAX,
                kind: Kind::Plan,
            });
        }
        let split = |marks: [char; 2]| {
            raw.split_once(marks)
                .and_then(|(year, n)| Some((year_of(year)?, n.parse::<u32>().ok()?)))
        };
        if raw.contains(['Q', 'q']) {
            let (year, quarter) = split(['Q', 'q'])
                .filter(|(_, q)| (1..=4).contains(q))
                .ok_or_else(bad)?;
            let names = ["一", "二", "三", "四"];
            return Ok(Period {
                id: format!("{year}Q{quarter}"),
                label: format!("{year}年第{}季度", names[quarter as usize - 1]),
                start: day(year, quarter * 3 - 2, 1).ok_or_else(bad)?,
                end: last_day_of_month(year, quarter * 3).ok_or_else(bad)?,
                kind: Kind::Quarter,
            });
        }
        if raw.contains(['H', 'h']) {
            let (year, half) = split(['H', 'h'])
                .filter(|(_, h)| (1..=2).contains(h))
                .ok_or_else(bad)?;
            return Ok(Period {
                id: format!("{year}H{half}"),
                label: format!("{year}年{}半年", if half == 1 { "上" } else { "下" }),
                start: day(year, half * 6 - 5, 1).ok_or_else(bad)?,
                end: last_day_of_month(year, half * 6).ok_or_else(bad)?,
                kind: Kind::Half,
            });
        }
        if let Some((first, second)) = raw.split_once('-') {
            if let (Some(from), Some(to)) = (year_of(first), year_of(second)) {
                if from >= to {
                    return Err(bad());
                }
                return Period::years(from, to, Kind::Years).ok_or_else(bad);
            }
            let year = year_of(first).ok_or_else(bad)?;
            let month: u32 = second
                .parse()
                .ok()
                .filter(|m| (1..=12).contains(m) && second.len() <= 2)
                .ok_or_else(bad)?;
            return Ok(Period {
                id: format!("{year}-{month:02}"),
                label: format!("{year}年{month}月"),
                start: day(year, month, 1).ok_or_else(bad)?,
                end: last_day_of_month(year, month).ok_or_else(bad)?,
                kind: Kind::Month,
            });
        }
        let year = year_of(raw).ok_or_else(bad)?;
        Period::years(year, year, Kind::Year).ok_or_else(bad)
    }

    /// Whole years `from` to `to`.
    fn years(from: i32, to: i32, kind: Kind) -> Option<Period> {
        let (id, label) = match kind {
            Kind::Year => (from.to_string(), format!("{from}年")),
            Kind::Plan => ("plan".to_string(), format!("计划期（{from}—{to}年）")),
            _ => (format!("{from}-{to}"), format!("{from}—{to}年")),
        };
        Some(Period {
            id,
            label,
            start: NaiveDate::from_ymd_opt(from, 1, 1)?,
            end: NaiveDate::from_ymd_opt(to, 12, 31)?,
            kind,
        })
    }

    /// `plan` with the plan's first and last years (`plan.yaml`'s
    /// `period`); other periods as they are. An error without a plan.
    pub fn for_plan(self, years: Option<(i32, i32)>) -> Result<Period, String> {
        if self.kind != Kind::Plan {
            return Ok(self);
        }
        let (from, to) = years.ok_or_else(|| {
            crate::i18n::pick(
                "报告期 plan 指整个计划，但任务目录没有 plan.yaml",
                "the period plan means the whole plan, but the tasks directory has no plan.yaml",
            )
            .to_string()
        })?;
        Period::years(from, to, Kind::Plan)
            .filter(|_| from <= to)
            .ok_or_else(|| {
                tr!(
                    "plan.yaml 的计划期 {from}—{to} 无效",
                    "plan.yaml's period {from}–{to} is not valid"
                )
            })
    }

    /// A period forms are issued and entries recorded for: a month or a
    /// quarter (the plan's rhythm). Longer periods are for reports.
    pub fn is_reporting(&self) -> bool {
        matches!(self.kind, Kind::Month | Kind::Quarter)
    }

    /// The period as reports show it: the label, or in English "2019",
    /// "2019 Q1", "March 2019", "2019 H1", "2018–2022".
    pub fn display(&self) -> String {
        self.display_in(i18n::current())
    }

    /// The same, in the language given.
    pub fn display_in(&self, lang: Lang) -> String {
        if lang == Lang::Zh {
            return self.label.clone();
        }
        let (year, month) = (self.start.year(), self.start.month());
        match self.kind {
            Kind::Month => self.start.format("%B %Y").to_string(),
            Kind::Quarter => format!("{year} Q{}", (month - 1) / 3 + 1),
            Kind::Half => format!("{year} H{}", (month - 1) / 6 + 1),
            Kind::Year => year.to_string(),
            Kind::Years => format!("{year}–{}", self.end.year()),
            Kind::Plan if self.start == NaiveDate::MIN => "the plan".to_string(),
            Kind::Plan => format!("the plan ({year}–{})", self.end.year()),
        }
    }

    /// The quarter containing `date`: the default period.
    pub fn quarter_of(date: NaiveDate) -> Period {
        Period::containing(date, Every::Quarter)
    }

    /// The period of the plan's rhythm (a month or a quarter) that holds `date`.
    pub fn containing(date: NaiveDate, every: Every) -> Period {
        let id = match every {
            Every::Quarter => format!("{}Q{}", date.year(), date.month0() / 3 + 1),
            Every::Month => format!("{}-{:02}", date.year(), date.month()),
        };
        Period::parse(&id).unwrap_or(Period {
            id,
            label: String::new(),
            start: date,
            end: date,
            kind: Kind::Quarter,
        })
    }

    pub fn contains(&self, date: NaiveDate) -> bool {
        (self.start..=self.end).contains(&date)
    }
}

fn last_day_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    let (y, m) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)?.pred_opt()
}

fn ymd<S: serde::Serializer>(date: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&date.format("%Y-%m-%d"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn quarters_months_and_years_parse_with_their_bounds() {
        let q = Period::parse("2020Q2").unwrap();
        assert_eq!((q.start, q.end), (date(2020, 4, 1), date(2020, 6, 30)));
        assert_eq!(
            (q.id.as_str(), q.label.as_str()),
            ("2020Q2", "2020年第二季度")
        );
        assert_eq!(Period::parse("2020q4").unwrap().end, date(2020, 12, 31));
        let m = Period::parse("2020-2").unwrap();
        assert_eq!((m.start, m.end), (date(2020, 2, 1), date(2020, 2, 29)));
        assert_eq!(m.id, "2020-02");
        assert_eq!(Period::parse("2020").unwrap().end, date(2020, 12, 31));
        for bad in ["2020Q5", "2020Q0", "2020-13", "20Q1", "2020Q", ""] {
            assert!(Period::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn half_years_years_and_the_plan_parse_with_their_bounds() {
        let h = Period::parse("2020h2").unwrap();
        assert_eq!(
            (h.id.as_str(), h.label.as_str(), h.start, h.end),
            (
                "2020H2",
                "2020年下半年",
                date(2020, 7, 1),
                date(2020, 12, 31)
            )
        );
        assert_eq!(h.display_in(Lang::En), "2020 H2");
        let years = Period::parse("2018-2022").unwrap();
        assert_eq!(
            (years.start, years.end),
            (date(2018, 1, 1), date(2022, 12, 31))
        );
        assert_eq!(years.label, "2018—2022年");
        assert!(!years.is_reporting() && !h.is_reporting());
        assert!(Period::parse("2020Q1").unwrap().is_reporting());
        assert!(Period::parse("2020-01").unwrap().is_reporting());
        for bad in [
            "2020H3",
            "2020H0",
            "2022-2018",
            "2020-2020",
            "2018-20221",
            "plans",
        ] {
            assert!(Period::parse(bad).is_err(), "{bad}");
        }
        let plan = Period::parse("plan").unwrap();
        assert_eq!(plan.id, "plan");
        assert!(plan.for_plan(None).is_err());
    }

    #[test]
    fn the_period_containing_a_date() {
        let p = Period::containing(date(2020, 6, 30), Every::Quarter);
        assert_eq!(p.id, "2020Q2");
        assert!(p.contains(date(2020, 4, 1)) && !p.contains(date(2020, 7, 1)));
        assert_eq!(
            Period::containing(date(2020, 6, 30), Every::Month).id,
            "2020-06"
        );
    }
}
