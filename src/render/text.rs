//! Plain-text messages of the commands that write: what changed, commit
//! messages, and a task's history.

use std::io::{self, Write};
use std::path::Path;

use crate::edit::{Change, DepartmentList};

/// One change in words, for the user and for the commit message.
pub fn describe(change: &Change) -> String {
    match change {
        Change::Status(status) => format!("状态 → {status}"),
        Change::Progress(entry) => {
            let mut text = format!("进展 {} {}", entry.date.format("%Y-%m-%d"), entry.by);
            if let Some(change) = &entry.status {
                text.push_str(&format!("：{} → {}", change.from, change.to));
            }
            if let Some(note) = &entry.note {
                text.push_str(&format!("：{note}"));
            }
            text
        }
        Change::Extend(e) => format!("完成时限 {} → {}（{}）", e.from, e.to, e.reason),
        Change::AddDepartment(list, name) => format!("{}增加 {name}", list.label()),
        Change::RemoveDepartment(list, name) => format!("{}移除 {name}", list.label()),
        Change::CarriedOverTo(link) => format!("结转至 {link}"),
    }
}

pub fn updated(
    out: &mut dyn Write,
    path: &Path,
    changes: &[Change],
    reformatted: bool,
) -> io::Result<()> {
    writeln!(out, "已更新 {}：", path.display())?;
    for change in changes {
        // The status line repeats what the progress entry already says.
        if !matches!(change, Change::Status(_)) {
            writeln!(out, "  {}", describe(change))?;
        }
    }
    if reformatted {
        writeln!(out, "  （无法就地修改，已按规范格式重写整个文件）")?;
    }
    Ok(())
}

/// `cooptrack: 1.1 status 推进中 → 已完成`, `cooptrack: 1.1 note by 区环保局`, …
pub fn commit_message(id: &str, changes: &[Change]) -> String {
    let parts: Vec<String> = changes
        .iter()
        .filter_map(|change| match change {
            Change::Progress(entry) => match (&entry.status, &entry.note) {
                (Some(s), _) => Some(format!("status {} → {}", s.from, s.to)),
                (None, Some(_)) => Some(format!("note by {}", entry.by)),
                (None, None) => None,
            },
            Change::Extend(e) => Some(format!("due {} → {}", e.from, e.to)),
            Change::AddDepartment(list, name) => Some(format!("{} + {name}", list_key(*list))),
            Change::RemoveDepartment(list, name) => Some(format!("{} - {name}", list_key(*list))),
            Change::CarriedOverTo(link) => Some(format!("carried over to {link}")),
            Change::Status(_) => None,
        })
        .collect();
    format!("cooptrack: {id} {}", parts.join("; "))
}

fn list_key(list: DepartmentList) -> &'static str {
    match list {
        DepartmentList::Lead => "lead",
        DepartmentList::Responsible => "responsible",
    }
}

/// What `fmt` did or would do.
#[derive(Debug, Default)]
pub struct FmtReport {
    pub checked: usize,
    /// Files rewritten (or, with `--check`, that would be).
    pub changed: Vec<std::path::PathBuf>,
    /// Files that could not be read or parsed, one line each.
    pub problems: Vec<String>,
    /// Files left as they are to keep comments the layout has no place for.
    pub kept: Vec<String>,
}

pub fn fmt_report(out: &mut dyn Write, report: &FmtReport, check: bool) -> io::Result<()> {
    for kept in &report.kept {
        eprintln!("{kept}");
    }
    for path in &report.changed {
        if check {
            writeln!(out, "{}", path.display())?;
        } else {
            writeln!(out, "已整理 {}", path.display())?;
        }
    }
    match (check, report.changed.len()) {
        (_, 0) if report.problems.is_empty() => {
            writeln!(out, "全部 {} 个任务文件已是规范格式", report.checked)
        }
        (true, n) if n > 0 => writeln!(out, "{n} 个文件不是规范格式；运行 cooptrack fmt 整理"),
        (_, n) => writeln!(out, "整理了 {n} 个文件（共 {} 个）", report.checked),
    }
}

/// What `close-plan` did, and the tasks someone must still decide.
pub fn close_plan(
    out: &mut dyn Write,
    path: &Path,
    plan: &crate::model::Plan,
    date: chrono::NaiveDate,
    undecided: &[&crate::store::TaskFile],
    dry_run: bool,
    already_closed: bool,
) -> io::Result<()> {
    if already_closed {
        writeln!(
            out,
            "计划已结束（{}），未修改 {}",
            plan_status(plan),
            path.display()
        )?;
    } else if dry_run {
        writeln!(
            out,
            "（试运行）将把 {} 标记为已结束（ended，{date}）",
            path.display()
        )?;
    } else {
        writeln!(out, "已把 {} 标记为已结束（ended，{date}）", path.display())?;
    }
    if undecided.is_empty() {
        return writeln!(out, "所有任务均已完成、取消或结转，无待决定事项。");
    }
    writeln!(
        out,
        "以下 {} 项任务尚未完成或取消，请逐项决定：",
        undecided.len()
    )?;
    for file in undecided {
        let t = &file.task;
        writeln!(
            out,
            "  {} {}（牵头：{}；状态：{}；完成时限：{}）",
            t.id,
            t.title,
            t.lead.join("、"),
            t.status,
            t.due
        )?;
    }
    writeln!(out, "每项可以：")?;
    writeln!(
        out,
        "  按已完成销号：cooptrack update ID --status 已完成 --note \"完成依据\""
    )?;
    writeln!(
        out,
        "  取消：       cooptrack update ID --status 已取消 --note \"取消理由\""
    )?;
    writeln!(
        out,
        "  结转：       cooptrack carry-over ID --to 后续计划目录"
    )?;
    writeln!(out, "不会删除任何任务。")
}

fn plan_status(plan: &crate::model::Plan) -> String {
    match (&plan.status, plan.ended_on, &plan.superseded_by) {
        (crate::model::PlanStatus::Superseded, _, Some(next)) => format!("已被 {next} 取代"),
        (_, Some(date), _) => format!("ended，{date}"),
        _ => "ended".to_string(),
    }
}
