//! `cooptrack assess`: the year's assessment of each unit.

use std::io::Write;

use anyhow::{bail, Result};

use super::output::Output;
use super::Outcome;
use crate::assess::assess;
use crate::cli::{AssessArgs, AssessFormat};
use crate::context::{output_format, Context};
use crate::i18n::pick;
use crate::render::Style;
use crate::{render, tr};

pub fn run(ctx: &Context, args: &AssessArgs, out: &mut dyn Write) -> Result<Outcome> {
    let output = Output::resolve(&ctx.dir, args.output.as_deref())?;
    let format = output_format(args.format, output.file(), AssessFormat::Table)?;
    // The texts are never shown: left out as the files are read.
    let mut store = ctx.load_meta()?;
    store.load_tasks(&|task| Some(task.without_text()))?;
    super::require_usable(&store)?;
    let Some(plan) = store.plan.as_ref() else {
        bail!(tr!(
            "{}: 缺少 plan.yaml，没有评分规则和计划期",
            "{}: no plan.yaml, so there is no rubric and no plan period",
            store.dir.display()
        ));
    };
    let tasks: Vec<_> = std::mem::take(&mut store.tasks)
        .into_iter()
        .map(|f| f.task)
        .collect();
    let found = assess(&tasks, plan, &store.registry, args.year, ctx.today)?;
    let lang = crate::i18n::current();
    let draw = |w: &mut dyn Write, style: Style| -> Result<()> {
        match format {
            AssessFormat::Table => render::assess::table(w, &found, style)?,
            AssessFormat::Markdown => render::assess::markdown(w, &found)?,
            AssessFormat::Json => render::json::write(w, &found.units)?,
            AssessFormat::Xlsx => w.write_all(&render::assess::workbook(&found, lang)?)?,
        }
        Ok(())
    };
    let binary = format == AssessFormat::Xlsx;
    let example = pick("-o 评估.xlsx", "-o assessment.xlsx");
    output.emit(out, ctx.style, binary, example, draw)?;
    Ok(Outcome::Success)
}
