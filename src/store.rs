//! The store: finding the tasks directory, reading and parsing its files.
//! Every file that cannot be used becomes a diagnostic; none is skipped.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Result};
use rayon::prelude::*;
use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, Position};
use crate::error::Error;
use crate::i18n::{count, pick};
use crate::ids::{self, file_stem, is_task_file_name, TaskId, UsedIds};
use crate::layout::{
    MODELINE_PREFIX, PLAN_FILE, REGISTRY_FILE, REPOSITORY_SCHEMA, SCHEMA_FILE, TASKS_DIR,
};
use crate::model::{Plan, RegistryFile, Task};
use crate::read::{io_reason, parse_yaml, read_text};
use crate::registry::Registry;
use crate::{git, tr, validate};

/// A parsed task and the file it came from.
#[derive(Debug, Clone)]
pub struct TaskFile {
    pub path: PathBuf,
    pub task: Task,
}

/// Everything in a tasks directory, with every problem found while loading it.
#[derive(Debug, Default)]
pub struct Store {
    pub dir: PathBuf,
    pub plan: Option<Plan>,
    pub registry: Registry,
    /// Tasks in natural id order.
    pub tasks: Vec<TaskFile>,
    /// Load errors and rule findings, in file order.
    pub diagnostics: Vec<Diagnostic>,
    /// Files that could not be parsed at all.
    pub unusable_files: usize,
    /// Task files looked at, parsed or not.
    pub task_files_seen: usize,
    /// False when the registry is missing or broken (reported on its own);
    /// department checks are then skipped instead of flagging every name.
    pub registry_loaded: bool,
}

/// What one worker hands back for one file.
struct Loaded {
    path: PathBuf,
    /// The task's id, for the duplicate check (empty if unparsed).
    id: String,
    parsed: bool,
    /// The task, if parsed and kept (boxed: most commands keep few, and
    /// an empty slot should cost a pointer, not a whole task).
    file: Option<Box<TaskFile>>,
    found: Vec<Diagnostic>,
}

impl Store {
    /// Reads the whole directory: registry, plan and every task file, then
    /// runs the validation rules.
    pub fn load(dir: &Path) -> Result<Store> {
        let mut store = Store::load_meta(dir)?;
        store.load_tasks(&Some)?;
        Ok(store)
    }

    /// Like `load`, but each parsed task passes through `keep` on the
    /// worker that parsed it: a command keeps only the tasks (and fields)
    /// it needs, so that memory stays flat on a large directory. The
    /// diagnostics cover every file all the same.
    ///
    /// Call it on a store from `load_meta`: `keep` may use its registry.
    pub fn load_tasks(&mut self, keep: &(dyn Fn(Task) -> Option<Task> + Sync)) -> Result<()> {
        let store = self;
        let task_paths = task_paths(&store.dir, &mut store.diagnostics)?;
        let rules = validate::Rules {
            registry: store.registry_loaded.then_some(&store.registry),
            plan: store.plan.as_ref(),
        };
        // Reading and parsing overlap across cores; results keep file order.
        let loaded: Vec<Loaded> = task_paths
            .into_par_iter()
            .map(|path| {
                let (task, found) = load_task(&path, &rules);
                let parsed = task.is_some();
                let id = task.as_ref().map(|t| t.id.clone()).unwrap_or_default();
                Loaded {
                    file: task.and_then(keep).map(|task| {
                        Box::new(TaskFile {
                            path: path.clone(),
                            task,
                        })
                    }),
                    path,
                    id,
                    parsed,
                    found,
                }
            })
            .collect();
        let mut diagnostics = Vec::new();
        let mut ids = Vec::with_capacity(loaded.len());
        // Sized once: growing a vector of whole tasks would briefly hold
        // two copies of it.
        let mut tasks = Vec::with_capacity(loaded.iter().filter(|l| l.file.is_some()).count());
        store.task_files_seen = loaded.len();
        for mut item in loaded {
            diagnostics.append(&mut item.found);
            if item.parsed {
                ids.push((item.id, item.path));
            } else {
                store.unusable_files += 1;
            }
            tasks.extend(item.file.map(|file| *file));
        }
        validate::check_across_files(&ids, &mut diagnostics);
        store.tasks = tasks;
        store.diagnostics.append(&mut diagnostics);
        Ok(())
    }

