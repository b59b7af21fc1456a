//! cooptrack: a task ledger (任务台账) for a government cooperation plan,
//! kept as one YAML file per task in a git-tracked `tasks/` directory.
//!
//! Data flows one way: the store loads and validates files, queries select
//! and group tasks, renderers draw them. Commands only wire these together.

pub mod canonical;
pub mod cli;
pub mod commands;
pub mod complete;
pub mod context;
pub mod diagnostics;
pub mod edit;
pub mod git;
pub mod i18n;
pub mod ids;
pub mod import;
pub mod model;
pub mod query;
pub mod registry;
pub mod render;
pub mod report;
pub mod schema;
pub mod store;
pub mod validate;
pub mod write;
pub mod yaml_edit;

use std::io::{self, Write};

use clap::Parser;

use cli::{Cli, Command};
use context::Context;

/// How a run ended when nothing went wrong with the input itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Success,
    /// Exit 1: `validate` found errors.
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

/// Runs the command line. Errors are input or usage errors (exit 2).
pub fn run() -> anyhow::Result<Outcome> {
    complete::answer_if_asked();
    i18n::init_from_args();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let usage = err.use_stderr();
            err.print()?;
            return Ok(if usage {
                Outcome::UsageError
            } else {
                Outcome::Success
            });
        }
    };
    let ctx = Context::from_cli(&cli)?;
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let outcome = match &cli.command {
        Command::List(args) => commands::list::run(&ctx, args, &mut out),
        Command::Show(args) => commands::show::run(&ctx, args, &mut out),
        Command::Depts(args) => commands::depts::run(&ctx, args, &mut out),
        Command::Validate(args) => commands::validate::run(&ctx, args, &mut out),
        Command::Update(args) => commands::update::run(&ctx, args, &mut out),
        Command::Add(args) => commands::add::run(&ctx, args, &mut out),
        Command::Fmt(args) => commands::fmt::run(&ctx, args, &mut out),
        Command::Log(args) => commands::log::run(&ctx, args, &mut out),
        Command::Import(args) => commands::import::run(&ctx, args, &mut out),
        Command::Report(args) => commands::report::run(&ctx, args, &mut out),
        Command::ClosePlan(args) => commands::close_plan::run(&ctx, args, &mut out),
        Command::CarryOver(args) => commands::carry_over::run(&ctx, args, &mut out),
        Command::Schema => commands::schema::run(&ctx, &mut out),
        Command::Completions(args) => commands::completions::run(args, &mut out),
        Command::Man(args) => commands::man::run(args, &mut out),
    }?;
    out.flush()?;
    Ok(outcome)
}

/// A reader that went away (`cooptrack list | head`) is not an error.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}
