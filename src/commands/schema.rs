use std::io::Write;

use anyhow::Result;

use crate::cli::{SchemaArgs, SchemaOf};
use crate::{schema, Outcome};

pub fn run(args: &SchemaArgs, out: &mut dyn Write) -> Result<Outcome> {
    let text = match args.of {
        SchemaOf::File => schema::task_schema_text(),
        SchemaOf::Json => schema::task_json_schema_text(),
    };
    out.write_all(text.as_bytes())?;
    Ok(Outcome::Success)
}
