//! Departments' fill-in forms (填报表): one workbook per department out
//! (`forms`), progress entries back in (`collect`).
//!
//! The layout below is the contract between the two: `write` lays the
//! form out from it, `collect` reads the same cells back. Each workbook
//! carries its identity in a hidden sheet (office suites keep hidden sheets
//! when they save): the plan, the department, the period, and each task's
//! id with a fingerprint of the cells the department may not change.

pub mod collect;
pub mod number_format;
pub mod round_trip;
pub mod targets;
pub mod values;
pub mod workbook;
pub mod write;

use anyhow::{bail, Result};
use chrono::NaiveDate;

use crate::ledger::{AsOf, Dues};
use crate::model::{Milestone, Plan, ProgressEntry, Status, Task};
use crate::period::Period;
use crate::query::{known_department, Role};
use crate::report::{latest_entry, speaks_for_lead, Offices};
use crate::store::Store;
use crate::tr;

/// The sheet the department fills in.
pub const FORM_SHEET: &str = "填报表";
/// The hidden sheet with the form's identity.
pub const IDENTITY_SHEET: &str = "_cooptrack";
/// What the identity sheet's first cell says.
pub const FORM_MARK: &str = "cooptrack-form";
/// The layout version forms are written with.
pub const FORM_VERSION: &str = "2";
/// The layout versions `collect` reads: version 2 only added the two
/// milestone columns after the last one of version 1, so a form issued
/// before the upgrade is still collected (it simply has no milestone).
pub const READ_VERSIONS: [&str; 2] = ["1", "2"];
/// The header row; the first task is on the row after it.
pub const HEADER_ROW: u32 = 5;
/// Largest form `collect` opens: a form is some tens of KB.
pub const MAX_FORM_BYTES: u64 = 10 * 1024 * 1024;

/// The form's columns, in order (A = 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Id = 1,
    Title,
    Role,
    Due,
    CurrentStatus,
    LastProgress,
    Progress,
    Problems,
    NextSteps,
    Status,
    Evidence,
    Date,
    Reporter,
    Phone,
    /// 本期节点 (locked): the milestone of the 年度工作计划 due in the period.
    Milestone,
    /// 节点完成情况: 已完成 or 未完成.
    MilestoneMet,
}

impl Column {
    pub const ALL: [Column; 16] = [
        Column::Id,
        Column::Title,
        Column::Role,
        Column::Due,
        Column::CurrentStatus,
        Column::LastProgress,
        Column::Progress,
        Column::Problems,
        Column::NextSteps,
        Column::Status,
        Column::Evidence,
        Column::Date,
        Column::Reporter,
        Column::Phone,
        Column::Milestone,
        Column::MilestoneMet,
    ];

    /// The cells the office fills in, in the order of
    /// `FormRow::locked_texts` (本期节点 only where a milestone is due).
    pub const LOCKED: [Column; 7] = [
        Column::Id,
        Column::Title,
        Column::Role,
        Column::Due,
        Column::CurrentStatus,
        Column::LastProgress,
        Column::Milestone,
    ];

    /// The header, in Chinese: the form is the office's own document.
    pub fn header(self) -> &'static str {
        match self {
            Column::Id => "编号",
            Column::Title => "任务",
            Column::Role => "角色",
            Column::Due => "完成时限",
            Column::CurrentStatus => "当前状态",
            Column::LastProgress => "上次进展",
            Column::Progress => "本期进展",
            Column::Problems => "存在问题",
            Column::NextSteps => "下步打算",
            Column::Status => "状态",
            Column::Evidence => "完成依据或取消理由",
            Column::Date => "填报日期",
            Column::Reporter => "填报人",
            Column::Phone => "联系电话",
            Column::Milestone => "本期节点",
            Column::MilestoneMet => "节点完成情况",
        }
    }

    /// Column width in Excel's character units.
    pub fn width(self) -> f64 {
        match self {
            Column::Id | Column::Role => 6.0,
            Column::Title => 26.0,
            Column::Due | Column::Date => 11.5,
            Column::CurrentStatus | Column::Status | Column::Reporter => 9.0,
            Column::LastProgress => 24.0,
            Column::Progress => 28.0,
            Column::Problems | Column::NextSteps | Column::Evidence => 18.0,
            Column::Phone => 13.0,
            Column::Milestone => 18.0,
            Column::MilestoneMet => 9.0,
        }
    }

    /// Cells the department fills in; the others are locked.
    pub fn is_fill_in(self) -> bool {
        !Column::LOCKED.contains(&self)
    }

    pub fn number(self) -> u32 {
        self as u32
    }

    /// The column's letter: A, B, …
    pub fn letter(self) -> String {
        workbook::column_name(self.number())
    }
}

