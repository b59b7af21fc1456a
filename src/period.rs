//! Reporting periods (本期): a quarter such as `2020Q2` or a month such as
//! `2020-06`, as `plan.yaml`'s `reporting.every` sets the rhythm, and the
//! departments that have not reported in one (未报送单位).

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

/// A reporting period: a year, a quarter or a month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Period {
    /// The period as typed: `2019`, `2019Q1`, `2019-03`.
    pub id: String,
    /// "2019年第一季度": Chinese, as JSON has it; `display()` follows the language.
    pub label: String,
    #[serde(serialize_with = "ymd")]
    pub start: NaiveDate,
    #[serde(serialize_with = "ymd")]
    pub end: NaiveDate,
}

impl Period {
    /// `2019`, `2019Q1` or `2019-03`.
    pub fn parse(raw: &str) -> Result<Period, String> {
        let raw = raw.trim();
        let bad = || {
            tr!(
                "报告期“{raw}”无效：应为年（2019）、季度（2019Q1）或月（2019-03）",
                "invalid period “{raw}”: expected a year (2019), a quarter (2019Q1) or a month (2019-03)"
            )
        };
        let year_of = |s: &str| s.parse::<i32>().ok().filter(|y| (1900..=9999).contains(y));
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        if let Some((year, quarter)) = raw.split_once(['Q', 'q']) {
            let year = year_of(year).ok_or_else(bad)?;
            let quarter: u32 = quarter
                .parse()
                .ok()
                .filter(|q| (1..=4).contains(q))
                .ok_or_else(bad)?;
            let start = day(year, quarter * 3 - 2, 1).ok_or_else(bad)?;
            let end = last_day_of_month(year, quarter * 3).ok_or_else(bad)?;
            let names = ["一", "二", "三", "四"];
            let label = format!("{year}年第{}季度", names[quarter as usize - 1]);
            let id = format!("{year}Q{quarter}");
            return Ok(Period {
                id,
                label,
                start,
                end,
            });
        }
        if let Some((year, month)) = raw.split_once('-') {
            let year = year_of(year).ok_or_else(bad)?;
            let month: u32 = month
                .parse()
                .ok()
                .filter(|m| (1..=12).contains(m))
                .ok_or_else(bad)?;
            let start = day(year, month, 1).ok_or_else(bad)?;
            let end = last_day_of_month(year, month).ok_or_else(bad)?;
            return Ok(Period {
                id: format!("{year}-{month:02}"),
                label: format!("{year}年{month}月"),
                start,
                end,
            });
        }
        let year = year_of(raw).ok_or_else(bad)?;
        Ok(Period {
            id: year.to_string(),
            label: format!("{year}年"),
            start: day(year, 1, 1).ok_or_else(bad)?,
            end: day(year, 12, 31).ok_or_else(bad)?,
        })
    }

    /// The period as reports show it: the label, or in English "2019",
    /// "2019 Q1", "March 2019".
    pub fn display(&self) -> String {
        self.display_in(i18n::current())
    }

    /// The same, in the language given.
    pub fn display_in(&self, lang: Lang) -> String {
        if lang == Lang::Zh {
            return self.label.clone();
        }
        let (year, month) = (self.start.year(), self.start.month());
        match self.end.month() + 1 - month {
            12 => year.to_string(),
            3 => format!("{year} Q{}", (month - 1) / 3 + 1),
            _ => self.start.format("%B %Y").to_string(),
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
