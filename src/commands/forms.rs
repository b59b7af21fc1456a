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
    // Every name checked and every workbook made before any file is
    // written: a clash or a failure writes nothing.
    let names = forms::file_names(&forms)?;
    let books = forms
        .iter()
        .map(forms::write::workbook)
        .collect::<Result<Vec<_>>>()?;
    std::fs::create_dir_all(&args.output).with_context(|| format!("{}", args.output.display()))?;
    let mut written = Vec::new();
    for ((form, name), bytes) in forms.iter().zip(names).zip(books) {
        let path = args.output.join(name);
        write_atomic(&path, &bytes, false)?;
        written.push((path, form));
    }
    render::forms::written(out, &args.period, &written)?;
    Ok(Outcome::Success)
}
