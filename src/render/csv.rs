//! CSV with a header row, one line per task. It starts with a UTF-8 byte
//! order mark so that Excel, which most recipients open it with, shows the
//! Chinese text instead of mojibake.

use std::io::{self, Write};

use super::{heading, join_names, latest_progress, lead_cell, ListView};
use crate::i18n::pick;
use crate::query::DepartmentStats;
use crate::render::table::{dept_cells_marked, depts_columns, UNREGISTERED_MARK};

const BOM: &str = "\u{feff}";

fn writer(out: &mut dyn Write) -> io::Result<csv::Writer<&mut dyn Write>> {
    out.write_all(BOM.as_bytes())?;
    Ok(csv::Writer::from_writer(out))
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
pub fn list(out: &mut dyn Write, view: &ListView) -> io::Result<()> {
    let mut w = writer(out)?;
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
    w.write_record(&header).map_err(io_error)?;
    for m in &view.matches {
        let task = &m.file.task;
        let mut record = vec![
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
            record.push(m.role.map(|r| r.label()).unwrap_or("").to_string());
        }
        w.write_record(&record).map_err(io_error)?;
    }
    finish(w)
}

pub fn depts(out: &mut dyn Write, stats: &[DepartmentStats]) -> io::Result<()> {
    let mut w = writer(out)?;
    w.write_record(depts_columns()).map_err(io_error)?;
    for s in stats {
        w.write_record(dept_cells_marked(s, UNREGISTERED_MARK))
            .map_err(io_error)?;
    }
    finish(w)
}
