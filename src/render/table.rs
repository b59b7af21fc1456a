//! Terminal tables (comfy-table). Chinese text is measured by display
//! width, so columns line up; colour only when the context allows it.

use std::io::{self, Write};

use comfy_table::{presets, Attribute, Cell, Color, ContentArrangement, Table};

use super::{department_label, escape_controls, heading, ListView};
use crate::i18n::{count, list_separator, pick};
use crate::model::{ProgressEntry, Status, Task};
use crate::query::DepartmentStats;
use crate::registry::Registry;
use crate::render::Style;
use crate::tr;

/// A table cell: the one place where data becomes a cell, so its control
/// characters are escaped (see [`escape_controls`]), but for a line break
/// typed in it (Alt+Enter in a form's cell), which stays a line break;
/// colours are cell attributes, added by the table itself.
pub(crate) fn cell(text: impl AsRef<str>) -> Cell {
    let text = text.as_ref();
    // Most cells hold one line: escaped in place, without a list of lines
    // to join (a list of 100 000 tasks makes half a million cells).
    if !text.contains(['\n', '\r']) {
        return Cell::new(escape_controls(text));
    }
    Cell::new(super::narrow::typed_lines(text).join("\n"))
}

/// A row of plain text cells.
fn row(texts: Vec<String>) -> Vec<Cell> {
    texts.into_iter().map(cell).collect()
}

/// The same, for a renderer of its own (`render::problems`).
pub(crate) fn text_row(texts: Vec<String>) -> Vec<Cell> {
    row(texts)
}

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
    let header = cell(text);
    if style.color {
        header.add_attribute(Attribute::Bold)
    } else {
        header
    }
}

fn status_cell(style: Style, status: Status) -> Cell {
    let status_cell = cell(status.display());
    if !style.color {
        return status_cell;
    }
    match status {
        Status::NotStarted => status_cell,
        Status::InProgress => status_cell.fg(Color::Cyan),
        Status::Done => status_cell.fg(Color::Green),
        Status::Delayed => status_cell.fg(Color::Red),
        Status::Cancelled => status_cell.fg(Color::DarkGrey),
    }
}

/// A line above or below a table, its control characters escaped, in bold
/// where colour is on.
fn bold(style: Style, text: &str) -> String {
    let text = escape_controls(text);
    if style.color {
        format!("\x1b[1m{text}\x1b[0m")
    } else {
        text.into_owned()
    }
}

pub fn list(out: &mut dyn Write, view: &ListView, style: Style) -> io::Result<()> {
    let columns = view.columns();
    let status_column = view.status_column();
    for group in &view.groups {
        writeln!(out, "{}", bold(style, &view.group_heading(group)))?;
        let mut table = new_table(style, &columns);
        for row in &group.rows {
            let cells = view.cells(row).into_iter().enumerate().map(|(i, text)| {
                if Some(i) == status_column && row.matched.file.task.carried_over_to.is_none() {
                    status_cell(style, row.matched.file.task.status)
                } else {
                    cell(text)
                }
            });
            table.add_row(cells);
        }
        writeln!(out, "{table}")?;
        writeln!(out)?;
    }
    super::line(out, &view.summary())
}

pub fn show(
    out: &mut dyn Write,
    registry: &Registry,
    task: &Task,
    file: &str,
    style: Style,
) -> io::Result<()> {
    let mut table = new_table(style, &[pick("项目", "Field"), pick("内容", "Value")]);
    for (name, value) in task_rows(registry, task, file, style) {
        table.add_row(vec![cell(name), value]);
    }
    writeln!(out, "{table}")?;
    if !task.extensions.is_empty() {
        extensions(out, task, style)?;
    }
    progress(out, task, style)
}

/// The fields of `show`, one row each.
fn task_rows<'a>(
    registry: &Registry,
    task: &'a Task,
    file: &str,
    style: Style,
) -> Vec<(&'a str, Cell)> {
    let number = task.number;
    let section = match &task.numbered_as {
        Some(as_written) => tr!(
            "{number}（原文序号 {as_written}）",
            "{number} (written {as_written} in the source)"
        ),
        None => number.to_string(),
    };
    // The source's own word for the lead (牵头单位, say) is Chinese.
    let label = pick(task.lead_label.as_deref().unwrap_or("牵头部门"), "Lead");
    let mut lead = department_list(registry, &task.lead);
    if task.lead.is_empty() {
        lead = pick("（未列明）", "(not named)").to_string();
    }
    if task.lead_provisional {
        lead = tr!("{lead}【暂定】", "{lead} (provisional)");
    }
    let responsible = if task.responsible.is_empty() {
        pick("（无）", "(none)").to_string()
    } else {
        department_list(registry, &task.responsible)
    };
    let mut rows: Vec<(&str, Cell)> = vec![
        (heading::id(), cell(&task.id)),
        (
            heading::section(),
            cell(format!("{} {}", task.section, task.heading)),
        ),
        (pick("序号", "Number"), cell(section)),
        (heading::task(), cell(&task.title)),
        (pick("内容", "Text"), cell(&task.text)),
        (label, cell(lead)),
    ];
    if let Some(note) = &task.lead_note {
        rows.push((pick("牵头说明", "Lead note"), cell(note)));
    }
    rows.extend([
        (pick("责任部门", "Responsible"), cell(responsible)),
        (heading::status(), status_cell(style, task.status)),
        (
            heading::due(),
            cell(task.due.format("%Y-%m-%d").to_string()),
        ),
    ]);
    if let Some(original) = task.original_due {
        let (original, n) = (original.format("%Y-%m-%d"), task.extensions.len());
        let times = count(n, "time", "times");
        rows.push((
            pick("原定时限", "Original due"),
            cell(tr!(
                "{original}（已延期 {n} 次）",
                "{original} (extended {times})"
            )),
        ));
    }
    rows.push((pick("文件", "File"), cell(file)));
    rows
}

