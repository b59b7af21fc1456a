//! The one canonical layout of the files cooptrack writes, used by `fmt`,
//! new files and `--reformat`: keys in model order, two-space block lists,
//! `[]` for an empty list, plain scalars where YAML reads them back
//! unchanged and double quotes otherwise. Comments at the top level are
//! carried over.

use std::collections::HashMap;

use serde::Serialize;
use serde_yaml::Value;

use super::lines::{comment_start, line_ending};

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
        && text.trim() == text
        && !text.contains(['\n', '\r', '\t'])
        && !text.chars().any(needs_escape)
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.ends_with(':')
        && !yaml11_reads_otherwise(text)
        && matches!(serde_yaml::from_str::<Value>(text), Ok(Value::String(s)) if s == text)
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
    "date",
    "from",
    "to",
    "until",
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
}

/// Collects the comments of a task file so a reformat can keep them. A
/// comment line inside a key's block (between the items of a list, say)
/// belongs to that block, which the layout rewrites: it is stranded.
pub fn top_level_comments(text: &str) -> TopLevelComments {
    let mut found = TopLevelComments::default();
    // Column-0 comment lines not yet placed, with their 1-based numbers.
    let mut pending: Vec<(usize, String)> = Vec::new();
    let mut seen_key = false;
    let text = text.trim_start_matches('\u{feff}');
    let lines = |pending: Vec<(usize, String)>| pending.into_iter().map(|(_, l)| l).collect();
    for (index, raw) in text.lines().enumerate() {
        let line = raw.trim_end_matches('\r');
        if line.starts_with('#') {
            pending.push((index + 1, line.to_string()));
            continue;
        }
        let key = line
            .split_once(':')
            .filter(|(k, _)| !k.is_empty() && !line.starts_with([' ', '\t', '-']))
            .map(|(k, rest)| (k.to_string(), rest));
        match key {
            Some((key, rest)) => {
                let eol = end_of_line_comment(rest);
                // Comments above the first key head the file.
                if !seen_key {
                    found.header = lines(std::mem::take(&mut pending));
                }
                found
                    .by_key
                    .push((key, lines(std::mem::take(&mut pending)), eol));
                seen_key = true;
            }
            None if line.trim().is_empty() => {}
            None => {
                // Content of a block follows: the comments above it are inside.
                found
                    .stranded
                    .extend(pending.drain(..).map(|(number, _)| number));
                let trimmed = line.trim_start();
                if trimmed.starts_with('#') || end_of_line_comment(trimmed).is_some() {
                    found.stranded.push(index + 1);
                }
            }
        }
    }
    if seen_key {
        found.trailer = lines(pending);
    } else {
        found.header = lines(pending);
    }
    found
}

/// The `# …` comment at the end of a line's value part, with the spacing
/// before it (so a reformat keeps the user's alignment).
fn end_of_line_comment(rest: &str) -> Option<String> {
    let at = comment_start(rest)?;
    let start = rest[..at].trim_end().len();
    Some(rest[start..].to_string())
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
}