/// What a supporting unit's locked 状态 cell says after the status: the
/// lead (or an office) reports it; `collect` reads the status before it.
pub const LEAD_REPORTS_STATUS: &str = "（由牵头单位填报）";

/// The answers of 节点完成情况: met, not met.
pub const MILESTONE_MET: &str = "已完成";
pub const MILESTONE_NOT_MET: &str = "未完成";

/// One task's row, as the form prints it.
#[derive(Debug, Clone, PartialEq)]
pub struct FormRow {
    pub id: String,
    pub title: String,
    pub role: Role,
    pub due: NaiveDate,
    pub status: Status,
    /// "2020-03-15 区水务局：…", or empty.
    pub last_progress: String,
    /// The milestone the form asks about (`AsOf::milestone_asked_in`).
    pub milestone: Option<Milestone>,
}

impl FormRow {
    /// The locked cells' texts, as the form shows them; 本期节点 only where
    /// a milestone is due, so that a form without one (a version 1 form
    /// included) keeps the fingerprint it always had.
    pub fn locked_texts(&self) -> Vec<String> {
        let mut texts = vec![
            self.id.clone(),
            self.title.clone(),
            self.role.label().to_string(),
            self.due.format("%Y-%m-%d").to_string(),
            self.status.label().to_string(),
            self.last_progress.clone(),
        ];
        texts.extend(self.milestone.as_ref().map(milestone_text));
        texts
    }

    /// A fingerprint of the locked cells, to tell an edited row from the
    /// row as issued.
    pub fn fingerprint(&self) -> String {
        fingerprint(&self.locked_texts())
    }
}

pub use crate::fingerprint::of as fingerprint;

/// 本期节点 as the form prints it: "2021-06-30 完成可研编制".
pub fn milestone_text(milestone: &Milestone) -> String {
    format!("{} {}", milestone.by.format("%Y-%m-%d"), milestone.goal)
}

/// The milestone's date, from 本期节点 as printed.
pub fn milestone_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok()
}

/// One department's form for one period.
#[derive(Debug, Clone)]
pub struct Form {
    pub plan_title: String,
    pub plan_date: NaiveDate,
    pub working_group_office: String,
    pub department: String,
    pub period: Period,
    pub due_by: Option<NaiveDate>,
    pub rows: Vec<FormRow>,
}

/// Most bytes of a form's file name before its short hash and `.xlsx`
/// (file systems take 255; archives and mail clients less).
pub const MAX_NAME_BYTES: usize = 100;

impl Form {
    /// `2020Q2-区水务局.xlsx`, safe on Windows and Linux: a character no
    /// file system takes in a name (`/ \ : * ? " < > |`, controls)
    /// becomes `_`; trailing dots and spaces go; the name is cut to
    /// [`MAX_NAME_BYTES`]; and a name that had to be changed gets a short
    /// hash of the unit's name (`2020Q2-区A_B-1a2b3c4d.xlsx`), so that two
    /// units never share a file. (With the period in front, no name is a
    /// reserved one such as CON or NUL; a unit named so is kept whole.)
    pub fn file_name(&self) -> String {
        let department: String = self
            .department
            .chars()
            .map(|c| match c {
                '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
                c if c.is_control() || crate::safe_text::is_control(c) => '_',
                c => c,
            })
            .collect();
        let mut name = format!("{}-{department}", self.period.id);
        name.truncate(name.trim_end_matches(['.', ' ']).len());
        if name.len() > MAX_NAME_BYTES {
            let mut end = MAX_NAME_BYTES;
            while !name.is_char_boundary(end) {
                end -= 1;
            }
            name.truncate(end);
            name.truncate(name.trim_end_matches(['.', ' ']).len());
        }
        if name != format!("{}-{}", self.period.id, self.department) {
            let hash = fingerprint(std::slice::from_ref(&self.department));
            name = format!("{name}-{}", &hash[..8]);
        }
        format!("{name}.xlsx")
    }
}

