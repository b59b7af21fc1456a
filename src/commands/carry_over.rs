use std::io::Write;

use anyhow::{bail, Result};

use super::Outcome;
use crate::cli::CarryOverArgs;
use crate::context::Context;
use crate::edit::carry_over::{self, Request};
use crate::edit::{self, Session};
use crate::i18n::pick;
use crate::ids::TaskId;
use crate::store::{self, Store};
use crate::{git, render, tr};

pub fn run(ctx: &Context, args: &CarryOverArgs, out: &mut dyn Write) -> Result<Outcome> {
    if args.commit {
        crate::git::require_work_tree(&ctx.dir)?;
    }
    let id: TaskId = args.id.parse().map_err(anyhow::Error::msg)?;
    if store::same_dir(&ctx.dir, &args.to) {
        bail!(pick(
            "--to 必须是另一个计划的任务目录，不能是当前目录",
            "--to must be the tasks directory of another plan, not this one"
        ));
    }
    if let Some(hint) = crate::init::no_plan_hint(&args.to) {
        bail!(hint);
    }
    let (session, successor_session) = Session::begin_both(&ctx.dir, &args.to, &ctx.journal)?;
    let source = edit::open_task(&ctx.dir, id, false)?;
    let target = Store::load(&args.to)?;
    super::require_usable(&target)?;
    let request = Request {
        new_id: args.new_id.clone(),
        due: args.due,
        on: Some(ctx.today),
    };
    let plan = carry_over::plan(&source, &target, &request)?;

    // The successor first: stopped in between, a re-run finds and completes it.
    if let Some(file) = &plan.successor {
        successor_session.write(file)?;
    }
    session.write(&plan.original)?;
    let (from, to) = (source.path.display(), plan.successor_path.display());
    if plan.resumes() {
        let line = tr!(
            "{to} 是上次中断的结转留下的任务，现补全链接",
            "{to} was left by an interrupted carry-over; completing its link"
        );
        render::line(out, &line)?;
    }
    let (link, back) = (&plan.link, &plan.back);
    let lines = tr!(
        "已结转 {from} → {to}\n  {from} 记下 carried_over_to: {link}\n  {to} 记下 carried_over_from: {back}",
        "carried over {from} → {to}\n  {from} records carried_over_to: {link}\n  {to} records carried_over_from: {back}"
    );
    for line in lines.lines() {
        render::line(out, line)?;
    }
    if args.commit {
        let message = tr!(
            "cooptrack：结转 {id} 至 {to}",
            "cooptrack: carry over {id} to {to}"
        );
        git::commit_files(&[&source.path, &plan.successor_path], &message)?;
        render::text::committed(out, &message)?;
    }
    Ok(Outcome::Success)
}
