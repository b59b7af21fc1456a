//! Rules on a task's 年度目标: one target per year, milestones inside
//! their year and not after the task's deadline, and entries that report
//! on a milestone naming one the task has.

use std::collections::HashSet;

use chrono::Datelike;

use super::{is_blank, Site};
use crate::diagnostics::Diagnostic;
use crate::model::Task;
use crate::tr;

pub(super) fn check_targets(site: &Site, task: &Task, out: &mut Vec<Diagnostic>) {
    let mut years = HashSet::new();
    let count = task.targets.len();
    for (i, target) in task.targets.iter().enumerate() {
        let year = target.year.to_string();
        if !years.insert(target.year) {
            out.push(Diagnostic::error(
                site.path,
                site.field("targets", count, i, "year", &year),
                tr!(
                    "{year} 年的年度目标出现了两次：每年只能有一个目标（targets）",
                    "the target for {year} is given twice: a year has one target (targets)"
                ),
            ));
        }
        if target.goal.as_deref().is_some_and(is_blank) {
            out.push(site.error(
                "targets",
                Some(&year),
                tr!(
                    "{year} 年的年度目标（goal）为空",
                    "the goal of the {year} target is empty"
                ),
            ));
        }
        for milestone in &target.milestones {
            let by = milestone.by.format("%Y-%m-%d").to_string();
            if milestone.by.year() != target.year {
                out.push(site.error(
                    "targets",
                    Some(&by),
                    tr!(
                        "时间节点 {by} 不在其所属的 {year} 年内",
                        "the milestone {by} is not within its year {year}"
                    ),
                ));
            }
            if milestone.by > task.due {
                out.push(site.error(
                    "targets",
                    Some(&by),
                    tr!(
                        "时间节点 {by} 晚于任务的完成时限 {}",
                        "the milestone {by} is after the task's deadline {}",
                        task.due
                    ),
                ));
            }
            if is_blank(&milestone.goal) {
                out.push(site.error(
                    "targets",
                    Some(&by),
                    tr!(
                        "时间节点 {by} 的目标（goal）为空",
                        "the goal of the milestone {by} is empty"
                    ),
                ));
            }
        }
    }
    let known: HashSet<_> = task.milestones().map(|m| m.by).collect();
    let count = task.progress.len();
    for (i, entry) in task.progress.iter().enumerate() {
        let Some(report) = &entry.milestone else {
            continue;
        };
        if !known.contains(&report.by) {
            let by = report.by.format("%Y-%m-%d").to_string();
            let date = entry.date.format("%Y-%m-%d").to_string();
            out.push(Diagnostic::error(
                site.path,
                site.field("progress", count, i, "date", &date),
                tr!(
                    "{date} 的进展记录报告了时间节点 {by}，但任务的年度目标（targets）中没有该节点",
                    "the entry of {date} reports on the milestone {by}, which the task's targets do not have"
                ),
            ));
        }
    }
}
