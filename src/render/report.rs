//! The report as a document — sections of paragraphs and tables — drawn
//! the same way in the terminal, in Markdown and in HTML. (The workbook
//! has its own layout: see `xlsx.rs`.)

use std::io::{self, Write};

use super::heading;
use crate::i18n::{count, pick_in, Lang};
use crate::model::Status;
use crate::problems::Problem;
use crate::render::Style;
use crate::report::{short_name, Counts, Light, Persisting, Reason, Report, Rules, TaskLine};
use crate::tr_in;

/// A table cell; `light` colours it.
#[derive(Debug, Clone)]
pub struct Cell {
    pub text: String,
    pub light: Option<Light>,
}

impl From<String> for Cell {
    fn from(text: String) -> Cell {
        Cell { text, light: None }
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Cell {
        Cell::from(text.to_string())
    }
}

#[derive(Debug, Clone)]
pub enum Block {
    Paragraph(String),
    /// A smaller heading inside a section (a department).
    Subheading(String),
    Table {
        header: Vec<Head>,
        rows: Vec<Vec<Cell>>,
    },
}

/// A column's header, with how its cells may wrap and whether the column
/// is left out where it is empty (the terminal's layouts do).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Head {
    pub text: &'static str,
    pub wrap: Wrap,
    pub optional: bool,
}

impl Head {
    pub fn new(text: &'static str, wrap: Wrap) -> Head {
        Head {
            text,
            wrap,
            optional: false,
        }
    }

    /// A column that never wraps: ids, dates, numbers.
    pub fn fixed(text: &'static str) -> Head {
        Head::new(text, Wrap::Never)
    }
}

/// Heads of columns that never wrap.
fn fixed(texts: impl IntoIterator<Item = &'static str>) -> Vec<Head> {
    texts.into_iter().map(Head::fixed).collect()
}

#[derive(Debug, Clone)]
pub struct Section {
    pub heading: String,
    pub blocks: Vec<Block>,
}

/// How a column's cells may wrap, in every format that wraps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wrap {
    /// Never: ids, dates, numbers.
    Never,
    /// Between names, never inside one: department lists.
    Names,
    /// Free text, with numbers, dates, statuses and names kept whole.
    Text,
}

/// A rate as every format shows it: "35.0%", or "—" where it has no
/// denominator.
pub fn rate_text(rate: Option<f64>) -> String {
    rate.map_or_else(|| "—".to_string(), |r| format!("{r:.1}%"))
}

/// The completion rate with what 已结转 does to it, wherever it changes
/// the denominator: "35.0%（已结转 3 项不计入）".
pub fn rate_with_carried(rate: Option<f64>, carried_over: usize, lang: Lang) -> String {
    let rate = rate_text(rate);
    if carried_over == 0 {
        return rate;
    }
    tr_in!(
        lang,
        "{rate}（已结转 {carried_over} 项不计入）",
        "{rate} ({carried_over} carried over, not counted)"
    )
}

pub fn problems_heading(lang: Lang) -> &'static str {
    pick_in(lang, "存在问题", "Problems")
}

pub fn next_steps_heading(lang: Lang) -> &'static str {
    pick_in(lang, "下步打算", "Next steps")
}

/// The status cell: the status on the as-of date, or "已结转" with where
/// to, by the successor plan's title and the task's id there (never a
/// path: "已结转至《…》第 2.2 项").
pub fn status_text(line: &TaskLine, lang: Lang) -> String {
    match line.successor.as_ref().filter(|_| line.carried_over) {
        Some(to) => {
            let id = &to.id;
            match &to.plan_title {
                Some(title) => tr_in!(
                    lang,
                    "已结转至《{title}》第 {id} 项",
                    "carried over to task {id} of “{title}”"
                ),
                None => tr_in!(
                    lang,
                    "已结转至后续计划第 {id} 项",
                    "carried over to task {id} of the next plan"
                ),
            }
        }
        None => line.status_text(lang).to_string(),
    }
}

/// The light and its reasons in words: "黄（16 天内到期，1581 天未报送进展）".
pub fn light_text(line: &TaskLine, lang: Lang) -> String {
    if line.carried_over {
        return pick_in(lang, "已结转", "carried over").to_string();
    }
    let light = line.light.label_in(lang);
    if line.reasons.is_empty() {
        return light.to_string();
    }
    let why = reasons_text(line, lang);
    tr_in!(lang, "{light}（{why}）", "{light} ({why})")
}

