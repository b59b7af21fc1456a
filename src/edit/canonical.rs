//! The one canonical layout of the files cooptrack writes, used by `fmt`,
//! new files and `--reformat`: keys in model order, two-space block lists,
//! `[]` for an empty list, plain scalars where YAML reads them back
//! unchanged and double quotes otherwise. Comments at the top level are
//! carried over.

use std::collections::HashMap;

use serde::Serialize;
use serde_yaml::Value;

use super::lines::{self, line_ending, Scanner};

/// Renders a value as a YAML scalar that reads back as the same string.
pub fn scalar(text: &str) -> String {
    if is_plain_safe(text) {
        text.to_string()
    } else {
        quoted(text)
    }
}

/// A double-quoted scalar. JSON string syntax is valid YAML, except that
/// YAML also reads NEL, LS and PS as line breaks and refuses DEL and C1
/// controls, so those are written as `\uXXXX` escapes.
pub fn quoted(text: &str) -> String {
    let json = serde_json::to_string(text).unwrap_or_else(|_| format!("\"{text}\""));
    json.chars()
        .map(|c| {
            if needs_escape(c) {
                format!("\\u{:04X}", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Characters YAML reads as line breaks or refuses outright.
fn needs_escape(c: char) -> bool {
    matches!(
        c,
        '\u{7f}'..='\u{9f}' | '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
    )
}

fn is_plain_safe(text: &str) -> bool {
    const INDICATORS: &[char] = &[
        '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@',
        '`',
    ];
    let Some(first) = text.chars().next() else {
        return false;
    };
    !INDICATORS.contains(&first)
        && lines::trim_yaml(text) == text
        && !text.contains(['\n', '\r', '\t'])
        && !text.chars().any(needs_escape)
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.ends_with(':')
        && !yaml11_reads_otherwise(text)
        && (no_ascii_punctuation(text)
            || matches!(serde_yaml::from_str::<Value>(text), Ok(Value::String(s)) if s == text))
}

/// Text of letters, digits, spaces and characters beyond ASCII only (most
/// Chinese notes): no YAML syntax can start in it, and the words and
/// numbers a reader would take otherwise are refused above, so it reads
/// back as itself without asking the parser (which, per scalar, was a
/// tenth of a 30,000-entry merge).
fn no_ascii_punctuation(text: &str) -> bool {
    text.bytes()
        .all(|b| b >= 0x80 || b.is_ascii_alphanumeric() || b == b' ')
}

/// Whether a YAML 1.1 reader (PyYAML, many editors and tools) would read
/// this plain scalar as something other than a string, where our YAML 1.2
/// parser reads a string: a boolean or null word in any case (`yes`, `No`,
/// `ON`, `y`, `~`), the merge key `<<`, the value key `=`, anything that
/// looks like a number (`0x1F`, `0o17`, `0b101`, `017`, `1_000`, `1:20`,
/// `.5`, `1e5`, `.inf`, `.NaN`) or a date or timestamp. Quoting more than
/// strictly needed is harmless; quoting less is not.
fn yaml11_reads_otherwise(text: &str) -> bool {
    const WORDS: &[&str] = &[
        "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~",
    ];
    WORDS.iter().any(|w| text.eq_ignore_ascii_case(w))
        || text == "<<"
        || text == "="
        || looks_like_a_number(text)
        || looks_like_a_timestamp(text)
}

/// Numbers in any YAML 1.1 or 1.2 notation, loosely: an optional sign,
/// then a digit or a dot, and only digits, `_ . : e E + -` after it (this
/// takes in sexagesimal `1:20` and dates such as `2022-12-31`); or a
/// `0x`/`0o`/`0b` prefix; or `.inf`/`.nan`.
fn looks_like_a_number(text: &str) -> bool {
    let body = text.strip_prefix(['+', '-']).unwrap_or(text);
    if body.eq_ignore_ascii_case(".inf") || body.eq_ignore_ascii_case(".nan") {
        return true;
    }
    let prefixed = ["0x", "0o", "0b"].iter().find_map(|p| {
        body.get(..2)
            .filter(|head| head.eq_ignore_ascii_case(p))
            .and_then(|_| body.get(2..))
    });
    if let Some(digits) = prefixed {
        return !digits.is_empty() && digits.chars().all(|c| c.is_ascii_hexdigit() || c == '_');
    }
    body.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        && body.chars().any(|c| c.is_ascii_digit())
        && body
            .chars()
            .all(|c| c.is_ascii_digit() || "_.:eE+-".contains(c))
}

/// A YAML 1.1 timestamp, loosely: four digits and a dash, then only what
/// dates and times are written with (`2001-12-14t21:59:43.10-05:00`,
/// `2001-12-14 21:59:43.10 -5`).
fn looks_like_a_timestamp(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() > 5
        && bytes[..4].iter().all(u8::is_ascii_digit)
        && bytes[4] == b'-'
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || " \t:.-+tTzZ".contains(c))
}

/// The keys the model fills from dates (`NaiveDate`): their `YYYY-MM-DD`
/// values are written plain, as the files have always had them
/// (`due: 2022-12-31`), and read back as dates by every reader.
const DATE_KEYS: &[&str] = &[
    "due",
    "original_due",
    "added",
    "date",
    "from",
    "to",
    "until",
    "by",
    "ended_on",
];

/// `2022-12-31`: a real date, written as the model writes dates.
fn is_model_date(text: &str) -> bool {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .is_ok_and(|d| d.format("%Y-%m-%d").to_string() == text)
}

/// Lines of a mapping value at the given indentation.
fn emit_mapping(map: &serde_yaml::Mapping, indent: usize, out: &mut Vec<String>) {
    let pad = " ".repeat(indent);
    for (key, value) in map {
        let key = key.as_str().unwrap_or_default();
        match value {
            Value::Mapping(inner) => {
                out.push(format!("{pad}{key}:"));
                emit_mapping(inner, indent + 2, out);
            }
            Value::Sequence(items) if items.is_empty() => out.push(format!("{pad}{key}: []")),
            Value::Sequence(items) => {
                out.push(format!("{pad}{key}:"));
                for item in items {
                    out.extend(sequence_item(item, indent + 2));
                }
            }
            scalar_value => out.push(format!("{pad}{key}: {}", scalar_for(key, scalar_value))),
        }
    }
}

/// `- value` or a mapping item, at the given indentation.
fn sequence_item(item: &Value, indent: usize) -> Vec<String> {
    let pad = " ".repeat(indent);
    match item {
        Value::Mapping(map) => {
            let mut lines = Vec::new();
            emit_mapping(map, indent + 2, &mut lines);
            if let Some(first) = lines.first_mut() {
                *first = format!("{pad}- {}", first.trim_start());
            }
            lines
        }
        other => vec![format!("{pad}- {}", scalar_for("", other))],
    }
}

/// A scalar value as written after `key: `.
pub fn scalar_for(key: &str, value: &Value) -> String {
    match value {
        // Ids always quoted: 1.10 unquoted would read as the number 1.1.
        Value::String(s) if key == "id" => quoted(s),
        // A date the model wrote stays plain; any other date-like text
        // (a note saying `2022-12-31`) is quoted, as a string must be.
        Value::String(s) if DATE_KEYS.contains(&key) && is_model_date(s) => s.clone(),
        Value::String(s) => scalar(s),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Null => "null".to_string(),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim()
            .to_string(),
    }
}

/// A list item (a progress entry, a department, …) as lines without
/// indentation, the first starting with `- `.
pub fn list_item(item: &Value) -> Vec<String> {
    sequence_item(item, 0)
}

/// The lines of one top-level `key: value` entry.
pub fn key_lines(key: &str, value: &Value) -> Vec<String> {
    let mut map = serde_yaml::Mapping::new();
    map.insert(Value::String(key.to_string()), value.clone());
    let mut lines = Vec::new();
    emit_mapping(&map, 0, &mut lines);
    lines
}

/// A value in canonical layout, without comments.
fn value_lines<T: Serialize>(value: &T) -> Vec<String> {
    let mut lines = Vec::new();
    if let Ok(Value::Mapping(map)) = serde_yaml::to_value(value) {
        emit_mapping(&map, 0, &mut lines);
    }
    lines
}

/// Comments a reformat would have to drop: anything but whole-line
/// comments at column 0 and end-of-line comments on `key:` lines.
#[derive(Debug, Default)]
pub struct TopLevelComments {
    /// Comment lines before the first key.
    pub header: Vec<String>,
    /// (key, comment lines just above it, end-of-line comment).
    pub by_key: Vec<(String, Vec<String>, Option<String>)>,
    /// Comment lines after the last key.
    pub trailer: Vec<String>,
    /// 1-based line numbers of comments that cannot be carried over.
    pub stranded: Vec<usize>,
    /// For each stranded line, the byte where its comment starts.
    cuts: Vec<(usize, usize)>,
}

impl TopLevelComments {
    fn strand(&mut self, number: usize, at: usize) {
        self.stranded.push(number);
        self.cuts.push((number, at));
    }
}

/// Collects the comments of a task file so a reformat can keep them. A
/// comment line inside a key's block (between the items of a list, say)
/// belongs to that block, which the layout rewrites: it is stranded.
/// Comments are found by YAML's rules ([`lines::Scanner`]): a block
/// scalar's indented lines are text, `#` or not; a quoted scalar or a flow
/// list may span lines.
pub fn top_level_comments(text: &str) -> TopLevelComments {
    let mut found = TopLevelComments::default();
    // Column-0 comment lines not yet placed, with their 1-based numbers.
    let mut pending: Vec<(usize, String)> = Vec::new();
    let mut seen_key = false;
    let mut value = ValueLines::default();
    let text = text.trim_start_matches('\u{feff}');
    let texts = |pending: Vec<(usize, String)>| pending.into_iter().map(|(_, l)| l).collect();
    for (index, raw) in text.lines().enumerate() {
        let number = index + 1;
        let line = raw.trim_end_matches('\r');
        let top_level = !value.scanner.is_open();
        if top_level && line.starts_with('#') {
            value = ValueLines::default();
            pending.push((number, line.to_string()));
            continue;
        }
        let key = line
            .split_once(':')
            .filter(|(k, _)| top_level && !k.is_empty() && !line.starts_with([' ', '\t', '-']))
            .map(|(k, rest)| (k.to_string(), rest));
        match key {
            Some((key, rest)) => {
                let (reader, at) = ValueLines::after_key(rest);
                value = reader;
                let eol = match at {
                    Ok(at) => at.map(|at| end_of_line_comment(rest, at)),
                    // The finder and the parser disagree: keep the line.
                    Err(at) => {
                        found.strand(number, key.len() + 1 + at);
                        None
                    }
                };
                // Comments above the first key head the file.
                if !seen_key {
                    found.header = texts(std::mem::take(&mut pending));
                }
                found
                    .by_key
                    .push((key, texts(std::mem::take(&mut pending)), eol));
                seen_key = true;
            }
            None if lines::trim_yaml(line).is_empty() => {}
            None => {
                // Content of a block follows: the comments above it are inside.
                for (number, _) in std::mem::take(&mut pending) {
                    found.strand(number, 0);
                }
                if let Some(at) = value.comment_on(line) {
                    found.strand(number, at);
                }
            }
        }
    }
    if seen_key {
        found.trailer = texts(pending);
    } else {
        found.header = texts(pending);
    }
    found
}

/// Reads the lines of a top-level key's value, to find the comments in
/// them.
#[derive(Debug, Default)]
struct ValueLines {
    scanner: Scanner,
    /// While the value's last line ended inside a plain scalar: the column
    /// a line must be indented past to go on it.
    plain_from: Option<usize>,
}

impl ValueLines {
    /// The reader after a `key:` line, and where the line's comment
    /// starts: Err(where) when the YAML parser puts it elsewhere than the
    /// finder (where the parser does, or else the finder).
    fn after_key(rest: &str) -> (ValueLines, Result<Option<usize>, usize>) {
        let mut scanner = Scanner::new();
        let at = scanner.line(rest);
        let plain_from = scanner.in_plain().then_some(0);
        let checked = match lines::comment_start_by_parser(rest) {
            Some(by_parser) if rest.contains('#') && by_parser != at => {
                Err(by_parser.or(at).unwrap_or(0))
            }
            _ => Ok(at),
        };
        (
            ValueLines {
                scanner,
                plain_from,
            },
            checked,
        )
    }

    /// Where a comment starts on this line of the value. A line indented
    /// past the start of a plain scalar left open goes on it (its quotes
    /// are text); it is read both ways, and the earlier comment counts.
    fn comment_on(&mut self, line: &str) -> Option<usize> {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let goes_on = !self.scanner.is_open()
            && !self.scanner.in_block_scalar()
            && self.plain_from.is_some_and(|from| indent > from);
        let as_value = self.scanner.line(line);
        if !goes_on {
            self.plain_from = self
                .scanner
                .in_plain()
                .then(|| self.scanner.parent_column());
            return as_value;
        }
        let mut text = Scanner::in_plain_scalar();
        let as_text = text.line(line);
        if !text.in_plain() {
            self.plain_from = None;
        }
        self.scanner = text;
        match (as_value, as_text) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

/// The `# …` comment at byte `at` of a line's value part, with the spacing
/// before it (so a reformat keeps the user's alignment).
fn end_of_line_comment(rest: &str, at: usize) -> String {
    let start = lines::trim_yaml_end(&rest[..at]).len();
    rest[start..].to_string()
}

/// `text` less the comments that the canonical layout has no place for
/// ([`TopLevelComments::stranded`]): what `fmt` compares with the layout
/// when it must leave those comments where they are. A line that held
/// only a comment goes.
pub fn without_stranded_comments(text: &str) -> String {
    let comments = top_level_comments(text);
    let (bom, body) = match text.strip_prefix('\u{feff}') {
        Some(body) => ("\u{feff}", body),
        None => ("", text),
    };
    let mut out = String::from(bom);
    for (index, piece) in body.split_inclusive('\n').enumerate() {
        let Some(&(_, at)) = comments.cuts.iter().find(|(n, _)| *n == index + 1) else {
            out.push_str(piece);
            continue;
        };
        let kept = lines::trim_yaml_end(&piece[..at.min(piece.len())]);
        if !kept.is_empty() {
            out.push_str(kept);
            out.push_str(&piece[piece.trim_end_matches(['\r', '\n']).len()..]);
        }
    }
    out
}

/// A file (task, plan, registry) in canonical layout, keeping the
/// top-level comments of `original`. Returns the lines of comments it
/// could not place (their 1-based line numbers) as an error, so that
/// nothing is lost silently.
pub fn render<T: Serialize>(value: &T, original: Option<&str>) -> Result<String, Vec<usize>> {
    let comments = original.map(top_level_comments).unwrap_or_default();
    if !comments.stranded.is_empty() {
        return Err(comments.stranded);
    }
    let lines = value_lines(value);
    let keys: Vec<&str> = lines
        .iter()
        .filter(|l| !l.starts_with(' '))
        .filter_map(|l| l.split(':').next())
        .collect();
    let (above, trailer) = comments_above_each_key(&comments, &keys);
    let mut out: Vec<String> = comments.header.clone();
    for line in lines {
        let key = (!line.starts_with(' ')).then(|| line.split(':').next().unwrap_or_default());
        let Some((comments_above, eol)) = key.and_then(|k| above.get(k)) else {
            out.push(line);
            continue;
        };
        out.extend(comments_above.iter().cloned());
        match eol {
            Some(c) => out.push(format!("{line}{c}")),
            None => out.push(line),
        }
    }
    out.extend(trailer);
    // Line endings are the platform's business (git's autocrlf on
    // Windows): a CRLF file stays CRLF.
    let newline = original.map_or("\n", line_ending);
    let mut text = out.join(newline);
    text.push_str(newline);
    Ok(text)
}

/// The comment lines above a key, and its end-of-line comment.
type KeyComments = (Vec<String>, Option<String>);

/// For each key the new layout has: the comment lines to write above it
/// and its end-of-line comment. The comments of a key that is gone move
/// down to the next key that stays (as whole lines), or to the end.
fn comments_above_each_key(
    comments: &TopLevelComments,
    keys: &[&str],
) -> (HashMap<String, KeyComments>, Vec<String>) {
    let mut placed = HashMap::new();
    let mut carried: Vec<String> = Vec::new();
    for (key, above, eol) in &comments.by_key {
        carried.extend(above.iter().cloned());
        if keys.contains(&key.as_str()) && !placed.contains_key(key) {
            placed.insert(key.clone(), (std::mem::take(&mut carried), eol.clone()));
        } else {
            carried.extend(eol.iter().map(|c| c.trim_start().to_string()));
        }
    }
    carried.extend(comments.trailer.iter().cloned());
    (placed, carried)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_where_safe_quoted_otherwise() {
        assert_eq!(scalar("区环保局"), "区环保局");
        assert_eq!(scalar("2022-12-31"), "\"2022-12-31\"");
        assert_eq!(scalar("1.1"), "\"1.1\"");
        assert_eq!(scalar("true"), "\"true\"");
        assert_eq!(scalar("a: b"), "\"a: b\"");
        assert_eq!(scalar("- x"), "\"- x\"");
        assert_eq!(scalar("两行\n文字"), "\"两行\\n文字\"");
        assert_eq!(scalar(""), "\"\"");
        for tricky in [
            "第一行\u{85}第二行",
            "甲\u{2028}乙",
            "丙\u{2029}",
            "\u{7f}",
            "\u{feff}x",
        ] {
            let yaml = format!("note: {}", scalar(tricky));
            let parsed: std::collections::BTreeMap<String, String> =
                serde_yaml::from_str(&yaml).unwrap();
            assert_eq!(parsed["note"], tricky, "{yaml}");
        }
    }

    #[test]
    fn what_yaml_1_1_reads_as_another_type_is_quoted() {
        for other in [
            "yes",
            "No",
            "ON",
            "off",
            "y",
            "N",
            "True",
            "FALSE",
            "null",
            "NULL",
            "~",
            "<<",
            "=",
            "0",
            "017",
            "+12",
            "1_000",
            "0x1F",
            "0X1f",
            "0o17",
            "0b101",
            "1:20",
            "190:20:30",
            "1.5",
            ".5",
            "1e5",
            "6.8523015e+5",
            "1.2.3",
            ".inf",
            "-.INF",
            ".NaN",
            "2022-12-31",
            "2001-12-14t21:59:43.10-05:00",
            "2001-12-14 21:59:43.10 -5",
        ] {
            let written = scalar(other);
            assert_eq!(written, format!("\"{other}\""), "{other}");
            let yaml = format!("note: {written}");
            let parsed: std::collections::BTreeMap<String, String> =
                serde_yaml::from_str(&yaml).unwrap();
            assert_eq!(parsed["note"], other, "{yaml}");
        }
        for plain in [
            "区环保局",
            "yes我们完成了",
            "2022年完成",
            "5G基站",
            "onwards",
            "nothing",
            "1号文件",
            "a<<b",
            "x=1",
        ] {
            assert_eq!(scalar(plain), plain);
        }
    }

    #[test]
    fn dates_the_model_writes_stay_plain() {
        let date = Value::String("2022-12-31".into());
        for key in DATE_KEYS {
            assert_eq!(scalar_for(key, &date), "2022-12-31", "{key}");
        }
        assert_eq!(scalar_for("note", &date), "\"2022-12-31\"");
        assert_eq!(scalar_for("reason", &date), "\"2022-12-31\"");
        assert_eq!(scalar_for("", &date), "\"2022-12-31\"");
        // Not a date the model would write: quoted, whatever the key.
        let odd = Value::String("2022-02-30".into());
        assert_eq!(scalar_for("due", &odd), "\"2022-02-30\"");
        let status = Value::String("未启动".into());
        assert_eq!(scalar_for("from", &status), "未启动");
    }

    #[test]
    fn a_crlf_file_stays_crlf_when_reformatted() {
        let text = "id: \"1.1\"\nsection: 1\nheading: h\nnumber: 1\ntitle: t\nlead:\n  - 甲\nstatus: 未启动\ndue: 2022-12-31\n";
        let task: crate::model::Task = serde_yaml::from_str(text).unwrap();
        let crlf = render(&task, Some(&text.replace('\n', "\r\n"))).unwrap();
        assert!(crlf.ends_with("\r\n"));
        assert_eq!(crlf.matches('\n').count(), crlf.matches("\r\n").count());
        let lf = render(&task, Some(text)).unwrap();
        assert!(!lf.contains('\r'));
    }

    #[test]
    fn comments_are_found_by_key() {
        let c = top_level_comments("# 头\nid: \"1.1\" # 编号\n# 说明\nlead:\n  - 甲\n# 尾\n");
        assert_eq!(c.header, ["# 头"]);
        assert_eq!(c.by_key[0], ("id".into(), vec![], Some(" # 编号".into())));
        assert_eq!(c.by_key[1], ("lead".into(), vec!["# 说明".into()], None));
        assert_eq!(c.trailer, ["# 尾"]);
        assert!(c.stranded.is_empty());
        let c = top_level_comments("lead:\n  - 甲 # 人\n  # 另\n");
        assert_eq!(c.stranded, [2, 3]);
        // A comment line between the items of a list is inside the list.
        let c = top_level_comments("progress:\n  - a\n# 2020 年\n  - b\n# 下一项\nstatus: x\n");
        assert_eq!(c.stranded, [3]);
        assert_eq!(
            c.by_key[1],
            ("status".into(), vec!["# 下一项".into()], None)
        );
        // An apostrophe in plain text does not hide the comment after it.
        let c = top_level_comments("title: Tom's plan  # 注释\n");
        assert_eq!(c.by_key[0].2.as_deref(), Some("  # 注释"));
    }

    #[test]
    fn the_comments_of_a_key_that_is_gone_move_down_to_the_next() {
        #[derive(serde::Serialize)]
        struct Two {
            id: String,
            status: String,
        }
        let original = "# 头\nid: \"1.1\"\n# 暂定的理由\nlead_note: 旧 # 2018 年决定\nstatus: x # 状态\n# 尾\n";
        let value = Two {
            id: "1.1".into(),
            status: "y".into(),
        };
        assert_eq!(
            render(&value, Some(original)).unwrap(),
            "# 头\nid: \"1.1\"\n# 暂定的理由\n# 2018 年决定\nstatus: \"y\" # 状态\n# 尾\n"
        );
    }

    #[test]
    fn unicode_spaces_are_text_in_a_plain_scalar() {
        for text in ["甲\u{3000}", "\u{3000}甲", "甲\u{3000}#1号", "甲\u{a0}#2次"] {
            assert_eq!(scalar(text), text, "{text:?}");
            let yaml = format!("note: {}", scalar(text));
            let parsed: std::collections::BTreeMap<String, String> =
                serde_yaml::from_str(&yaml).unwrap();
            assert_eq!(parsed["note"], text);
        }
        // A # after a space or tab would be a comment.
        assert_eq!(scalar("甲 #1号"), "\"甲 #1号\"");
        let c = top_level_comments("title: 甲\u{3000}#1号\nlead:\n  - 乙\u{a0}#注\n");
        assert_eq!(c.by_key[0].2, None);
        assert!(c.stranded.is_empty(), "{:?}", c.stranded);
    }

    #[test]
    fn comments_are_found_by_yamls_rules() {
        let c = top_level_comments("title: 推进\"河长制,\"一河一策 # 督查室备注\n");
        assert_eq!(c.by_key[0].2.as_deref(), Some(" # 督查室备注"));
        // A block scalar's lines are text; a comment at column 0 ends it.
        let c = top_level_comments("text: |  # 原文\n  第一段\n  # 第二段\n# 下一项\nstatus: x\n");
        assert_eq!(c.by_key[0].2.as_deref(), Some("  # 原文"));
        assert_eq!(
            c.by_key[1],
            ("status".into(), vec!["# 下一项".into()], None)
        );
        assert!(c.stranded.is_empty(), "{:?}", c.stranded);
        // A quoted scalar over two lines: its # is text, the one after it not.
        let c = top_level_comments("text: \"甲\n  # 乙\" # 注\nstatus: x\n");
        assert_eq!(c.stranded, [2]);
        let c = top_level_comments("text: \"甲\n  # 乙\"\nstatus: x\n");
        assert!(c.stranded.is_empty(), "{:?}", c.stranded);
        // A plain scalar over lines: quotes on a line that goes on it are text.
        let c = top_level_comments("text: 甲\n  \"乙 # 注\"\nstatus: x\n");
        assert_eq!(c.stranded, [2]);
        // A quoted list item after a plain one is a new item.
        let c = top_level_comments("lead:\n  - 甲\n  - \"乙 # 丙\"\n");
        assert!(c.stranded.is_empty(), "{:?}", c.stranded);
    }

    #[test]
    fn a_file_less_its_stranded_comments() {
        let text = "\u{feff}lead:\n  # 说明\n  - 甲 # 人\n  - 乙\r\nstatus: x # 状态\n";
        assert_eq!(top_level_comments(text).stranded, [2, 3]);
        assert_eq!(
            without_stranded_comments(text),
            "\u{feff}lead:\n  - 甲\n  - 乙\r\nstatus: x # 状态\n"
        );
    }
}
