//! Every form `forms` writes reads back unchanged, whatever the tasks'
//! text holds: a property test over random texts built from the
//! characters that have broken the round trip (controls, Unicode spaces,
//! a leading `= + - @`, OOXML escapes, CJK punctuation, long notes), and
//! the fuzz target `form_round_trip` (`make fuzz`) over any text.

use chrono::NaiveDate;

use super::collect::locked_texts;
use super::workbook::Workbook;
use super::{fingerprint, Column, Form, FormRow, FORM_SHEET, HEADER_ROW};
use crate::model::Status;
use crate::period::Period;
use crate::query::Role;

/// Pieces random texts are made of.
#[cfg(test)]
fn pieces() -> Vec<String> {
    let mut pieces: Vec<String> = (0u32..0x20)
        .chain(0x7f..=0x9f)
        .filter_map(char::from_u32)
        .map(String::from)
        .collect();
    let spaces = [
        '\u{a0}', '\u{1680}', '\u{2000}', '\u{2001}', '\u{2002}', '\u{2003}', '\u{2004}',
        '\u{2005}', '\u{2006}', '\u{2007}', '\u{2008}', '\u{2009}', '\u{200a}', '\u{2028}',
        '\u{2029}', '\u{202f}', '\u{205f}', '\u{3000}', '\u{200b}', '\u{feff}', ' ',
    ];
    pieces.extend(spaces.iter().map(|c| c.to_string()));
    for text in [
        "=",
        "+",
        "-",
        "@",
        "'",
        "=SUM(A1)",
        "_x000D_",
        "_x005F_",
        "_x",
        "\r\n",
        "&amp;",
        "<b>",
        "，",
        "。",
        "、",
        "；",
        "：",
        "“",
        "”",
        "《",
        "》",
        "（",
        "）",
        "区水务局",
        "完成",
        "a",
        "1.1",
        "\u{fffe}",
        "\u{ffff}",
    ] {
        pieces.push(text.to_string());
    }
    pieces
}

#[cfg(test)]
struct Random(u64);

#[cfg(test)]
impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).unwrap_or(0)
    }

    fn text(&mut self, pieces: &[String], max_pieces: usize) -> String {
        let count = self.below(max_pieces) + 1;
        (0..count)
            .map(|_| pieces[self.below(pieces.len())].as_str())
            .collect()
    }
}

fn form(rows: Vec<FormRow>) -> Form {
    Form {
        plan_title: "计划".into(),
        plan_date: NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(),
        working_group_office: "督查室".into(),
        department: "区水务局".into(),
        period: Period::parse("2020Q2").unwrap(),
        due_by: None,
        rows,
    }
}

fn row(id: usize, title: String, last_progress: String) -> FormRow {
    FormRow {
        id: format!("1.{id}"),
        title,
        role: Role::Lead,
        due: NaiveDate::from_ymd_opt(2020, 12, 31).unwrap(),
        status: Status::InProgress,
        // Every other row has a milestone: its goal, random text too.
        milestone: (id % 2 == 1).then(|| crate::model::Milestone {
            by: NaiveDate::from_ymd_opt(2020, 6, 30).unwrap(),
            goal: last_progress.chars().rev().collect(),
        }),
        last_progress,
    }
}

/// Writes `rows` into a form, reads it back untouched, and checks every
/// row: its locked cells give the fingerprint it was issued with, and
/// nothing is filled in (未填写). The error says what did not read back.
fn round_trip(rows: Vec<FormRow>) -> Result<(), String> {
    let form = form(rows);
    let bytes = super::write::workbook(&form).map_err(|e| format!("write: {e:#}"))?;
    let mut book = Workbook::open(bytes).map_err(|e| format!("open: {}", e.0))?;
    let sheet = book
        .sheet(FORM_SHEET)
        .map_err(|e| format!("sheet: {}", e.0))?
        .ok_or("no form sheet")?;
    for (i, issued) in form.rows.iter().enumerate() {
        let at = HEADER_ROW + 1 + u32::try_from(i).map_err(|e| e.to_string())?;
        let read = locked_texts(&sheet, at, &issued.id, book.date1904);
        if fingerprint(&read) != issued.fingerprint() {
            return Err(format!(
                "row {at} does not read back: wrote {:?}, read {read:?}",
                issued.locked_texts()
            ));
        }
        for column in Column::ALL.into_iter().filter(|c| c.is_fill_in()) {
            let cell = sheet.shown(at, column.number());
            let expected = (column == Column::Status).then(|| issued.status.label().to_string());
            if cell != expected {
                return Err(format!(
                    "{} on row {at}: {cell:?}, not {expected:?}",
                    column.header()
                ));
            }
        }
    }
    Ok(())
}

/// A form listing a task titled `title` whose last progress is `note`
/// (and one with the two swapped), written and read back untouched: Ok if
/// both rows read back as issued, with nothing filled in. For the fuzz
/// target `form_round_trip`.
pub fn texts_read_back(title: &str, note: &str) -> Result<(), String> {
    round_trip(vec![
        row(1, title.to_string(), note.to_string()),
        row(2, note.to_string(), title.to_string()),
    ])
}

#[test]
fn forms_of_random_texts_read_back_as_issued() {
    let pieces = pieces();
    let mut random = Random(0x2545_f491_4f6c_dd1d);
    for _ in 0..40 {
        let rows = (1..=12)
            .map(|id| {
                let title = random.text(&pieces, 12);
                let note = random.text(&pieces, 40);
                row(id, title, format!("2020-06-01 区水务局：{note}"))
            })
            .collect();
        round_trip(rows).unwrap();
    }
}

#[test]
fn every_piece_alone_and_leading_reads_back() {
    let rows = pieces()
        .into_iter()
        .enumerate()
        .map(|(i, piece)| row(i + 1, piece.clone(), format!("{piece}进展")))
        .collect();
    round_trip(rows).unwrap();
}

#[test]
fn long_notes_read_back() {
    let note = "完成，".repeat(10_000);
    round_trip(vec![row(1, "=标题".into(), note)]).unwrap();
}

#[test]
fn empty_and_blank_texts_read_back() {
    for text in ["", " ", "\u{3000}", "\n", "\r\n", "'", "_x0041_", "'="] {
        texts_read_back(text, text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        texts_read_back(text, "完成").unwrap_or_else(|e| panic!("{text:?}: {e}"));
    }
}
