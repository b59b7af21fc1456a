//! JSON for scripts. Field names are an interface: keep them stable.
//!
//! A task is the model itself (`crate::model::Task`, as its file has it)
//! plus fields computed for scripts, so that a field added to the model
//! appears in every JSON output without a line changed here. The contract
//! is printed by `cooptrack schema --of json`.

use std::io::{self, Write};

use serde::Serialize;

use crate::model::Task;
use crate::query::{DepartmentStats, Match, Role};
use crate::store::TaskFile;

/// One task as scripts see it (`list`, `show`).
#[derive(Serialize, schemars::JsonSchema)]
pub struct TaskJson<'a> {
    /// Every field of the task file.
    #[serde(flatten)]
    pub task: &'a Task,
    /// Files leave `lead_provisional` out when it is false; JSON always
    /// has it (it is written here only when the task itself omits it).
    #[serde(rename = "lead_provisional", skip_serializing_if = "Option::is_none")]
    #[schemars(skip)]
    pub lead_provisional_false: Option<bool>,
    /// 状态的英文别名。 The English alias of the status (not_started, in_progress, done, delayed, cancelled); `status` is the Chinese label, as files have it, whatever the language.
    pub status_key: &'static str,
    /// 任务文件路径。 The task's file.
    pub file: String,
    /// `--dept` 在该任务中的角色。 The `--dept`'s role in the task (lead / support), when one was asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<&'static str>,
}

impl<'a> TaskJson<'a> {
    pub fn new(file: &'a TaskFile, role: Option<Role>) -> Self {
        let task = &file.task;
        TaskJson {
            task,
            lead_provisional_false: (!task.lead_provisional).then_some(false),
            status_key: task.status.key(),
            file: file.path.display().to_string(),
            role: role.map(|r| match r {
                Role::Lead => "lead",
                _ => "support",
            }),
        }
    }
}

/// The contract of [`TaskJson`]: a task in the output of `list --format
/// json` (an array of these) and `show --format json`. The task file's
/// fields, the optional ones present only when set, plus
/// `lead_provisional` (always), `status_key`, `file` and, with `--dept`,
/// `role`.
pub fn task_schema() -> serde_json::Value {
    let mut value = crate::schema::draft07::<TaskJson>();
    if let Some(object) = value.as_object_mut() {
        // Output, not input: fields may be added later.
        object.remove("additionalProperties");
        object.insert(
            "title".into(),
            "cooptrack list/show --format json: one task".into(),
        );
    }
    if let Some(properties) = value
        .pointer_mut("/properties")
        .and_then(|p| p.as_object_mut())
    {
        // A task imported from a notice that names no lead prints
        // `"lead": []` until someone decides (`validate` says so).
        if let Some(lead) = properties.get_mut("lead").and_then(|l| l.as_object_mut()) {
            lead.remove("minItems");
        }
        properties.insert(
            "lead_provisional".into(),
            serde_json::json!({
                "description": "牵头部门为暂定；总是出现。 True when the source names no lead and the lead is a recorded decision; always present.",
                "type": "boolean"
            }),
        );
    }
    // Required: whatever the barest task prints.
    let bare = TaskFile {
        path: std::path::PathBuf::new(),
        task: Task::new(
            crate::ids::TaskId::new(1, 1),
            "",
            String::new(),
            String::new(),
            chrono::NaiveDate::default(),
        ),
    };
    if let Ok(serde_json::Value::Object(printed)) = serde_json::to_value(TaskJson::new(&bare, None))
    {
        value["required"] = printed.keys().cloned().collect();
    }
    value
}

pub fn write<T: Serialize + ?Sized>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    // serde_json writes token by token: a buffer of its own, written to
    // without a dynamic call per token (a report of 100k tasks is some
    // hundreds of MB of small writes).
    let mut buffered = io::BufWriter::with_capacity(1 << 16, &mut *out);
    serde_json::to_writer_pretty(&mut buffered, value)?;
    writeln!(buffered)?;
    buffered.flush()
}

/// `show --format json`: one task.
pub fn show(out: &mut dyn Write, file: &TaskFile) -> io::Result<()> {
    write(out, &TaskJson::new(file, None))
}

/// `list --format json`: one array, each task once, not grouped.
pub fn list(out: &mut dyn Write, matches: &[Match]) -> io::Result<()> {
    let tasks: Vec<TaskJson> = matches
        .iter()
        .map(|m| TaskJson::new(m.file, m.role))
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
    /// 联络员: `{name, phone}`, or null.
    contact: Option<&'a crate::model::Contact>,
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
            contact: s.contact.as_ref(),
        })
        .collect();
    write(out, &rows)
}

