//! `cooptrack init`: what a new tasks directory starts with — the plan,
//! the department registry (a predecessor's, renames and short names
//! included), the JSON Schema new task files point at, and a `.gitignore`
//! for the lock. Built here, written by the command.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _, Result};
use chrono::{Datelike, NaiveDate};

use crate::layout::{MODELINE_PREFIX, PLAN_FILE, REGISTRY_FILE, SCHEMA_FILE, TASKS_DIR};
use crate::model::{Period, Plan, PlanStatus};
use crate::store::{self, Store};
use crate::tr;

/// What the lock and the writers' temporary files are called.
pub const GITIGNORE: &str =
    "# cooptrack writes these beside the task files\n.cooptrack.lock\n.cooptrack-*.tmp\n";

/// Written where the plan's details are not known yet.
pub const TO_FILL_IN: &str = "待填写";

/// The years a title names as a range, such as 2023-2027 in
/// 行动计划(2023-2027年) (or 2023—2027, 2023至2027): the plan's period.
pub fn years_named(title: &str) -> Option<(i32, i32)> {
    let chars: Vec<char> = title.chars().collect();
    let year_at = |i: usize| -> Option<i32> {
        let digits: String = chars.get(i..i + 4)?.iter().collect();
        let before = i.checked_sub(1).and_then(|b| chars.get(b));
        let after = chars.get(i + 4);
        let bounded =
            !before.is_some_and(char::is_ascii_digit) && !after.is_some_and(char::is_ascii_digit);
        digits
            .chars()
            .all(|c| c.is_ascii_digit())
            .then(|| digits.parse().ok())
            .flatten()
            .filter(|_| bounded)
    };
    (0..chars.len()).find_map(|i| {
        let first = year_at(i)?;
        let mut j = i + 4;
        if chars.get(j) == Some(&'年') {
            j += 1;
        }
        if !matches!(
            chars.get(j),
            Some('-' | '–' | '—' | '~' | '～' | '至' | '到')
        ) {
            return None;
        }
        let last = year_at(j + 1)?;
        let period = format!("{first}-{last}");
        parse_period(&period).ok()
    })
}

#[derive(Debug)]
pub struct Options<'a> {
    pub from: Option<&'a Path>,
    pub title: Option<&'a str>,
    pub period: Option<(i32, i32)>,
    pub date: NaiveDate,
}

/// The new directory's plan and registry text.
#[derive(Debug)]
pub struct Start {
    pub plan: Plan,
    pub registry: String,
    /// How many departments the registry lists.
    pub departments: usize,
}

/// Refuses a directory that already holds a plan or a registry.
pub fn refuse_existing(dir: &Path) -> Result<()> {
    for name in [PLAN_FILE, REGISTRY_FILE] {
        if dir.join(name).exists() {
            bail!(tr!(
                "{} 已有 {name}：已是任务目录，不能再 init",
                "{} holds {name} already: it is a tasks directory; init refuses to overwrite it",
                dir.display()
            ));
        }
    }
    Ok(())
}

/// `2023-2027` (or `2023–2027`): the plan's first and last year.
pub fn parse_period(raw: &str) -> Result<(i32, i32), String> {
    let years = raw
        .trim()
        .split_once(['-', '–', '—'])
        .and_then(|(a, b)| Some((a.trim().parse().ok()?, b.trim().parse().ok()?)))
        .filter(|(a, b): &(i32, i32)| (1949..=2100).contains(a) && a <= b && *b <= 2100);
    years.ok_or_else(|| {
        tr!(
            "计划期限“{raw}”无效：应为 起始年-结束年，如 2023-2027",
            "invalid plan period “{raw}”: expected FIRST-LAST years, such as 2023-2027"
        )
    })
}

/// The plan and registry of a new directory, from the predecessor if any.
pub fn start(options: &Options) -> Result<Start> {
    let previous = options.from.map(load_previous).transpose()?;
    let named = options.title.and_then(years_named);
    let period = options.period.or(named).unwrap_or_else(|| match &previous {
        Some((plan, _)) => (plan.period.end + 1, plan.period.end + 5),
        None => (options.date.year(), options.date.year() + 4),
    });
    let title = match (options.title.map(str::trim), &previous) {
        (Some(""), _) => bail!(tr!("--title 不能为空", "--title must not be empty")),
        (Some(title), _) => title.to_string(),
        (None, Some((plan, _))) => successor_title(plan, period)?,
        (None, None) => Plan::TITLE_TO_FILL_IN.to_string(),
    };
    let copy = |f: fn(&Plan) -> String| {
        previous
            .as_ref()
            .map_or_else(|| TO_FILL_IN.to_string(), |(p, _)| f(p))
    };
    let plan = Plan {
        title,
        issuer: copy(|p| p.issuer.clone()),
        date: options.date,
        addressee: previous.as_ref().and_then(|(p, _)| p.addressee.clone()),
        parent: None,
        period: Period {
            start: period.0,
            end: period.1,
        },
        status: PlanStatus::Active,
        superseded_by: None,
        ended_on: None,
        working_group_office: copy(|p| p.working_group_office.clone()),
        supervision_office: copy(|p| p.supervision_office.clone()),
        // The office keeps its rhythm from one plan to the next.
        reporting: previous.as_ref().and_then(|(p, _)| p.reporting.clone()),
        bulletin: previous.as_ref().and_then(|(p, _)| p.bulletin.clone()),
        assessment: previous.as_ref().and_then(|(p, _)| p.assessment.clone()),
        headings: previous
            .as_ref()
            .map(|(p, _)| p.headings.clone())
            .unwrap_or_default(),
    };
    let (registry, departments) = match previous {
        Some((_, (text, count))) => (text, count),
        None => (
            "# 部门名录 (department registry): every department the plan names, under its current name.\ndepartments: []\n".to_string(),
            0,
        ),
    };
    Ok(Start {
        plan,
        registry,
        departments,
    })
}

