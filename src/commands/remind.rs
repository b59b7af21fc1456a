//! `cooptrack remind`: 催报 for the units that have not replied.

use std::io::Write;

use anyhow::{bail, Result};

use super::Outcome;
use crate::cli::{RemindArgs, RemindFormat};
use crate::context::Context;
use crate::ledger::{AsOf, Dues};
use crate::period::Period;
use crate::remind::{deadline, reminders};
use crate::report::Rules;
use crate::{render, tr};

pub fn run(ctx: &Context, args: &RemindArgs, out: &mut dyn Write) -> Result<Outcome> {
    let store = super::load_usable(ctx)?;
    let Some(plan) = store.plan.as_ref() else {
        bail!(tr!(
            "{}: 缺少 plan.yaml，不知道向谁报送",
            "{}: no plan.yaml, so there is no office to report to",
            store.dir.display()
        ));
    };
    let period = match &args.period {
        Some(period) => period.clone(),
        None => Period::containing(ctx.today, Rules::of(Some(plan)).every),
    };
    if !period.is_reporting() {
        bail!(tr!(
            "催报按报送期（月或季度）：{} 是更长的报告期，请给出如 2020Q2 或 2020-06 的报送期",
            "reminders are for a reporting period (a month or a quarter): {} is longer; give one such as 2020Q2 or 2020-06",
            period.id
        ));
    }
    let dues = Dues::new(AsOf::new(ctx.today, Some(plan)), &period, &store.registry);
    let by = deadline(&period, args.due_by, ctx.today);
    let found = reminders(store.tasks.iter().map(|f| &f.task), &dues, by);
    match args.format {
        RemindFormat::Text => {
            render::remind::text(out, &found, &period, &plan.working_group_office)?
        }
        RemindFormat::Json => render::json::write(out, &found)?,
    }
    Ok(Outcome::Success)
}
