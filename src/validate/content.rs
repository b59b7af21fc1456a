//! Rules on what a task says: its title and text, its heading against
//! the plan's, and its carry-over links.

use std::path::{Component, Path};

use super::Site;
use crate::diagnostics::Diagnostic;
use crate::i18n::pick;
use crate::ids::TaskId;
use crate::model::{Plan, Task};
use crate::tr;

/// Characters that show nothing: zero-width space, non-joiner and joiner,
/// word joiner, and the byte-order mark used as a zero-width no-break
/// space. Text made only of these and whitespace says nothing.
const INVISIBLE: [char; 5] = ['\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}'];

/// A character that shows nothing: whitespace (full-width space included)
/// or one of `INVISIBLE`.
pub fn is_invisible(c: char) -> bool {
    c.is_whitespace() || INVISIBLE.contains(&c)
}

/// Empty once whitespace and invisible characters are taken away: a note,
/// a reason or evidence that says nothing.
pub fn is_blank(text: &str) -> bool {
    text.chars().all(is_invisible)
}

/// The title says something (an error); the text says something: empty,
/// a warning, made of blanks or invisible characters, an error.
pub(super) fn check_title_and_text(site: &Site, task: &Task, out: &mut Vec<Diagnostic>) {
    if is_blank(&task.title) {
        out.push(site.error(
            "title",
            None,
            pick("任务标题（title）为空", "the task's title is empty"),
        ));
    }
    if task.text.is_empty() {
        // A task recorded from its title alone (one assigned at a meeting,
        // say) is allowed: the model reads a missing text as empty.
        let at = site.at("text", None).or_else(|| site.at("title", None));
        out.push(Diagnostic::warning(
            site.path,
            at,
            pick(
                "任务内容（text）为空：如有通知原文，请补上该任务的全文",
                "the task's text is empty: if a notice gives it, add the task's full text",
            ),
        ));
    } else if is_blank(&task.text) {
        out.push(site.error(
            "text",
            None,
            pick(
                "任务内容（text）只有空白或不可见字符：应为通知中该任务的全文",
                "the task's text is only blanks or invisible characters: it should be the task's full text in the notice",
            ),
        ));
    }
}

/// The heading is the plan's title for the section (a warning: plans get
/// their headings reworded, and a task file may lag behind until the next
/// import).
pub(super) fn check_heading(
    site: &Site,
    task: &Task,
    plan: Option<&Plan>,
    out: &mut Vec<Diagnostic>,
) {
    let Some(heading) = plan.and_then(|p| p.heading(task.section)) else {
        return;
    };
    if heading.title.trim() != task.heading.trim() {
        out.push(site.warning(
            "heading",
            None,
            tr!(
                "篇章标题“{}”与计划文件 plan.yaml 中第 {} 篇章的标题“{}”不同",
                "heading “{}” differs from the title of section {} in plan.yaml, “{}”",
                task.heading,
                task.section,
                heading.title
            ),
        ));
    }
}

/// `carried_over_to` and `carried_over_from` are links that `carry-over`
/// could have written: relative paths that leave this directory and name
/// a task file in another plan's tasks directory. The target is never
/// read: a link is checked as text only.
pub(super) fn check_links(site: &Site, task: &Task, out: &mut Vec<Diagnostic>) {
    let links = [
        ("carried_over_to", &task.carried_over_to),
        ("carried_over_from", &task.carried_over_from),
    ];
    for (key, link) in links {
        let Some(link) = link else {
            continue;
        };
        if let Some(why) = link_fault(link) {
            out.push(site.error(
                key,
                None,
                tr!(
                    "结转链接 {key}“{link}”无效：{why}；应为指向另一计划任务目录中任务文件的相对路径，如 ../../plan-2023/tasks/1.1.yaml",
                    "invalid carry-over link {key} “{link}”: {why}; it should be a relative path to a task file in another plan's tasks directory, such as ../../plan-2023/tasks/1.1.yaml"
                ),
            ));
        }
    }
}

/// Why `link` is not a link to a task file of another plan, if it is not.
/// The shape `carry-over` writes: one or more `..`, then one or more
/// directory names, then `<id>.yaml` (or `.yml`), separated by `/`.
fn link_fault(link: &str) -> Option<&'static str> {
    // Spaces may be in a directory's name; a control or zero-width
    // character hides what the path says.
    let malformed = link.trim().is_empty()
        || link.contains('\\')
        || link
            .chars()
            .any(|c| c.is_control() || INVISIBLE.contains(&c));
    if malformed {
        return Some(pick(
            "路径为空或含有反斜杠、控制字符、不可见字符",
            "it is empty or holds a backslash, control or invisible characters",
        ));
    }
    let path = Path::new(link);
    if link.starts_with('/') || path.has_root() || link.contains(':') || link.starts_with('~') {
        return Some(pick("不能是绝对路径", "it must not be an absolute path"));
    }
    let parts: Vec<&str> = link.split('/').collect();
    let ups = parts.iter().take_while(|p| **p == "..").count();
    let (dirs, file) = match parts[ups..].split_last() {
        Some((file, dirs)) => (dirs, *file),
        None => (&[][..], ""),
    };
    if ups == 0 {
        return Some(pick(
            "没有离开本目录（应以 ../ 开头）",
            "it does not leave this directory (it should start with ../)",
        ));
    }
    let plain = |p: &&str| matches!(Path::new(p).components().next(), Some(Component::Normal(_)));
    if dirs.is_empty() || !dirs.iter().all(|d| !d.is_empty() && plain(d)) {
        return Some(pick(
            "“..”之后应是另一计划的目录名，且“..”只能出现在开头",
            "“..” must be followed by the other plan's directory, and may only come first",
        ));
    }
    let stem = file
        .strip_suffix(".yaml")
        .or_else(|| file.strip_suffix(".yml"));
    if stem.and_then(TaskId::parse).is_none() {
        return Some(pick(
            "不是任务文件（应为“编号.yaml”，如 1.1.yaml）",
            "it does not name a task file (<id>.yaml, such as 1.1.yaml)",
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_text_is_blank() {
        assert!(is_blank(""));
        assert!(is_blank(" \u{3000}\t\n"));
        assert!(is_blank("\u{200B}\u{FEFF}\u{2060} \u{200C}\u{200D}"));
        assert!(!is_blank("\u{200B}已完成"));
    }

    #[test]
    fn links_carry_over_writes_pass_and_escapes_do_not() {
        for good in [
            "../plan-2023/tasks/1.1.yaml",
            "../../next/tasks/4.1.yaml",
            "../../../srv/plans/2023/tasks/12.3.yml",
            "../../My Plans/2023/tasks/1.1.yaml",
        ] {
            assert_eq!(link_fault(good), None, "{good}");
        }
        for bad in [
            "../../../../etc/passwd",
            "/etc/1.1.yaml",
            "1.1.yaml",
            "tasks/1.1.yaml",
            "../1.1.yaml",
            "../x/../../etc/1.1.yaml",
            "../x/./1.1.yaml",
            "../x//1.1.yaml",
            "..\\x\\1.1.yaml",
            "C:/x/1.1.yaml",
            "~/x/1.1.yaml",
            "../x/1.01.yaml",
            "../x/1.1.yaml/",
            "../x\u{200B}/1.1.yaml",
            "",
        ] {
            assert!(link_fault(bad).is_some(), "{bad}");
        }
    }
}
