//! Terminal tables (comfy-table). Chinese text is measured by display
//! width, so columns line up; colour only when the context allows it.

use std::io::{self, Write};

use comfy_table::{presets, Attribute, Cell, Color, ContentArrangement, Table};

use super::{department_label, ListView};
use crate::context::Style;
use crate::model::{Status, Task};
use crate::query::DepartmentStats;
use crate::registry::Registry;

pub(crate) fn new_table(style: Style, header: &[&str]) -> Table {
    let mut table = Table::new();
    table
        .load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(style.width)
        .force_no_tty();
    if style.color {
        table.enforce_styling();
    }
    table.set_header(header.iter().map(|h| header_cell(style, h)));
    table
}

fn header_cell(style: Style, text: &str) -> Cell {
    let cell = Cell::new(text);
    if style.color {
        cell.add_attribute(Attribute::Bold)
    } else {
        cell
    }
}

fn status_cell(style: Style, status: Status) -> Cell {
    let cell = Cell::new(status.label());
    if !style.color {
        return cell;
    }
    match status {
        Status::NotStarted => cell,
        Status::InProgress => cell.fg(Color::Cyan),
        Status::Done => cell.fg(Color::Green),
        Status::Delayed => cell.fg(Color::Red),
        Status::Cancelled => cell.fg(Color::DarkGrey),
    }
}

