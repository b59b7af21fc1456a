//! The plan file of an import: new from the notice, or the existing one
//! with the notice's fields brought in, key by key.

use std::path::Path;

use anyhow::{anyhow, bail, Result};
use chrono::NaiveDate;

use super::changes::{none, option, Changes, FileChange, FileKind};
use super::current::{Current, Existing};
use super::Notice;
use crate::edit::{self, Layout, Prepared, Refused};
use crate::i18n::{clause_separator, list_separator, pick};
use crate::layout::PLAN_FILE;
use crate::model::{Heading, ParentDocument, Period, Plan, PlanStatus};
use crate::tr;

/// The plan file's change, the plan the tasks are checked against, and
/// the plan period's last day: a new task's deadline.
pub fn change(
    dir: &Path,
    source: &Path,
    notice: &Notice,
    current: &Current,
    changes: &mut Changes,
) -> Result<(FileChange, Plan, NaiveDate)> {
    let path = dir.join(PLAN_FILE);
    let existing = current.plan.as_ref();
    if let (Some(existing), Some(title)) = (existing, notice.title.as_deref()) {
        if normalize(&existing.value.title) != normalize(title) {
            bail!(tr!(
                "{}: 该目录的计划文件记录的是另一份通知（“{}”），而 {} 是“{title}”；请导入到新目录（--dir）。如确为同一通知的修订版，请先把 plan.yaml 的 title 改为新标题",
                "{}: this directory's plan file is for another notice (“{}”), while {} is “{title}”; import into a new directory (--dir). If it really is a revision of the same notice, first change the title in plan.yaml to the new one",
                path.display(),
                existing.value.title,
                source.display()
            ));
        }
    }
    let period = notice
        .period
        .clone()
        .or_else(|| existing.map(|e| e.value.period.clone()))
        .ok_or_else(|| {
            anyhow!(tr!(
                "{}: 标题中找不到规划期（如“(2018-2022年)”），无法确定完成时限；未写入任何文件",
                "{}: no plan period (such as “(2018-2022年)”) in the title, so there is no deadline to give the tasks; nothing was written",
                source.display()
            ))
        })?;
    let (change, plan) = match existing {
        None => new_plan(&path, source, notice, period, changes)?,
        Some(existing) => updated_plan(existing, notice, period, changes)?,
    };
    // The period the plan file ends up with (a key left alone keeps its own).
    let end = plan.period.end;
    let due = NaiveDate::from_ymd_opt(end, 12, 31).ok_or_else(|| {
        anyhow!(tr!(
            "规划期末年份 {end} 无效",
            "the plan period's end year {end} is not valid"
        ))
    })?;
    Ok((change, plan, due))
}

fn headings(notice: &Notice) -> Vec<Heading> {
    notice
        .headings
        .iter()
        .map(|h| Heading {
            number: h.number,
            label: h.label.clone(),
            title: h.title.clone(),
        })
        .collect()
}

