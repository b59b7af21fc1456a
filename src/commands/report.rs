use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Result};

use super::Outcome;
use crate::cli::{ReportArgs, ReportFormat};
use crate::context::{output_format, Context};
use crate::edit::session::write_atomic;
use crate::i18n::pick;
use crate::render::Style;
use crate::report::{self, Request};
use crate::{render, tr};

pub fn run(ctx: &Context, args: &ReportArgs, out: &mut dyn Write) -> Result<Outcome> {
    if let Some(path) = &args.output {
        refuse_inside(&ctx.dir, path)?;
    }
    let format = output_format(args.format, args.output.as_deref(), ReportFormat::Table)?;
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
    match &args.output {
        // Straight to the terminal or pipe: nothing buffered.
        None if matches!(format, ReportFormat::Xlsx | ReportFormat::Docx) => {
            return Err(anyhow::anyhow!(pick(
                "xlsx、docx 是二进制文件，请用 -o 指定输出文件，如 -o 台账.xlsx、-o 通报.docx",
                "xlsx and docx are binary formats: name the output file with -o, such as -o ledger.xlsx",
            )));
        }
        None => draw(out, ctx.style)?,
        Some(path) => {
            // A file gets no terminal colours, and is written whole or not at all.
            let mut bytes = Vec::new();
            draw(
                &mut bytes,
                Style {
                    color: false,
                    width: crate::context::file_width(),
                },
            )?;
            write_atomic(path, &bytes, false)?;
            render::line(out, &tr!("已写入 {}", "wrote {}", path.display()))?;
        }
    }
    Ok(Outcome::Success)
}

/// `-o` may not name a file in the tasks directory (or below it): the
/// report would overwrite a task file without the lock, or be read as one.
/// Both paths are resolved first (`..`, symlinks), and so is the file
/// itself where it exists, in case it is a link into the directory.
fn refuse_inside(tasks: &Path, output: &Path) -> Result<()> {
    let Ok(tasks) = tasks.canonicalize() else {
        // No tasks directory: loading it says so.
        return Ok(());
    };
    let parent = match output.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let inside = |p: PathBuf| p.starts_with(&tasks);
    if parent.canonicalize().is_ok_and(inside) || output.canonicalize().is_ok_and(inside) {
        let (output, tasks) = (output.display(), tasks.display());
        bail!(tr!(
            "-o {output} 在任务目录 {tasks} 内：报告会覆盖任务文件或被当作任务文件读取；请写到任务目录之外",
            "-o {output} is inside the tasks directory {tasks}: the report would overwrite a task file or be read as one; write it outside the tasks directory"
        ));
    }
    Ok(())
}
