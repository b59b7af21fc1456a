//! A small reader of .xlsx workbooks, for the forms departments send back.
//!
//! It reads what `collect` must check and no more: sheet names and whether
//! a sheet is hidden, cell values (shared strings, inline strings, numbers,
//! booleans, formula results), hidden rows and merged ranges. Excel, WPS and
//! LibreOffice each save these a little differently (rich-text runs,
//! phonetic guides, `&#10;` line breaks, `date1904`); all of them land here
//! as plain values. Every entry is read with a size cap, so a zip bomb is
//! refused rather than unpacked; and the text decoded from the whole
//! workbook (each shared string once per cell that refers to it, inline
//! strings, numbers) has a cap too, so a small shared-strings bomb (one
//! long string, referenced by many cells) is refused before it is
//! expanded. Shared strings are shared, never copied per cell.

use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::rc::Rc;

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

/// Largest part of a workbook unpacked (a form's sheet is a few KB).
const MAX_PART_BYTES: u64 = 32 * 1024 * 1024;

/// Most text decoded from one workbook, counted as the cells would hold it
/// expanded: a shared string counts once per cell that refers to it. A
/// form with a hundred tasks, each cell at Excel's 32,767 characters, stays
/// under it; a shared-strings bomb does not.
pub const MAX_DECODED_BYTES: u64 = 48 * 1024 * 1024;

/// A cell's value as stored.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Shared with the shared-string table: cells that refer to one
    /// string hold one copy of it.
    Text(Rc<str>),
    Number(f64),
    Bool(bool),
    /// `#N/A` and its kind.
    Error(String),
}

#[derive(Debug)]
pub struct SheetInfo {
    pub name: String,
    pub hidden: bool,
    path: String,
}

#[derive(Debug, Default)]
pub struct Sheet {
    pub name: String,
    /// (row, column), both from 1.
    cells: HashMap<(u32, u32), Value>,
    /// Rows marked hidden, from 1.
    pub hidden_rows: Vec<u32>,
    /// Merged ranges as written, such as `A1:N1`.
    pub merged: Vec<String>,
    /// The number format of each number cell whose format is not General.
    formats: HashMap<(u32, u32), Rc<str>>,
    /// Dates count from 1904.
    date1904: bool,
}

impl Sheet {
    pub fn get(&self, row: u32, col: u32) -> Option<&Value> {
        self.cells.get(&(row, col))
    }

    /// A cell's text as the form shows it: a number with its number
    /// format applied (`0.00%` → `85.60%`, a date format → `2020/6/15`),
    /// trimmed, line breaks as `\n` (see [`super::values::text`]).
    pub fn shown(&self, row: u32, col: u32) -> Option<String> {
        let format = self.formats.get(&(row, col)).map(AsRef::as_ref);
        super::values::shown(self.get(row, col), format, self.date1904)
    }

    /// Every cell with a value, in no order.
    pub fn cells(&self) -> impl Iterator<Item = (&(u32, u32), &Value)> {
        self.cells.iter()
    }
}

pub struct Workbook {
    archive: zip::ZipArchive<Cursor<Vec<u8>>>,
    pub sheets: Vec<SheetInfo>,
    shared: Vec<Rc<str>>,
    /// The number format code of each cell style (`s="N"`), None for
    /// General.
    styles: Vec<Option<Rc<str>>>,
    /// Text decoded so far (see [`MAX_DECODED_BYTES`]).
    decoded: u64,
    /// Dates count from 1904 (old Mac Excel) instead of 1900.
    pub date1904: bool,
}

/// Why a workbook could not be read, in words for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError(pub String);

