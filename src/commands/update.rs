use std::io::Write;

use anyhow::Result;

use super::Outcome;
use crate::cli::{UpdateArgs, WrittenFormat};
use crate::context::Context;
use crate::edit::{self, Layout, Request, Requested, Session};
use crate::{git, render};

pub fn run(ctx: &Context, args: &UpdateArgs, out: &mut dyn Write) -> Result<Outcome> {
    if args.write.commit {
        crate::git::require_work_tree(&ctx.dir)?;
    }
    let id = args.id.parse().map_err(anyhow::Error::msg)?;
    let json = args.format == WrittenFormat::Json;
    let session = Session::begin(&ctx.dir, &ctx.journal)?;
    let target = edit::open_task(&ctx.dir, id, !args.add_lead.is_empty())?;
    let request = Request {
        default_by: ctx.config.by.clone(),
        ..request(args)
    };
    let changes = match request.changes(&target, ctx.today)? {
        Requested::Changes(changes) => changes,
        // The same entry is on file already: nothing to write.
        Requested::Repeat(entry) => {
            if json {
                render::json::write(
                    out,
                    &serde_json::json!({"written": [], "repeat": entry, "commit": null}),
                )?;
            } else {
                render::text::repeat(out, &target.path, &entry)?;
            }
            return Ok(Outcome::Success);
        }
    };
    let intended = edit::change::apply(&target.task, &changes);
    let file = edit::edit_task(
        &target.path,
        &target.text,
        &target.task,
        &intended,
        Layout::reformat_if(args.write.reformat),
        &target.check(),
    )?;
    session.write(&file)?;
    if !json {
        render::text::updated(out, &target.path, &changes, file.reformatted)?;
    }
    let message = args
        .write
        .commit
        .then(|| render::text::commit_message(&target.task.id, &changes));
    if let Some(message) = &message {
        git::commit_file(&target.path, message)?;
        if !json {
            render::text::committed(out, message)?;
        }
    }
    if json {
        let mut written =
            render::json::written_task(&target.path, &target.task.id, &target.task.title, &changes);
        written["reformatted"] = file.reformatted.into();
        let written: Vec<serde_json::Value> =
            file.changed().then_some(written).into_iter().collect();
        render::json::write(
            out,
            &serde_json::json!({"written": written, "commit": message}),
        )?;
    }
    Ok(Outcome::Success)
}

fn request(args: &UpdateArgs) -> Request {
    Request {
        status: args.status,
        note: args.note.clone(),
        problems: args.problems.clone(),
        next_steps: args.next_steps.clone(),
        source: None,
        date: args.date,
        period: args.period.clone(),
        by: args.by.clone(),
        default_by: None,
        due: args.due,
        reason: args.reason.clone(),
        add_lead: args.add_lead.clone(),
        remove_lead: args.remove_lead.clone(),
        add_responsible: args.add_responsible.clone(),
        remove_responsible: args.remove_responsible.clone(),
        target_year: args.target,
        milestone: args.milestone,
        goal: args.goal.clone(),
    }
}