/// The reasons of a task in words, joined: "逾期 15 天，滞后".
pub fn reasons_text(line: &TaskLine, lang: Lang) -> String {
    let why: Vec<String> = line.reasons.iter().map(|r| reason_text(r, lang)).collect();
    why.join(pick_in(lang, "，", ", "))
}

/// One reason in words, for every format.
pub fn reason_text(reason: &Reason, lang: Lang) -> String {
    match *reason {
        Reason::Overdue { days_overdue: days } => {
            // An overdue task is at least a day late: never negative.
            let en = count(usize::try_from(days).unwrap_or(0), "day", "days");
            tr_in!(lang, "逾期 {days} 天", "{en} overdue")
        }
        Reason::Delayed => pick_in(lang, "滞后", "delayed").to_string(),
        Reason::MilestoneMissed { by, ref goal } => {
            let day = by.format("%Y-%m-%d");
            tr_in!(
                lang,
                "节点 {day}“{goal}”未完成",
                "milestone {day} missed: {goal}"
            )
        }
        Reason::DueSoon { days_left: 0 } => pick_in(lang, "今日到期", "due today").to_string(),
        Reason::DueSoon { days_left: days } => {
            let en = count(usize::try_from(days).unwrap_or(0), "day", "days");
            tr_in!(lang, "{days} 天后到期", "due in {en}")
        }
        Reason::Stale {
            days_since_update: days,
        } => tr_in!(lang, "{days} 天未报送进展", "no progress for {days} days"),
    }
}

/// Headers of the counts by status and the completion rate. 已结转 has
/// its own column and is not in the rate's denominator.
pub fn count_columns(lang: Lang) -> [&'static str; 7] {
    [
        Status::Done.display_in(lang),
        Status::InProgress.display_in(lang),
        Status::NotStarted.display_in(lang),
        Status::Delayed.display_in(lang),
        Status::Cancelled.display_in(lang),
        pick_in(lang, "已结转", "Carried over"),
        pick_in(lang, "完成率", "Completion"),
    ]
}

/// Headers of the alert counts: overdue, stale, and each light.
pub fn alert_columns(lang: Lang) -> [&'static str; 5] {
    [
        pick_in(lang, "逾期", "Overdue"),
        pick_in(lang, "长期未报送", "Stale"),
        Light::Red.label_in(lang),
        Light::Yellow.label_in(lang),
        Light::Green.label_in(lang),
    ]
}

/// Headers of a row per lead department: the name, the tasks it leads,
/// then the counts and the alerts.
pub fn department_columns(lang: Lang) -> Vec<Head> {
    let mut header = vec![
        Head::new(heading::lead_in(lang), Wrap::Names),
        Head::fixed(pick_in(lang, "牵头任务", "Tasks led")),
    ];
    header.extend(fixed(count_columns(lang)));
    header.extend(fixed(alert_columns(lang)));
    header
}

fn count_cells(counts: &Counts, lang: Lang) -> Vec<Cell> {
    vec![
        Cell::from(counts.done.to_string()),
        Cell::from(counts.in_progress.to_string()),
        Cell::from(counts.not_started.to_string()),
        Cell::from(counts.delayed.to_string()),
        Cell::from(counts.cancelled.to_string()),
        Cell::from(counts.carried_over.to_string()),
        Cell::from(rate_with_carried(
            counts.completion_rate(),
            counts.carried_over,
            lang,
        )),
    ]
}

fn alert_cells(counts: &Counts) -> Vec<Cell> {
    vec![
        Cell::from(counts.overdue.to_string()),
        Cell::from(counts.stale.to_string()),
        Cell {
            text: counts.red.to_string(),
            light: (counts.red > 0).then_some(Light::Red),
        },
        Cell {
            text: counts.yellow.to_string(),
            light: (counts.yellow > 0).then_some(Light::Yellow),
        },
        Cell {
            text: counts.green.to_string(),
            light: Some(Light::Green),
        },
    ]
}

/// The report's title line.
pub fn title(report: &Report, lang: Lang) -> String {
    let title = pick_in(lang, "督查报告", "Supervision report");
    match &report.department {
        Some(dept) => format!("{dept} {title}"),
        None => title.to_string(),
    }
}

