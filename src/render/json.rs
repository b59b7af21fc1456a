//! JSON for scripts. Field names are an interface: keep them stable.

use std::io::{self, Write};

use serde::Serialize;

use crate::model::{ProgressEntry, Task};
use crate::query::{DepartmentStats, Match};

/// One task as scripts see it.
#[derive(Serialize)]
pub struct TaskJson<'a> {
    pub id: &'a str,
    pub section: u32,
    pub heading: &'a str,
    pub number: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub numbered_as: Option<&'a str>,
    pub title: &'a str,
    pub text: &'a str,
    pub lead: &'a [String],
    pub lead_provisional: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lead_note: Option<&'a str>,
    pub responsible: &'a [String],
    /// The Chinese label, as the files have it, whatever the language.
    pub status: &'static str,
    /// The English alias (not_started, in_progress, done, delayed, cancelled).
    pub status_key: &'static str,
    pub due: String,
    pub progress: &'a [ProgressEntry],
    pub file: String,
    /// The `--dept`'s role in the task (lead / support), when one was asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<&'static str>,
}

impl<'a> TaskJson<'a> {
    pub fn new(task: &'a Task, file: &std::path::Path) -> Self {
        TaskJson {
            id: &task.id,
            section: task.section,
            heading: &task.heading,
            number: task.number,
            numbered_as: task.numbered_as.as_deref(),
            title: &task.title,
            text: &task.text,
            lead: &task.lead,
            lead_provisional: task.lead_provisional,
            lead_note: task.lead_note.as_deref(),
            responsible: &task.responsible,
            status: task.status.label(),
            status_key: task.status.key(),
            due: task.due.format("%Y-%m-%d").to_string(),
            progress: &task.progress,
            file: file.display().to_string(),
            role: None,
        }
    }
}

pub fn write<T: Serialize + ?Sized>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}

/// `list --format json`: one array, each task once, not grouped.
pub fn list(out: &mut dyn Write, matches: &[Match]) -> io::Result<()> {
    let tasks: Vec<TaskJson> = matches
        .iter()
        .map(|m| TaskJson {
            role: m.role.map(|r| match r {
                crate::query::Role::Lead => "lead",
                _ => "support",
            }),
            ..TaskJson::new(&m.file.task, &m.file.path)
        })
        .collect();
    write(out, &tasks)
}

#[derive(Serialize)]
struct DepartmentJson<'a> {
    name: &'a str,
    former: &'a [String],
    registered: bool,
    lead: usize,
    support: usize,
    not_started: usize,
    in_progress: usize,
    done: usize,
    delayed: usize,
    cancelled: usize,
}

pub fn depts(out: &mut dyn Write, stats: &[DepartmentStats]) -> io::Result<()> {
    use crate::model::Status;
    let rows: Vec<DepartmentJson> = stats
        .iter()
        .map(|s| DepartmentJson {
            name: &s.name,
            former: &s.former,
            registered: s.registered,
            lead: s.lead,
            support: s.support,
            not_started: s.count(Status::NotStarted),
            in_progress: s.count(Status::InProgress),
            done: s.count(Status::Done),
            delayed: s.count(Status::Delayed),
            cancelled: s.count(Status::Cancelled),
        })
        .collect();
    write(out, &rows)
}
