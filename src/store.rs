//! The store: finding the tasks directory, reading and parsing its files.
//! Every file that cannot be used becomes a diagnostic; none is skipped.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use anyhow::{bail, Result};
use rayon::prelude::*;
use serde::de::DeserializeOwned;

use crate::diagnostics::{did_you_mean, Diagnostic, Position};
use crate::error::Error;
use crate::i18n::{count, list_separator, pick};
use crate::ids::{self, file_stem, is_task_file_name, TaskId, UsedIds};
use crate::model::{Plan, RegistryFile, Task};
use crate::registry::Registry;
use crate::{git, tr, validate};

pub const PLAN_FILE: &str = "plan.yaml";
pub const REGISTRY_FILE: &str = "departments.yaml";
pub const TASKS_DIR: &str = "tasks";

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
        let prefix = crate::schema::MODELINE_PREFIX;
        return [crate::init::SCHEMA_FILE, "../schema/task.schema.json"]
            .into_iter()
            .find(|file| dir.join(file).is_file())
            .map(|file| format!("{prefix}{file}\n"));
    };
    let text = read_text(&first).ok()?;
    let line = text.trim_start_matches('\u{feff}').lines().next()?;
    line.starts_with(crate::schema::MODELINE_PREFIX)
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

/// Files larger than this are refused before being read: a task file is
/// a few kilobytes, and a stray 50 MB file must not stall every command.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 4 * 1024 * 1024;

static MAX_FILE_SIZE: std::sync::atomic::AtomicU64 =
    std::sync::atomic::AtomicU64::new(DEFAULT_MAX_FILE_SIZE);

/// Sets the size limit for this run (`--max-file-size`).
pub fn set_max_file_size(bytes: u64) {
    MAX_FILE_SIZE.store(bytes, std::sync::atomic::Ordering::Relaxed);
}

pub fn max_file_size() -> u64 {
    MAX_FILE_SIZE.load(std::sync::atomic::Ordering::Relaxed)
}

/// Reads and parses a file the caller is about to use or change (task,
/// plan, registry): its text and what it says.
pub fn read_parsed<T: DeserializeOwned>(path: &Path) -> Result<(String, T), Diagnostic> {
    let text = read_text(path)?;
    let value = parse_yaml(path, text.trim_start_matches('\u{feff}'))?;
    Ok((text, value))
}

/// Reads a file as UTF-8 text. Unreadable, non-UTF-8 and empty files are errors.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let cannot_read = |err: io::Error| {
        let reason = io_reason(&err);
        unusable(
            path,
            None,
            tr!("无法读取：{reason}", "cannot read: {reason}"),
        )
    };
    if leads_outside(path) {
        // Never read it: its content must not reach a message or a CI log.
        return Err(unusable(
            path,
            None,
            pick(
                "是指向任务目录之外的符号链接，未读取",
                "a symlink to outside the tasks directory; not read",
            )
            .into(),
        ));
    }
    let metadata = fs::metadata(path).map_err(cannot_read)?;
    if !metadata.is_file() {
        return Err(unusable(
            path,
            None,
            pick(
                "不是普通文件（是目录或特殊文件），无法作为任务文件读取",
                "not a regular file (a directory or a special file), so not a task file",
            )
            .into(),
        ));
    }
    check_size(path, metadata.len())?;
    let bytes = fs::read(path).map_err(cannot_read)?;
    let text = String::from_utf8(bytes).map_err(|err| {
        let valid = &err.as_bytes()[..err.utf8_error().valid_up_to()];
        let valid = std::str::from_utf8(valid).unwrap_or_default();
        unusable(
            path,
            Some(end_position(valid)),
            pick(
                "文件不是 UTF-8 编码（可能是 GBK）；请另存为 UTF-8",
                "the file is not UTF-8 (GBK, perhaps); save it as UTF-8",
            )
            .into(),
        )
    })?;
    check_text(path, &text)?;
    Ok(text)
}

/// A problem that keeps a file from loading at all.
fn unusable(path: &Path, position: Option<Position>, message: String) -> Diagnostic {
    let mut d = Diagnostic::error(path, position, message);
    d.blocks_loading = true;
    d
}

/// A task file that is a symlink resolving outside its directory (a
/// pull request could add `9.9.yaml -> ~/.git-credentials`). The plan and
/// the registry may be shared between directories, so they may point out.
fn leads_outside(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let meta = name.eq_ignore_ascii_case(PLAN_FILE) || name.eq_ignore_ascii_case(REGISTRY_FILE);
    if meta || !fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return false;
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    // A dangling link or a loop is reported as unreadable, as it was.
    match (fs::canonicalize(path), fs::canonicalize(dir)) {
        (Ok(target), Ok(dir)) => !target.starts_with(dir),
        _ => false,
    }
}

