//! Changing a task: apply changes to the parsed task (the intended result)
//! and, line by line, to the file's text; then parse the new text and
//! insist that it says exactly what was intended.

use anyhow::{bail, Result};

use crate::i18n::pick;
use crate::model::{Extension, ProgressEntry, Status, Task};
use crate::yaml_edit::Document;
use crate::{canonical, store, tr};

/// Which department list a change touches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DepartmentList {
    Lead,
    Responsible,
}

impl DepartmentList {
    fn key(self) -> &'static str {
        match self {
            DepartmentList::Lead => "lead",
            DepartmentList::Responsible => "responsible",
        }
    }

    /// "牵头部门" or "责任部门", in the chosen language.
    pub fn label(self) -> &'static str {
        match self {
            DepartmentList::Lead => pick("牵头部门", "lead department"),
            DepartmentList::Responsible => pick("责任部门", "responsible department"),
        }
    }

    pub fn of(self, task: &mut Task) -> &mut Vec<String> {
        match self {
            DepartmentList::Lead => &mut task.lead,
            DepartmentList::Responsible => &mut task.responsible,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    Status(Status),
    Progress(ProgressEntry),
    /// Moves the deadline, keeping the original and the extension record.
    Extend(Extension),
    AddDepartment(DepartmentList, String),
    RemoveDepartment(DepartmentList, String),
    /// Links the task to where it continues in the successor plan.
    CarriedOverTo(String),
}

/// The edited file: its new text and what it parses to.
#[derive(Debug)]
pub struct Edited {
    pub text: String,
    pub task: Task,
    /// True when the file was rewritten in canonical layout (`--reformat`).
    pub reformatted: bool,
}

/// Where a key goes if the file lacks it: after the first of these present.
fn predecessors(key: &str) -> &'static [&'static str] {
    match key {
        "original_due" => &["due", "status"],
        "extensions" => &["original_due", "due", "status"],
        "progress" => &["extensions", "original_due", "due", "status"],
        "responsible" => &["lead_note", "lead_provisional", "lead_label", "lead"],
        "lead" => &["text", "title"],
        "carried_over_to" => &["progress", "extensions", "original_due", "due"],
        _ => &[],
    }
}

/// Applies `changes` to the task in `text`. With `reformat`, a file the
/// line editor cannot change exactly is rewritten in canonical layout
/// (top-level comments kept); without it, that is an error.
pub fn apply(
    path: &std::path::Path,
    text: &str,
    task: &Task,
    changes: &[Change],
    reformat: bool,
) -> Result<Edited> {
    let mut intended = task.clone();
    for change in changes {
        apply_to_task(&mut intended, change);
    }
    let surgical = edit_text(text, &intended, changes).and_then(|new_text| {
        let body = new_text.trim_start_matches('\u{feff}');
        match store::parse_yaml::<Task>(path, body) {
            Ok(parsed) if parsed == intended => Ok(new_text),
            Ok(_) => Err(pick(
                "就地修改后的内容与预期不一致",
                "the file edited in place does not say what was intended",
            )
            .to_string()),
            Err(d) => Err(tr!(
                "就地修改后无法解析：{}",
                "the file edited in place does not parse: {}",
                d.message
            )),
        }
    });
    match surgical {
        Ok(text) => Ok(Edited {
            text,
            task: intended,
            reformatted: false,
        }),
        Err(why) if reformat => match canonical::render_task(&intended, Some(text)) {
            // The canonical text must read back as the intended task too.
            Ok(text) if store::parse_yaml::<Task>(path, &text).ok().as_ref() == Some(&intended) => {
                Ok(Edited {
                    text,
                    task: intended,
                    reformatted: true,
                })
            }
            Ok(_) => bail!(tr!(
                "{}: {why}；按规范格式重写后的内容也与预期不一致，未作修改",
                "{}: {why}; rewritten in canonical layout it does not either; nothing was changed",
                path.display()
            )),
            Err(lines) => bail!(tr!(
                "{}: {why}；按规范格式重写会丢失第 {} 行的注释，未作修改",
                "{}: {why}; rewriting it in canonical layout would lose the comments on {}; nothing was changed",
                path.display(),
                crate::render::text::line_list(&lines)
            )),
        },
        Err(why) => bail!(tr!(
            "{}: {why}，未作修改；可加 --reformat 按规范格式重写该文件（保留顶层注释）",
            "{}: {why}, so nothing was changed; --reformat rewrites the file in canonical layout (keeping top-level comments)",
            path.display()
        )),
    }
}

