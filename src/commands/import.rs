//! `cooptrack import NOTICE.txt`: a task-decomposition notice into task
//! files, the plan file and the department registry.
//!
//! Reading the notice (decoding) and parsing it come first; then every file
//! to write is worked out and checked in memory; only then is anything
//! written. Any error before that point leaves the directory as it was.
//!
//! Into a new directory, every task gets status 未启动, the end of the plan
//! period as its deadline and an empty progress log. Into a directory that
//! already has the tasks, only the source fields change (heading, title,
//! text, numbered_as, lead, lead_label, responsible), by line edits that
//! keep the rest of each file byte for byte; status, deadlines, extensions
//! and progress are never touched, nor a provisional lead where the notice
//! names none.

use std::collections::HashMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context as _, Result};
use chrono::NaiveDate;

use crate::canonical::{self, scalar};
use crate::cli::{Encoding, ImportArgs};
use crate::context::Context;
use crate::i18n::{clause_separator, count, list_separator, pick, Lang};
use crate::import::decode::{self, Charset};
use crate::import::yaml::{self, PlanDraft, PLAN_KEYS};
use crate::import::{self as parser, Notice, NoticeTask, WarningKind};
use crate::model::{Department, Heading, Plan, PlanStatus, RegistryFile, Status, Task};
use crate::registry::Registry;
use crate::store::{self, PLAN_FILE, REGISTRY_FILE};
use crate::validate::Rules;
use crate::write::{write_atomic, DirLock};
use crate::yaml_edit::Document;
use crate::{tr, Outcome};

pub fn run(ctx: &Context, args: &ImportArgs, out: &mut dyn Write) -> Result<Outcome> {
    let source = args.notice.as_path();
    let bytes = fs::read(source).map_err(|err| {
        anyhow!(tr!(
            "{}: 无法读取通知：{}",
            "{}: cannot read the notice: {}",
            source.display(),
            store::io_reason(&err)
        ))
    })?;
    let decoded = decode::decode(&bytes, charset(args.encoding))
        .map_err(|err| anyhow!("{}: {err}", source.display()))?;
    let notice = parser::parse_notice(&decoded.text);
    if notice.tasks.is_empty() {
        bail!(tr!(
            "{}: 没有找到任何任务（应有“(一)”“1.”这样编号的篇章与任务段落），未写入任何文件",
            "{}: no tasks found (there should be sections and task paragraphs numbered like “(一)” and “1.”); nothing was written",
            source.display()
        ));
    }
    let fatal: Vec<String> = notice
        .warnings
        .iter()
        .filter(|w| w.is_fatal())
        .map(ToString::to_string)
        .collect();
    if !fatal.is_empty() {
        bail!(tr!(
            "{}: {}；未写入任何文件",
            "{}: {}; nothing was written",
            source.display(),
            fatal.join(clause_separator())
        ));
    }

    let dir = ctx.dir.clone();
    if dir.exists() && !dir.is_dir() {
        bail!(tr!(
            "{}: 不是目录，无法导入",
            "{}: not a directory, so nothing can be imported into it",
            dir.display()
        ));
    }
    let existed = dir.is_dir();
    let mut _lock = if existed && !args.dry_run {
        Some(DirLock::acquire(&dir)?)
    } else {
        None
    };
    let current = if existed {
        Current::load(&dir, &notice)?
    } else {
        Current::default()
    };
    let work = plan_work(&dir, source, &notice, &current)?;

    let encoding = if decoded.detected {
        tr!("{}，自动识别", "{}, detected", decoded.encoding)
    } else {
        decoded.encoding.to_string()
    };
    let heading = match crate::i18n::current() {
        Lang::Zh => format!(
            "{}通知 {}（{encoding}）：{} 个篇章，{} 项任务",
            if args.dry_run {
                "预演（--dry-run，不写入任何文件）："
            } else {
                "导入"
            },
            source.display(),
            notice.headings.len(),
            notice.tasks.len()
        ),
        Lang::En => format!(
            "{}notice {} ({encoding}): {}, {}",
            if args.dry_run {
                "dry run (--dry-run, nothing is written): "
            } else {
                "importing "
            },
            source.display(),
            count(notice.headings.len(), "section", "sections"),
            count(notice.tasks.len(), "task", "tasks")
        ),
    };
    writeln!(out, "{heading}")?;
    if args.dry_run {
        report(out, &work, &notice, true)?;
        return Ok(Outcome::Success);
    }

    if !existed {
        fs::create_dir_all(&dir).with_context(|| {
            tr!(
                "{}: 无法创建任务目录",
                "{}: cannot create the tasks directory",
                dir.display()
            )
        })?;
        _lock = Some(DirLock::acquire(&dir)?);
    }
    // The registry and the plan first: a task file never names a
    // department or heading that is not yet written down.
    let (meta_files, task_files): (Vec<&FileWork>, Vec<&FileWork>) =
        work.files.iter().partition(|f| !f.is_task);
    for file in meta_files.iter().rev().chain(&task_files) {
        if file.changed() {
            write_atomic(&file.path, file.new.as_bytes(), file.old.is_none())?;
        }
    }
    report(out, &work, &notice, false)?;
    Ok(Outcome::Success)
}

