//! The report as a document — sections of paragraphs and tables — drawn
//! the same way in the terminal, in Markdown and in HTML. (The workbook
//! has its own layout: see `xlsx.rs`.)

use std::io::{self, Write};

use comfy_table::Color;

use super::heading;
use crate::context::Style;
use crate::i18n::{count, pick};
use crate::model::Status;
use crate::report::{Counts, Light, Reason, Report, TaskLine, DUE_SOON_DAYS, STALE_AFTER_DAYS};
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

/// Column headers of the ledger (台账).
pub fn ledger_columns() -> [&'static str; 10] {
    [
        pick("序号", "No."),
        heading::task_id(),
        heading::task(),
        heading::lead(),
        heading::responsible(),
        heading::due(),
        heading::status(),
        heading::latest_progress(),
        heading::updated(),
        heading::alert(),
    ]
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
    let latest = line
        .latest_progress
        .as_ref()
        .map(|p| tr!("{}：{}", "{}: {}", p.by, p.note))
        .unwrap_or_default();
    vec![
        Cell::from((index + 1).to_string()),
        Cell::from(task.id.as_str()),
        Cell::from(task.title.as_str()),
        Cell::from(lead),
        Cell::from(task.responsible.join("、")),
        Cell::from(due),
        Cell::from(task.status.display()),
        Cell::from(latest),
        Cell::from(
            line.updated
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
        ),
        light_cell(line),
    ]
}

/// The cells that open every per-task table: id, title, deadline, status.
pub fn task_cells(line: &TaskLine) -> Vec<Cell> {
    let task = &line.task;
    vec![
        Cell::from(task.id.as_str()),
        Cell::from(task.title.as_str()),
        Cell::from(task.due.format("%Y-%m-%d").to_string()),
        Cell::from(task.status.display()),
    ]
}

/// The light with the reasons behind it: "红（逾期 1 天）".
pub fn light_cell(line: &TaskLine) -> Cell {
    Cell {
        text: light_text(line),
        light: Some(line.light),
    }
}

/// The light and its reasons in words: "黄（临近时限，1581 天未报送进展）".
pub fn light_text(line: &TaskLine) -> String {
    let light = line.light.label();
    if line.reasons.is_empty() {
        return light.to_string();
    }
    let why: Vec<String> = line.reasons.iter().map(|r| reason_text(*r)).collect();
    let why = why.join(pick("，", ", "));
    tr!("{light}（{why}）", "{light} ({why})")
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
        Reason::DueSoon { .. } => pick("临近时限", "due soon").to_string(),
        Reason::Stale {
            days_since_update: days,
        } => tr!("{days} 天未报送进展", "no progress for {days} days"),
    }
}

