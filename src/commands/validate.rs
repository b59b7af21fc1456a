use std::io::Write;

use anyhow::Result;

use super::Outcome;
use crate::cli::{ValidateArgs, ValidateFormat};
use crate::context::Context;
use crate::diagnostics::Severity;
use crate::render::diagnostics::{self as report, Summary};

pub fn run(ctx: &Context, args: &ValidateArgs, out: &mut dyn Write) -> Result<Outcome> {
    // JSON and GitLab reports are in Chinese whatever `--lang` says: the
    // run's language was decided so before it started (`Cli::language`).
    // Validation keeps no task: only what the files say is wrong.
    let mut store = ctx.load_meta()?;
    store.load_tasks(&|_| None)?;
    let mut diagnostics = store.diagnostics;
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
