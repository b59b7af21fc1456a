//! The report as a document — sections of paragraphs and tables — drawn
//! the same way in the terminal, in Markdown and in HTML. (The workbook
//! has its own layout: see `xlsx.rs`.)

use std::io::{self, Write};

use super::heading;
use crate::i18n::{count, pick};
use crate::model::Status;
use crate::render::Style;
use crate::report::{Counts, Light, Reason, Report, Rules, TaskLine};
use crate::tr;

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
        header: Vec<&'static str>,
        rows: Vec<Vec<Cell>>,
    },
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

impl Wrap {
    /// The kind of a column, by its header.
    pub fn of(header: &str) -> Wrap {
        let names = [
            heading::lead(),
            heading::responsible(),
            unreported_columns()[0],
        ];
        let text = [
            heading::task(),
            heading::due(),
            heading::status(),
            heading::progress(),
            heading::latest_progress(),
            heading::status_change(),
            heading::alert(),
            pick("进展情况", "Progress"),
            problems_heading(),
            next_steps_heading(),
            pick("原因", "Why"),
            unreported_columns()[2],
        ];
        if names.contains(&header) {
            Wrap::Names
        } else if text.contains(&header) {
            Wrap::Text
        } else {
            Wrap::Never
        }
    }
}

/// Column headers of the ledger (台账): the standard columns, with
/// 进展情况, 存在问题 and 下步打算 from the latest entry that has them.
pub fn ledger_columns() -> [&'static str; 12] {
    [
        pick("序号", "No."),
        heading::task_id(),
        heading::task(),
        heading::lead(),
        heading::responsible(),
        heading::due(),
        heading::status(),
        pick("进展情况", "Progress"),
        problems_heading(),
        next_steps_heading(),
        heading::updated(),
        heading::alert(),
    ]
}

pub fn problems_heading() -> &'static str {
    pick("存在问题", "Problems")
}

pub fn next_steps_heading() -> &'static str {
    pick("下步打算", "Next steps")
}

/// Where a carried-over task continues: its link without `../` and `.yaml`.
pub fn successor(line: &TaskLine) -> Option<String> {
    let link = line.task.carried_over_to.as_deref()?;
    let link = link.trim_start_matches("./");
    let mut short = link;
    while let Some(rest) = short.strip_prefix("../") {
        short = rest;
    }
    Some(short.strip_suffix(".yaml").unwrap_or(short).to_string())
}

/// The status cell: the status on the as-of date, or "已结转" with where to.
pub fn status_text(line: &TaskLine) -> String {
    match successor(line).filter(|_| line.carried_over) {
        Some(to) => tr!("已结转至 {to}", "carried over to {to}"),
        None => line.status_text().to_string(),
    }
}

/// The 台账 row of a task, matching `ledger_columns()`.
pub fn ledger_cells(index: usize, line: &TaskLine) -> Vec<Cell> {
    let task = &line.task;
    let mut lead = task.lead.join("、");
    if task.lead_provisional {
        lead.push_str(pick("【暂定】", " (provisional)"));
    }
    let mut due = task.due.format("%Y-%m-%d").to_string();
    if task.due != line.original_due() {
        let original = line.original_due().format("%Y-%m-%d");
        due.push_str(&tr!("（原定 {original}）", " (originally {original})"));
    }
    let latest = line.latest_progress.as_ref();
    let progress = latest
        .filter(|p| !p.note.is_empty())
        .map(|p| tr!("{}：{}", "{}: {}", p.by, p.note))
        .unwrap_or_default();
    let problems = latest.and_then(|p| p.problems.clone()).unwrap_or_default();
    let next_steps = latest
        .and_then(|p| p.next_steps.clone())
        .unwrap_or_default();
    vec![
        Cell::from((index + 1).to_string()),
        Cell::from(task.id.as_str()),
        Cell::from(task.title.as_str()),
        Cell::from(lead),
        Cell::from(task.responsible.join("、")),
        Cell::from(due),
        Cell::from(status_text(line)),
        Cell::from(progress),
        Cell::from(problems),
        Cell::from(next_steps),
        Cell::from(
            line.updated
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
        ),
        light_cell(line),
    ]
}

