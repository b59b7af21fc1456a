//! The one way to change a file in a tasks directory. Every writer —
//! `update`, `add`, `fmt`, `import`, `carry-over`, `close-plan` — goes
//! through here, in these steps:
//!
//! 1. the caller works out the intended value (a task, the plan, the
//!    registry) from the current one;
//! 2. line edits turn the file's text into one that says it, keeping every
//!    untouched byte (`diff`, using the line editor in `lines`);
//! 3. the new text is parsed again and must equal the intended value;
//! 4. a task must pass the per-file validation rules;
//! 5. [`Session::write`] replaces the file atomically, under the
//!    directory's lock, and records it in the run's [`Journal`].
//!
//! Where line edits cannot say exactly what is intended, the file is
//! rewritten in the canonical layout only if the caller asked for it
//! ([`Layout::ReformatIfNeeded`], `--reformat`), and [`Prepared::reformatted`]
//! says so; otherwise nothing is written and the error says why.

pub mod by_hand;
pub mod canonical;
pub mod carry_over;
pub mod change;
mod diff;
pub mod lines;
pub mod registry;
mod request;
pub mod session;
mod target;

use std::fmt;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::diagnostics::Rule;
use crate::i18n::{clause_separator, line_list, pick};
use crate::model::{Plan, RegistryFile, Task};
use crate::tr;
use crate::validate::Rules;

pub use change::{Change, DepartmentList};
pub use request::{Request, Requested};
pub use session::{Journal, Recovery, Session};
pub use target::{open_task, Target};

/// What to do when line edits cannot express a change exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Line edits or nothing.
    InPlace,
    /// Line edits or nothing, and the refusal says that `--reformat`
    /// (which the command has) would rewrite the file.
    InPlaceOrAskForReformat,
    /// Line edits, else the whole file in canonical layout (`--reformat`).
    ReformatIfNeeded,
    /// The canonical layout, always (`fmt`).
    Canonical,
}

impl Layout {
    /// For a command with `--reformat`: given or not.
    pub fn reformat_if(allowed: bool) -> Layout {
        if allowed {
            Layout::ReformatIfNeeded
        } else {
            Layout::InPlaceOrAskForReformat
        }
    }
}

/// A file ready to be written: checked, not yet on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prepared {
    pub path: PathBuf,
    /// The text now; None for a new file.
    pub old: Option<String>,
    pub new: String,
    /// Rewritten in canonical layout because line edits could not do it.
    pub reformatted: bool,
}

impl Prepared {
    pub fn changed(&self) -> bool {
        self.old.as_deref() != Some(self.new.as_str())
    }
}

/// Why a file was not changed as asked. Nothing was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// Line edits cannot express the change, and no reformat was asked
    /// for; `reformat` says whether the command offers one.
    NotInPlace {
        path: PathBuf,
        why: String,
        reformat: bool,
    },
    /// The canonical layout has no place for the comments on these lines.
    CommentsWouldBeLost {
        path: PathBuf,
        why: Option<String>,
        lines: Vec<usize>,
    },
    /// In canonical layout the file would not say what was intended (a bug).
    CanonicalDiffers { path: PathBuf, why: Option<String> },
    /// The result would break a per-file rule.
    Invalid { path: PathBuf, errors: Vec<String> },
    /// No command could read the result (too large, say).
    Unloadable { path: PathBuf, why: String },
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            Refused::NotInPlace {
                path,
                why,
                reformat: true,
            } => tr!(
                "{}: {why}，未作修改；可加 --reformat 按规范格式重写该文件（保留顶层注释）",
                "{}: {why}; nothing was changed. --reformat rewrites the file in canonical layout (keeping top-level comments)",
                path.display()
            ),
            Refused::NotInPlace {
                path,
                why,
                reformat: false,
            } => tr!(
                "{}: {why}，未作修改；请手工修改该文件",
                "{}: {why}; nothing was changed. Edit the file by hand",
                path.display()
            ),
            Refused::CommentsWouldBeLost { path, why: Some(why), lines } => tr!(
                "{}: {why}；按规范格式重写会丢失第 {} 行的注释，未作修改",
                "{}: {why}; rewriting it in canonical layout would lose the comments on {}; nothing was changed",
                path.display(),
                line_list(lines)
            ),
            Refused::CommentsWouldBeLost { path, why: None, lines } => tr!(
                "{}: 第 {} 行的注释在规范格式中无处安放，为保留注释未整理该文件",
                "{}: the comments on {} have no place in the canonical layout, so the file was left as it is to keep them",
                path.display(),
                line_list(lines)
            ),
            Refused::CanonicalDiffers { path, why: Some(why) } => tr!(
                "{}: {why}；按规范格式重写后的内容也与预期不一致，未作修改",
                "{}: {why}; rewritten in canonical layout it does not either; nothing was changed",
                path.display()
            ),
            Refused::CanonicalDiffers { path, why: None } => tr!(
                "{}: 规范化结果与原内容不一致（内部错误），未作修改",
                "{}: the canonical layout says something else than the file (an internal error); nothing was changed",
                path.display()
            ),
            Refused::Unloadable { path, why } => tr!(
                "{}: 修改后的文件将无法读取（{why}），未作任何修改",
                "{}: the changed file could not be read back ({why}), so nothing was changed",
                path.display()
            ),
            Refused::Invalid { path, errors } => tr!(
                "{}: 修改后的任务无法通过校验，未作任何修改：{}",
                "{}: the changed task would not pass validation, so nothing was changed: {}",
                path.display(),
                errors.join(clause_separator())
            ),
        };
        f.write_str(&text)
    }
}

