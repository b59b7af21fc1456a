//! The report as a document — sections of paragraphs and tables — drawn
//! the same way in the terminal, in Markdown and in HTML. (The workbook
//! has its own layout: see `xlsx.rs`.)

use std::io::{self, Write};

use comfy_table::{Cell as TableCell, Color};

use crate::context::Style;
use crate::report::{Counts, Light, Report, TaskLine};

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

pub const LEDGER_COLUMNS: [&str; 10] = [
    "序号",
    "任务编号",
    "任务",
    "牵头单位",
    "责任单位",
    "完成时限",
    "状态",
    "最新进展",
    "更新日期",
    "预警",
];

/// The 台账 row of a task, matching `LEDGER_COLUMNS`.
pub fn ledger_cells(index: usize, line: &TaskLine) -> Vec<Cell> {
    let mut lead = line.lead.join("、");
    if line.lead_provisional {
        lead.push_str("【暂定】");
    }
    let mut due = line.due.format("%Y-%m-%d").to_string();
    if line.due != line.original_due {
        due.push_str(&format!(
            "（原定 {}）",
            line.original_due.format("%Y-%m-%d")
        ));
    }
    let latest = line
        .latest_progress
        .as_ref()
        .map(|p| format!("{}：{}", p.by, p.note))
        .unwrap_or_default();
    vec![
        Cell::from((index + 1).to_string()),
        Cell::from(line.id.as_str()),
        Cell::from(line.title.as_str()),
        Cell::from(lead),
        Cell::from(line.responsible.join("、")),
        Cell::from(due),
        Cell::from(line.status.label()),
        Cell::from(latest),
        Cell::from(
            line.updated
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
        ),
        light_cell(line),
    ]
}

/// The light with the reasons behind it: "红（逾期 1 天）".
pub fn light_cell(line: &TaskLine) -> Cell {
    Cell {
        text: light_text(line),
        light: Some(line.light),
    }
}

pub fn light_text(line: &TaskLine) -> String {
    let mut why = Vec::new();
    if line.overdue {
        why.push(format!("逾期 {} 天", line.days_overdue));
    }
    if line.status == crate::model::Status::Delayed {
        why.push("滞后".to_string());
    }
    if line.light == Light::Yellow && !line.overdue && !line.stale {
        why.push("临近时限".to_string());
    }
    if line.stale {
        why.push(format!("{} 天未报送进展", line.days_since_update));
    }
    if why.is_empty() {
        line.light.label().to_string()
    } else {
        format!("{}（{}）", line.light.label(), why.join("，"))
    }
}

const COUNT_COLUMNS: [&str; 6] = ["已完成", "推进中", "未启动", "滞后", "已取消", "完成率"];

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
    let mut title = "督查报告".to_string();
    if let Some(dept) = &report.department {
        title = format!("{dept} {title}");
    }
    title
}

/// The line under the title: the plan and the as-of date.
pub fn subtitle(report: &Report) -> String {
    let names = match report.names {
        crate::report::Names::Current => "部门名称按截至日期的现名",
        crate::report::Names::AsWritten => "部门名称按通知原文",
    };
    if report.title.is_empty() {
        format!("截至 {}；{names}", report.as_of)
    } else {
        format!("{}　截至 {}；{names}", report.title, report.as_of)
    }
}

