//! 年度评估: each unit's score for a year, under the rubric in `plan.yaml`
//! (`assessment:`), every figure behind it kept beside it. Nothing here
//! decides who owed a report, whether a milestone was met or which light a
//! task shows: those rules have one home each (`ledger::Dues`,
//! `AsOf::milestones_due_in`, the report's light), and are asked.
//!
//! - **The assessment day** D: the last day a reply for the year's last
//!   reporting period still counts (`RuleBook::window`: 15 January of the
//!   next year), or today if earlier. The fourth quarter's replies and the
//!   milestones of 31 December are judged by then; a later run gives the
//!   same scores.
//! - **Reporting** (报送): the year's reporting periods of the plan's
//!   rhythm whose window had closed by D. A unit owed a period if it had an
//!   open task in it. It replied on time unless it is 未报送 for it (a
//!   partial reply is a reply, as in the 通报, which lists it apart); a
//!   period with a late reply (逾期补报) counts half.
//! - **Milestones** (节点): the milestones of the tasks it leads that fell
//!   due in the year and had passed by D, and how many were met.
//! - **Completion** (完成): the tasks it leads whose deadline in force on D
//!   fell in the year and had passed by D (cancelled and carried-over ones
//!   left out), and how many were 已完成 on their deadline day, that is,
//!   not overdue the day after (the report's rule for 逾期).
//! - **Deductions** (扣分): for each task it leads that is red on D, by
//!   the report's light.
//! - A part with nothing to count has its weight spread over the others in
//!   proportion to theirs; the unit says so (`spread`).
//!
//! Points are kept in hundredths, computed exactly and rounded half up:
//! points = weight × numerator ÷ denominator; the score is the sum of the
//! points less the deductions, never below 0.

use std::collections::BTreeMap;

use anyhow::{bail, Result};
use chrono::NaiveDate;
use serde::{Serialize, Serializer};

use crate::ledger::{AsOf, Dues};
use crate::model::{Assessment as Rubric, Every, Plan, Status, Task};
use crate::period::Period;
use crate::registry::Registry;
use crate::report::{self, Light};
use crate::rulebook::RuleBook;
use crate::tr;

/// The three scored parts, in the order every output lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PartKind {
    Reporting,
    Milestones,
    Completion,
}

impl PartKind {
    pub const ALL: [PartKind; 3] = [
        PartKind::Reporting,
        PartKind::Milestones,
        PartKind::Completion,
    ];
}

/// Hundredths of a point, written as a number of points (26.25).
fn points<S: Serializer>(cents: &u64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(*cents as f64 / 100.0)
}

fn ymd<S: Serializer>(date: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&date.format("%Y-%m-%d"))
}

/// One part of a unit's score: its weight, its figures and its points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Part<F> {
    /// The weight it was scored with: the rubric's, or more where another
    /// part's weight was spread over it; 0 where it had nothing to count.
    #[serde(serialize_with = "points", rename = "weight")]
    pub weight_cents: u64,
    /// The rubric's weight (`plan.yaml`).
    pub rubric_weight: u32,
    /// False where there was nothing to count (its weight was spread).
    pub assessed: bool,
    /// The share's numerator (报送: on time + late ÷ 2), in halves.
    #[serde(serialize_with = "halves", rename = "numerator")]
    pub numerator_halves: usize,
    /// The share's denominator (0 where there was nothing to count).
    pub denominator: usize,
    #[serde(flatten)]
    pub figures: F,
    #[serde(serialize_with = "points", rename = "points")]
    pub points_cents: u64,
}

impl Part<()> {
    /// The part with its own figures.
    fn with<F>(self, figures: F) -> Part<F> {
        Part {
            weight_cents: self.weight_cents,
            rubric_weight: self.rubric_weight,
            assessed: self.assessed,
            numerator_halves: self.numerator_halves,
            denominator: self.denominator,
            figures,
            points_cents: self.points_cents,
        }
    }
}

/// 报送: the periods the unit owed, and how it replied.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Reporting {
    /// The periods it owed a report for (denominator).
    pub periods_owed: usize,
    /// Replied within the window.
    pub on_time: usize,
    /// Replied late (逾期补报): half each.
    pub late: usize,
    /// Not replied at all (未报送).
    pub unreported: usize,
    /// Of those replied, the periods some of its tasks were left without
    /// progress (部分任务未报送): still replied.
    pub partly_reported: usize,
    /// The periods, each with how the unit stood (`on_time`, `late`,
    /// `unreported`).
    pub periods: Vec<PeriodReply>,
}