impl std::error::Error for Refused {}

/// What a task file must pass before it is written: the per-file rules,
/// against the directory's registry and plan.
pub struct TaskCheck<'a> {
    pub rules: Rules<'a>,
    /// A missing lead is allowed (an imported task whose notice names
    /// none: a person decides, and `validate` keeps saying so).
    pub allow_missing_lead: bool,
}

impl<'a> TaskCheck<'a> {
    /// Every rule, against this registry and plan.
    pub fn strict(rules: Rules<'a>) -> TaskCheck<'a> {
        TaskCheck {
            rules,
            allow_missing_lead: false,
        }
    }

    fn check(&self, path: &Path, text: &str, task: &Task) -> Result<(), Refused> {
        let errors: Vec<String> = crate::store::check_task_text(path, text, task, &self.rules)
            .into_iter()
            .filter(|d| d.is_error())
            .filter(|d| !(self.allow_missing_lead && d.rule == Some(Rule::MissingLead)))
            .map(|d| d.message)
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Refused::Invalid {
                path: path.to_path_buf(),
                errors,
            })
        }
    }
}

/// A task file changed from `current` to `intended`.
pub fn edit_task(
    path: &Path,
    text: &str,
    current: &Task,
    intended: &Task,
    layout: Layout,
    check: &TaskCheck,
) -> Result<Prepared, Refused> {
    let prepared = edit_file(path, text, current, intended, layout)?;
    // What is not rewritten cannot get worse; `validate` speaks for it.
    if prepared.changed() {
        check.check(path, &prepared.new, intended)?;
    }
    Ok(prepared)
}

/// The line edits alone that make `text`, which says `current`, say
/// `intended` (both as model values): no re-parse, no rules, nothing to
/// write. For a caller that only compares the result with a text it has
/// parsed already: the merge driver, checking that their side changed
/// values only (the edits of the ancestor give their text exactly).
pub fn line_edits(
    text: &str,
    current: &serde_yaml::Value,
    intended: &serde_yaml::Value,
) -> Result<String, String> {
    diff::edit_toward(text, current, intended).map_err(|e| e.0)
}

/// A new task file in canonical layout, under `header` (the editor
/// schema line the directory's other task files start with).
pub fn new_task(
    path: &Path,
    task: &Task,
    header: Option<&str>,
    check: &TaskCheck,
) -> Result<Prepared, Refused> {
    let prepared = new_file(path, task, header)?;
    check.check(path, &prepared.new, task)?;
    Ok(prepared)
}

/// The files that have no per-file rules beyond reading back as what
/// they should say: the plan and the department registry.
pub trait MetaFile: Serialize + DeserializeOwned + PartialEq {}

impl MetaFile for Plan {}
impl MetaFile for RegistryFile {}