/// Headers of the counts by status and the completion rate.
pub fn count_columns() -> [&'static str; 6] {
    [
        Status::Done.display(),
        Status::InProgress.display(),
        Status::NotStarted.display(),
        Status::Delayed.display(),
        Status::Cancelled.display(),
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
fn overview_text(report: &Report) -> String {
    let Counts {
        total,
        done,
        in_progress,
        not_started,
        delayed,
        cancelled,
        overdue,
        overdue_vs_original,
        stale,
        ..
    } = report.overview.counts;
    let rate = report.overview.completion_rate;
    let tasks = count(total, "task", "tasks");
    tr!(
        "共 {total} 项任务：已完成 {done} 项，推进中 {in_progress} 项，未启动 {not_started} 项，滞后 {delayed} 项，已取消 {cancelled} 项；完成率 {rate:.1}%。逾期 {overdue} 项（按原定时限计 {overdue_vs_original} 项），超过 {STALE_AFTER_DAYS} 天未报送进展 {stale} 项。",
        "{tasks} in all: {done} done, {in_progress} in progress, {not_started} not started, {delayed} delayed, {cancelled} cancelled; {rate:.1}% complete. {overdue} overdue ({overdue_vs_original} against the original deadlines), {stale} with no progress reported for over {STALE_AFTER_DAYS} days."
    )
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

/// 三、通报: the overdue and stale tasks, a table per lead department.
fn notices_section(report: &Report) -> Section {
    let mut blocks = Vec::new();
    if report.notices.is_empty() {
        blocks.push(Block::Paragraph(tr!(
            "无逾期或长期未报送进展的任务。",
            "No task is overdue or without progress for over {STALE_AFTER_DAYS} days."
        )));
    }
    for notice in &report.notices {
        let overdue = notice.tasks.iter().filter(|t| t.overdue).count();
        let stale = notice.tasks.iter().filter(|t| t.stale).count();
        let dept = &notice.department;
        blocks.push(Block::Subheading(tr!(
            "{dept}：逾期 {overdue} 项，超过 {STALE_AFTER_DAYS} 天未报送进展 {stale} 项",
            "{dept}: {overdue} overdue, {stale} with no progress for over {STALE_AFTER_DAYS} days"
        )));
        blocks.push(Block::Table {
            header: vec![
                heading::task_id(),
                heading::task(),
                heading::due(),
                heading::status(),
                pick("逾期天数", "Days overdue"),
                pick("未报送天数", "Days without progress"),
                heading::alert(),
            ],
            rows: notice
                .tasks
                .iter()
                .map(|t| {
                    let mut row = task_cells(t);
                    row.extend([
                        Cell::from(if t.overdue {
                            t.days_overdue.to_string()
                        } else {
                            String::new()
                        }),
                        Cell::from(t.days_since_update.to_string()),
                        light_cell(t),
                    ]);
                    row
                })
                .collect(),
        });
    }
    Section {
        heading: tr!(
            "三、通报：逾期及长期未报送进展的任务",
            "3. Notices: tasks overdue or without progress for over {STALE_AFTER_DAYS} days"
        ),
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
        blocks.push(Block::Table {
            header: vec![
                heading::date(),
                heading::task_id(),
                heading::task(),
                heading::progress(),
                heading::status_change(),
            ],
            rows: group
                .entries
                .iter()
                .map(|e| {
                    vec![
                        Cell::from(e.date.format("%Y-%m-%d").to_string()),
                        Cell::from(e.id.as_str()),
                        Cell::from(e.title.as_str()),
                        Cell::from(e.note.clone().unwrap_or_default()),
                        Cell::from(
                            e.statuses
                                .map(|(from, to)| super::status_change(from, to))
                                .unwrap_or_default(),
                        ),
                    ]
                })
                .collect(),
        });
    }
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
pub fn light_rule() -> String {
    tr!(
        "预警规则：已完成、已取消为绿；逾期或状态为滞后为红；{DUE_SOON_DAYS} 天内到期或超过 {STALE_AFTER_DAYS} 天未报送进展为黄；其余为绿。",
        "Alert rule: done and cancelled tasks are green; overdue or delayed tasks are red; tasks due within {DUE_SOON_DAYS} days or with no progress for over {STALE_AFTER_DAYS} days are yellow; all others are green.",
    )
}

pub fn table(out: &mut dyn Write, report: &Report, style: Style) -> io::Result<()> {
    use super::line;
    line(out, &title(report))?;
    line(out, &subtitle(report))?;
    for section in document(report) {
        writeln!(out)?;
        line(out, &section.heading)?;
        for block in section.blocks {
            match block {
                Block::Paragraph(text) | Block::Subheading(text) => line(out, &text)?,
                Block::Table { header, rows } => {
                    let mut table = super::table::new_table(style, &header);
                    for row in rows {
                        table.add_row(row.into_iter().map(|c| {
                            let cell = super::table::cell(&c.text);
                            match (style.color, c.light) {
                                (true, Some(Light::Red)) => cell.fg(Color::Red),
                                (true, Some(Light::Yellow)) => cell.fg(Color::Yellow),
                                (true, Some(Light::Green)) => cell.fg(Color::Green),
                                _ => cell,
                            }
                        }));
                    }
                    writeln!(out, "{table}")?;
                }
            }
        }
    }
    writeln!(out)?;
    writeln!(out, "{}", light_rule())
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
    writeln!(out)?;
    writeln!(out, "{}", light_rule())
}

fn emoji(light: Light) -> &'static str {
    match light {
        Light::Red => "🔴",
        Light::Yellow => "🟡",
        Light::Green => "🟢",
    }
}