/// The light with the reasons behind it: "红（逾期 1 天）". A
/// carried-over task has no light: "已结转".
pub fn light_cell(line: &TaskLine) -> Cell {
    Cell {
        text: light_text(line),
        light: (!line.carried_over).then_some(line.light),
    }
}

/// The light and its reasons in words: "黄（16 天内到期，1581 天未报送进展）".
pub fn light_text(line: &TaskLine) -> String {
    if line.carried_over {
        return pick("已结转", "carried over").to_string();
    }
    let light = line.light.label();
    if line.reasons.is_empty() {
        return light.to_string();
    }
    let why = reasons_text(line);
    tr!("{light}（{why}）", "{light} ({why})")
}

/// The reasons of a task in words, joined: "逾期 15 天，滞后".
pub fn reasons_text(line: &TaskLine) -> String {
    let why: Vec<String> = line.reasons.iter().map(|r| reason_text(*r)).collect();
    why.join(pick("，", ", "))
}

/// One reason in words, for every format.
pub fn reason_text(reason: Reason) -> String {
    match reason {
        Reason::Overdue { days_overdue: days } => {
            // An overdue task is at least a day late: never negative.
            let en = count(usize::try_from(days).unwrap_or(0), "day", "days");
            tr!("逾期 {days} 天", "{en} overdue")
        }
        Reason::Delayed => pick("滞后", "delayed").to_string(),
        Reason::DueSoon { days_left: 0 } => pick("今日到期", "due today").to_string(),
        Reason::DueSoon { days_left: days } => {
            let en = count(usize::try_from(days).unwrap_or(0), "day", "days");
            tr!("{days} 天后到期", "due in {en}")
        }
        Reason::Stale {
            days_since_update: days,
        } => tr!("{days} 天未报送进展", "no progress for {days} days"),
    }
}

/// Headers of the counts by status and the completion rate. 已结转 has
/// its own column and is not in the rate's denominator.
pub fn count_columns() -> [&'static str; 7] {
    [
        Status::Done.display(),
        Status::InProgress.display(),
        Status::NotStarted.display(),
        Status::Delayed.display(),
        Status::Cancelled.display(),
        pick("已结转", "Carried over"),
        pick("完成率", "Completion"),
    ]
}

/// Headers of the alert counts: overdue, stale, and each light.
pub fn alert_columns() -> [&'static str; 5] {
    [
        pick("逾期", "Overdue"),
        pick("长期未报送", "Stale"),
        Light::Red.label(),
        Light::Yellow.label(),
        Light::Green.label(),
    ]
}

/// Headers of a row per lead department: the name, the tasks it leads,
/// then the counts and the alerts.
pub fn department_columns() -> Vec<&'static str> {
    let mut header = vec![heading::lead(), pick("牵头任务", "Tasks led")];
    header.extend(count_columns());
    header.extend(alert_columns());
    header
}

