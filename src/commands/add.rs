use std::io::Write;

use anyhow::{bail, Context as _, Result};

use super::Outcome;
use crate::cli::{AddArgs, WrittenFormat};
use crate::context::Context;
use crate::edit::{self, Session, TaskCheck};
use crate::i18n::pick;
use crate::ids::TaskId;
use crate::model::Task;
use crate::query::known_department;
use crate::store::{self, Store};
use crate::{render, tr};

pub fn run(ctx: &Context, args: &AddArgs, out: &mut dyn Write) -> Result<Outcome> {
    if args.commit {
        crate::git::require_work_tree(&ctx.dir)?;
    }
    let session = Session::begin(&ctx.dir, &ctx.journal)?;
    let store = super::load_usable(ctx)?;
    let plan = store.plan.as_ref().context(pick(
        "缺少计划文件 plan.yaml：新增任务需要从中取得篇章标题",
        "no plan file plan.yaml: a new task takes its heading from it",
    ))?;
    let heading = super::require_section(plan, args.section)?;
    let id = new_id(&store, args)?;
    let lead = departments(&store, &args.lead)?;
    let responsible = departments(&store, &args.responsible)?;
    let title = args.title.trim().trim_end_matches('。').to_string();
    if title.is_empty() {
        bail!(pick("--title 不能为空", "--title must not be empty"));
    }
    let due = match args.due {
        Some(due) => due,
        None => plan.last_day().context(pick(
            "计划期末年份无效，请用 --due 指定完成时限",
            "the plan's end year is not valid; give the deadline with --due",
        ))?,
    };
    let text = args.text.clone().unwrap_or_else(|| format!("{title}。"));
    let mut task = Task::new(id, &heading.title, title, text, due);
    task.lead = lead;
    task.responsible = responsible;
    // The task exists from today (`--as-of`) on: reports of earlier days
    // leave it out.
    task.added = Some(ctx.today);

    let check = TaskCheck::strict(store.rules());
    let modeline = store::schema_modeline(&ctx.dir);
    let file = edit::new_task(&id.file_in(&ctx.dir), &task, modeline.as_deref(), &check)?;
    session.write(&file)?;
    drop(session);
    let json = args.format == WrittenFormat::Json;
    if !json {
        let added = tr!(
            "已新增 {}：{} {}",
            "added {}: {} {}",
            file.path.display(),
            task.id,
            task.title
        );
        render::line(out, &added)?;
    }
    let message = args.commit.then(|| {
        tr!(
            "cooptrack：新增 {} {}",
            "cooptrack: add {} {}",
            task.id,
            task.title
        )
    });
    if let Some(message) = &message {
        // The JSON says the commit itself; the sentence goes nowhere.
        let mut said = Vec::new();
        let to: &mut dyn Write = if json { &mut said } else { out };
        super::commit_written(ctx, &[&file.path], message, to)?;
    }
    if json {
        render::json::write(
            out,
            &serde_json::json!({
                "written": [{
                    "file": crate::safe_text::path_shown(&file.path),
                    "id": task.id,
                    "title": task.title,
                }],
                "commit": message,
            }),
        )?;
    }
    Ok(Outcome::Success)
}

/// `--id` if it is free and in the section, else the section's next
/// number: ids are never reused, not even those of deleted task files.
fn new_id(store: &Store, args: &AddArgs) -> Result<TaskId> {
    let used = store.used_ids()?;
    let Some(raw) = &args.id else {
        return Ok(used.next_in(args.section));
    };
    let raw = raw.trim();
    let Some(id) = TaskId::parse(raw) else {
        bail!(tr!(
            "任务编号“{raw}”格式无效：应为“篇章号.序号”，如 1.5（不能含路径分隔符或 ..）",
            "invalid task id “{raw}”: it should be “section.number”, such as 1.5 (no path separators or ..)"
        ));
    };
    if id.section != args.section {
        bail!(tr!(
            "任务编号“{id}”不属于第 {} 篇章",
            "task id “{id}” is not in section {}",
            args.section
        ));
    }
    used.check(id)?;
    Ok(id)
}

fn departments(store: &Store, names: &[String]) -> Result<Vec<String>> {
    names
        .iter()
        .map(|d| known_department(&store.registry, d))
        .collect()
}
