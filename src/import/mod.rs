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

mod build;
pub mod changes;
mod classify;
pub mod clean;
pub mod current;
pub mod decode;
pub mod departments;
mod head;
pub mod markers;
pub mod meta;
mod plan_file;
mod scan;
mod task_files;

use chrono::NaiveDate;

use crate::model::{ParentDocument, Period};
use crate::tr;

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

impl Notice {
    /// A notice with no task, or with two tasks of one number, cannot be
    /// imported: the error names `source` and why.
    pub fn check_importable(&self, source: &std::path::Path) -> anyhow::Result<()> {
        if self.tasks.is_empty() {
            anyhow::bail!(tr!(
                "{}: 没有找到任何任务（应有“(一)”“1.”这样编号的篇章与任务段落），未写入任何文件",
                "{}: no tasks found (there should be sections and task paragraphs numbered like “(一)” and “1.”); nothing was written",
                source.display()
            ));
        }
        let fatal: Vec<String> = self
            .warnings
            .iter()
            .filter(|w| w.is_fatal())
            .map(ToString::to_string)
            .collect();
        if !fatal.is_empty() {
            anyhow::bail!(tr!(
                "{}: {}；未写入任何文件",
                "{}: {}; nothing was written",
                source.display(),
                fatal.join(crate::i18n::clause_separator())
            ));
        }
        Ok(())
    }
}

impl NoticeTask {
    /// `<heading number>.<item number>`.
    pub fn task_id(&self) -> crate::ids::TaskId {
        crate::ids::TaskId::new(self.section, self.number)
    }

    pub fn id(&self) -> String {
        self.task_id().to_string()
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

/// Parses a notice. Never panics; anything it cannot place becomes a warning.
///
/// Four stages, each in its module: `head` reads the title, addressee,
/// preamble and signature; `scan` walks the body for headings and numbered
/// paragraphs; `classify` decides which headings are task headings and
/// places each paragraph in its section; `build` makes the tasks, their
/// warnings and the list of departments.
pub fn parse_notice(input: &str) -> Notice {
    let raw = split_lines(input);
    let head = head::read(&raw);
    let scan = scan::scan(&raw, head.body_start, &head.signature_lines);
    let classified = classify::classify(&scan);
    let mut warnings = classified.warnings;
    let stray = build::stray_warnings(&classified.stray);
    let built = build::build(classified.tasks);
    // A paragraph's warnings from placing it come before those from
    // building it; the sort is stable.
    warnings.extend(built.warnings);
    warnings.extend(stray);
    warnings.sort_by_key(|w| w.line);
    Notice {
        title: head.title,
        issuer: head.issuer,
        date: head.date,
        addressee: head.addressee,
        parent: head.parent,
        period: head.period,
        working_group_office: head.working_group_office,
        supervision_office: head.supervision_office,
        headings: classified.headings,
        tasks: built.tasks,
        departments: built.departments,
        warnings,
    }
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
