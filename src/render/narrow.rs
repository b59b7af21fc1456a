//! The report's narrow layout (where the full one does not fit or takes
//! more lines: see `report::table`), and the table engine every terminal
//! table uses (`fit`, `laid_out`): fewer columns,
//! every table laid out here so that no number, date, status or
//! department name is ever broken across lines. Only the task's title is
//! cut (with …) and free text (progress notes, the list of task ids) is
//! wrapped, at spaces and after Chinese punctuation, never inside a run of
//! digits or Latin letters. `report --wide` forces the full layout.

use std::collections::HashSet;
use std::io::{self, Write};

use comfy_table::{Cell as TableCell, Color, ContentArrangement, Table};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::escape_controls;
use super::heading;
use super::ledger::column;
use super::report::{
    next_steps_heading, notes, notice_rule, overview_text, partly_heading, problems_heading,
    rate_text, reason_text, subtitle, title, Head, Wrap,
};
use crate::i18n::{count, pick_in, Lang};
use crate::render::Style;
use crate::report::{Light, Report, TaskLine};
use crate::tr_in;

/// Narrowest a cut or wrapped column gets.
const MIN_FLEX: usize = 8;

/// A cell of the table engine: its lines (already made safe for the
/// terminal) and its colour (a light's, a status's).
#[derive(Clone)]
pub struct Cell {
    lines: Vec<String>,
    color: Option<Color>,
}

impl Cell {
    /// Data: a line break typed in it (Alt+Enter in a form's cell) is a
    /// line break of the cell; other control characters are shown escaped.
    pub fn text(text: impl AsRef<str>) -> Cell {
        Cell {
            lines: typed_lines(text.as_ref()),
            color: None,
        }
    }

    fn lines(lines: Vec<String>) -> Cell {
        Cell {
            lines: lines
                .iter()
                .map(|l| escape_controls(l).into_owned())
                .collect(),
            color: None,
        }
    }

    /// The cell in `color` where colour is on.
    pub fn colored(mut self, color: Color) -> Cell {
        self.color = Some(color);
        self
    }

    fn lit(mut self, light: Option<Light>) -> Cell {
        self.color = light.map(|light| match light {
            Light::Red => Color::Red,
            Light::Yellow => Color::Yellow,
            Light::Green => Color::Green,
        });
        self
    }

    fn width(&self) -> usize {
        self.lines.iter().map(|l| l.width()).max().unwrap_or(0)
    }
}

/// A text's typed lines ("\r\n" or "\n" between them), each made safe
/// for the terminal.
pub fn typed_lines(text: &str) -> Vec<String> {
    text.split('\n')
        .map(|line| escape_controls(line.strip_suffix('\r').unwrap_or(line)).into_owned())
        .collect()
}

/// What a table does with the one column that takes the room left over.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Flex {
    /// Cut to one line with "…" (the task's title).
    Cut,
    /// Wrapped at safe points (free text).
    Wrap,
}

/// Text as lines no wider than `width`, broken where Chinese text may
/// break: at spaces and between Chinese characters, never before a
/// closing mark ("、，。）") nor after an opening one ("（"), never inside
/// a run of digits, Latin letters or the marks that join them
/// (`2020-06-30`, `0.0%`, `1.2`). A line break typed in the text is kept.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    wrap_keeping(text, width, statuses())
}

/// The statuses in both languages (and 已结转): kept whole wherever text
/// wraps.
fn statuses() -> &'static Words {
    static STATUSES: std::sync::OnceLock<Words> = std::sync::OnceLock::new();
    STATUSES.get_or_init(|| {
        Words::new(
            [Lang::Zh, Lang::En]
                .into_iter()
                .flat_map(|lang| {
                    crate::model::Status::ALL
                        .iter()
                        .map(move |s| s.display_in(lang).to_string())
                        .chain([pick_in(lang, "已结转", "carried over").to_string()])
                })
                .chain(["Carried over".to_string()]),
        )
    })
}

/// `wrap`, keeping each of `keep` (department names, statuses) whole too.
/// The lines are filled greedily, so a wider line never takes more lines.
fn wrap_keeping(text: &str, width: usize, keep: &Words) -> Vec<String> {
    fill(text, width, |paragraph| segments(paragraph, keep))
}

/// A list of names as lines no wider than `width`, broken only after a
/// separator ("、", a space): a name is never broken.
fn wrap_names(text: &str, width: usize, keep: &Words) -> Vec<String> {
    fill(text, width, |paragraph| pieces(paragraph, keep))
}

/// Each paragraph of `text` cut into unbreakable segments, which fill
/// lines of `width` columns in turn; spaces at a line's ends are dropped.
fn fill<'t>(
    text: &'t str,
    width: usize,
    segments: impl Fn(&'t str) -> Vec<&'t str>,
) -> Vec<String> {
    let width = width.max(2);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for segment in segments(paragraph) {
            let body = segment.trim_end();
            if line.trim_end().is_empty() {
                line = segment.trim_start().to_string();
            } else if line.width() + body.width() <= width {
                line.push_str(segment);
            } else {
                lines.push(line.trim_end().to_string());
                line = segment.trim_start().to_string();
            }
        }
        lines.push(line.trim_end().to_string());
    }
    lines
}

/// Whether `c` belongs to an unbreakable run: digits, Latin letters and
/// the marks inside numbers, dates and ids.
fn joins(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-.%/:_()+#".contains(c) || c.is_ascii_punctuation() && c != ' '
}

/// Marks a line never starts with.
const NO_BREAK_BEFORE: &str = "、，。；：！？）】》」』”’〕,.;:!?)";

