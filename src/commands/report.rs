use std::io::Write;

use anyhow::{Context as _, Result};

use crate::cli::{ReportArgs, ReportFormat};
use crate::context::{Context, Style};
use crate::i18n::pick;
use crate::query::known_department;
use crate::report::{self, Options, Period};
use crate::write::write_atomic;
use crate::{render, tr, Outcome};

pub fn run(ctx: &Context, args: &ReportArgs, out: &mut dyn Write) -> Result<Outcome> {
    let mut store = ctx.load_meta()?;
    store.load_tasks(&|task| Some(task.without_text()))?;
    store.require_usable()?;
    let department = args
        .dept
        .as_deref()
        .map(|name| known_department(&store.registry, name))
        .transpose()?;
    let options = Options {
        as_of: ctx.today,
        period: args
            .period
            .clone()
            .unwrap_or_else(|| Period::quarter_of(ctx.today)),
        department,
        names: args.names,
    };
    let report = report::build(&store, &options)?;

    let bytes = match args.format {
        ReportFormat::Xlsx => {
            args.output.as_ref().context(pick(
                "xlsx 是二进制文件，请用 -o 指定输出文件，如 -o 台账.xlsx",
                "xlsx is a binary format: name the output file with -o, such as -o ledger.xlsx",
            ))?;
            render::xlsx::workbook(&report)?
        }
        format => {
            // A file gets no terminal colours.
            let style = if args.output.is_some() {
                Style {
                    color: false,
                    ..ctx.style
                }
            } else {
                ctx.style
            };
            let mut buffer = Vec::new();
            match format {
                ReportFormat::Markdown => render::report::markdown(&mut buffer, &report)?,
                ReportFormat::Html => render::html::report(&mut buffer, &report)?,
                ReportFormat::Json => render::json::write(&mut buffer, &report)?,
                _ => render::report::table(&mut buffer, &report, style)?,
            }
            buffer
        }
    };
    match &args.output {
        Some(path) => {
            write_atomic(path, &bytes, false)?;
            writeln!(out, "{}", tr!("已写入 {}", "wrote {}", path.display()))?;
        }
        None => out.write_all(&bytes)?,
    }
    Ok(Outcome::Success)
}
