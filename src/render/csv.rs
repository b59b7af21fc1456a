//! CSV with a header row, one line per task. It starts with a UTF-8 byte
//! order mark so that Excel, which most recipients open it with, shows the
//! Chinese text instead of mojibake.

use std::io::{self, Write};

use super::{join_names, latest_progress, lead_cell, ListView};
use crate::query::DepartmentStats;
use crate::render::table::{dept_cells, DEPTS_COLUMNS};

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

pub fn list(out: &mut dyn Write, view: &ListView) -> io::Result<()> {
    let mut w = writer(out)?;
    let mut header = vec![
        "编号",
        "篇章",
        "篇章标题",
        "任务",
        "牵头单位",
        "责任单位",
        "状态",
        "完成时限",
        "最新进展",
    ];
    if view.department.is_some() {
        header.push("角色");
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
    w.write_record(DEPTS_COLUMNS).map_err(io_error)?;
    for s in stats {
        w.write_record(dept_cells(s)).map_err(io_error)?;
    }
    finish(w)
}