/// Marks a line never ends with.
const NO_BREAK_AFTER: &str = "（【《「『“‘〔([";

/// The unbreakable segments of a line of text, each with the spaces
/// after it: a kept word, a run that `joins`, or a Chinese character, with
/// the marks that may not be parted from it (and a number with the
/// Chinese word after it: "683 天").
fn segments<'t>(text: &'t str, keep: &Words) -> Vec<&'t str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    // Whether a break may come before the atom at `i`, and whether the
    // atom before it was a number.
    let mut glued = true;
    let mut numeric = false;
    while i < text.len() {
        let rest = &text[i..];
        let c = rest.chars().next().unwrap_or(' ');
        let atom = if let Some(word) = keep.longest_at(rest) {
            word.len()
        } else if joins(c) {
            // The run ends where a kept word starts ("[Not started").
            rest.char_indices()
                .skip(1)
                .find(|&(at, c)| !joins(c) || keep.longest_at(&rest[at..]).is_some())
                .map_or(rest.len(), |(at, _)| at)
        } else {
            c.len_utf8()
        };
        let space = c == ' ' || c == '\u{3000}';
        if !glued && !space && !NO_BREAK_BEFORE.contains(c) && i > start {
            out.push(&text[start..i]);
            start = i;
        }
        let last = text[i..i + atom].chars().last().unwrap_or(' ');
        // A number keeps the Chinese word it counts: "683 天", "3 项".
        let counted = c == ' '
            && numeric
            && text[i + atom..]
                .chars()
                .next()
                .is_some_and(|next| !next.is_ascii() && next != '\u{3000}');
        glued = NO_BREAK_AFTER.contains(last) || counted;
        numeric = joins(c) && (last.is_ascii_digit() || last == '%');
        i += atom;
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// The pieces a list of names may break after: each ends with a space or
/// a Chinese punctuation mark (or the text's end).
fn pieces<'t>(text: &'t str, keep: &Words) -> Vec<&'t str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    // Where a kept word ("Not started") ends: no break inside it.
    let mut kept_until = 0;
    while let Some((i, c)) = chars.next() {
        if i >= kept_until {
            if let Some(word) = keep.longest_at(&text[i..]) {
                kept_until = i + word.len();
            }
        }
        if i + c.len_utf8() < kept_until {
            continue;
        }
        // Never a break before a closing mark ("）、").
        let closing_next = chars
            .peek()
            .is_some_and(|(_, next)| NO_BREAK_BEFORE.contains(*next));
        if !closing_next && (c == ' ' || c == '\u{3000}' || "，。；：、！？）】》".contains(c))
        {
            let end = i + c.len_utf8();
            out.push(&text[start..end]);
            start = end;
        }
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// The widths of what wrapping never breaks: the pieces between breaks
/// for a list of names, the segments of text otherwise.
fn unbreakable(line: &str, names: bool, keep: &Words) -> Vec<usize> {
    let parts = if names {
        pieces(line, keep)
    } else {
        segments(line, keep)
    };
    parts.iter().map(|p| p.trim().width()).collect()
}

/// `text` cut to `width` columns, "…" marking the cut.
pub fn cut(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// A table laid out here: every column as wide as its widest line, but
/// `flex`, which gets the room left over (at least `MIN_FLEX`) and cuts or
/// wraps its text to it. comfy-table does no arrangement of its own.
fn table(
    style: Style,
    header: &[&'static str],
    mut rows: Vec<Vec<Cell>>,
    flex: Option<(usize, Flex)>,
    texts: &[usize],
    keep: &Words,
    lang: Lang,
) -> Table {
    let columns = header.len();
    let unfitted = rows.clone();
    let line_width = |h: &str| h.split('\n').map(|l| l.width()).max().unwrap_or(0);
    let mut widths: Vec<usize> = header.iter().map(|h| line_width(h)).collect();
    for row in &rows {
        for (i, cell) in row.iter().enumerate().take(columns) {
            widths[i] = widths[i].max(cell.width());
        }
    }
    if let Some((column, how)) = flex {
        // Each column has a space either side and a rule; one more for the edge.
        let overhead = 3 * columns + 1;
        let others: usize = widths
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != column)
            .map(|(_, w)| w)
            .sum();
        let room = usize::from(style.width)
            .saturating_sub(overhead + others)
            .max(MIN_FLEX)
            .max(line_width(header[column]));
        for row in &mut rows {
            if let Some(cell) = row.get_mut(column) {
                cell.lines = match how {
                    Flex::Cut => cell.lines.iter().map(|l| cut(l, room)).collect(),
                    Flex::Wrap => cell
                        .lines
                        .iter()
                        .flat_map(|l| wrap_keeping(l, room, keep))
                        .collect(),
                };
            }
        }
    }
    // Still too wide (a table of numbers in 60 columns): folded.
    let widths: Vec<usize> = (0..columns)
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(Cell::width)
                .chain([line_width(header[i])])
                .max()
                .unwrap_or(0)
        })
        .collect();
    if columns > 2 && widths.iter().sum::<usize>() + 3 * columns + 1 > usize::from(style.width) {
        let heads: Vec<Head> = header
            .iter()
            .enumerate()
            .map(|(i, h)| match flex {
                Some((column, _)) if column == i => Head::new(h, Wrap::Text),
                _ if texts.contains(&i) => Head::new(h, Wrap::Text),
                _ => Head::fixed(h),
            })
            .collect();
        let (heads, rows, pairs) = fold(
            &heads,
            &unfitted,
            Fold::Under(pick_in(lang, "情况", "Details")),
            lang,
        );
        return fit(style, &heads, rows, &keep.with(pairs));
    }
    draw(style, header, rows)
}

