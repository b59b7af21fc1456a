//! The 问题清单 (`problems`) as a terminal table and as Markdown.

use std::io::{self, Write};

use super::narrow::{laid_out, paragraph, Cell, Fold, Words};
use super::report::{Head, Wrap};
use super::Style;
use crate::i18n::pick;
use crate::period::Period;
use crate::problems::{Mark, Problem};
use crate::tr;

fn headers() -> [&'static str; 5] {
    [
        pick("任务编号", "ID"),
        pick("任务内容", "Task"),
        pick("单位", "Department"),
        pick("情况", "Status"),
        pick("存在问题", "Problems"),
    ]
}

fn mark_text(mark: Mark) -> &'static str {
    match mark {
        Mark::New => pick(mark.label(), "New"),
        Mark::Persisting => pick(mark.label(), "Persisting"),
        Mark::Resolved => pick(mark.label(), "Resolved"),
    }
}

fn cells(p: &Problem) -> Vec<String> {
    vec![
        p.id.clone(),
        p.title.clone(),
        p.department.clone(),
        mark_text(p.mark).to_string(),
        format!("{}（{}）", p.problems, p.date),
    ]
}

/// The heading line: the period and the counts by mark.
fn summary(period: &Period, found: &[Problem]) -> String {
    let count = |mark| found.iter().filter(|p| p.mark == mark).count();
    tr!(
        "问题清单（{}）：新提出 {} 个，持续 {} 个，已解决 {} 个",
        "Problems ({}): {} new, {} persisting, {} resolved",
        period.display(),
        count(Mark::New),
        count(Mark::Persisting),
        count(Mark::Resolved)
    )
}

pub fn table(
    out: &mut dyn Write,
    period: &Period,
    found: &[Problem],
    style: Style,
) -> io::Result<()> {
    paragraph(out, &summary(period, found), usize::from(style.width))?;
    if found.is_empty() {
        return Ok(());
    }
    // The title and the problems are text; the unit a name; the rest
    // never wraps.
    let wraps = [
        Wrap::Never,
        Wrap::Text,
        Wrap::Names,
        Wrap::Never,
        Wrap::Text,
    ];
    let heads: Vec<Head> = headers()
        .into_iter()
        .zip(wraps)
        .map(|(text, wrap)| Head::new(text, wrap))
        .collect();
    let rows = found
        .iter()
        .map(|p| cells(p).into_iter().map(Cell::text).collect())
        .collect();
    let keep = Words::new(found.iter().map(|p| p.department.clone()));
    writeln!(
        out,
        "{}",
        laid_out(style, &heads, rows, &keep, Fold::Lead(1))
    )
}

pub fn markdown(out: &mut dyn Write, period: &Period, found: &[Problem]) -> io::Result<()> {
    writeln!(
        out,
        "# {}\n",
        super::markdown::escape(&summary(period, found))
    )?;
    if found.is_empty() {
        return Ok(());
    }
    let rows: Vec<Vec<String>> = found.iter().map(cells).collect();
    super::markdown::table(out, &headers(), &rows)
}