    /// The registry and the plan, without any task.
    pub fn load_meta(dir: &Path) -> Result<Store> {
        if !dir.is_dir() {
            bail!(no_such_dir(dir));
        }
        let mut store = Store {
            dir: dir.to_path_buf(),
            ..Store::default()
        };
        let registry_path = dir.join(REGISTRY_FILE);
        if let Some((text, file)) = store.read_yaml::<RegistryFile>(&registry_path) {
            validate::check_registry(&registry_path, &text, &file, &mut store.diagnostics);
            let (registry, duplicates) = Registry::new(file);
            for dup in duplicates {
                let position = crate::diagnostics::locate(&text, "departments", Some(&dup.0));
                store.diagnostics.push(Diagnostic::error(
                    &registry_path,
                    position,
                    tr!(
                        "部门名录中“{}”出现了不止一次",
                        "“{}” appears more than once in the department registry",
                        dup.0
                    ),
                ));
            }
            store.registry = registry;
            store.registry_loaded = true;
        }
        let plan_path = dir.join(PLAN_FILE);
        if let Some((text, plan)) = store.read_yaml::<Plan>(&plan_path) {
            validate::check_plan(&plan_path, &text, &plan, &mut store.diagnostics);
            store.plan = Some(plan);
        }
        Ok(store)
    }

    /// The per-file validation rules, checking against this store's registry and plan.
    pub fn rules(&self) -> validate::Rules<'_> {
        validate::Rules {
            registry: self.registry_loaded.then_some(&self.registry),
            plan: self.plan.as_ref(),
        }
    }

    /// Refuses to go on when a file could not be read or parsed: a listing
    /// that silently leaves out a task would mislead whoever reads it. The
    /// refusal carries the files' diagnostics, for the caller to show.
    pub fn require_usable(&self) -> Result<()> {
        let broken: Vec<Diagnostic> = self
            .diagnostics
            .iter()
            .filter(|d| d.is_error() && d.blocks_loading)
            .cloned()
            .collect();
        if broken.is_empty() {
            return Ok(());
        }
        let n = broken.len();
        let files = count(n, "file", "files");
        Err(Error::with_diagnostics(
            broken,
            tr!(
                "{n} 个文件无法读取，结果会不完整；请先修正（运行 cooptrack validate 查看全部问题）",
                "{files} could not be read, so the results would be incomplete; fix them first (cooptrack validate shows every problem)"
            ),
        ))
    }

    /// Every id the directory has ever used: its task files, the ids in
    /// the tasks loaded (a file may be misnamed), and, in a git
    /// repository, the task files deleted since.
    pub fn used_ids(&self) -> Result<UsedIds> {
        let mut ignored = Vec::new();
        let stems = task_paths(&self.dir, &mut ignored)?
            .iter()
            .map(|p| file_stem(p))
            .collect::<Vec<_>>();
        let mut used = UsedIds::new(stems, git::deleted_file_stems(&self.dir));
        used.extend(self.tasks.iter().map(|f| &f.task.id));
        Ok(used)
    }

    /// Validation errors found while loading (usable files included).
    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    /// Reads a YAML file other than a task (registry, plan): its text and
    /// what it says; a problem with it becomes a diagnostic.
    fn read_yaml<T: DeserializeOwned>(&mut self, path: &Path) -> Option<(String, T)> {
        let parsed = read_text(path).and_then(|text| {
            let value = parse_yaml::<T>(path, &text)?;
            Ok((text, value))
        });
        match parsed {
            Ok(value) => Some(value),
            Err(diagnostic) => {
                self.diagnostics.push(diagnostic);
                None
            }
        }
    }
}

