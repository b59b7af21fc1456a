use std::io::Write;

use anyhow::Result;

use crate::context::Context;
use crate::{schema, Outcome};

pub fn run(_ctx: &Context, out: &mut dyn Write) -> Result<Outcome> {
    out.write_all(schema::task_schema_text().as_bytes())?;
    Ok(Outcome::Success)
}