fn halves<S: Serializer>(halves: &usize, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(*halves as f64 / 2.0)
}

/// How a unit stood for one period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PeriodReply {
    pub period: String,
    pub reply: Reply,
    /// Some tasks were left without progress (部分任务未报送).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub partly: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reply {
    /// 未报送 (worst first: a merged unit takes the worst of its parts).
    Unreported,
    /// 逾期补报.
    Late,
    /// 按时报送.
    OnTime,
}

/// 节点: the milestones due in the year, met or missed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Milestones {
    /// Due in the year and passed by the assessment day (denominator).
    pub due: usize,
    /// Met (numerator).
    pub met: usize,
    /// The missed ones, by date then task.
    pub missed: Vec<MissedMilestone>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MissedMilestone {
    pub task: String,
    #[serde(serialize_with = "ymd")]
    pub by: NaiveDate,
    pub goal: String,
}

/// 完成: the tasks due in the year, done by their deadline or not.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Completion {
    /// Led, due in the year (deadline in force), passed (denominator).
    pub due: usize,
    /// 已完成 on the deadline day (numerator).
    pub done_on_time: usize,
    /// The others' ids.
    pub not_on_time: Vec<String>,
}

/// 扣分.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deductions {
    /// Points per red task (the rubric's).
    #[serde(serialize_with = "points", rename = "red_task")]
    pub red_task_cents: u64,
    /// The tasks it leads that are red on the assessment day.
    pub red_tasks: Vec<String>,
    #[serde(serialize_with = "points", rename = "points")]
    pub points_cents: u64,
}

/// One unit's score: what `assess --format json` lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnitScore {
    pub department: String,
    /// 0–100, after deductions.
    #[serde(serialize_with = "points", rename = "score")]
    pub score_cents: u64,
    /// 1 is the highest; equal scores share a rank.
    pub rank: usize,
    pub reporting: Part<Reporting>,
    pub milestones: Part<Milestones>,
    pub completion: Part<Completion>,
    pub deductions: Deductions,
    /// The parts whose weight was spread over the others.
    pub spread: Vec<PartKind>,
    /// Its place in the registry: the order of equal ranks.
    #[serde(skip)]
    pub index: Option<usize>,
}

impl UnitScore {
    /// A part's weight, share and points, without its own figures.
    pub fn part(&self, kind: PartKind) -> Part<()> {
        fn bare<F>(p: &Part<F>) -> Part<()> {
            Part {
                weight_cents: p.weight_cents,
                rubric_weight: p.rubric_weight,
                assessed: p.assessed,
                numerator_halves: p.numerator_halves,
                denominator: p.denominator,
                figures: (),
                points_cents: p.points_cents,
            }
        }
        match kind {
            PartKind::Reporting => bare(&self.reporting),
            PartKind::Milestones => bare(&self.milestones),
            PartKind::Completion => bare(&self.completion),
        }
    }
}

/// The year's assessment: every unit with something to assess, best first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearAssessment {
    pub year: i32,
    /// The assessment day (see the module's documentation).
    #[serde(serialize_with = "ymd")]
    pub as_of: NaiveDate,
    pub rubric: Rubric,
    /// The reporting periods counted, in order.
    pub periods: Vec<String>,
    /// By rank, then in registry order.
    pub units: Vec<UnitScore>,
    /// Units that lead a task but had nothing to assess in any part that
    /// carries weight, in registry order: left out of the ranking.
    pub not_assessed: Vec<String>,
}

impl YearAssessment {
    /// The rubric's weight of a part.
    pub fn rubric_weight(&self, kind: PartKind) -> u32 {
        match kind {
            PartKind::Reporting => self.rubric.reporting,
            PartKind::Milestones => self.rubric.milestones,
            PartKind::Completion => self.rubric.completion,
        }
    }
}

/// The assessment day for `year`: the last day a reply for its last
/// reporting period counts, or `today` if earlier.
pub fn assessment_day(year: i32, every: Every, today: NaiveDate) -> Option<NaiveDate> {
    let last = Period::containing(NaiveDate::from_ymd_opt(year, 12, 31)?, every);
    Some(RuleBook::window(&last, None).1.min(today))
}

