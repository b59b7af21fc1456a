use std::io::Write;

use anyhow::Result;

use super::Outcome;
use crate::cli::{LogArgs, LogFormat};
use crate::context::Context;
use crate::model::Task;
use crate::store;
use crate::{git, query, render};

pub fn run(ctx: &Context, args: &LogArgs, out: &mut dyn Write) -> Result<Outcome> {
    let id = args.id.parse().map_err(anyhow::Error::msg)?;
    let path = store::task_path(&ctx.dir, id)?;
    let (_, task) = crate::read::read_parsed::<Task>(&path).map_err(|d| anyhow::anyhow!("{d}"))?;
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