fn count_cells(counts: &Counts) -> Vec<Cell> {
    vec![
        Cell::from(counts.done.to_string()),
        Cell::from(counts.in_progress.to_string()),
        Cell::from(counts.not_started.to_string()),
        Cell::from(counts.delayed.to_string()),
        Cell::from(counts.cancelled.to_string()),
        Cell::from(counts.carried_over.to_string()),
        Cell::from(format!("{:.1}%", counts.completion_rate())),
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
pub fn title(report: &Report) -> String {
    let title = pick("督查报告", "Supervision report");
    match &report.department {
        Some(dept) => format!("{dept} {title}"),
        None => title.to_string(),
    }
}

/// "本计划已于 2022-12-31 结束。" for a plan closed by the as-of date.
pub fn plan_ended(report: &Report) -> Option<String> {
    let day = report.plan_ended_on?;
    Some(tr!(
        "本计划已于 {day} 结束（close-plan）；未完成的任务已结转或列为未完成。",
        "This plan ended on {day} (close-plan); unfinished tasks are carried over or shown as unfinished."
    ))
}

/// The line under the title: the plan and the as-of date.
pub fn subtitle(report: &Report) -> String {
    let names = match report.names {
        crate::report::Names::Current => pick(
            "部门名称按截至日期的现名",
            "departments by their names on that date",
        ),
        crate::report::Names::AsWritten => {
            pick("部门名称按通知原文", "departments as the notice names them")
        }
    };
    let (plan, as_of) = (&report.title, report.as_of);
    if plan.is_empty() {
        tr!("截至 {as_of}；{names}", "As of {as_of}; {names}")
    } else {
        tr!(
            "{plan}　截至 {as_of}；{names}",
            "{plan} — as of {as_of}; {names}"
        )
    }
}

/// The overview in one paragraph.
pub fn overview_text(report: &Report) -> String {
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
    let rate = report.overview.completion_rate;
    let tasks = count(total, "task", "tasks");
    let Rules {
        stale_after_days: stale_days,
        due_soon_days: soon_days,
        ..
    } = report.rules;
    let carried = if carried_over > 0 {
        tr!(
            "，已结转 {carried_over} 项",
            ", {carried_over} carried over"
        )
    } else {
        String::new()
    };
    let mut text = tr!(
        "共 {total} 项任务：已完成 {done} 项，推进中 {in_progress} 项，未启动 {not_started} 项，滞后 {delayed} 项，已取消 {cancelled} 项{carried}；完成率 {rate:.1}%。逾期 {overdue} 项（按原定时限计 {overdue_vs_original} 项），{soon_days} 天内到期 {due_soon} 项，超过 {stale_days} 天未报送进展 {stale} 项。",
        "{tasks} in all: {done} done, {in_progress} in progress, {not_started} not started, {delayed} delayed, {cancelled} cancelled{carried}; {rate:.1}% complete. {overdue} overdue ({overdue_vs_original} against the original deadlines), {due_soon} due within {soon_days} days, {stale} with no progress reported for over {stale_days} days."
    );
    if let Some(ended) = plan_ended(report) {
        text.push_str(pick("", " "));
        text.push_str(&ended);
    }
    text
}

/// The report's five sections, in order.
pub fn document(report: &Report) -> Vec<Section> {
    vec![
        overview_section(report),
        departments_section(report),
        notices_section(report),
        period_section(report),
        ledger_section(report),
    ]
}

/// 一、总体情况: the overview paragraph and its figures in one row.
fn overview_section(report: &Report) -> Section {
    let o = &report.overview.counts;
    let mut header = vec![pick("任务总数", "Tasks")];
    header.extend(count_columns());
    header.extend(alert_columns());
    let mut row = vec![Cell::from(o.total.to_string())];
    row.extend(count_cells(o));
    row.extend(alert_cells(o));
    Section {
        heading: pick("一、总体情况", "1. Overview").into(),
        blocks: vec![
            Block::Paragraph(overview_text(report)),
            Block::Table {
                header,
                rows: vec![row],
            },
        ],
    }
}

/// 二、各牵头单位情况: a row per lead department.
fn departments_section(report: &Report) -> Section {
    let rows = report
        .departments
        .iter()
        .map(|d| {
            let mut row = vec![Cell::from(d.name.as_str()), Cell::from(d.led.to_string())];
            row.extend(count_cells(&d.counts));
            row.extend(alert_cells(&d.counts));
            row
        })
        .collect();
    Section {
        heading: pick("二、各牵头单位情况", "2. By lead department").into(),
        blocks: vec![Block::Table {
            header: department_columns(),
            rows,
        }],
    }
}

/// Columns of the 通报 table.
pub fn notice_columns() -> [&'static str; 6] {
    [
        heading::lead(),
        heading::task_id(),
        heading::task(),
        heading::due(),
        heading::status(),
        pick("原因", "Why"),
    ]
}

/// The rule that puts a task on the 通报, with the plan's thresholds.
pub fn notice_rule(rules: &Rules) -> String {
    let (soon, stale) = (rules.due_soon_days, rules.stale_after_days);
    tr!(
        "列入通报的是预警为红或黄的全部任务：逾期、滞后（红），{soon} 天内到期、超过 {stale} 天未报送进展（黄）。已完成、已取消、已结转的任务不列入。",
        "The notices list every task whose light is red or yellow: overdue or delayed (red), due within {soon} days or without progress for over {stale} days (yellow). Done, cancelled and carried-over tasks are not listed."
    )
}

/// 三、通报: every red or yellow task, with its reasons, in one table
/// (lead department first; a co-led task under each lead).
fn notices_section(report: &Report) -> Section {
    let mut blocks = vec![Block::Paragraph(notice_rule(&report.rules))];
    let listed: usize = report.overview.counts.red + report.overview.counts.yellow;
    if report.notices.is_empty() {
        blocks.push(Block::Paragraph(
            pick("无列入通报的任务。", "No task is on the notices.").into(),
        ));
    } else {
        let units = report.notices.len();
        blocks.push(Block::Paragraph(tr!(
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
                        Cell::from(status_text(t)),
                        Cell {
                            text: reasons_text(t),
                            light: Some(t.light),
                        },
                    ]
                })
            })
            .collect();
        blocks.push(Block::Table {
            header: notice_columns().to_vec(),
            rows,
        });
    }
    Section {
        heading: pick(
            "三、通报：逾期、滞后、临近时限及长期未报送进展的任务",
            "3. Notices: tasks overdue, delayed, due soon or without progress",
        )
        .into(),
        blocks,
    }
}

