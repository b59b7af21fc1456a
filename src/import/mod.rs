//! Import: a task-decomposition notice (通知), as plain text, into tasks.
//!
//! [`parse_notice`] is a pure function over text: no I/O, and it never
//! panics, whatever the input (a fuzz target under `fuzz/` checks that). It
//! returns what the notice says — plan fields, the task headings, the tasks
//! with their source fields, the departments in order of first appearance —
//! and warnings. What to write is worked out by [`changes::Changes`], from
//! the notice and what the directory holds ([`current::Current`]).
//!
//! The notice's shape: chapters `一、…`; inside the chapter whose title
//! names the tasks (二、主要工作任务) the task headings `(一)…`/`（一）…`;
//! under each heading numbered tasks `1.` `1、` `(1)` `（1）` `①`, each
//! followed by its department bracket. Only the headings of the task chapter
//! become task headings; a notice without such a chapter has its tasks under
//! whichever headings hold numbered paragraphs. The introduction and the
//! closing chapters are not tasks.
//!
//! Decisions, for the record:
//! - A task's id is `<heading number>.<item number>`, the numbers as the
//!   notice writes them (`(四)` … `(5)` is 4.5).
//! - `numbered_as` keeps the item's marker as written whenever it is not
//!   `N.` with an ASCII full stop: `(5)`, `1、`, `（1）`, `①`.
//! - `text` is the paragraph from the title up to the department bracket,
//!   its punctuation kept as written; `title` is the text before the first 。.
//! - `lead_label` is the lead's label where it is not 牵头部门 (牵头单位); a
//!   trailing `X牵头` has no label, so none is recorded.
//! - A task with no lead is imported with an empty lead and a warning.

pub mod changes;
pub mod clean;
pub mod current;
pub mod decode;
pub mod departments;
pub mod markers;
pub mod meta;
mod plan_file;
mod task_files;

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use crate::model::{ParentDocument, Period};
use crate::tr;
use markers::MarkerKind;

/// What a notice says.
#[derive(Debug, Clone, Default)]
pub struct Notice {
    pub title: Option<String>,
    pub issuer: Option<String>,
    pub date: Option<NaiveDate>,
    pub addressee: Option<String>,
    pub parent: Option<ParentDocument>,
    pub period: Option<Period>,
    pub working_group_office: Option<String>,
    pub supervision_office: Option<String>,
    /// The task headings, in order.
    pub headings: Vec<NoticeHeading>,
    /// The tasks, in order.
    pub tasks: Vec<NoticeTask>,
    /// Every department the tasks name, in order of first appearance.
    pub departments: Vec<String>,
    pub warnings: Vec<Warning>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeHeading {
    pub number: u32,
    /// The marker as written, e.g. `(一)`; None for tasks under no heading.
    pub label: Option<String>,
    pub title: String,
    /// 1-based line in the notice.
    pub line: usize,
}

/// A task's source fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeTask {
    pub section: u32,
    pub number: u32,
    pub numbered_as: Option<String>,
    pub heading: String,
    pub title: String,
    pub text: String,
    pub lead: Vec<String>,
    pub lead_label: Option<String>,
    pub responsible: Vec<String>,
    /// 1-based line where the task starts in the notice.
    pub line: usize,
}

impl NoticeTask {
    pub fn id(&self) -> String {
        format!("{}.{}", self.section, self.number)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// 1-based line in the notice, where there is one.
    pub line: Option<usize>,
    pub kind: WarningKind,
    /// For the user, in the language of the run (`crate::i18n`).
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WarningKind {
    /// A task names no lead department: imported with an empty lead.
    NoLead,
    /// Two tasks (or headings) with the same number: the notice cannot be
    /// imported as it is.
    Duplicate,
    /// Text that looked like a task but was not imported.
    Skipped,
    /// Anything else worth a look.
    Note,
}

impl Warning {
    fn new(line: Option<usize>, kind: WarningKind, message: String) -> Warning {
        Warning {
            line,
            kind,
            message,
        }
    }

    /// Warnings that stop the import.
    pub fn is_fatal(&self) -> bool {
        self.kind == WarningKind::Duplicate
    }
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => f.write_str(&tr!("第 {line} 行：{}", "line {line}: {}", self.message)),
            None => f.write_str(&self.message),
        }
    }
}

/// A heading as met in the text.
#[derive(Debug)]
struct HeadingAcc {
    kind: MarkerKind,
    number: u32,
    label: String,
    title: String,
    /// The chapter a section heading sits in.
    chapter: Option<usize>,
    line: usize,
}

