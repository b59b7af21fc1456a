use std::io::Write;

use anyhow::{bail, Result};

use crate::cli::FmtArgs;
use crate::context::Context;
use crate::i18n::count;
use crate::model::Task;
use crate::render::text::FmtReport;
use crate::store::{self, parse_yaml, read_text};
use crate::write::{write_atomic, DirLock};
use crate::{canonical, render, tr, Outcome};

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
                report.kept.push(tr!(
                    "{}: 第 {} 行的注释在规范格式中无处安放，为保留注释未整理该文件",
                    "{}: the comments on {} have no place in the canonical layout, so the file was left as it is to keep them",
                    path.display(),
                    render::text::line_list(&lines)
                ));
                continue;
            }
        };
        if canonical == text {
            continue;
        }
        // The layout may change, the content never.
        if parse_yaml::<Task>(&path, &canonical).ok().as_ref() != Some(&task) {
            bail!(tr!(
                "{}: 规范化结果与原内容不一致（内部错误），未作修改",
                "{}: the canonical layout says something else than the file (an internal error); nothing was changed",
                path.display()
            ));
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
        let n = report.problems.len();
        let files = count(n, "file", "files");
        bail!(tr!("{n} 个文件无法整理", "{files} could not be formatted"));
    }
    Ok(if args.check && !report.changed.is_empty() {
        Outcome::ValidationFailed
    } else {
        Outcome::Success
    })
}