/// The table as comfy-table draws it, each cell's lines as laid out here
/// (comfy-table does no arrangement of its own).
fn draw(style: Style, header: &[&str], rows: Vec<Vec<Cell>>) -> Table {
    let mut table = super::table::new_table(style, &[]);
    table.set_content_arrangement(ContentArrangement::Disabled);
    // Headers are the program's own labels: a line break in one is meant.
    table.set_header(header.iter().map(|h| {
        let cell = TableCell::new(h);
        if style.color {
            cell.add_attribute(comfy_table::Attribute::Bold)
        } else {
            cell
        }
    }));
    for row in rows {
        table.add_row(row.into_iter().map(|cell| {
            let text = TableCell::new(cell.lines.join("\n"));
            match (style.color, cell.color) {
                (true, Some(color)) => text.fg(color),
                _ => text,
            }
        }));
    }
    table
}

/// The table without its optional columns (存在问题, 下步打算, 配合单位进展)
/// where nothing is in them: they give their room to the rest.
fn without_empty_optional(
    header: &[Head],
    rows: Vec<Vec<super::report::Cell>>,
) -> (Vec<Head>, Vec<Vec<super::report::Cell>>) {
    let keep: Vec<bool> = (0..header.len())
        .map(|i| {
            !header[i].optional
                || rows
                    .iter()
                    .any(|r| r.get(i).is_some_and(|c| !c.text.is_empty()))
        })
        .collect();
    let header = header
        .iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|(h, _)| *h)
        .collect();
    let rows = rows
        .into_iter()
        .map(|row| {
            row.into_iter()
                .zip(&keep)
                .filter(|(_, k)| **k)
                .map(|(c, _)| c)
                .collect()
        })
        .collect();
    (header, rows)
}

/// The narrowest a header gets: one of four characters or more may take
/// two lines (see `squeezed_headers`), broken where text may break (an
/// English word stays whole).
fn header_floor(header: &str) -> usize {
    let width = header.width();
    if width >= 8 {
        wrap(header, width.div_ceil(2))
            .iter()
            .map(|l| l.width())
            .max()
            .unwrap_or(0)
    } else {
        width
    }
}

/// Headers wider than their column's cells, on two lines (only those of
/// four characters or more: 已完成 and 完成率 stay whole).
fn squeezed_headers(header: &[&str], rows: &[Vec<Cell>]) -> Vec<String> {
    header
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let cells = rows
                .iter()
                .filter_map(|r| r.get(i))
                .map(Cell::width)
                .max()
                .unwrap_or(0);
            if h.width() >= 8 && h.width() > cells.max(4) {
                let half = h.width().div_ceil(2).max(cells).max(4);
                wrap(h, half).join("\n")
            } else {
                h.to_string()
            }
        })
        .collect()
}

/// How narrow a column may get: `hard`, below which something would
/// break (a name, a date, a number, a word, a header's word), and `soft`,
/// below which a text column counts as squeezed (`TEXT_FLOOR`, or its
/// widest line if narrower). A column that never wraps has both at its
/// widest line.
#[derive(Debug, Clone, Copy)]
struct Floor {
    hard: usize,
    soft: usize,
}

fn floors(header: &[Head], rows: &[Vec<Cell>], natural: &[usize], keep: &Words) -> Vec<Floor> {
    (0..header.len())
        .map(|i| {
            let wrap = header[i].wrap;
            if wrap == Wrap::Never {
                return Floor {
                    hard: natural[i],
                    soft: natural[i],
                };
            }
            let names = wrap == Wrap::Names;
            // A Chinese character with the mark it may not be parted from
            // ("局、") is the narrowest line of text.
            let hard = rows
                .iter()
                .filter_map(|r| r.get(i))
                .flat_map(|c| c.lines.iter())
                .flat_map(|l| unbreakable(l, names, keep))
                .chain([header_floor(header[i].text), 4])
                .max()
                .unwrap_or(0)
                .min(natural[i]);
            // A header is squeezed onto two lines only after the text.
            let soft = match wrap {
                Wrap::Text => hard.max(TEXT_FLOOR.min(natural[i])),
                _ => hard,
            }
            .max(header[i].text.width().min(natural[i]));
            Floor { hard, soft }
        })
        .collect()
}

/// The widths of the flexible columns sharing `left` columns: in
/// proportion to their widest line, never above it; then, where that is
/// too much, the widest columns give first, down to their soft floor, and
/// only then down to their hard floor (so a name too wide for its share
/// takes room from the text beside it, never breaks).
fn shares(natural: &[usize], floors: &[Floor], flexible: &[usize], left: usize) -> Vec<usize> {
    let wanted: usize = flexible.iter().map(|&i| natural[i]).sum::<usize>().max(1);
    let mut widths: Vec<usize> = natural.to_vec();
    for &i in flexible {
        widths[i] = (left * natural[i] / wanted)
            .max(floors[i].soft)
            .min(natural[i]);
    }
    for floor in [|f: &Floor| f.soft, |f: &Floor| f.hard] {
        while flexible.iter().map(|&i| widths[i]).sum::<usize>() > left {
            let Some(&widest) = flexible
                .iter()
                .filter(|&&i| widths[i] > floor(&floors[i]))
                .max_by_key(|&&i| widths[i])
            else {
                break;
            };
            widths[widest] -= 1;
        }
    }
    widths
}

