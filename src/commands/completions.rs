use std::io::Write;

use anyhow::Result;

use super::Outcome;
use crate::cli::CompletionsArgs;
use crate::complete;

pub fn run(args: &CompletionsArgs, out: &mut dyn Write) -> Result<Outcome> {
    let name = "cooptrack";
    args.shell
        .completer()
        .write_registration(complete::COMPLETE_VAR, name, name, name, out)?;
    Ok(Outcome::Success)
}
