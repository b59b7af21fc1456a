//! cooptrack: a task ledger (任务台账) for a government cooperation plan,
//! kept as one YAML file per task in a git-tracked `tasks/` directory.
//!
//! Data flows one way: the store loads and validates files, queries select
//! and group tasks, renderers draw them. Commands only wire these together.
//!
//! Modules are `pub(crate)` but for those the fuzz targets (fuzz/) and the
//! integration tests (tests/cli: the import parser, the clap definitions)
//! call: `cli`, `edit`, `forms`, `ids`, `import`, `model`, `read`,
//! `registry`, `store`, `validate`.

pub(crate) mod assess;
pub mod cli;
pub(crate) mod commands;
pub(crate) mod complete;
pub(crate) mod config;
pub(crate) mod context;
pub(crate) mod diagnostics;
pub mod edit;
pub(crate) mod error;
pub(crate) mod fingerprint;
pub mod forms;
pub(crate) mod git;
pub(crate) mod i18n;
pub mod ids;
pub mod import;
pub(crate) mod init;
pub(crate) mod layout;
pub(crate) mod ledger;
pub(crate) mod links;
pub(crate) mod merge;
pub(crate) mod milestones;
pub mod model;
pub(crate) mod pager;
pub(crate) mod period;
pub(crate) mod problems;
pub(crate) mod query;
pub mod read;
pub mod registry;
pub(crate) mod remind;
pub(crate) mod render;
pub(crate) mod report;
pub(crate) mod rulebook;
pub(crate) mod safe_text;
pub(crate) mod schema;
pub mod store;
pub mod validate;

use std::io::{self, Write};

use context::Context;

pub use commands::Outcome;
pub use error::{Error, ErrorKind};

/// Runs the command line. An error's kind says whether anything was
/// changed before it happened (see [`ErrorKind`]).
pub fn run() -> Result<Outcome, Error> {
    cli::unset_empty_environment();
    // `.cooptrack.toml`: its language counts while the command line is
    // parsed; a bad file is reported once the command line asks for work
    // (completion ignores it).
    let config = config::load(&std::env::current_dir().unwrap_or_default());
    i18n::set_configured(config.as_ref().ok().and_then(|c| c.lang));
    cli::answer_completion_if_asked();
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
    let config = config?;
    // The one place the run's language is decided; nothing changes it after.
    let lang = cli.language(config.lang);
    i18n::set(lang);
    let ctx = Context::from_cli(&cli, lang, config)?;
    let result = match pager::Pager::for_stdout(cli.no_pager) {
        // A terminal: held, then shown whole or through the pager.
        Some(pager) => {
            let mut held = Vec::new();
            let outcome = commands::dispatch(&ctx, &cli.command, &mut held);
            pager.show(&held).map_err(anyhow::Error::from).and(outcome)
        }
        None => {
            let stdout = io::stdout();
            let mut out = io::BufWriter::new(stdout.lock());
            commands::dispatch(&ctx, &cli.command, &mut out).and_then(|outcome| {
                out.flush()?;
                Ok(outcome)
            })
        }
    };
    // Whatever failed after a file was written, the file is changed.
    result.map_err(|err| Error::from(err).after_writing(&ctx.journal.written()))
}
