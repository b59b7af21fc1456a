//! `cooptrack forms`: one fill-in workbook per department.

use std::io::Write;

use anyhow::{Context as _, Result};

use super::Outcome;
use crate::cli::FormsArgs;
use crate::context::Context;
use crate::edit::session::write_atomic;
use crate::forms;
use crate::render;

pub fn run(ctx: &Context, args: &FormsArgs, out: &mut dyn Write) -> Result<Outcome> {
    let store = super::load_usable(ctx)?;
    let forms = forms::plan_forms(&store, &args.period, &args.dept, args.due_by, ctx.today)?;
    std::fs::create_dir_all(&args.output).with_context(|| format!("{}", args.output.display()))?;
    let mut written = Vec::new();
    for form in &forms {
        let bytes = forms::write::workbook(form)?;
        let path = args.output.join(form.file_name());
        write_atomic(&path, &bytes, false)?;
        written.push((path, form));
    }
    render::forms::written(out, &args.period, &written)?;
    Ok(Outcome::Success)
}
