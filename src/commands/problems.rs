//! `cooptrack problems`: the 问题清单 of a period.

use std::io::Write;

use anyhow::{bail, Result};

use super::Outcome;
use crate::cli::{ProblemsArgs, ProblemsFormat};
use crate::context::Context;
use crate::ledger::{AsOf, Dues};
use crate::period::Period;
use crate::problems::{self, previous_period};
use crate::query::known_department;
use crate::report::Rules;
use crate::{render, tr};

pub fn run(ctx: &Context, args: &ProblemsArgs, out: &mut dyn Write) -> Result<Outcome> {
    let store = super::load_usable(ctx)?;
    let plan = store.plan.as_ref();
    let period = match &args.period {
        Some(period) => period.clone(),
        None => Period::containing(ctx.today, Rules::of(plan).every),
    };
    let Some(previous) = previous_period(&period) else {
        bail!(tr!(
            "问题清单按报送期（月或季度）比较：{} 是更长的报告期，请给出如 2020Q2 或 2020-06 的报送期",
            "problems are compared period by period (a month or a quarter): {} is longer; give one such as 2020Q2 or 2020-06",
            period.id
        ));
    };
    let view = AsOf::new(ctx.today, plan);
    let dues = Dues::new(view, &period, &store.registry);
    let before = Dues::new(view, &previous, &store.registry);
    let mut found = problems::list(store.tasks.iter().map(|f| &f.task), &dues, &before);
    if let Some(dept) = &args.dept {
        let unit = dues.unit(&known_department(&store.registry, dept)?);
        found.retain(|p| p.department == unit);
    }
    match args.format {
        ProblemsFormat::Table => render::problems::table(out, &period, &found, ctx.style)?,
        ProblemsFormat::Json => render::json::write(out, &found)?,
        ProblemsFormat::Markdown => render::problems::markdown(out, &period, &found)?,
    }
    Ok(Outcome::Success)
}
