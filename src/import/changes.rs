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
use crate::layout::REGISTRY_FILE;
use crate::model::{Department, RegistryFile};
use crate::registry::Registry;
use crate::tr;
use crate::validate::Rules;

/// What a changed file is, for the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Task,
    Plan,
    Registry,
    /// The `.gitignore` of a new tasks directory.
    Ignore,
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
                plan: Some(&plan),
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
            // (in a new directory, the schema file the import writes).
            header: crate::init::schema_line(dir).0,
        };
        for source in &notice.tasks {
            let change = match current.tasks.get(&source.task_id()) {
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
        if !dir.is_dir() {
            changes.files.push(ignore_file(dir));
        }
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
        aliases: Vec::new(),
        note: None,
        contact: None,
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
            let file = edit::edit_meta(path, text, value, &intended, Layout::InPlace).map_err(
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

/// A new tasks directory's `.gitignore`: the writers' lock and temp
/// files never belong in the repository (inside one, the lock lives under
/// `.git/`; this covers a directory put under git later).
fn ignore_file(dir: &Path) -> FileChange {
    FileChange {
        kind: FileKind::Ignore,
        file: Prepared {
            path: dir.join(".gitignore"),
            old: None,
            new: format!("{}\n.cooptrack-*.tmp\n", crate::layout::LOCK_FILE),
            reformatted: false,
        },
        what: pick(
            "git 不应收录的锁文件与临时文件",
            "what git should leave out: the lock and temp files",
        )
        .to_string(),
        details: Vec::new(),
        remark: None,
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::parse_notice;
    use crate::model::{Plan, Task};

    const NOTICE: &str = "关于下达2020-2021年任务的通知\n二、主要任务\n(一)甲\n\
        1.任务一。内容。(牵头部门:区甲局,责任部门:区乙局)\n\
        2.任务二。(责任部门:区乙局)\n";

    fn texts(changes: &Changes) -> Vec<(String, Option<&str>, &str)> {
        changes
            .files
            .iter()
            .map(|c| {
                let name = c
                    .file
                    .path
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                (name, c.file.old.as_deref(), c.file.new.as_str())
            })
            .collect()
    }

    #[test]
    fn into_a_new_directory_every_file_is_new() {
        let mut notice = parse_notice(NOTICE);
        let dir = Path::new("/nonexistent/tasks");
        let plan = |notice: &Notice| {
            Changes::plan(
                dir,
                Path::new("n.txt"),
                notice,
                &Current::default(),
                Layout::InPlace,
            )
        };
        // No date in the notice: a plan without one would not load.
        assert_eq!(
            plan(&notice).unwrap_err().to_string(),
            "n.txt: 通知中找不到成文日期；请用 --date YYYY-MM-DD 给出计划的成文日期，未写入任何文件"
        );
        notice.date = chrono::NaiveDate::from_ymd_opt(2020, 3, 1);
        let changes = plan(&notice).unwrap();
        let files = texts(&changes);
        let names: Vec<&str> = files.iter().map(|(n, _, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "1.1.yaml",
                "1.2.yaml",
                "plan.yaml",
                "departments.yaml",
                ".gitignore"
            ]
        );
        assert!(files.iter().all(|(_, old, _)| old.is_none()));
        let task: Task = serde_yaml::from_str(files[0].2).unwrap();
        assert_eq!(task.lead, ["区甲局"]);
        assert_eq!(task.due.to_string(), "2021-12-31");
        assert_eq!(
            files[3].2,
            "# 部门名录：cooptrack import 按通知中首次出现的顺序登记；机构更名后请在 former 中记录曾用名。\n\
             departments:\n  - name: 区甲局\n  - name: 区乙局\n"
        );
        assert!(files[2].2.contains("date: 2020-03-01\n"));
        assert_eq!(files[4].2, ".cooptrack.lock\n.cooptrack-*.tmp\n");
        assert!(changes.missing.contains(&"发文机关（issuer）".to_string()));
        assert_eq!(changes.new_departments, ["区甲局", "区乙局"]);
        assert_eq!(changes.no_lead.len(), 1);
        assert_eq!(changes.no_lead[0].0, "1.2");
        assert_eq!(
            changes.files[1].remark.as_deref(),
            Some("原文未列明牵头部门，lead 为空")
        );
    }

    fn existing<T: serde::de::DeserializeOwned>(name: &str, text: &str) -> Existing<T> {
        Existing {
            path: PathBuf::from("tasks").join(name),
            text: text.to_string(),
            value: serde_yaml::from_str(text).unwrap(),
        }
    }

    #[test]
    fn into_an_existing_directory_only_source_fields_change() {
        let revised = NOTICE
            .replace("1.任务一。内容。", "1.任务一改。内容。")
            .replace("责任部门:区乙局)\n2", "责任部门:区乙局、区丙局)\n2");
        let notice = parse_notice(&revised);
        let task = "id: \"1.1\" # 编号\nsection: 1\nheading: 甲\nnumber: 1\ntitle: 任务一\ntext: 任务一。内容。\nlead:\n  - 区甲局\nresponsible:\n  - 区乙局 # 配合\nstatus: 推进中\ndue: 2021-12-31\nprogress:\n  - date: 2020-05-01\n    by: 区甲局\n    note: 已启动\n";
        let plan = "title: 关于下达2020-2021年任务的通知\nissuer: 区政府\ndate: 2020-03-01\nperiod:\n  start: 2020\n  end: 2021\nstatus: active\nworking_group_office: 区发展改革委\nsupervision_office: 区政府督查室\nheadings:\n  - number: 1\n    label: (一)\n    title: 甲\n";
        let registry = "departments:\n  - name: 区甲局\n  - name: 区乙局 # 配合单位\n";
        let mut current = Current {
            registry: Some(existing::<RegistryFile>("departments.yaml", registry)),
            plan: Some(existing::<Plan>("plan.yaml", plan)),
            ..Current::default()
        };
        current
            .tasks
            .insert(crate::ids::TaskId::new(1, 1), existing("1.1.yaml", task));
        let changes = Changes::plan(
            Path::new("tasks"),
            Path::new("n.txt"),
            &notice,
            &current,
            Layout::InPlace,
        )
        .unwrap();
        let first = &changes.files[0];
        assert_eq!(
            first.details,
            [
                "title：任务一 → 任务一改",
                "responsible：区乙局 → 区乙局、区丙局",
                "text：内容有改动"
            ]
        );
        assert_eq!(
            first.file.new,
            task.replace(
                "title: 任务一\ntext: 任务一。内容。",
                "title: 任务一改\ntext: 任务一改。内容。"
            )
            .replace("  - 区乙局 # 配合\n", "  - 区乙局 # 配合\n  - 区丙局\n")
        );
        // The plan says nothing new; the registry gains one name.
        let plan_change = &changes.files[2];
        assert_eq!(plan_change.kind, FileKind::Plan);
        assert!(!plan_change.file.changed());
        assert_eq!(
            changes.files[3].file.new,
            format!("{registry}  - name: 区丙局\n")
        );
        assert_eq!(changes.new_departments, ["区丙局"]);
    }
}