/// Every task file in `dir`, in natural id order. Entries that cannot be
/// listed become diagnostics.
pub fn task_paths(dir: &Path, diagnostics: &mut Vec<Diagnostic>) -> Result<Vec<PathBuf>> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) => bail!(tr!(
            "{}: 无法打开任务目录：{}",
            "{}: cannot open the tasks directory: {}",
            dir.display(),
            io_reason(&err)
        )),
    };
    let mut paths = Vec::new();
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                diagnostics.push(Diagnostic::error(
                    dir,
                    None,
                    tr!(
                        "无法列出目录内容：{}",
                        "cannot list the directory: {}",
                        io_reason(&err)
                    ),
                ));
                continue;
            }
        };
        let name = entry.file_name().to_string_lossy().into_owned();
        // The plan and the registry are not tasks, whatever the case of
        // their names (task files match by extension in any case too).
        let meta = name.eq_ignore_ascii_case(PLAN_FILE) || name.eq_ignore_ascii_case(REGISTRY_FILE);
        if name.starts_with('.') || meta {
            continue;
        }
        if is_task_file_name(&name) {
            paths.push(entry.path());
        }
    }
    // Natural id order; the full name breaks ties (1.1.yaml before 1.1.yml)
    // so that every machine reports the same file as the duplicate.
    paths.sort_by(|a, b| ids::natural_cmp(&file_stem(a), &file_stem(b)).then_with(|| a.cmp(b)));
    Ok(paths)
}

