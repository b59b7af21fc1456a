//! What `forms` and `collect` print.

use std::io::{self, Write};
use std::path::PathBuf;

use super::line;
use super::text::describe;
use crate::edit::Change;
use crate::forms::collect::{Collection, FormResult, RowOutcome};
use crate::forms::Form;
use crate::i18n::{list_separator, pick};
use crate::period::Period;
use crate::query::Role;
use crate::tr;

/// The forms written, one line each.
pub fn written(out: &mut dyn Write, period: &Period, forms: &[(PathBuf, &Form)]) -> io::Result<()> {
    let n = forms.len();
    line(
        out,
        &tr!(
            "已生成 {} 填报表 {n} 份：",
            "wrote {n} forms for {}:",
            period.display()
        ),
    )?;
    for (path, form) in forms {
        let lead = form.rows.iter().filter(|r| r.role == Role::Lead).count();
        let support = form.rows.len() - lead;
        line(
            out,
            &tr!(
                "  {}（牵头 {lead} 项，配合 {support} 项）",
                "  {} (leads {lead}, supports {support})",
                super::path_shown(path)
            ),
        )?;
    }
    Ok(())
}

/// Each form with each row, then the summary and the 未报送单位.
pub fn collection(out: &mut dyn Write, collection: &Collection, dry_run: bool) -> io::Result<()> {
    for form in &collection.forms {
        one_form(out, form, dry_run)?;
    }
    let forms = collection.forms.len();
    let entries: usize = collection
        .forms
        .iter()
        .filter(|f| !f.refused())
        .map(FormResult::entries)
        .sum();
    let refused_rows: usize = collection
        .forms
        .iter()
        .map(|f| {
            f.rows
                .iter()
                .filter(|r| matches!(r.outcome, RowOutcome::Refused { .. }))
                .count()
        })
        .sum();
    let refused_forms = collection.refused_forms();
    line(
        out,
        &tr!(
            "汇总：读取填报表 {forms} 份，新增进展 {entries} 条，拒收 {refused_rows} 行，退回填报表 {refused_forms} 份。",
            "Summary: {forms} forms read, {entries} entries added, {refused_rows} rows refused, {refused_forms} forms sent back."
        ),
    )?;
    for (period, owed) in &collection.owed {
        if owed.unreported.is_empty() && owed.partly_reported.is_empty() {
            line(
                out,
                &tr!(
                    "{}：各单位均已报送。",
                    "{}: every department has reported.",
                    period.display()
                ),
            )?;
            continue;
        }
        let lists = [
            (&owed.unreported, pick("未报送单位", "Not reported")),
            (
                &owed.partly_reported,
                pick("部分任务未报送进展", "Some tasks without progress"),
            ),
            (&owed.late, pick("逾期补报单位", "Replied late")),
        ];
        for (units, label) in lists.into_iter().filter(|(units, _)| !units.is_empty()) {
            line(
                out,
                &tr!(
                    "{label}（{}，{} 个）：",
                    "{label} ({}, {} departments):",
                    period.display(),
                    units.len()
                ),
            )?;
            for unit in units {
                line(
                    out,
                    &format!(
                        "  {}{}{}",
                        unit.department,
                        pick("：", ": "),
                        unit.tasks.join(list_separator())
                    ),
                )?;
            }
        }
    }
    if dry_run {
        line(
            out,
            pick(
                "（试运行：未修改任何文件）",
                "(dry run: no file was changed)",
            ),
        )?;
    }
    Ok(())
}

fn one_form(out: &mut dyn Write, form: &FormResult, dry_run: bool) -> io::Result<()> {
    let file = super::path_shown(&form.file);
    if let Some(error) = &form.error {
        line(
            out,
            &tr!("{file}：拒收：{error}", "{file}: refused: {error}"),
        )?;
        return line(
            out,
            pick("  本表未写入任何内容。", "  nothing of it was written."),
        );
    }
    let who = match (&form.department, &form.period) {
        (Some(d), Some(p)) => format!("{d}{}{}", pick("，", ", "), p.display()),
        _ => String::new(),
    };
    line(out, &format!("{file}{}{who}", pick("：", ": ")))?;
    let added = if dry_run {
        pick("将写入", "to add")
    } else {
        pick("已写入", "added")
    };
    let replaced = if dry_run {
        pick("将替换", "to replace")
    } else {
        pick("已替换", "replaced")
    };
    for row in &form.rows {
        let id = &row.id;
        match &row.outcome {
            RowOutcome::Added(entries) | RowOutcome::Replaced(entries) => {
                let verb = match row.outcome {
                    RowOutcome::Added(_) => added,
                    _ => replaced,
                };
                for entry in entries {
                    let what = describe(&Change::Progress(entry.clone()));
                    line(out, &format!("  {id}  {verb}  {what}"))?;
                }
            }
            RowOutcome::Unchanged => line(
                out,
                &tr!(
                    "  {id}  未变（已收集过）",
                    "  {id}  unchanged (collected before)"
                ),
            )?,
            RowOutcome::Empty => line(
                out,
                &tr!(
                    "  {id}  未填写（本期无进展）",
                    "  {id}  empty (no progress this period)"
                ),
            )?,
            RowOutcome::Refused { cell, reason } => line(
                out,
                &tr!(
                    "  {id}  拒收  {cell}：{reason}",
                    "  {id}  refused  {cell}: {reason}"
                ),
            )?,
        }
    }
    if let Some(change) = &form.contact {
        let was = match change.from.as_ref().map(|c| c.text()) {
            Some(from) if !from.is_empty() => tr!("（原为 {from}）", " (was {from})"),
            _ => pick("（原未登记）", " (none before)").to_string(),
        };
        let (dept, to) = (&change.department, change.to.text());
        line(
            out,
            &if dry_run {
                tr!(
                    "  联络员将更新（departments.yaml）：{dept} {to}{was}",
                    "  liaison to update (departments.yaml): {dept} {to}{was}"
                )
            } else {
                tr!(
                    "  联络员已更新（departments.yaml）：{dept} {to}{was}",
                    "  liaison updated (departments.yaml): {dept} {to}{was}"
                )
            },
        )?;
    }
    if form.refused() {
        line(
            out,
            pick(
                "  有拒收的行：本表未写入任何内容，请退回单位修改后重新报送。",
                "  rows were refused: nothing of this form was written; send it back to be corrected.",
            ),
        )?;
    }
    Ok(())
}

/// `cooptrack：2020Q2 区水务局填报表（3 条进展）`.
pub fn commit_message(form: &FormResult) -> String {
    let department = form.department.as_deref().unwrap_or_default();
    let period = form
        .period
        .as_ref()
        .map(|p| p.id.as_str())
        .unwrap_or_default();
    tr!(
        "cooptrack：{period} {department}填报表（{} 条进展）",
        "cooptrack: {period} form of {department} ({} entries)",
        form.entries()
    )
}