pub fn document(report: &Report) -> Vec<Section> {
    let o = &report.overview.counts;
    let mut sections = Vec::new();

    let mut overview_header = vec!["任务总数"];
    overview_header.extend(COUNT_COLUMNS);
    overview_header.extend(["逾期", "长期未报送", "红", "黄", "绿"]);
    let mut overview_row = vec![Cell::from(o.total.to_string())];
    overview_row.extend(count_cells(o));
    overview_row.extend(alert_cells(o));
    sections.push(Section {
        heading: "一、总体情况".into(),
        blocks: vec![
            Block::Paragraph(format!(
                "共 {} 项任务：已完成 {} 项，推进中 {} 项，未启动 {} 项，滞后 {} 项，已取消 {} 项；完成率 {:.1}%。逾期 {} 项（按原定时限计 {} 项），超过 90 天未报送进展 {} 项。",
                o.total, o.done, o.in_progress, o.not_started, o.delayed, o.cancelled,
                report.overview.completion_rate, o.overdue, o.overdue_vs_original, o.stale
            )),
            Block::Table {
                header: overview_header,
                rows: vec![overview_row],
            },
        ],
    });

    let mut dept_header = vec!["牵头单位", "牵头任务"];
    dept_header.extend(COUNT_COLUMNS);
    dept_header.extend(["逾期", "长期未报送", "红", "黄", "绿"]);
    let dept_rows = report
        .departments
        .iter()
        .map(|d| {
            let mut row = vec![Cell::from(d.name.as_str()), Cell::from(d.led.to_string())];
            row.extend(count_cells(&d.counts));
            row.extend(alert_cells(&d.counts));
            row
        })
        .collect();
    sections.push(Section {
        heading: "二、各牵头单位情况".into(),
        blocks: vec![Block::Table {
            header: dept_header,
            rows: dept_rows,
        }],
    });

    let mut notice_blocks = Vec::new();
    if report.notices.is_empty() {
        notice_blocks.push(Block::Paragraph("无逾期或长期未报送进展的任务。".into()));
    }
    for notice in &report.notices {
        let overdue = notice.tasks.iter().filter(|t| t.overdue).count();
        let stale = notice.tasks.iter().filter(|t| t.stale).count();
        notice_blocks.push(Block::Subheading(format!(
            "{}：逾期 {overdue} 项，超过 90 天未报送进展 {stale} 项",
            notice.department
        )));
        notice_blocks.push(Block::Table {
            header: vec![
                "任务编号",
                "任务",
                "完成时限",
                "状态",
                "逾期天数",
                "未报送天数",
                "预警",
            ],
            rows: notice
                .tasks
                .iter()
                .map(|t| {
                    vec![
                        Cell::from(t.id.as_str()),
                        Cell::from(t.title.as_str()),
                        Cell::from(t.due.format("%Y-%m-%d").to_string()),
                        Cell::from(t.status.label()),
                        Cell::from(if t.overdue {
                            t.days_overdue.to_string()
                        } else {
                            String::new()
                        }),
                        Cell::from(t.days_since_update.to_string()),
                        light_cell(t),
                    ]
                })
                .collect(),
        });
    }
    sections.push(Section {
        heading: "三、通报：逾期及长期未报送进展的任务".into(),
        blocks: notice_blocks,
    });

    let period = &report.period;
    let mut period_blocks = Vec::new();
    if period.by_department.is_empty() {
        period_blocks.push(Block::Paragraph("本期无进展报送。".into()));
    }
    for group in &period.by_department {
        period_blocks.push(Block::Subheading(format!(
            "{}（{} 条）",
            group.department,
            group.entries.len()
        )));
        period_blocks.push(Block::Table {
            header: vec!["日期", "任务编号", "任务", "进展", "状态变化"],
            rows: group
                .entries
                .iter()
                .map(|e| {
                    vec![
                        Cell::from(e.date.format("%Y-%m-%d").to_string()),
                        Cell::from(e.id.as_str()),
                        Cell::from(e.title.as_str()),
                        Cell::from(e.note.clone().unwrap_or_default()),
                        Cell::from(e.status_change.clone().unwrap_or_default()),
                    ]
                })
                .collect(),
        });
    }
    sections.push(Section {
        heading: format!(
            "四、本期进展：{}（{} 至 {}，共 {} 条）",
            period.period.label, period.period.start, period.period.end, period.entries
        ),
        blocks: period_blocks,
    });

    sections.push(Section {
        heading: "五、任务台账".into(),
        blocks: vec![Block::Table {
            header: LEDGER_COLUMNS.to_vec(),
            rows: report
                .tasks
                .iter()
                .enumerate()
                .map(|(i, t)| ledger_cells(i, t))
                .collect(),
        }],
    });
    sections
}

/// The rule behind the lights, printed with every report.
pub const LIGHT_RULE: &str = "预警规则：已完成、已取消为绿；逾期或状态为滞后为红；30 天内到期或超过 90 天未报送进展为黄；其余为绿。";

pub fn table(out: &mut dyn Write, report: &Report, style: Style) -> io::Result<()> {
    writeln!(out, "{}", title(report))?;
    writeln!(out, "{}", subtitle(report))?;
    for section in document(report) {
        writeln!(out)?;
        writeln!(out, "{}", section.heading)?;
        for block in section.blocks {
            match block {
                Block::Paragraph(text) => writeln!(out, "{text}")?,
                Block::Subheading(text) => writeln!(out, "{text}")?,
                Block::Table { header, rows } => {
                    let mut table = super::table::new_table(style, &header);
                    for row in rows {
                        table.add_row(row.into_iter().map(|c| {
                            let cell = TableCell::new(c.text);
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
    writeln!(out, "{LIGHT_RULE}")
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
    writeln!(out, "{LIGHT_RULE}")
}

fn emoji(light: Light) -> &'static str {
    match light {
        Light::Red => "🔴",
        Light::Yellow => "🟡",
        Light::Green => "🟢",
    }
}