/// Each column's width: its widest line, or what its header needs.
fn column_widths(header: &[Head], rows: &[Vec<Cell>]) -> Vec<usize> {
    (0..header.len())
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(Cell::width)
                .chain([header_floor(header[i].text)])
                .max()
                .unwrap_or(0)
        })
        .collect()
}

/// The narrowest a text column of the full layout may be before the
/// layout counts as broken: a short phrase ("黄（683 天未报送进展）" wraps
/// over two lines, not nine).
pub const TEXT_FLOOR: usize = 12;

/// Whether a table of the full layout fits `width` columns: every column
/// that never wraps at its widest line, every other one at least as wide
/// as its widest unbreakable piece (a name, a date, a number) and, for
/// text, `TEXT_FLOOR` (or its widest line, if narrower).
pub fn fits(width: u16, header: &[Head], rows: &[Vec<super::report::Cell>], keep: &Words) -> bool {
    let (header, rows) = without_empty_optional(header, rows.to_vec());
    let rows: Vec<Vec<Cell>> = rows
        .into_iter()
        .map(|row| row.into_iter().map(|c| Cell::text(&c.text)).collect())
        .collect();
    fits_cells(width, &header, &rows, keep)
}

/// Each column's width at its widest: a column that may wrap is as wide
/// as its whole header too.
fn natural_widths(header: &[Head], rows: &[Vec<Cell>]) -> Vec<usize> {
    let mut natural = column_widths(header, rows);
    for (width, head) in natural.iter_mut().zip(header) {
        if head.wrap != Wrap::Never {
            *width = (*width).max(head.text.width());
        }
    }
    natural
}

/// `fits`, for cells of the engine.
fn fits_cells(width: u16, header: &[Head], rows: &[Vec<Cell>], keep: &Words) -> bool {
    let natural = natural_widths(header, rows);
    let needed: usize = floors(header, rows, &natural, keep)
        .iter()
        .map(|f| f.soft)
        .sum();
    needed + 3 * header.len() < usize::from(width)
}

/// A table of the full layout fitted to the terminal: columns that may
/// wrap (their `Head::wrap`) share the room the others leave, in
/// proportion to their widest line, each at least as wide as its widest
/// unbreakable piece (a name, a date, a number); their text is wrapped here,
/// at safe points, so nothing is broken inside.
pub fn fitted(
    style: Style,
    header: &[Head],
    rows: Vec<Vec<super::report::Cell>>,
    keep: &Words,
) -> Table {
    let (header, rows) = without_empty_optional(header, rows);
    let rows: Vec<Vec<Cell>> = rows
        .into_iter()
        .map(|row| {
            row.into_iter()
                .map(|c| Cell::text(&c.text).lit(c.light))
                .collect()
        })
        .collect();
    fit(style, &header, rows, keep)
}

/// The table engine: every column that never wraps as wide as its widest
/// line, the others sharing the room left (`shares`), their text wrapped
/// at safe points (`wrap_keeping`). Where the floors leave no room, the
/// table is as narrow as it can be without breaking anything.
fn fit(style: Style, header: &[Head], mut rows: Vec<Vec<Cell>>, keep: &Words) -> Table {
    let columns = header.len();
    let natural = natural_widths(header, &rows);
    let floors = floors(header, &rows, &natural, keep);
    let flexible: Vec<usize> = (0..columns)
        .filter(|&i| header[i].wrap != Wrap::Never)
        .collect();
    let overhead = 3 * columns + 1;
    let total: usize = natural.iter().sum::<usize>() + overhead;
    let room = usize::from(style.width);
    if total > room && !flexible.is_empty() {
        let fixed: usize = (0..columns)
            .filter(|i| !flexible.contains(i))
            .map(|i| natural[i])
            .sum();
        let least: usize = flexible.iter().map(|&i| floors[i].hard).sum();
        let mut left = room.saturating_sub(fixed + overhead).max(least);
        let unwrapped = rows;
        // A line can come out wider than its share (a closing mark kept
        // with what it closes): give the overflow back and wrap again.
        loop {
            let widths = shares(&natural, &floors, &flexible, left);
            let wrapped: Vec<Vec<Cell>> = unwrapped
                .iter()
                .map(|r| {
                    r.iter()
                        .enumerate()
                        .map(|(i, c)| Cell {
                            lines: if flexible.contains(&i) {
                                c.lines
                                    .iter()
                                    .flat_map(|l| match header[i].wrap {
                                        Wrap::Names => wrap_names(l, widths[i], keep),
                                        _ => wrap_keeping(l, widths[i], keep),
                                    })
                                    .collect()
                            } else {
                                c.lines.clone()
                            },
                            color: c.color,
                        })
                        .collect()
                })
                .collect();
            let used: usize = column_widths(header, &wrapped).iter().sum();
            let over = (used + overhead).saturating_sub(room);
            rows = wrapped;
            let next = left.saturating_sub(over).max(least);
            if over == 0 || next == left {
                break;
            }
            left = next;
        }
    }
    // Still too wide: headers wider than their column's cells take two lines.
    let widest = (0..columns)
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(Cell::width)
                .chain([header[i].text.width()])
                .max()
                .unwrap_or(0)
        })
        .sum::<usize>();
    let texts: Vec<&str> = header.iter().map(|h| h.text).collect();
    let header: Vec<String> = if widest + overhead > room {
        squeezed_headers(&texts, &rows)
    } else {
        texts.iter().map(|h| h.to_string()).collect()
    };
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    draw(style, &header, rows)
}