/// 四、本期进展: the period's entries, a table per reporting department.
fn period_section(report: &Report) -> Section {
    let period = &report.period;
    let mut blocks = Vec::new();
    if period.by_department.is_empty() {
        blocks.push(Block::Paragraph(
            pick("本期无进展报送。", "No progress reported in this period.").into(),
        ));
    }
    for group in &period.by_department {
        let (dept, n) = (&group.department, group.entries.len());
        let entries = count(n, "entry", "entries");
        blocks.push(Block::Subheading(tr!(
            "{dept}（{n} 条）",
            "{dept} ({entries})"
        )));
        // 存在问题 and 下步打算 where some entry of the group has them.
        let problems = group.entries.iter().any(|e| e.problems.is_some());
        let next_steps = group.entries.iter().any(|e| e.next_steps.is_some());
        let mut header = vec![
            heading::date(),
            heading::task_id(),
            heading::task(),
            heading::progress(),
        ];
        header.extend(problems.then(problems_heading));
        header.extend(next_steps.then(next_steps_heading));
        header.push(heading::status_change());
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
                            .map(|(from, to)| super::status_change(from, to))
                            .unwrap_or_default(),
                    ));
                    row
                })
                .collect(),
        });
    }
    blocks.extend(unreported_blocks(report));
    let (label, start, end) = (
        period.period.display(),
        period.period.start,
        period.period.end,
    );
    let (n, entries) = (period.entries, count(period.entries, "entry", "entries"));
    Section {
        heading: tr!(
            "四、本期进展：{label}（{start} 至 {end}，共 {n} 条）",
            "4. Progress this period: {label} ({start} to {end}, {entries})"
        ),
        blocks,
    }
}

/// Columns of the 未报送单位 table.
pub fn unreported_columns() -> [&'static str; 3] {
    [
        pick("单位", "Department"),
        pick("未报送任务数", "Tasks"),
        pick("未报送任务", "Tasks not reported on"),
    ]
}

/// The 未报送单位 of the period: a heading and a table, or a line saying
/// every unit reported.
fn unreported_blocks(report: &Report) -> Vec<Block> {
    let units = &report.period.unreported;
    let n = units.len();
    if units.is_empty() {
        return vec![Block::Paragraph(
            pick(
                "未报送单位：无（各单位均已报送）。",
                "Departments that did not report: none.",
            )
            .into(),
        )];
    }
    let departments = count(n, "department", "departments");
    vec![
        Block::Subheading(tr!(
            "未报送单位（{n} 个）",
            "Departments that did not report ({departments})"
        )),
        Block::Table {
            header: unreported_columns().to_vec(),
            rows: units
                .iter()
                .map(|u| {
                    vec![
                        Cell::from(u.department.as_str()),
                        Cell::from(u.tasks.len().to_string()),
                        Cell::from(u.tasks.join(pick("、", ", "))),
                    ]
                })
                .collect(),
        },
    ]
}