/// The deadline extensions of `show`.
fn extensions(out: &mut dyn Write, task: &Task, style: Style) -> io::Result<()> {
    let n = task.extensions.len();
    writeln!(
        out,
        "{}",
        bold(style, &tr!("延期（{n} 次）", "Extensions ({n})"))
    )?;
    let header = [
        pick("批准日期", "Granted"),
        pick("原时限", "Old due"),
        pick("新时限", "New due"),
        pick("理由", "Reason"),
    ];
    let mut table = new_table(style, &header);
    for e in &task.extensions {
        table.add_row(row(vec![
            e.date.format("%Y-%m-%d").to_string(),
            e.from.format("%Y-%m-%d").to_string(),
            e.to.format("%Y-%m-%d").to_string(),
            e.reason.clone(),
        ]));
    }
    writeln!(out, "{table}")
}

/// The 年度目标 of `show`: each year's goal and its milestones, with
/// whether each was met as of the day shown (`states`, from the ledger).
pub fn targets(
    out: &mut dyn Write,
    task: &Task,
    states: &[crate::milestones::MilestoneState],
    style: Style,
) -> io::Result<()> {
    if task.targets.is_empty() {
        return Ok(());
    }
    writeln!(out, "{}", bold(style, pick("年度目标", "Annual targets")))?;
    let header = [
        pick("年度", "Year"),
        pick("年度目标", "Goal"),
        pick("时间节点", "Milestone"),
        pick("节点目标", "Milestone goal"),
        pick("完成情况", "Met"),
    ];
    let mut table = new_table(style, &header);
    for target in &task.targets {
        let goal = target.goal.clone().unwrap_or_default();
        if target.milestones.is_empty() {
            table.add_row(row(vec![target.year.to_string(), goal.clone()]));
        }
        for (i, milestone) in target.milestones.iter().enumerate() {
            let state = states.iter().find(|s| s.by == milestone.by);
            let met = match state {
                Some(s) if s.met => pick("已完成", "met"),
                Some(s) if s.missed => pick("未完成（已过期）", "missed"),
                Some(_) => pick("未到期", "not yet due"),
                None => pick("不计", "not counted"),
            };
            let (year, goal) = if i == 0 {
                (target.year.to_string(), goal.clone())
            } else {
                (String::new(), String::new())
            };
            table.add_row(row(vec![
                year,
                goal,
                milestone.by.format("%Y-%m-%d").to_string(),
                milestone.goal.clone(),
                met.to_string(),
            ]));
        }
    }
    writeln!(out, "{table}")
}

/// One optional text of a progress entry.
type EntryField = fn(&ProgressEntry) -> Option<&String>;

/// The progress log of `show`.
fn progress(out: &mut dyn Write, task: &Task, style: Style) -> io::Result<()> {
    if task.progress.is_empty() {
        return writeln!(out, "{}", pick("进展：暂无记录", "Progress: none recorded"));
    }
    let n = task.progress.len();
    writeln!(
        out,
        "{}",
        bold(style, &tr!("进展（{n} 条）", "Progress ({n})"))
    )?;
    // 存在问题, 下步打算 and 来源 only when some entry has them, so a log
    // of plain notes keeps its four columns.
    let optional: [(&str, EntryField); 3] = [
        (pick("存在问题", "Problems"), |e| e.problems.as_ref()),
        (pick("下步打算", "Next steps"), |e| {
            e.next_steps.as_ref()
        }),
        (pick("来源", "Source"), |e| e.source.as_ref()),
    ];
    let shown: Vec<_> = optional
        .iter()
        .filter(|(_, field)| task.progress.iter().any(|e| field(e).is_some()))
        .collect();
    let mut header = vec![
        heading::date(),
        pick("报送单位", "Reported by"),
        heading::progress(),
    ];
    header.extend(shown.iter().map(|(name, _)| *name));
    header.push(heading::status_change());
    let mut log = new_table(style, &header);
    for entry in &task.progress {
        let mut cells = vec![
            entry.date.format("%Y-%m-%d").to_string(),
            entry.by.clone(),
            entry.note.clone().unwrap_or_default(),
        ];
        cells.extend(
            shown
                .iter()
                .map(|(_, field)| field(entry).cloned().unwrap_or_default()),
        );
        cells.push(
            entry
                .status
                .as_ref()
                .map(|c| super::status_change(c.from, c.to))
                .unwrap_or_default(),
        );
        log.add_row(row(cells));
    }
    writeln!(out, "{log}")
}