/// The plan or the registry changed from `current` to `intended`.
pub fn edit_meta<T: MetaFile>(
    path: &Path,
    text: &str,
    current: &T,
    intended: &T,
    layout: Layout,
) -> Result<Prepared, Refused> {
    edit_file(path, text, current, intended, layout)
}

/// A new file in canonical layout, read back to make sure it says `value`.
pub fn new_file<T>(path: &Path, value: &T, header: Option<&str>) -> Result<Prepared, Refused>
where
    T: Serialize + DeserializeOwned + PartialEq,
{
    let new = canonical::render(value, header).map_err(|lines| Refused::CommentsWouldBeLost {
        path: path.to_path_buf(),
        why: None,
        lines,
    })?;
    if !reads_back(path, &new, value) {
        return Err(Refused::CanonicalDiffers {
            path: path.to_path_buf(),
            why: None,
        });
    }
    loadable(Prepared {
        path: path.to_path_buf(),
        old: None,
        new,
        reformatted: false,
    })
}

/// Steps 2 and 3 for any file, and the checks loading applies.
fn edit_file<T>(
    path: &Path,
    text: &str,
    current: &T,
    intended: &T,
    layout: Layout,
) -> Result<Prepared, Refused>
where
    T: Serialize + DeserializeOwned + PartialEq,
{
    loadable(laid_out(path, text, current, intended, layout)?)
}

/// A file that changes must pass what loading checks before parsing
/// (size, conflict markers, not empty): nothing is written that no command
/// could read afterwards.
fn loadable(file: Prepared) -> Result<Prepared, Refused> {
    if !file.changed() {
        return Ok(file);
    }
    match crate::read::check_text(&file.path, &file.new) {
        Ok(()) => Ok(file),
        Err(d) => Err(Refused::Unloadable {
            path: file.path,
            why: d.message,
        }),
    }
}

/// Line edits (or the canonical layout, as `layout` allows), read back as
/// `intended`.
fn laid_out<T>(
    path: &Path,
    text: &str,
    current: &T,
    intended: &T,
    layout: Layout,
) -> Result<Prepared, Refused>
where
    T: Serialize + DeserializeOwned + PartialEq,
{
    let prepared = |new: String, reformatted: bool| Prepared {
        path: path.to_path_buf(),
        old: Some(text.to_string()),
        new,
        reformatted,
    };
    let why = match layout {
        Layout::Canonical => None,
        _ if current == intended => return Ok(prepared(text.to_string(), false)),
        _ => match in_place(path, text, current, intended) {
            Ok(new) => return Ok(prepared(new, false)),
            Err(why) if layout != Layout::ReformatIfNeeded => {
                return Err(Refused::NotInPlace {
                    path: path.to_path_buf(),
                    why,
                    reformat: layout == Layout::InPlaceOrAskForReformat,
                })
            }
            Err(why) => Some(why),
        },
    };
    let new =
        canonical::render(intended, Some(text)).map_err(|lines| Refused::CommentsWouldBeLost {
            path: path.to_path_buf(),
            why: why.clone(),
            lines,
        })?;
    if !reads_back(path, &new, intended) {
        return Err(Refused::CanonicalDiffers {
            path: path.to_path_buf(),
            why,
        });
    }
    // `fmt` rewriting a file already in layout changes nothing.
    let reformatted = why.is_some() && new != text;
    Ok(prepared(new, reformatted))
}

/// For `fmt`, on a file whose comments the canonical layout has no place
/// for ([`Refused::CommentsWouldBeLost`]): whether it is in that layout
/// apart from those comments, so that leaving it as it is leaves it in
/// layout. None where that cannot be told: the file without those
/// comments does not say `value`.
pub fn canonical_apart_from_comments<T>(path: &Path, text: &str, value: &T) -> Option<bool>
where
    T: Serialize + DeserializeOwned + PartialEq,
{
    let stripped = canonical::without_stranded_comments(text);
    if !reads_back(path, stripped.trim_start_matches('\u{feff}'), value) {
        return None;
    }
    let rendered = canonical::render(value, Some(&stripped)).ok()?;
    Some(rendered == stripped)
}

