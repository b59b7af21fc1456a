use std::io::Write;

use anyhow::{bail, Result};

use crate::cli::FmtArgs;
use crate::context::Context;
use crate::model::Task;
use crate::render::text::FmtReport;
use crate::store::{self, parse_yaml, read_text};
use crate::write::{write_atomic, DirLock};
use crate::{canonical, render, Outcome};

pub fn run(ctx: &Context, args: &FmtArgs, out: &mut dyn Write) -> Result<Outcome> {
    let _lock = if args.check {
        None
    } else {
        Some(DirLock::acquire(&ctx.dir)?)
    };
    let mut listing_problems = Vec::new();
    let paths = if args.ids.is_empty() {
        store::task_paths(&ctx.dir, &mut listing_problems)?
    } else {
        args.ids
            .iter()
            .map(|id| store::task_path(&ctx.dir, id.trim()))
            .collect::<Result<_>>()?
    };
    let mut report = FmtReport {
        checked: paths.len(),
        problems: listing_problems.iter().map(ToString::to_string).collect(),
        ..FmtReport::default()
    };
    for path in paths {
        let text = match read_text(&path) {
            Ok(text) => text,
            Err(d) => {
                report.problems.push(d.to_string());
                continue;
            }
        };
        let task = match parse_yaml::<Task>(&path, text.trim_start_matches('\u{feff}')) {
            Ok(task) => task,
            Err(d) => {
                report.problems.push(d.to_string());
                continue;
            }
        };
        let canonical = match canonical::render_task(&task, Some(&text)) {
            Ok(canonical) => canonical,
            Err(lines) => {
                // A hand-written comment outweighs the layout: keep the file.
                let lines: Vec<String> = lines.iter().map(ToString::to_string).collect();
                report.kept.push(format!(
                    "{}: 第 {} 行的注释在规范格式中无处安放，为保留注释未整理该文件",
                    path.display(),
                    lines.join("、")
                ));
                continue;
            }
        };
        if canonical == text {
            continue;
        }
        // The layout may change, the content never.
        if parse_yaml::<Task>(&path, &canonical).ok().as_ref() != Some(&task) {
            bail!(
                "{}: 规范化结果与原内容不一致（内部错误），未作修改",
                path.display()
            );
        }
        if !args.check {
            write_atomic(&path, canonical.as_bytes(), false)?;
        }
        report.changed.push(path);
    }
    render::text::fmt_report(out, &report, args.check)?;
    if !report.problems.is_empty() {
        for problem in &report.problems {
            eprintln!("{problem}");
        }
        bail!("{} 个文件无法整理", report.problems.len());
    }
    Ok(if args.check && !report.changed.is_empty() {
        Outcome::ValidationFailed
    } else {
        Outcome::Success
    })
}