impl Workbook {
    pub fn open(bytes: Vec<u8>) -> Result<Workbook, ReadError> {
        let archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| {
            ReadError(
                crate::i18n::pick(
                    "不是 xlsx 工作簿（无法作为 zip 打开）",
                    "not an xlsx workbook (it does not open as a zip archive)",
                )
                .to_string(),
            )
        })?;
        let mut book = Workbook {
            archive,
            sheets: Vec::new(),
            shared: Vec::new(),
            styles: Vec::new(),
            decoded: 0,
            date1904: false,
        };
        let workbook = book.part("xl/workbook.xml")?.ok_or_else(|| {
            ReadError(
                crate::i18n::pick(
                    "不是 xlsx 工作簿（缺少 xl/workbook.xml）",
                    "not an xlsx workbook (no xl/workbook.xml)",
                )
                .to_string(),
            )
        })?;
        let rels = book.part("xl/_rels/workbook.xml.rels")?.unwrap_or_default();
        let targets = relationships(&rels)?;
        book.read_workbook(&workbook, &targets)?;
        if let Some(shared) = book.part("xl/sharedStrings.xml")? {
            book.shared = shared_strings(&shared)?;
        }
        if let Some(styles) = book.part("xl/styles.xml")? {
            book.styles = number_formats(&styles)?;
        }
        Ok(book)
    }

    fn read_workbook(
        &mut self,
        xml: &str,
        targets: &HashMap<String, String>,
    ) -> Result<(), ReadError> {
        let mut reader = Reader::from_str(xml);
        loop {
            match reader.read_event().map_err(xml_error)? {
                Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                    "workbookPr" => {
                        self.date1904 = attr(&e, "date1904")
                            .is_some_and(|v| v == "1" || v.eq_ignore_ascii_case("true"));
                    }
                    "sheet" => {
                        let name = attr(&e, "name").unwrap_or_default();
                        let hidden = attr(&e, "state").is_some_and(|s| s != "visible");
                        let id = attr_suffix(&e, "id").unwrap_or_default();
                        let target = targets.get(&id).cloned().unwrap_or_default();
                        let path = match target.strip_prefix('/') {
                            Some(absolute) => absolute.to_string(),
                            None => format!("xl/{target}"),
                        };
                        self.sheets.push(SheetInfo { name, hidden, path });
                    }
                    _ => {}
                },
                Event::Eof => return Ok(()),
                _ => {}
            }
        }
    }

    /// A part's text, or None if the workbook has no such part.
    fn part(&mut self, name: &str) -> Result<Option<String>, ReadError> {
        let Ok(file) = self.archive.by_name(name) else {
            return Ok(None);
        };
        let mut bytes = Vec::new();
        file.take(MAX_PART_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| ReadError(format!("{name}: {e}")))?;
        if bytes.len() as u64 > MAX_PART_BYTES {
            return Err(ReadError(crate::tr!(
                "{name} 解压后超过 {} MB，拒绝读取",
                "{name} unpacks to more than {} MB: refused",
                MAX_PART_BYTES / 1024 / 1024
            )));
        }
        String::from_utf8(bytes)
            .map(Some)
            .map_err(|_| ReadError(format!("{name}: not UTF-8")))
    }

    /// The sheet called `name`, read whole.
    pub fn sheet(&mut self, name: &str) -> Result<Option<Sheet>, ReadError> {
        let Some(info) = self.sheets.iter().find(|s| s.name == name) else {
            return Ok(None);
        };
        let path = info.path.clone();
        let Some(xml) = self.part(&path)? else {
            return Err(ReadError(format!("{path}: missing")));
        };
        let mut sheet = read_sheet(&xml, &self.shared, &self.styles, &mut self.decoded)?;
        sheet.name = name.to_string();
        sheet.date1904 = self.date1904;
        Ok(Some(sheet))
    }
}

fn xml_error(e: quick_xml::Error) -> ReadError {
    ReadError(crate::tr!(
        "工作簿内容损坏：{e}",
        "the workbook is damaged: {e}"
    ))
}

/// An attribute's unescaped value, by its local name.
fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == name)
            .then(|| {
                a.normalized_value(XmlVersion::Implicit1_0)
                    .map(|v| v.into_owned())
                    .ok()
            })
            .flatten()
    })
}

/// `r:id` and the like: matched by the part after the prefix.
fn attr_suffix(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.as_ref() != name && a.key.local_name().as_ref() == name)
            .then(|| {
                a.normalized_value(XmlVersion::Implicit1_0)
                    .map(|v| v.into_owned())
                    .ok()
            })
            .flatten()
    })
}

fn relationships(xml: &str) -> Result<HashMap<String, String>, ReadError> {
    let mut map = HashMap::new();
    let mut reader = Reader::from_str(xml);
    loop {
        match reader.read_event().map_err(xml_error)? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                if let (Some(id), Some(target)) = (attr(&e, "Id"), attr(&e, "Target")) {
                    map.insert(id, target);
                }
            }
            Event::Eof => return Ok(map),
            _ => {}
        }
    }
}

