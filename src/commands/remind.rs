//! `cooptrack remind`: 催报 for the units that have not replied.

use std::io::Write;

use anyhow::{bail, Result};

use super::output::Output;
use super::Outcome;
use crate::cli::{RemindArgs, RemindFormat};
use crate::context::{output_format, Context};
use crate::i18n::pick;
use crate::ledger::{AsOf, Dues};
use crate::period::Period;
use crate::remind::{deadline, reminders, Notice};
use crate::render::Style;
use crate::report::Rules;
use crate::{render, tr};

pub fn run(ctx: &Context, args: &RemindArgs, out: &mut dyn Write) -> Result<Outcome> {
    let output = Output::resolve(&ctx.dir, args.output.as_deref())?;
    let format = output_format(args.format, output.file(), RemindFormat::Text)?;
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
    // A half year, a year or the whole plan gathers its quarters' replies,
    // as a report for it does: a unit is reminded if it sent none at all.
    let period = period
        .for_plan(Some((plan.period.start, plan.period.end)))
        .map_err(anyhow::Error::msg)?;
    let dues = Dues::new(AsOf::new(ctx.today, Some(plan)), &period, &store.registry);
    let by = deadline(&period, args.due_by, ctx.today);
    let found = reminders(store.tasks.iter().map(|f| &f.task), &dues, by);
    if format == RemindFormat::Docx && found.is_empty() {
        // No one to remind: no notice to send.
        render::line(
            out,
            &tr!(
                "{}各单位均已报送，无需催报；未生成催报通知",
                "every unit has reported for {}: no one to remind, and no notice written",
                period.display()
            ),
        )?;
        return Ok(Outcome::Success);
    }
    let notice = Notice {
        issuer: plan.working_group_office.clone(),
        period,
        date: ctx.today,
        deadline: by,
        reminders: found,
    };
    let draw = |w: &mut dyn Write, _: Style| -> Result<()> {
        let office = &notice.issuer;
        match format {
            RemindFormat::Text => {
                render::remind::text(w, &notice.reminders, &notice.period, office)?
            }
            RemindFormat::Json => render::json::write(w, &notice.reminders)?,
            RemindFormat::Docx => w.write_all(&render::remind::docx(&notice)?)?,
        }
        Ok(())
    };
    let example = pick("-o 催报通知.docx", "-o reminder.docx");
    output.emit(out, ctx.style, format == RemindFormat::Docx, example, draw)?;
    Ok(Outcome::Success)
}
