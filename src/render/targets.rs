//! What `targets` prints.

use std::io::{self, Write};
use std::path::Path;

use super::line;
use crate::forms::targets::{target_text, TargetOutcome, TargetsResult, TargetsSheet};
use crate::i18n::pick;
use crate::tr;

/// The workbook written.
pub fn written(out: &mut dyn Write, sheet: &TargetsSheet, path: &Path) -> io::Result<()> {
    let (year, n) = (sheet.year, sheet.rows.len());
    let set = sheet.rows.iter().filter(|r| r.current.is_some()).count();
    line(
        out,
        &tr!(
            "已生成 {year} 年度工作计划：{}（任务 {n} 项，已有目标 {set} 项）",
            "wrote the annual plan for {year}: {} ({n} tasks, {set} with a target already)",
            super::path_shown(path)
        ),
    )
}

/// Each row's outcome, then a summary.
pub fn collected(out: &mut dyn Write, result: &TargetsResult, dry_run: bool) -> io::Result<()> {
    let file = super::path_shown(&result.file);
    if let Some(error) = &result.error {
        line(
            out,
            &tr!("{file}：拒收：{error}", "{file}: refused: {error}"),
        )?;
        return line(
            out,
            pick("  本表未写入任何内容。", "  nothing of it was written."),
        );
    }
    let year = result.year.unwrap_or_default();
    line(
        out,
        &tr!(
            "{file}：{year} 年度工作计划",
            "{file}: annual plan for {year}"
        ),
    )?;
    for row in &result.rows {
        let what = match &row.outcome {
            TargetOutcome::Set(Some(target)) => {
                let verb = if dry_run {
                    pick("将设定", "would set")
                } else {
                    pick("设定", "set")
                };
                format!("{verb}  {}", target_text(target))
            }
            TargetOutcome::Set(None) => {
                let verb = if dry_run {
                    pick("将取消", "would drop")
                } else {
                    pick("取消", "dropped")
                };
                tr!("{verb}  {year} 年度目标", "{verb}  the target for {year}")
            }
            TargetOutcome::Unchanged => pick("未改动", "unchanged").to_string(),
            TargetOutcome::Refused { cell, reason } => {
                tr!("拒收  {cell}：{reason}", "refused  {cell}: {reason}")
            }
        };
        line(out, &format!("  {}  {what}", row.id))?;
    }
    let set = result.set();
    if result.refused() {
        line(
            out,
            pick(
                "  有拒收的行：本表未写入任何内容，请修改后重新读回。",
                "  some rows were refused: nothing of the workbook was written; correct it and read it again.",
            ),
        )
    } else if dry_run {
        line(
            out,
            &tr!(
                "汇总：将设定 {set} 项任务的年度目标（试运行，未写入）。",
                "summary: {set} tasks' targets would be set (dry run: nothing written)."
            ),
        )
    } else {
        line(
            out,
            &tr!(
                "汇总：设定 {set} 项任务的年度目标。",
                "summary: {set} tasks' targets set."
            ),
        )
    }
}

/// `cooptrack：2021 年度工作计划（3 项任务）`.
pub fn commit_message(result: &TargetsResult) -> String {
    let (year, n) = (result.year.unwrap_or_default(), result.written.len());
    tr!(
        "cooptrack：{year} 年度工作计划（{n} 项任务）",
        "cooptrack: annual plan for {year} ({n} tasks)"
    )
}