fn charset(encoding: Encoding) -> Option<Charset> {
    match encoding {
        Encoding::Auto => None,
        Encoding::Utf8 => Some(Charset::Utf8),
        Encoding::Gbk => Some(Charset::Gbk),
        Encoding::Gb18030 => Some(Charset::Gb18030),
    }
}

/// A file as it is and as it will be.
#[derive(Debug)]
struct FileWork {
    path: PathBuf,
    /// None: a new file.
    old: Option<String>,
    new: String,
    /// What it is, for the report: a task's title, the plan's title, …
    what: String,
    /// Field-by-field description of an update.
    details: Vec<String>,
    /// Said after `无变化`/`更新`, e.g. a kept provisional lead.
    remark: Option<String>,
    is_task: bool,
}

impl FileWork {
    fn changed(&self) -> bool {
        self.old.as_deref() != Some(self.new.as_str())
    }
}

/// Everything the import will do.
#[derive(Debug, Default)]
struct Work {
    /// Task files in notice order, then the plan, then the registry.
    files: Vec<FileWork>,
    new_departments: Vec<String>,
    /// Plan fields the notice does not give.
    missing: Vec<String>,
    /// Things to tell the user about the directory (tasks the notice no
    /// longer has, plan fields left alone).
    notes: Vec<String>,
    /// Tasks imported with no lead: (id, title, path).
    no_lead: Vec<(String, String, PathBuf)>,
}

/// What the directory holds now.
#[derive(Debug, Default)]
struct Current {
    registry: Option<(String, RegistryFile)>,
    plan: Option<(String, Plan)>,
    /// id → (path, text, task), for the notice's tasks that have a file.
    tasks: HashMap<String, (PathBuf, String, Task)>,
    /// Ids of task files the notice does not have.
    others: Vec<String>,
}

impl Current {
    fn load(dir: &Path, notice: &Notice) -> Result<Current> {
        let mut current = Current::default();
        let registry_path = dir.join(REGISTRY_FILE);
        if registry_path.exists() {
            current.registry = Some(read_yaml::<RegistryFile>(&registry_path)?);
        }
        let plan_path = dir.join(PLAN_FILE);
        if plan_path.exists() {
            current.plan = Some(read_yaml::<Plan>(&plan_path)?);
        }
        let ids: Vec<String> = notice.tasks.iter().map(NoticeTask::id).collect();
        for id in &ids {
            if let Ok(path) = store::task_path(dir, id) {
                let (text, task) = read_yaml::<Task>(&path)?;
                current.tasks.insert(id.clone(), (path, text, task));
            }
        }
        let mut listing = Vec::new();
        for path in store::task_paths(dir, &mut listing)? {
            let stem = store::file_stem(&path);
            if !ids.contains(&stem) {
                current.others.push(stem);
            }
        }
        Ok(current)
    }
}

/// Reads and parses a file the import will edit; a problem is an error.
fn read_yaml<T: serde::de::DeserializeOwned>(path: &Path) -> Result<(String, T)> {
    let refuse = |d: crate::diagnostics::Diagnostic| {
        anyhow!(tr!(
            "{d}；请先修正，未写入任何文件",
            "{d}; fix it first; nothing was written"
        ))
    };
    let text = store::read_text(path).map_err(refuse)?;
    let value =
        store::parse_yaml::<T>(path, text.trim_start_matches('\u{feff}')).map_err(refuse)?;
    Ok((text, value))
}