fn bold(style: Style, text: &str) -> String {
    if style.color {
        format!("\x1b[1m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

pub fn list(out: &mut dyn Write, view: &ListView, style: Style) -> io::Result<()> {
    let columns = view.columns();
    let status_column = columns.iter().position(|c| *c == "状态");
    for group in &view.groups {
        writeln!(out, "{}", bold(style, &view.group_heading(group)))?;
        let mut table = new_table(style, &columns);
        for row in &group.rows {
            let cells = view.cells(row).into_iter().enumerate().map(|(i, text)| {
                if Some(i) == status_column {
                    status_cell(style, row.matched.file.task.status)
                } else {
                    Cell::new(text)
                }
            });
            table.add_row(cells);
        }
        writeln!(out, "{table}")?;
        writeln!(out)?;
    }
    writeln!(out, "{}", view.summary())
}

pub fn show(
    out: &mut dyn Write,
    registry: &Registry,
    task: &Task,
    file: &str,
    style: Style,
) -> io::Result<()> {
    let mut table = new_table(style, &["项目", "内容"]);
    let section = match &task.numbered_as {
        Some(as_written) => format!("{}（原文序号 {as_written}）", task.number),
        None => task.number.to_string(),
    };
    let label = task.lead_label.as_deref().unwrap_or("牵头部门");
    let mut lead = task
        .lead
        .iter()
        .map(|d| department_label(registry, d))
        .collect::<Vec<_>>()
        .join("、");
    if task.lead.is_empty() {
        lead = "（未列明）".to_string();
    }
    if task.lead_provisional {
        lead = format!("{lead}【暂定】");
    }
    let responsible = if task.responsible.is_empty() {
        "（无）".to_string()
    } else {
        task.responsible
            .iter()
            .map(|d| department_label(registry, d))
            .collect::<Vec<_>>()
            .join("、")
    };
    let mut rows: Vec<(&str, Cell)> = vec![
        ("编号", Cell::new(&task.id)),
        (
            "篇章",
            Cell::new(format!("{} {}", task.section, task.heading)),
        ),
        ("序号", Cell::new(section)),
        ("任务", Cell::new(&task.title)),
        ("内容", Cell::new(&task.text)),
        (label, Cell::new(lead)),
    ];
    if let Some(note) = &task.lead_note {
        rows.push(("牵头说明", Cell::new(note)));
    }
    rows.extend([
        ("责任部门", Cell::new(responsible)),
        ("状态", status_cell(style, task.status)),
        ("完成时限", Cell::new(task.due.format("%Y-%m-%d"))),
    ]);
    if let Some(original) = task.original_due {
        rows.push((
            "原定时限",
            Cell::new(format!(
                "{}（已延期 {} 次）",
                original.format("%Y-%m-%d"),
                task.extensions.len()
            )),
        ));
    }
    rows.push(("文件", Cell::new(file)));
    for (name, value) in rows {
        table.add_row(vec![Cell::new(name), value]);
    }
    writeln!(out, "{table}")?;

    if !task.extensions.is_empty() {
        writeln!(
            out,
            "{}",
            bold(style, &format!("延期（{} 次）", task.extensions.len()))
        )?;
        let mut extensions = new_table(style, &["批准日期", "原时限", "新时限", "理由"]);
        for e in &task.extensions {
            extensions.add_row(vec![
                e.date.format("%Y-%m-%d").to_string(),
                e.from.format("%Y-%m-%d").to_string(),
                e.to.format("%Y-%m-%d").to_string(),
                e.reason.clone(),
            ]);
        }
        writeln!(out, "{extensions}")?;
    }
    if task.progress.is_empty() {
        return writeln!(out, "进展：暂无记录");
    }
    writeln!(
        out,
        "{}",
        bold(style, &format!("进展（{} 条）", task.progress.len()))
    )?;
    let mut log = new_table(style, &["日期", "报送单位", "进展", "状态变化"]);
    for entry in &task.progress {
        log.add_row(vec![
            entry.date.format("%Y-%m-%d").to_string(),
            entry.by.clone(),
            entry.note.clone().unwrap_or_default(),
            entry
                .status
                .as_ref()
                .map(|c| format!("{} → {}", c.from, c.to))
                .unwrap_or_default(),
        ]);
    }
    writeln!(out, "{log}")
}

pub const DEPTS_COLUMNS: [&str; 9] = [
    "部门",
    "曾用名",
    "牵头",
    "配合",
    "未启动",
    "推进中",
    "已完成",
    "滞后",
    "已取消",
];

/// Cells of one department row, matching `DEPTS_COLUMNS`.
pub fn dept_cells(stats: &DepartmentStats) -> Vec<String> {
    let mut name = stats.name.clone();
    if !stats.registered {
        name.push_str("（未登记）");
    }
    let mut cells = vec![
        name,
        stats.former.join("、"),
        stats.lead.to_string(),
        stats.support.to_string(),
    ];
    cells.extend(Status::ALL.iter().map(|s| stats.count(*s).to_string()));
    cells
}

pub fn depts(out: &mut dyn Write, stats: &[DepartmentStats], style: Style) -> io::Result<()> {
    let mut table = new_table(style, &DEPTS_COLUMNS);
    for s in stats {
        table.add_row(dept_cells(s));
    }
    writeln!(out, "{table}")?;
    writeln!(
        out,
        "共 {} 个部门；状态统计为各部门牵头与配合任务合计",
        stats.len()
    )
}

pub fn history(
    out: &mut dyn Write,
    task: &Task,
    entries: &[crate::query::HistoryEntry],
    in_repository: bool,
    style: Style,
) -> io::Result<()> {
    writeln!(
        out,
        "{}",
        bold(style, &format!("{} {} 的历史", task.id, task.title))
    )?;
    if !in_repository {
        writeln!(out, "（不在 git 仓库中：只显示任务文件中的进展与延期记录）")?;
    }
    if entries.is_empty() {
        return writeln!(out, "暂无记录");
    }
    let mut table = new_table(style, &["日期", "类别", "提交人/报送单位", "内容"]);
    for e in entries {
        let kind = match e.kind {
            "commit" => "提交",
            "extension" => "延期",
            _ => "进展",
        };
        table.add_row(vec![
            e.date.format("%Y-%m-%d").to_string(),
            kind.to_string(),
            e.who.clone(),
            e.what.clone(),
        ]);
    }
    writeln!(out, "{table}")
}