/// The line edits, checked by parsing the result; the error says why not.
fn in_place<T>(path: &Path, text: &str, current: &T, intended: &T) -> Result<String, String>
where
    T: Serialize + DeserializeOwned + PartialEq,
{
    let value = |v: &T| serde_yaml::to_value(v).unwrap_or_default();
    let new = diff::edit_toward(text, &value(current), &value(intended)).map_err(|e| e.0)?;
    match crate::read::parse_yaml::<T>(path, new.trim_start_matches('\u{feff}')) {
        Ok(parsed) if parsed == *intended => Ok(new),
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
}

fn reads_back<T: DeserializeOwned + PartialEq>(path: &Path, text: &str, intended: &T) -> bool {
    crate::read::parse_yaml::<T>(path, text)
        .ok()
        .is_some_and(|parsed| parsed == *intended)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Department, RegistryFile};
    use crate::registry::Registry;

    const TASK: &str = "\
# 手工维护
id: \"1.1\"
section: 1
heading: 推动生态环境联防联控联治
number: 1
title: 加强跨界河流联防联控联治 # 原文
lead:
  - 区环保局
responsible: [区水务局] # 配合
status: 未启动
due: 2022-12-31
progress: []
";

    fn registry() -> Registry {
        let names = ["区环保局", "区水务局", "区林业局"];
        let file = RegistryFile {
            departments: names
                .iter()
                .map(|n| Department {
                    name: (*n).to_string(),
                    former: Vec::new(),
                    aliases: Vec::new(),
                    note: None,
                    contact: None,
                })
                .collect(),
        };
        Registry::new(file).0
    }

    fn check(registry: &Registry) -> TaskCheck<'_> {
        TaskCheck {
            rules: Rules {
                registry: Some(registry),
                plan: None,
            },
            allow_missing_lead: false,
        }
    }

    fn parsed(text: &str) -> Task {
        serde_yaml::from_str(text).unwrap()
    }

    fn path() -> PathBuf {
        PathBuf::from("tasks/1.1.yaml")
    }

    #[test]
    fn a_change_touches_only_its_lines() {
        let registry = registry();
        let current = parsed(TASK);
        let mut intended = current.clone();
        intended.responsible.push("区林业局".into());
        intended.status = crate::model::Status::InProgress;
        let file = edit_task(
            &path(),
            TASK,
            &current,
            &intended,
            Layout::InPlace,
            &check(&registry),
        )
        .unwrap();
        let expected = TASK
            .replace("[区水务局]", "[区水务局, 区林业局]")
            .replace("status: 未启动", "status: 推进中");
        assert_eq!(file.new, expected);
        assert!(file.changed() && !file.reformatted);
    }

    #[test]
    fn what_line_edits_cannot_say_is_rewritten_only_when_asked() {
        let registry = registry();
        let tagged = TASK.replace("[区水务局] # 配合", "!!seq [区水务局]");
        let current = parsed(&tagged);
        let mut intended = current.clone();
        intended.responsible.push("区林业局".into());
        let refused = edit_task(
            &path(),
            &tagged,
            &current,
            &intended,
            Layout::InPlace,
            &check(&registry),
        )
        .unwrap_err();
        assert!(matches!(refused, Refused::NotInPlace { .. }), "{refused}");
        let file = edit_task(
            &path(),
            &tagged,
            &current,
            &intended,
            Layout::ReformatIfNeeded,
            &check(&registry),
        )
        .unwrap();
        assert!(file.reformatted);
        assert!(file.new.starts_with("# 手工维护\nid: \"1.1\"\n"));
        assert!(file
            .new
            .contains("title: 加强跨界河流联防联控联治 # 原文\n"));
        assert!(file
            .new
            .contains("responsible:\n  - 区水务局\n  - 区林业局\n"));
        // A comment inside a list has no place in the canonical layout.
        let stranded = tagged.replace("  - 区环保局\n", "  - 区环保局 # 牵头\n");
        let refused = edit_task(
            &path(),
            &stranded,
            &parsed(&stranded),
            &intended,
            Layout::ReformatIfNeeded,
            &check(&registry),
        )
        .unwrap_err();
        assert!(
            matches!(&refused, Refused::CommentsWouldBeLost { lines, .. } if lines == &[8]),
            "{refused:?}"
        );
    }

    #[test]
    fn a_result_that_breaks_a_rule_is_refused() {
        let registry = registry();
        let current = parsed(TASK);
        let mut intended = current.clone();
        intended.responsible.push("区林叶局".into());
        let refused = edit_task(
            &path(),
            TASK,
            &current,
            &intended,
            Layout::InPlace,
            &check(&registry),
        )
        .unwrap_err();
        assert_eq!(
            refused.to_string(),
            "tasks/1.1.yaml: 修改后的任务无法通过校验，未作任何修改：部门“区林叶局”不在部门名录中，是否应为“区林业局”？"
        );
        // A missing lead passes only where the caller allows it.
        let mut leaderless = current.clone();
        leaderless.lead.clear();
        let strict = check(&registry);
        assert!(edit_task(
            &path(),
            TASK,
            &current,
            &leaderless,
            Layout::InPlace,
            &strict
        )
        .is_err());
        let lenient = TaskCheck {
            allow_missing_lead: true,
            ..check(&registry)
        };
        let file = edit_task(
            &path(),
            TASK,
            &current,
            &leaderless,
            Layout::InPlace,
            &lenient,
        )
        .unwrap();
        assert!(file.new.contains("lead: []\n"), "{}", file.new);
    }

    #[test]
    fn fmt_rewrites_into_the_canonical_layout_and_leaves_it_be() {
        let registry = registry();
        let current = parsed(TASK);
        let shuffled = TASK.replace(
            "status: 未启动\ndue: 2022-12-31\n",
            "due: 2022-12-31\nstatus: 未启动\n",
        );
        let file = edit_task(
            &path(),
            &shuffled,
            &current,
            &current,
            Layout::Canonical,
            &check(&registry),
        )
        .unwrap();
        assert!(file.new.contains("status: 未启动\ndue: 2022-12-31\n"));
        let again = edit_task(
            &path(),
            &file.new,
            &current,
            &current,
            Layout::Canonical,
            &check(&registry),
        )
        .unwrap();
        assert!(!again.changed() && !again.reformatted);
    }

    #[test]
    fn a_comment_in_a_list_leaves_a_file_in_layout_or_not() {
        let registry = registry();
        let in_layout = canonical::render(&parsed(TASK), Some(TASK)).unwrap();
        let commented = in_layout.replace("  - 区环保局\n", "  - 区环保局 # 牵头\n");
        let task = parsed(&commented);
        let refused = edit_task(
            &path(),
            &commented,
            &task,
            &task,
            Layout::Canonical,
            &check(&registry),
        )
        .unwrap_err();
        assert!(
            matches!(&refused, Refused::CommentsWouldBeLost { lines, .. } if lines == &[9]),
            "{refused:?}"
        );
        assert_eq!(
            canonical_apart_from_comments(&path(), &commented, &task),
            Some(true)
        );
        let shuffled = commented.replace(
            "status: 未启动\ndue: 2022-12-31\n",
            "due: 2022-12-31\nstatus: 未启动\n",
        );
        assert_eq!(
            canonical_apart_from_comments(&path(), &shuffled, &task),
            Some(false)
        );
    }

    #[test]
    fn a_plan_is_ended_by_two_lines() {
        let text = "title: 计划\nissuer: 区政府\ndate: 2018-08-17\nperiod:\n  start: 2018\n  end: 2022\nstatus: active # 执行中\nworking_group_office: 区发展改革委\nsupervision_office: 区政府督查室\nheadings: []\n";
        let current: Plan = serde_yaml::from_str(text).unwrap();
        let intended = Plan {
            status: crate::model::PlanStatus::Ended,
            ended_on: chrono::NaiveDate::from_ymd_opt(2023, 1, 1),
            ..current.clone()
        };
        let file = edit_meta(
            Path::new("plan.yaml"),
            text,
            &current,
            &intended,
            Layout::InPlace,
        )
        .unwrap();
        assert_eq!(
            file.new,
            text.replace(
                "status: active # 执行中\n",
                "status: ended # 执行中\nended_on: 2023-01-01\n"
            )
        );
    }

    #[test]
    fn a_new_file_reads_back_as_what_it_was_made_from() {
        let registry = registry();
        let task = parsed(TASK);
        let file = new_task(&path(), &task, Some("# 头\n"), &check(&registry)).unwrap();
        assert_eq!(file.old, None);
        assert!(file.new.starts_with("# 头\nid: \"1.1\"\n"));
        assert_eq!(parsed(&file.new), task);
    }
}