/// A numbered paragraph as met in the text.
#[derive(Debug)]
struct ItemAcc {
    heading: Option<usize>,
    number: u32,
    label: String,
    parts: Vec<String>,
    line: usize,
}

/// How far back from a paragraph's end a department bracket is looked for
/// while reading (it is looked for in full once the paragraph is complete).
const BRACKET_LOOKBACK: usize = 4096;

/// Parses a notice. Never panics; anything it cannot place becomes a warning.
pub fn parse_notice(input: &str) -> Notice {
    let raw = split_lines(input);
    let pre: Vec<String> = raw.iter().map(|l| clean::clean_line(l, None)).collect();
    let line_at = |i: usize| pre.get(i).map_or("", String::as_str);
    let first_marker = pre
        .iter()
        .position(|l| markers::parse(l).is_some())
        .unwrap_or(pre.len());

    // The head: title, addressee, preamble.
    let title_index = (0..first_marker).find(|&i| meta::is_title(line_at(i)));
    let title = title_index.map(|t| {
        let title = line_at(t);
        let previous = (0..t).rev().find(|&i| !line_at(i).is_empty());
        match previous {
            // A title broken before 关于: `重庆市潼南区人民政府` / `关于…的通知`.
            Some(p) if title.starts_with("关于") && meta::signature(line_at(p)) => {
                format!("{}{title}", line_at(p))
            }
            _ => title.to_string(),
        }
    });
    let body_start = title_index.map_or(0, |t| t + 1);
    let addressee_index =
        (body_start..first_marker).find(|&i| meta::addressee(line_at(i)).is_some());
    let addressee = addressee_index
        .and_then(|i| meta::addressee(line_at(i)))
        .map(str::to_string);
    let preamble: String = (body_start..first_marker)
        .filter(|&i| Some(i) != addressee_index)
        .map(line_at)
        .collect();

    // The signature: the date line and the issuer above it.
    let date_index = pre.iter().rposition(|l| meta::date_line(l).is_some());
    let date = date_index.and_then(|i| meta::date_line(line_at(i)));
    let issuer_index = date_index
        .and_then(|d| (0..d).rev().find(|&i| !line_at(i).is_empty()))
        .filter(|&i| {
            meta::signature(line_at(i))
                && markers::parse(line_at(i)).is_none()
                && Some(i) != title_index
        });
    let issuer = issuer_index.map(|i| line_at(i).to_string()).or_else(|| {
        let title = title.as_deref()?;
        let (issuer, _) = title.split_once("关于")?;
        (!issuer.is_empty()).then(|| issuer.to_string())
    });

    let mut notice = Notice {
        period: title
            .as_deref()
            .and_then(meta::period)
            .or_else(|| meta::parent(&preamble).and_then(|p| meta::period(&p.title))),
        parent: meta::parent(&preamble),
        title,
        issuer,
        date,
        addressee,
        ..Notice::default()
    };
    let everything: String = pre
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != title_index)
        .map(|(_, l)| l.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    notice.working_group_office = meta::working_group_office(&everything);
    notice.supervision_office = meta::supervision_office(&everything);

    // The body: headings and numbered paragraphs.
    let mut headings: Vec<HeadingAcc> = Vec::new();
    let mut items: Vec<ItemAcc> = Vec::new();
    let mut stray: Vec<(usize, Option<usize>, String)> = Vec::new();
    let mut chapter: Option<usize> = None;
    let mut heading: Option<usize> = None;
    let mut open: Option<usize> = None;
    let mut last_number = 0u32;
    for (index, raw_line) in raw.iter().enumerate().skip(body_start) {
        if Some(index) == date_index || Some(index) == issuer_index {
            open = None;
            continue;
        }
        let line = clean::clean_line(raw_line, last_number.checked_add(1));
        if line.is_empty() {
            continue;
        }
        match markers::parse(&line) {
            Some(m) if m.kind != MarkerKind::Item => {
                open = None;
                last_number = 0;
                let in_chapter = if m.kind == MarkerKind::Chapter {
                    None
                } else {
                    chapter
                };
                headings.push(HeadingAcc {
                    kind: m.kind,
                    number: m.number,
                    label: m.label.to_string(),
                    title: heading_title(m.rest),
                    chapter: in_chapter,
                    line: index + 1,
                });
                let new = Some(headings.len() - 1);
                if m.kind == MarkerKind::Chapter {
                    chapter = new;
                }
                heading = new;
            }
            Some(m) => {
                last_number = m.number;
                items.push(ItemAcc {
                    heading,
                    number: m.number,
                    label: m.label.to_string(),
                    parts: vec![m.rest.to_string()],
                    line: index + 1,
                });
                open = Some(items.len() - 1);
            }
            None => match open.and_then(|i| items.get_mut(i)) {
                Some(item) => item.parts.push(line),
                None => stray.push((index + 1, heading, line)),
            },
        }
        // A task's paragraph ends with its department bracket.
        if let Some(item) = open.and_then(|i| items.get(i)) {
            if paragraph_complete(&item.parts) {
                open = None;
            }
        }
    }

    // Which headings are task headings.
    let mut item_count = vec![0usize; headings.len()];
    for h in items.iter().filter_map(|it| it.heading) {
        if let Some(count) = item_count.get_mut(h) {
            *count += 1;
        }
    }
    let has_items = |h: usize| item_count.get(h).is_some_and(|c| *c > 0);
    let chapter_of = |h: usize| match headings.get(h) {
        Some(x) if x.kind == MarkerKind::Chapter => Some(h),
        Some(x) => x.chapter,
        None => None,
    };
    // Chapters that hold numbered paragraphs, directly or under a heading.
    let chapters_with_items: HashSet<usize> = (0..headings.len())
        .filter(|&h| has_items(h))
        .filter_map(chapter_of)
        .collect();
    let task_chapters: HashSet<usize> = headings
        .iter()
        .enumerate()
        .filter(|(i, h)| {
            h.kind == MarkerKind::Chapter
                && h.title.contains("任务")
                && chapters_with_items.contains(i)
        })
        .map(|(i, _)| i)
        .collect();
    let in_task_part = |h: usize| {
        task_chapters.is_empty() || chapter_of(h).is_some_and(|c| task_chapters.contains(&c))
    };

    let mut seen_ids: HashMap<String, usize> = HashMap::new();
    let mut seen_sections: HashMap<u32, usize> = HashMap::new();
    let mut listed: HashSet<usize> = HashSet::new();
    let mut known: HashSet<String> = HashSet::new();
    let mut warnings = Vec::new();
    for item in &items {
        let section = match item.heading.and_then(|h| headings.get(h).map(|x| (h, x))) {
            None if headings.is_empty() => {
                if notice.headings.is_empty() {
                    warnings.push(Warning::new(
                        Some(item.line),
                        WarningKind::Note,
                        crate::i18n::pick(
                            "通知中没有篇章标题：任务归入第 1 篇章（标题为空，请在 plan.yaml 中填写）",
                            "the notice has no section headings: its tasks go under section 1 (with an empty title; fill it in in plan.yaml)",
                        )
                        .into(),
                    ));
                    notice.headings.push(NoticeHeading {
                        number: 1,
                        label: None,
                        title: String::new(),
                        line: item.line,
                    });
                }
                (1, String::new())
            }
            None => {
                warnings.push(Warning::new(
                    Some(item.line),
                    WarningKind::Skipped,
                    tr!(
                        "编号段落“{}”出现在任何标题之前，未作为任务导入",
                        "the numbered paragraph “{}” comes before any heading, so it was not imported as a task",
                        excerpt(&item.label, &item.parts)
                    ),
                ));
                continue;
            }
            Some((h, _)) if !in_task_part(h) => {
                let chapter = chapter_of(h).and_then(|c| headings.get(c));
                let within = chapter
                    .map(|c| format!("“{}{}”", c.label, c.title))
                    .unwrap_or_default();
                let message = match crate::i18n::current() {
                    crate::i18n::Lang::Zh => format!(
                        "编号段落“{}”在{within}中，不属于任务部分，未作为任务导入",
                        excerpt(&item.label, &item.parts)
                    ),
                    crate::i18n::Lang::En => format!(
                        "the numbered paragraph “{}” is{} outside the tasks part, so it was not imported as a task",
                        excerpt(&item.label, &item.parts),
                        if within.is_empty() {
                            String::new()
                        } else {
                            format!(" in {within},")
                        }
                    ),
                };
                warnings.push(Warning::new(Some(item.line), WarningKind::Skipped, message));
                continue;
            }
            Some((h, x)) => {
                if listed.insert(h) {
                    if let Some(first) = seen_sections.get(&x.number) {
                        warnings.push(Warning::new(
                            Some(x.line),
                            WarningKind::Duplicate,
                            tr!(
                                "篇章标题“{}{}”的编号与第 {first} 行的篇章重复",
                                "the section heading “{}{}” has the same number as the section on line {first}",
                                x.label,
                                x.title
                            ),
                        ));
                    }
                    seen_sections.entry(x.number).or_insert(x.line);
                    notice.headings.push(NoticeHeading {
                        number: x.number,
                        label: Some(x.label.clone()),
                        title: x.title.clone(),
                        line: x.line,
                    });
                }
                (x.number, x.title.clone())
            }
        };
        let (section_number, heading_title) = section;
        let paragraph = join_parts(&item.parts);
        let (text, found) = departments::split_off(&paragraph);
        if text.is_empty() {
            warnings.push(Warning::new(
                Some(item.line),
                WarningKind::Skipped,
                tr!(
                    "编号“{}”之后没有任务内容，未导入",
                    "no task text follows the number “{}”, so nothing was imported",
                    item.label
                ),
            ));
            continue;
        }
        let unread_bracket = found.is_none()
            && [
                "牵头部门",
                "牵头单位",
                "责任部门",
                "责任单位",
                "配合单位",
                "配合部门",
            ]
            .iter()
            .any(|label| text.contains(label));
        let found = found.unwrap_or_default();
        let title = text
            .split('。')
            .next()
            .unwrap_or_default()
            .trim()
            .to_string();
        let task = NoticeTask {
            section: section_number,
            number: item.number,
            numbered_as: (item.label != format!("{}.", item.number)).then(|| item.label.clone()),
            heading: heading_title,
            title,
            text,
            lead: found.lead,
            lead_label: found.lead_label,
            responsible: found.responsible,
            line: item.line,
        };
        let id = task.id();
        if let Some(first) = seen_ids.get(&id) {
            warnings.push(Warning::new(
                Some(item.line),
                WarningKind::Duplicate,
                tr!(
                    "任务编号 {id} 与第 {first} 行的任务重复",
                    "task number {id} is the same as that of the task on line {first}"
                ),
            ));
        }
        seen_ids.entry(id.clone()).or_insert(item.line);
        if !task.text.contains('。') {
            warnings.push(Warning::new(
                Some(item.line),
                WarningKind::Note,
                tr!(
                    "任务 {id} 的内容中没有“。”：标题即全文，请核对",
                    "task {id} has no “。” in its text: the title is the whole text; please check"
                ),
            ));
        } else if !task.text.ends_with('。') {
            warnings.push(Warning::new(
                Some(item.line),
                WarningKind::Note,
                tr!(
                    "任务 {id} 的内容不以“。”结尾（部门括号前还有文字），请核对",
                    "task {id}'s text does not end with “。” (there is text before the department bracket); please check"
                ),
            ));
        }
        if unread_bracket {
            warnings.push(Warning::new(
                Some(item.line),
                WarningKind::Note,
                tr!(
                    "任务 {id} 的部门说明不在段末，未能识别，已留在内容中；请核对",
                    "task {id}'s departments are not at the end of its paragraph and could not be read; they were left in the text; please check"
                ),
            ));
        }
        if task.lead.is_empty() {
            warnings.push(Warning::new(
                Some(item.line),
                WarningKind::NoLead,
                tr!(
                    "任务 {id}“{}”原文未列明牵头部门",
                    "task {id} “{}” names no lead department in the notice",
                    task.title
                ),
            ));
        }
        for name in task.lead.iter().chain(&task.responsible) {
            if known.insert(name.clone()) {
                notice.departments.push(name.clone());
            }
        }
        notice.tasks.push(task);
    }

    // Text inside the task part that belongs to no task.
    for (line, within, text) in stray {
        let under_section = within.is_some_and(|h| has_items(h) && in_task_part(h));
        if under_section {
            warnings.push(Warning::new(
                Some(line),
                WarningKind::Skipped,
                tr!(
                    "这段文字不属于任何任务，未导入：{}",
                    "this text belongs to no task and was not imported: {}",
                    excerpt("", std::slice::from_ref(&text))
                ),
            ));
        }
    }
    warnings.sort_by_key(|w| w.line);
    notice.warnings = warnings;
    notice
}

