//! The supervision report (督查通报): every figure, computed once from the
//! tasks as of a date, then drawn by any renderer.
//!
//! Everything date-based is taken as of `as_of`: a task's status and
//! deadline on that day are read back from its progress log and
//! extensions, and later entries are ignored, so a report can be
//! reproduced for any past date. "As of" is defined once, in
//! `query::AsOf`, and `list --as-of` uses the same definition.
//!
//! The thresholds (due soon, stale) come from the plan's reporting rhythm
//! (`plan.yaml` `reporting:`), read once into `Rules`; every text that
//! names them is built from those values.

use std::sync::Arc;

use anyhow::{bail, Result};
use chrono::NaiveDate;
use serde::{Serialize, Serializer};

use crate::i18n::{pick_in, Lang};
pub use crate::ledger::Unreported;
use crate::ledger::{AsOf, Dues, TaskDues};
use crate::milestones::MilestoneState;
use crate::model::{Every, Plan, ProgressEntry, Status, Task};
pub use crate::period::Period;
use crate::registry::Registry;
use crate::store::Store;
use crate::tr;

/// The thresholds of the report rules, read once from the plan's
/// reporting rhythm (defaults: quarterly, 90 and 30 days).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Rules {
    /// How often departments report: the default period's length.
    pub every: Every,
    /// No progress for more than this many days makes an open task stale.
    pub stale_after_days: i64,
    /// An open task due within this many days (the due day included) is due soon.
    pub due_soon_days: i64,
}

impl Rules {
    /// The plan's rhythm, or the defaults without a plan.
    pub fn of(plan: Option<&Plan>) -> Rules {
        let reporting = plan.map(Plan::reporting).unwrap_or_default();
        Rules {
            every: reporting.every,
            stale_after_days: i64::from(reporting.stale_after_days),
            due_soon_days: i64::from(reporting.due_soon_days),
        }
    }
}

impl Default for Rules {
    fn default() -> Rules {
        Rules::of(None)
    }
}

/// The traffic light (预警) of a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Light {
    Red,
    Yellow,
    Green,
}

impl Light {
    /// The light the reasons add up to: the worst of theirs, green if none.
    pub fn of(reasons: &[Reason]) -> Light {
        reasons
            .iter()
            .map(|r| r.light())
            .min()
            .unwrap_or(Light::Green)
    }

    /// The light as reports show it, in the language given (JSON has
    /// `red`, `yellow`, `green`).
    pub fn label_in(self, lang: Lang) -> &'static str {
        match self {
            Light::Red => pick_in(lang, "红", "Red"),
            Light::Yellow => pick_in(lang, "黄", "Yellow"),
            Light::Green => pick_in(lang, "绿", "Green"),
        }
    }
}

/// Why a task is not green, in the order reports list them. JSON has
/// `{"kind": "overdue", "days_overdue": 1}`, `{"kind": "delayed"}`,
/// `{"kind": "due_soon", "days_left": 16}` and
/// `{"kind": "stale", "days_since_update": 1581}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// Past the deadline in force (red).
    Overdue { days_overdue: i64 },
    /// Status 滞后 (red).
    Delayed,
    /// A milestone of the 年度工作计划 passed without an entry marking it
    /// met (red): `{"kind": "milestone_missed", "by": "2021-06-30", "goal": …}`.
    /// One reason per missed milestone (`milestones::AsOf::milestones`).
    MilestoneMissed {
        #[serde(with = "crate::model::ymd")]
        by: NaiveDate,
        goal: Box<str>,
    },
    /// Due within `Rules::due_soon_days`, the due day itself included (yellow).
    DueSoon { days_left: i64 },
    /// No progress for more than `Rules::stale_after_days` (yellow).
    Stale { days_since_update: i64 },
}

impl Reason {
    /// The rule, in one place. A task 已完成 or 已取消 has no reason,
    /// whatever the dates (nor has a carried-over one: see `task_line`);
    /// an open one has, in this order:
    /// - overdue: due before the as-of date;
    /// - 滞后: its status;
    /// - a missed milestone, each one (`missed`: from `milestones`);
    /// - due soon: due within `rules.due_soon_days` (from the as-of date itself);
    /// - stale: no progress for more than `rules.stale_after_days`.
    ///
    /// `Light::of` turns them into the light: red for the first three,
    /// yellow for the others, green without any.
    pub fn all(
        status: Status,
        due: NaiveDate,
        days_since_update: i64,
        as_of: NaiveDate,
        missed: &[MilestoneState],
        rules: &Rules,
    ) -> Vec<Reason> {
        if status.is_closed() {
            return Vec::new();
        }
        let days_left = (due - as_of).num_days();
        let mut reasons: Vec<Reason> = [
            (days_left < 0).then_some(Reason::Overdue {
                days_overdue: -days_left,
            }),
            (status == Status::Delayed).then_some(Reason::Delayed),
        ]
        .into_iter()
        .flatten()
        .collect();
        reasons.extend(
            missed
                .iter()
                .filter(|m| m.missed)
                .map(|m| Reason::MilestoneMissed {
                    by: m.by,
                    goal: m.goal.as_str().into(),
                }),
        );
        reasons.extend(
            [
                (0..=rules.due_soon_days)
                    .contains(&days_left)
                    .then_some(Reason::DueSoon { days_left }),
                (days_since_update > rules.stale_after_days)
                    .then_some(Reason::Stale { days_since_update }),
            ]
            .into_iter()
            .flatten(),
        );
        // Kept in every row of a report: no room to spare.
        reasons.shrink_to_fit();
        reasons
    }

    /// The light this reason alone calls for.
    pub fn light(&self) -> Light {
        match self {
            Reason::Overdue { .. } | Reason::Delayed | Reason::MilestoneMissed { .. } => Light::Red,
            Reason::DueSoon { .. } | Reason::Stale { .. } => Light::Yellow,
        }
    }
}

/// How department names appear in the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Names {
    /// The name in use on the as-of date: 区环保局 becomes 区生态环境局 after 2019.
    Current,
    /// The names the notice used.
    AsWritten,
}

fn ymd<S: serde::Serializer>(date: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&date.format("%Y-%m-%d"))
}

fn ymd_opt<S: serde::Serializer>(date: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
    match date {
        Some(date) => ymd(date, s),
        None => s.serialize_none(),
    }
}

/// Counts by status, plus the figures the supervision office reports.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub total: usize,
    pub not_started: usize,
    pub in_progress: usize,
    pub done: usize,
    pub delayed: usize,
    pub cancelled: usize,
    /// 已结转: carried over to a successor plan by the as-of date. Their own
    /// column: not in the status counts above, and not in the denominator
    /// of the completion rate.
    pub carried_over: usize,
    /// Open and past the deadline in force on the as-of date.
    pub overdue: usize,
    /// Open and past the original deadline (extensions not counted).
    pub overdue_vs_original: usize,
    /// Open with no progress reported for more than `Rules::stale_after_days` days.
    pub stale: usize,
    /// Open with the status 滞后.
    pub delayed_open: usize,
    /// Open and due within `Rules::due_soon_days` days.
    pub due_soon: usize,
    pub red: usize,
    pub yellow: usize,
    pub green: usize,
}

impl Counts {
    fn add(&mut self, line: &TaskLine) {
        self.total += 1;
        self.delayed_open += usize::from(line.reasons.contains(&Reason::Delayed));
        self.due_soon += usize::from(line.due_soon);
        if line.carried_over {
            self.carried_over += 1;
        } else {
            match line.task.status {
                Status::NotStarted => self.not_started += 1,
                Status::InProgress => self.in_progress += 1,
                Status::Done => self.done += 1,
                Status::Delayed => self.delayed += 1,
                Status::Cancelled => self.cancelled += 1,
            }
        }
        self.overdue += usize::from(line.overdue);
        self.overdue_vs_original += usize::from(line.overdue_vs_original);
        self.stale += usize::from(line.stale);
        match line.light {
            Light::Red => self.red += 1,
            Light::Yellow => self.yellow += 1,
            Light::Green => self.green += 1,
        }
    }