fn apply_to_task(task: &mut Task, change: &Change) {
    match change {
        Change::Status(status) => task.status = *status,
        Change::Progress(entry) => task.progress.push(entry.clone()),
        Change::Extend(extension) => {
            // The first deadline, not the one this extension replaces.
            let first = task.first_due();
            task.original_due.get_or_insert(first);
            task.due = extension.to;
            task.extensions.push(extension.clone());
        }
        Change::AddDepartment(list, name) => list.of(task).push(name.clone()),
        Change::RemoveDepartment(list, name) => list.of(task).retain(|d| d != name),
        Change::CarriedOverTo(link) => task.carried_over_to = Some(link.clone()),
    }
}

fn edit_text(text: &str, intended: &Task, changes: &[Change]) -> Result<String, String> {
    let mut doc = Document::parse(text);
    let date = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    for change in changes {
        let result = match change {
            Change::Status(status) => doc.set_scalar("status", status.label(), &["title"]),
            Change::Progress(entry) => doc.append_items(
                "progress",
                &[canonical::list_item(entry)],
                predecessors("progress"),
            ),
            Change::Extend(extension) => {
                let first = !doc.has_key("original_due");
                doc.set_scalar("due", &date(extension.to), &["status"])
                    .and_then(|()| match (first, intended.original_due) {
                        (true, Some(original)) => doc.set_scalar(
                            "original_due",
                            &date(original),
                            predecessors("original_due"),
                        ),
                        _ => Ok(()),
                    })
                    .and_then(|()| {
                        doc.append_items(
                            "extensions",
                            &[canonical::list_item(extension)],
                            predecessors("extensions"),
                        )
                    })
            }
            Change::AddDepartment(list, name) => doc.append_items(
                list.key(),
                &[vec![format!("- {}", canonical::scalar(name))]],
                predecessors(list.key()),
            ),
            Change::RemoveDepartment(list, name) => match doc.remove_item(list.key(), name) {
                Ok(true) => Ok(()),
                Ok(false) => Err(crate::yaml_edit::EditError(tr!(
                    "在 {} 中找不到“{name}”",
                    "“{name}” is not in {}",
                    list.key()
                ))),
                Err(e) => Err(e),
            },
            Change::CarriedOverTo(link) => doc.set_scalar(
                "carried_over_to",
                &canonical::scalar(link),
                predecessors("carried_over_to"),
            ),
        };
        result.map_err(|e| e.0)?;
    }
    Ok(doc.render())
}

/// Marks a plan ended on `date`, editing only its `status` and `ended_on`
/// lines, and checks the result parses to exactly that.
pub fn end_plan(
    path: &std::path::Path,
    text: &str,
    plan: &crate::model::Plan,
    date: chrono::NaiveDate,
) -> Result<String> {
    let mut intended = plan.clone();
    intended.status = crate::model::PlanStatus::Ended;
    intended.ended_on = Some(date);
    let mut doc = Document::parse(text);
    doc.set_scalar("status", "ended", &["period"])
        .and_then(|()| {
            doc.set_scalar(
                "ended_on",
                &date.format("%Y-%m-%d").to_string(),
                &["status"],
            )
        })
        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    let new_text = doc.render();
    let parsed: crate::model::Plan =
        store::parse_yaml(path, new_text.trim_start_matches('\u{feff}'))
            .map_err(|d| anyhow::anyhow!("{d}"))?;
    if serde_yaml::to_value(&parsed).ok() != serde_yaml::to_value(&intended).ok() {
        bail!(tr!(
            "{}: 就地修改后的计划文件与预期不一致，未作修改",
            "{}: the plan file edited in place does not say what was intended; nothing was changed",
            path.display()
        ));
    }
    Ok(new_text)
}
