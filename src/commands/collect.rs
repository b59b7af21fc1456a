//! `cooptrack collect`: filled-in forms back into the task files.

use std::io::Write;

use anyhow::Result;

use super::Outcome;
use crate::cli::CollectArgs;
use crate::context::Context;
use crate::edit::Session;
use crate::forms::collect::{self, FormResult, Options};
use crate::{git, render};

pub fn run(ctx: &Context, args: &CollectArgs, out: &mut dyn Write) -> Result<Outcome> {
    if args.commit {
        crate::git::require_work_tree(&ctx.dir)?;
    }
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
            commits.push(message);
        }
        Ok(())
    };
    let collection = collect::collect(&mut store, &args.files, options, &session, &mut commit)?;
    render::forms::collection(out, &collection, args.dry_run)?;
    for message in &commits {
        render::text::committed(out, message)?;
    }
    Ok(match collection.refused_forms() {
        0 => Outcome::Success,
        _ => Outcome::ValidationFailed,
    })
}