/// The file of task `id`, which is named after it: `<id>.yaml` or
/// `<id>.yml`, the extension in any case.
pub fn task_path(dir: &Path, id: TaskId) -> Result<PathBuf> {
    let exact = ["yaml", "yml"]
        .iter()
        .map(|ext| dir.join(format!("{id}.{ext}")))
        .find(|p| p.exists());
    // `1.1.YAML`: looked for only when the usual names are not there.
    let any_case = || {
        let mut ignored = Vec::new();
        task_paths(dir, &mut ignored)
            .ok()?
            .into_iter()
            .filter(|p| !matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")))
            .find(|p| file_stem(p) == id.to_string())
    };
    exact.or_else(any_case).ok_or_else(|| {
        anyhow::anyhow!(tr!(
            "没有编号为“{id}”的任务（{}/{id}.yaml 不存在）",
            "no task “{id}” ({}/{id}.yaml does not exist)",
            dir.display()
        ))
    })
}

/// The editor schema line (`# yaml-language-server: $schema=…`) the task
/// files of `dir` start with, so that a new task gets the same one.
/// With no task file yet, the schema file `init` writes beside them
/// (`task.schema.json`), or the repository's `../schema/task.schema.json`.
pub fn schema_modeline(dir: &Path) -> Option<String> {
    let mut ignored = Vec::new();
    let first = task_paths(dir, &mut ignored).ok()?.into_iter().next();
    let Some(first) = first else {
        let prefix = MODELINE_PREFIX;
        return [SCHEMA_FILE, REPOSITORY_SCHEMA]
            .into_iter()
            .find(|file| dir.join(file).is_file())
            .map(|file| format!("{prefix}{file}\n"));
    };
    let text = read_text(&first).ok()?;
    let line = text.trim_start_matches('\u{feff}').lines().next()?;
    line.starts_with(MODELINE_PREFIX)
        .then(|| format!("{line}\n"))
}

/// Reads, decodes and parses one task file, then runs the per-file rules.
fn load_task(path: &Path, rules: &validate::Rules) -> (Option<Task>, Vec<Diagnostic>) {
    match read_text(path) {
        Ok(text) => {
            let (task, mut found) = parse_task(path, &text, rules);
            // The other end of a carry-over link is read only here, on
            // load: a write of one end comes before the other's.
            if let Some(task) = &task {
                crate::links::check(path, text.trim_start_matches('\u{feff}'), task, &mut found);
            }
            (task, found)
        }
        Err(diagnostic) => (None, vec![diagnostic]),
    }
}

/// Parses a task file's text and runs the per-file rules on it.
pub fn parse_task(
    path: &Path,
    text: &str,
    rules: &validate::Rules,
) -> (Option<Task>, Vec<Diagnostic>) {
    match parse_yaml::<Task>(path, text.trim_start_matches('\u{feff}')) {
        Ok(task) => {
            let found = check_task_text(path, text, &task, rules);
            (Some(task), found)
        }
        Err(diagnostic) => {
            let mut found = bom_error(path, text).into_iter().collect::<Vec<_>>();
            found.push(diagnostic);
            (None, found)
        }
    }
}

/// The per-file rules on a task already parsed from `text`.
pub fn check_task_text(
    path: &Path,
    text: &str,
    task: &Task,
    rules: &validate::Rules,
) -> Vec<Diagnostic> {
    let mut found: Vec<Diagnostic> = bom_error(path, text).into_iter().collect();
    rules.check_file(path, text.trim_start_matches('\u{feff}'), task, &mut found);
    found
}

/// A BOM is readable, so not blocking; but an error, so CI asks for the fix.
fn bom_error(path: &Path, text: &str) -> Option<Diagnostic> {
    text.starts_with('\u{feff}').then(|| {
        Diagnostic::error(
            path,
            Some(Position { line: 1, column: 1 }),
            pick(
                "文件以 UTF-8 BOM 开头；请另存为不带 BOM 的 UTF-8（cooptrack fmt 会去掉它）",
                "the file starts with a UTF-8 BOM; save it as UTF-8 without a BOM (cooptrack fmt removes it)",
            ),
        )
    })
}

/// The tasks directory: `--dir`/COOPTRACK_DIR if given, else the nearest
/// `tasks/` walking up from the current directory, as git finds `.git`.
pub fn find_tasks_dir(explicit: Option<&Path>) -> Result<PathBuf> {
    if let Some(dir) = explicit {
        if !dir.is_dir() {
            bail!(no_such_dir(dir));
        }
        return Ok(dir.to_path_buf());
    }
    let cwd = std::env::current_dir()?;
    let mut relative = PathBuf::new();
    for ancestor in cwd.ancestors() {
        if ancestor.join(TASKS_DIR).is_dir() {
            return Ok(relative.join(TASKS_DIR));
        }
        relative.push("..");
    }
    bail!(tr!(
        "在当前目录及其上级目录中找不到 {TASKS_DIR}/ 目录；请用 --dir 或 COOPTRACK_DIR 指定任务目录",
        "no {TASKS_DIR}/ directory here or in any directory above; give the tasks directory with --dir or COOPTRACK_DIR"
    ))
}

/// Whether two paths name the same directory, resolved first so that
/// `t/../t` or a symlink is seen to be the same place.
pub fn same_dir(a: &Path, b: &Path) -> bool {
    resolve(a) == resolve(b)
}

fn resolve(dir: &Path) -> PathBuf {
    fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf())
}

/// `to` relative to the directory `from`, for links that survive a clone.
/// Directories are resolved first (`..`, symlinks), so the link is right
/// however the two paths were given.
pub fn relative_path(from: &Path, to: &Path) -> String {
    use std::path::Component;
    let from = resolve(from);
    let to = match (to.parent(), to.file_name()) {
        (Some(parent), Some(name)) => resolve(if parent.as_os_str().is_empty() {
            Path::new(".")
        } else {
            parent
        })
        .join(name),
        _ => to.to_path_buf(),
    };
    let from: Vec<Component> = from.components().collect();
    let to: Vec<Component> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut path = PathBuf::new();
    for _ in common..from.len() {
        path.push("..");
    }
    for part in &to[common..] {
        path.push(part.as_os_str());
    }
    path.to_string_lossy().replace('\\', "/")
}

fn no_such_dir(dir: &Path) -> String {
    tr!(
        "{}: 任务目录不存在或不是目录",
        "{}: the tasks directory does not exist or is not a directory",
        dir.display()
    )
}
