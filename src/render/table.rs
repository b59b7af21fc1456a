//! Terminal tables: `list`, `show`, `depts` and `log`, laid out by the
//! report's engine (`narrow::laid_out`): no department name, date,
//! number, status or id is ever broken, only text columns wrap, and a
//! table too wide for the terminal is folded to two columns. Chinese text
//! is measured by display width, so columns line up; colour only when the
//! context allows it.

use std::io::{self, Write};

use comfy_table::{presets, Attribute, Cell, Color, ContentArrangement, Table};

use super::narrow::{laid_out, paragraph, Cell as Fit, Fold, Words};
use super::report::{Head, Wrap};
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

fn status_color(status: Status) -> Option<Color> {
    match status {
        Status::NotStarted => None,
        Status::InProgress => Some(Color::Cyan),
        Status::Done => Some(Color::Green),
        Status::Delayed => Some(Color::Red),
        Status::Cancelled => Some(Color::DarkGrey),
    }
}

/// A status for the engine, in its colour.
fn status_fit(status: Status) -> Fit {
    let cell = Fit::text(status.display());
    match status_color(status) {
        Some(color) => cell.colored(color),
        None => cell,
    }
}

/// Cells for the engine, one per text.
fn fits(texts: Vec<String>) -> Vec<Fit> {
    texts.into_iter().map(Fit::text).collect()
}

/// Words never broken: every spelling of the registry's departments,
/// the names the tasks use, and the statuses.
fn kept(registry: &Registry, names: impl IntoIterator<Item = String>) -> Words {
    Words::new(
        registry
            .all_spellings()
            .map(String::from)
            .chain(names)
            .chain(Status::ALL.iter().map(|s| s.display().to_string())),
    )
}

/// A line above or below a table, wrapped to the width, its control
/// characters escaped, in bold where colour is on.
fn bold(out: &mut dyn Write, style: Style, text: &str) -> io::Result<()> {
    if !style.color {
        return paragraph(out, text, usize::from(style.width));
    }
    let mut plain = Vec::new();
    paragraph(&mut plain, text, usize::from(style.width))?;
    for line in String::from_utf8_lossy(&plain).lines() {
        writeln!(out, "\x1b[1m{line}\x1b[0m")?;
    }
    Ok(())
}

/// How the columns of `list` wrap: the title and the notes are text, the
/// units a list of names, the rest never.
fn list_heads(columns: &[&'static str]) -> Vec<Head> {
    columns
        .iter()
        .map(|&c| {
            let wrap = if c == heading::task() || c == pick("备注", "Notes") {
                Wrap::Text
            } else if c == heading::responsible() {
                Wrap::Names
            } else {
                Wrap::Never
            };
            Head::new(c, wrap)
        })
        .collect()
}

pub fn list(out: &mut dyn Write, view: &ListView, style: Style) -> io::Result<()> {
    let columns = view.columns();
    let heads = list_heads(&columns);
    let status_column = view.status_column();
    // Folded, the title comes first, unlabelled.
    let title = Fold::Lead(
        columns
            .iter()
            .position(|c| *c == heading::task())
            .unwrap_or(1),
    );
    let keep = kept(
        view.registry,
        view.matches.iter().flat_map(|m| {
            let task = &m.file.task;
            task.lead.iter().chain(&task.responsible).cloned()
        }),
    );
    for group in &view.groups {
        bold(out, style, &view.group_heading(group))?;
        let rows = group
            .rows
            .iter()
            .map(|row| {
                let task = &row.matched.file.task;
                view.cells(row)
                    .into_iter()
                    .enumerate()
                    .map(|(i, text)| {
                        if Some(i) == status_column && task.carried_over_to.is_none() {
                            status_fit(task.status)
                        } else {
                            Fit::text(text)
                        }
                    })
                    .collect()
            })
            .collect();
        writeln!(out, "{}", laid_out(style, &heads, rows, &keep, title))?;
        writeln!(out)?;
    }
    paragraph(out, &view.summary(), usize::from(style.width))
}

/// `show`: the fields, the extensions, the 年度目标 (with each milestone's
/// state as of the day shown, `states`, from the ledger) and the log.
pub fn show(
    out: &mut dyn Write,
    registry: &Registry,
    task: &Task,
    file: &str,
    states: &[crate::milestones::MilestoneState],
    style: Style,
) -> io::Result<()> {
    let keep = kept(
        registry,
        task.lead
            .iter()
            .chain(&task.responsible)
            .chain(task.progress.iter().map(|p| &p.by))
            .cloned(),
    );
    let heads = [
        Head::fixed(pick("项目", "Field")),
        Head::new(pick("内容", "Value"), Wrap::Text),
    ];
    let rows = task_rows(registry, task, file)
        .into_iter()
        .map(|(name, value)| vec![Fit::text(name), value])
        .collect();
    writeln!(
        out,
        "{}",
        laid_out(style, &heads, rows, &keep, Fold::Lead(1))
    )?;
    if !task.extensions.is_empty() {
        extensions(out, task, style, &keep)?;
    }
    if !task.targets.is_empty() {
        targets(out, task, states, style, &keep)?;
    }
    progress(out, task, style, &keep)
}

/// The fields of `show`, one row each.
fn task_rows<'a>(registry: &Registry, task: &'a Task, file: &str) -> Vec<(&'a str, Fit)> {
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
    let mut rows: Vec<(&str, Fit)> = vec![
        (heading::id(), Fit::text(&task.id)),
        (
            heading::section(),
            Fit::text(format!("{} {}", task.section, task.heading)),
        ),
        (pick("序号", "Number"), Fit::text(section)),
        (heading::task(), Fit::text(&task.title)),
        (pick("内容", "Text"), Fit::text(&task.text)),
        (label, Fit::text(lead)),
    ];
    if let Some(note) = &task.lead_note {
        rows.push((pick("牵头说明", "Lead note"), Fit::text(note)));
    }
    rows.extend([
        (pick("责任部门", "Responsible"), Fit::text(responsible)),
        (heading::status(), status_fit(task.status)),
        (
            heading::due(),
            Fit::text(task.due.format("%Y-%m-%d").to_string()),
        ),
    ]);
    if let Some(original) = task.original_due {
        let (original, n) = (original.format("%Y-%m-%d"), task.extensions.len());
        let times = count(n, "time", "times");
        rows.push((
            pick("原定时限", "Original due"),
            Fit::text(tr!(
                "{original}（已延期 {n} 次）",
                "{original} (extended {times})"
            )),
        ));
    }
    rows.push((pick("文件", "File"), Fit::text(file)));
    rows
}

