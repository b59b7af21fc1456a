//! Rules on a task's record: its dates, its deadline and extensions, its
//! progress log, and its status against that log. These are what the
//! supervision office reads when it judges a task late or closes it.

use chrono::NaiveDate;

use super::{is_blank, Site};
use crate::diagnostics::{Diagnostic, Position};
use crate::model::{Plan, Status, Task};
use crate::tr;

/// The earliest year a date in the ledger may have: no plan of the
/// government that issues these notices is older.
pub const FIRST_YEAR: i32 = 1949;
/// The latest: far beyond any plan's horizon, yet not the 9999 of a slip.
pub const LAST_YEAR: i32 = 2100;

/// Is `date` one a ledger can hold (1949–2100)?
pub fn is_plausible(date: NaiveDate) -> bool {
    use chrono::Datelike;
    (FIRST_YEAR..=LAST_YEAR).contains(&date.year())
}

/// A date of the task: which one, and where it is.
struct Dated {
    name: &'static str,
    date: NaiveDate,
    at: Option<Position>,
}

/// Every date of the task, with its position.
fn dates(site: &Site, task: &Task) -> Vec<Dated> {
    let ymd = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    let mut all = vec![Dated {
        name: "due",
        date: task.due,
        at: site.at("due", Some(&ymd(task.due))),
    }];
    if let Some(date) = task.original_due {
        all.push(Dated {
            name: "original_due",
            date,
            at: site.at("original_due", Some(&ymd(date))),
        });
    }
    let count = task.extensions.len();
    for (i, e) in task.extensions.iter().enumerate() {
        for (name, field, date) in [
            ("extensions.date", "date", e.date),
            ("extensions.from", "from", e.from),
            ("extensions.to", "to", e.to),
        ] {
            let at = site.field("extensions", count, i, field, &ymd(date));
            all.push(Dated { name, date, at });
        }
    }
    let count = task.progress.len();
    for (i, p) in task.progress.iter().enumerate() {
        let at = site.field("progress", count, i, "date", &ymd(p.date));
        all.push(Dated {
            name: "progress.date",
            date: p.date,
            at,
        });
    }
    all
}

/// Every date lies between 1949 and 2100, and none is before the plan
/// was issued: a deadline or a report older than the notice is a slip.
pub(super) fn check_dates(
    site: &Site,
    task: &Task,
    plan: Option<&Plan>,
    out: &mut Vec<Diagnostic>,
) {
    let plausible = |d: &NaiveDate| is_plausible(*d);
    let all = [Some(task.due), task.original_due]
        .into_iter()
        .flatten()
        .chain(task.extensions.iter().flat_map(|e| [e.date, e.from, e.to]))
        .chain(task.progress.iter().map(|p| p.date));
    let issued = plan.map(|p| p.date).filter(plausible);
    // Positions are looked for only when something is wrong.
    let wrong = |d: NaiveDate| !is_plausible(d) || issued.is_some_and(|i| d < i);
    if !all.into_iter().any(wrong) {
        return;
    }
    for Dated { name, date, at } in dates(site, task) {
        let message = if !is_plausible(date) {
            tr!(
                "{name} 的日期 {date} 不合理：台账中的日期应在 {FIRST_YEAR} 年至 {LAST_YEAR} 年之间",
                "{name}: the date {date} is implausible; dates in the ledger lie between {FIRST_YEAR} and {LAST_YEAR}"
            )
        } else if let Some(issued) = issued.filter(|i| date < *i) {
            tr!(
                "{name} 的日期 {date} 早于计划印发日期 {issued}（plan.yaml 的 date）",
                "{name}: the date {date} is before the plan was issued ({issued}, the date in plan.yaml)"
            )
        } else {
            continue;
        };
        out.push(Diagnostic::error(site.path, at, message));
    }
}

/// The deadline's history holds together: `original_due` is not later
/// than `due`; extensions chain from the first deadline to the current
/// one, each from where the last one ended; each says why.
pub(super) fn check_deadlines(site: &Site, task: &Task, out: &mut Vec<Diagnostic>) {
    if let Some(original) = task.original_due.filter(|o| *o > task.due) {
        out.push(site.error(
            "original_due",
            None,
            tr!(
                "原定完成时限 original_due: {original} 晚于现行完成时限 due: {}：延期只会推后时限",
                "original_due {original} is later than due {}: an extension moves a deadline later, never earlier",
                task.due
            ),
        ));
    }
    if task.extensions.is_empty() {
        if let Some(original) = task.original_due.filter(|o| *o != task.due) {
            out.push(site.error(
                "original_due",
                None,
                tr!(
                    "完成时限已由原定的 {original} 改为 {}，但没有延期记录（extensions）：每次延期都须记明日期和理由",
                    "the deadline moved from original_due {original} to {}, but there is no extension record: every extension is recorded with its date and reason",
                    task.due
                ),
            ));
        }
        return;
    }
    check_extension_chain(site, task, out);
}

