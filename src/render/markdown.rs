//! GitHub-flavoured Markdown, for pasting into an issue or a wiki.

use std::io::{self, Write};

use super::ListView;
use crate::query::DepartmentStats;
use crate::render::table::{dept_cells, depts_columns, with_contacts};

/// A cell's or a line's text: `|` escaped, `&`, `<` and `>` as entities
/// (task text never becomes markup: no `<script>`, no `<img onerror>`),
/// line breaks as `<br>` (the one tag written), other control characters
/// as visible escapes (see `escape_controls`).
pub fn escape(text: &str) -> String {
    let text = text
        .replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace("\r\n", "<br>")
        .replace(['\n', '\r'], "<br>");
    super::escape_controls(&text).into_owned()
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
    let contacts = with_contacts(stats);
    let rows: Vec<Vec<String>> = stats.iter().map(|s| dept_cells(s, contacts)).collect();
    table(out, &depts_columns(stats), &rows)
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn pipes_and_newlines_cannot_break_a_row() {
        assert_eq!(escape("a|b\nc"), "a\\|b<br>c");
    }

    #[test]
    fn markup_in_text_is_shown_not_run() {
        assert_eq!(
            escape("<script>alert(1)</script> & <img src=x onerror=alert(1)>\n下"),
            "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;<br>下"
        );
    }

    #[test]
    fn control_characters_are_shown_not_sent() {
        assert_eq!(
            escape("\x1b]0;PWNED\x07\t\u{202e}甲"),
            "\\u{1b}]0;PWNED\\u{7}\\t\\u{202e}甲"
        );
    }
}