/// The deadline extensions of `show`.
fn extensions(out: &mut dyn Write, task: &Task, style: Style, keep: &Words) -> io::Result<()> {
    let n = task.extensions.len();
    bold(out, style, &tr!("延期（{n} 次）", "Extensions ({n})"))?;
    let heads = [
        Head::fixed(pick("批准日期", "Granted")),
        Head::fixed(pick("原时限", "Old due")),
        Head::fixed(pick("新时限", "New due")),
        Head::new(pick("理由", "Reason"), Wrap::Text),
    ];
    let rows = task
        .extensions
        .iter()
        .map(|e| {
            fits(vec![
                e.date.format("%Y-%m-%d").to_string(),
                e.from.format("%Y-%m-%d").to_string(),
                e.to.format("%Y-%m-%d").to_string(),
                e.reason.clone(),
            ])
        })
        .collect();
    let folded = pick("延期", "Extension");
    writeln!(
        out,
        "{}",
        laid_out(style, &heads, rows, keep, Fold::Under(folded))
    )
}

/// The 年度目标 of `show`: each year's goal and its milestones, with
/// whether each was met as of the day shown.
fn targets(
    out: &mut dyn Write,
    task: &Task,
    states: &[crate::milestones::MilestoneState],
    style: Style,
    keep: &Words,
) -> io::Result<()> {
    bold(out, style, pick("年度目标", "Annual targets"))?;
    let heads = [
        Head::fixed(pick("年度", "Year")),
        Head::new(pick("年度目标", "Goal"), Wrap::Text),
        Head::fixed(pick("时间节点", "Milestone")),
        Head::new(pick("节点目标", "Milestone goal"), Wrap::Text),
        Head::fixed(pick("完成情况", "Met")),
    ];
    let mut rows = Vec::new();
    for target in &task.targets {
        let goal = target.goal.clone().unwrap_or_default();
        if target.milestones.is_empty() {
            let year = target.year.to_string();
            rows.push(fits(vec![
                year,
                goal.clone(),
                String::new(),
                String::new(),
                String::new(),
            ]));
        }
        for (i, milestone) in target.milestones.iter().enumerate() {
            let met = match states.iter().find(|s| s.by == milestone.by) {
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
            rows.push(fits(vec![
                year,
                goal,
                milestone.by.format("%Y-%m-%d").to_string(),
                milestone.goal.clone(),
                met.to_string(),
            ]));
        }
    }
    let folded = pick("年度目标", "Target");
    writeln!(
        out,
        "{}",
        laid_out(style, &heads, rows, keep, Fold::Under(folded))
    )
}

/// One optional text of a progress entry.
type EntryField = fn(&ProgressEntry) -> Option<&String>;

/// The progress log of `show`.
fn progress(out: &mut dyn Write, task: &Task, style: Style, keep: &Words) -> io::Result<()> {
    if task.progress.is_empty() {
        return paragraph(
            out,
            pick("进展：暂无记录", "Progress: none recorded"),
            usize::from(style.width),
        );
    }
    let n = task.progress.len();
    bold(out, style, &tr!("进展（{n} 条）", "Progress ({n})"))?;
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
    let mut heads = vec![
        Head::fixed(heading::date()),
        Head::new(pick("报送单位", "Reported by"), Wrap::Names),
        Head::new(heading::progress(), Wrap::Text),
    ];
    heads.extend(shown.iter().map(|(name, _)| Head::new(name, Wrap::Text)));
    heads.push(Head::new(heading::status_change(), Wrap::Text));
    let rows = task
        .progress
        .iter()
        .map(|entry| {
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
            fits(cells)
        })
        .collect();
    let folded = pick("记录", "Entry");
    writeln!(
        out,
        "{}",
        laid_out(style, &heads, rows, keep, Fold::Under(folded))
    )
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

pub fn depts(
    out: &mut dyn Write,
    registry: &Registry,
    stats: &[DepartmentStats],
    style: Style,
) -> io::Result<()> {
    let keep = kept(registry, stats.iter().map(|s| s.name.clone()));
    let contacts = with_contacts(stats);
    let columns = depts_columns(stats);
    let last = columns.len() - 1;
    let heads: Vec<Head> = columns
        .into_iter()
        .enumerate()
        .map(|(i, c)| match i {
            0 | 1 => Head::new(c, Wrap::Names),
            // 联络员: a name and a phone number, wrapped between them.
            i if contacts && i == last => Head::new(c, Wrap::Names),
            _ => Head::fixed(c),
        })
        .collect();
    let rows = stats
        .iter()
        .map(|s| fits(dept_cells(s, contacts)))
        .collect();
    let folded = pick("情况", "Details");
    writeln!(
        out,
        "{}",
        laid_out(style, &heads, rows, &keep, Fold::Under(folded))
    )?;
    let n = stats.len();
    let departments = count(n, "department", "departments");
    paragraph(
        out,
        &tr!(
            "共 {n} 个部门；状态统计为各部门牵头与配合任务合计",
            "{departments}; the status counts cover the tasks each leads or supports"
        ),
        usize::from(style.width),
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
    bold(
        out,
        style,
        &tr!("{id} {title} 的历史", "History of {id} {title}"),
    )?;
    let width = usize::from(style.width);
    if !in_repository {
        paragraph(
            out,
            pick(
                "（不在 git 仓库中：只显示任务文件中的进展与延期记录）",
                "(not in a git repository: only the progress and extensions recorded in the task file)",
            ),
            width,
        )?;
    }
    if entries.is_empty() {
        return paragraph(out, pick("暂无记录", "Nothing recorded"), width);
    }
    let heads = [
        Head::fixed(heading::date()),
        Head::fixed(pick("类别", "Kind")),
        Head::new(pick("提交人/报送单位", "Author / reported by"), Wrap::Names),
        Head::new(pick("内容", "What"), Wrap::Text),
    ];
    let rows = entries
        .iter()
        .map(|e| {
            let kind = match e.kind {
                "commit" => pick("提交", "commit"),
                "extension" => pick("延期", "extension"),
                _ => pick("进展", "progress"),
            };
            fits(vec![
                e.date.format("%Y-%m-%d").to_string(),
                kind.to_string(),
                e.who.clone(),
                e.shown.clone(),
            ])
        })
        .collect();
    let keep = Words::new(
        entries
            .iter()
            .map(|e| e.who.clone())
            .chain(task.lead.iter().chain(&task.responsible).cloned())
            .chain(Status::ALL.iter().map(|s| s.display().to_string())),
    );
    let folded = pick("记录", "Entry");
    writeln!(
        out,
        "{}",
        laid_out(style, &heads, rows, &keep, Fold::Under(folded))
    )
}