/// The previous plan, and its registry's text (copied as it is: comments,
/// renames and short names carry over) with its number of departments.
fn load_previous(dir: &Path) -> Result<(Plan, (String, usize))> {
    let store = Store::load_meta(dir)?;
    store.require_usable()?;
    let Some(plan) = store.plan.clone() else {
        bail!(tr!(
            "{}: 没有 {PLAN_FILE}，不是任务目录",
            "{}: no {PLAN_FILE}, so not a tasks directory",
            dir.display()
        ));
    };
    let path: PathBuf = dir.join(REGISTRY_FILE);
    let text = std::fs::read_to_string(&path)
        .with_context(|| tr!("{}: 无法读取", "{}: cannot read it", path.display()))?;
    Ok((plan, (text, store.registry.departments().len())))
}

/// The previous title with its years replaced (计划(2018-2022年) →
/// 计划(2023-2027年)); refused when the title names no period.
fn successor_title(previous: &Plan, (start, end): (i32, i32)) -> Result<String> {
    let (old_start, old_end) = (previous.period.start, previous.period.end);
    for dash in ["-", "–", "—"] {
        let old = format!("{old_start}{dash}{old_end}");
        if previous.title.contains(&old) {
            return Ok(previous.title.replace(&old, &format!("{start}{dash}{end}")));
        }
    }
    bail!(tr!(
        "上一计划的名称中没有其期限 {old_start}-{old_end}，无法推出新名称：请用 --title 给出",
        "the previous plan's title does not name its period {old_start}-{old_end}, so no new title follows from it: give one with --title"
    ))
}

/// The editor schema line for new task files in `dir`: the one its task
/// files (or a schema file beside them) give, else — in a directory with
/// no task file yet — the line for the schema file `init` and `import`
/// write there (`write_schema` says whether it must be written).
pub fn schema_line(dir: &Path) -> (Option<String>, bool) {
    if let Some(line) = store::schema_modeline(dir) {
        return (Some(line), false);
    }
    let mut ignored = Vec::new();
    let has_tasks =
        dir.is_dir() && store::task_paths(dir, &mut ignored).is_ok_and(|paths| !paths.is_empty());
    if has_tasks {
        return (None, false);
    }
    let line = format!("{}{SCHEMA_FILE}\n", MODELINE_PREFIX);
    (Some(line), true)
}

/// The hint for a directory that holds no plan: start one with `init`.
pub fn no_plan_hint(dir: &Path) -> Option<String> {
    (!dir.join(PLAN_FILE).exists()).then(|| {
        let shown = dir.display();
        tr!(
            "{shown} 中没有 {PLAN_FILE}：请先运行 cooptrack init {shown}（可加 --from 上一计划的任务目录，沿用部门名录）",
            "{shown} holds no {PLAN_FILE}: run cooptrack init {shown} first (with --from the previous tasks directory to keep its registry)"
        )
    })
}

/// The hint for `--dir` at a directory that holds `tasks/` rather than
/// being one: did you mean DIR/tasks?
pub fn tasks_below_hint(dir: &Path) -> Option<String> {
    let below = dir.join(TASKS_DIR);
    let is_tasks_dir = dir.join(REGISTRY_FILE).exists() || dir.join(PLAN_FILE).exists();
    (!is_tasks_dir && below.is_dir()).then(|| {
        tr!(
            "{} 不是任务目录（没有 {REGISTRY_FILE}），是否应为 {}？",
            "{} is not a tasks directory (no {REGISTRY_FILE}); did you mean {}?",
            dir.display(),
            below.display()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_are_two_years_in_order() {
        assert_eq!(parse_period("2023-2027"), Ok((2023, 2027)));
        assert_eq!(parse_period("2023–2027"), Ok((2023, 2027)));
        assert!(parse_period("2027-2023").is_err());
        assert!(parse_period("2023").is_err());
        assert!(parse_period("0-9999").is_err());
    }

    #[test]
    fn a_title_names_its_years() {
        assert_eq!(years_named("行动计划(2023-2027年)"), Some((2023, 2027)));
        assert_eq!(years_named("行动计划（2023—2027年）"), Some((2023, 2027)));
        assert_eq!(years_named("2024年至2026年工作要点"), Some((2024, 2026)));
        assert_eq!(years_named("2024年工作要点"), None);
        assert_eq!(years_named("编号12023-20270"), None);
        assert_eq!(years_named("2027-2023"), None);
    }
}