/// Extensions chain: the first from the original deadline, each from the
/// previous one's new deadline, the last to `due`; each has a reason.
fn check_extension_chain(site: &Site, task: &Task, out: &mut Vec<Diagnostic>) {
    let count = task.extensions.len();
    let at = |i: usize, field: &str, date: NaiveDate| {
        let value = date.format("%Y-%m-%d").to_string();
        site.field("extensions", count, i, field, &value)
    };
    let mut previous: Option<NaiveDate> = None;
    for (i, extension) in task.extensions.iter().enumerate() {
        let n = i + 1;
        let from = extension.from;
        let expected = match previous {
            Some(to) => Some((
                to,
                tr!(
                    "上一次延期的新时限 {to}",
                    "the previous extension's to, {to}"
                ),
            )),
            None => task
                .original_due
                .map(|o| (o, tr!("原定完成时限 original_due {o}", "original_due, {o}"))),
        };
        if let Some((_, expected)) = expected.filter(|(date, _)| *date != from) {
            out.push(Diagnostic::error(
                site.path,
                at(i, "from", from),
                tr!(
                    "延期记录不连贯：第 {n} 次延期的原时限 from {from} 应为{expected}",
                    "extensions do not chain: extension {n}'s from, {from}, should be {expected}"
                ),
            ));
        }
        if is_blank(&extension.reason) {
            let position = site.field("extensions", count, i, "reason", &extension.reason);
            out.push(Diagnostic::error(
                site.path,
                position,
                tr!(
                    "第 {n} 次延期没有写明理由（reason 为空）：每次延期都须说明理由",
                    "extension {n} gives no reason (reason is empty): every extension needs one"
                ),
            ));
        }
        previous = Some(extension.to);
    }
    if let Some(last) = previous.filter(|to| *to != task.due) {
        out.push(Diagnostic::error(
            site.path,
            at(count - 1, "to", last),
            tr!(
                "延期记录不连贯：最后一次延期的新时限 to {last} 应为现行完成时限 due {}",
                "extensions do not chain: the last extension's to, {last}, should be due, {}",
                task.due
            ),
        ));
    }
}

/// Each progress entry says something: a note, a status change or both;
/// a note is not empty (nor made of invisible characters).
pub(super) fn check_progress_entries(site: &Site, task: &Task, out: &mut Vec<Diagnostic>) {
    let count = task.progress.len();
    for (i, entry) in task.progress.iter().enumerate() {
        let date = entry.date;
        match &entry.note {
            Some(note) if is_blank(note) => out.push(Diagnostic::error(
                site.path,
                site.field("progress", count, i, "note", note),
                tr!(
                    "{date} 的进展说明（note）为空，或只有空白和不可见字符",
                    "the progress note of {date} is empty, or only blanks and invisible characters"
                ),
            )),
            None if entry.status.is_none() => out.push(Diagnostic::error(
                site.path,
                site.field("progress", count, i, "date", &date.to_string()),
                tr!(
                    "{date} 的进展记录既无说明（note）也无状态变更（status）",
                    "the progress entry of {date} has neither a note nor a status change"
                ),
            )),
            _ => {}
        }
    }
}

/// The status agrees with the log: it is what the last recorded status
/// change made it; and a task is done only on evidence, a note reported
/// with or after the change before the one that closed it.
pub(super) fn check_status(site: &Site, task: &Task, out: &mut Vec<Diagnostic>) {
    let changes: Vec<usize> = (0..task.progress.len())
        .filter(|&i| task.progress[i].status.is_some())
        .collect();
    let last = changes.last().map(|&i| &task.progress[i]);
    if let Some((entry, change)) = last.and_then(|p| p.status.as_ref().map(|s| (p, s))) {
        if change.to != task.status {
            out.push(site.error(
                "status",
                None,
                tr!(
                    "状态“{}”与进展记录中最后一次状态变更不符（{}：{} → {}）",
                    "the status “{}” contradicts the last status change in the progress log ({}: {} → {})",
                    task.status.display(),
                    entry.date,
                    change.from.display(),
                    change.to.display()
                ),
            ));
            return;
        }
    }
    if task.status != Status::Done {
        return;
    }
    // Evidence counts from the entry after the change before the last.
    let from = match changes.as_slice() {
        [.., before, _] => before + 1,
        _ => 0,
    };
    if !task.progress[from..].iter().any(|p| p.note.is_some()) {
        out.push(site.error(
            "status",
            None,
            tr!(
                "状态为“{}”，但进展记录中没有完成依据：督查室凭依据销号，请追加一条写明完成情况的进展",
                "the status is “{}”, but the progress log gives no evidence of completion: the supervision office closes tasks on evidence; add a progress note saying what was done",
                task.status.display()
            ),
        ));
    }
}
