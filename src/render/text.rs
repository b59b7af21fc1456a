//! Plain-text messages of the commands that write: what changed, commit
//! messages, and a task's history.

use std::io::{self, Write};
use std::path::Path;

use super::line;
use crate::edit::Change;
use crate::i18n::{count, pick};
use crate::tr;

/// "注意：任务目录有 N 个校验错误…", when a command goes on despite them.
pub fn validation_errors_note(errors: usize) -> Option<String> {
    let en = count(errors, "validation error", "validation errors");
    (errors > 0).then(|| {
        tr!(
            "注意：任务目录有 {errors} 个校验错误，运行 cooptrack validate 查看",
            "note: the tasks directory has {en}; see cooptrack validate"
        )
    })
}

/// One change in words, for the user (commit messages have their own).
pub fn describe(change: &Change) -> String {
    match change {
        Change::Status(status) => tr!("状态 → {}", "status → {}", status.display()),
        Change::Progress(entry) => {
            let (date, by) = (entry.date.format("%Y-%m-%d"), &entry.by);
            let mut text = tr!("进展 {date} {by}", "progress {date} {by}");
            let colon = pick("：", ": ");
            if let Some(change) = &entry.status {
                let change = super::status_change(change.from, change.to);
                text.push_str(&format!("{colon}{change}"));
            }
            if let Some(note) = &entry.note {
                text.push_str(&format!("{colon}{note}"));
            }
            if let Some(problems) = &entry.problems {
                text.push_str(&tr!("；存在问题：{problems}", "; problems: {problems}"));
            }
            if let Some(next) = &entry.next_steps {
                text.push_str(&tr!("；下步打算：{next}", "; next steps: {next}"));
            }
            text
        }
        Change::Extend(e) => tr!(
            "完成时限 {} → {}（{}）",
            "deadline {} → {} ({})",
            e.from,
            e.to,
            e.reason
        ),
        Change::AddDepartment(list, name) => {
            tr!("{}增加 {name}", "added {} {name}", list.label())
        }
        Change::RemoveDepartment(list, name) => {
            tr!("{}移除 {name}", "removed {} {name}", list.label())
        }
        Change::CarriedOverTo(link) => tr!("结转至 {link}", "carried over to {link}"),
        Change::TargetGoal { year, goal } => {
            tr!("{year} 年度目标：{goal}", "target for {year}: {goal}")
        }
        Change::Milestone { by, goal } => tr!("时间节点 {by}：{goal}", "milestone {by}: {goal}"),
    }
}

/// "已提交：…", after a `--commit`.
pub fn committed(out: &mut dyn Write, message: &str) -> io::Result<()> {
    line(out, &tr!("已提交：{message}", "committed: {message}"))
}

pub fn updated(
    out: &mut dyn Write,
    path: &Path,
    changes: &[Change],
    reformatted: bool,
) -> io::Result<()> {
    line(
        out,
        &tr!("已更新 {}：", "updated {}:", super::path_shown(path)),
    )?;
    for change in changes {
        // The status line repeats what the progress entry already says.
        if !matches!(change, Change::Status(_)) {
            line(out, &format!("  {}", describe(change)))?;
        }
    }
    if reformatted {
        line(out, reformatted_note())?;
    }
    Ok(())
}

/// `update` asked for an entry the task has already: nothing written.
pub fn repeat(
    out: &mut dyn Write,
    path: &Path,
    entry: &crate::model::ProgressEntry,
) -> io::Result<()> {
    line(
        out,
        &tr!(
            "{}：已有相同的进展记录（{}，{}），未作修改",
            "{}: the same progress entry is on file already ({}, {}); nothing was changed",
            super::path_shown(path),
            entry.date,
            entry.by
        ),
    )
}

/// Said under a file that `--reformat` rewrote whole.
pub fn reformatted_note() -> &'static str {
    pick(
        "  （无法就地修改，已按规范格式重写整个文件）",
        "  (could not be edited in place: the whole file was rewritten in canonical layout)",
    )
}

