use std::io::Write;

use anyhow::{bail, Result};

use crate::cli::ImportArgs;
use crate::context::Context;
use crate::Outcome;

pub fn run(_ctx: &Context, _args: &ImportArgs, _out: &mut dyn Write) -> Result<Outcome> {
    bail!("import: not yet implemented")
}