/// Works out every file to write, and checks each.
fn plan_work(dir: &Path, source: &Path, notice: &Notice, current: &Current) -> Result<Work> {
    let mut work = Work::default();

    // The registry first: the tasks are checked against it.
    let registry_path = dir.join(REGISTRY_FILE);
    let (registry_file, registry_work) = match &current.registry {
        Some((text, file)) => {
            let (known, _) = Registry::new(file.clone());
            let added: Vec<String> = notice
                .departments
                .iter()
                .filter(|name| !known.contains(name))
                .cloned()
                .collect();
            let mut doc = Document::parse(text);
            let items: Vec<Vec<String>> = added
                .iter()
                .map(|name| vec![format!("- name: {}", scalar(name))])
                .collect();
            if !items.is_empty() {
                doc.append_items("departments", &items, &[]).map_err(|e| {
                    anyhow!(tr!(
                        "{}: 无法追加新部门：{e}",
                        "{}: cannot add the new departments: {e}",
                        registry_path.display()
                    ))
                })?;
            }
            let new = doc.render();
            let parsed = store::parse_yaml::<RegistryFile>(&registry_path, &new)
                .ok()
                .filter(|f| {
                    added
                        .iter()
                        .all(|a| f.departments.iter().any(|d| &d.name == a))
                })
                .ok_or_else(|| {
                    anyhow!(tr!(
                        "{}: 追加新部门后无法正确读回（请检查该文件的写法），未写入任何文件",
                        "{}: with the new departments added, the file does not read back right (check how it is written); nothing was written",
                        registry_path.display()
                    ))
                })?;
            work.new_departments = added;
            (parsed, (Some(text.clone()), new))
        }
        None => {
            let file = RegistryFile {
                departments: notice
                    .departments
                    .iter()
                    .map(|name| Department {
                        name: name.clone(),
                        former: Vec::new(),
                        note: None,
                    })
                    .collect(),
            };
            work.new_departments = notice.departments.clone();
            (file, (None, yaml::registry(&notice.departments)))
        }
    };
    let (registry, _) = Registry::new(registry_file.clone());

    // The plan.
    let plan_path = dir.join(PLAN_FILE);
    let (plan_work, plan_after, period_end) =
        plan_file(&plan_path, source, notice, current, &mut work)?;

    // The tasks.
    let due = NaiveDate::from_ymd_opt(period_end, 12, 31).ok_or_else(|| {
        anyhow!(tr!(
            "规划期末年份 {period_end} 无效",
            "the plan period's end year {period_end} is not valid"
        ))
    })?;
    let rules = Rules {
        registry: Some(&registry),
        plan: plan_after.as_ref(),
    };
    // New task files start with the editor schema line the others have.
    let modeline = dir.is_dir().then(|| store::schema_modeline(dir)).flatten();
    for source_task in &notice.tasks {
        let id = source_task.id();
        let file = match current.tasks.get(&id) {
            Some((path, text, existing)) => {
                updated_task(path, text, existing, source_task, &registry, &mut work)?
            }
            None => {
                let path = dir.join(format!("{id}.yaml"));
                let task = new_task(source_task, due)?;
                let text = canonical::render_task(&task, modeline.as_deref()).unwrap_or_default();
                if task.lead.is_empty() {
                    work.no_lead
                        .push((id.clone(), task.title.clone(), path.clone()));
                }
                (
                    FileWork {
                        path,
                        old: None,
                        new: text,
                        what: task.title.clone(),
                        details: Vec::new(),
                        remark: task.lead.is_empty().then(|| no_lead_remark().into()),
                        is_task: true,
                    },
                    task,
                )
            }
        };
        let (file, intended) = file;
        check_task(&file.path, &file.new, &intended, &rules, &registry)?;
        work.files.push(file);
    }
    for id in &current.others {
        work.notes.push(tr!(
            "{}.yaml：通知中没有任务 {id}，保留未动",
            "{}.yaml: the notice has no task {id}; left as it is",
            dir.join(id).display()
        ));
    }
    work.files.push(plan_work);
    let (old, new) = registry_work;
    let departments = registry_file.departments.len();
    let what = match crate::i18n::current() {
        Lang::Zh => format!("{departments} 个部门"),
        Lang::En => count(departments, "department", "departments"),
    };
    work.files.push(FileWork {
        path: registry_path,
        old,
        new,
        what,
        details: Vec::new(),
        remark: None,
        is_task: false,
    });
    Ok(work)
}

/// A new task from the notice. Built through serde so that optional fields
/// the model gains later take their defaults here too.
fn new_task(source: &NoticeTask, due: NaiveDate) -> Result<Task> {
    let mut value = serde_json::json!({
        "id": source.id(),
        "section": source.section,
        "heading": source.heading,
        "number": source.number,
        "title": source.title,
        "text": source.text,
        "lead": source.lead,
        "responsible": source.responsible,
        "status": Status::NotStarted.label(),
        "due": due.format("%Y-%m-%d").to_string(),
        "progress": [],
    });
    if let Some(numbered_as) = &source.numbered_as {
        value["numbered_as"] = numbered_as.as_str().into();
    }
    if let Some(label) = &source.lead_label {
        value["lead_label"] = label.as_str().into();
    }
    serde_json::from_value(value).context(pick(
        "内部错误：无法构造任务",
        "internal error: cannot build the task",
    ))
}

