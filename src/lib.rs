//! cooptrack: a task ledger (任务台账) for a government cooperation plan,
//! kept as one YAML file per task in a git-tracked `tasks/` directory.
//!
//! Data flows one way: the store loads and validates files, queries select
//! and group tasks, renderers draw them. Commands only wire these together.

pub mod cli;
pub mod commands;
pub mod complete;
pub mod context;
pub mod diagnostics;
pub mod edit;
pub mod error;
pub mod fingerprint;
pub mod forms;
pub mod git;
pub mod i18n;
pub mod ids;
pub mod import;
pub mod init;
pub mod ledger;
pub mod links;
pub mod merge;
pub mod model;
pub mod pager;
pub mod period;
pub mod query;
pub mod registry;
pub mod render;
pub mod report;
pub mod rulebook;
pub mod schema;
pub mod store;
pub mod validate;

use std::io::{self, Write};

use cli::Command;
use context::Context;

pub use error::{Error, ErrorKind};

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

/// Runs the command line. An error's kind says whether anything was
/// changed before it happened (see [`ErrorKind`]).
pub fn run() -> Result<Outcome, Error> {
    cli::answer_completion_if_asked();
    i18n::init_from_args();
    let cli = match cli::parse() {
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
    let result = match pager::Pager::for_stdout(cli.no_pager) {
        // A terminal: held, then shown whole or through the pager.
        Some(pager) => {
            let mut held = Vec::new();
            let outcome = dispatch(&ctx, &cli.command, &mut held);
            pager.show(&held).map_err(anyhow::Error::from).and(outcome)
        }
        None => {
            let stdout = io::stdout();
            let mut out = io::BufWriter::new(stdout.lock());
            dispatch(&ctx, &cli.command, &mut out).and_then(|outcome| {
                out.flush()?;
                Ok(outcome)
            })
        }
    };
    // Whatever failed after a file was written, the file is changed.
    result.map_err(|err| Error::from(err).after_writing(&ctx.journal.written()))
}

fn dispatch(ctx: &Context, command: &Command, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    match command {
        Command::List(args) => commands::list::run(ctx, args, out),
        Command::Show(args) => commands::show::run(ctx, args, out),
        Command::Depts(args) => commands::depts::run(ctx, args, out),
        Command::Validate(args) => commands::validate::run(ctx, args, out),
        Command::Update(args) => commands::update::run(ctx, args, out),
        Command::Add(args) => commands::add::run(ctx, args, out),
        Command::Fmt(args) => commands::fmt::run(ctx, args, out),
        Command::Log(args) => commands::log::run(ctx, args, out),
        Command::Import(args) => commands::import::run(ctx, args, out),
        Command::Report(args) => commands::report::run(ctx, args, out),
        Command::Forms(args) => commands::forms::run(ctx, args, out),
        Command::Collect(args) => commands::collect::run(ctx, args, out),
        Command::ClosePlan(args) => commands::close_plan::run(ctx, args, out),
        Command::CarryOver(args) => commands::carry_over::run(ctx, args, out),
        Command::Init(args) => commands::init::run(ctx, args, out),
        Command::GitSetup(_) => commands::git_setup::run(ctx, out),
        Command::MergeDriver(args) => commands::merge_driver::run(args, out),
        Command::Schema(args) => commands::schema::run(args, out),
        Command::Completions(args) => commands::completions::run(args, out),
        Command::Man(args) => commands::man::run(args, out),
    }
}