/// The reporting periods of `year` in the plan's rhythm.
fn periods_of(year: i32, every: Every) -> Vec<Period> {
    let ids: Vec<String> = match every {
        Every::Quarter => (1..=4).map(|q| format!("{year}Q{q}")).collect(),
        Every::Month => (1..=12).map(|m| format!("{year}-{m:02}")).collect(),
    };
    ids.iter().filter_map(|id| Period::parse(id).ok()).collect()
}

/// What one unit gathered before it is scored.
#[derive(Debug, Default)]
struct Tally {
    index: Option<usize>,
    /// Period id → how it stood (the worst of a merged unit's parts).
    replies: BTreeMap<usize, (Reply, bool)>,
    milestones: Milestones,
    completion: Completion,
    red: Vec<String>,
}

/// Assesses every unit for `year`, as of `today` (see the module's
/// documentation for the day the figures are taken on). Refuses a rubric
/// that does not add up, a year outside the plan and a year not begun.
pub fn assess(
    tasks: &[Task],
    plan: &Plan,
    registry: &Registry,
    year: i32,
    today: NaiveDate,
) -> Result<YearAssessment> {
    let rubric = plan.assessment();
    let problems = rubric.problems();
    if !problems.is_empty() {
        bail!(tr!(
            "plan.yaml 的评分规则有误：{}",
            "plan.yaml's assessment rubric is wrong: {}",
            problems.join("；")
        ));
    }
    let (first, last) = (plan.period.start, plan.period.end);
    if !(first..=last).contains(&year) {
        bail!(tr!(
            "{year} 年不在计划期 {first}—{last} 年内",
            "{year} is outside the plan's years {first}–{last}"
        ));
    }
    let every = plan.reporting().every;
    let (Ok(year_period), Some(day)) = (
        Period::parse(&year.to_string()),
        assessment_day(year, every, today),
    ) else {
        bail!(tr!("年份 {year} 无效", "the year {year} is not valid"));
    };
    if year_period.start > today {
        bail!(tr!(
            "{year} 年尚未开始（今天是 {today}）",
            "{year} has not begun (today is {today})"
        ));
    }
    let view = AsOf::new(day, Some(plan));
    let mut gathered = Gathered {
        view,
        registry,
        naming_day: view.naming_day(&year_period),
        units: BTreeMap::new(),
    };
    let periods: Vec<Period> = periods_of(year, every)
        .into_iter()
        .filter(|p| RuleBook::window(p, None).1 <= day)
        .collect();
    gathered.replies(tasks, &periods);
    gathered.led(tasks, &year_period);
    // 扣分: the report's light on the assessment day.
    let options = report::Options::new(day, Some(plan));
    let collector = report::Collector::new(&options, registry, Some(plan.date));
    let rows = tasks
        .iter()
        .filter_map(|t| collector.collect(t.clone()))
        .collect();
    let lights = report::assemble(rows, &options, registry, plan.title.clone())?;
    let red: Vec<&str> = lights
        .tasks
        .iter()
        .filter(|line| line.light == Light::Red)
        .map(|line| line.task.id.as_str())
        .collect();
    gathered.red(tasks, &red);

    let mut scored: Vec<UnitScore> = Vec::new();
    let mut not_assessed: Vec<(Option<usize>, String)> = Vec::new();
    for (department, tally) in gathered.units {
        let index = tally.index;
        match score(department.clone(), tally, &periods, &rubric) {
            Some(unit) => scored.push(unit),
            None => not_assessed.push((index, department)),
        }
    }
    rank(&mut scored);
    not_assessed.sort_by(|a, b| (a.0.is_none(), a.0, &a.1).cmp(&(b.0.is_none(), b.0, &b.1)));
    Ok(YearAssessment {
        year,
        as_of: day,
        rubric,
        periods: periods.iter().map(|p| p.id.clone()).collect(),
        units: scored,
        not_assessed: not_assessed.into_iter().map(|(_, name)| name).collect(),
    })
}

/// The units' tallies, as they are gathered.
struct Gathered<'a> {
    view: AsOf,
    registry: &'a Registry,
    /// The day whose names the year's units go by.
    naming_day: NaiveDate,
    units: BTreeMap<String, Tally>,
}

