//! The report as one self-contained HTML page: inline CSS and inline SVG
//! charts, no script, nothing fetched; readable on screen and printable on
//! A4 landscape with page numbers. Dates, statuses, numbers and department
//! names never break across lines (`white-space: nowrap`); free text wraps
//! between them.

use std::io::{self, Write};

use super::report::{document, notes, subtitle, title, Block, Cell, Wrap};
use crate::i18n::{pick_in, Lang};
use crate::model::Status;
use crate::report::{Counts, Light, Report};

const CSS: &str = r#"
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", "SimSun", sans-serif;
       font-size: 10.5pt; color: #1f2328; margin: 24px auto; max-width: 1200px; line-height: 1.5; }
h1 { font-size: 18pt; margin: 0 0 4px; }
.subtitle { color: #57606a; margin: 0 0 16px; }
h2 { font-size: 13pt; border-bottom: 2px solid #1f4e79; padding-bottom: 2px; margin: 20px 0 8px; break-after: avoid; }
h3 { font-size: 11pt; margin: 12px 0 4px; break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 12px; font-size: 9pt; }
th, td { border: 1px solid #8c959f; padding: 2px 5px; vertical-align: top; text-align: left; }
th { background: #dbe5f1; white-space: nowrap; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
td.nw, .nw { white-space: nowrap; }
td.tx { min-width: 6.5em; }
td.num { text-align: right; }
td.red { background: #f8d7da; color: #842029; }
td.yellow { background: #fff3cd; color: #664d03; }
td.green { background: #d1e7dd; color: #0f5132; }
figure { margin: 8px 0 16px; break-inside: avoid; }
figcaption { font-size: 9.5pt; color: #57606a; margin-bottom: 2px; }
svg text { font-family: inherit; font-size: 11px; fill: #1f2328; }
.rule { color: #57606a; font-size: 9pt; margin-top: 12px; }
@media print { body { margin: 0; max-width: none; } }
"#;

/// Text as HTML: markup characters as entities, line breaks as `<br>`,
/// other control characters, U+FFFE and U+FFFF as visible escapes.
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
            // Not characters (XML 1.0, and so an SVG, refuses them).
            '\u{fffe}' | '\u{ffff}' => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
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

/// Words that must not break: department names and statuses.
struct Keep {
    words: super::narrow::Words,
}

impl Keep {
    fn of(report: &Report, lang: Lang) -> Keep {
        Keep {
            words: super::narrow::kept_words(report, lang),
        }
    }

    /// Free text as HTML, each number, date, Latin word, status and
    /// department name in a span that does not wrap.
    fn text(&self, text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        let mut run = String::new();
        let flush_run = |run: &mut String, out: &mut String| {
            if !run.is_empty() {
                out.push_str(&format!("<span class=\"nw\">{}</span>", escape(run)));
                run.clear();
            }
        };
        while let Some(c) = rest.chars().next() {
            if let Some(word) = self.words.longest_at(rest) {
                flush_run(&mut run, &mut out);
                out.push_str(&format!("<span class=\"nw\">{}</span>", escape(word)));
                rest = &rest[word.len()..];
                continue;
            }
            if c.is_ascii_alphanumeric() || (!run.is_empty() && "-.%/:_".contains(c)) {
                run.push(c);
            } else {
                flush_run(&mut run, &mut out);
                out.push_str(&escape(c.encode_utf8(&mut [0; 4])));
            }
            rest = &rest[c.len_utf8()..];
        }
        flush_run(&mut run, &mut out);
        out
    }

    /// A list of names: each whole, breaks only between them.
    fn names(&self, text: &str) -> String {
        text.split('、')
            .map(|name| format!("<span class=\"nw\">{}</span>", escape(name)))
            .collect::<Vec<_>>()
            .join("、")
    }
}

fn cell_html(out: &mut dyn Write, cell: &Cell, wrap: Wrap, keep: &Keep) -> io::Result<()> {
    let mut classes = Vec::new();
    if let Some(light) = cell.light {
        classes.push(class(light));
    }
    let inner = match wrap {
        Wrap::Never => {
            classes.push("nw");
            let digits =
                |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || c == '.');
            let text = cell.text.as_str();
            if text.chars().all(|c| c.is_ascii_digit()) && !text.is_empty()
                || text.strip_suffix('%').is_some_and(digits)
            {
                classes.push("num");
            }
            escape(&cell.text)
        }
        Wrap::Names => keep.names(&cell.text),
        Wrap::Text => {
            classes.push("tx");
            keep.text(&cell.text)
        }
    };
    if classes.is_empty() {
        write!(out, "<td>{inner}</td>")
    } else {
        write!(out, "<td class=\"{}\">{inner}</td>", classes.join(" "))
    }
}

pub fn report(out: &mut dyn Write, report: &Report, lang: Lang) -> io::Result<()> {
    let heading = title(report, lang);
    let keep = Keep::of(report, lang);
    writeln!(out, "<!DOCTYPE html>")?;
    writeln!(
        out,
        "<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">",
        pick_in(lang, "zh-CN", "en")
    )?;
    writeln!(
        out,
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    )?;
    let pages = pick_in(
        lang,
        "\"第 \" counter(page) \" 页，共 \" counter(pages) \" 页\"",
        "\"Page \" counter(page) \" of \" counter(pages)",
    );
    writeln!(
        out,
        "<title>{}</title>\n<style>\n@page {{ size: A4 landscape; margin: 14mm 12mm 16mm; @bottom-center {{ content: {pages}; font-size: 9pt; color: #57606a; }} }}{CSS}</style>\n</head>\n<body>",
        escape(&heading)
    )?;
    writeln!(out, "<h1>{}</h1>", escape(&heading))?;
    writeln!(
        out,
        "<p class=\"subtitle\">{}</p>",
        keep.text(&subtitle(report, lang))
    )?;
    for (index, section) in document(report, lang).into_iter().enumerate() {
        writeln!(out, "<h2>{}</h2>", keep.text(&section.heading))?;
        for block in section.blocks {
            match block {
                Block::Paragraph(text) => writeln!(out, "<p>{}</p>", keep.text(&text))?,
                Block::Subheading(text) => writeln!(out, "<h3>{}</h3>", keep.text(&text))?,
                Block::Table { header, rows } => {
                    let wraps: Vec<Wrap> = header.iter().map(|h| h.wrap).collect();
                    writeln!(out, "<table>\n<thead><tr>")?;
                    for h in &header {
                        write!(out, "<th>{}</th>", escape(h.text))?;
                    }
                    writeln!(out, "</tr></thead>\n<tbody>")?;
                    for row in rows {
                        write!(out, "<tr>")?;
                        for (i, cell) in row.iter().enumerate() {
                            let wrap = wraps.get(i).copied().unwrap_or(Wrap::Text);
                            cell_html(out, cell, wrap, &keep)?;
                        }
                        writeln!(out, "</tr>")?;
                    }
                    writeln!(out, "</tbody>\n</table>")?;
                }
            }
        }
        // The charts close the overview.
        if index == 0 {
            charts(out, report, lang)?;
        }
    }
    for note in notes(report, lang) {
        writeln!(out, "<p class=\"rule\">{}</p>", keep.text(&note))?;
    }
    writeln!(out, "</body>\n</html>")
}

/// Widest bar, in SVG units (pixels on screen).
const BAR: f64 = 480.0;
/// Room for the labels left of the bars.
const LABEL: f64 = 150.0;

/// The segments of a department's bar: its counts by status, 已结转 last.
fn segments(counts: &Counts, lang: Lang) -> [(&'static str, &'static str, &'static str, usize); 6] {
    [
        (
            "done",
            Status::Done.display_in(lang),
            "#2e7d32",
            counts.done,
        ),
        (
            "in_progress",
            Status::InProgress.display_in(lang),
            "#1f77b4",
            counts.in_progress,
        ),
        (
            "not_started",
            Status::NotStarted.display_in(lang),
            "#9e9e9e",
            counts.not_started,
        ),
        (
            "delayed",
            Status::Delayed.display_in(lang),
            "#c62828",
            counts.delayed,
        ),
        (
            "cancelled",
            Status::Cancelled.display_in(lang),
            "#616161",
            counts.cancelled,
        ),
        (
            "carried_over",
            pick_in(lang, "已结转", "Carried over"),
            "#8e6cbf",
            counts.carried_over,
        ),
    ]
}

/// A number of tasks as a length: `count` × `unit`, one decimal.
fn length(count: usize, unit: f64) -> String {
    format!("{:.1}", count as f64 * unit)
}

fn charts(out: &mut dyn Write, report: &Report, lang: Lang) -> io::Result<()> {
    departments_chart(out, report, lang)?;
    lights_chart(out, report, lang)?;
    months_chart(out, report, lang)
}

/// Tasks per lead department, stacked by status.
fn departments_chart(out: &mut dyn Write, report: &Report, lang: Lang) -> io::Result<()> {
    let most = report
        .departments
        .iter()
        .map(|d| d.led)
        .max()
        .unwrap_or(0)
        .max(1);
    let unit = BAR / most as f64;
    let row = 22.0;
    let top = 26.0;
    let height = top + row * report.departments.len() as f64 + 4.0;
    let width = LABEL + BAR + 40.0;
    writeln!(
        out,
        "<figure>\n<figcaption>{}</figcaption>",
        escape(pick_in(
            lang,
            "图 1　各牵头单位任务状态（每项任务一格）",
            "Figure 1. Tasks per lead department, by status"
        ))
    )?;
    writeln!(
        out,
        "<svg class=\"chart departments\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" data-unit=\"{unit}\" role=\"img\">"
    )?;
    // Legend.
    let mut x = LABEL;
    for (_, label, color, _) in segments(&Counts::default(), lang) {
        writeln!(
            out,
            "<rect x=\"{x:.1}\" y=\"4\" width=\"10\" height=\"10\" fill=\"{color}\"/><text x=\"{:.1}\" y=\"13\">{}</text>",
            x + 13.0,
            escape(label)
        )?;
        x += 26.0 + 12.0 * label.chars().count() as f64;
    }
    for (i, d) in report.departments.iter().enumerate() {
        let y = top + row * i as f64;
        writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            LABEL - 6.0,
            y + 13.0,
            escape(&d.name)
        )?;
        let mut x = LABEL;
        for (key, label, color, count) in segments(&d.counts, lang) {
            if count == 0 {
                continue;
            }
            let w = length(count, unit);
            writeln!(
                out,
                "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w}\" height=\"16\" fill=\"{color}\" data-dept=\"{}\" data-status=\"{key}\" data-count=\"{count}\"><title>{} {} {count}</title></rect>",
                escape(&d.name),
                escape(&d.name),
                escape(label)
            )?;
            x += count as f64 * unit;
        }
        writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            x + 4.0,
            y + 13.0,
            d.led
        )?;
    }
    writeln!(out, "</svg>\n</figure>")
}

/// The lights: a bar each for red, yellow and green.
fn lights_chart(out: &mut dyn Write, report: &Report, lang: Lang) -> io::Result<()> {
    let o = &report.overview.counts;
    let unit = BAR / o.total.max(1) as f64;
    let lights = [
        (Light::Red, "#c62828", o.red),
        (Light::Yellow, "#f9a825", o.yellow),
        (Light::Green, "#2e7d32", o.green),
    ];
    let width = LABEL + BAR + 40.0;
    writeln!(
        out,
        "<figure>\n<figcaption>{}</figcaption>",
        escape(pick_in(lang, "图 2　预警汇总", "Figure 2. Lights"))
    )?;
    writeln!(
        out,
        "<svg class=\"chart lights\" viewBox=\"0 0 {width} 76\" width=\"{width}\" height=\"76\" data-unit=\"{unit}\" role=\"img\">"
    )?;
    for (i, (light, color, count)) in lights.into_iter().enumerate() {
        let y = 4.0 + 24.0 * i as f64;
        let w = length(count, unit);
        writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text><rect x=\"{LABEL}\" y=\"{y:.1}\" width=\"{w}\" height=\"16\" fill=\"{color}\" data-light=\"{}\" data-count=\"{count}\"/><text x=\"{:.1}\" y=\"{:.1}\">{count}</text>",
            LABEL - 6.0,
            y + 13.0,
            escape(light.label_in(lang)),
            class(light),
            LABEL + count as f64 * unit + 4.0,
            y + 13.0
        )?;
    }
    writeln!(out, "</svg>\n</figure>")
}

/// Progress entries per month, from the plan's issue to the as-of date.
fn months_chart(out: &mut dyn Write, report: &Report, lang: Lang) -> io::Result<()> {
    let months = &report.entries_by_month;
    let most = months.iter().map(|m| m.entries).max().unwrap_or(0).max(1);
    let plot = 120.0;
    let unit = plot / most as f64;
    let step = (900.0 / months.len().max(1) as f64).clamp(4.0, 24.0);
    let left = 30.0;
    let width = left + step * months.len() as f64 + 10.0;
    let height = plot + 40.0;
    let total: usize = months.iter().map(|m| m.entries).sum();
    let caption = crate::tr_in!(
        lang,
        "图 3　每月报送进展条数（共 {total} 条，最多一月 {most} 条）",
        "Figure 3. Progress entries per month ({total} in all, at most {most} in a month)"
    );
    writeln!(
        out,
        "<figure>\n<figcaption>{}</figcaption>",
        escape(&caption)
    )?;
    writeln!(
        out,
        "<svg class=\"chart months\" viewBox=\"0 0 {width:.1} {height}\" width=\"{width:.1}\" height=\"{height}\" data-unit=\"{unit}\" role=\"img\">"
    )?;
    let base = 10.0 + plot;
    writeln!(
        out,
        "<line x1=\"{left}\" y1=\"{base}\" x2=\"{:.1}\" y2=\"{base}\" stroke=\"#8c959f\"/><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{most}</text>",
        width - 10.0,
        left - 4.0,
        base - plot + 4.0
    )?;
    for (i, m) in months.iter().enumerate() {
        let x = left + step * i as f64;
        if m.entries > 0 {
            let h = m.entries as f64 * unit;
            writeln!(
                out,
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{}\" fill=\"#1f77b4\" data-month=\"{}\" data-count=\"{}\"><title>{} {}</title></rect>",
                x + 1.0,
                base - h,
                (step - 2.0).max(1.0),
                length(m.entries, unit),
                m.month,
                m.entries,
                m.month,
                m.entries
            )?;
        }
        // Each January, and the first month unless a January follows soon.
        let first = i == 0 && months.iter().take(6).all(|m| !m.month.ends_with("-01"));
        if m.month.ends_with("-01") || first {
            writeln!(
                out,
                "<text x=\"{x:.1}\" y=\"{:.1}\">{}</text>",
                base + 16.0,
                &m.month[..4]
            )?;
        }
    }
    writeln!(out, "</svg>\n</figure>")
}
