use std::io::Write;

use anyhow::Result;

use super::Outcome;
use crate::cli::{ValidateArgs, ValidateFormat};
use crate::context::Context;
use crate::diagnostics::Severity;
use crate::render::diagnostics::{self as report, Summary};
use crate::store::Store;
use crate::{git, render, tr};

/// The index's copy of the repository's YAML and JSON files, in a
/// temporary directory removed when done: `validate --staged`.
struct Staged {
    _copy: tempfile::TempDir,
    /// The tasks directory in the copy; None when the index has none.
    dir: Option<std::path::PathBuf>,
}

impl Staged {
    fn export(ctx: &Context) -> Result<Staged> {
        let copy = tempfile::Builder::new()
            .prefix("cooptrack-staged-")
            .tempdir()?;
        let dir = git::export_index(&ctx.dir, copy.path())?;
        let dir = dir.is_dir().then_some(dir);
        Ok(Staged { _copy: copy, dir })
    }
}

pub fn run(ctx: &Context, args: &ValidateArgs, out: &mut dyn Write) -> Result<Outcome> {
    // JSON and GitLab reports are in Chinese whatever `--lang` says: the
    // run's language was decided so before it started (`Cli::language`).
    // Validation keeps no task: only what the files say is wrong.
    let staged = args.staged.then(|| Staged::export(ctx)).transpose()?;
    let mut store = match &staged {
        Some(staged) => match &staged.dir {
            Some(dir) => Store::load_meta(dir)?,
            None => {
                render::line(
                    out,
                    &tr!(
                        "git 索引中没有 {}：没有要提交的任务文件",
                        "git's index holds no {}: no task files are being committed",
                        ctx.dir.display()
                    ),
                )?;
                return Ok(Outcome::Success);
            }
        },
        None => ctx.load_meta()?,
    };
    store.load_tasks(&|_| None)?;
    let mut diagnostics = store.diagnostics;
    // Named as the files are named in the working tree.
    if let Some(Staged { dir: Some(dir), .. }) = &staged {
        for d in &mut diagnostics {
            if let Ok(rest) = d.file.strip_prefix(dir) {
                d.file = ctx.dir.join(rest);
            }
        }
    }
    if args.strict {
        for d in &mut diagnostics {
            d.severity = Severity::Error;
        }
    }
    let summary = Summary::new(store.task_files_seen, &diagnostics);
    match args.format {
        ValidateFormat::Text => report::text(out, &diagnostics, summary)?,
        ValidateFormat::Json => report::json(out, &diagnostics, summary)?,
        ValidateFormat::Github => report::github(out, &diagnostics, summary)?,
        ValidateFormat::Gitlab => report::gitlab(out, &diagnostics)?,
    }
    Ok(if summary.errors > 0 {
        Outcome::ValidationFailed
    } else {
        Outcome::Success
    })
}