/// Files larger than the limit are refused, read or about to be written.
pub fn check_size(path: &Path, len: u64) -> Result<(), Diagnostic> {
    let limit = max_file_size();
    if len <= limit {
        return Ok(());
    }
    Err(unusable(
        path,
        None,
        tr!(
            "文件过大（{len} 字节，上限 {limit} 字节），不像任务文件；可用 --max-file-size 调整上限",
            "the file is too large ({len} bytes, the limit is {limit}) to be a task file; --max-file-size changes the limit"
        ),
    ))
}

/// What loading asks of a file's text before parsing it: not empty, no
/// merge-conflict markers, within the size limit. Every write passes it
/// too, so that nothing is written that no command could read.
pub fn check_text(path: &Path, text: &str) -> Result<(), Diagnostic> {
    check_size(path, u64::try_from(text.len()).unwrap_or(u64::MAX))?;
    let body = text.trim_start_matches('\u{feff}');
    if body.lines().all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with('#')
    }) {
        return Err(unusable(
            path,
            None,
            pick("文件为空", "the file is empty").into(),
        ));
    }
    if let Some((index, _)) = body
        .lines()
        .enumerate()
        .find(|(_, l)| is_conflict_marker(l))
    {
        return Err(unusable(
            path,
            Some(Position {
                line: index + 1,
                column: 1,
            }),
            pick(
                "文件中有 git 合并冲突标记（<<<<<<< / ======= / >>>>>>>）：合并冲突尚未解决",
                "the file has git conflict markers (<<<<<<< / ======= / >>>>>>>): a merge conflict is not resolved",
            )
            .into(),
        ));
    }
    Ok(())
}

fn is_conflict_marker(line: &str) -> bool {
    let line = line.trim_end_matches('\r');
    ["<<<<<<<", "=======", ">>>>>>>", "|||||||"]
        .iter()
        .any(|m| line == *m || (line.starts_with(m) && line[m.len()..].starts_with(' ')))
}

/// The position just after `text`: where a decoding error begins.
fn end_position(text: &str) -> Position {
    let line = text.matches('\n').count() + 1;
    let last = text.rsplit('\n').next().unwrap_or("");
    Position {
        line,
        column: last.chars().count() + 1,
    }
}

/// Deeper than any task file nests (a progress entry's status change is
/// three levels down).
const MAX_NESTING: usize = 64;