/// A new plan file from the notice. Fields it does not give are left
/// empty, and said so.
fn new_plan(
    path: &Path,
    source: &Path,
    notice: &Notice,
    period: Period,
    changes: &mut Changes,
) -> Result<(FileChange, Plan)> {
    let mut missing = |found: bool, what: &str| {
        if !found {
            changes.missing.push(what.to_string());
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
    // A plan file without its date would not load: ask for it instead.
    let Some(date) = notice.date else {
        bail!(tr!(
            "{}: 通知中找不到成文日期；请用 --date YYYY-MM-DD 给出计划的成文日期，未写入任何文件",
            "{}: the notice gives no date; give the plan's date with --date YYYY-MM-DD; nothing was written",
            source.display()
        ));
    };
    let plan = Plan {
        title: notice.title.clone().unwrap_or_default(),
        issuer: notice.issuer.clone().unwrap_or_default(),
        date,
        addressee: notice.addressee.clone(),
        parent: notice.parent.clone(),
        period,
        status: PlanStatus::Active,
        superseded_by: None,
        ended_on: None,
        working_group_office: notice.working_group_office.clone().unwrap_or_default(),
        supervision_office: notice.supervision_office.clone().unwrap_or_default(),
        reporting: None,
        bulletin: None,
        assessment: None,
        headings: headings(notice),
    };
    let what = plan.title.clone();
    let file = edit::new_file(path, &plan, None)?;
    let change = FileChange {
        kind: FileKind::Plan,
        file,
        what,
        details: Vec::new(),
        remark: None,
    };
    Ok((change, plan))
}

/// The existing plan with the notice's fields where it has them; each
/// changed key is edited in place, and one that cannot be (a comment in
/// its block) is left for a person, with a note.
fn updated_plan(
    existing: &Existing<Plan>,
    notice: &Notice,
    period: Period,
    changes: &mut Changes,
) -> Result<(FileChange, Plan)> {
    let mut fields = Fields::new(&existing.value);
    fields.take(notice, period);
    let Fields {
        intended,
        details,
        changed,
        ..
    } = fields;
    let intended_value = serde_yaml::to_value(&intended)?;
    let (mut text, mut accepted) = (existing.text.clone(), existing.value.clone());
    for key in changed {
        let mut value = serde_yaml::to_value(&accepted)?;
        value[key] = intended_value[key].clone();
        let candidate: Plan = serde_yaml::from_value(value)?;
        match edit::edit_meta(
            &existing.path,
            &text,
            &accepted,
            &candidate,
            Layout::InPlace,
        ) {
            Ok(file) => {
                text = file.new;
                accepted = candidate;
            }
            Err(Refused::NotInPlace { path, why, .. }) => changes.notes.push(tr!(
                "{}：{why}，未自动更新 {key}；请手工修改",
                "{}: {why}, so {key} was not updated; edit it by hand",
                path.display()
            )),
            Err(refused) => return Err(refused.into()),
        }
    }
    let change = FileChange {
        kind: FileKind::Plan,
        file: Prepared {
            path: existing.path.clone(),
            old: Some(existing.text.clone()),
            new: text,
            reformatted: false,
        },
        what: accepted.title.clone(),
        details,
        remark: None,
    };
    Ok((change, accepted))
}

/// The plan with the notice's fields, and what changed, key by key.
struct Fields<'a> {
    existing: &'a Plan,
    intended: Plan,
    details: Vec<String>,
    changed: Vec<&'static str>,
}

impl<'a> Fields<'a> {
    fn new(existing: &'a Plan) -> Self {
        Fields {
            existing,
            intended: existing.clone(),
            details: Vec::new(),
            changed: Vec::new(),
        }
    }

    fn note(&mut self, key: &'static str, old: String, new: String) {
        if old != new {
            self.details
                .push(tr!("{key}：{old} → {new}", "{key}: {old} → {new}"));
            self.changed.push(key);
        }
    }

    fn take(&mut self, notice: &Notice, period: Period) {
        let old = self.existing;
        if let Some(issuer) = &notice.issuer {
            self.note("issuer", old.issuer.clone(), issuer.clone());
            self.intended.issuer = issuer.clone();
        }
        if let Some(date) = notice.date {
            self.note("date", ymd(old.date), ymd(date));
            self.intended.date = date;
        }
        if let Some(addressee) = &notice.addressee {
            self.note(
                "addressee",
                option(old.addressee.as_deref()),
                addressee.clone(),
            );
            self.intended.addressee = Some(addressee.clone());
        }
        if let Some(parent) = &notice.parent {
            self.note(
                "parent",
                show_parent(old.parent.as_ref()),
                show_parent(Some(parent)),
            );
            self.intended.parent = Some(parent.clone());
        }
        if notice.period.is_some() {
            let show = |p: &Period| format!("{}–{}", p.start, p.end);
            self.note("period", show(&old.period), show(&period));
            self.intended.period = period;
        }
        if let Some(office) = &notice.working_group_office {
            self.note(
                "working_group_office",
                old.working_group_office.clone(),
                office.clone(),
            );
            self.intended.working_group_office = office.clone();
        }
        if let Some(office) = &notice.supervision_office {
            self.note(
                "supervision_office",
                old.supervision_office.clone(),
                office.clone(),
            );
            self.intended.supervision_office = office.clone();
        }
        self.headings(notice);
    }

    /// The notice's headings replace those with the same number; headings
    /// the notice does not have (added by hand) stay.
    fn headings(&mut self, notice: &Notice) {
        let mut merged = self.existing.headings.clone();
        for heading in headings(notice) {
            match merged.iter_mut().find(|h| h.number == heading.number) {
                Some(h) => {
                    h.label = heading.label;
                    h.title = heading.title;
                }
                None => merged.push(heading),
            }
        }
        merged.sort_by_key(|h| h.number);
        let show = |hs: &[Heading]| {
            hs.iter()
                .map(|h| format!("{}{}", h.label.as_deref().unwrap_or(""), h.title))
                .collect::<Vec<_>>()
                .join(clause_separator())
        };
        self.note("headings", show(&self.existing.headings), show(&merged));
        self.intended.headings = merged;
    }
}

fn ymd(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

fn show_parent(parent: Option<&ParentDocument>) -> String {
    parent.map_or(none().to_string(), |p| {
        tr!(
            "{}（{}；{}）",
            "{} ({}; {})",
            p.title,
            p.number,
            p.issuers.join(list_separator())
        )
    })
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