/// Lines, with `\r\n`, `\n` or a lone `\r` as the break.
fn split_lines(input: &str) -> Vec<&str> {
    let input = input.strip_prefix('\u{feff}').unwrap_or(input);
    if input.contains('\n') {
        input
            .split('\n')
            .map(|l| l.strip_suffix('\r').unwrap_or(l))
            .collect()
    } else {
        input.split('\r').collect()
    }
}

/// A heading's title: the line after its number, up to a 。 (a heading
/// that is also a paragraph, 三(一)加强统筹协调指导。…), without a trailing
/// colon or comma.
fn heading_title(rest: &str) -> String {
    let title = rest.split('。').next().unwrap_or_default();
    title
        .trim_end_matches(|c: char| ":：,，;；".contains(c) || markers::is_blank(c))
        .trim()
        .to_string()
}

/// A wrapped paragraph, joined: Chinese lines join without a space; a space
/// goes back only between two ASCII words.
fn join_parts(parts: &[String]) -> String {
    let mut out = String::new();
    for part in parts {
        let part = part.trim_matches(markers::is_blank);
        if part.is_empty() {
            continue;
        }
        let word_break = out.ends_with(|c: char| c.is_ascii_alphanumeric())
            && part.starts_with(|c: char| c.is_ascii_alphanumeric());
        if word_break {
            out.push(' ');
        }
        out.push_str(part);
    }
    out
}