/// YAML's white space: space and tab. (U+3000, NBSP and the other
/// Unicode spaces are text to YAML.)
fn is_yaml_space(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// The YAML parser's time grows with the square of the nesting depth, so
/// absurd nesting (`[[[[…`, `- - - - …`) is refused before parsing.
fn nesting_too_deep(text: &str) -> Option<Position> {
    // Flow collections and quoted scalars may span lines: their state
    // carries over line breaks.
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    for (index, line) in text.lines().enumerate() {
        let dashes = line
            .split_inclusive(is_yaml_space)
            .map(|part| part.trim_matches(is_yaml_space))
            .take_while(|part| *part == "-" || part.is_empty())
            .filter(|part| *part == "-")
            .count();
        if dashes > MAX_NESTING {
            return Some(Position {
                line: index + 1,
                column: 1,
            });
        }
        if let Some(column) = flow_too_deep(line, &mut depth, &mut quote) {
            return Some(Position {
                line: index + 1,
                column,
            });
        }
    }
    None
}

/// Follows the flow collections of one line; the 1-based column where
/// they nest deeper than [`MAX_NESTING`]. Brackets open a flow collection
/// only where a value starts (or inside another one): `text: 见附件[1]`
/// is plain text, not nesting; so is a quote in the middle of plain text.
fn flow_too_deep(line: &str, depth: &mut usize, quote: &mut Option<char>) -> Option<usize> {
    let mut previous: Option<char> = None;
    let mut space_before = true;
    let mut chars = line.chars().enumerate().peekable();
    while let Some((column, c)) = chars.next() {
        let value_starts =
            *depth > 0 || matches!(previous, None | Some(':' | '-' | ',' | '[' | '{' | '?'));
        match (*quote, c) {
            (Some('"'), '\\') => {
                chars.next();
            }
            (Some(q), c) if c == q => *quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') if value_starts => *quote = Some(c),
            (None, '#') if space_before => break,
            (None, '[' | '{') if value_starts => {
                *depth += 1;
                if *depth > MAX_NESTING {
                    return Some(column + 1);
                }
            }
            (None, ']' | '}') if *depth > 0 => *depth -= 1,
            _ => {}
        }
        space_before = is_yaml_space(c);
        // Remember indicators only where they act as such: `:`, `-` and
        // `?` before white space (or the line's end); any other character
        // is plain text (`件[` does not open a collection, nor `a-"`).
        let next = chars.peek().map(|&(_, n)| n);
        let acted = match c {
            '[' | '{' => value_starts && quote.is_none(),
            ']' | '}' | ',' => *depth > 0,
            ':' | '-' | '?' => next.is_none_or(is_yaml_space),
            _ => false,
        };
        if !is_yaml_space(c) {
            previous = Some(if acted { c } else { 'x' });
        }
    }
    None
}

/// Characters the YAML parser reads as a line break where an editor shows
/// none (NEL, LS, PS): the parser's idea of the lines is then off, and
/// with it every position in its errors. Each is named with where it is,
/// by lines as editors count them. cooptrack writes them as `\uXXXX`.
fn invisible_line_break(text: &str) -> Option<(Position, String)> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (at, c) = body
        .char_indices()
        .find(|(_, c)| matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}'))?;
    let position = end_position(&body[..at]);
    let (line, column, code) = (position.line, position.column, u32::from(c));
    let message = match c {
        '\u{2028}' => tr!(
            "第 {line} 行第 {column} 列有 U+{code:04X}（行分隔符），YAML 把它当作换行；请删除或改为普通换行",
            "line {line} column {column} holds U+{code:04X} (LINE SEPARATOR), which YAML reads as a line break; remove it or use an ordinary line break"
        ),
        '\u{2029}' => tr!(
            "第 {line} 行第 {column} 列有 U+{code:04X}（段分隔符），YAML 把它当作换行；请删除或改为普通换行",
            "line {line} column {column} holds U+{code:04X} (PARAGRAPH SEPARATOR), which YAML reads as a line break; remove it or use an ordinary line break"
        ),
        _ => tr!(
            "第 {line} 行第 {column} 列有 U+{code:04X}（下一行符 NEL），YAML 把它当作换行；请删除或改为普通换行",
            "line {line} column {column} holds U+{code:04X} (NEXT LINE, NEL), which YAML reads as a line break; remove it or use an ordinary line break"
        ),
    };
    Some((position, message))
}

/// Parses YAML into `T`, turning serde's error into one diagnostic line.
pub fn parse_yaml<T: DeserializeOwned>(path: &Path, text: &str) -> Result<T, Diagnostic> {
    if let Some(position) = nesting_too_deep(text) {
        let mut d = Diagnostic::error(
            path,
            Some(position),
            tr!(
                "嵌套超过 {MAX_NESTING} 层，不是任务文件的结构，已拒绝解析",
                "nested more than {MAX_NESTING} levels deep, which no task file is; refused to parse"
            ),
        );
        d.blocks_loading = true;
        return Err(d);
    }
    if let Some((position, message)) = invisible_line_break(text) {
        let mut d = Diagnostic::error(path, Some(position), message);
        d.blocks_loading = true;
        return Err(d);
    }
    serde_yaml::from_str(text).map_err(|err| {
        let position = err.location().map(|l| Position {
            line: l.line(),
            column: l.column(),
        });
        let raw = err.to_string();
        let mut message = explain_yaml_error(&raw);
        // serde points a duplicate key at its mapping; point at the repeat.
        let mut position = position;
        if let Some(field) = raw
            .split("duplicate field `")
            .nth(1)
            .and_then(|r| r.split('`').next())
        {
            let prefix = format!("{field}:");
            let repeat = text
                .lines()
                .enumerate()
                .filter(|(_, l)| l.starts_with(&prefix))
                .nth(1);
            if let Some((index, _)) = repeat {
                position = Some(Position {
                    line: index + 1,
                    column: 1,
                });
            }
        }
        let line = position.and_then(|p| text.lines().nth(p.line.saturating_sub(1)));
        if line.is_some_and(|l| l.trim_start_matches(' ').starts_with('\t')) {
            message = pick(
                "这一行用了制表符（Tab）缩进；YAML 只允许用空格缩进",
                "this line is indented with a tab; YAML allows only spaces",
            )
            .to_string();
        }
        let mut d = Diagnostic::error(path, position, message);
        d.blocks_loading = true;
        d
    })
}