/// "本计划已于 2022-12-31 结束。" for a plan closed by the as-of date.
pub fn plan_ended(report: &Report, lang: Lang) -> Option<String> {
    let day = report.plan_ended_on?;
    Some(tr_in!(
        lang,
        "本计划已于 {day} 结束；未完成的任务已结转或列为未完成。",
        "This plan ended on {day}; unfinished tasks are carried over or shown as unfinished."
    ))
}

/// The line under the title: the plan and the as-of date.
pub fn subtitle(report: &Report, lang: Lang) -> String {
    let names = match report.names {
        crate::report::Names::Current => pick_in(
            lang,
            "部门名称按截至日期的现名",
            "departments by their names on that date",
        ),
        crate::report::Names::AsWritten => pick_in(
            lang,
            "部门名称按通知原文",
            "departments as the notice names them",
        ),
    };
    let (plan, as_of) = (&report.title, report.as_of);
    if plan.is_empty() {
        tr_in!(lang, "截至 {as_of}；{names}", "As of {as_of}; {names}")
    } else {
        tr_in!(
            lang,
            "{plan}　截至 {as_of}；{names}",
            "{plan} — as of {as_of}; {names}"
        )
    }
}

/// The overview in one paragraph.
pub fn overview_text(report: &Report, lang: Lang) -> String {
    let Counts {
        total,
        done,
        in_progress,
        not_started,
        delayed,
        cancelled,
        carried_over,
        overdue,
        overdue_vs_original,
        stale,
        due_soon,
        ..
    } = report.overview.counts;
    let rate = rate_with_carried(report.overview.completion_rate, carried_over, lang);
    let tasks = count(total, "task", "tasks");
    let Rules {
        stale_after_days: stale_days,
        due_soon_days: soon_days,
        ..
    } = report.rules;
    let carried = if carried_over > 0 {
        tr_in!(
            lang,
            "，已结转 {carried_over} 项",
            ", {carried_over} carried over"
        )
    } else {
        String::new()
    };
    let mut text = tr_in!(lang,
        "共 {total} 项任务：已完成 {done} 项，推进中 {in_progress} 项，未启动 {not_started} 项，滞后 {delayed} 项，已取消 {cancelled} 项{carried}；完成率 {rate}。逾期 {overdue} 项（按原定时限计 {overdue_vs_original} 项），{soon_days} 天内到期 {due_soon} 项，超过 {stale_days} 天未报送进展 {stale} 项。",
        "{tasks} in all: {done} done, {in_progress} in progress, {not_started} not started, {delayed} delayed, {cancelled} cancelled{carried}; completion {rate}. {overdue} overdue ({overdue_vs_original} against the original deadlines), {due_soon} due within {soon_days} days, {stale} with no progress reported for over {stale_days} days."
    );
    if let Some(ended) = plan_ended(report, lang) {
        text.push_str(pick_in(lang, "", " "));
        text.push_str(&ended);
    }
    text
}

/// The report's five sections, in order.
pub fn document(report: &Report, lang: Lang) -> Vec<Section> {
    vec![
        overview_section(report, lang),
        departments_section(report, lang),
        notices_section(report, lang),
        period_section(report, lang),
        ledger_section(report, lang),
    ]
}

/// 一、总体情况: the overview paragraph and its figures in one row.
fn overview_section(report: &Report, lang: Lang) -> Section {
    let o = &report.overview.counts;
    let mut header = fixed([pick_in(lang, "任务总数", "Tasks")]);
    header.extend(fixed(count_columns(lang)));
    header.extend(fixed(alert_columns(lang)));
    let mut row = vec![Cell::from(o.total.to_string())];
    row.extend(count_cells(o, lang));
    row.extend(alert_cells(o));
    Section {
        heading: pick_in(lang, "一、总体情况", "1. Overview").into(),
        blocks: vec![
            Block::Paragraph(overview_text(report, lang)),
            Block::Table {
                header,
                rows: vec![row],
            },
        ],
    }
}