/// One task file a writing command changed (`update`, `collect`), for
/// `--format json`: the file, the task, and what was added to it — the new
/// progress entries as the file records them, the status change, the new
/// deadline, departments added or removed, targets and milestones set.
pub fn written_task(
    file: &std::path::Path,
    id: &str,
    title: &str,
    changes: &[crate::edit::Change],
) -> serde_json::Value {
    use crate::edit::Change;
    let mut entries = Vec::new();
    let mut status = None;
    let mut extension = None;
    let mut departments = Vec::new();
    let mut targets = Vec::new();
    for change in changes {
        match change {
            Change::TargetGoal { year, goal } => {
                targets.push(serde_json::json!({"year": year, "goal": goal}));
            }
            Change::Milestone { by, goal } => targets.push(serde_json::json!({
                "milestone": by.format("%Y-%m-%d").to_string(),
                "goal": goal,
            })),
            Change::Target { year, target } => targets.push(serde_json::json!({
                "year": year,
                "target": target,
            })),
            Change::Progress(entry) => {
                status = status.or_else(|| entry.status.clone());
                entries.push(serde_json::to_value(entry).unwrap_or_default());
            }
            Change::Status(_) | Change::CarriedOverTo(_) => {}
            Change::Extend(e) => extension = Some(serde_json::to_value(e).unwrap_or_default()),
            Change::AddDepartment(list, name) | Change::RemoveDepartment(list, name) => {
                let action = match change {
                    Change::AddDepartment(..) => "add",
                    _ => "remove",
                };
                departments.push(serde_json::json!({
                    "list": list.key(),
                    "action": action,
                    "department": name,
                }));
            }
        }
    }
    serde_json::json!({
        "file": crate::safe_text::path_shown(file),
        "id": id,
        "title": title,
        "entries": entries,
        "status": status,
        "extension": extension,
        "departments": departments,
        "targets": targets,
    })
}

/// A unit's liaison as a form changed it: `{department, from, to}`.
fn contact_change(change: &crate::forms::collect::ContactChange) -> serde_json::Value {
    serde_json::json!({
        "department": change.department,
        "from": change.from,
        "to": change.to,
    })
}

/// `collect --format json`: each form with what became of its rows, the
/// task files written for it (with their new entries) and its commit; the
/// totals; and who still owes a report, per period.
pub fn collection(
    out: &mut dyn Write,
    collection: &crate::forms::collect::Collection,
    dry_run: bool,
    commits: &[(std::path::PathBuf, String)],
) -> io::Result<()> {
    let forms: Vec<serde_json::Value> = collection
        .forms
        .iter()
        .map(|form| form_json(form, commits))
        .collect();
    let owed: Vec<serde_json::Value> = collection
        .owed
        .iter()
        .map(|(period, owed)| {
            serde_json::json!({
                "period": period.id,
                "unreported": owed.unreported,
                "partly_reported": owed.partly_reported,
                "late": owed.late,
            })
        })
        .collect();
    let entries: usize = collection
        .forms
        .iter()
        .filter(|f| !f.refused())
        .map(|f| f.entries())
        .sum();
    write(
        out,
        &serde_json::json!({
            "dry_run": dry_run,
            "forms": forms,
            "entries_added": entries,
            "forms_refused": collection.refused_forms(),
            "owed": owed,
        }),
    )
}

/// The entries a row added or replaced (none otherwise).
fn entries_of(outcome: &crate::forms::collect::RowOutcome) -> serde_json::Value {
    use crate::forms::collect::RowOutcome;
    match outcome {
        RowOutcome::Added(e) | RowOutcome::Replaced(e) => {
            serde_json::to_value(e).unwrap_or_default()
        }
        _ => serde_json::Value::Array(Vec::new()),
    }
}

/// One form of `collect --format json`.
fn form_json(
    form: &crate::forms::collect::FormResult,
    commits: &[(std::path::PathBuf, String)],
) -> serde_json::Value {
    use crate::forms::collect::RowOutcome;
    let rows: Vec<serde_json::Value> = form
        .rows
        .iter()
        .map(|row| {
            let (outcome, cell, reason) = match &row.outcome {
                RowOutcome::Added(_) => ("added", None, None),
                RowOutcome::Replaced(_) => ("replaced", None, None),
                RowOutcome::Unchanged => ("unchanged", None, None),
                RowOutcome::Empty => ("empty", None, None),
                RowOutcome::Refused { cell, reason } => ("refused", Some(cell), Some(reason)),
            };
            serde_json::json!({
                "id": row.id,
                "outcome": outcome,
                "entries": entries_of(&row.outcome),
                "cell": cell,
                "reason": reason,
            })
        })
        .collect();
    // Task files; departments.yaml (a new liaison) is `contact`.
    let written: Vec<serde_json::Value> = form
        .written
        .iter()
        .filter(|path| !path.ends_with(crate::layout::REGISTRY_FILE))
        .map(|path| {
            let id = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let entries = form
                .rows
                .iter()
                .find(|row| row.id == id)
                .map_or(serde_json::Value::Array(Vec::new()), |row| {
                    entries_of(&row.outcome)
                });
            serde_json::json!({
                "file": crate::safe_text::path_shown(path),
                "id": id,
                "entries": entries,
            })
        })
        .collect();
    let commit = commits
        .iter()
        .find(|(file, _)| *file == form.file)
        .map(|(_, m)| m);
    serde_json::json!({
        "form": crate::safe_text::path_shown(&form.file),
        "department": form.department,
        "period": form.period.as_ref().map(|p| p.id.clone()),
        "refused": form.refused(),
        "error": form.error,
        "entries": if form.refused() { 0 } else { form.entries() },
        "rows": rows,
        "written": written,
        "contact": form.contact.as_ref().map(contact_change),
        "commit": commit,
    })
}