/// serde's messages, shortened and put in the users' language.
fn explain_yaml_error(raw: &str) -> String {
    let stripped = strip_location(raw);
    let message = stripped.as_str();
    let (field_path, detail) = match message.split_once(": ") {
        Some((path, rest)) if !path.contains(' ') => (Some(path), rest),
        _ => (None, message),
    };
    let within = field_path
        .map(|p| tr!("（{p}）", " (in {p})"))
        .unwrap_or_default();
    if let Some(rest) = detail.strip_prefix("unknown field `") {
        let (field, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        let hint = candidates
            .iter()
            .map(|c| (strsim::levenshtein(field, c), *c))
            .filter(|(d, _)| *d <= 3)
            .min()
            .map(|(_, c)| did_you_mean(c))
            .unwrap_or_else(|| {
                let known = candidates.join(list_separator());
                tr!("；可用字段：{known}", "; known fields: {known}")
            });
        return tr!(
            "未知字段“{field}”{within}{hint}",
            "unknown field “{field}”{within}{hint}"
        );
    }
    if let Some(rest) = detail.strip_prefix("missing field `") {
        let field = rest.trim_end_matches('`');
        return tr!(
            "缺少字段“{field}”{within}",
            "missing field “{field}”{within}"
        );
    }
    if let Some(rest) = detail.strip_prefix("duplicate field `") {
        let field = rest.trim_end_matches('`');
        return tr!(
            "字段“{field}”重复出现{within}",
            "field “{field}” appears twice{within}"
        );
    }
    if let Some(rest) = detail.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return tr!(
            "字段类型错误{within}：应为{}，实为{}",
            "wrong type{within}: expected {}, found {}",
            describe_expected(expected),
            describe_found(found)
        );
    }
    if detail.starts_with("invalid value") {
        return tr!(
            "字段取值错误{within}：{detail}",
            "invalid value{within}: {detail}"
        );
    }
    if detail.starts_with("recursion limit exceeded") {
        return pick(
            "嵌套层数过深，不是任务文件的结构",
            "nested too deep for a task file",
        )
        .to_string();
    }
    if detail.starts_with("repetition limit exceeded") {
        return pick(
            "别名（&/*）展开过多，疑似“billion laughs”式的恶意文件，已拒绝",
            "too many alias (&/*) expansions, like a “billion laughs” attack; refused",
        )
        .to_string();
    }
    if field_path.is_some() && !detail.is_ascii() {
        // Our own messages (status, dates) are already in the users' language.
        return format!("{detail}{within}");
    }
    tr!(
        "YAML 格式错误（请检查缩进、冒号和引号）：{message}",
        "YAML syntax error (check the indentation, colons and quotes): {message}"
    )
}

/// serde's "expected …" phrase in the users' words.
fn describe_expected(expected: &str) -> String {
    match expected {
        "u32" | "u64" | "usize" | "i32" | "i64" => pick("整数", "a whole number").into(),
        "a string" => pick("文字", "text").into(),
        "a sequence" => a_list().into(),
        "a boolean" => pick("true 或 false", "true or false").into(),
        other if other.starts_with("struct ") || other.starts_with("a map") => a_mapping().into(),
        other => other.to_string(),
    }
}

fn a_list() -> &'static str {
    pick("列表", "a list")
}

fn a_mapping() -> &'static str {
    pick("键值映射", "a mapping")
}

/// serde's description of what it found (`string "一"`, `sequence`, …).
fn describe_found(found: &str) -> String {
    let (kind, value) = found.split_once(' ').unwrap_or((found, ""));
    let value = value.trim_matches('`');
    match kind {
        "string" => tr!("文字 {value}", "the text {value}"),
        "integer" => tr!("整数 {value}", "the number {value}"),
        "floating" => tr!(
            "小数 {}",
            "the number {}",
            value.trim_start_matches("point ").trim_matches('`')
        ),
        "boolean" => tr!("布尔值 {value}", "the boolean {value}"),
        "sequence" => a_list().into(),
        "map" => a_mapping().into(),
        "unit" => pick("空值", "nothing (null)").into(),
        _ => found.to_string(),
    }
}

