//! CSV with a header row, one line per task. Written to a file (or with
//! `--bom`), it starts with a UTF-8 byte order mark so that Excel, which
//! most recipients open it with, shows the Chinese text instead of
//! mojibake; a pipe gets none, for the programs that read it. A cell that would start a formula
//! (`=`, `+`, `-`, `@`, tab, carriage return) gets a `'` in front.

use std::io::{self, Write};

use super::{heading, join_names, latest_progress, lead_cell, neutralise_formula, ListView};
use crate::i18n::pick;
use crate::query::DepartmentStats;
use crate::render::table::{dept_cells_marked, depts_columns, with_contacts, UNREGISTERED_MARK};

const BOM: &str = "\u{feff}";

/// The writer, after the byte order mark if `bom` (a file, or `--bom`).
fn writer(out: &mut dyn Write, bom: bool) -> io::Result<csv::Writer<&mut dyn Write>> {
    if bom {
        out.write_all(BOM.as_bytes())?;
    }
    Ok(csv::Writer::from_writer(out))
}

/// Writes one row. Every cell goes through here: one that a spreadsheet
/// would run as a formula gets a `'` in front (see `neutralise_formula`);
/// quotes, commas and line breaks are the csv crate's to quote.
fn record<S: AsRef<str>>(w: &mut csv::Writer<&mut dyn Write>, cells: &[S]) -> io::Result<()> {
    let cells = cells.iter().map(|c| neutralise_formula(c.as_ref()));
    w.write_record(cells.map(|c| c.into_owned()))
        .map_err(io_error)
}

fn finish(mut w: csv::Writer<&mut dyn Write>) -> io::Result<()> {
    w.flush()
}

/// Keeps the underlying I/O error (a closed pipe above all) recognisable.
fn io_error(err: csv::Error) -> io::Error {
    match err.into_kind() {
        csv::ErrorKind::Io(io) => io,
        other => io::Error::other(format!("CSV: {other:?}")),
    }
}

/// Only the header row follows the language: the cells are data, written
/// as the files have them (Chinese status and role labels).
pub fn list(out: &mut dyn Write, view: &ListView, bom: bool) -> io::Result<()> {
    let mut w = writer(out, bom)?;
    let mut header = vec![
        heading::id(),
        heading::section(),
        pick("篇章标题", "Heading"),
        heading::task(),
        heading::lead(),
        heading::responsible(),
        heading::status(),
        heading::due(),
        heading::latest_progress(),
    ];
    if view.department.is_some() {
        header.push(heading::role());
    }
    record(&mut w, &header)?;
    for m in &view.matches {
        let task = &m.file.task;
        let mut cells = vec![
            task.id.clone(),
            task.section.to_string(),
            task.heading.clone(),
            task.title.clone(),
            lead_cell(task),
            join_names(&task.responsible),
            task.status.label().to_string(),
            task.due.format("%Y-%m-%d").to_string(),
            latest_progress(task),
        ];
        if view.department.is_some() {
            cells.push(m.role.map(|r| r.label()).unwrap_or("").to_string());
        }
        record(&mut w, &cells)?;
    }
    finish(w)
}

pub fn depts(out: &mut dyn Write, stats: &[DepartmentStats], bom: bool) -> io::Result<()> {
    let mut w = writer(out, bom)?;
    record(&mut w, &depts_columns(stats))?;
    let contacts = with_contacts(stats);
    for s in stats {
        record(&mut w, &dept_cells_marked(s, UNREGISTERED_MARK, contacts))?;
    }
    finish(w)
}