/// Every form's file name, checked before any file is written: two
/// units whose names would give one file (also as Windows and macOS
/// compare names, ignoring case) are refused, both named.
pub fn file_names(forms: &[Form]) -> Result<Vec<String>> {
    let names: Vec<String> = forms.iter().map(Form::file_name).collect();
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, name) in names.iter().enumerate() {
        if let Some(first) = seen.insert(name.to_lowercase(), i) {
            bail!(tr!(
                "{} 和 {} 的填报表会是同一个文件 {name}：请在 departments.yaml 中区分这两个名称；未写入任何填报表",
                "the forms of {} and {} would be one file, {name}: tell the two names apart in departments.yaml; no form was written",
                forms[first].department,
                forms[i].department
            ));
        }
    }
    Ok(names)
}

/// The forms for `period` as of `as_of`: one per unit that owes a report
/// for it (`ledger::Dues`: a task of its open during the period), or only
/// those named, tasks in id order, each row as the task stood on `as_of`.
pub fn plan_forms(
    store: &Store,
    period: &Period,
    departments: &[String],
    due_by: Option<NaiveDate>,
    as_of: NaiveDate,
) -> Result<Vec<Form>> {
    let Some(plan) = &store.plan else {
        bail!(tr!(
            "{}: 缺少 plan.yaml，无法生成填报表",
            "{}: no plan.yaml, so no forms can be made",
            store.dir.display()
        ));
    };
    if !period.is_reporting() {
        bail!(tr!(
            "填报表按月或季度下发（plan.yaml 的报送节奏）：{} 是更长的报告期，请给出如 2020Q2 或 2020-06 的报送期",
            "forms are issued for a month or a quarter (plan.yaml's rhythm): {} is a longer period; give one such as 2020Q2 or 2020-06",
            period.id
        ));
    }
    let registry = &store.registry;
    let view = AsOf::new(as_of, Some(plan));
    let dues = Dues::new(view, period, registry);
    let wanted: Vec<String> = departments
        .iter()
        .map(|d| known_department(registry, d).map(|name| dues.unit(&name)))
        .collect::<Result<_>>()?;
    let owing = owing_units(store, &dues);
    if let Some(idle) = wanted
        .iter()
        .find(|w| !owing.iter().any(|(unit, _)| unit == *w))
    {
        bail!(tr!(
            "{idle} 在 {} 没有牵头或配合的未完成任务，无需填报",
            "{idle} leads or supports no task open in {}: it has nothing to report",
            period.id
        ));
    }
    let mut forms = Vec::new();
    for (unit, tasks) in owing {
        if !wanted.is_empty() && !wanted.contains(&unit) {
            continue;
        }
        let rows = tasks
            .iter()
            .filter_map(|(id, role)| {
                let file = store.tasks.iter().find(|f| f.task.id == *id)?;
                let task = view.task(file.task.clone())?;
                Some(form_row(&task, &unit, *role, &dues, plan))
            })
            .collect();
        forms.push(form(plan, &unit, period, due_by, rows));
    }
    Ok(forms)
}

/// Each unit owing a report for the period, with its open tasks and its
/// role on each, in registry order: who gets a form, and what it lists.
pub fn owing_units(store: &Store, dues: &Dues) -> Vec<(String, Vec<(String, Role)>)> {
    Dues::owing_units(store.tasks.iter().map(|f| dues.of_task(&f.task)))
}

fn form(
    plan: &Plan,
    department: &str,
    period: &Period,
    due_by: Option<NaiveDate>,
    rows: Vec<FormRow>,
) -> Form {
    Form {
        plan_title: plan.title.clone(),
        plan_date: plan.date,
        working_group_office: plan.working_group_office.clone(),
        department: department.to_string(),
        period: period.clone(),
        due_by,
        rows,
    }
}