/// Has the paragraph read so far reached its department bracket?
fn paragraph_complete(parts: &[String]) -> bool {
    let ends_bracket = parts
        .last()
        .is_some_and(|p| p.trim_end_matches(['。', ' ']).ends_with([')', '）']));
    if !ends_bracket {
        return false;
    }
    let mut tail: Vec<&str> = Vec::new();
    let mut length = 0;
    for part in parts.iter().rev() {
        tail.push(part);
        length += part.len();
        if length > BRACKET_LOOKBACK {
            break;
        }
    }
    tail.reverse();
    let tail: Vec<String> = tail.into_iter().map(str::to_string).collect();
    departments::ends_with_bracket(&join_parts(&tail))
}

/// The start of a paragraph, for a warning.
fn excerpt(label: &str, parts: &[String]) -> String {
    let text = join_parts(parts);
    let short: String = text.chars().take(24).collect();
    let more = if text.chars().count() > 24 { "…" } else { "" };
    format!("{label}{short}{more}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_notice() {
        let notice = parse_notice(
            "某某区人民政府关于下达2019-2020年工作任务的通知\n各部门：\n一、重点任务\n（一）生态\n1、加强保护。开展巡查\n，联合处置。（牵头单位：区环保局；配合单位：区水务局）\n②建立机制。会商。区农委、区林业局牵头。\n（二）就业\n(1)推进就业。\n二、保障措施\n1.加强领导。\n某某区人民政府\n2019年3月1日\n",
        );
        assert_eq!(
            notice.title.as_deref(),
            Some("某某区人民政府关于下达2019-2020年工作任务的通知")
        );
        assert_eq!(notice.addressee.as_deref(), Some("各部门"));
        assert_eq!(notice.issuer.as_deref(), Some("某某区人民政府"));
        assert_eq!(notice.date, NaiveDate::from_ymd_opt(2019, 3, 1));
        let period = notice.period.as_ref().map(|p| (p.start, p.end));
        assert_eq!(period, Some((2019, 2020)));
        let ids: Vec<String> = notice.tasks.iter().map(NoticeTask::id).collect();
        assert_eq!(ids, ["1.1", "1.2", "2.1"]);
        let first = &notice.tasks[0];
        assert_eq!(first.text, "加强保护。开展巡查，联合处置。");
        assert_eq!(first.numbered_as.as_deref(), Some("1、"));
        assert_eq!(first.lead_label.as_deref(), Some("牵头单位"));
        assert_eq!(notice.tasks[1].lead, ["区农委", "区林业局"]);
        assert_eq!(notice.tasks[1].numbered_as.as_deref(), Some("②"));
        assert_eq!(notice.tasks[2].lead, Vec::<String>::new());
        let kinds: Vec<(Option<usize>, WarningKind)> =
            notice.warnings.iter().map(|w| (w.line, w.kind)).collect();
        assert_eq!(
            kinds,
            [
                (Some(9), WarningKind::NoLead),
                (Some(11), WarningKind::Skipped)
            ]
        );
        assert_eq!(
            notice.departments,
            ["区环保局", "区水务局", "区农委", "区林业局"]
        );
    }

    #[test]
    fn a_department_bracket_inside_the_text_is_pointed_out() {
        let notice = parse_notice("(一)甲\n1.任务。(牵头部门:区甲局)还有一句。\n");
        assert_eq!(notice.tasks[0].lead, Vec::<String>::new());
        assert!(notice
            .warnings
            .iter()
            .any(|w| w.message.contains("部门说明不在段末")));
    }

    #[test]
    fn nothing_in_nothing_out() {
        for input in ["", "\n\n", "\u{feff}", "x", "1.", "(一)", "一、", "\r\r"] {
            let notice = parse_notice(input);
            assert!(notice.tasks.is_empty(), "{input:?}");
        }
    }
}