/// The last check before writing: the text reads back as the intended
/// task and passes every per-file rule. A missing lead is allowed where the
/// notice names none: that is for a person to decide, and `validate` says
/// so. (The other rules are then checked on a copy with a registered lead,
/// so no message text needs matching, in whatever language.)
fn check_task(
    path: &Path,
    text: &str,
    intended: &Task,
    rules: &Rules,
    registry: &Registry,
) -> Result<()> {
    let (parsed, found) = store::parse_task(path, text, rules);
    match &parsed {
        Some(task) if task == intended => {}
        Some(_) => bail!(tr!(
            "{}: 内部错误：生成的任务文件读回后与预期不一致，未写入任何文件",
            "{}: internal error: the task file made does not read back as intended; nothing was written",
            path.display()
        )),
        None => {
            let why: Vec<&str> = found.iter().map(|d| d.message.as_str()).collect();
            bail!(tr!(
                "{}: 生成的任务文件无法读回（{}），未写入任何文件；请检查通知中该任务的文字",
                "{}: the task file made does not read back ({}); nothing was written; check the task's text in the notice",
                path.display(),
                why.join(clause_separator())
            ));
        }
    }
    let found = if intended.lead.is_empty() {
        let mut probe = intended.clone();
        let without_registry = Rules {
            registry: None,
            plan: rules.plan,
        };
        let probe_rules = match registry.departments().first() {
            Some(department) => {
                probe.lead = vec![department.name.clone()];
                rules
            }
            // No department at all: nothing to check against the registry.
            None => {
                probe.lead = vec!["（待定）".to_string()];
                &without_registry
            }
        };
        let probe_text = canonical::render_task(&probe, None).unwrap_or_default();
        store::parse_task(path, &probe_text, probe_rules).1
    } else {
        found
    };
    let errors: Vec<String> = found
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.message.clone())
        .collect();
    if !errors.is_empty() {
        bail!(tr!(
            "{}: 导入后的任务无法通过校验，未写入任何文件：{}",
            "{}: the imported task would not pass validation; nothing was written: {}",
            path.display(),
            errors.join(clause_separator())
        ));
    }
    Ok(())
}

fn list(names: &[String]) -> String {
    if names.is_empty() {
        none().into()
    } else {
        names.join(list_separator())
    }
}

fn option(value: Option<&str>) -> String {
    value.unwrap_or(none()).to_string()
}

/// An absent value in a report: "（无）" / "(none)".
fn none() -> &'static str {
    pick("（无）", "(none)")
}

fn no_lead_remark() -> &'static str {
    pick(
        "原文未列明牵头部门，lead 为空",
        "the notice names no lead department; lead is empty",
    )
}

/// Same departments in the same order, a former name matching its current one.
fn same_departments(registry: &Registry, a: &[String], b: &[String]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| registry.same(x, y))
}

