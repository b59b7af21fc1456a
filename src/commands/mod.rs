//! One module per subcommand, each with `run(ctx, args, out)`: it reads
//! its arguments, calls the library, and renders what comes back.

pub mod add;
pub mod assess;
pub mod carry_over;
pub mod close_plan;
pub mod collect;
pub mod completions;
pub mod depts;
pub mod edit;
pub mod fmt;
pub mod forms;
pub mod git_setup;
pub mod hook;
pub mod import;
pub mod init;
pub mod list;
pub mod log;
pub mod man;
pub mod merge_driver;
mod output;
pub mod plan;
pub mod problems;
pub mod remind;
pub mod report;
pub mod schema;
pub mod show;
pub mod targets;
pub mod update;
pub mod validate;

use std::io::Write;

use anyhow::Result;

use crate::cli::Command;
use crate::context::Context;
use crate::store::Store;

/// How a run ended when nothing went wrong with the input itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Success,
    /// Exit 1: `validate` found errors, or `fmt --check` files to reformat.
    ValidationFailed,
    /// Exit 2: the command line was wrong (clap has printed why).
    UsageError,
}

impl Outcome {
    pub fn exit_code(self) -> u8 {
        match self {
            Outcome::Success => 0,
            Outcome::ValidationFailed => 1,
            Outcome::UsageError => 2,
        }
    }
}

/// Runs the command the command line names.
pub fn dispatch(ctx: &Context, command: &Command, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    match command {
        Command::List(args) => list::run(ctx, args, out),
        Command::Show(args) => show::run(ctx, args, out),
        Command::Depts(args) => depts::run(ctx, args, out),
        Command::Validate(args) => validate::run(ctx, args, out),
        Command::Update(args) => update::run(ctx, args, out),
        Command::Edit(args) => edit::run(ctx, args, out),
        Command::Add(args) => add::run(ctx, args, out),
        Command::Fmt(args) => fmt::run(ctx, args, out),
        Command::Log(args) => log::run(ctx, args, out),
        Command::Import(args) => import::run(ctx, args, out),
        Command::Report(args) => report::run(ctx, args, out),
        Command::Problems(args) => problems::run(ctx, args, out),
        Command::Remind(args) => remind::run(ctx, args, out),
        Command::Targets(args) => targets::run(ctx, args, out),
        Command::Assess(args) => assess::run(ctx, args, out),
        Command::Forms(args) => forms::run(ctx, args, out),
        Command::Collect(args) => collect::run(ctx, args, out),
        Command::ClosePlan(args) => close_plan::run(ctx, args, out),
        Command::CarryOver(args) => carry_over::run(ctx, args, out),
        Command::Init(args) => init::run(ctx, args, out),
        Command::Plan(args) => plan::run(ctx, args, out),
        Command::GitSetup(args) => {
            let outcome = git_setup::run(ctx, out)?;
            if args.hook {
                hook::install(ctx, out)?;
            }
            Ok(outcome)
        }
        Command::MergeDriver(args) => merge_driver::run(args, out),
        Command::Schema(args) => schema::run(args, out),
        Command::Completions(args) => completions::run(args, out),
        Command::Man(args) => man::run(args, out),
    }
}

/// Where a CSV on standard output goes: a file gets the byte order mark
/// (any output does with `--bom`), a terminal gets its cells escaped.
pub(crate) fn csv_target(bom: bool) -> crate::render::csv::Target {
    use std::io::IsTerminal;
    crate::render::csv::Target {
        bom: bom || crate::pager::stdout_is_file(),
        terminal: std::io::stdout().is_terminal(),
    }
}

/// Refuses a store with an unreadable file (the error lists them) and,
/// if the usable files still break rules, says so once on stderr.
pub(crate) fn require_usable(store: &Store) -> Result<()> {
    store.require_usable()?;
    if let Some(note) = crate::render::text::validation_errors_note(store.error_count()) {
        eprintln!("{note}");
    }
    Ok(())
}

/// The whole directory, refused if any file is unusable.
pub(crate) fn load_usable(ctx: &Context) -> Result<Store> {
    let store = ctx.load()?;
    require_usable(&store)?;
    Ok(store)
}

/// `--section N` names a heading of the plan; otherwise a usage error that
/// names the range (1–7 or 一–七 for the bundled plan).
pub(crate) fn require_section(
    plan: &crate::model::Plan,
    section: u32,
) -> Result<&crate::model::Heading> {
    if let Some(heading) = plan.heading(section) {
        return Ok(heading);
    }
    let numbers: Vec<u32> = plan.headings.iter().map(|h| h.number).collect();
    let (Some(first), Some(last)) = (numbers.iter().min(), numbers.iter().max()) else {
        anyhow::bail!(crate::tr!(
            "篇章 {section} 不存在：计划（plan.yaml）没有篇章",
            "there is no section {section}: the plan (plan.yaml) has no headings"
        ));
    };
    let numeral = |n: u32| crate::cli::section_numeral(n).unwrap_or_default();
    let (a, b) = (numeral(*first), numeral(*last));
    anyhow::bail!(crate::tr!(
        "篇章 {section} 不存在：应为 {first}–{last}（或 {a}–{b}）",
        "there is no section {section}: expected {first}–{last} (or {a}–{b})"
    ))
}

/// `--commit`: commits the files the command wrote, and with them the
/// files `init` made that git does not track yet (plan.yaml,
/// departments.yaml, the schema, .gitignore), so that a plan started from
/// scratch is committed whole.
pub(crate) fn commit_written(
    ctx: &Context,
    written: &[&std::path::Path],
    message: &str,
    out: &mut dyn Write,
) -> Result<()> {
    use crate::layout::{PLAN_FILE, REGISTRY_FILE, SCHEMA_FILE};
    let untracked = crate::git::untracked(
        &ctx.dir,
        &[PLAN_FILE, REGISTRY_FILE, SCHEMA_FILE, ".gitignore"],
    )?;
    let mut files: Vec<&std::path::Path> = written.to_vec();
    for path in &untracked {
        if !files
            .iter()
            .any(|f| f.ends_with(path.file_name().unwrap_or_default()))
        {
            files.push(path);
        }
    }
    crate::git::commit_files(&files, message)?;
    crate::render::text::committed(out, message)?;
    Ok(())
}