/// A table of `list`, `show`, `depts` or `log`, laid out by measured fit:
/// the full table where every column fits `style.width` (`fits`) and it
/// takes no more lines than the folded one; else folded (`fold`), two
/// columns: the first as it is, the others as lines of one text column.
/// Either way nothing is broken: where even the folded table cannot fit,
/// it is as narrow as it can be.
pub fn laid_out(
    style: Style,
    header: &[Head],
    rows: Vec<Vec<Cell>>,
    keep: &Words,
    folded: Fold,
) -> String {
    if header.len() <= 2 {
        return fit(style, header, rows, keep).to_string();
    }
    let fits = fits_cells(style.width, header, &rows, keep);
    let (fold_header, fold_rows, pairs) = fold(header, &rows, folded, crate::i18n::current());
    let keep_pairs = keep.with(pairs);
    let narrow = fit(style, &fold_header, fold_rows, &keep_pairs).to_string();
    if !fits {
        return narrow;
    }
    let full = fit(style, header, rows, keep).to_string();
    if full.lines().count() <= narrow.lines().count() {
        full
    } else {
        narrow
    }
}

/// A label and its value that never part: "完成时限 2022-12-31".
fn pair(label: &str, value: &str) -> String {
    format!("{label}\u{a0}{}", value.replace(' ', "\u{a0}"))
}

/// How a table folds to two columns (`fold`).
#[derive(Debug, Clone, Copy)]
pub enum Fold {
    /// Under this header, every line labelled with its column's header.
    Under(&'static str),
    /// Under the header of this column, whose text comes first and
    /// unlabelled (the task's title in `list`).
    Lead(usize),
}

/// A table folded to two columns: the first as it is; the others' cells
/// as the lines of one text column (see `Fold`). Cells of columns that
/// never wrap go on one line as "label value" pairs (returned, to be kept
/// whole); the others on lines of their own, "label：text". Empty cells
/// are left out.
fn fold(
    header: &[Head],
    rows: &[Vec<Cell>],
    how: Fold,
    lang: Lang,
) -> (Vec<Head>, Vec<Vec<Cell>>, Vec<String>) {
    let colon = pick_in(lang, "：", ": ");
    let separator = pick_in(lang, "，", "; ");
    let lead = match how {
        Fold::Lead(column) => Some(column),
        Fold::Under(_) => None,
    };
    let mut pairs = Vec::new();
    let folded_rows = rows
        .iter()
        .map(|row| {
            let mut lines: Vec<String> = lead
                .and_then(|column| row.get(column))
                .map(|cell| cell.lines.clone())
                .unwrap_or_default();
            let mut short: Vec<String> = Vec::new();
            for (i, cell) in row.iter().enumerate().skip(1) {
                if Some(i) == lead || cell.lines.iter().all(|l| l.trim().is_empty()) {
                    continue;
                }
                let head = header[i];
                if head.wrap == Wrap::Never && cell.lines.len() == 1 {
                    let item = pair(head.text, &cell.lines[0]);
                    pairs.push(item.clone());
                    short.push(item);
                } else {
                    if !short.is_empty() {
                        lines.push(std::mem::take(&mut short).join(separator));
                    }
                    lines.push(format!("{}{colon}{}", head.text, cell.lines[0]));
                    lines.extend(cell.lines.iter().skip(1).cloned());
                }
            }
            if !short.is_empty() {
                lines.push(short.join(separator));
            }
            let first = Cell {
                lines: row.first().map(|c| c.lines.clone()).unwrap_or_default(),
                color: row.first().and_then(|c| c.color),
            };
            vec![first, Cell { lines, color: None }]
        })
        .collect();
    let folded = match how {
        Fold::Under(text) => text,
        Fold::Lead(column) => header[column].text,
    };
    let folded_header = vec![header[0], Head::new(folded, Wrap::Text)];
    (folded_header, folded_rows, pairs)
}

/// Words kept whole: department names and statuses. Looked up by length
/// (a handful of lengths), so that thousands of names cost no more than a
/// few.
#[derive(Debug, Default)]
pub struct Words {
    set: HashSet<String>,
    /// The lengths in characters of the words, longest first.
    lengths: Vec<usize>,
}

impl Words {
    pub fn new(words: impl IntoIterator<Item = String>) -> Words {
        let set: HashSet<String> = words.into_iter().filter(|w| !w.is_empty()).collect();
        let mut lengths: Vec<usize> = set.iter().map(|w| w.chars().count()).collect();
        lengths.sort_unstable_by(|a, b| b.cmp(a));
        lengths.dedup();
        Words { set, lengths }
    }

    /// These words and `more`.
    pub fn with(&self, more: Vec<String>) -> Words {
        Words::new(self.set.iter().cloned().chain(more))
    }

    /// The longest word `text` starts with.
    pub fn longest_at<'t>(&self, text: &'t str) -> Option<&'t str> {
        self.lengths.iter().find_map(|&n| {
            let end = text.char_indices().nth(n).map_or(text.len(), |(i, _)| i);
            let prefix = &text[..end];
            (prefix.chars().count() == n && self.set.contains(prefix)).then_some(prefix)
        })
    }
}

/// Department names and statuses: never broken when text wraps.
pub fn kept_words(report: &Report, lang: Lang) -> Words {
    let words: Vec<String> = report
        .tasks
        .iter()
        .flat_map(|t| t.task.lead.iter().chain(&t.task.responsible))
        .chain(report.period.by_department.iter().map(|g| &g.department))
        .chain(report.period.unreported.iter().map(|u| &u.department))
        .chain(
            report
                .tasks
                .iter()
                .filter_map(|t| t.latest_progress.as_ref().map(|p| &p.by)),
        )
        .cloned()
        // The statuses in both languages: a Chinese note may say 滞后 in an
        // English report.
        .chain(statuses().set.iter().cloned())
        .chain([pick_in(lang, "已结转", "Carried over").to_string()])
        .chain(report.departments.iter().map(|d| d.name.clone()))
        .collect();
    Words::new(words)
}

