//! The report as one self-contained HTML page: inline CSS, no scripts, no
//! network; readable on screen and printable on A4 (landscape).

use std::io::{self, Write};

use super::report::{document, notes, subtitle, title, Block};
use crate::report::{Light, Report};

const CSS: &str = r#"
@page { size: A4 landscape; margin: 12mm; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", "SimSun", sans-serif;
       font-size: 11pt; color: #1f2328; margin: 24px auto; max-width: 1200px; line-height: 1.5; }
h1 { font-size: 18pt; margin: 0 0 4px; }
.subtitle { color: #57606a; margin: 0 0 16px; }
h2 { font-size: 13pt; border-bottom: 2px solid #1f4e79; padding-bottom: 2px; margin: 20px 0 8px; break-after: avoid; }
h3 { font-size: 11pt; margin: 12px 0 4px; break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 12px; font-size: 9.5pt; }
th, td { border: 1px solid #8c959f; padding: 3px 6px; vertical-align: top; text-align: left; }
th { background: #dbe5f1; white-space: nowrap; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
td.red { background: #f8d7da; color: #842029; }
td.yellow { background: #fff3cd; color: #664d03; }
td.green { background: #d1e7dd; color: #0f5132; }
.rule { color: #57606a; font-size: 9pt; margin-top: 16px; }
@media print { body { margin: 0; max-width: none; } }
"#;

/// Text as HTML: markup characters as entities, line breaks as `<br>`,
/// other control characters as visible escapes.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("<br>"),
            // Shown, not sent: an escape, as in the terminal. (Character
            // references would not do: HTML reads &#x80;–&#x9F; as
            // Windows-1252 and refuses most C0 controls.)
            c if super::is_control(c) => {
                out.push_str(&super::escape_controls(c.encode_utf8(&mut [0; 4])))
            }
            c => out.push(c),
        }
    }
    out
}

fn class(light: Light) -> &'static str {
    match light {
        Light::Red => "red",
        Light::Yellow => "yellow",
        Light::Green => "green",
    }
}

pub fn report(out: &mut dyn Write, report: &Report) -> io::Result<()> {
    let heading = title(report);
    writeln!(out, "<!DOCTYPE html>")?;
    writeln!(
        out,
        "<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">",
        crate::i18n::pick("zh-CN", "en")
    )?;
    writeln!(
        out,
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    )?;
    writeln!(
        out,
        "<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>",
        escape(&heading)
    )?;
    writeln!(out, "<h1>{}</h1>", escape(&heading))?;
    writeln!(
        out,
        "<p class=\"subtitle\">{}</p>",
        escape(&subtitle(report))
    )?;
    for section in document(report) {
        writeln!(out, "<h2>{}</h2>", escape(&section.heading))?;
        for block in section.blocks {
            match block {
                Block::Paragraph(text) => writeln!(out, "<p>{}</p>", escape(&text))?,
                Block::Subheading(text) => writeln!(out, "<h3>{}</h3>", escape(&text))?,
                Block::Table { header, rows } => {
                    writeln!(out, "<table>\n<thead><tr>")?;
                    for h in header {
                        write!(out, "<th>{}</th>", escape(h))?;
                    }
                    writeln!(out, "</tr></thead>\n<tbody>")?;
                    for row in rows {
                        write!(out, "<tr>")?;
                        for cell in row {
                            match cell.light {
                                Some(light) => write!(
                                    out,
                                    "<td class=\"{}\">{}</td>",
                                    class(light),
                                    escape(&cell.text)
                                )?,
                                None => write!(out, "<td>{}</td>", escape(&cell.text))?,
                            }
                        }
                        writeln!(out, "</tr>")?;
                    }
                    writeln!(out, "</tbody>\n</table>")?;
                }
            }
        }
    }
    for note in notes(report) {
        writeln!(out, "<p class=\"rule\">{}</p>", escape(&note))?;
    }
    writeln!(out, "</body>\n</html>")
}
