use std::io::Write;
use std::path::PathBuf;

use anyhow::{bail, Result};

use super::Outcome;
use crate::cli::FmtArgs;
use crate::context::Context;
use crate::edit::{self, Layout, Refused, Session, TaskCheck};
use crate::i18n::{count, line_list};
use crate::ids::TaskId;
use crate::model::Task;
use crate::render::text::FmtReport;
use crate::store::{self, Store};
use crate::{render, tr};

pub fn run(ctx: &Context, args: &FmtArgs, out: &mut dyn Write) -> Result<Outcome> {
    let session = if args.check {
        None
    } else {
        Some(Session::begin(&ctx.dir, &ctx.journal)?)
    };
    let mut listing_problems = Vec::new();
    let paths = if args.ids.is_empty() {
        store::task_paths(&ctx.dir, &mut listing_problems)?
    } else {
        args.ids
            .iter()
            .map(|id| store::task_path(&ctx.dir, id.parse::<TaskId>().map_err(anyhow::Error::msg)?))
            .collect::<Result<_>>()?
    };
    // Each file is checked against the registry and plan, as every write is.
    let meta = Store::load_meta(&ctx.dir)?;
    let check = TaskCheck::strict(meta.rules());
    let mut report = FmtReport {
        checked: paths.len(),
        problems: listing_problems.iter().map(ToString::to_string).collect(),
        ..FmtReport::default()
    };
    for path in paths {
        let (text, task) = match crate::read::read_parsed::<Task>(&path) {
            Ok(read) => read,
            Err(d) => {
                report.problems.push(d.to_string());
                continue;
            }
        };
        // The layout may change, the content never.
        match edit::edit_task(&path, &text, &task, &task, Layout::Canonical, &check) {
            Ok(file) if !file.changed() => {}
            Ok(file) => {
                if let Some(session) = &session {
                    session.write(&file)?;
                }
                report.changed.push(path);
            }
            // A hand-written comment outweighs the layout: keep the file.
            Err(kept @ Refused::CommentsWouldBeLost { .. }) => {
                comments_without_place(&mut report, path, &text, &task, &kept, args.check);
            }
            // Not in layout, and not to be rewritten until it passes the rules.
            Err(Refused::Invalid { .. }) if args.check => report.changed.push(path),
            Err(refused) => report.problems.push(refused.to_string()),
        }
    }
    for kept in &report.kept {
        eprintln!("{}", render::escape_controls(kept));
    }
    render::text::fmt_report(out, &report, args.check)?;
    if !report.problems.is_empty() {
        for problem in &report.problems {
            eprintln!("{}", render::escape_controls(problem));
        }
        let n = report.problems.len();
        let files = count(n, "file", "files");
        if args.check {
            bail!(tr!("{n} 个文件无法检查", "{files} could not be checked"));
        }
        bail!(tr!("{n} 个文件无法整理", "{files} could not be formatted"));
    }
    Ok(if args.check && !report.changed.is_empty() {
        Outcome::ValidationFailed
    } else {
        Outcome::Success
    })
}

/// A file the canonical layout cannot hold without losing comments (on
/// `lines`). In layout apart from them, it is left as it is and counts as
/// in layout. Otherwise `fmt` refuses it (a problem: the exit says so),
/// and `--check` lists it with a note on why fmt will not help; where
/// whether it is in layout cannot be told, that is a problem too: a file
/// is never reported in layout unchecked.
fn comments_without_place(
    report: &mut FmtReport,
    path: PathBuf,
    text: &str,
    task: &Task,
    kept: &Refused,
    check: bool,
) {
    let Refused::CommentsWouldBeLost { lines, .. } = kept else {
        return;
    };
    let shown = path.display();
    let lines = line_list(lines);
    match edit::canonical_apart_from_comments(&path, text, task) {
        Some(true) => {}
        Some(false) if check => {
            report.kept.push(tr!(
                "{shown}: 不是规范格式，但第 {lines} 行的注释在规范格式中无处安放，cooptrack fmt 不会整理该文件；请手工调整",
                "{shown}: not in canonical layout, but the comments on {lines} have no place in it, so cooptrack fmt leaves the file as it is; lay it out by hand"
            ));
            report.changed.push(path);
        }
        None if check => report.problems.push(tr!(
            "{shown}: 第 {lines} 行的注释在规范格式中无处安放，无法检查该文件是否为规范格式",
            "{shown}: the comments on {lines} have no place in the canonical layout, so whether the file is in that layout could not be checked"
        )),
        Some(false) | None => report.problems.push(kept.to_string()),
    }
}