/// 二、各牵头单位情况: a row per lead department.
fn departments_section(report: &Report, lang: Lang) -> Section {
    let rows = report
        .departments
        .iter()
        .map(|d| {
            let mut row = vec![Cell::from(d.name.as_str()), Cell::from(d.led.to_string())];
            row.extend(count_cells(&d.counts, lang));
            row.extend(alert_cells(&d.counts));
            row
        })
        .collect();
    Section {
        heading: pick_in(lang, "二、各牵头单位情况", "2. By lead department").into(),
        blocks: vec![Block::Table {
            header: department_columns(lang),
            rows,
        }],
    }
}

/// "持续未解决的问题（2 个）": the heading of the problems that stay.
pub fn persisting_heading(n: usize, lang: Lang) -> String {
    let problems = count(n, "problem", "problems");
    tr_in!(
        lang,
        "持续未解决的问题（{n} 个）",
        "Problems that persist ({problems})"
    )
}

/// What the problems that stay are: raised in both periods compared.
pub fn persisting_rule(persisting: &Persisting, lang: Lang) -> String {
    let (now, before) = (
        persisting.period.display_in(lang),
        persisting.previous.display_in(lang),
    );
    tr_in!(
        lang,
        "以下问题在{now}和{before}的报送中均有反映，尚未解决：",
        "Raised by the same unit on the same task in both {now} and {before}, and not yet resolved:"
    )
}

/// One problem that stays, in a sentence: "2.3 推进涪江航道整治（区水务局）：
/// 航道疏浚资金缺口仍在。" — typed line breaks as "；".
pub fn persisting_item(problem: &Problem, lang: Lang) -> String {
    let text = problem
        .problems
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("；");
    let text = text.trim_end_matches(['。', '；', ';', '，', ',', '.']);
    let (task, unit) = (short_name(&problem.id, &problem.title), &problem.department);
    tr_in!(
        lang,
        "{task}（{unit}）：{text}。",
        "{task} ({unit}): {text}."
    )
}

/// Columns of the table of problems that stay.
pub fn persisting_columns(lang: Lang) -> Vec<Head> {
    vec![
        Head::new(pick_in(lang, "单位", "Department"), Wrap::Names),
        Head::fixed(heading::task_id_in(lang)),
        Head::new(heading::task_in(lang), Wrap::Text),
        Head::new(problems_heading(lang), Wrap::Text),
        Head::fixed(pick_in(lang, "本期报送日期", "Reported on")),
    ]
}

/// The problems that stay, under 三: a heading, what they are, a table;
/// nothing where there are none.
fn persisting_blocks(report: &Report, lang: Lang) -> Vec<Block> {
    let Some(persisting) = report
        .bulletin
        .persisting
        .as_ref()
        .filter(|p| !p.problems.is_empty())
    else {
        return Vec::new();
    };
    let rows = persisting
        .problems
        .iter()
        .map(|p| {
            vec![
                Cell::from(p.department.as_str()),
                Cell::from(p.id.as_str()),
                Cell::from(p.title.as_str()),
                Cell::from(p.problems.as_str()),
                Cell::from(p.date.format("%Y-%m-%d").to_string()),
            ]
        })
        .collect();
    vec![
        Block::Subheading(persisting_heading(persisting.problems.len(), lang)),
        Block::Paragraph(persisting_rule(persisting, lang)),
        Block::Table {
            header: persisting_columns(lang),
            rows,
        },
    ]
}

/// Columns of the 通报 table.
pub fn notice_columns(lang: Lang) -> Vec<Head> {
    vec![
        Head::new(heading::lead_in(lang), Wrap::Names),
        Head::fixed(heading::task_id_in(lang)),
        Head::new(heading::task_in(lang), Wrap::Text),
        Head::new(heading::due_in(lang), Wrap::Text),
        Head::new(heading::status_in(lang), Wrap::Text),
        Head::new(pick_in(lang, "原因", "Why"), Wrap::Text),
    ]
}

/// The rule that puts a task on the 通报, with the plan's thresholds.
pub fn notice_rule(rules: &Rules, lang: Lang) -> String {
    let (soon, stale) = (rules.due_soon_days, rules.stale_after_days);
    tr_in!(lang,
        "列入通报的是预警为红或黄的全部任务：逾期、滞后（红），{soon} 天内到期、超过 {stale} 天未报送进展（黄）。已完成、已取消、已结转的任务不列入。",
        "The notices list every task whose light is red or yellow: overdue or delayed (red), due within {soon} days or without progress for over {stale} days (yellow). Done, cancelled and carried-over tasks are not listed."
    )
}

