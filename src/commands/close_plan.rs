use std::io::Write;

use anyhow::{bail, Context as _, Result};

use super::Outcome;
use crate::cli::ClosePlanArgs;
use crate::context::Context;
use crate::edit::{self, Layout, Session};
use crate::i18n::pick;
use crate::layout::PLAN_FILE;
use crate::model::{Plan, PlanStatus};
use crate::render;

pub fn run(ctx: &Context, args: &ClosePlanArgs, out: &mut dyn Write) -> Result<Outcome> {
    if !ctx.as_of_given {
        bail!(pick(
            "close-plan 需要用 --as-of YYYY-MM-DD 指定计划结束日期",
            "close-plan needs the day the plan ends: --as-of YYYY-MM-DD"
        ));
    }
    let session = Session::begin(&ctx.dir, &ctx.journal)?;
    let store = super::load_usable(ctx)?;
    let plan = store
        .plan
        .as_ref()
        .context(pick("缺少计划文件 plan.yaml", "no plan file plan.yaml"))?;
    if ctx.today < plan.date {
        bail!(crate::tr!(
            "--as-of {} 早于计划印发日期 {}（plan.yaml 的 date）：计划不能在印发之前结束；未写入任何内容",
            "--as-of {} is before the plan was issued ({}, the date in plan.yaml): a plan cannot end before it began; nothing was written",
            ctx.today,
            plan.date
        ));
    }
    let undecided: Vec<_> = store
        .tasks
        .iter()
        .filter(|f| !f.task.status.is_closed() && f.task.carried_over_to.is_none())
        .collect();
    let path = ctx.dir.join(PLAN_FILE);
    let already = plan.status != PlanStatus::Active;
    if !args.dry_run && !already {
        let (text, current) =
            crate::read::read_parsed::<Plan>(&path).map_err(|d| anyhow::anyhow!("{d}"))?;
        let intended = Plan {
            status: PlanStatus::Ended,
            ended_on: Some(ctx.today),
            ..current.clone()
        };
        let file = edit::edit_meta(&path, &text, &current, &intended, Layout::InPlace)?;
        session.write(&file)?;
    }
    render::text::close_plan(
        out,
        &path,
        plan,
        ctx.today,
        &undecided,
        args.dry_run,
        already,
    )?;
    Ok(Outcome::Success)
}