impl Gathered<'_> {
    /// The unit's tally under its name for the year, started where it has
    /// none yet.
    fn unit(&mut self, name: &str) -> &mut Tally {
        let name = self.registry.name_on(name, self.naming_day).to_string();
        let index = self.registry.index_of(&name);
        let entry = self.units.entry(name).or_default();
        entry.index = entry.index.or(index);
        entry
    }

    /// The task's lead units under their names for the year, each once.
    fn leads(&self, task: &Task) -> Vec<String> {
        let mut leads: Vec<String> = task
            .lead
            .iter()
            .map(|l| self.registry.name_on(l, self.naming_day).to_string())
            .collect();
        leads.sort();
        leads.dedup();
        leads
    }

    /// 报送: the ledger's one rule (`Dues`), period by period.
    fn replies(&mut self, tasks: &[Task], periods: &[Period]) {
        for (i, period) in periods.iter().enumerate() {
            let dues = Dues::new(self.view, period, self.registry);
            let parts: Vec<_> = tasks.iter().map(|t| dues.of_task(t)).collect();
            let owed = Dues::owed(parts.clone());
            let listed =
                |list: &[report::Unreported], unit: &str| list.iter().any(|u| u.department == unit);
            for (unit, _) in Dues::owing_units(parts) {
                let reply = if listed(&owed.unreported, &unit) {
                    Reply::Unreported
                } else if listed(&owed.late, &unit) {
                    Reply::Late
                } else {
                    Reply::OnTime
                };
                let partly = listed(&owed.partly_reported, &unit);
                let stood = self.unit(&unit).replies.entry(i).or_insert((reply, partly));
                *stood = (stood.0.min(reply), stood.1 || partly);
            }
        }
    }

    /// 节点 and 完成: the milestones and deadlines of the tasks each unit
    /// leads that fell in the year and had passed by the assessment day.
    fn led(&mut self, tasks: &[Task], year: &Period) {
        let view = self.view;
        for task in tasks.iter().filter(|t| view.exists(t)) {
            let states = view.milestones_due_in(task, year);
            let due = view.due(task);
            let counted = view.exists(task)
                && view.status(task) != Status::Cancelled
                && !view.carried_over(task)
                && year.contains(due)
                && due < view.date;
            let on_time = counted && view.on(due).status(task) == Status::Done;
            for lead in self.leads(task) {
                let unit = self.unit(&lead);
                for state in &states {
                    unit.milestones.due += 1;
                    if state.met {
                        unit.milestones.met += 1;
                    } else {
                        unit.milestones.missed.push(MissedMilestone {
                            task: state.task.clone(),
                            by: state.by,
                            goal: state.goal.clone(),
                        });
                    }
                }
                if counted {
                    unit.completion.due += 1;
                    if on_time {
                        unit.completion.done_on_time += 1;
                    } else {
                        unit.completion.not_on_time.push(task.id.clone());
                    }
                }
            }
        }
    }

    /// 扣分: the tasks red on the assessment day, to each of their leads.
    fn red(&mut self, tasks: &[Task], red: &[&str]) {
        for task in tasks.iter().filter(|t| red.contains(&t.id.as_str())) {
            for lead in self.leads(task) {
                self.unit(&lead).red.push(task.id.clone());
            }
        }
    }
}

/// Rounds `numerator ÷ denominator` half up (both positive).
fn divide(numerator: u64, denominator: u64) -> u64 {
    (2 * numerator + denominator) / (2 * denominator)
}

/// 报送's figures from how the unit stood in each period.
fn reporting_of(replies: &BTreeMap<usize, (Reply, bool)>, periods: &[Period]) -> Reporting {
    let mut reporting = Reporting::default();
    for (&i, &(reply, partly)) in replies {
        reporting.periods_owed += 1;
        match reply {
            Reply::OnTime => reporting.on_time += 1,
            Reply::Late => reporting.late += 1,
            Reply::Unreported => reporting.unreported += 1,
        }
        if partly && reply != Reply::Unreported {
            reporting.partly_reported += 1;
        }
        reporting.periods.push(PeriodReply {
            period: periods.get(i).map(|p| p.id.clone()).unwrap_or_default(),
            reply,
            partly: partly && reply != Reply::Unreported,
        });
    }
    reporting
}

/// Each part's weight in hundredths: the rubric's, or, where a part has
/// nothing to count (no denominator), its weight spread over the others in
/// proportion to theirs, the rounding's remainder to the heaviest, so that
/// they add up to 100 exactly. None where nothing carrying weight counts.
fn spread_weights(figures: &[(u32, usize, usize); 3]) -> Option<[u64; 3]> {
    let active: u64 = figures
        .iter()
        .filter(|(_, _, den)| *den > 0)
        .map(|(w, _, _)| u64::from(*w))
        .sum();
    if active == 0 {
        return None;
    }
    let mut weights: [u64; 3] = figures.map(|(w, _, den)| match den > 0 {
        true => divide(u64::from(w) * 10_000, active),
        false => 0,
    });
    let sum: u64 = weights.iter().sum();
    if let Some(heaviest) = (0..3)
        .filter(|&i| figures[i].2 > 0)
        .max_by_key(|&i| (weights[i], std::cmp::Reverse(i)))
    {
        weights[heaviest] = (weights[heaviest] + 10_000).saturating_sub(sum);
    }
    Some(weights)
}