/// 三、通报: every red or yellow task, with its reasons, in one table
/// (lead department first; a co-led task under each lead).
fn notices_section(report: &Report, lang: Lang) -> Section {
    let mut blocks = vec![Block::Paragraph(notice_rule(&report.rules, lang))];
    let listed: usize = report.overview.counts.red + report.overview.counts.yellow;
    if report.notices.is_empty() {
        blocks.push(Block::Paragraph(
            pick_in(lang, "无列入通报的任务。", "No task is on the notices.").into(),
        ));
    } else {
        let units = report.notices.len();
        blocks.push(Block::Paragraph(tr_in!(
            lang,
            "共 {listed} 项任务，涉及 {units} 个牵头单位。",
            "{listed} tasks, {units} lead departments."
        )));
        let rows = report
            .notices
            .iter()
            .flat_map(|notice| {
                notice.tasks.iter().map(|t| {
                    vec![
                        Cell::from(notice.department.as_str()),
                        Cell::from(t.task.id.as_str()),
                        Cell::from(t.task.title.as_str()),
                        Cell::from(t.task.due.format("%Y-%m-%d").to_string()),
                        Cell::from(status_text(t, lang)),
                        Cell {
                            text: reasons_text(t, lang),
                            light: Some(t.light),
                        },
                    ]
                })
            })
            .collect();
        blocks.push(Block::Table {
            header: notice_columns(lang),
            rows,
        });
    }
    blocks.extend(persisting_blocks(report, lang));
    Section {
        heading: pick_in(
            lang,
            "三、通报：逾期、滞后、临近时限及长期未报送进展的任务",
            "3. Notices: tasks overdue, delayed, due soon or without progress",
        )
        .into(),
        blocks,
    }
}

/// 四、本期进展: the period's entries, a table per reporting department.
fn period_section(report: &Report, lang: Lang) -> Section {
    let period = &report.period;
    let mut blocks = Vec::new();
    if period.by_department.is_empty() {
        blocks.push(Block::Paragraph(
            pick_in(
                lang,
                "本期无进展报送。",
                "No progress reported in this period.",
            )
            .into(),
        ));
    }
    for group in &period.by_department {
        let (dept, n) = (&group.department, group.entries.len());
        let entries = count(n, "entry", "entries");
        blocks.push(Block::Subheading(tr_in!(
            lang,
            "{dept}（{n} 条）",
            "{dept} ({entries})"
        )));
        // 存在问题 and 下步打算 where some entry of the group has them.
        let problems = group.entries.iter().any(|e| e.problems.is_some());
        let next_steps = group.entries.iter().any(|e| e.next_steps.is_some());
        let text = |h: &'static str| Head::new(h, Wrap::Text);
        let mut header = vec![
            Head::fixed(heading::date_in(lang)),
            Head::fixed(heading::task_id_in(lang)),
            text(heading::task_in(lang)),
            text(heading::progress_in(lang)),
        ];
        header.extend(problems.then(|| text(problems_heading(lang))));
        header.extend(next_steps.then(|| text(next_steps_heading(lang))));
        header.push(text(heading::status_change_in(lang)));
        blocks.push(Block::Table {
            header,
            rows: group
                .entries
                .iter()
                .map(|e| {
                    let mut row = vec![
                        Cell::from(e.date.format("%Y-%m-%d").to_string()),
                        Cell::from(e.id.as_str()),
                        Cell::from(e.title.as_str()),
                        Cell::from(e.note.clone().unwrap_or_default()),
                    ];
                    if problems {
                        row.push(Cell::from(e.problems.clone().unwrap_or_default()));
                    }
                    if next_steps {
                        row.push(Cell::from(e.next_steps.clone().unwrap_or_default()));
                    }
                    row.push(Cell::from(
                        e.statuses
                            .map(|(from, to)| super::status_change_in(from, to, lang))
                            .unwrap_or_default(),
                    ));
                    row
                })
                .collect(),
        });
    }
    blocks.extend(unreported_blocks(report, lang));
    blocks.extend(targets_blocks(report, lang));
    let (label, start, end) = (
        period.period.display_in(lang),
        period.period.start,
        period.period.end,
    );
    let (n, entries) = (period.entries, count(period.entries, "entry", "entries"));
    Section {
        heading: tr_in!(
            lang,
            "四、本期进展：{label}（{start} 至 {end}，共 {n} 条）",
            "4. Progress this period: {label} ({start} to {end}, {entries})"
        ),
        blocks,
    }
}