/// The subject of a commit `--commit` makes, in the run's language:
/// `cooptrack：2.1 区交委报送进展`, `cooptrack：1.1 状态 未启动 → 推进中`;
/// `cooptrack: 1.1 note by 区环保局`, `cooptrack: 1.1 status 推进中 → 已完成`.
pub fn commit_message(id: &str, changes: &[Change]) -> String {
    let parts: Vec<String> = changes
        .iter()
        .filter_map(|change| match change {
            Change::Progress(entry) => match (&entry.status, &entry.note) {
                (Some(s), _) => Some(tr!("状态 {} → {}", "status {} → {}", s.from, s.to)),
                (None, Some(_)) => Some(tr!("{}报送进展", "note by {}", entry.by)),
                (None, None) => None,
            },
            Change::Extend(e) => Some(tr!("完成时限 {} → {}", "due {} → {}", e.from, e.to)),
            Change::AddDepartment(list, name) => Some(tr!(
                "{}增加 {name}",
                "{} + {name}",
                pick(list.label(), list.key())
            )),
            Change::RemoveDepartment(list, name) => Some(tr!(
                "{}移除 {name}",
                "{} - {name}",
                pick(list.label(), list.key())
            )),
            Change::CarriedOverTo(link) => Some(tr!("结转至 {link}", "carried over to {link}")),
            Change::TargetGoal { year, .. } => Some(tr!("{year} 年度目标", "target for {year}")),
            Change::Milestone { by, .. } => Some(tr!("时间节点 {by}", "milestone {by}")),
            Change::Status(_) => None,
        })
        .collect();
    let parts = parts.join(pick("；", "; "));
    tr!("cooptrack：{id} {parts}", "cooptrack: {id} {parts}")
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
    for path in &report.changed {
        if check {
            line(out, &super::path_shown(path))?;
        } else {
            line(
                out,
                &tr!("已整理 {}", "formatted {}", super::path_shown(path)),
            )?;
        }
    }
    let checked = report.checked;
    let summary = match (check, report.changed.len()) {
        (_, 0) if report.problems.is_empty() => {
            let files = count(checked, "task file is", "task files are");
            tr!(
                "全部 {checked} 个任务文件已是规范格式",
                "{files} in canonical layout already"
            )
        }
        (true, n) if n > 0 => {
            let files = count(n, "file is", "files are");
            tr!(
                "{n} 个文件不是规范格式；运行 cooptrack fmt 整理",
                "{files} not in canonical layout; cooptrack fmt fixes that"
            )
        }
        (true, _) => {
            let others = checked.saturating_sub(report.problems.len());
            let files = count(others, "task file is", "task files are");
            tr!(
                "其余 {others} 个任务文件已是规范格式",
                "the other {files} in canonical layout"
            )
        }
        (false, n) => {
            let files = count(n, "file", "files");
            tr!(
                "整理了 {n} 个文件（共 {checked} 个）",
                "formatted {files} (of {checked})"
            )
        }
    };
    // Files that could not be read or checked are skipped: counted, so
    // that the summary never reads as if every file had passed.
    let skipped = match report.problems.len() {
        0 => String::new(),
        n => {
            let files = count(n, "file", "files");
            tr!(
                "；跳过 {n} 个无法读取或检查的文件（见上）",
                "; {files} skipped, unreadable or uncheckable (see above)"
            )
        }
    };
    writeln!(out, "{summary}{skipped}")
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
    let path = super::path_shown(path);
    let headline = if already_closed {
        let status = plan_status(plan);
        tr!(
            "计划已结束（{status}），未修改 {path}",
            "the plan has ended already ({status}); {path} left as it is"
        )
    } else if dry_run {
        tr!(
            "（试运行）将把 {path} 标记为已结束（ended，{date}）",
            "(dry run) would mark {path} as ended (ended, {date})"
        )
    } else {
        tr!(
            "已把 {path} 标记为已结束（ended，{date}）",
            "marked {path} as ended (ended, {date})"
        )
    };
    line(out, &headline)?;
    if undecided.is_empty() {
        return writeln!(
            out,
            "{}",
            pick(
                "所有任务均已完成、取消或结转，无待决定事项。",
                "every task is done, cancelled or carried over: nothing left to decide"
            )
        );
    }
    let n = undecided.len();
    let tasks = count(n, "task is", "tasks are");
    writeln!(
        out,
        "{}",
        tr!(
            "以下 {n} 项任务尚未完成或取消，请逐项决定：",
            "{tasks} neither done nor cancelled; decide each one:"
        )
    )?;
    for file in undecided {
        let t = &file.task;
        let (lead, status) = (t.lead.join("、"), t.status.display());
        line(
            out,
            &tr!(
                "  {} {}（牵头：{lead}；状态：{status}；完成时限：{}）",
                "  {} {} (lead: {lead}; status: {status}; due: {})",
                t.id,
                t.title,
                t.due
            ),
        )?;
    }
    writeln!(out, "{}", pick(CHOICES_ZH, CHOICES_EN))
}

/// What can be done with a task left open when a plan ends.
const CHOICES_ZH: &str = r#"每项可以：
  按已完成销号：cooptrack update ID --status 已完成 --note "完成依据"
  取消：       cooptrack update ID --status 已取消 --note "取消理由"
  结转：       cooptrack carry-over ID --to 后续计划目录
不会删除任何任务。"#;

const CHOICES_EN: &str = r#"for each, either
  close it as done: cooptrack update ID --status done --note "evidence of completion"
  cancel it:        cooptrack update ID --status cancelled --note "why"
  carry it over:    cooptrack carry-over ID --to SUCCESSOR_TASKS_DIR
no task is ever deleted"#;

fn plan_status(plan: &crate::model::Plan) -> String {
    match (&plan.status, plan.ended_on, &plan.superseded_by) {
        (crate::model::PlanStatus::Superseded, _, Some(next)) => {
            tr!("已被 {next} 取代", "superseded by {next}")
        }
        (_, Some(date), _) => tr!("ended，{date}", "ended, {date}"),
        _ => "ended".to_string(),
    }
}
