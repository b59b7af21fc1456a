//! `cooptrack plan heading add --title …`: the plan file changed through
//! the edit path, so that a plan started with `init` needs no hand edits.

use std::io::Write;

use anyhow::{bail, Result};

use super::Outcome;
use crate::cli::{HeadingAction, PlanAction, PlanArgs};
use crate::context::Context;
use crate::edit::{self, Layout, Session};
use crate::layout::PLAN_FILE;
use crate::model::{Heading, Plan};
use crate::{render, tr};

pub fn run(ctx: &Context, args: &PlanArgs, out: &mut dyn Write) -> Result<Outcome> {
    let PlanAction::Heading(heading) = &args.action;
    let HeadingAction::Add(args) = &heading.action;
    let session = Session::begin(&ctx.dir, &ctx.journal)?;
    super::load_usable(ctx)?;
    let path = ctx.dir.join(PLAN_FILE);
    let (text, current) =
        crate::read::read_parsed::<Plan>(&path).map_err(|d| anyhow::anyhow!("{d}"))?;
    let intended = with_heading(&current, &args.title, args.label.as_deref())?;
    let file = edit::edit_meta(&path, &text, &current, &intended, Layout::ReformatIfNeeded)?;
    session.write(&file)?;
    drop(session);
    let Some(added) = intended.headings.last() else {
        bail!("internal error: no heading after adding one");
    };
    let (number, title) = (added.number, &added.title);
    let label = added.label.as_deref().unwrap_or_default();
    render::line(
        out,
        &tr!(
            "已增加篇章 {number}：{label}{title}；新增任务：cooptrack add --section {number} …",
            "added heading {number}: {label}{title}; add its tasks with cooptrack add --section {number} …"
        ),
    )?;
    if args.commit {
        let message = tr!(
            "cooptrack：增加篇章 {number} {title}",
            "cooptrack: add heading {number} {title}"
        );
        super::commit_written(ctx, &[&path], &message, out)?;
    }
    Ok(Outcome::Success)
}

/// The plan with a heading after its last one: the next number, and by
/// default its Chinese numeral in brackets as the label, as notices write
/// them.
fn with_heading(plan: &Plan, title: &str, label: Option<&str>) -> Result<Plan> {
    let title = title.trim();
    if title.is_empty() {
        bail!(tr!("--title 不能为空", "--title must not be empty"));
    }
    if plan.headings.iter().any(|h| h.title == title) {
        bail!(tr!(
            "计划中已有篇章“{title}”",
            "the plan already has the heading “{title}”"
        ));
    }
    let number = plan.headings.iter().map(|h| h.number).max().unwrap_or(0) + 1;
    let label = match label.map(str::trim) {
        Some("") => None,
        Some(label) => Some(label.to_string()),
        None => crate::cli::section_numeral(number).map(|n| format!("({n})")),
    };
    let mut intended = plan.clone();
    intended.headings.push(Heading {
        number,
        label,
        title: title.to_string(),
    });
    Ok(intended)
}
