use std::io::Write;

use anyhow::Result;

use super::Outcome;
use crate::cli::{SchemaArgs, SchemaOf};
use crate::{render, schema};

pub fn run(args: &SchemaArgs, out: &mut dyn Write) -> Result<Outcome> {
    let text = match args.of {
        SchemaOf::File => schema::task_schema_text(),
        SchemaOf::Json => schema::pretty(&render::json::task_schema()),
    };
    out.write_all(text.as_bytes())?;
    Ok(Outcome::Success)
}