/// An existing task brought in line with the notice's source fields.
fn updated_task(
    path: &Path,
    text: &str,
    existing: &Task,
    source: &NoticeTask,
    registry: &Registry,
    work: &mut Work,
) -> Result<(FileWork, Task)> {
    let mut intended = existing.clone();
    let mut details = Vec::new();
    let mut remark = None;
    let arrow = |details: &mut Vec<String>, field: &str, old: String, new: String| {
        details.push(tr!("{field}：{old} → {new}", "{field}: {old} → {new}"));
    };
    if existing.heading != source.heading {
        arrow(
            &mut details,
            "heading",
            existing.heading.clone(),
            source.heading.clone(),
        );
        intended.heading = source.heading.clone();
    }
    if existing.numbered_as != source.numbered_as {
        arrow(
            &mut details,
            "numbered_as",
            option(existing.numbered_as.as_deref()),
            option(source.numbered_as.as_deref()),
        );
        intended.numbered_as = source.numbered_as.clone();
    }
    if existing.title != source.title {
        arrow(
            &mut details,
            "title",
            existing.title.clone(),
            source.title.clone(),
        );
        intended.title = source.title.clone();
    }
    if existing.text != source.text {
        intended.text = source.text.clone();
    }
    if source.lead.is_empty() {
        // The notice names no lead: whatever the file records is a decision.
        if !existing.lead.is_empty() {
            let lead = existing.lead.join(list_separator());
            remark = Some(if existing.lead_provisional {
                tr!(
                    "原文未列明牵头部门，保留暂定牵头部门：{lead}",
                    "the notice names no lead department; the provisional lead is kept: {lead}"
                )
            } else {
                tr!(
                    "原文未列明牵头部门，保留文件中的牵头部门：{lead}（未标为暂定，请核实）",
                    "the notice names no lead department; the file's lead is kept: {lead} (not marked provisional; please check)"
                )
            });
        } else {
            remark = Some(no_lead_remark().into());
            work.no_lead
                .push((source.id(), source.title.clone(), path.to_path_buf()));
        }
    } else {
        if !same_departments(registry, &existing.lead, &source.lead) {
            arrow(
                &mut details,
                "lead",
                list(&existing.lead),
                list(&source.lead),
            );
            intended.lead = source.lead.clone();
        }
        if existing.lead_label != source.lead_label {
            arrow(
                &mut details,
                "lead_label",
                option(existing.lead_label.as_deref()),
                option(source.lead_label.as_deref()),
            );
            intended.lead_label = source.lead_label.clone();
        }
        if existing.lead_provisional {
            // The notice now names the lead: it is no longer provisional.
            details.push(pick(
                "lead_provisional：原文已列明牵头部门，取消暂定（删除 lead_provisional 与 lead_note）",
                "lead_provisional: the notice now names the lead department, so it is no longer provisional (lead_provisional and lead_note removed)",
            ).into());
            intended.lead_provisional = false;
            intended.lead_note = None;
        }
    }
    if !same_departments(registry, &existing.responsible, &source.responsible) {
        arrow(
            &mut details,
            "responsible",
            list(&existing.responsible),
            list(&source.responsible),
        );
        intended.responsible = source.responsible.clone();
    }
    if existing.text != source.text {
        details.push(pick("text：内容有改动", "text: changed").into());
    }

    let new = if intended == *existing {
        text.to_string()
    } else {
        match edit_task_text(text, existing, &intended) {
            Some(new) => new,
            None => canonical::render_task(&intended, Some(text)).map_err(|lines| {
                let lines = lines
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(list_separator());
                anyhow!(tr!(
                    "{}: 无法就地修改，按规范格式重写又会丢失第 {lines} 行的注释；请手工修改，未写入任何文件",
                    "{}: cannot be edited in place, and rewriting it in the standard layout would lose the comments on line(s) {lines}; edit it by hand; nothing was written",
                    path.display()
                ))
            })?,
        }
    };
    let file = FileWork {
        path: path.to_path_buf(),
        old: Some(text.to_string()),
        new,
        what: intended.title.clone(),
        details,
        remark,
        is_task: true,
    };
    Ok((file, intended))
}

/// The source fields' line edits; None if the result would not read back
/// as the intended task (the caller then re-renders the file).
fn edit_task_text(text: &str, old: &Task, new: &Task) -> Option<String> {
    let mut doc = Document::parse(text);
    let mut removed: Vec<&str> = Vec::new();
    let set = |doc: &mut Document, key: &str, value: &str, after: &[&str]| {
        doc.set_scalar(key, &scalar(value), after).ok()
    };
    if old.heading != new.heading {
        set(&mut doc, "heading", &new.heading, &["section"])?;
    }
    if old.numbered_as != new.numbered_as {
        match &new.numbered_as {
            Some(value) => set(&mut doc, "numbered_as", value, &["number"])?,
            None => removed.push("numbered_as"),
        }
    }
    if old.title != new.title {
        set(&mut doc, "title", &new.title, &["numbered_as", "number"])?;
    }
    if old.text != new.text {
        set(&mut doc, "text", &new.text, &["title"])?;
    }
    if old.lead != new.lead {
        replace_list(&mut doc, "lead", &old.lead, &new.lead, &["text", "title"])?;
    }
    if old.lead_label != new.lead_label {
        match &new.lead_label {
            Some(value) => set(&mut doc, "lead_label", value, &["lead"])?,
            None => removed.push("lead_label"),
        }
    }
    if old.lead_provisional && !new.lead_provisional {
        removed.push("lead_provisional");
    }
    if old.lead_note.is_some() && new.lead_note.is_none() {
        removed.push("lead_note");
    }
    if old.responsible != new.responsible {
        replace_list(
            &mut doc,
            "responsible",
            &old.responsible,
            &new.responsible,
            &["lead_note", "lead_provisional", "lead_label", "lead"],
        )?;
    }
    let mut edited = doc.render();
    for key in removed {
        edited = yaml::set_block(&edited, key, None, &[]).ok()?;
    }
    let reads_back =
        store::parse_yaml::<Task>(Path::new(""), edited.trim_start_matches('\u{feff}'))
            .ok()
            .is_some_and(|task| task == *new);
    reads_back.then_some(edited)
}

