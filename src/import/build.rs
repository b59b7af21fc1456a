//! Stage 4 of [`parse_notice`](super::parse_notice): task building. Each
//! placed paragraph becomes a [`NoticeTask`]: its text up to the department
//! bracket, its title (the text before the first 。), its lead and
//! responsible departments, and its marker where it is not `N.`. What needs
//! a look is a warning: no lead, a duplicate task number, no task text, a
//! bracket that could not be read, and stray text in the task part.

use std::collections::{HashMap, HashSet};

use super::classify::Placed;
use super::scan::{excerpt, join_parts, Stray};
use super::{departments, NoticeTask, Warning, WarningKind};
use crate::tr;

/// Labels that show a department bracket was meant, where none was read.
const BRACKET_LABELS: [&str; 6] = [
    "牵头部门",
    "牵头单位",
    "责任部门",
    "责任单位",
    "配合单位",
    "配合部门",
];

/// The tasks built from the placed paragraphs.
#[derive(Debug, Default)]
pub(super) struct Built {
    /// The tasks, in order.
    pub tasks: Vec<NoticeTask>,
    /// Every department the tasks name, in order of first appearance.
    pub departments: Vec<String>,
    /// The warnings on the tasks, in the order of the tasks.
    pub warnings: Vec<Warning>,
}

/// Builds the tasks from the placed paragraphs, in order. A paragraph with
/// no text after its number is skipped with a warning.
pub(super) fn build(placed: Vec<Placed<'_>>) -> Built {
    let mut built = Built::default();
    let mut seen_ids: HashMap<String, usize> = HashMap::new();
    let mut known: HashSet<String> = HashSet::new();
    for placed in placed {
        let line = placed.item.line;
        let (task, unread_bracket) = match task(placed) {
            Ok(built) => built,
            Err(warning) => {
                built.warnings.push(warning);
                continue;
            }
        };
        let id = task.id();
        if let Some(first) = seen_ids.get(&id) {
            built.warnings.push(Warning::new(
                Some(line),
                WarningKind::Duplicate,
                tr!(
                    "任务编号 {id} 与第 {first} 行的任务重复",
                    "task number {id} is the same as that of the task on line {first}"
                ),
            ));
        }
        seen_ids.entry(id).or_insert(line);
        built.warnings.extend(notes(&task, unread_bracket));
        for name in task.lead.iter().chain(&task.responsible) {
            if known.insert(name.clone()) {
                built.departments.push(name.clone());
            }
        }
        built.tasks.push(task);
    }
    built
}

/// The task a paragraph makes, and whether it seems to hold a department
/// bracket that could not be read; or, with no text, the warning.
fn task(placed: Placed<'_>) -> Result<(NoticeTask, bool), Warning> {
    let item = placed.item;
    let paragraph = join_parts(&item.parts);
    let (text, found) = departments::split_off(&paragraph);
    if text.is_empty() {
        return Err(Warning::new(
            Some(item.line),
            WarningKind::Skipped,
            tr!(
                "编号“{}”之后没有任务内容，未导入",
                "no task text follows the number “{}”, so nothing was imported",
                item.label
            ),
        ));
    }
    let unread_bracket = found.is_none() && BRACKET_LABELS.iter().any(|label| text.contains(label));
    let found = found.unwrap_or_default();
    let title = text
        .split('。')
        .next()
        .unwrap_or_default()
        .trim()
        .to_string();
    let task = NoticeTask {
        section: placed.section,
        number: item.number,
        numbered_as: (item.label != format!("{}.", item.number)).then(|| item.label.clone()),
        heading: placed.heading,
        title,
        text,
        lead: found.lead,
        lead_label: found.lead_label,
        responsible: found.responsible,
        line: item.line,
    };
    Ok((task, unread_bracket))
}

/// The notes on a built task: its text without a final 。, a department
/// bracket left in the text, no lead.
fn notes(task: &NoticeTask, unread_bracket: bool) -> Vec<Warning> {
    let id = task.id();
    let line = Some(task.line);
    let mut notes = Vec::new();
    if !task.text.contains('。') {
        notes.push(Warning::new(
            line,
            WarningKind::Note,
            tr!(
                "任务 {id} 的内容中没有“。”：标题即全文，请核对",
                "task {id} has no “。” in its text: the title is the whole text; please check"
            ),
        ));
    } else if !task.text.ends_with('。') {
        notes.push(Warning::new(
            line,
            WarningKind::Note,
            tr!(
                "任务 {id} 的内容不以“。”结尾（部门括号前还有文字），请核对",
                "task {id}'s text does not end with “。” (there is text before the department bracket); please check"
            ),
        ));
    }
    if unread_bracket {
        notes.push(Warning::new(
            line,
            WarningKind::Note,
            tr!(
                "任务 {id} 的部门说明不在段末，未能识别，已留在内容中；请核对",
                "task {id}'s departments are not at the end of its paragraph and could not be read; they were left in the text; please check"
            ),
        ));
    }
    if task.lead.is_empty() {
        notes.push(Warning::new(
            line,
            WarningKind::NoLead,
            tr!(
                "任务 {id}“{}”原文未列明牵头部门",
                "task {id} “{}” names no lead department in the notice",
                task.title
            ),
        ));
    }
    notes
}

/// The warnings on stray text in the task part: it belongs to no task.
pub(super) fn stray_warnings(stray: &[&Stray]) -> Vec<Warning> {
    stray
        .iter()
        .map(|s| {
            Warning::new(
                Some(s.line),
                WarningKind::Skipped,
                tr!(
                    "这段文字不属于任何任务，未导入：{}",
                    "this text belongs to no task and was not imported: {}",
                    excerpt("", std::slice::from_ref(&s.text))
                ),
            )
        })
        .collect()
}