/// The unit's score, or None where it has nothing to assess in any part
/// that carries weight.
fn score(
    department: String,
    mut tally: Tally,
    periods: &[Period],
    rubric: &Rubric,
) -> Option<UnitScore> {
    let reporting = reporting_of(&tally.replies, periods);
    tally.milestones.missed.sort_by(|a, b| {
        a.by.cmp(&b.by)
            .then_with(|| crate::ids::natural_cmp(&a.task, &b.task))
    });
    tally
        .completion
        .not_on_time
        .sort_by(|a, b| crate::ids::natural_cmp(a, b));
    tally.red.sort_by(|a, b| crate::ids::natural_cmp(a, b));
    tally.red.dedup();

    // (rubric weight, numerator and denominator in halves) of each part.
    let figures = [
        (
            rubric.reporting,
            reporting.on_time * 2 + reporting.late,
            reporting.periods_owed * 2,
        ),
        (
            rubric.milestones,
            tally.milestones.met * 2,
            tally.milestones.due * 2,
        ),
        (
            rubric.completion,
            tally.completion.done_on_time * 2,
            tally.completion.due * 2,
        ),
    ];
    let weights = spread_weights(&figures)?;
    let points: Vec<u64> = figures
        .iter()
        .zip(&weights)
        .map(|((_, num, den), w)| match *den > 0 {
            true => divide(w * *num as u64, *den as u64),
            false => 0,
        })
        .collect();
    let spread: Vec<PartKind> = PartKind::ALL
        .iter()
        .zip(&figures)
        .filter(|(_, (w, _, den))| *den == 0 && *w > 0)
        .map(|(k, _)| *k)
        .collect();
    let red_task_cents = rubric.red_task_cents();
    let deducted = red_task_cents * tally.red.len() as u64;
    let total: u64 = points.iter().sum();
    let part = |i: usize| Part {
        weight_cents: weights[i],
        rubric_weight: figures[i].0,
        assessed: figures[i].2 > 0,
        numerator_halves: figures[i].1,
        denominator: figures[i].2 / 2,
        figures: (),
        points_cents: points[i],
    };
    Some(UnitScore {
        department,
        score_cents: total.saturating_sub(deducted),
        rank: 0,
        reporting: part(0).with(reporting),
        milestones: part(1).with(tally.milestones),
        completion: part(2).with(tally.completion),
        deductions: Deductions {
            red_task_cents,
            red_tasks: tally.red,
            points_cents: deducted,
        },
        spread,
        index: tally.index,
    })
}

