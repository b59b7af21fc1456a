use std::io::Write;

use anyhow::{bail, Context as _, Result};

use crate::cli::ClosePlanArgs;
use crate::context::Context;
use crate::i18n::pick;
use crate::model::PlanStatus;
use crate::store::{read_text, PLAN_FILE};
use crate::write::{write_atomic, DirLock};
use crate::{edit, render, Outcome};

pub fn run(ctx: &Context, args: &ClosePlanArgs, out: &mut dyn Write) -> Result<Outcome> {
    if !ctx.as_of_given {
        bail!(pick(
            "close-plan 需要用 --as-of YYYY-MM-DD 指定计划结束日期",
            "close-plan needs the day the plan ends: --as-of YYYY-MM-DD"
        ));
    }
    let _lock = DirLock::acquire(&ctx.dir)?;
    let store = ctx.load_usable()?;
    let plan = store
        .plan
        .as_ref()
        .context(pick("缺少计划文件 plan.yaml", "no plan file plan.yaml"))?;
    let undecided: Vec<_> = store
        .tasks
        .iter()
        .filter(|f| !f.task.status.is_closed() && f.task.carried_over_to.is_none())
        .collect();
    let path = ctx.dir.join(PLAN_FILE);
    let already = plan.status != PlanStatus::Active;
    if !args.dry_run && !already {
        let text = read_text(&path).map_err(|d| anyhow::anyhow!("{d}"))?;
        let new_text = edit::end_plan(&path, &text, plan, ctx.today)?;
        write_atomic(&path, new_text.as_bytes(), false)?;
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