/// "年度目标：本期到期时间节点 5 个，已完成 3 个，未完成 2 个。", where
/// some milestone fell due in the period.
pub fn targets_text(report: &Report, lang: Lang) -> Option<String> {
    let targets = &report.targets;
    let (due, met, missed) = (targets.due, targets.met, targets.missed);
    let milestones = count(due, "milestone", "milestones");
    (due > 0).then(|| {
        tr_in!(
            lang,
            "年度目标：本期到期时间节点 {due} 个，已完成 {met} 个，未完成 {missed} 个。",
            "Annual targets: {milestones} fell due in this period, {met} met, {missed} missed."
        )
    })
}

/// Columns of the 年度目标 table.
pub fn targets_columns(lang: Lang) -> Vec<Head> {
    vec![
        Head::new(pick_in(lang, "牵头单位", "Lead"), Wrap::Names),
        Head::fixed(pick_in(lang, "到期节点", "Due")),
        Head::fixed(pick_in(lang, "已完成", "Met")),
        Head::new(pick_in(lang, "未完成节点", "Missed"), Wrap::Text),
    ]
}

/// One lead unit's row of the 年度目标 table.
pub fn targets_row(unit: &crate::report::TargetUnit, lang: Lang) -> [Cell; 4] {
    let missed: Vec<String> = unit
        .missed
        .iter()
        .map(|m| {
            let by = m.by.format("%Y-%m-%d");
            tr_in!(lang, "{}：{by} {}", "{}: {by} {}", m.name, m.goal)
        })
        .collect();
    let missed = if missed.is_empty() {
        pick_in(lang, "无", "none").to_string()
    } else {
        missed.join(pick_in(lang, "；", "; "))
    };
    [
        Cell::from(unit.department.as_str()),
        Cell::from(unit.due.to_string()),
        Cell::from(unit.met.to_string()),
        Cell::from(missed),
    ]
}

/// 年度目标 of the period: the figures and a row per lead unit, only
/// where some milestone fell due.
fn targets_blocks(report: &Report, lang: Lang) -> Vec<Block> {
    let Some(text) = targets_text(report, lang) else {
        return Vec::new();
    };
    vec![
        Block::Paragraph(text),
        Block::Table {
            header: targets_columns(lang),
            rows: report
                .targets
                .by_department
                .iter()
                .map(|u| targets_row(u, lang).into())
                .collect(),
        },
    ]
}

/// Columns of the 未报送单位 table.
pub fn unreported_columns(lang: Lang) -> Vec<Head> {
    vec![
        Head::new(pick_in(lang, "单位", "Department"), Wrap::Names),
        Head::fixed(pick_in(lang, "未报送任务数", "Tasks")),
        Head::new(
            pick_in(lang, "未报送任务", "Tasks not reported on"),
            Wrap::Text,
        ),
    ]
}

/// The 未报送单位 of the period: a heading and a table, or a line saying
/// every unit reported; then, only where there are some, the units that
/// left some tasks without progress (部分任务未报送进展), in their own
/// list.
fn unreported_blocks(report: &Report, lang: Lang) -> Vec<Block> {
    let units = &report.period.unreported;
    let n = units.len();
    let mut blocks = if units.is_empty() {
        vec![Block::Paragraph(
            pick_in(
                lang,
                "未报送单位：无（各单位均已报送）。",
                "Departments that did not report: none.",
            )
            .into(),
        )]
    } else {
        let departments = count(n, "department", "departments");
        vec![
            Block::Subheading(tr_in!(
                lang,
                "未报送单位（{n} 个）",
                "Departments that did not report ({departments})"
            )),
            units_table(units, lang),
        ]
    };
    let partly = &report.period.partly_reported;
    if !partly.is_empty() {
        blocks.push(Block::Subheading(partly_heading(partly.len(), lang)));
        blocks.push(units_table(partly, lang));
    }
    let late = &report.period.late;
    if !late.is_empty() {
        blocks.push(Block::Subheading(late_heading(late.len(), lang)));
        let mut table = units_table(late, lang);
        if let Block::Table { header, .. } = &mut table {
            *header = late_columns(lang);
        }
        blocks.push(table);
    }
    blocks
}

