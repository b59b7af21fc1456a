use std::io::Write;

use anyhow::Result;

use crate::cli::CompletionsArgs;
use crate::{complete, Outcome};

pub fn run(args: &CompletionsArgs, out: &mut dyn Write) -> Result<Outcome> {
    complete::registration(args.shell, out)?;
    Ok(Outcome::Success)
}
