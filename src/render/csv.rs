//! CSV with a header row, one line per task. Written to a file (or with
//! `--bom`), it starts with a UTF-8 byte order mark so that Excel, which
//! most recipients open it with, shows the Chinese text instead of
//! mojibake; a pipe gets none, for the programs that read it. A cell that would start a formula
//! (`=`, `+`, `-`, `@`, tab, carriage return) gets a `'` in front.

use std::io::{self, Write};

use super::{
    escape_controls, heading, join_names, latest_progress, lead_cell, neutralise_formula, ListView,
};
use crate::i18n::pick;
use crate::query::DepartmentStats;
use crate::render::table::{dept_cells_marked, depts_columns, with_contacts, UNREGISTERED_MARK};

const BOM: &str = "\u{feff}";

/// Where the CSV goes.
#[derive(Debug, Clone, Copy)]
pub struct Target {
    /// Starts with the byte order mark (a file, or `--bom`).
    pub bom: bool,
    /// A terminal: cells escaped as table cells are (see
    /// `escape_controls`), so that a title cannot drive the terminal. A
    /// file or pipe gets the values exact.
    pub terminal: bool,
}

struct Rows<'a> {
    w: csv::Writer<&'a mut dyn Write>,
    terminal: bool,
}

/// The writer, after the byte order mark if asked.
fn writer(out: &mut dyn Write, target: Target) -> io::Result<Rows<'_>> {
    if target.bom {
        out.write_all(BOM.as_bytes())?;
    }
    Ok(Rows {
        w: csv::Writer::from_writer(out),
        terminal: target.terminal,
    })
}

/// Writes one row. Every cell goes through here: on a terminal, control
/// and invisible characters are escaped; one that a spreadsheet would run
/// as a formula gets a `'` in front (see `neutralise_formula`); quotes,
/// commas and line breaks are the csv crate's to quote.
fn record<S: AsRef<str>>(rows: &mut Rows, cells: &[S]) -> io::Result<()> {
    let terminal = rows.terminal;
    let cells = cells.iter().map(|c| {
        let shown = match terminal {
            true => escape_controls(c.as_ref()),
            false => std::borrow::Cow::Borrowed(c.as_ref()),
        };
        neutralise_formula(&shown).into_owned()
    });
    rows.w.write_record(cells).map_err(io_error)
}

fn finish(mut rows: Rows) -> io::Result<()> {
    rows.w.flush()
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
pub fn list(out: &mut dyn Write, view: &ListView, target: Target) -> io::Result<()> {
    let mut w = writer(out, target)?;
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

pub fn depts(out: &mut dyn Write, stats: &[DepartmentStats], target: Target) -> io::Result<()> {
    let mut w = writer(out, target)?;
    record(&mut w, &depts_columns(stats))?;
    let contacts = with_contacts(stats);
    for s in stats {
        record(&mut w, &dept_cells_marked(s, UNREGISTERED_MARK, contacts))?;
    }
    finish(w)
}