/// 五、任务台账: every task.
fn ledger_section(report: &Report) -> Section {
    Section {
        heading: pick("五、任务台账", "5. Task ledger").into(),
        blocks: vec![Block::Table {
            header: ledger_columns().to_vec(),
            rows: report
                .tasks
                .iter()
                .enumerate()
                .map(|(i, t)| ledger_cells(i, t))
                .collect(),
        }],
    }
}

/// The rule behind the lights, printed with every report.
pub fn light_rule(rules: &Rules) -> String {
    let (soon, stale) = (rules.due_soon_days, rules.stale_after_days);
    tr!(
        "预警规则：已完成、已取消为绿；逾期或状态为滞后为红；{soon} 天内到期或超过 {stale} 天未报送进展为黄；其余为绿。",
        "Alert rule: done and cancelled tasks are green; overdue or delayed tasks are red; tasks due within {soon} days or with no progress for over {stale} days are yellow; all others are green.",
    )
}

/// The notes printed at the end of every report: the light rule, how
/// carried-over tasks count, what "as of" means.
pub fn notes(report: &Report) -> Vec<String> {
    vec![
        light_rule(&report.rules),
        pick(
            "已结转任务（结转至后续计划）单列一栏，不计入各状态数，也不计入完成率的分母；从不计为逾期或红灯。完成率 = 已完成 ÷（任务总数 − 已取消 − 已结转）。",
            "Carried-over tasks (continued in a successor plan) have their own column: they are not in the status counts nor in the completion rate's denominator, and are never overdue or red. Completion = done ÷ (all − cancelled − carried over).",
        )
        .to_string(),
        pick(
            "截至日期的含义：各任务的状态、完成时限和进展均按该日的情况计算（其后的进展、延期不计）；最新进展指日期最晚的一条（同日以文件顺序靠后者为准）。结转不记日期：计划已结束（close-plan）的，自结束之日起生效；计划未结束的，自记录起对任何日期生效。",
            "“As of” a date: each task's status, deadline and progress as they stood that day (later entries and extensions not counted); the latest progress is the entry with the latest date (file order breaks ties). A carry-over records no date: once the plan is closed (close-plan) it holds from the day the plan ended; before that, on any date.",
        )
        .to_string(),
    ]
}

/// The report in the terminal: the full layout at `narrow::WIDE` columns
/// or more, or with `wide`; else the narrow one.
pub fn table(out: &mut dyn Write, report: &Report, style: Style, wide: bool) -> io::Result<()> {
    if !wide && style.width < super::narrow::WIDE {
        return super::narrow::report(out, report, style);
    }
    use super::narrow::paragraph;
    let width = usize::from(style.width);
    let keep = super::narrow::kept_words(report);
    paragraph(out, &title(report), width)?;
    paragraph(out, &subtitle(report), width)?;
    for section in document(report) {
        writeln!(out)?;
        paragraph(out, &section.heading, width)?;
        for block in section.blocks {
            match block {
                Block::Paragraph(text) | Block::Subheading(text) => paragraph(out, &text, width)?,
                Block::Table { header, rows } => {
                    writeln!(
                        out,
                        "{}",
                        super::narrow::fitted(style, &header, rows, &keep)
                    )?;
                }
            }
        }
    }
    for note in notes(report) {
        writeln!(out)?;
        paragraph(out, &note, width)?;
    }
    Ok(())
}

pub fn markdown(out: &mut dyn Write, report: &Report) -> io::Result<()> {
    use super::markdown::escape;
    writeln!(out, "# {}", escape(&title(report)))?;
    writeln!(out)?;
    writeln!(out, "{}", escape(&subtitle(report)))?;
    for section in document(report) {
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
                                    Some(light) if c.text.starts_with(light.label()) => {
                                        format!("{} {}", emoji(light), c.text)
                                    }
                                    _ => c.text,
                                })
                                .collect()
                        })
                        .collect();
                    super::markdown::table(out, &header, &rows)?;
                }
            }
        }
    }
    for note in notes(report) {
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