/// "逾期补报单位（1 个）": units that replied after the period's window.
pub fn late_heading(n: usize, lang: Lang) -> String {
    let departments = count(n, "unit", "units");
    tr_in!(
        lang,
        "逾期补报单位（{n} 个）：报送期满后补报，计为已报送",
        "Units that replied late ({departments}): after the period's window, counted as replies"
    )
}

/// The columns of the 逾期补报 table.
pub fn late_columns(lang: Lang) -> Vec<Head> {
    vec![
        Head::new(pick_in(lang, "单位", "Department"), Wrap::Names),
        Head::fixed(pick_in(lang, "补报任务数", "Tasks")),
        Head::new(pick_in(lang, "补报任务", "Tasks reported late"), Wrap::Text),
    ]
}

/// "部分任务未报送进展（2 个）".
pub fn partly_heading(n: usize, lang: Lang) -> String {
    let departments = count(n, "unit", "units");
    tr_in!(
        lang,
        "部分任务未报送进展（{n} 个）",
        "Units that left some tasks without progress ({departments})"
    )
}

/// A unit per row, with the tasks it did not report on.
fn units_table(units: &[crate::report::Unreported], lang: Lang) -> Block {
    Block::Table {
        header: unreported_columns(lang),
        rows: units
            .iter()
            .map(|u| {
                vec![
                    Cell::from(u.department.as_str()),
                    Cell::from(u.tasks.len().to_string()),
                    Cell::from(u.tasks.join(pick_in(lang, "、", ", "))),
                ]
            })
            .collect(),
    }
}

/// 五、任务台账: every task, in the columns of `ledger::COLUMNS`.
fn ledger_section(report: &Report, lang: Lang) -> Section {
    use super::ledger::{cells, COLUMNS};
    let header = COLUMNS
        .iter()
        .map(|c| Head {
            text: c.header(lang),
            wrap: c.wrap,
            optional: c.optional,
        })
        .collect();
    let rows = cells(report.tasks.iter().map(|t| &**t), lang)
        .into_iter()
        .map(|row| {
            row.into_iter()
                .map(|v| Cell {
                    text: v.text(lang),
                    light: v.light(),
                })
                .collect()
        })
        .collect();
    Section {
        heading: pick_in(lang, "五、任务台账", "5. Task ledger").into(),
        blocks: vec![Block::Table { header, rows }],
    }
}

/// The rule behind the lights, printed with every report.
pub fn light_rule(rules: &Rules, lang: Lang) -> String {
    let (soon, stale) = (rules.due_soon_days, rules.stale_after_days);
    tr_in!(lang,
        "预警规则：已完成、已取消为绿；逾期或状态为滞后为红；{soon} 天内到期或超过 {stale} 天未报送进展为黄；其余为绿。",
        "Alert rule: done and cancelled tasks are green; overdue or delayed tasks are red; tasks due within {soon} days or with no progress for over {stale} days are yellow; all others are green.",
    )
}

/// The notes printed at the end of every report: the light rule, how
/// carried-over tasks count, what "as of" means.
pub fn notes(report: &Report, lang: Lang) -> Vec<String> {
    vec![
        light_rule(&report.rules, lang),
        pick_in(lang,
            "已结转任务（结转至后续计划）单列一栏，不计入各状态数，也不计入完成率的分母；从不计为逾期或红灯。完成率 = 已完成 ÷（任务总数 − 已取消 − 已结转）。",
            "Carried-over tasks (continued in a successor plan) have their own column: they are not in the status counts nor in the completion rate's denominator, and are never overdue or red. Completion = done ÷ (all − cancelled − carried over).",
        )
        .to_string(),
        pick_in(lang,
            "截至日期的含义：各任务的状态、完成时限和进展均按该日的情况计算（其后的进展、延期不计）；最新进展指日期最晚的一条（同日以文件顺序靠后者为准）。结转不记日期：计划已结束的，自结束之日起生效；计划未结束的，自记录起对任何日期生效。",
            "“As of” a date: each task's status, deadline and progress as they stood that day (later entries and extensions not counted); the latest progress is the entry with the latest date (file order breaks ties). A carry-over records no date: once the plan is closed it holds from the day the plan ended; before that, on any date.",
        )
        .to_string(),
    ]
}