/// The unit's row for `task` (as it stood on the form's day), with the
/// role the ledger gives it. 上次进展 follows the 台账's rule: on a lead's
/// form, the latest entry by a lead or an office; on a supporting unit's,
/// its own latest.
pub fn form_row(task: &Task, unit: &str, role: Role, dues: &Dues, plan: &Plan) -> FormRow {
    let offices = Offices::of(Some(plan));
    let speaks = |entry: &ProgressEntry| {
        entry.note.is_some()
            && match role {
                Role::Lead => speaks_for_lead(task, entry, dues.registry, &offices),
                _ => dues.unit(&entry.by) == unit,
            }
    };
    let last_progress = latest_entry(&task.progress, dues.as_of.date, speaks)
        .map(|e| {
            format!(
                "{} {}：{}",
                e.date.format("%Y-%m-%d"),
                e.by,
                e.note.as_deref().unwrap_or_default()
            )
        })
        .unwrap_or_default();
    // A text over what a cell holds (already in a task file) is cut, with
    // a marker naming the task: the form shows, and is fingerprinted by,
    // the text as cut.
    let fit = |text: &str| crate::safe_text::fit_cell(text, Some(&task.id)).into_owned();
    FormRow {
        id: task.id.clone(),
        title: fit(&task.title),
        role,
        due: task.due,
        status: task.status,
        last_progress: fit(&last_progress),
        milestone: dues
            .as_of
            .milestone_asked_in(task, dues.period)
            .map(|m| Milestone {
                goal: fit(&m.goal),
                ..m
            }),
    }
}

/// What `source:` says of an entry collected from a form: the form's
/// identity first (how `collect` recognises its own entries), then who
/// filled it in.
pub fn source_key(period: &Period, department: &str) -> String {
    format!("{FORM_SOURCE}{}-{}", period.id, department)
}

/// How every `source_key` begins.
pub const FORM_SOURCE: &str = "填报表 ";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe_on_every_file_system() {
        let form = Form {
            plan_title: String::new(),
            plan_date: NaiveDate::MIN,
            working_group_office: String::new(),
            department: "区A/B:办\u{7}".to_string(),
            period: Period::parse("2020Q2").unwrap(),
            due_by: None,
            rows: Vec::new(),
        };
        let hash = |name: &str| fingerprint(&[name.to_string()])[..8].to_string();
        assert_eq!(
            form.file_name(),
            format!("2020Q2-区A_B_办_-{}.xlsx", hash("区A/B:办\u{7}"))
        );
        let named = |department: &str| {
            Form {
                department: department.to_string(),
                ..form.clone()
            }
            .file_name()
        };
        assert_eq!(named("区水务局"), "2020Q2-区水务局.xlsx");
        assert_eq!(named("CON"), "2020Q2-CON.xlsx");
        assert_eq!(named("局. "), format!("2020Q2-局-{}.xlsx", hash("局. ")));
        // Names differing only in / : \\ get files of their own.
        assert_ne!(named("区A/B"), named("区A:B"));
        assert_ne!(named("区A/B"), named("区A\\B"));
        let long = named(&"很长的单位名称".repeat(20));
        assert!(
            long.len() <= MAX_NAME_BYTES + "-12345678.xlsx".len(),
            "{long}"
        );
        assert!(long.ends_with(&format!("-{}.xlsx", hash(&"很长的单位名称".repeat(20)))));
    }

    #[test]
    fn forms_sharing_a_file_name_are_refused_before_any_is_written() {
        let form = |department: &str| Form {
            plan_title: String::new(),
            plan_date: NaiveDate::MIN,
            working_group_office: String::new(),
            department: department.to_string(),
            period: Period::parse("2020Q2").unwrap(),
            due_by: None,
            rows: Vec::new(),
        };
        let names = file_names(&[form("区A/B"), form("区A:B"), form("区A_B")]).unwrap();
        assert_eq!(names.len(), 3);
        assert!(names
            .iter()
            .all(|n| names.iter().filter(|m| *m == n).count() == 1));
        let clash = file_names(&[form("Office"), form("区水务局"), form("office")]).unwrap_err();
        assert_eq!(
            clash.to_string(),
            crate::tr!(
                "Office 和 office 的填报表会是同一个文件 2020Q2-office.xlsx：请在 departments.yaml 中区分这两个名称；未写入任何填报表",
                "the forms of Office and office would be one file, 2020Q2-office.xlsx: tell the two names apart in departments.yaml; no form was written"
            )
        );
    }

    #[test]
    fn fingerprints_ignore_line_ending_and_outer_space_changes_only() {
        let a = fingerprint(&["1.1".into(), "任务\r\n说明 ".into()]);
        assert_eq!(a, fingerprint(&["1.1".into(), "任务\n说明".into()]));
        assert_ne!(a, fingerprint(&["1.1".into(), "任务说明".into()]));
        assert_ne!(a, fingerprint(&["1.1任务".into(), "说明".into()]));
    }
}