/// Sorts by score, best first (registry order among equals), and ranks:
/// equal scores share a rank, and the next rank skips as many (1, 1, 3).
fn rank(units: &mut [UnitScore]) {
    units.sort_by(|a, b| {
        b.score_cents
            .cmp(&a.score_cents)
            .then_with(|| (a.index.is_none(), a.index).cmp(&(b.index.is_none(), b.index)))
            .then_with(|| a.department.cmp(&b.department))
    });
    for i in 0..units.len() {
        units[i].rank = match i {
            0 => 1,
            _ if units[i].score_cents == units[i - 1].score_cents => units[i - 1].rank,
            _ => i + 1,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Department, FormerName, ProgressEntry, RegistryFile};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn points_round_half_up_and_spread_weights_add_up_to_a_hundred() {
        assert_eq!(divide(2625, 100), 26); // 26.25 → 26
        assert_eq!(divide(50, 100), 1); // one half → up
        assert_eq!(divide(49, 100), 0);
        // 40 × 2/3 = 26.666… → 26.67.
        assert_eq!(divide(4000 * 4, 6), 2667);
        // Completion empty: 30 and 40 over 70 → 42.86 and 57.14.
        let weights = spread_weights(&[(30, 2, 2), (40, 0, 2), (30, 0, 0)]).unwrap();
        assert_eq!(weights, [4286, 5714, 0]);
        // Three equal parts, one empty: 50 and 50; the rubric's own: as is.
        assert_eq!(
            spread_weights(&[(30, 0, 0), (40, 1, 2), (30, 1, 2)]).unwrap(),
            [0, 5714, 4286]
        );
        assert_eq!(
            spread_weights(&[(30, 1, 2), (40, 1, 2), (30, 1, 2)]).unwrap(),
            [3000, 4000, 3000]
        );
        // Thirds: 33.33 each would leave 99.99; the heaviest (first) takes the rest.
        assert_eq!(
            spread_weights(&[(1, 1, 2), (1, 1, 2), (1, 1, 2)]).unwrap(),
            [3334, 3333, 3333]
        );
        // Nothing carrying weight to count: no score.
        assert_eq!(spread_weights(&[(100, 0, 0), (0, 1, 2), (0, 0, 0)]), None);
    }

    fn unit(name: &str, score_cents: u64, index: usize) -> UnitScore {
        let part = Part {
            weight_cents: 0,
            rubric_weight: 0,
            assessed: false,
            numerator_halves: 0,
            denominator: 0,
            figures: (),
            points_cents: 0,
        };
        UnitScore {
            department: name.into(),
            score_cents,
            rank: 0,
            reporting: part.clone().with(Reporting::default()),
            milestones: part.clone().with(Milestones::default()),
            completion: part.with(Completion::default()),
            deductions: Deductions {
                red_task_cents: 200,
                red_tasks: Vec::new(),
                points_cents: 0,
            },
            spread: Vec::new(),
            index: Some(index),
        }
    }

    #[test]
    fn equal_scores_share_a_rank_in_registry_order_and_the_next_skips() {
        let mut units = vec![
            unit("丙", 9000, 2),
            unit("甲", 9500, 0),
            unit("丁", 8000, 3),
            unit("乙", 9000, 1),
        ];
        rank(&mut units);
        let ranks: Vec<(&str, usize)> = units
            .iter()
            .map(|u| (u.department.as_str(), u.rank))
            .collect();
        assert_eq!(ranks, [("甲", 1), ("乙", 2), ("丙", 2), ("丁", 4)]);
    }

    #[test]
    fn a_unit_renamed_during_the_year_is_assessed_once_under_its_new_name() {
        let plan: Plan = serde_yaml::from_str(
            "title: 计划\nissuer: 区政府\ndate: 2018-08-17\nperiod: {start: 2018, end: 2022}\nworking_group_office: 区发展改革委\nsupervision_office: 区政府督查室\nheadings: []\n",
        )
        .unwrap();
        let (registry, _) = Registry::new(RegistryFile {
            departments: vec![Department {
                name: "区生态环境局".into(),
                former: vec![FormerName {
                    name: "区环保局".into(),
                    until: d(2021, 7, 1),
                    note: None,
                }],
                aliases: Vec::new(),
                note: None,
                contact: None,
            }],
        });
        let mut task = Task::new(
            "1.1".parse().unwrap(),
            "篇",
            "任务".into(),
            String::new(),
            d(2022, 12, 31),
        );
        task.lead = vec!["区环保局".into()];
        task.status = Status::InProgress;
        let reply = |date: NaiveDate, by: &str| ProgressEntry {
            date,
            period: None,
            by: by.into(),
            note: Some("进展".into()),
            status: None,
            problems: None,
            next_steps: None,
            source: None,
            late: false,
            milestone: None,
        };
        task.progress = vec![
            reply(d(2021, 3, 1), "区环保局"),
            reply(d(2021, 6, 1), "区环保局"),
            reply(d(2021, 9, 1), "区生态环境局"),
        ];
        let found = assess(&[task], &plan, &registry, 2021, d(2022, 3, 1)).unwrap();
        assert_eq!(found.as_of, d(2022, 1, 15));
        assert_eq!(found.units.len(), 1);
        let unit = &found.units[0];
        assert_eq!(unit.department, "区生态环境局");
        let replies: Vec<(&str, Reply)> = unit
            .reporting
            .figures
            .periods
            .iter()
            .map(|p| (p.period.as_str(), p.reply))
            .collect();
        assert_eq!(
            replies,
            [
                ("2021Q1", Reply::OnTime),
                ("2021Q2", Reply::OnTime),
                ("2021Q3", Reply::OnTime),
                ("2021Q4", Reply::Unreported),
            ]
        );
        // 100 × 3/4 (nothing else to assess).
        assert_eq!(unit.score_cents, 7500);
    }
}