/// The report in the terminal, laid out by measured fit: the full layout
/// where every one of its tables fits the width (`narrow::fits`: nothing
/// broken, no text column squeezed below a phrase) and it takes no more
/// lines than the narrow one (so a wider terminal never gives a longer
/// report), else the narrow one. `wide` asks for the full layout whatever
/// the width.
pub fn table(
    out: &mut dyn Write,
    report: &Report,
    style: Style,
    wide: bool,
    lang: Lang,
) -> io::Result<()> {
    let keep = super::narrow::kept_words(report, lang);
    let sections = document(report, lang);
    if wide {
        return full(out, report, sections, &keep, style, lang);
    }
    let fits = sections
        .iter()
        .flat_map(|s| &s.blocks)
        .all(|block| match block {
            Block::Table { header, rows } => super::narrow::fits(style.width, header, rows, &keep),
            _ => true,
        });
    if !fits {
        return super::narrow::report(out, report, style, lang);
    }
    let (mut wide_text, mut narrow_text) = (Vec::new(), Vec::new());
    full(&mut wide_text, report, sections, &keep, style, lang)?;
    super::narrow::report(&mut narrow_text, report, style, lang)?;
    let lines = |text: &[u8]| text.iter().filter(|&&b| b == b'\n').count();
    if lines(&wide_text) <= lines(&narrow_text) {
        out.write_all(&wide_text)
    } else {
        out.write_all(&narrow_text)
    }
}

/// The full layout: each section's paragraphs and tables, the tables
/// fitted to the width.
fn full(
    out: &mut dyn Write,
    report: &Report,
    sections: Vec<Section>,
    keep: &super::narrow::Words,
    style: Style,
    lang: Lang,
) -> io::Result<()> {
    use super::narrow::paragraph;
    let width = usize::from(style.width);
    paragraph(out, &title(report, lang), width)?;
    paragraph(out, &subtitle(report, lang), width)?;
    for section in sections {
        writeln!(out)?;
        paragraph(out, &section.heading, width)?;
        for block in section.blocks {
            match block {
                Block::Paragraph(text) | Block::Subheading(text) => paragraph(out, &text, width)?,
                Block::Table { header, rows } => {
                    writeln!(out, "{}", super::narrow::fitted(style, &header, rows, keep))?;
                }
            }
        }
    }
    for note in notes(report, lang) {
        writeln!(out)?;
        paragraph(out, &note, width)?;
    }
    Ok(())
}

pub fn markdown(out: &mut dyn Write, report: &Report, lang: Lang) -> io::Result<()> {
    use super::markdown::escape;
    writeln!(out, "# {}", escape(&title(report, lang)))?;
    writeln!(out)?;
    writeln!(out, "{}", escape(&subtitle(report, lang)))?;
    for section in document(report, lang) {
        writeln!(out)?;
        writeln!(out, "## {}", escape(&section.heading))?;
        for block in section.blocks {
            writeln!(out)?;
            match block {
                Block::Paragraph(text) => writeln!(out, "{}", escape(&text))?,
                Block::Subheading(text) => writeln!(out, "### {}", escape(&text))?,
                Block::Table { header, rows } => {
                    let rows: Vec<Vec<String>> = rows
                        .into_iter()
                        .map(|row| {
                            row.into_iter()
                                .map(|c| match c.light {
                                    Some(light) if c.text.starts_with(light.label_in(lang)) => {
                                        format!("{} {}", emoji(light), c.text)
                                    }
                                    _ => c.text,
                                })
                                .collect()
                        })
                        .collect();
                    let header: Vec<&str> = header.iter().map(|h| h.text).collect();
                    super::markdown::table(out, &header, &rows)?;
                }
            }
        }
    }
    for note in notes(report, lang) {
        writeln!(out)?;
        writeln!(out, "{}", escape(&note))?;
    }
    Ok(())
}

fn emoji(light: Light) -> &'static str {
    match light {
        Light::Red => "🔴",
        Light::Yellow => "🟡",
        Light::Green => "🟢",
    }
}
