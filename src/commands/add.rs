use std::io::Write;

use anyhow::{bail, Context as _, Result};

use crate::cli::AddArgs;
use crate::context::Context;
use crate::i18n::pick;
use crate::model::{Status, Task};
use crate::query::known_department;
use crate::store::Store;
use crate::write::{write_atomic, DirLock};
use crate::{canonical, git, ids, render, tr, Outcome};

pub fn run(ctx: &Context, args: &AddArgs, out: &mut dyn Write) -> Result<Outcome> {
    let _lock = DirLock::acquire(&ctx.dir)?;
    let store = Store::load(&ctx.dir)?;
    store.require_usable()?;
    let plan = store.plan.as_ref().context(pick(
        "缺少计划文件 plan.yaml：新增任务需要从中取得篇章标题",
        "no plan file plan.yaml: a new task takes its heading from it",
    ))?;
    let section = args.section;
    let heading = plan.heading(section).with_context(|| {
        tr!(
            "计划文件中没有第 {section} 篇章",
            "the plan file has no section {section}"
        )
    })?;

    let id = match &args.id {
        Some(id) => {
            let id = id.trim();
            if !ids::is_valid(id) {
                bail!(tr!(
                    "任务编号“{id}”格式无效：应为“篇章号.序号”，如 1.5（不能含路径分隔符或 ..）",
                    "invalid task id “{id}”: it should be “section.number”, such as 1.5 (no path separators or ..)"
                ));
            }
            if id.split('.').next() != Some(section.to_string().as_str()) {
                bail!(tr!(
                    "任务编号“{id}”不属于第 {section} 篇章",
                    "task id “{id}” is not in section {section}"
                ));
            }
            id.to_string()
        }
        None => next_free_id(&store, args.section),
    };
    if args.id.is_some() && crate::git::deleted_file_stems(&ctx.dir).contains(&id) {
        bail!(tr!(
            "任务编号“{id}”曾属于一项已删除的任务（见 git 历史）；编号不可重复使用",
            "task id “{id}” belonged to a task that was deleted (see the git history); ids are never reused"
        ));
    }
    let taken = store.tasks.iter().any(|t| t.task.id == id)
        || ["yaml", "yml"]
            .iter()
            .any(|ext| ctx.dir.join(format!("{id}.{ext}")).exists());
    if taken {
        bail!(tr!(
            "任务编号“{id}”已存在；编号不可重复使用",
            "task id “{id}” exists already; ids are never reused"
        ));
    }

    let lead = args
        .lead
        .iter()
        .map(|d| known_department(&store.registry, d))
        .collect::<Result<Vec<_>>>()?;
    let responsible = args
        .responsible
        .iter()
        .map(|d| known_department(&store.registry, d))
        .collect::<Result<Vec<_>>>()?;
    let title = args.title.trim().trim_end_matches('。').to_string();
    if title.is_empty() {
        bail!(pick("--title 不能为空", "--title must not be empty"));
    }
    let due = match args.due {
        Some(due) => due,
        None => chrono::NaiveDate::from_ymd_opt(plan.period.end, 12, 31).context(pick(
            "计划期末年份无效，请用 --due 指定完成时限",
            "the plan's end year is not valid; give the deadline with --due",
        ))?,
    };
    let task = Task {
        id: id.clone(),
        section: args.section,
        heading: heading.title.clone(),
        number: id
            .rsplit('.')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or(0),
        numbered_as: None,
        text: args.text.clone().unwrap_or_else(|| format!("{title}。")),
        title,
        lead,
        lead_label: None,
        lead_provisional: false,
        lead_note: None,
        responsible,
        status: Status::NotStarted,
        due,
        original_due: None,
        extensions: Vec::new(),
        progress: Vec::new(),
        carried_over_to: None,
        carried_over_from: None,
    };
    let path = ctx.dir.join(format!("{id}.yaml"));
    let modeline = crate::store::schema_modeline(&ctx.dir);
    let text = canonical::render_task(&task, modeline.as_deref()).unwrap_or_default();
    store.check_before_write(&path, &text)?;
    write_atomic(&path, text.as_bytes(), true)?;
    writeln!(
        out,
        "{}",
        tr!(
            "已新增 {}：{} {}",
            "added {}: {} {}",
            path.display(),
            task.id,
            task.title
        )
    )?;
    if args.commit {
        let message = format!("cooptrack: add {} {}", task.id, task.title);
        git::commit_file(&path, &message)?;
        render::text::committed(out, &message)?;
    }
    Ok(Outcome::Success)
}

/// One past the highest number the section has ever used. Numbers are
/// never reused: a gap left by a removed task stays a gap, and in a git
/// repository the ids of deleted task files count as used too.
fn next_free_id(store: &Store, section: u32) -> String {
    let prefix = format!("{section}.");
    let deleted = git::deleted_file_stems(&store.dir);
    let highest = store
        .tasks
        .iter()
        .map(|t| t.task.id.as_str())
        .chain(deleted.iter().map(String::as_str))
        .filter_map(|id| id.strip_prefix(&prefix)?.parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    format!("{section}.{}", highest + 1)
}
