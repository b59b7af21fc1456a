//! `cooptrack edit ID`: a task file in the user's editor, checked on save.

use std::io::Write;

use anyhow::Result;

use super::Outcome;
use crate::cli::EditArgs;
use crate::context::Context;
use crate::edit::by_hand::{self, Edited};
use crate::{git, render, tr};

pub fn run(ctx: &Context, args: &EditArgs, out: &mut dyn Write) -> Result<Outcome> {
    if args.commit {
        git::require_work_tree(&ctx.dir)?;
    }
    let id = args.id.parse().map_err(anyhow::Error::msg)?;
    let path = crate::store::task_path(&ctx.dir, id)?;
    let editor = by_hand::editor_from_env();
    match by_hand::edit(&ctx.dir, &path, &editor, &ctx.journal)? {
        Edited::Unchanged => {
            render::line(
                out,
                &tr!(
                    "{}：未作改动，未写入",
                    "{}: not changed, nothing written",
                    render::path_shown(&path)
                ),
            )?;
            Ok(Outcome::Success)
        }
        Edited::GaveUp { problems, kept } => {
            render::line(
                out,
                &tr!(
                    "{}：仍有 {} 个问题，已放弃修改，未写入；你的版本保存在 {}",
                    "{}: {} problems remain, so the edit was given up and nothing written; your version is in {}",
                    render::path_shown(&path),
                    problems.len(),
                    kept.display()
                ),
            )?;
            for problem in &problems {
                render::line(out, &format!("  {problem}"))?;
            }
            Ok(Outcome::ValidationFailed)
        }
        Edited::Written(file) => {
            render::line(
                out,
                &tr!("已写入 {}", "wrote {}", render::path_shown(&file.path)),
            )?;
            if args.commit {
                let message = tr!("编辑任务 {id}", "Edit task {id}");
                git::commit_file(&file.path, &message)?;
                render::text::committed(out, &message)?;
            }
            Ok(Outcome::Success)
        }
    }
}
