//! The import's plan of changes: from a parsed notice and what the
//! directory holds now, every file to create or change, already prepared
//! and checked through the edit path. `--dry-run` shows it; otherwise it
//! is applied, the registry and plan first, so that a task file never
//! names a department or heading not yet written down.
//!
//! Into a new directory, every task gets status 未启动, the end of the plan
//! period as its deadline and an empty progress log. Into a directory that
//! already has the tasks, only the source fields change (heading, title,
//! text, numbered_as, lead, lead_label, responsible), by line edits that
//! keep the rest of each file byte for byte; status, deadlines, extensions
//! and progress are never touched, nor a provisional lead where the notice
//! names none.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, Result};

use super::current::{Current, Existing};
use super::{plan_file, task_files, Notice};
use crate::edit::{self, Layout, Prepared, Session, TaskCheck};
use crate::i18n::{count, pick, Lang};
use crate::model::{Department, RegistryFile};
use crate::registry::Registry;
use crate::store::{self, REGISTRY_FILE};
use crate::tr;
use crate::validate::Rules;

/// What a changed file is, for the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Task,
    Plan,
    Registry,
}

/// One file the import creates or changes (or leaves as it is).
#[derive(Debug, Clone)]
pub struct FileChange {
    pub kind: FileKind,
    pub file: Prepared,
    /// What it is: a task's title, the plan's title, "23 个部门".
    pub what: String,
    /// Field by field, what an update changes.
    pub details: Vec<String>,
    /// Said after the file's line, e.g. a kept provisional lead.
    pub remark: Option<String>,
}

/// Everything the import will do.
#[derive(Debug, Default)]
pub struct Changes {
    /// Task files in notice order, then the plan, then the registry.
    pub files: Vec<FileChange>,
    pub new_departments: Vec<String>,
    /// Plan fields the notice does not give (left empty in a new plan).
    pub missing: Vec<String>,
    /// Things to tell the user about the directory: tasks the notice no
    /// longer has, plan fields left alone.
    pub notes: Vec<String>,
    /// Tasks imported with no lead: (id, title, path).
    pub no_lead: Vec<(String, String, PathBuf)>,
}

impl Changes {
    /// Works out every file to write and checks each, writing nothing.
    /// `layout` says whether a task file the line editor cannot change
    /// exactly may be rewritten in canonical layout (`--reformat`).
    pub fn plan(
        dir: &Path,
        source: &Path,
        notice: &Notice,
        current: &Current,
        layout: Layout,
    ) -> Result<Changes> {
        let mut changes = Changes::default();
        // The registry first: the tasks are checked against it.
        let (registry_file, registry_change) = registry_change(dir, notice, current, &mut changes)?;
        let (registry, _) = Registry::new(registry_file);
        let (plan_change, plan, due) =
            plan_file::change(dir, source, notice, current, &mut changes)?;
        let check = TaskCheck {
            rules: Rules {
                registry: Some(&registry),
                plan: plan.as_ref(),
            },
            // A lead the notice does not name is for a person to decide,
            // and `validate` keeps saying so.
            allow_missing_lead: true,
        };
        let context = task_files::Context {
            dir,
            due,
            registry: &registry,
            check: &check,
            layout,
            // New task files start with the schema line the others have.
            header: dir.is_dir().then(|| store::schema_modeline(dir)).flatten(),
        };
        for source in &notice.tasks {
            let id = source.id();
            let change = match current.tasks.get(&id) {
                Some(existing) => task_files::updated(&context, existing, source, &mut changes)?,
                None => task_files::created(&context, source, &mut changes)?,
            };
            changes.files.push(change);
        }
        for id in &current.others {
            changes.notes.push(tr!(
                "{}.yaml：通知中没有任务 {id}，保留未动",
                "{}.yaml: the notice has no task {id}; left as it is",
                dir.join(id).display()
            ));
        }
        changes.files.push(plan_change);
        changes.files.push(registry_change);
        Ok(changes)
    }

    /// Writes every changed file: the registry and the plan first.
    pub fn apply(&self, session: &Session) -> Result<()> {
        let (meta, tasks): (Vec<&FileChange>, Vec<&FileChange>) =
            self.files.iter().partition(|f| f.kind != FileKind::Task);
        for change in meta.iter().rev().chain(&tasks) {
            session.write(&change.file)?;
        }
        Ok(())
    }
}

/// The registry with the notice's new departments appended (or a new
/// registry listing them all), and the registry the tasks are checked
/// against.
fn registry_change(
    dir: &Path,
    notice: &Notice,
    current: &Current,
    changes: &mut Changes,
) -> Result<(RegistryFile, FileChange)> {
    let department = |name: &String| Department {
        name: name.clone(),
        former: Vec::new(),
        note: None,
    };
    let (intended, file) = match &current.registry {
        Some(Existing { path, text, value }) => {
            let (known, _) = Registry::new(value.clone());
            changes.new_departments = notice
                .departments
                .iter()
                .filter(|name| !known.contains(name))
                .cloned()
                .collect();
            let mut intended = value.clone();
            intended
                .departments
                .extend(changes.new_departments.iter().map(department));
            let file = edit::edit_registry(path, text, value, &intended, Layout::InPlace).map_err(
                |refused| {
                    anyhow!(tr!(
                        "{}: 无法追加新部门：{refused}；未写入任何文件",
                        "{}: cannot add the new departments: {refused}; nothing was written",
                        path.display()
                    ))
                },
            )?;
            (intended, file)
        }
        None => {
            changes.new_departments = notice.departments.clone();
            let intended = RegistryFile {
                departments: notice.departments.iter().map(department).collect(),
            };
            let path = dir.join(REGISTRY_FILE);
            let file = edit::new_file(&path, &intended, Some(REGISTRY_HEADER))?;
            (intended, file)
        }
    };
    let n = intended.departments.len();
    let what = match crate::i18n::current() {
        Lang::Zh => format!("{n} 个部门"),
        Lang::En => count(n, "department", "departments"),
    };
    let change = FileChange {
        kind: FileKind::Registry,
        file,
        what,
        details: Vec::new(),
        remark: None,
    };
    Ok((intended, change))
}

/// The comment a new registry starts with.
const REGISTRY_HEADER: &str =
    "# 部门名录：cooptrack import 按通知中首次出现的顺序登记；机构更名后请在 former 中记录曾用名。\n";

/// An absent value in a report: "（无）" / "(none)".
pub(super) fn none() -> &'static str {
    pick("（无）", "(none)")
}

/// A value in a report line, "（无）" when absent.
pub(super) fn option(value: Option<&str>) -> String {
    value.unwrap_or(none()).to_string()
}