/// Text between tags, entities resolved; `&#10;` is a line break. An
/// entity XML does not define (or a reference to no character) refuses
/// the workbook: text is never dropped silently.
fn push_reference(out: &mut String, name: &str) -> Result<(), ReadError> {
    let undefined = || {
        ReadError(crate::tr!(
            "工作簿内容损坏：未定义的实体 &{name};",
            "the workbook is damaged: the entity &{name}; is not defined"
        ))
    };
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => number.parse().ok(),
        };
        out.push(code.and_then(char::from_u32).ok_or_else(undefined)?);
        return Ok(());
    }
    out.push_str(match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => return Err(undefined()),
    });
    Ok(())
}

/// Text as OOXML stores it, unescaped: `_xHHHH_` is the character
/// U+HHHH (Excel, LibreOffice and rust_xlsxwriter write control
/// characters, U+FFFE and U+FFFF so), and `_x005F_` before such a
/// sequence keeps it literal. A sequence naming no character (a lone
/// surrogate) stays as written.
pub fn unescape(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("_x") {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("_x") {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let decoded = tail
            .get(2..6)
            .filter(|hex| hex.bytes().all(|b| b.is_ascii_hexdigit()))
            .filter(|_| tail.as_bytes().get(6) == Some(&b'_'))
            .and_then(|hex| u32::from_str_radix(hex, 16).ok())
            .and_then(char::from_u32);
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &tail[7..];
            }
            None => {
                out.push_str("_x");
                rest = &tail[2..];
            }
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// The shared-string table: each `<si>`'s text, its runs joined, its
/// phonetic guides (`<rPh>`) left out.
fn shared_strings(xml: &str) -> Result<Vec<Rc<str>>, ReadError> {
    let mut strings = Vec::new();
    let mut reader = Reader::from_str(xml);
    let mut current = String::new();
    let (mut in_text, mut in_phonetic) = (false, false);
    loop {
        match reader.read_event().map_err(xml_error)? {
            Event::Start(e) => match e.local_name().as_ref() {
                "si" => current.clear(),
                "t" => in_text = true,
                "rPh" => in_phonetic = true,
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "si" => strings.push(Rc::from(unescape(&std::mem::take(&mut current)))),
                "t" => in_text = false,
                "rPh" => in_phonetic = false,
                _ => {}
            },
            Event::Empty(e) if e.local_name().as_ref() == "si" => strings.push(Rc::from("")),
            Event::Text(t) if in_text && !in_phonetic => current.push_str(&t.xml10_content()),
            Event::CData(t) if in_text && !in_phonetic => current.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_text && !in_phonetic => push_reference(&mut current, &r)?,
            Event::Eof => return Ok(strings),
            _ => {}
        }
    }
}

/// A cell reference such as `AB12` as (row, column), both from 1.
pub fn parse_ref(reference: &str) -> Option<(u32, u32)> {
    let letters = reference
        .bytes()
        .take_while(u8::is_ascii_alphabetic)
        .count();
    let (col_text, row_text) = reference.split_at(letters);
    let mut col: u32 = 0;
    for b in col_text.bytes() {
        col = col
            .checked_mul(26)?
            .checked_add(u32::from(b.to_ascii_uppercase() - b'A' + 1))?;
    }
    let row = row_text.parse().ok()?;
    (col > 0 && row > 0).then_some((row, col))
}

/// The letters of column `col` (from 1): 1 → A, 28 → AB.
pub fn column_name(col: u32) -> String {
    let mut name = Vec::new();
    let mut n = col;
    while n > 0 {
        let rem = (n - 1) % 26;
        name.push(b'A' + u8::try_from(rem).unwrap_or(0));
        n = (n - 1) / 26;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

/// What one `<c>` element is being read into.
#[derive(Default)]
struct CellState {
    at: Option<(u32, u32)>,
    kind: String,
    /// The cell's style index (`s`), for its number format.
    style: Option<usize>,
    text: String,
    in_value: bool,
    in_inline_text: bool,
    in_phonetic: bool,
}

/// Counts `bytes` more of decoded text against the workbook's cap.
fn spend(decoded: &mut u64, bytes: usize) -> Result<(), ReadError> {
    *decoded = decoded.saturating_add(bytes as u64);
    if *decoded > MAX_DECODED_BYTES {
        return Err(ReadError(crate::tr!(
            "工作簿的单元格文字合计超过 {} MB（共享字符串按引用它的单元格计），拒绝读取",
            "the workbook's cells hold more than {} MB of text (a shared string counted once per cell that refers to it): refused",
            MAX_DECODED_BYTES / 1024 / 1024
        )));
    }
    Ok(())
}

/// The number format of each cell style (`cellXfs`), from the built-in
/// ids and the workbook's own `numFmts`; None for General.
fn number_formats(xml: &str) -> Result<Vec<Option<Rc<str>>>, ReadError> {
    let mut custom: HashMap<u32, Rc<str>> = HashMap::new();
    let mut styles = Vec::new();
    let mut in_cell_xfs = false;
    let mut reader = Reader::from_str(xml);
    loop {
        match reader.read_event().map_err(xml_error)? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "numFmt" => {
                let id = attr(&e, "numFmtId").and_then(|id| id.parse().ok());
                if let (Some(id), Some(code)) = (id, attr(&e, "formatCode")) {
                    custom.insert(id, Rc::from(code));
                }
            }
            Event::Start(e) if e.local_name().as_ref() == "cellXfs" => in_cell_xfs = true,
            Event::End(e) if e.local_name().as_ref() == "cellXfs" => in_cell_xfs = false,
            Event::Start(e) | Event::Empty(e) if in_cell_xfs && e.local_name().as_ref() == "xf" => {
                let id: u32 = attr(&e, "numFmtId")
                    .and_then(|id| id.parse().ok())
                    .unwrap_or(0);
                let code = custom
                    .get(&id)
                    .cloned()
                    .or_else(|| super::number_format::builtin(id).map(Rc::from))
                    .filter(|code| !code.trim().eq_ignore_ascii_case("general"));
                styles.push(code);
            }
            Event::Eof => return Ok(styles),
            _ => {}
        }
    }
}

fn read_sheet(
    xml: &str,
    shared: &[Rc<str>],
    styles: &[Option<Rc<str>>],
    decoded: &mut u64,
) -> Result<Sheet, ReadError> {
    let mut sheet = Sheet::default();
    let mut reader = Reader::from_str(xml);
    let mut cell = CellState::default();
    let (mut row, mut col) = (0u32, 0u32);
    loop {
        match reader.read_event().map_err(xml_error)? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "row" => {
                row = attr(&e, "r")
                    .and_then(|r| r.parse().ok())
                    .unwrap_or(row + 1);
                col = 0;
                if attr(&e, "hidden").is_some_and(|h| h == "1" || h == "true") {
                    sheet.hidden_rows.push(row);
                }
            }
            Event::Start(e) if e.local_name().as_ref() == "c" => {
                col += 1;
                let at = attr(&e, "r")
                    .and_then(|r| parse_ref(&r))
                    .unwrap_or((row, col));
                col = at.1;
                cell = CellState {
                    at: Some(at),
                    kind: attr(&e, "t").unwrap_or_default(),
                    style: attr(&e, "s").and_then(|s| s.parse().ok()),
                    ..CellState::default()
                };
            }
            Event::Empty(e) if e.local_name().as_ref() == "c" => col += 1,
            Event::Empty(e) if e.local_name().as_ref() == "mergeCell" => {
                sheet.merged.extend(attr(&e, "ref"));
            }
            Event::Start(e) => match e.local_name().as_ref() {
                "v" => cell.in_value = true,
                "t" => cell.in_inline_text = true,
                "rPh" => cell.in_phonetic = true,
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "v" => cell.in_value = false,
                "t" => cell.in_inline_text = false,
                "rPh" => cell.in_phonetic = false,
                "c" => {
                    if let Some(at) = cell.at.take() {
                        if let Some(value) = cell_value(&cell, shared) {
                            spend(decoded, value_bytes(&value, &cell))?;
                            let format = cell
                                .style
                                .and_then(|s| styles.get(s))
                                .and_then(Clone::clone);
                            if let (Value::Number(_), Some(format)) = (&value, format) {
                                sheet.formats.insert(at, format);
                            }
                            sheet.cells.insert(at, value);
                        }
                    }
                }
                _ => {}
            },
            Event::Text(t) if cell.reading() => cell.text.push_str(&t.xml10_content()),
            Event::CData(t) if cell.reading() => cell.text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if cell.reading() => push_reference(&mut cell.text, &r)?,
            Event::Eof => return Ok(sheet),
            _ => {}
        }
    }
}

impl CellState {
    fn reading(&self) -> bool {
        self.at.is_some() && (self.in_value || (self.in_inline_text && !self.in_phonetic))
    }
}

/// What a cell's value counts against the cap: its text as a cell would
/// hold it expanded (a shared string in full, each time).
fn value_bytes(value: &Value, cell: &CellState) -> usize {
    match value {
        Value::Text(text) => text.len(),
        Value::Error(text) => text.len(),
        Value::Number(_) | Value::Bool(_) => cell.text.len(),
    }
}

fn cell_value(cell: &CellState, shared: &[Rc<str>]) -> Option<Value> {
    let text = &cell.text;
    match cell.kind.as_str() {
        "s" => text
            .trim()
            .parse::<usize>()
            .ok()
            .and_then(|i| shared.get(i))
            .map(|s| Value::Text(Rc::clone(s))),
        "inlineStr" | "str" => Some(Value::Text(Rc::from(unescape(text)))),
        "b" => Some(Value::Bool(text.trim() == "1")),
        "e" => Some(Value::Error(text.clone())),
        _ if text.trim().is_empty() => None,
        // "n", "d" (an ISO date, rare) or none.
        "d" => Some(Value::Text(Rc::from(text.as_str()))),
        _ => text.trim().parse().ok().map(Value::Number),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_and_column_names() {
        assert_eq!(parse_ref("A1"), Some((1, 1)));
        assert_eq!(parse_ref("AB12"), Some((12, 28)));
        assert_eq!(parse_ref("1"), None);
        assert_eq!(column_name(1), "A");
        assert_eq!(column_name(28), "AB");
        assert_eq!(column_name(14), "N");
    }

    #[test]
    fn shared_strings_join_runs_and_skip_phonetics() {
        let xml = r#"<sst><si><t>plain</t></si><si><r><t>ri</t></r><r><t xml:space="preserve">ch &amp; </t></r><rPh><t>ふり</t></rPh></si><si/><si><t>a&#10;b</t></si></sst>"#;
        assert_eq!(
            shared_strings(xml)
                .unwrap()
                .iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>(),
            ["plain", "rich & ", "", "a\nb"]
        );
    }

    #[test]
    fn sheet_cells_hidden_rows_and_merges() {
        let xml = r#"<worksheet><sheetData>
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1"><v>43997</v></c></row>
            <row r="2" hidden="1"><c r="B2" t="inlineStr"><is><t>内联</t></is></c><c r="D2" t="b"><v>1</v></c></row>
            <row r="3"><c t="str"><f>A1</f><v>x</v></c><c r="E3" s="1"/></row>
            </sheetData><mergeCells><mergeCell ref="A5:C5"/></mergeCells></worksheet>"#;
        let sheet = read_sheet(xml, &[Rc::from("共享")], &[], &mut 0).unwrap();
        assert_eq!(sheet.get(1, 1), Some(&Value::Text("共享".into())));
        assert_eq!(sheet.get(1, 3), Some(&Value::Number(43997.0)));
        assert_eq!(sheet.get(2, 2), Some(&Value::Text("内联".into())));
        assert_eq!(sheet.get(2, 4), Some(&Value::Bool(true)));
        assert_eq!(sheet.get(3, 1), Some(&Value::Text("x".into())));
        assert_eq!(sheet.get(3, 5), None);
        assert_eq!(sheet.hidden_rows, [2]);
        assert_eq!(sheet.merged, ["A5:C5"]);
    }

    #[test]
    fn an_undefined_entity_refuses_the_workbook() {
        let sheet = r#"<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a&bogus;b</t></is></c></row></sheetData></worksheet>"#;
        let error = read_sheet(sheet, &[], &[], &mut 0).unwrap_err();
        assert!(error.0.contains("&bogus;"), "{}", error.0);
        assert!(shared_strings("<sst><si><t>&nbsp;</t></si></sst>").is_err());
        assert_eq!(
            shared_strings("<sst><si><t>&lt;&#10;&#x4E2D;</t></si></sst>").unwrap()[0].as_ref(),
            "<\n中"
        );
    }

    #[test]
    fn ooxml_escapes_are_undone_once() {
        assert_eq!(unescape("a_x000D_b_x000B_"), "a\rb\u{b}");
        assert_eq!(unescape("_x005F_x000D_"), "_x000D_");
        assert_eq!(unescape("_xFFFE__x0001_"), "\u{fffe}\u{1}");
        assert_eq!(
            unescape("_xD800_ _x12_ _xZZZZ_ _x"),
            "_xD800_ _x12_ _xZZZZ_ _x"
        );
        assert!(matches!(
            unescape("区水务局"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    /// A workbook of the given parts, stored (not deflated).
    fn zipped(parts: &[(&str, &str)]) -> Vec<u8> {
        use std::io::Write as _;
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, text) in parts {
            out.start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            out.write_all(text.as_bytes()).unwrap();
        }
        out.finish().unwrap().into_inner()
    }

    /// One sheet whose cells `A1..A{cells}` all refer to shared string 0.
    fn shared_bomb(string_bytes: usize, cells: usize) -> Vec<u8> {
        let workbook = r#"<workbook xmlns:r="r"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
        let rels = r#"<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>"#;
        let shared = format!("<sst><si><t>{}</t></si></sst>", "x".repeat(string_bytes));
        let rows: String = (1..=cells)
            .map(|r| format!(r#"<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>"#))
            .collect();
        let sheet = format!("<worksheet><sheetData>{rows}</sheetData></worksheet>");
        zipped(&[
            ("xl/workbook.xml", workbook),
            ("xl/_rels/workbook.xml.rels", rels),
            ("xl/sharedStrings.xml", &shared),
            ("xl/worksheets/sheet1.xml", &sheet),
        ])
    }

    /// One 1 MB shared string referenced by 60 cells would be 60 MB of
    /// text: refused before it is expanded. The same string referenced by
    /// 40 cells is read, each cell sharing the one copy.
    #[test]
    fn a_shared_string_referenced_past_the_cap_is_refused() {
        let mut book = Workbook::open(shared_bomb(1024 * 1024, 60)).unwrap();
        let error = book.sheet("S").unwrap_err();
        assert!(
            error.0.contains("more than 48 MB of text") || error.0.contains("合计超过 48 MB"),
            "{}",
            error.0
        );
        let mut book = Workbook::open(shared_bomb(1024 * 1024, 40)).unwrap();
        let sheet = book.sheet("S").unwrap().unwrap();
        let (Some(Value::Text(first)), Some(Value::Text(last))) =
            (sheet.get(1, 1), sheet.get(40, 1))
        else {
            panic!("cells A1 and A40 hold the shared string");
        };
        assert_eq!(first.len(), 1024 * 1024);
        assert!(Rc::ptr_eq(first, last), "each cell copied the string");
    }

    /// Truncated and bit-flipped copies of a real form (saved by
    /// LibreOffice) are read or refused, never a panic; the fuzz target
    /// `form_reader` does the same at length.
    #[test]
    fn damaged_forms_never_panic() {
        let form = include_bytes!("../../tests/fixtures/forms/libreoffice/2020Q2-区水务局.xlsx");
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for round in 0..600u64 {
            let mut bytes = form.to_vec();
            let cut = usize::try_from(next() % bytes.len() as u64).unwrap_or(0);
            if round % 3 == 0 {
                bytes.truncate(cut);
            } else {
                for _ in 0..(1 + next() % 8) {
                    let at = usize::try_from(next() % bytes.len() as u64).unwrap_or(0);
                    bytes[at] ^= 1 << (next() % 8);
                }
            }
            if let Ok(mut book) = Workbook::open(bytes) {
                let names: Vec<String> = book.sheets.iter().map(|s| s.name.clone()).collect();
                for name in names {
                    if let Ok(Some(sheet)) = book.sheet(&name) {
                        for (_, value) in sheet.cells() {
                            let _ = super::super::values::date(value, book.date1904);
                        }
                    }
                }
            }
        }
    }
}
