use std::io::Write;

use anyhow::Result;

use super::output::Output;
use super::Outcome;
use crate::cli::{ReportArgs, ReportFormat};
use crate::context::{output_format, Context};
use crate::i18n::pick;
use crate::render;
use crate::render::Style;
use crate::report::{self, Request};

pub fn run(ctx: &Context, args: &ReportArgs, out: &mut dyn Write) -> Result<Outcome> {
    let output = Output::resolve(&ctx.dir, args.output.as_deref())?;
    let format = output_format(args.format, output.file(), ReportFormat::Table)?;
    let request = Request {
        as_of: ctx.today,
        period: args.period.clone(),
        department: args.dept.clone(),
        names: args.names.into(),
        issuer: args.issuer.clone(),
        number: args.number.clone(),
        date: args.date,
        title: args.title.clone(),
        cc: args.cc.clone(),
    };
    let generated = report::generate(&ctx.dir, &request)?;
    if let Some(note) = render::text::validation_errors_note(generated.errors) {
        eprintln!("{note}");
    }
    let (report, letter) = (&generated.report, &generated.letter);
    let lang = crate::i18n::current();

    let draw = |w: &mut dyn Write, style: Style| -> Result<()> {
        match format {
            ReportFormat::Markdown => render::report::markdown(w, report, lang)?,
            ReportFormat::Html => render::html::report(w, report, lang)?,
            ReportFormat::Json => render::json::write(w, report)?,
            ReportFormat::Table => render::report::table(w, report, style, args.wide, lang)?,
            ReportFormat::Xlsx => w.write_all(&render::xlsx::workbook(report, lang)?)?,
            // A 通报 is a Chinese 公文: Chinese whatever `--lang` says.
            ReportFormat::Docx => w.write_all(&render::docx::document(
                report,
                letter,
                crate::i18n::Lang::Zh,
            )?)?,
        }
        Ok(())
    };
    let binary = matches!(format, ReportFormat::Xlsx | ReportFormat::Docx);
    let example = pick("-o 台账.xlsx、-o 通报.docx", "-o ledger.xlsx");
    output.emit(out, ctx.style, binary, example, draw)?;
    Ok(Outcome::Success)
}