    /// The completion rate's denominator: the tasks neither cancelled
    /// nor carried over.
    pub fn counted(&self) -> usize {
        self.total - self.cancelled - self.carried_over
    }

    /// Done out of the tasks neither cancelled nor carried over, in
    /// percent (one decimal); none where no task counts (0/0 is no rate,
    /// not 0.0 %).
    pub fn completion_rate(&self) -> Option<f64> {
        let counted = self.counted();
        (counted > 0).then(|| (self.done as f64 * 1000.0 / counted as f64).round() / 10.0)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Overview {
    #[serde(flatten)]
    pub counts: Counts,
    /// 已完成 ÷ (all − 已取消 − 已结转), percent; `null` where that
    /// denominator is 0.
    pub completion_rate: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DepartmentSummary {
    pub name: String,
    /// Tasks it leads.
    pub led: usize,
    #[serde(flatten)]
    pub counts: Counts,
    /// As the overview's; `null` where no task it leads counts.
    pub completion_rate: Option<f64>,
}

/// The latest progress entry on or before the as-of date that says
/// something (a note, problems or next steps) by a lead unit of the task
/// or one of the two offices (see `latest_entry`, `speaks_for_lead`):
/// the 台账's 进展情况, 存在问题 and 下步打算.
#[derive(Debug, Clone, Serialize)]
pub struct LatestProgress {
    #[serde(serialize_with = "ymd")]
    pub date: NaiveDate,
    pub by: String,
    /// 进展情况 (empty if the entry has only problems or next steps).
    pub note: String,
    /// 存在问题.
    pub problems: Option<String>,
    /// 下步打算.
    pub next_steps: Option<String>,
}

/// A supporting unit's latest entry on a task (配合单位进展): one per
/// supporting unit that wrote any, in the task's order of units.
#[derive(Debug, Clone, Serialize)]
pub struct SupportProgress {
    /// The unit, under the report's name for it.
    pub department: String,
    #[serde(serialize_with = "ymd")]
    pub date: NaiveDate,
    pub note: Option<String>,
    pub problems: Option<String>,
    pub next_steps: Option<String>,
}

/// One row of the ledger (台账): the task as it stood on the as-of date,
/// and what the report rules make of it.
///
/// In JSON, the task's own fields come first, under the model's names (a
/// field added to `Task` appears here too), then the computed ones.
#[derive(Debug, Clone, Serialize)]
pub struct TaskLine {
    /// The task on the as-of date: its status and deadline of that day,
    /// only the extensions granted by then, `original_due` always set (the
    /// first deadline), departments under the report's names. A report is
    /// a summary: no `text`, no `progress` (see `latest_progress`,
    /// `updated` and the period).
    #[serde(flatten, serialize_with = "summary::serialize")]
    pub task: Task,
    pub overdue: bool,
    pub overdue_vs_original: bool,
    /// Days past the deadline in force (0 if not overdue).
    pub days_overdue: i64,
    /// Open and due within `Rules::due_soon_days`, the due day included.
    pub due_soon: bool,
    pub stale: bool,
    /// Days since the last progress (or since the plan was issued).
    pub days_since_update: i64,
    pub light: Light,
    /// Why the light is not green, in the order reports list them.
    pub reasons: Vec<Reason>,
    /// The lead's (or an office's) latest entry: see `LatestProgress`.
    pub latest_progress: Option<LatestProgress>,
    /// Each supporting unit's latest entry (配合单位进展).
    pub support_progress: Vec<SupportProgress>,
    /// The date of the last progress entry (any unit's), if any.
    #[serde(serialize_with = "ymd_opt")]
    pub updated: Option<NaiveDate>,
    /// 已结转 by the as-of date (`carried_over_to` says where): never
    /// overdue, no reasons, green.
    pub carried_over: bool,
    /// Where the task continues, as documents name it (never a path):
    /// set from `carried_over_to`, the plan's title read by `generate`.
    #[serde(skip)]
    /// Boxed: most rows have none, and a report keeps 100 000 rows.
    pub successor: Option<Box<Successor>>,
}

/// Where a carried-over task continues: the successor plan's title (from
/// its plan.yaml, when it can be read) and the task's id there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Successor {
    pub plan_title: Option<String>,
    pub id: String,
}

impl Successor {
    /// From a `carried_over_to` link: the id is the file's name without
    /// `.yaml` (`../plan-2023/tasks/2.2.yaml` → 2.2); the title is not
    /// known yet.
    pub fn of_link(link: &str) -> Successor {
        let name = link.rsplit(['/', '\\']).next().unwrap_or(link);
        Successor {
            plan_title: None,
            id: name.strip_suffix(".yaml").unwrap_or(name).to_string(),
        }
    }

    /// The successor plan's title: its plan.yaml is in the directory of
    /// the task file `link` names (relative to `dir`), or one up from it.
    fn plan_title(dir: &std::path::Path, link: &str) -> Option<String> {
        let file = dir.join(link);
        let tasks = file.parent()?;
        use crate::layout::PLAN_FILE;
        [tasks.join(PLAN_FILE)]
            .into_iter()
            .chain(tasks.parent().map(|up| up.join(PLAN_FILE)))
            .find_map(|path| {
                let text = crate::read::read_text(&path).ok()?;
                let plan: Plan = crate::read::parse_yaml(&path, &text).ok()?;
                let title = plan.title.trim();
                (!title.is_empty()).then(|| title.to_string())
            })
    }
}

/// A task as a list in a document names it: its id and its title, a
/// title longer than `SHORT_TITLE` characters cut to one less with "…"
/// ("3.1 推进产业协作平台建设…"): about 20 characters in all.
pub fn short_name(id: &str, title: &str) -> String {
    let title = title.trim();
    if title.chars().count() <= SHORT_TITLE {
        return format!("{id} {title}").trim_end().to_string();
    }
    let cut: String = title.chars().take(SHORT_TITLE - 1).collect();
    format!("{id} {cut}…")
}

/// The longest title `short_name` keeps whole.
pub const SHORT_TITLE: usize = 14;

impl TaskLine {
    /// The first deadline, before any extension.
    pub fn original_due(&self) -> NaiveDate {
        self.task.original_due.unwrap_or(self.task.due)
    }

    /// The status as reports show it: 已结转 for a carried-over task.
    pub fn status_text(&self, lang: Lang) -> &'static str {
        if self.carried_over {
            pick_in(lang, "已结转", "Carried over")
        } else {
            self.task.status.display_in(lang)
        }
    }
}

/// A lead department's tasks on the 通报 list: every task whose light is
/// red or yellow, each with its reasons.
#[derive(Debug, Clone, Serialize)]
pub struct Notice {
    pub department: String,
    /// The rows of `Report::tasks`, shared rather than copied.
    #[serde(serialize_with = "shared_rows")]
    pub tasks: Vec<Arc<TaskLine>>,
}

fn shared_rows<S: Serializer>(rows: &[Arc<TaskLine>], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(rows.iter().map(|row| &**row))
}

#[derive(Debug, Clone, Serialize)]
pub struct PeriodEntry {
    #[serde(serialize_with = "ymd")]
    pub date: NaiveDate,
    pub id: String,
    pub title: String,
    pub note: Option<String>,
    /// "推进中 → 已完成" when the entry changed the status.
    pub status_change: Option<String>,
    /// 存在问题.
    pub problems: Option<String>,
    /// 下步打算.
    pub next_steps: Option<String>,
    /// The same change, for reports to show in the chosen language.
    #[serde(skip)]
    pub statuses: Option<(Status, Status)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PeriodGroup {
    pub department: String,
    pub entries: Vec<PeriodEntry>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PeriodProgress {
    #[serde(flatten)]
    pub period: Period,
    pub entries: usize,
    pub by_department: Vec<PeriodGroup>,
    /// 未报送单位: each unit that, during the period, led or supported a
    /// task open then and has no entry of its own belonging to the period
    /// at all, with those tasks; registry order (`ledger::Dues`).
    pub unreported: Vec<Unreported>,
    /// 部分任务未报送进展: each unit that reported in the period but left
    /// some of its open tasks without an entry, with those tasks.
    pub partly_reported: Vec<Unreported>,
    /// 逾期补报单位: units that replied after the period's window, with the
    /// tasks they reported late; same shape.
    pub late: Vec<Unreported>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub title: String,
    #[serde(serialize_with = "ymd")]
    pub as_of: NaiveDate,
    pub names: Names,
    pub department: Option<String>,
    pub overview: Overview,
    /// One row per lead department, in order of first task.
    pub departments: Vec<DepartmentSummary>,
    /// Every task, in id order.
    #[serde(serialize_with = "shared_rows")]
    pub tasks: Vec<Arc<TaskLine>>,
    /// 通报: every red or yellow task, by lead department.
    pub notices: Vec<Notice>,
    /// What the 通报 says: who is praised, the problems by kind.
    pub bulletin: Bulletin,
    pub period: PeriodProgress,
    /// 年度目标: the milestones that fell due in the period, met and missed.
    pub targets: TargetsSummary,
    /// The thresholds the rules used.
    pub rules: Rules,
    /// The day the plan ended (`close-plan`), if it had by the as-of date.
    #[serde(serialize_with = "ymd_opt")]
    pub plan_ended_on: Option<NaiveDate>,
    /// Progress entries per month, from the month the plan was issued (or
    /// the first entry, if earlier) to the as-of date's, every month listed.
    pub entries_by_month: Vec<MonthCount>,
}

/// 年度目标: the milestones of the 年度工作计划 that fell due in the
/// report's period and had passed by its date (`milestones`), met or
/// missed; a co-led task's milestone counts once in the totals and once
/// for each lead unit.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TargetsSummary {
    pub due: usize,
    pub met: usize,
    pub missed: usize,
    /// Each lead unit with milestones due, in report order.
    pub by_department: Vec<TargetUnit>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TargetUnit {
    pub department: String,
    pub due: usize,
    pub met: usize,
    /// The milestones it missed, by task.
    pub missed: Vec<MissedMilestone>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MissedMilestone {
    pub task: String,
    /// The id and the title, shortened (`short_name`).
    pub name: String,
    #[serde(serialize_with = "ymd")]
    pub by: NaiveDate,
    pub goal: String,
}

impl TargetsSummary {
    fn add(&mut self, line: &TaskLine, milestones: &[MilestoneState]) {
        if milestones.is_empty() {
            return;
        }
        let met = milestones.iter().filter(|m| m.met).count();
        self.due += milestones.len();
        self.met += met;
        self.missed += milestones.len() - met;
        let mut leads = line.task.lead.clone();
        leads.dedup();
        for lead in leads {
            let at = match self.by_department.iter().position(|u| u.department == lead) {
                Some(at) => at,
                None => {
                    self.by_department.push(TargetUnit {
                        department: lead,
                        due: 0,
                        met: 0,
                        missed: Vec::new(),
                    });
                    self.by_department.len() - 1
                }
            };
            let unit = &mut self.by_department[at];
            unit.due += milestones.len();
            unit.met += met;
            unit.missed.extend(
                milestones
                    .iter()
                    .filter(|m| m.missed)
                    .map(|m| MissedMilestone {
                        task: line.task.id.clone(),
                        name: short_name(&line.task.id, &line.task.title),
                        by: m.by,
                        goal: m.goal.clone(),
                    }),
            );
        }
    }
}

/// What the 通报 (bulletin) says beyond the figures, decided here so that
/// every format says the same.
#[derive(Debug, Clone, Serialize)]
pub struct Bulletin {
    /// 二、进展较好的单位: lead units with no task lit red or yellow that
    /// completed at least one task; best completion rate first.
    pub praised: Vec<Praised>,
    /// 三、存在的主要问题: the kinds of problem some task has, in order.
    pub problems: Vec<ProblemGroup>,
    /// 三's last part: the problems units raised in the period that they
    /// had raised in the one before too (持续, `problems::Mark`); None
    /// where there is no period before to compare with.
    pub persisting: Option<Persisting>,
}

/// The problems that stay (持续): raised in `period` and in `previous`
/// by the same unit on the same task (`problems::on_task`).
#[derive(Debug, Clone, Serialize)]
pub struct Persisting {
    /// The reporting period compared (`problems::compared`): the report's
    /// own, or the last one in a longer period.
    pub period: Period,
    pub previous: Period,
    /// In id order, then unit order; the problem as this period's entry
    /// words it.
    pub problems: Vec<crate::problems::Problem>,
}

/// A praised unit, with the figures the 通报 cites.
#[derive(Debug, Clone, Serialize)]
pub struct Praised {
    pub department: String,
    pub led: usize,
    pub done: usize,
    /// Its tasks carried over (not in the rate's denominator).
    pub carried_over: usize,
    pub completion_rate: Option<f64>,
}

/// A kind of problem the 通报 lists (its 三).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// 逾期未完成.
    Overdue,
    /// 进展滞后.
    Delayed,
    /// 未完成年度时间节点.
    MilestoneMissed,
    /// 未按时报送进展 (no progress for too long).
    Stale,
    /// 临近完成时限.
    DueSoon,
}

impl ProblemKind {
    /// The kinds in the order the 通报 lists them.
    pub const ALL: [ProblemKind; 5] = [
        ProblemKind::Overdue,
        ProblemKind::Delayed,
        ProblemKind::MilestoneMissed,
        ProblemKind::Stale,
        ProblemKind::DueSoon,
    ];

    /// Whether a reason is of this kind.
    pub fn is(self, reason: &Reason) -> bool {
        matches!(
            (self, reason),
            (ProblemKind::Overdue, Reason::Overdue { .. })
                | (ProblemKind::Delayed, Reason::Delayed)
                | (ProblemKind::MilestoneMissed, Reason::MilestoneMissed { .. })
                | (ProblemKind::Stale, Reason::Stale { .. })
                | (ProblemKind::DueSoon, Reason::DueSoon { .. })
        )
    }
}

/// The tasks with one kind of problem, by lead unit.
#[derive(Debug, Clone, Serialize)]
pub struct ProblemGroup {
    pub kind: ProblemKind,
    /// How many tasks have it (a co-led task once).
    pub tasks: usize,
    /// Each lead unit with its tasks of this kind, in report order.
    pub departments: Vec<ProblemUnit>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProblemUnit {
    pub department: String,
    pub tasks: Vec<ProblemTask>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProblemTask {
    pub id: String,
    /// The id and the title, shortened (`short_name`).
    pub name: String,
    pub reason: Reason,
}

/// How many progress entries the covered tasks got in one month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MonthCount {
    /// `2020-06`.
    pub month: String,
    pub entries: usize,
}

/// What the report covers.
#[derive(Debug, Clone)]
pub struct Options {
    pub as_of: NaiveDate,
    pub period: Period,
    /// Only tasks this department leads or supports (any of its names).
    pub department: Option<String>,
    pub names: Names,
    /// The plan's thresholds.
    pub rules: Rules,
    /// "As of" for every task (`query::AsOf`).
    pub view: AsOf,
    /// The working-group office and the supervision office: their entries
    /// speak for a task's lead (`speaks_for_lead`).
    pub offices: Offices,
}

impl Options {
    /// A report of the whole plan as of `as_of`: the period of the plan's
    /// rhythm that holds that day (after the plan ended, `close-plan`, the
    /// one that holds the day it ended: its last period), names as on that
    /// day.
    pub fn new(as_of: NaiveDate, plan: Option<&Plan>) -> Options {
        let rules = Rules::of(plan);
        let day = match plan.and_then(|p| p.ended_on) {
            Some(ended) if ended < as_of => ended,
            _ => as_of,
        };
        Options {
            as_of,
            period: Period::containing(day, rules.every),
            department: None,
            names: Names::Current,
            rules,
            view: AsOf::new(as_of, plan),
            offices: Offices::of(plan),
        }
    }
}

/// The plan's working-group office and supervision office: their entries
/// speak for any task's lead (`speaks_for_lead`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Offices(Vec<String>);

impl Offices {
    /// The plan's two offices (none without a plan).
    pub fn of(plan: Option<&Plan>) -> Offices {
        Offices(plan.map_or_else(Vec::new, |plan| {
            [&plan.working_group_office, &plan.supervision_office]
                .into_iter()
                .filter(|o| !o.trim().is_empty())
                .cloned()
                .collect()
        }))
    }
}

/// Whether an entry says anything a ledger shows: a note, problems or
/// next steps (an entry that only changes the status does not).
fn says_something(entry: &ProgressEntry) -> bool {
    entry.note.is_some() || entry.problems.is_some() || entry.next_steps.is_some()
}

/// Which entry speaks: the latest entry on or before `as_of` that says
/// something and for which `speaks` holds — the latest by date, file
/// order breaking ties (the later in the file wins). The one rule behind
/// the 台账's 进展情况 (with `speaks_for_lead`), its 配合单位进展 (with
/// a unit's own entries) and a form's 上次进展.
pub(crate) fn latest_entry(
    progress: &[ProgressEntry],
    as_of: NaiveDate,
    speaks: impl Fn(&ProgressEntry) -> bool,
) -> Option<&ProgressEntry> {
    progress
        .iter()
        .filter(|e| e.date <= as_of && says_something(e) && speaks(e))
        // `max_by_key` keeps the last of equal dates: file order.
        .max_by_key(|e| e.date)
}

/// Whether an entry speaks for the task's lead: written by one of its
/// lead units (under any of their names) or by the plan's working-group
/// office or supervision office (`Offices::of(plan)`).
pub(crate) fn speaks_for_lead(
    task: &Task,
    entry: &ProgressEntry,
    registry: &Registry,
    offices: &Offices,
) -> bool {
    task.lead
        .iter()
        .chain(&offices.0)
        .any(|unit| registry.same(&entry.by, unit))
}

/// What a report needs from one task, worked out from it alone, so that
/// a command can collect it while the files are parsed and keep no task.
#[derive(Debug, Clone)]
pub struct Collected {
    /// On the heap from the start: rows are gathered in a vector while
    /// the files are parsed, and moving them into the report then copies
    /// a pointer, not the row (copying rows would hold each twice for a
    /// while: 140 MB instead of 112 MB at 100k tasks).
    line: Arc<TaskLine>,
    /// The task's entries in the period, with their reporting department.
    period: Vec<(String, PeriodEntry)>,
    /// Who owes a report on the task for the period (`ledger::Dues`).
    dues: TaskDues,
    /// Its milestones that fell due in the period and have passed (年度目标).
    milestones: Vec<MilestoneState>,
    /// Its entries up to the as-of date, by month (months since year 0).
    months: Vec<i32>,
    /// The plan's date, where the monthly counts start.
    baseline: Option<NaiveDate>,
    /// Its problems that persist (`Bulletin::persisting`).
    persisting: Vec<crate::problems::Problem>,
}

/// A date's month as a number (year × 12 + month − 1).
fn month_number(date: NaiveDate) -> i32 {
    use chrono::Datelike;
    date.year() * 12 + date.month0() as i32
}

/// Turns tasks into `Collected` rows for one report's options.
pub struct Collector<'a> {
    options: &'a Options,
    registry: &'a Registry,
    /// The plan's date: "no progress yet" counts from there.
    baseline: Option<NaiveDate>,
    /// The periods whose problems are compared (`problems::compared`).
    compared: Option<(Period, Period)>,
}

impl<'a> Collector<'a> {
    pub fn new(options: &'a Options, registry: &'a Registry, plan_date: Option<NaiveDate>) -> Self {
        Collector {
            options,
            registry,
            baseline: plan_date,
            compared: crate::problems::compared(
                &options.period,
                options.as_of,
                options.rules.every,
            ),
        }
    }

    /// The task's row, or None if the report does not cover it (`--dept`).
    /// The row keeps what it needs of the task: the text and the progress
    /// log are dropped here.
    pub fn collect(&self, task: Task) -> Option<Collected> {
        if let Some(dept) = &self.options.department {
            if !task.departments().any(|d| self.registry.same(d, dept)) {
                return None;
            }
        }
        let name = |n: &str| display_name(self.registry, n, self.options);
        let view = &self.options.view;
        let dues = Dues::new(*view, &self.options.period, self.registry).of_task(&task);
        let persisting = self.persisting(&task, &name);
        // Staleness counts from the day the task came into the ledger.
        let born = view.born(&task);
        let mut milestones = view.milestones(&task);
        let task = view.task(task)?;
        let period = period_entries(&task, self.options, &name);
        let months = task.progress.iter().map(|p| month_number(p.date)).collect();
        let line = task_line(task, self.options, self.registry, born, &milestones, &name);
        let within = &self.options.period;
        milestones.retain(|m| within.contains(m.by) && (m.met || m.missed));
        Some(Collected {
            line: Arc::new(line),
            period,
            dues,
            milestones,
            months,
            baseline: self.baseline,
            persisting,
        })
    }

    /// The task's problems raised in both compared periods, each unit
    /// under the name the report uses.
    fn persisting(
        &self,
        task: &Task,
        name: &dyn Fn(&str) -> String,
    ) -> Vec<crate::problems::Problem> {
        let Some((now, before)) = &self.compared else {
            return Vec::new();
        };
        let view = self.options.view;
        crate::problems::on_task(
            task,
            &Dues::new(view, now, self.registry),
            &Dues::new(view, before, self.registry),
        )
        .into_iter()
        .filter(|p| p.mark == crate::problems::Mark::Persisting)
        .map(|p| crate::problems::Problem {
            department: name(&p.department),
            ..p
        })
        .collect()
    }
}

/// What a report is asked for: the command line, typed.
#[derive(Debug, Clone)]
pub struct Request {
    /// The as-of date.
    pub as_of: NaiveDate,
    /// The period; else the one of the plan's rhythm holding `as_of`.
    pub period: Option<Period>,
    /// `--dept`, as typed (checked against the registry here).
    pub department: Option<String>,
    pub names: Names,
    /// The 通报's 发文机关 (`--issuer`).
    pub issuer: Option<String>,
    /// The 通报's 发文字号 (`--number`).
    pub number: Option<String>,
    /// The 通报's 成文日期 (`--date`); else the as-of date.
    pub date: Option<NaiveDate>,
    /// The 通报's 标题 (`--title`).
    pub title: Option<String>,
    /// The 通报's 抄送 (`--cc`), units separated by commas.
    pub cc: Option<String>,
}

/// A report and the letter it goes out with, ready for any renderer.
#[derive(Debug, Clone)]
pub struct Generated {
    pub report: Report,
    pub letter: Letter,
    /// Validation errors in files that did not stop the report.
    pub errors: usize,
}

/// The report of the tasks directory `dir`, as asked: loads the plan and
/// the registry, turns each task into its row as it is parsed (no task is
/// kept), and assembles the report. Refuses an unknown `--dept`, an
/// unusable directory and a period that starts after the as-of date.
pub fn generate(dir: &std::path::Path, request: &Request) -> Result<Generated> {
    let mut store = Store::load_meta(dir)?;
    let department = request
        .department
        .as_deref()
        .map(|name| crate::query::known_department(&store.registry, name))
        .transpose()?;
    let mut options = Options::new(request.as_of, store.plan.as_ref());
    if let Some(period) = &request.period {
        options.period = period
            .clone()
            .for_plan(store.plan.as_ref().map(|p| (p.period.start, p.period.end)))
            .map_err(anyhow::Error::msg)?;
    }
    options.department = department;
    options.names = request.names;
    let registry = store.registry.clone();
    let plan_date = store.plan.as_ref().map(|p| p.date);
    let collector = Collector::new(&options, &registry, plan_date);
    let rows = std::sync::Mutex::new(Vec::new());
    store.load_tasks(&|task| {
        if let (Some(row), Ok(mut rows)) = (collector.collect(task), rows.lock()) {
            rows.push(row);
        }
        None
    })?;
    store.require_usable()?;
    let mut rows = rows
        .into_inner()
        .map_err(|_| anyhow::anyhow!("internal error: report rows poisoned"))?;
    name_successors(dir, &mut rows);
    let plan = store.plan.as_ref();
    let title = plan.map(|p| p.title.clone()).unwrap_or_default();
    let mut letter = Letter::new(plan, request)?;
    let errors = store.error_count();
    drop(store);
    let report = assemble(rows, &options, &registry, title)?;
    if letter.title.is_empty() {
        letter.title = default_title(&report);
    }
    Ok(Generated {
        report,
        letter,
        errors,
    })
}

/// Each carried-over row's successor plan by its title, each plan read
/// once.
fn name_successors(dir: &std::path::Path, rows: &mut [Collected]) {
    let mut titles: std::collections::HashMap<String, Option<String>> = Default::default();
    for row in rows {
        let Some(link) = row.line.task.carried_over_to.clone() else {
            continue;
        };
        let folder = link
            .rsplit_once(['/', '\\'])
            .map_or("", |(d, _)| d)
            .to_string();
        let title = titles
            .entry(folder)
            .or_insert_with(|| Successor::plan_title(dir, &link))
            .clone();
        if let Some(successor) = &mut Arc::make_mut(&mut row.line).successor {
            successor.plan_title = title;
        }
    }
}

/// The issuing details of the 通报, from the plan and the command line.
#[derive(Debug, Clone)]
pub struct Letter {
    /// 发文机关 as the body names it: `--issuer`, or the plan's
    /// supervision office.
    pub issuer: String,
    /// 发文机关全称, for the masthead, the 落款 and the 版记: `--issuer`,
    /// or the plan's `bulletin.issuer`, or `issuer`.
    pub issuer_full: String,
    /// 发文字号, such as 潼督〔2020〕5号.
    pub number: Option<String>,
    /// 标题: `--title`, or "关于2020年第二季度任务推进情况的通报"
    /// (`default_title`).
    pub title: String,
    /// 主送机关: the plan's addressee.
    pub addressee: String,
    /// 成文日期: `--date`, or the as-of date; also the 印发日期.
    pub date: NaiveDate,
    /// The plan's title, cited in the opening paragraph.
    pub plan_title: String,
    /// 四、下步工作要求, one paragraph a line (`bulletin.requirements`).
    pub requirements: Option<String>,
    /// 抄送: `--cc`, or the plan's `bulletin.cc`; none leaves the line out.
    pub cc: Vec<String>,
}

/// The 通报's title when `--title` gives none: "关于{unit}{period}任务推进情况的通报".
pub fn default_title(report: &Report) -> String {
    let dept = report.department.as_deref().unwrap_or_default();
    format!("关于{dept}{}任务推进情况的通报", report.period.period.label)
}

/// Units in one text, as `--cc` gives them: separated by "，", "、" or
/// ",", blanks ignored.
pub fn split_units(text: &str) -> Vec<String> {
    text.split([',', '，', '、'])
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .map(String::from)
        .collect()
}

impl Letter {
    /// The letter as the plan and the request say; its title is
    /// `request.title` or `default_title` (set by `generate` once the
    /// report is assembled). A blank `--title` or `--issuer` is refused.
    pub fn new(plan: Option<&Plan>, request: &Request) -> Result<Letter> {
        let nonempty = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
        let given = |flag: &str, value: &Option<String>| -> Result<Option<String>> {
            match value {
                Some(v) if v.trim().is_empty() => {
                    bail!(tr!("{} 不能为空", "{} cannot be empty", flag))
                }
                Some(v) => Ok(Some(v.trim().to_string())),
                None => Ok(None),
            }
        };
        let issuer_flag = given("--issuer", &request.issuer)?;
        let title = given("--title", &request.title)?;
        let bulletin = plan.and_then(|p| p.bulletin.as_ref());
        let issuer = issuer_flag
            .clone()
            .or_else(|| plan.and_then(|p| nonempty(&p.supervision_office)))
            .unwrap_or_else(|| "督查室".into());
        let issuer_full = issuer_flag
            .or_else(|| bulletin.and_then(|b| b.issuer.as_deref().and_then(nonempty)))
            .unwrap_or_else(|| issuer.clone());
        let cc = match &request.cc {
            Some(text) => split_units(text),
            None => bulletin
                .map(|b| b.cc.iter().filter_map(|u| nonempty(u)).collect())
                .unwrap_or_default(),
        };
        Ok(Letter {
            issuer,
            issuer_full,
            number: request.number.as_deref().and_then(nonempty),
            title: title.unwrap_or_default(),
            addressee: plan
                .and_then(|p| p.addressee.as_deref().and_then(nonempty))
                .unwrap_or_else(|| "各有关单位".into()),
            date: request.date.unwrap_or(request.as_of),
            plan_title: plan.map(|p| p.title.clone()).unwrap_or_default(),
            requirements: bulletin.and_then(|b| b.requirements.clone()),
            cc,
        })
    }
}

/// The report from collected rows, in any order.
pub fn assemble(
    mut rows: Vec<Collected>,
    options: &Options,
    registry: &Registry,
    title: String,
) -> Result<Report> {
    if options.period.start > options.as_of {
        bail!(tr!(
            "报告期 {} 在报告日期 {} 之后",
            "the period {} begins after the report date {}",
            options.period.display(),
            options.as_of
        ));
    }
    rows.sort_by(|a, b| crate::ids::natural_cmp(&a.line.task.id, &b.line.task.id));
    let name = |n: &str| display_name(registry, n, options);

    let mut overview = Counts::default();
    let mut by_lead: Vec<(String, Counts)> = Vec::new();
    let mut period_rows = Vec::new();
    let mut dues = Vec::with_capacity(rows.len());
    let mut tasks = Vec::with_capacity(rows.len());
    let mut targets = TargetsSummary::default();
    let entries_by_month = by_month(&rows, options.as_of);
    let mut persisting = Vec::new();
    for row in rows {
        dues.push(row.dues);
        persisting.extend(row.persisting);
        let line = row.line;
        targets.add(&line, &row.milestones);
        overview.add(&line);
        let mut leads: Vec<String> = line.task.lead.clone();
        leads.dedup();
        for lead in leads {
            match by_lead.iter_mut().find(|(n, _)| *n == lead) {
                Some((_, counts)) => counts.add(&line),
                None => {
                    let mut counts = Counts::default();
                    counts.add(&line);
                    by_lead.push((lead, counts));
                }
            }
        }
        period_rows.extend(row.period);
        tasks.push(line);
    }
    if let Some(dept) = &options.department {
        // A department's own report: its row alone in the per-department
        // part, under whichever of its names the report uses.
        by_lead.retain(|(n, _)| registry.same(n, dept));
        targets
            .by_department
            .retain(|u| registry.same(&u.department, dept));
    }

    let departments: Vec<DepartmentSummary> = by_lead
        .into_iter()
        .map(|(name, counts)| DepartmentSummary {
            name,
            led: counts.total,
            completion_rate: counts.completion_rate(),
            counts,
        })
        .collect();

    let mut notices: Vec<Notice> = Vec::new();
    for line in tasks.iter().filter(|l| l.light != Light::Green) {
        for lead in &line.task.lead {
            match notices.iter_mut().find(|n| n.department == *lead) {
                Some(notice) => notice.tasks.push(Arc::clone(line)),
                None => notices.push(Notice {
                    department: lead.clone(),
                    tasks: vec![Arc::clone(line)],
                }),
            }
        }
    }

    let bulletin = Bulletin {
        praised: praised(&departments),
        problems: problem_groups(&tasks),
        persisting: crate::problems::compared(&options.period, options.as_of, options.rules.every)
            .map(|(period, previous)| Persisting {
                period,
                previous,
                problems: persisting,
            }),
    };

    Ok(Report {
        title,
        as_of: options.as_of,
        names: options.names,
        department: options.department.as_deref().map(name),
        overview: Overview {
            completion_rate: overview.completion_rate(),
            counts: overview,
        },
        departments,
        tasks,
        notices,
        bulletin,
        period: group_period(period_rows, Dues::owed(dues), options),
        targets,
        rules: options.rules,
        plan_ended_on: options
            .view
            .plan_ended()
            .then_some(options.view.carry_over_from)
            .flatten(),
        entries_by_month,
    })
}

/// 二、进展较好的单位: the lead units none of whose tasks is lit red or
/// yellow and that completed at least one task, best rate first (a unit
/// that finished nothing is not praised, whatever its lights).
fn praised(departments: &[DepartmentSummary]) -> Vec<Praised> {
    let mut good: Vec<Praised> = departments
        .iter()
        .filter(|d| d.counts.red == 0 && d.counts.yellow == 0 && d.counts.done > 0)
        .map(|d| Praised {
            department: d.name.clone(),
            led: d.led,
            done: d.counts.done,
            carried_over: d.counts.carried_over,
            completion_rate: d.completion_rate,
        })
        .collect();
    // Stable: equal rates keep the order of the departments.
    good.sort_by(|a, b| {
        let rate = |p: &Praised| p.completion_rate.unwrap_or(0.0);
        rate(b).total_cmp(&rate(a))
    });
    good
}

/// 三、存在的主要问题: for each kind of problem some task has, its tasks
/// by lead unit, each with the reason of that kind.
fn problem_groups(tasks: &[Arc<TaskLine>]) -> Vec<ProblemGroup> {
    let mut groups = Vec::new();
    for kind in ProblemKind::ALL {
        let mut departments: Vec<ProblemUnit> = Vec::new();
        let mut count = 0;
        for line in tasks {
            let Some(reason) = line.reasons.iter().find(|r| kind.is(r)) else {
                continue;
            };
            count += 1;
            let item = ProblemTask {
                id: line.task.id.clone(),
                name: short_name(&line.task.id, &line.task.title),
                reason: reason.clone(),
            };
            for lead in &line.task.lead {
                match departments.iter_mut().find(|u| u.department == *lead) {
                    Some(unit) => unit.tasks.push(item.clone()),
                    None => departments.push(ProblemUnit {
                        department: lead.clone(),
                        tasks: vec![item.clone()],
                    }),
                }
            }
        }
        if count > 0 {
            groups.push(ProblemGroup {
                kind,
                tasks: count,
                departments,
            });
        }
    }
    groups
}

/// Entries per month, every month from the plan's (or the first entry's)
/// to the as-of date's.
fn by_month(rows: &[Collected], as_of: NaiveDate) -> Vec<MonthCount> {
    let last = month_number(as_of);
    let mut first = rows
        .iter()
        .find_map(|r| r.baseline)
        .map_or(last, month_number);
    let mut months: std::collections::BTreeMap<i32, usize> = Default::default();
    for month in rows.iter().flat_map(|r| &r.months) {
        *months.entry(*month).or_default() += 1;
        first = first.min(*month);
    }
    (first..=last)
        .map(|m| MonthCount {
            month: format!("{}-{:02}", m.div_euclid(12), m.rem_euclid(12) + 1),
            entries: months.get(&m).copied().unwrap_or(0),
        })
        .collect()
}

fn display_name(registry: &Registry, name: &str, options: &Options) -> String {
    match options.names {
        Names::Current => registry.name_on(name, options.as_of).to_string(),
        Names::AsWritten => name.to_string(),
    }
}

fn task_line(
    mut task: Task,
    options: &Options,
    registry: &Registry,
    baseline: Option<NaiveDate>,
    milestones: &[MilestoneState],
    name: &dyn Fn(&str) -> String,
) -> TaskLine {
    // `task` is already as of the report's date (`Collector::collect`):
    // its status, deadline, extensions and progress of that day, the
    // progress in date order.
    let as_of = options.as_of;
    let status = task.status;
    let due = task.due;
    let original_due = task.first_due();
    let carried_over = task.carried_over_to.is_some();
    let progress = std::mem::take(&mut task.progress);
    let updated = progress.last().map(|p| p.date);
    let since = updated.or(baseline).unwrap_or(as_of);
    let days_since_update = (as_of - since).num_days().max(0);
    let latest_progress = latest_entry(&progress, as_of, |e| {
        speaks_for_lead(&task, e, registry, &options.offices)
    })
    .map(|p| LatestProgress {
        date: p.date,
        by: name(&p.by),
        note: p.note.clone().unwrap_or_default(),
        problems: p.problems.clone(),
        next_steps: p.next_steps.clone(),
    });
    let mut support_progress: Vec<SupportProgress> = Vec::new();
    for unit in &task.responsible {
        let lead_too = task.lead.iter().any(|l| registry.same(l, unit));
        let department = name(unit);
        if lead_too || support_progress.iter().any(|s| s.department == department) {
            continue;
        }
        let own = latest_entry(&progress, as_of, |e| {
            registry.same(&e.by, unit) && !speaks_for_lead(&task, e, registry, &options.offices)
        });
        if let Some(e) = own {
            support_progress.push(SupportProgress {
                department,
                date: e.date,
                note: e.note.clone(),
                problems: e.problems.clone(),
                next_steps: e.next_steps.clone(),
            });
        }
    }
    let reasons = if carried_over {
        Vec::new()
    } else {
        Reason::all(
            status,
            due,
            days_since_update,
            as_of,
            milestones,
            &options.rules,
        )
    };
    let days_overdue = reasons
        .iter()
        .find_map(|r| match r {
            Reason::Overdue { days_overdue } => Some(*days_overdue),
            _ => None,
        })
        .unwrap_or(0);
    let has = |wanted: fn(&Reason) -> bool| reasons.iter().any(wanted);

    // The task as it stood on the as-of date.
    task.text = String::new();
    task.status = status;
    task.due = due;
    task.original_due = Some(original_due);
    task.lead = task.lead.iter().map(|d| name(d)).collect();
    task.lead.dedup();
    task.responsible = task.responsible.iter().map(|d| name(d)).collect();
    TaskLine {
        overdue: has(|r| matches!(r, Reason::Overdue { .. })),
        overdue_vs_original: !status.is_closed() && !carried_over && original_due < as_of,
        days_overdue,
        due_soon: has(|r| matches!(r, Reason::DueSoon { .. })),
        stale: has(|r| matches!(r, Reason::Stale { .. })),
        days_since_update,
        light: Light::of(&reasons),
        reasons,
        latest_progress,
        support_progress,
        updated,
        carried_over,
        successor: task
            .carried_over_to
            .as_deref()
            .map(|link| Box::new(Successor::of_link(link))),
        task,
    }
}

/// A task's progress entries within the period (and not after the as-of
/// date), each with the reporting department's name for the report.
fn period_entries(
    task: &Task,
    options: &Options,
    name: &dyn Fn(&str) -> String,
) -> Vec<(String, PeriodEntry)> {
    let period = &options.period;
    task.progress
        .iter()
        .filter(|p| options.view.counts_for(p, period))
        .map(|p| {
            (
                name(&p.by),
                PeriodEntry {
                    date: p.date,
                    id: task.id.clone(),
                    title: task.title.clone(),
                    note: p.note.clone(),
                    status_change: p.status.as_ref().map(|s| format!("{} → {}", s.from, s.to)),
                    statuses: p.status.as_ref().map(|s| (s.from, s.to)),
                    problems: p.problems.clone(),
                    next_steps: p.next_steps.clone(),
                },
            )
        })
        .collect()
}

/// Period entries grouped by department, departments in order of first
/// appearance (tasks in id order), entries by date then id.
fn group_period(
    rows: Vec<(String, PeriodEntry)>,
    owed: crate::ledger::Owed,
    options: &Options,
) -> PeriodProgress {
    let count = rows.len();
    let mut groups: Vec<PeriodGroup> = Vec::new();
    for (department, entry) in rows {
        match groups.iter_mut().find(|g| g.department == department) {
            Some(group) => group.entries.push(entry),
            None => groups.push(PeriodGroup {
                department,
                entries: vec![entry],
            }),
        }
    }
    for group in &mut groups {
        group.entries.sort_by(|a, b| {
            a.date
                .cmp(&b.date)
                .then_with(|| crate::ids::natural_cmp(&a.id, &b.id))
        });
    }
    PeriodProgress {
        period: options.period.clone(),
        entries: count,
        by_department: groups,
        unreported: owed.unreported,
        partly_reported: owed.partly_reported,
        late: owed.late,
    }
}

/// A task's fields as a report row shows them: every field of the model
/// but the full text and the progress log, by the model's own `Serialize`
/// (so a field added to `Task` is in every report), with
/// `lead_provisional` always present.
mod summary {
    use serde::ser::{self, Impossible, Serialize, SerializeStruct, Serializer};

    use crate::model::Task;

    /// What a report leaves out of a task.
    pub const OMITTED: [&str; 2] = ["text", "progress"];

    pub fn serialize<S: Serializer>(task: &Task, serializer: S) -> Result<S::Ok, S::Error> {
        task.serialize(Fields(serializer))
    }

    /// Passes a struct's fields on to the serializer it wraps, but those in
    /// `OMITTED`.
    struct Fields<S>(S);

    struct Struct<T>(T);

    impl<T: SerializeStruct> SerializeStruct for Struct<T> {
        type Ok = T::Ok;
        type Error = T::Error;

        fn serialize_field<V: ?Sized + Serialize>(
            &mut self,
            key: &'static str,
            value: &V,
        ) -> Result<(), T::Error> {
            if OMITTED.contains(&key) {
                Ok(())
            } else {
                self.0.serialize_field(key, value)
            }
        }

        fn skip_field(&mut self, key: &'static str) -> Result<(), T::Error> {
            // Files leave `lead_provisional: false` and an absent
            // `carried_over_to` out; reports say them.
            if key == "lead_provisional" {
                self.0.serialize_field(key, &false)
            } else if key == "carried_over_to" || key == "added" {
                self.0.serialize_field(key, &None::<String>)
            } else {
                self.0.skip_field(key)
            }
        }

        fn end(self) -> Result<T::Ok, T::Error> {
            self.0.end()
        }
    }

    fn not_a_struct<E: ser::Error>() -> E {
        E::custom("a task serialises as a struct")
    }

    /// The methods a struct never calls.
    macro_rules! refuse {
        ($($method:ident($($arg:ty),*) -> $out:ty;)*) => {
            $(fn $method(self, $(_: $arg),*) -> Result<$out, S::Error> {
                Err(not_a_struct())
            })*
        };
    }

    impl<S: Serializer> Serializer for Fields<S> {
        type Ok = S::Ok;
        type Error = S::Error;
        type SerializeSeq = Impossible<S::Ok, S::Error>;
        type SerializeTuple = Impossible<S::Ok, S::Error>;
        type SerializeTupleStruct = Impossible<S::Ok, S::Error>;
        type SerializeTupleVariant = Impossible<S::Ok, S::Error>;
        type SerializeMap = Impossible<S::Ok, S::Error>;
        type SerializeStruct = Struct<S::SerializeStruct>;
        type SerializeStructVariant = Impossible<S::Ok, S::Error>;

        fn serialize_struct(
            self,
            name: &'static str,
            len: usize,
        ) -> Result<Self::SerializeStruct, S::Error> {
            self.0.serialize_struct(name, len).map(Struct)
        }

        refuse! {
            serialize_bool(bool) -> S::Ok;
            serialize_i8(i8) -> S::Ok;
            serialize_i16(i16) -> S::Ok;
            serialize_i32(i32) -> S::Ok;
            serialize_i64(i64) -> S::Ok;
            serialize_u8(u8) -> S::Ok;
            serialize_u16(u16) -> S::Ok;
            serialize_u32(u32) -> S::Ok;
            serialize_u64(u64) -> S::Ok;
            serialize_f32(f32) -> S::Ok;
            serialize_f64(f64) -> S::Ok;
            serialize_char(char) -> S::Ok;
            serialize_str(&str) -> S::Ok;
            serialize_bytes(&[u8]) -> S::Ok;
            serialize_none() -> S::Ok;
            serialize_unit() -> S::Ok;
            serialize_unit_struct(&'static str) -> S::Ok;
            serialize_unit_variant(&'static str, u32, &'static str) -> S::Ok;
            serialize_seq(Option<usize>) -> Self::SerializeSeq;
            serialize_tuple(usize) -> Self::SerializeTuple;
            serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct;
            serialize_tuple_variant(&'static str, u32, &'static str, usize)
                -> Self::SerializeTupleVariant;
            serialize_map(Option<usize>) -> Self::SerializeMap;
            serialize_struct_variant(&'static str, u32, &'static str, usize)
                -> Self::SerializeStructVariant;
        }

        fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<S::Ok, S::Error> {
            Err(not_a_struct())
        }

        fn serialize_newtype_struct<T: ?Sized + Serialize>(
            self,
            _: &'static str,
            _: &T,
        ) -> Result<S::Ok, S::Error> {
            Err(not_a_struct())
        }

        fn serialize_newtype_variant<T: ?Sized + Serialize>(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: &T,
        ) -> Result<S::Ok, S::Error> {
            Err(not_a_struct())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// The default thresholds: what a plan without `reporting:` gets.
    const DUE_SOON_DAYS: i64 = 30;
    const STALE_AFTER_DAYS: i64 = 90;

    /// The light and the reasons of a task as of 2022-06-01.
    fn rule(status: Status, due: NaiveDate, days_since_update: i64) -> (Light, Vec<Reason>) {
        let rules = Rules::default();
        assert_eq!(
            (rules.due_soon_days, rules.stale_after_days),
            (DUE_SOON_DAYS, STALE_AFTER_DAYS)
        );
        let reasons = Reason::all(status, due, days_since_update, d(2022, 6, 1), &[], &rules);
        (Light::of(&reasons), reasons)
    }

    fn days_after(days: i64) -> NaiveDate {
        d(2022, 6, 1) + chrono::Duration::days(days)
    }

    #[test]
    fn closed_tasks_are_green_whatever_the_dates() {
        for status in [Status::Done, Status::Cancelled] {
            assert_eq!(rule(status, d(2020, 1, 1), 1000), (Light::Green, vec![]));
            assert_eq!(rule(status, days_after(0), 1000), (Light::Green, vec![]));
        }
    }

    #[test]
    fn overdue_or_delayed_is_red() {
        use Reason::*;
        let far = days_after(DUE_SOON_DAYS + 100);
        assert_eq!(
            rule(Status::InProgress, days_after(-1), 0),
            (Light::Red, vec![Overdue { days_overdue: 1 }])
        );
        assert_eq!(rule(Status::Delayed, far, 0), (Light::Red, vec![Delayed]));
        // Every reason that holds, in the order reports list them.
        assert_eq!(
            rule(Status::Delayed, days_after(-5), 200),
            (
                Light::Red,
                vec![
                    Overdue { days_overdue: 5 },
                    Delayed,
                    Stale {
                        days_since_update: 200
                    }
                ]
            )
        );
        assert_eq!(
            rule(Status::Delayed, days_after(3), 0),
            (Light::Red, vec![Delayed, DueSoon { days_left: 3 }])
        );
    }

    #[test]
    fn due_soon_counts_from_the_due_day_to_due_soon_days_ahead() {
        use Reason::*;
        // The due day itself is not overdue: due soon, 0 days left.
        assert_eq!(
            rule(Status::NotStarted, days_after(0), 0),
            (Light::Yellow, vec![DueSoon { days_left: 0 }])
        );
        assert_eq!(
            rule(Status::InProgress, days_after(DUE_SOON_DAYS), 0),
            (
                Light::Yellow,
                vec![DueSoon {
                    days_left: DUE_SOON_DAYS
                }]
            )
        );
        assert_eq!(
            rule(Status::InProgress, days_after(DUE_SOON_DAYS + 1), 0),
            (Light::Green, vec![])
        );
    }

    #[test]
    fn stale_is_more_than_stale_after_days_without_progress() {
        let far = days_after(DUE_SOON_DAYS + 100);
        assert_eq!(
            rule(Status::InProgress, far, STALE_AFTER_DAYS),
            (Light::Green, vec![])
        );
        assert_eq!(
            rule(Status::InProgress, far, STALE_AFTER_DAYS + 1),
            (
                Light::Yellow,
                vec![Reason::Stale {
                    days_since_update: STALE_AFTER_DAYS + 1
                }]
            )
        );
    }

    /// A task due soon keeps that reason when it is stale too.
    #[test]
    fn due_soon_and_stale_are_both_reasons() {
        assert_eq!(
            rule(Status::NotStarted, days_after(16), 1581),
            (
                Light::Yellow,
                vec![
                    Reason::DueSoon { days_left: 16 },
                    Reason::Stale {
                        days_since_update: 1581
                    }
                ]
            )
        );
    }

    #[test]
    fn thresholds_come_from_the_plan_rhythm() {
        let rules = Rules {
            every: Every::Month,
            stale_after_days: 30,
            due_soon_days: 10,
        };
        let as_of = d(2022, 6, 1);
        assert_eq!(
            Reason::all(Status::InProgress, days_after(10), 31, as_of, &[], &rules),
            vec![
                Reason::DueSoon { days_left: 10 },
                Reason::Stale {
                    days_since_update: 31
                }
            ]
        );
        assert_eq!(
            Reason::all(Status::InProgress, days_after(11), 30, as_of, &[], &rules),
            vec![]
        );
    }

    #[test]
    fn reasons_in_json_name_their_kind_and_days() {
        let json = serde_json::to_value([
            Reason::Overdue { days_overdue: 1 },
            Reason::Delayed,
            Reason::DueSoon { days_left: 16 },
            Reason::Stale {
                days_since_update: 1581,
            },
        ])
        .unwrap();
        assert_eq!(
            json,
            serde_json::json!([
                {"kind": "overdue", "days_overdue": 1},
                {"kind": "delayed"},
                {"kind": "due_soon", "days_left": 16},
                {"kind": "stale", "days_since_update": 1581},
            ])
        );
    }

    fn entry(date: NaiveDate, by: &str, note: Option<&str>) -> ProgressEntry {
        ProgressEntry {
            date,
            period: None,
            by: by.into(),
            note: note.map(String::from),
            status: None,
            problems: None,
            next_steps: None,
            source: None,
            late: false,
            milestone: None,
        }
    }

    #[test]
    fn the_latest_entry_is_by_date_file_order_breaking_ties_up_to_the_date() {
        let log = [
            entry(d(2020, 6, 20), "甲", Some("late")),
            entry(d(2020, 5, 1), "甲", Some("first")),
            entry(d(2020, 5, 1), "甲", Some("second, same day")),
            entry(d(2020, 5, 2), "甲", None),
            entry(d(2020, 5, 3), "乙", Some("other unit")),
        ];
        let note = |as_of, by: &'static str| {
            latest_entry(&log, as_of, |e| e.by == by).and_then(|e| e.note.as_deref())
        };
        // The 2020-05-02 entry says nothing; the later of two same-day ones wins.
        assert_eq!(note(d(2020, 6, 1), "甲"), Some("second, same day"));
        assert_eq!(note(d(2020, 6, 20), "甲"), Some("late"));
        assert_eq!(note(d(2020, 4, 30), "甲"), None);
        assert_eq!(note(d(2020, 6, 30), "乙"), Some("other unit"));
    }

    #[test]
    fn the_lead_and_the_two_offices_speak_for_a_task_a_supporting_unit_does_not() {
        let task: Task = serde_yaml::from_str(
            "id: '1.1'\nsection: 1\nheading: h\nnumber: 1\ntitle: t\ntext: t\nlead: [区环保局]\nresponsible: [区水务局]\nstatus: 推进中\ndue: 2022-12-31\nprogress: []\n",
        )
        .unwrap();
        let registry = Registry::default();
        let offices = Offices(vec!["区发展改革委".into(), "区政府督查室".into()]);
        let speaks = |by| {
            speaks_for_lead(
                &task,
                &entry(d(2020, 6, 1), by, Some("x")),
                &registry,
                &offices,
            )
        };
        assert!(speaks("区环保局"));
        assert!(speaks("区发展改革委"));
        assert!(speaks("区政府督查室"));
        assert!(!speaks("区水务局"));
        assert_eq!(Offices::of(None), Offices::default());
    }

    #[test]
    fn a_rate_without_a_denominator_is_absent_and_carried_over_tasks_do_not_count() {
        let counts = Counts {
            total: 2,
            cancelled: 1,
            carried_over: 1,
            ..Counts::default()
        };
        assert_eq!(counts.completion_rate(), None);
        let counts = Counts {
            total: 5,
            done: 1,
            carried_over: 3,
            ..Counts::default()
        };
        assert_eq!(counts.completion_rate(), Some(50.0));
        assert_eq!(
            serde_json::to_value(Overview {
                completion_rate: Counts::default().completion_rate(),
                counts: Counts::default(),
            })
            .unwrap()["completion_rate"],
            serde_json::Value::Null
        );
    }

    #[test]
    fn only_units_that_completed_a_task_and_have_no_light_are_praised() {
        let unit = |name: &str, done: usize, yellow: usize, total: usize| {
            let counts = Counts {
                total,
                done,
                yellow,
                ..Counts::default()
            };
            DepartmentSummary {
                name: name.into(),
                led: total,
                completion_rate: counts.completion_rate(),
                counts,
            }
        };
        let praised = praised(&[
            unit("甲", 0, 0, 2),
            unit("乙", 1, 0, 4),
            unit("丙", 2, 1, 2),
            unit("丁", 2, 0, 2),
            unit("戊", 0, 0, 0),
        ]);
        let names: Vec<(&str, Option<f64>)> = praised
            .iter()
            .map(|p| (p.department.as_str(), p.completion_rate))
            .collect();
        assert_eq!(names, [("丁", Some(100.0)), ("乙", Some(25.0))]);
    }

    #[test]
    fn periods_are_years_quarters_and_months() {
        let p = Period::parse("2019").unwrap();
        assert_eq!(
            (p.start, p.end, p.label.as_str()),
            (d(2019, 1, 1), d(2019, 12, 31), "2019年")
        );
        let p = Period::parse("2019Q1").unwrap();
        assert_eq!(
            (p.start, p.end, p.label.as_str()),
            (d(2019, 1, 1), d(2019, 3, 31), "2019年第一季度")
        );
        let p = Period::parse("2020-02").unwrap();
        assert_eq!(
            (p.start, p.end, p.label.as_str()),
            (d(2020, 2, 1), d(2020, 2, 29), "2020年2月")
        );
        assert_eq!(Period::parse("2019Q4").unwrap().end, d(2019, 12, 31));
        for bad in ["2019Q5", "2019-13", "19", "abc", ""] {
            assert!(Period::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn periods_show_in_english_and_keep_their_chinese_label() {
        crate::i18n::set(crate::i18n::Lang::En);
        let shown = |raw| Period::parse(raw).unwrap().display();
        assert_eq!(shown("2019"), "2019");
        assert_eq!(shown("2019Q3"), "2019 Q3");
        assert_eq!(shown("2020-02"), "February 2020");
        assert_eq!(Period::parse("2019Q3").unwrap().label, "2019年第三季度");
        assert_eq!(Light::Red.label_in(crate::i18n::Lang::En), "Red");
    }
}