/// Departments with their current names, for `show`.
fn department_list(registry: &Registry, names: &[String]) -> String {
    names
        .iter()
        .map(|d| department_label(registry, d))
        .collect::<Vec<_>>()
        .join(list_separator())
}

/// Column headers of the department table: then one column per status.
/// The columns of `depts`; 联络员 (liaison) last, where some unit has one.
pub fn depts_columns(stats: &[DepartmentStats]) -> Vec<&'static str> {
    let mut columns = vec![
        pick("部门", "Department"),
        pick("曾用名", "Former names"),
        pick("牵头", "Lead"),
        pick("配合", "Support"),
    ];
    columns.extend(Status::ALL.iter().map(|s| s.display()));
    if with_contacts(stats) {
        columns.push(pick("联络员", "Liaison"));
    }
    columns
}

/// Whether some unit has a liaison, so that `depts` shows the column.
pub fn with_contacts(stats: &[DepartmentStats]) -> bool {
    stats.iter().any(|s| s.contact.is_some())
}

/// Marks a name the tasks use but the registry lacks, in CSV (data).
pub const UNREGISTERED_MARK: &str = "（未登记）";

/// Cells of one department row, matching `depts_columns()` (`contacts`:
/// whether it has the 联络员 column).
pub fn dept_cells(stats: &DepartmentStats, contacts: bool) -> Vec<String> {
    dept_cells_marked(stats, pick(UNREGISTERED_MARK, " (unregistered)"), contacts)
}

/// `dept_cells` with the given mark for an unregistered name.
pub fn dept_cells_marked(
    stats: &DepartmentStats,
    unregistered: &str,
    contacts: bool,
) -> Vec<String> {
    let mut name = stats.name.clone();
    if !stats.registered {
        name.push_str(unregistered);
    }
    let mut cells = vec![
        name,
        stats.former.join("、"),
        stats.lead.to_string(),
        stats.support.to_string(),
    ];
    cells.extend(Status::ALL.iter().map(|s| stats.count(*s).to_string()));
    if contacts {
        cells.push(stats.contact.as_ref().map(|c| c.text()).unwrap_or_default());
    }
    cells
}

pub fn depts(out: &mut dyn Write, stats: &[DepartmentStats], style: Style) -> io::Result<()> {
    let mut table = new_table(style, &depts_columns(stats));
    let contacts = with_contacts(stats);
    for s in stats {
        table.add_row(row(dept_cells(s, contacts)));
    }
    writeln!(out, "{table}")?;
    let n = stats.len();
    let departments = count(n, "department", "departments");
    writeln!(
        out,
        "{}",
        tr!(
            "共 {n} 个部门；状态统计为各部门牵头与配合任务合计",
            "{departments}; the status counts cover the tasks each leads or supports"
        )
    )
}

pub fn history(
    out: &mut dyn Write,
    task: &Task,
    entries: &[crate::query::HistoryEntry],
    in_repository: bool,
    style: Style,
) -> io::Result<()> {
    let (id, title) = (&task.id, &task.title);
    writeln!(
        out,
        "{}",
        bold(
            style,
            &tr!("{id} {title} 的历史", "History of {id} {title}")
        )
    )?;
    if !in_repository {
        writeln!(
            out,
            "{}",
            pick(
                "（不在 git 仓库中：只显示任务文件中的进展与延期记录）",
                "(not in a git repository: only the progress and extensions recorded in the task file)"
            )
        )?;
    }
    if entries.is_empty() {
        return writeln!(out, "{}", pick("暂无记录", "Nothing recorded"));
    }
    let header = [
        heading::date(),
        pick("类别", "Kind"),
        pick("提交人/报送单位", "Author / reported by"),
        pick("内容", "What"),
    ];
    let mut table = new_table(style, &header);
    for e in entries {
        let kind = match e.kind {
            "commit" => pick("提交", "commit"),
            "extension" => pick("延期", "extension"),
            _ => pick("进展", "progress"),
        };
        table.add_row(row(vec![
            e.date.format("%Y-%m-%d").to_string(),
            kind.to_string(),
            e.who.clone(),
            e.shown.clone(),
        ]));
    }
    writeln!(out, "{table}")
}
