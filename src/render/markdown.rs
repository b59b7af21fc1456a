//! GitHub-flavoured Markdown, for pasting into an issue or a wiki.

use std::io::{self, Write};

use super::ListView;
use crate::query::DepartmentStats;
use crate::render::table::{dept_cells, depts_columns};

/// A cell's text: `|` escaped, line breaks as `<br>`.
pub fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace("\r\n", "<br>")
        .replace(['\n', '\r'], "<br>")
}

pub(crate) fn table(out: &mut dyn Write, header: &[&str], rows: &[Vec<String>]) -> io::Result<()> {
    writeln!(out, "| {} |", header.join(" | "))?;
    writeln!(out, "|{}", "---|".repeat(header.len()))?;
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| escape(c)).collect();
        writeln!(out, "| {} |", cells.join(" | "))?;
    }
    Ok(())
}

pub fn list(out: &mut dyn Write, view: &ListView) -> io::Result<()> {
    let columns = view.columns();
    for group in &view.groups {
        writeln!(out, "### {}", escape(&view.group_heading(group)))?;
        writeln!(out)?;
        let rows: Vec<Vec<String>> = group.rows.iter().map(|r| view.cells(r)).collect();
        table(out, &columns, &rows)?;
        writeln!(out)?;
    }
    writeln!(out, "{}", escape(&view.summary()))
}

pub fn depts(out: &mut dyn Write, stats: &[DepartmentStats]) -> io::Result<()> {
    let rows: Vec<Vec<String>> = stats.iter().map(dept_cells).collect();
    table(out, &depts_columns(), &rows)
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn pipes_and_newlines_cannot_break_a_row() {
        assert_eq!(escape("a|b\nc"), "a\\|b<br>c");
    }
}
