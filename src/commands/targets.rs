//! `cooptrack targets`: the 年度工作计划 workbook out (`--year`) and back
//! in (`--collect`).

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Result;

use super::output::Output;
use super::Outcome;
use crate::cli::TargetsArgs;
use crate::context::Context;
use crate::edit::session::write_atomic;
use crate::edit::Session;
use crate::forms::targets;
use crate::{git, render};

pub fn run(ctx: &Context, args: &TargetsArgs, out: &mut dyn Write) -> Result<Outcome> {
    match (&args.collect, args.year) {
        (Some(file), _) => collect(ctx, args, file, out),
        (None, Some(year)) => write(ctx, year, args.output.as_deref(), out),
        // clap requires one of the two.
        (None, None) => Ok(Outcome::Success),
    }
}

fn write(ctx: &Context, year: i32, output: Option<&Path>, out: &mut dyn Write) -> Result<Outcome> {
    let store = super::load_usable(ctx)?;
    let sheet = targets::plan_sheet(&store, year, ctx.today)?;
    let given = output.map_or_else(|| PathBuf::from(sheet.file_name()), Path::to_path_buf);
    let output = Output::resolve(&ctx.dir, Some(&given))?;
    let bytes = targets::workbook(&sheet)?;
    match output.file() {
        Some(path) => {
            write_atomic(path, &bytes, false)?;
            render::targets::written(out, &sheet, path)?;
        }
        // `-o -`: the workbook to a pipe, never to a terminal.
        None => output.emit(
            out,
            ctx.style,
            true,
            "-o 2021年度工作计划.xlsx",
            |w, _| Ok(w.write_all(&bytes)?),
        )?,
    }
    Ok(Outcome::Success)
}

fn collect(ctx: &Context, args: &TargetsArgs, file: &Path, out: &mut dyn Write) -> Result<Outcome> {
    if args.commit {
        git::require_work_tree(&ctx.dir)?;
    }
    if let Some(problem) = super::collect::unreadable(&[file.to_path_buf()]).pop() {
        anyhow::bail!(crate::tr!(
            "{problem}；未读回年度工作计划",
            "{problem}; no annual plan was read"
        ));
    }
    let session = Session::begin(&ctx.dir, &ctx.journal)?;
    let store = super::load_usable(ctx)?;
    let result = targets::collect(&store, file, args.dry_run, args.commit, &session)?;
    render::targets::collected(out, &result, args.dry_run)?;
    if args.commit && !result.written.is_empty() {
        let message = render::targets::commit_message(&result);
        let files: Vec<&Path> = result.written.iter().map(PathBuf::as_path).collect();
        git::commit_files(&files, &message)?;
        render::text::committed(out, &message)?;
    }
    Ok(if result.refused() {
        Outcome::ValidationFailed
    } else {
        Outcome::Success
    })
}
