use std::io::Write;

use anyhow::Result;

use crate::cli::{LogArgs, LogFormat};
use crate::context::Context;
use crate::model::Task;
use crate::store::{self, parse_yaml, read_text};
use crate::{git, query, render, Outcome};

pub fn run(ctx: &Context, args: &LogArgs, out: &mut dyn Write) -> Result<Outcome> {
    let path = store::task_path(&ctx.dir, args.id.trim())?;
    let text = read_text(&path).map_err(|d| anyhow::anyhow!("{d}"))?;
    let task: Task = parse_yaml(&path, text.trim_start_matches('\u{feff}'))
        .map_err(|d| anyhow::anyhow!("{d}"))?;
    let in_repository = git::is_repository(&ctx.dir);
    let commits = if in_repository {
        git::file_history(&path)?
    } else {
        Vec::new()
    };
    let history = query::history(&task, &commits);
    match args.format {
        LogFormat::Table => render::table::history(out, &task, &history, in_repository, ctx.style)?,
        LogFormat::Json => render::json::write(out, &history)?,
    }
    Ok(Outcome::Success)
}
