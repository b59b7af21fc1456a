//! `cooptrack init [DIR] [--from PREVIOUS] [--title …] [--period 2023-2027]`:
//! a new tasks directory that validates empty.

use std::fs;
use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;

use super::Outcome;
use crate::cli::InitArgs;
use crate::context::Context;
use crate::edit::session;
use crate::edit::{self, Prepared, Recovery, Session};
use crate::init::{self, Options, GITIGNORE};
use crate::layout::{PLAN_FILE, REGISTRY_FILE, SCHEMA_FILE, TASKS_DIR};
use crate::store::Store;
use crate::{render, schema, tr};

pub fn run(ctx: &Context, args: &InitArgs, out: &mut dyn Write) -> Result<Outcome> {
    let dir = args.dir.clone().unwrap_or_else(|| PathBuf::from(TASKS_DIR));
    // (An existing directory is checked under its lock, below: after
    // what an interrupted init left there is rolled back.)
    let start = init::start(&Options {
        from: args.from.as_deref(),
        title: args.title.as_deref(),
        period: args.period,
        date: args.date.unwrap_or(ctx.today),
    })?;
    let plan_path = dir.join(PLAN_FILE);
    let plan_file = edit::new_file(&plan_path, &start.plan, None)?;
    let mut files = vec![
        (REGISTRY_FILE, start.registry.clone()),
        (PLAN_FILE, plan_file.new),
        (SCHEMA_FILE, schema::task_schema_text()),
    ];
    if fs::symlink_metadata(&dir).is_err() {
        // A new directory: built beside, renamed into place whole.
        files.push((".gitignore", GITIGNORE.to_string()));
        let files: Vec<(&str, &[u8])> = files.iter().map(|(n, t)| (*n, t.as_bytes())).collect();
        session::create_dir_whole(&dir, &files)?;
    } else {
        // An existing directory (a repository's, with a README, say): the
        // files go in as one group, which the next writer rolls back if
        // this run is stopped, so that nothing blocks a rerun.
        let session = Session::begin_import(&dir, &ctx.journal)?;
        init::refuse_existing(&dir)?;
        if !dir.join(".gitignore").exists() {
            files.push((".gitignore", GITIGNORE.to_string()));
        }
        let prepared: Vec<Prepared> = files
            .into_iter()
            .map(|(name, text)| Prepared {
                path: dir.join(name),
                old: None,
                new: text,
                reformatted: false,
            })
            .collect();
        let what = tr!("init {}", "init {}", dir.display());
        session.write_group(
            &what,
            Recovery::RollBack,
            &prepared.iter().collect::<Vec<_>>(),
        )?;
    }

    // It validates empty: anything else is a bug worth hearing about.
    let store = Store::load(&dir)?;
    store.require_usable()?;

    let shown = dir.display();
    let plan = &start.plan;
    let (first, last) = (plan.period.start, plan.period.end);
    let departments = start.departments;
    let registry = match &args.from {
        Some(from) => tr!(
            "部门名录取自 {}（{} 个部门，含曾用名和简称）",
            "the department registry is {}'s ({} departments, former and short names included)",
            from.display(),
            departments
        ),
        None => tr!(
            "部门名录为空：用 cooptrack depts add 部门名称 [--alias 简称] 登记部门",
            "the department registry is empty: register each department with cooptrack depts add NAME [--alias SHORT]"
        ),
    };
    let headings = if plan.headings.is_empty() {
        tr!(
            "\n  计划还没有篇章：用 cooptrack plan heading add --title 篇章标题 逐一增加",
            "\n  the plan has no headings yet: add each with cooptrack plan heading add --title TITLE"
        )
    } else {
        String::new()
    };
    let untitled = (plan.title == crate::model::Plan::TITLE_TO_FILL_IN).then(|| {
        tr!(
            "计划名称未给出：请在 {PLAN_FILE} 的 title 中写明（validate 会一直提醒）",
            "no title was given: write it in {PLAN_FILE}'s title (validate warns until then)"
        )
    });
    let lines = tr!(
        "已建立任务目录 {shown}：{PLAN_FILE}、{REGISTRY_FILE}、{SCHEMA_FILE}、.gitignore\n  计划：{}（{first}–{last} 年，成文日期 {}）{headings}\n  {registry}\n请核对 {PLAN_FILE}（发文机关、成文日期、篇章）；结转任务：cooptrack carry-over 编号 --to {shown}",
        "created the tasks directory {shown}: {PLAN_FILE}, {REGISTRY_FILE}, {SCHEMA_FILE}, .gitignore\n  plan: {} ({first}–{last}, dated {}){headings}\n  {registry}\ncheck {PLAN_FILE} (issuer, date, headings); carry tasks over with cooptrack carry-over ID --to {shown}",
        plan.title,
        plan.date
    );
    for line in lines.lines().map(str::to_string).chain(untitled) {
        render::line(out, &line)?;
    }
    // In a repository, concurrent progress entries merge through the
    // driver, which each clone sets up once.
    if crate::git::is_repository(&dir) {
        render::line(
            out,
            &tr!(
                "在 git 仓库中：运行 cooptrack --dir {shown} git-setup，让各单位同时报送的进展自动合并（每个克隆一次）",
                "in a git repository: run cooptrack --dir {shown} git-setup so that entries reported at the same time merge by themselves (once per clone)"
            ),
        )?;
    }
    Ok(Outcome::Success)
}