/// Makes the list under `key` read `new`. Where `new` only drops items of
/// `old` or appends to them, just those lines change; otherwise every item
/// is replaced.
fn replace_list(
    doc: &mut Document,
    key: &str,
    old: &[String],
    new: &[String],
    after: &[&str],
) -> Option<()> {
    let kept: Vec<&String> = old.iter().filter(|name| new.contains(name)).collect();
    let in_place = kept.len() <= new.len() && kept.iter().zip(new).all(|(k, n)| *k == n);
    let (removals, additions): (Vec<&String>, &[String]) = if in_place {
        let removals = old.iter().filter(|name| !new.contains(name)).collect();
        (removals, new.get(kept.len()..).unwrap_or_default())
    } else {
        (old.iter().collect(), new)
    };
    for name in removals {
        if !doc.remove_item(key, name).ok()? {
            return None;
        }
    }
    if !additions.is_empty() {
        let items: Vec<Vec<String>> = additions
            .iter()
            .map(|n| vec![format!("- {}", scalar(n))])
            .collect();
        doc.append_items(key, &items, after).ok()?;
    }
    Some(())
}

/// The plan file: new from the notice, or the existing one with the
/// notice's fields brought in. Returns the file, the plan the tasks are
/// checked against (None while the file does not parse, e.g. no date),
/// and the last year of the plan period.
fn plan_file(
    path: &Path,
    source: &Path,
    notice: &Notice,
    current: &Current,
    work: &mut Work,
) -> Result<(FileWork, Option<Plan>, i32)> {
    let existing = current.plan.as_ref();
    if let (Some((_, plan)), Some(title)) = (existing, notice.title.as_deref()) {
        if normalize(&plan.title) != normalize(title) {
            bail!(tr!(
                "{}: 该目录的计划文件记录的是另一份通知（“{}”），而 {} 是“{title}”；请导入到新目录（--dir）。如确为同一通知的修订版，请先把 plan.yaml 的 title 改为新标题",
                "{}: this directory's plan file is for another notice (“{}”), while {} is “{title}”; import into a new directory (--dir). If it really is a revision of the same notice, first change the title in plan.yaml to the new one",
                path.display(),
                plan.title,
                source.display()
            ));
        }
    }
    let period = notice
        .period
        .clone()
        .or_else(|| existing.map(|(_, p)| p.period.clone()))
        .ok_or_else(|| {
            anyhow!(tr!(
                "{}: 标题中找不到规划期（如“(2018-2022年)”），无法确定完成时限；未写入任何文件",
                "{}: no plan period (such as “(2018-2022年)”) in the title, so there is no deadline to give the tasks; nothing was written",
                source.display()
            ))
        })?;
    let notice_headings: Vec<Heading> = notice
        .headings
        .iter()
        .map(|h| Heading {
            number: h.number,
            label: h.label.clone(),
            title: h.title.clone(),
        })
        .collect();

    let Some((text, plan)) = existing else {
        let mut missing = |found: bool, what: &str| {
            if !found {
                work.missing.push(what.to_string());
            }
        };
        missing(
            notice.title.is_some(),
            pick("标题（title）", "the title (title)"),
        );
        missing(
            notice.issuer.is_some(),
            pick("发文机关（issuer）", "the issuer (issuer)"),
        );
        missing(
            notice.date.is_some(),
            pick("成文日期（date）", "the date (date)"),
        );
        missing(
            notice.working_group_office.is_some(),
            pick(
                "工作小组办公室（working_group_office）",
                "the working group's office (working_group_office)",
            ),
        );
        missing(
            notice.supervision_office.is_some(),
            pick(
                "督查部门（supervision_office）",
                "the supervision office (supervision_office)",
            ),
        );
        let draft = PlanDraft {
            title: notice.title.clone().unwrap_or_default(),
            issuer: notice.issuer.clone().unwrap_or_default(),
            date: notice.date,
            addressee: notice.addressee.clone(),
            parent: notice.parent.clone(),
            period: period.clone(),
            status: PlanStatus::Active,
            superseded_by: None,
            working_group_office: notice.working_group_office.clone().unwrap_or_default(),
            supervision_office: notice.supervision_office.clone().unwrap_or_default(),
            headings: notice_headings,
        };
        let new = draft.render();
        let parsed = store::parse_yaml::<Plan>(path, &new).ok();
        let file = FileWork {
            path: path.to_path_buf(),
            old: None,
            new,
            what: draft.title.clone(),
            details: Vec::new(),
            remark: None,
            is_task: false,
        };
        return Ok((file, parsed, period.end));
    };

    // The existing plan: the notice's fields where it has them.
    let mut draft = PlanDraft::from_plan(plan);
    let mut details = Vec::new();
    let mut changed: Vec<&str> = Vec::new();
    let mut change = |key: &'static str, old: String, new: String| {
        if old != new {
            details.push(tr!("{key}：{old} → {new}", "{key}: {old} → {new}"));
            changed.push(key);
        }
    };
    if let Some(issuer) = &notice.issuer {
        change("issuer", draft.issuer.clone(), issuer.clone());
        draft.issuer = issuer.clone();
    }
    if let Some(date) = notice.date {
        change("date", option_date(draft.date), option_date(Some(date)));
        draft.date = Some(date);
    }
    if let Some(addressee) = &notice.addressee {
        change(
            "addressee",
            option(draft.addressee.as_deref()),
            addressee.clone(),
        );
        draft.addressee = Some(addressee.clone());
    }
    if let Some(parent) = &notice.parent {
        let show = |p: Option<&crate::model::ParentDocument>| {
            p.map_or(none().to_string(), |p| {
                tr!(
                    "{}（{}；{}）",
                    "{} ({}; {})",
                    p.title,
                    p.number,
                    p.issuers.join(list_separator())
                )
            })
        };
        change("parent", show(draft.parent.as_ref()), show(Some(parent)));
        draft.parent = Some(parent.clone());
    }
    if let Some(period) = &notice.period {
        let show = |p: &crate::model::Period| format!("{}–{}", p.start, p.end);
        change("period", show(&draft.period), show(period));
        draft.period = period.clone();
    }
    if let Some(office) = &notice.working_group_office {
        change(
            "working_group_office",
            draft.working_group_office.clone(),
            office.clone(),
        );
        draft.working_group_office = office.clone();
    }
    if let Some(office) = &notice.supervision_office {
        change(
            "supervision_office",
            draft.supervision_office.clone(),
            office.clone(),
        );
        draft.supervision_office = office.clone();
    }
    // Headings: the notice's replace those with the same number; headings
    // the notice does not have (added by hand) stay.
    let mut headings = draft.headings.clone();
    for heading in &notice_headings {
        match headings.iter_mut().find(|h| h.number == heading.number) {
            Some(h) => {
                h.label = heading.label.clone();
                h.title = heading.title.clone();
            }
            None => headings.push(heading.clone()),
        }
    }
    headings.sort_by_key(|h| h.number);
    let show = |hs: &[Heading]| {
        hs.iter()
            .map(|h| format!("{}{}", h.label.as_deref().unwrap_or(""), h.title))
            .collect::<Vec<_>>()
            .join(clause_separator())
    };
    change("headings", show(&draft.headings), show(&headings));
    draft.headings = headings;

    let mut new = text.clone();
    for key in changed {
        let position = PLAN_KEYS.iter().position(|k| *k == key).unwrap_or(0);
        let before: Vec<&str> = PLAN_KEYS.iter().take(position).rev().copied().collect();
        match yaml::set_block(&new, key, Some(&draft.key_lines(key)), &before) {
            Ok(edited) => new = edited,
            Err(why) => work.notes.push(tr!(
                "{}：{why}，未自动更新 {key}；请手工修改",
                "{}: {why}, so {key} was not updated; edit it by hand",
                path.display()
            )),
        }
    }
    let parsed =
        store::parse_yaml::<Plan>(path, new.trim_start_matches('\u{feff}')).map_err(|d| {
            anyhow!(tr!(
                "{}: 内部错误：更新后的计划文件无法读回（{}），未写入任何文件",
                "{}: internal error: the updated plan file does not read back ({}); nothing was written",
                path.display(),
                d.message
            ))
        })?;
    let end = parsed.period.end;
    let file = FileWork {
        path: path.to_path_buf(),
        old: Some(text.clone()),
        new,
        what: parsed.title.clone(),
        details,
        remark: None,
        is_task: false,
    };
    Ok((file, Some(parsed), end))
}