/// serde_yaml and libyaml put " at line L column C" into messages; the
/// position is reported separately, so drop every such phrase.
fn strip_location(message: &str) -> String {
    let mut rest = message;
    let mut out = String::new();
    while let Some(i) = rest.find(" at line ") {
        out.push_str(&rest[..i]);
        let after = &rest[i + " at line ".len()..];
        let digits = |s: &str| s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let line_len = digits(after);
        let tail = &after[line_len..];
        match tail.strip_prefix(" column ") {
            Some(col) if line_len > 0 && digits(col) > 0 => rest = &col[digits(col)..],
            _ => {
                out.push_str(" at line ");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

pub fn io_reason(err: &io::Error) -> String {
    match err.kind() {
        io::ErrorKind::NotFound => pick("文件不存在", "no such file").into(),
        io::ErrorKind::PermissionDenied => pick("没有读取权限", "permission denied").into(),
        _ => err.to_string(),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_messages_become_one_chinese_line() {
        assert_eq!(
            explain_yaml_error(
                "unknown field `staus`, expected one of `id`, `status`, `due` at line 3 column 1"
            ),
            "未知字段“staus”，是否应为“status”？"
        );
        assert_eq!(explain_yaml_error("missing field `due`"), "缺少字段“due”");
        assert_eq!(
            explain_yaml_error("found unexpected end of stream at line 3 column 1, while scanning a quoted scalar at line 1 column 5"),
            "YAML 格式错误（请检查缩进、冒号和引号）：found unexpected end of stream, while scanning a quoted scalar"
        );
    }

    #[test]
    fn serde_messages_in_english() {
        crate::i18n::set(crate::i18n::Lang::En);
        assert_eq!(
            explain_yaml_error(
                "unknown field `staus`, expected one of `id`, `status`, `due` at line 3 column 1"
            ),
            "unknown field “staus”; did you mean “status”?"
        );
        assert_eq!(
            explain_yaml_error("unknown field `zzzzzz`, expected one of `id`, `status`"),
            "unknown field “zzzzzz”; known fields: id, status"
        );
        assert_eq!(
            explain_yaml_error("section: invalid type: string \"一\", expected u32"),
            "wrong type (in section): expected a whole number, found the text \"一\""
        );
        assert_eq!(
            explain_yaml_error("missing field `due`"),
            "missing field “due”"
        );
    }

    #[test]
    fn only_flow_brackets_count_as_nesting() {
        let deep = format!("text: {}{}", "[".repeat(65), "]".repeat(65));
        assert_eq!(
            nesting_too_deep(&deep),
            Some(Position {
                line: 1,
                column: 71
            })
        );
        // Brackets inside plain or quoted text are text.
        let plain = format!("text: 见附件{}", "[".repeat(100));
        assert_eq!(nesting_too_deep(&plain), None);
        let quoted = format!("text: \"{}\"", "{".repeat(100));
        assert_eq!(nesting_too_deep(&quoted), None);
        assert_eq!(nesting_too_deep("lead: [区环保局, [甲]]"), None);
        let dashes = format!("{}x", "- ".repeat(65));
        assert_eq!(
            nesting_too_deep(&dashes),
            Some(Position { line: 1, column: 1 })
        );
    }

    #[test]
    fn nesting_counts_by_yamls_rules() {
        let deep = format!("{}{}", "[".repeat(65), "]".repeat(65));
        // A quote in the middle of plain text does not open a quoted
        // scalar that would hide the nesting on the next line.
        let text = format!("title: a-\"b\nlead: {deep}\n");
        assert_eq!(
            nesting_too_deep(&text),
            Some(Position {
                line: 2,
                column: 71
            })
        );
        // A # after U+3000 is text, not a comment that hides the rest.
        let text = format!("lead: [\u{3000}#{deep}]\n");
        assert_eq!(
            nesting_too_deep(&text),
            Some(Position {
                line: 1,
                column: 73
            })
        );
        assert_eq!(nesting_too_deep(&format!("lead: [ #{deep}\n]\n")), None);
        assert_eq!(nesting_too_deep("lead: \"a\\\"[[[[\"\n"), None);
    }

    #[test]
    fn invisible_line_breaks_are_named_where_an_editor_shows_them() {
        crate::i18n::set(crate::i18n::Lang::Zh);
        let (position, message) = invisible_line_break("a: 1\r\ntext: 甲\u{2028}乙\n").unwrap();
        assert_eq!(position, Position { line: 2, column: 8 });
        assert_eq!(
            message,
            "第 2 行第 8 列有 U+2028（行分隔符），YAML 把它当作换行；请删除或改为普通换行"
        );
        let (position, _) = invisible_line_break("\u{feff}# 注\u{85}\n").unwrap();
        assert_eq!(position, Position { line: 1, column: 4 });
        // Written as an escape, as cooptrack writes it, it is no break.
        assert_eq!(invisible_line_break("note: \"甲\\u2028乙\"\n"), None);
    }

    #[test]
    fn conflict_markers_are_whole_lines() {
        assert!(is_conflict_marker("<<<<<<< HEAD"));
        assert!(is_conflict_marker("======="));
        assert!(is_conflict_marker(">>>>>>> feature\r"));
        assert!(!is_conflict_marker("text: =======x"));
    }
}
