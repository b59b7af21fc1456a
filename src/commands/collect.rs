//! `cooptrack collect`: filled-in forms back into the task files.

use std::io::Write;

use anyhow::{bail, Result};

use super::Outcome;
use crate::cli::{CollectArgs, WrittenFormat};
use crate::context::Context;
use crate::edit::Session;
use crate::forms::collect::{self, FormResult, Options};
use crate::{git, render};

pub fn run(ctx: &Context, args: &CollectArgs, out: &mut dyn Write) -> Result<Outcome> {
    if args.commit {
        crate::git::require_work_tree(&ctx.dir)?;
    }
    require_files(&args.files)?;
    let session = Session::begin(&ctx.dir, &ctx.journal)?;
    let mut store = super::load_usable(ctx)?;
    let options = Options {
        today: ctx.today,
        replace: args.replace,
        dry_run: args.dry_run,
        late: args.late,
        commit: args.commit,
    };
    // `--commit`: one commit per form, made as soon as the form is written,
    // so that it holds exactly that form's entries.
    let mut commits = Vec::new();
    let mut commit = |form: &FormResult| -> Result<()> {
        if args.commit {
            let message = render::forms::commit_message(form);
            let files: Vec<&std::path::Path> = form.written.iter().map(|p| p.as_path()).collect();
            git::commit_files(&files, &message)?;
            commits.push((form.file.clone(), message));
        }
        Ok(())
    };
    let collection = collect::collect(&mut store, &args.files, options, &session, &mut commit)?;
    if args.format == WrittenFormat::Json {
        render::json::collection(out, &collection, args.dry_run, &commits)?;
    } else {
        render::forms::collection(out, &collection, args.dry_run)?;
        for (_, message) in &commits {
            render::text::committed(out, message)?;
        }
    }
    Ok(match collection.refused_forms() {
        0 => Outcome::Success,
        _ => Outcome::ValidationFailed,
    })
}

/// Every path named must be a file that can be opened: a missing or
/// unreadable one is an input error (exit 2) before any form is collected,
/// so that nothing is written. (A file that opens but is no form is the
/// form's refusal, exit 1, as the other forms still apply.)
fn require_files(files: &[std::path::PathBuf]) -> Result<()> {
    let problems = unreadable(files);
    if !problems.is_empty() {
        bail!(crate::tr!(
            "{}；未收集任何填报表",
            "{}; no form was collected",
            problems.join(crate::i18n::clause_separator())
        ));
    }
    Ok(())
}

/// The given files that cannot be read, each with why: checked before
/// anything is read or locked, so that a mistyped path is an input error.
pub(super) fn unreadable(files: &[std::path::PathBuf]) -> Vec<String> {
    files
        .iter()
        .filter_map(|path| {
            let reason = match std::fs::metadata(path) {
                Ok(meta) if meta.is_dir() => {
                    crate::tr!("是目录，不是文件", "is a directory, not a file")
                }
                Ok(_) => match std::fs::File::open(path) {
                    Ok(_) => return None,
                    Err(err) => crate::read::io_reason(&err),
                },
                Err(err) => crate::read::io_reason(&err),
            };
            Some(format!("{}: {reason}", crate::safe_text::path_shown(path)))
        })
        .collect()
}
