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

#[cfg(test)]
mod tests {
    use super::super::scan::Paragraph;
    use super::*;

    fn paragraph(line: usize, label: &str, number: u32, parts: &[&str]) -> Paragraph {
        Paragraph {
            heading: Some(0),
            number,
            label: label.to_string(),
            parts: parts.iter().map(|p| p.to_string()).collect(),
            line,
        }
    }

    fn placed(item: &Paragraph) -> Placed<'_> {
        Placed {
            section: 3,
            heading: "生态".to_string(),
            item,
        }
    }

    fn build_all(items: &[Paragraph]) -> Built {
        build(items.iter().map(placed).collect())
    }

    fn warnings(built: &Built) -> Vec<(Option<usize>, WarningKind, &str)> {
        built
            .warnings
            .iter()
            .map(|w| (w.line, w.kind, w.message.as_str()))
            .collect()
    }

    #[test]
    fn a_bracket_with_a_lead_unit_and_responsible_departments() {
        let items = [paragraph(
            11,
            "1、",
            1,
            &[
                "加强保护。开展巡查",
                "，联合处置。",
                "（牵头单位：区环保局；配合单位：区水务局、区农委）",
            ],
        )];
        let built = build_all(&items);
        assert_eq!(
            built.tasks,
            [NoticeTask {
                section: 3,
                number: 1,
                numbered_as: Some("1、".to_string()),
                heading: "生态".to_string(),
                title: "加强保护".to_string(),
                text: "加强保护。开展巡查，联合处置。".to_string(),
                lead: vec!["区环保局".to_string()],
                lead_label: Some("牵头单位".to_string()),
                responsible: vec!["区水务局".to_string(), "区农委".to_string()],
                line: 11,
            }]
        );
        assert_eq!(built.departments, ["区环保局", "区水务局", "区农委"]);
        assert!(built.warnings.is_empty());
    }

    #[test]
    fn two_leads_and_departments_in_order_of_first_appearance() {
        let items = [
            paragraph(11, "1.", 1, &["建立机制。会商。区农委、区林业局牵头。"]),
            paragraph(
                12,
                "2.",
                2,
                &["联合执法。(牵头部门:区林业局,责任部门:区公安局)"],
            ),
        ];
        let built = build_all(&items);
        assert_eq!(built.tasks[0].lead, ["区农委", "区林业局"]);
        assert_eq!(built.tasks[0].lead_label, None);
        assert_eq!(built.tasks[0].numbered_as, None);
        assert_eq!(built.tasks[0].text, "建立机制。会商。");
        assert_eq!(built.tasks[1].lead, ["区林业局"]);
        assert_eq!(built.tasks[1].lead_label, None);
        assert_eq!(built.tasks[1].responsible, ["区公安局"]);
        assert_eq!(built.departments, ["区农委", "区林业局", "区公安局"]);
        assert!(built.warnings.is_empty());
    }

    #[test]
    fn no_lead_is_a_warning() {
        let built = build_all(&[paragraph(11, "(1)", 1, &["推进就业。"])]);
        assert_eq!(built.tasks[0].lead, Vec::<String>::new());
        assert_eq!(built.tasks[0].numbered_as.as_deref(), Some("(1)"));
        assert_eq!(
            warnings(&built),
            [(
                Some(11),
                WarningKind::NoLead,
                "任务 3.1“推进就业”原文未列明牵头部门"
            )]
        );
        assert!(built.departments.is_empty());
    }

    #[test]
    fn a_duplicate_number_an_empty_paragraph_and_odd_texts() {
        let items = [
            paragraph(11, "1.", 1, &["任务一。(牵头部门:区甲局)"]),
            paragraph(12, "2.", 2, &["(牵头部门:区丙局)"]),
            paragraph(13, "1.", 1, &["任务二，没有句号(牵头部门:区乙局)"]),
            paragraph(14, "3.", 3, &["任务三。(牵头部门:区丁局)还有一句"]),
        ];
        let built = build_all(&items);
        let ids: Vec<String> = built.tasks.iter().map(NoticeTask::id).collect();
        assert_eq!(ids, ["3.1", "3.1", "3.3"]);
        assert_eq!(
            warnings(&built),
            [
                (
                    Some(12),
                    WarningKind::Skipped,
                    "编号“2.”之后没有任务内容，未导入"
                ),
                (
                    Some(13),
                    WarningKind::Duplicate,
                    "任务编号 3.1 与第 11 行的任务重复"
                ),
                (
                    Some(13),
                    WarningKind::Note,
                    "任务 3.1 的内容中没有“。”：标题即全文，请核对"
                ),
                (
                    Some(14),
                    WarningKind::Note,
                    "任务 3.3 的内容不以“。”结尾（部门括号前还有文字），请核对"
                ),
                (
                    Some(14),
                    WarningKind::Note,
                    "任务 3.3 的部门说明不在段末，未能识别，已留在内容中；请核对"
                ),
                (
                    Some(14),
                    WarningKind::NoLead,
                    "任务 3.3“任务三”原文未列明牵头部门"
                ),
            ]
        );
        assert_eq!(built.departments, ["区甲局", "区乙局"]);
    }

    #[test]
    fn stray_text_is_skipped_with_an_excerpt() {
        let stray = Stray {
            line: 7,
            heading: Some(0),
            text: "这一段很长的说明文字不属于任何一项任务也没有编号所以不会导入".to_string(),
        };
        let warnings = stray_warnings(&[&stray]);
        assert_eq!(
            warnings,
            [Warning {
                line: Some(7),
                kind: WarningKind::Skipped,
                message: "这段文字不属于任何任务，未导入：这一段很长的说明文字不属于任何一项任务也没有编号…"
                    .to_string(),
            }]
        );
    }
}