/// The narrowest a table of `table` is without folding: every column
/// but `flex` at its widest line, `flex` at `MIN_FLEX`.
fn least_width(header: &[&str], rows: &[Vec<Cell>], flex: usize) -> usize {
    let widths = (0..header.len()).map(|i| {
        let widest = rows
            .iter()
            .filter_map(|r| r.get(i))
            .map(Cell::width)
            .chain([header[i].width()])
            .max()
            .unwrap_or(0);
        if i == flex {
            widest.min(MIN_FLEX).max(header[i].width())
        } else {
            widest
        }
    });
    widths.sum::<usize>() + 3 * header.len() + 1
}

/// The table without one of its columns.
fn without(header: &mut Vec<&str>, rows: &mut [Vec<Cell>], column: usize) {
    header.remove(column);
    for row in rows {
        row.remove(column);
    }
}

/// A paragraph wrapped to the terminal, nothing broken inside a number,
/// a date or a Latin word.
pub fn paragraph(out: &mut dyn Write, text: &str, width: usize) -> io::Result<()> {
    for line in wrap(&escape_controls(text), width) {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// The lead departments, one per line: a name is never split.
fn names(list: &[String]) -> Cell {
    Cell::lines(list.to_vec())
}

fn ymd(date: chrono::NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// The short status: 已结转 without where to (the ledger's full layout has it).
fn status(line: &TaskLine, lang: Lang) -> String {
    line.status_text(lang).to_string()
}

pub fn report(out: &mut dyn Write, report: &Report, style: Style, lang: Lang) -> io::Result<()> {
    let width = usize::from(style.width);
    paragraph(out, &title(report, lang), width)?;
    paragraph(out, &subtitle(report, lang), width)?;

    // 一、总体情况: the paragraph has every count; the lights on one line.
    writeln!(out)?;
    paragraph(out, pick_in(lang, "一、总体情况", "1. Overview"), width)?;
    let o = &report.overview.counts;
    let mut overview = overview_text(report, lang);
    let (red, yellow, green) = (o.red, o.yellow, o.green);
    overview.push_str(&tr_in!(
        lang,
        "预警：红 {red} 项，黄 {yellow} 项，绿 {green} 项。",
        " Lights: {red} red, {yellow} yellow, {green} green."
    ));
    paragraph(out, &overview, width)?;

    departments_part(out, report, style, lang)?;
    notices_part(out, report, style, lang)?;
    period_part(out, report, style, lang)?;
    ledger_part(out, report, style, lang)?;
    Ok(())
}

fn departments_part(
    out: &mut dyn Write,
    report: &Report,
    style: Style,
    lang: Lang,
) -> io::Result<()> {
    let width = usize::from(style.width);
    // 二、各牵头单位情况
    writeln!(out)?;
    paragraph(
        out,
        pick_in(lang, "二、各牵头单位情况", "2. By lead department"),
        width,
    )?;
    let mut rows: Vec<Vec<Cell>> = report
        .departments
        .iter()
        .map(|d| {
            let c = &d.counts;
            vec![
                Cell::text(&d.name),
                Cell::text(d.led.to_string()),
                Cell::text(c.done.to_string()),
                Cell::text(rate_text(d.completion_rate)),
                Cell::text(c.carried_over.to_string()),
                Cell::text(c.overdue.to_string()),
                Cell::text(c.red.to_string()).lit((c.red > 0).then_some(Light::Red)),
                Cell::text(c.yellow.to_string()).lit((c.yellow > 0).then_some(Light::Yellow)),
            ]
        })
        .collect();
    let mut header = vec![
        heading::lead_in(lang),
        pick_in(lang, "牵头", "Led"),
        pick_in(lang, "完成", "Done"),
        pick_in(lang, "完成率", "Rate"),
        pick_in(lang, "结转", "C/O"),
        pick_in(lang, "逾期", "Late"),
        Light::Red.label_in(lang),
        Light::Yellow.label_in(lang),
    ];
    // 结转 only where some task was carried over.
    if report.overview.counts.carried_over == 0 {
        without(&mut header, &mut rows, 4);
    }
    writeln!(
        out,
        "{}",
        table(style, &header, rows, None, &[], &Words::default(), lang)
    )?;
    Ok(())
}

fn notices_part(out: &mut dyn Write, report: &Report, style: Style, lang: Lang) -> io::Result<()> {
    let width = usize::from(style.width);
    // 三、通报: one table, the reasons one per line.
    writeln!(out)?;
    paragraph(
        out,
        pick_in(
            lang,
            "三、通报：逾期、滞后、临近时限及长期未报送进展的任务",
            "3. Notices: tasks overdue, delayed, due soon or without progress",
        ),
        width,
    )?;
    paragraph(out, &notice_rule(&report.rules, lang), width)?;
    if report.notices.is_empty() {
        paragraph(
            out,
            pick_in(lang, "无列入通报的任务。", "No task is on the notices."),
            width,
        )?;
    } else {
        let mut rows: Vec<Vec<Cell>> = report
            .notices
            .iter()
            .flat_map(|notice| {
                notice.tasks.iter().map(|t| {
                    vec![
                        Cell::text(&notice.department),
                        Cell::text(&t.task.id),
                        Cell::text(&t.task.title),
                        Cell::text(status(t, lang)),
                        Cell::lines(t.reasons.iter().map(|r| reason_text(r, lang)).collect())
                            .lit(Some(t.light)),
                    ]
                })
            })
            .collect();
        let mut header = vec![
            heading::lead_in(lang),
            pick_in(lang, "编号", "ID"),
            heading::task_in(lang),
            heading::status_in(lang),
            pick_in(lang, "原因", "Why"),
        ];
        // Where the status leaves the task's title no room, the reasons
        // say enough (滞后 among them).
        if least_width(&header, &rows, 2) > width {
            without(&mut header, &mut rows, 3);
        }
        let why = header.len() - 1;
        writeln!(
            out,
            "{}",
            table(
                style,
                &header,
                rows,
                Some((2, Flex::Cut)),
                &[why],
                &Words::default(),
                lang
            )
        )?;
    }
    // The problems that stay, a sentence each.
    if let Some(persisting) = report
        .bulletin
        .persisting
        .as_ref()
        .filter(|p| !p.problems.is_empty())
    {
        paragraph(
            out,
            &super::report::persisting_heading(persisting.problems.len(), lang),
            width,
        )?;
        paragraph(
            out,
            &super::report::persisting_rule(persisting, lang),
            width,
        )?;
        for problem in &persisting.problems {
            paragraph(out, &super::report::persisting_item(problem, lang), width)?;
        }
    }
    Ok(())
}

fn period_part(out: &mut dyn Write, report: &Report, style: Style, lang: Lang) -> io::Result<()> {
    let width = usize::from(style.width);
    // 四、本期进展, then the 未报送单位.
    writeln!(out)?;
    let period = &report.period;
    let (label, start, end, n) = (
        period.period.display_in(lang),
        period.period.start,
        period.period.end,
        period.entries,
    );
    let entries = count(n, "entry", "entries");
    paragraph(
        out,
        &tr_in!(
            lang,
            "四、本期进展：{label}（{start} 至 {end}，共 {n} 条）",
            "4. Progress this period: {label} ({start} to {end}, {entries})"
        ),
        width,
    )?;
    if period.by_department.is_empty() {
        paragraph(
            out,
            pick_in(
                lang,
                "本期无进展报送。",
                "No progress reported in this period.",
            ),
            width,
        )?;
    }
    for group in &period.by_department {
        let (dept, n) = (&group.department, group.entries.len());
        let entries = count(n, "entry", "entries");
        paragraph(
            out,
            &tr_in!(lang, "{dept}（{n} 条）", "{dept} ({entries})"),
            width,
        )?;
        let rows = group
            .entries
            .iter()
            .map(|e| {
                let mut text = e.note.clone().unwrap_or_default();
                if let Some((from, to)) = e.statuses {
                    let change = super::status_change_in(from, to, lang);
                    text = if text.is_empty() {
                        tr_in!(lang, "〔{change}〕", "[{change}]")
                    } else {
                        tr_in!(lang, "{text}〔{change}〕", "{text} [{change}]")
                    };
                }
                let mut lines = vec![text];
                if let Some(p) = &e.problems {
                    lines.push(format!(
                        "{}{}{p}",
                        problems_heading(lang),
                        pick_in(lang, "：", ": ")
                    ));
                }
                if let Some(s) = &e.next_steps {
                    lines.push(format!(
                        "{}{}{s}",
                        next_steps_heading(lang),
                        pick_in(lang, "：", ": ")
                    ));
                }
                vec![
                    Cell::text(ymd(e.date)),
                    Cell::text(&e.id),
                    Cell::lines(lines),
                ]
            })
            .collect();
        let header = [
            heading::date_in(lang),
            pick_in(lang, "编号", "ID"),
            heading::progress_in(lang),
        ];
        writeln!(
            out,
            "{}",
            table(
                style,
                &header,
                rows,
                Some((2, Flex::Wrap)),
                &[],
                &kept_words(report, lang),
                lang
            )
        )?;
    }
    unreported_part(out, report, style, lang)
}

/// The 未报送单位 of the period.
fn unreported_part(
    out: &mut dyn Write,
    report: &Report,
    style: Style,
    lang: Lang,
) -> io::Result<()> {
    let width = usize::from(style.width);
    let units = &report.period.unreported;
    if units.is_empty() {
        paragraph(
            out,
            pick_in(
                lang,
                "未报送单位：无（各单位均已报送）。",
                "Departments that did not report: none.",
            ),
            width,
        )?;
    } else {
        let n = units.len();
        let departments = count(n, "department", "departments");
        paragraph(
            out,
            &tr_in!(
                lang,
                "未报送单位（{n} 个）",
                "Departments that did not report ({departments})"
            ),
            width,
        )?;
        units_table(out, units, report, style, lang)?;
    }
    let partly = &report.period.partly_reported;
    if !partly.is_empty() {
        paragraph(out, &partly_heading(partly.len(), lang), width)?;
        units_table(out, partly, report, style, lang)?;
    }
    let late = &report.period.late;
    if !late.is_empty() {
        paragraph(out, &super::report::late_heading(late.len(), lang), width)?;
        let tasks = pick_in(lang, "补报任务", "Tasks reported late");
        units_table_headed(out, late, report, style, lang, tasks)?;
    }
    targets_part(out, report, style, lang)
}

/// 年度目标: the figures, and a row per lead unit with the milestones it
/// missed (only where some milestone fell due in the period).
fn targets_part(out: &mut dyn Write, report: &Report, style: Style, lang: Lang) -> io::Result<()> {
    let Some(text) = super::report::targets_text(report, lang) else {
        return Ok(());
    };
    paragraph(out, &text, usize::from(style.width))?;
    let rows = report
        .targets
        .by_department
        .iter()
        .map(|unit| {
            super::report::targets_row(unit, lang)
                .into_iter()
                .map(|c| Cell::text(c.text))
                .collect()
        })
        .collect();
    let header: Vec<&str> = super::report::targets_columns(lang)
        .iter()
        .map(|h| h.text)
        .collect();
    writeln!(
        out,
        "{}",
        table(
            style,
            &header,
            rows,
            Some((3, Flex::Wrap)),
            &[3],
            &kept_words(report, lang),
            lang
        )
    )
}

/// A unit per row with the ids of the tasks it did not report on.
fn units_table(
    out: &mut dyn Write,
    units: &[crate::report::Unreported],
    report: &Report,
    style: Style,
    lang: Lang,
) -> io::Result<()> {
    units_table_headed(
        out,
        units,
        report,
        style,
        lang,
        pick_in(lang, "未报送任务", "Tasks"),
    )
}

/// The same, with the tasks' column under `tasks` (补报任务 for late replies).
fn units_table_headed(
    out: &mut dyn Write,
    units: &[crate::report::Unreported],
    report: &Report,
    style: Style,
    lang: Lang,
    tasks: &'static str,
) -> io::Result<()> {
    let rows = units
        .iter()
        .map(|u| {
            vec![
                Cell::text(&u.department),
                Cell::text(u.tasks.join(pick_in(lang, "、", ", "))),
            ]
        })
        .collect();
    let header = [pick_in(lang, "单位", "Department"), tasks];
    writeln!(
        out,
        "{}",
        table(
            style,
            &header,
            rows,
            Some((1, Flex::Wrap)),
            &[],
            &kept_words(report, lang),
            lang
        )
    )
}

fn ledger_part(out: &mut dyn Write, report: &Report, style: Style, lang: Lang) -> io::Result<()> {
    let width = usize::from(style.width);
    // 五、任务台账: 任务编号, 任务内容 (cut), 牵头单位, 状态, 预警.
    writeln!(out)?;
    paragraph(out, pick_in(lang, "五、任务台账", "5. Task ledger"), width)?;
    let rows = report
        .tasks
        .iter()
        .map(|t| {
            let light = if t.carried_over {
                Cell::text(pick_in(lang, "—", "—"))
            } else {
                Cell::text(t.light.label_in(lang)).lit(Some(t.light))
            };
            vec![
                Cell::text(&t.task.id),
                Cell::text(&t.task.title),
                names(&t.task.lead),
                Cell::text(status(t, lang)),
                light,
            ]
        })
        .collect();
    // The 台账's own columns (`render::ledger`), the few that fit.
    let header = ["id", "title", "lead", "status", "light"].map(|key| column(key).header(lang));
    writeln!(
        out,
        "{}",
        table(
            style,
            &header,
            rows,
            Some((1, Flex::Cut)),
            &[],
            &Words::default(),
            lang
        )
    )?;
    paragraph(
        out,
        pick_in(
            lang,
            "（窄屏版式：完整台账见 --wide、--format html 或 xlsx。）",
            "(Narrow layout: --wide, --format html or xlsx show the full ledger.)",
        ),
        width,
    )?;
    for note in notes(report, lang) {
        writeln!(out)?;
        paragraph(out, &note, width)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_never_breaks_a_number_or_a_date() {
        let text =
            "共 24 项任务：已完成 1 项，推进中 11 项；完成率 4.3%。逾期 1261 天，截至 2020-06-30。";
        for width in 6..40 {
            for line in wrap(text, width) {
                // "2020-06-30。" is the widest piece that cannot break
                // (a line never starts with "。").
                assert!(line.width() <= width.max(12), "{width}: {line}");
                assert!(
                    !line.starts_with(['。', '，', '；', '%']),
                    "{width}: {line}"
                );
            }
            let joined: String = wrap(text, width).concat();
            for token in ["1261", "4.3%", "2020-06-30", "24", "11"] {
                assert!(joined.contains(token), "{width}: {token} broken");
                assert!(
                    wrap(text, width).iter().any(|l| l.contains(token)),
                    "{width}: {token} split across lines"
                );
            }
        }
    }

    #[test]
    fn long_chinese_runs_break_between_characters_only() {
        let lines = wrap("加强跨界河流联防联控联治2020年完成", 8);
        assert_eq!(
            lines,
            ["加强跨界", "河流联防", "联控联治", "2020年完", "成"]
        );
    }

    #[test]
    fn kept_words_are_found_longest_first_and_stay_whole() {
        let words = Words::new(["区农业科技园区管委会", "区农委", "未启动"].map(String::from));
        assert_eq!(
            words.longest_at("区农业科技园区管委会：已签约"),
            Some("区农业科技园区管委会")
        );
        assert_eq!(words.longest_at("区农委牵头"), Some("区农委"));
        assert_eq!(words.longest_at("区农"), None);
        let lines = wrap_keeping("由区农业科技园区管委会负责推进", 12, &words);
        assert_eq!(lines, ["由", "区农业科技园区管委会", "负责推进"]);
    }

    #[test]
    fn cut_marks_what_it_leaves_out() {
        assert_eq!(cut("加强跨界河流联防联控联治", 9), "加强跨界…");
        assert_eq!(cut("畅通涪江航道", 12), "畅通涪江航道");
    }
}