fn option_date(date: Option<NaiveDate>) -> String {
    date.map_or(none().into(), |d| d.format("%Y-%m-%d").to_string())
}

/// Titles compared without spaces and with ASCII and full-width brackets,
/// dashes and colons taken as the same.
fn normalize(title: &str) -> String {
    title
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '—' | '–' | '－' => '-',
            '：' => ':',
            other => other,
        })
        .collect()
}

/// What happened (or, with `--dry-run`, would happen), file by file.
fn report(out: &mut dyn Write, work: &Work, notice: &Notice, dry_run: bool) -> Result<()> {
    let (new_word, update_word) = match (dry_run, crate::i18n::current()) {
        (true, Lang::Zh) => ("将新增", "将更新"),
        (false, Lang::Zh) => ("新增", "更新"),
        (true, Lang::En) => ("would create", "would update"),
        (false, Lang::En) => ("created", "updated"),
    };
    let (mut created, mut updated, mut unchanged) = (0, 0, 0);
    for file in &work.files {
        let path = file.path.display();
        let remark = file
            .remark
            .as_deref()
            .map(|r| tr!("（{r}）", " ({r})"))
            .unwrap_or_default();
        match (&file.old, file.changed()) {
            (None, _) => {
                created += usize::from(file.is_task);
                let what = &file.what;
                writeln!(
                    out,
                    "{}",
                    tr!(
                        "{new_word} {path}：{what}{remark}",
                        "{new_word} {path}: {what}{remark}"
                    )
                )?;
            }
            (Some(_), false) => {
                unchanged += usize::from(file.is_task);
                writeln!(
                    out,
                    "{}",
                    tr!("无变化 {path}{remark}", "unchanged {path}{remark}")
                )?;
            }
            (Some(_), true) => {
                updated += usize::from(file.is_task);
                let what = &file.what;
                writeln!(
                    out,
                    "{}",
                    tr!(
                        "{update_word} {path}：{what}{remark}",
                        "{update_word} {path}: {what}{remark}"
                    )
                )?;
                for detail in &file.details {
                    writeln!(out, "  {detail}")?;
                }
            }
        }
        if dry_run && file.changed() {
            let old = file.old.as_deref().unwrap_or("");
            let old_name = match &file.old {
                Some(_) => path.to_string(),
                None => "/dev/null".to_string(),
            };
            let diff = similar::TextDiff::from_lines(old, &file.new);
            let text = diff
                .unified_diff()
                .context_radius(3)
                .header(&old_name, &path.to_string())
                .to_string();
            out.write_all(text.as_bytes())?;
            if !text.ends_with('\n') {
                writeln!(out)?;
            }
        }
    }
    for name in &work.new_departments {
        writeln!(out, "{}", tr!("新部门：{name}", "new department: {name}"))?;
    }
    for what in &work.missing {
        writeln!(
            out,
            "{}",
            tr!(
                "注意：通知中找不到{what}，plan.yaml 中已留空，请手工填写",
                "note: the notice does not give {what}; it is left empty in plan.yaml, fill it in by hand"
            )
        )?;
    }
    for note in &work.notes {
        writeln!(out, "{}", tr!("注意：{note}", "note: {note}"))?;
    }
    for warning in notice
        .warnings
        .iter()
        .filter(|w| w.kind != WarningKind::NoLead)
    {
        writeln!(
            out,
            "{}",
            tr!("注意：通知{warning}", "note: in the notice, {warning}")
        )?;
    }
    if !work.no_lead.is_empty() {
        let n = work.no_lead.len();
        let line = match crate::i18n::current() {
            Lang::Zh => format!(
                "未列明牵头部门：{n} 项任务已导入但 lead 为空，cooptrack validate 将报错，直至确定牵头部门（cooptrack update ID --add-lead 部门，或在文件中填写 lead；如为暂定，加 lead_provisional: true 并在 lead_note 中写明依据）："
            ),
            Lang::En => format!(
                "no lead department named: {} imported with an empty lead; cooptrack validate reports an error until a lead is decided (cooptrack update ID --add-lead DEPARTMENT, or fill in lead in the file; if it is provisional, add lead_provisional: true and give the grounds in lead_note):",
                count(n, "task was", "tasks were")
            ),
        };
        writeln!(out, "{line}")?;
        for (id, title, path) in &work.no_lead {
            writeln!(
                out,
                "{}",
                tr!(
                    "  {id} {title}（{}）",
                    "  {id} {title} ({})",
                    path.display()
                )
            )?;
        }
    }
    let new_departments = work.new_departments.len();
    let summary = match crate::i18n::current() {
        Lang::Zh => {
            let departments = if new_departments == 0 {
                "无新部门".to_string()
            } else {
                format!("新部门 {new_departments} 个")
            };
            format!(
                "{}：任务文件{new_word} {created} 个，{update_word} {updated} 个，无变化 {unchanged} 个；{departments}{}",
                if dry_run { "预演结束" } else { "导入完成" },
                if dry_run { "；未写入任何文件" } else { "" }
            )
        }
        Lang::En => {
            let departments = if new_departments == 0 {
                "no new departments".to_string()
            } else {
                count(new_departments, "new department", "new departments")
            };
            let (done, would) = if dry_run {
                ("dry run complete", "would be ")
            } else {
                ("import complete", "")
            };
            format!(
                "{done}: {} {would}created, {updated} {would}updated, {unchanged} unchanged; {departments}{}",
                count(created, "task file", "task files"),
                if dry_run { "; nothing was written" } else { "" }
            )
        }
    };
    writeln!(out, "{summary}")?;
    Ok(())
}
