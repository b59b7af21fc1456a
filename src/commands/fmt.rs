use std::io::Write;

use anyhow::{bail, Result};

use crate::cli::FmtArgs;
use crate::context::Context;
use crate::edit::{self, Layout, Refused, Session, TaskCheck};
use crate::i18n::count;
use crate::ids::TaskId;
use crate::model::Task;
use crate::render::text::FmtReport;
use crate::store::{self, Store};
use crate::{render, tr, Outcome};

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
        let (text, task) = match store::read_parsed::<Task>(&path) {
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
            Err(kept @ Refused::CommentsWouldBeLost { .. }) => report.kept.push(kept.to_string()),
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
        bail!(tr!("{n} 个文件无法整理", "{files} could not be formatted"));
    }
    Ok(if args.check && !report.changed.is_empty() {
        Outcome::ValidationFailed
    } else {
        Outcome::Success
    })
}
