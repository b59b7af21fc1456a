//! Where a finding points in a task file. Serde forgets positions once a
//! file is parsed, so a rule that looks at a parsed value finds its line
//! here: the n-th item of a list, or a field of the n-th entry of a list
//! of mappings.
//!
//! The index of the file is built on the first finding and each list is
//! scanned once, so that a file with 100 000 list items and as many
//! findings is read a few times, not once per finding.

use std::cell::{Cell, OnceCell, RefCell};
use std::collections::HashMap;

use crate::diagnostics::{locate, Position};

/// Past this many fallback scans of a whole file (a list in a shape the
/// index does not follow), a finding points at its key's line.
const MAX_FALLBACKS: usize = 64;

pub(super) struct Locator<'t> {
    text: &'t str,
    index: OnceCell<Index<'t>>,
    items: RefCell<HashMap<&'t str, Vec<Position>>>,
    entries: RefCell<HashMap<&'t str, Vec<Entry>>>,
    fallbacks: Cell<usize>,
}

/// The file's lines and where each top-level key starts.
struct Index<'t> {
    lines: Vec<&'t str>,
    /// Top-level key → (the key itself, the 0-based line of its first occurrence).
    keys: HashMap<&'t str, usize>,
}

/// One entry of a block list of mappings (`- date: …`).
struct Entry {
    at: Position,
    /// Each field's name and where its value starts.
    fields: Vec<(String, Position)>,
}

impl<'t> Locator<'t> {
    pub(super) fn new(text: &'t str) -> Self {
        Locator {
            text,
            index: OnceCell::new(),
            items: RefCell::default(),
            entries: RefCell::default(),
            fallbacks: Cell::new(0),
        }
    }

    fn index(&self) -> &Index<'t> {
        self.index.get_or_init(|| Index::new(self.text))
    }

    /// The line of `key:` at the top level.
    pub(super) fn key(&self, key: &str) -> Option<Position> {
        self.index().keys.get(key).map(|&line| Position {
            line: line + 1,
            column: 1,
        })
    }

    /// Item `at` of the list of scalars under `key`, whose parsed items
    /// are `list`.
    pub(super) fn item(&self, key: &str, list: &[String], at: usize) -> Option<Position> {
        let value = list.get(at).map_or("", String::as_str);
        let (&key, &line) = self.index().keys.get_key_value(key)?;
        let mut cache = self.items.borrow_mut();
        let items = cache
            .entry(key)
            .or_insert_with(|| scan_items(&self.index().lines, line, key.len()));
        if items.len() == list.len() {
            return items.get(at).copied();
        }
        drop(cache);
        self.fallback(key, value)
    }

    /// Field `field` of entry `at` of the list of mappings under `key`,
    /// which has `count` entries; `value` is the field's value as text,
    /// for the fallback search. An entry without that field on a line of
    /// its own (a flow mapping) points at the entry.
    pub(super) fn field(
        &self,
        key: &str,
        count: usize,
        at: usize,
        field: &str,
        value: &str,
    ) -> Option<Position> {
        let (&key, &line) = self.index().keys.get_key_value(key)?;
        let mut cache = self.entries.borrow_mut();
        let entries = cache
            .entry(key)
            .or_insert_with(|| scan_entries(&self.index().lines, line));
        if entries.len() == count {
            let entry = entries.get(at)?;
            let found = entry.fields.iter().find(|(name, _)| name == field);
            return Some(found.map_or(entry.at, |(_, position)| *position));
        }
        drop(cache);
        self.fallback(key, value)
    }

    /// The first place `value` appears in `key`'s block (a scan of the
    /// file), a bounded number of times per file; then the key's line.
    fn fallback(&self, key: &str, value: &str) -> Option<Position> {
        let used = self.fallbacks.get();
        if used >= MAX_FALLBACKS || value.is_empty() {
            return self.key(key);
        }
        self.fallbacks.set(used + 1);
        locate(self.text, key, Some(value))
    }
}

impl<'t> Index<'t> {
    fn new(text: &'t str) -> Self {
        let lines: Vec<&str> = text.lines().collect();
        let mut keys = HashMap::new();
        for (number, line) in lines.iter().enumerate() {
            if line.starts_with([' ', '\t', '-', '#']) {
                continue;
            }
            if let Some((key, _)) = line.split_once(':') {
                keys.entry(key).or_insert(number);
            }
        }
        Index { lines, keys }
    }
}

/// The lines of the block that starts at `first` (the key's line): the
/// key line, then every line that is blank or indented, a list item or a
/// comment.
fn block<'a, 't>(
    lines: &'a [&'t str],
    first: usize,
) -> impl Iterator<Item = (usize, &'t str)> + 'a {
    let rest = lines.get(first + 1..).unwrap_or_default();
    let continued = rest
        .iter()
        .take_while(|l| l.is_empty() || l.starts_with([' ', '\t', '-', '#']))
        .count();
    (first..first + 1 + continued).map(move |i| (i, lines[i]))
}

/// Leading spaces of a line.
fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// The item after a `- ` that starts a block list item, if the line is one.
fn dash_item(line: &str) -> Option<&str> {
    let rest = line.trim_start_matches(' ');
    match rest.strip_prefix('-') {
        Some("") => Some(""),
        Some(after) if after.starts_with([' ', '\t']) => {
            Some(after.trim_start_matches([' ', '\t']))
        }
        _ => None,
    }
}

/// The position of `value`, a suffix of `line` (line 0-based): past an
/// opening quote, where the text itself starts.
fn position_of(number: usize, line: &str, value: &str) -> Position {
    let start = line.len() - value.len();
    let quote = usize::from(value.starts_with(['"', '\'']));
    Position {
        line: number + 1,
        column: line[..start].chars().count() + 1 + quote,
    }
}

/// Where each item of a list of scalars starts: block items (`- x`) at the
/// indentation of the first one, or the items of a flow list (`[x, y]`,
/// over one line or several).
fn scan_items(lines: &[&str], first: usize, key_len: usize) -> Vec<Position> {
    let after_key = lines[first].get(key_len + 1..).unwrap_or("");
    if after_key.trim_start().starts_with('[') {
        return scan_flow(lines, first, key_len + 1);
    }
    let mut items = Vec::new();
    let mut dash_indent = None;
    for (number, line) in block(lines, first).skip(1) {
        let Some(value) = dash_item(line) else {
            continue;
        };
        let level = indent(line);
        if *dash_indent.get_or_insert(level) == level {
            items.push(position_of(number, line, value));
        }
    }
    items
}

/// The items of a flow list that opens on line `first` at byte `from` or
/// after: each item's first character (past a quote), up to the closing
/// bracket. Quoted items may hold commas and brackets.
fn scan_flow(lines: &[&str], first: usize, from: usize) -> Vec<Position> {
    let mut items = Vec::new();
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    // Between a `[` or `,` and the next item.
    let mut expecting = false;
    for (number, line) in block(lines, first) {
        let start = if number == first { from } else { 0 };
        let mut column = line[..start.min(line.len())].chars().count();
        let mut previous = ' ';
        for c in line.get(start..).unwrap_or("").chars() {
            column += 1;
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '#') if previous.is_whitespace() => break,
                (None, '[' | '{') => {
                    depth += 1;
                    expecting = depth == 1;
                }
                (None, ']' | '}') => {
                    depth = depth.saturating_sub(1);
                    expecting = false;
                    if depth == 0 {
                        return items;
                    }
                }
                (None, ',') if depth == 1 => expecting = true,
                (None, c) if c.is_whitespace() => {}
                (None, c) => {
                    if c == '"' || c == '\'' {
                        quote = Some(c);
                    }
                    if expecting && depth == 1 {
                        let quoted = usize::from(quote.is_some());
                        items.push(Position {
                            line: number + 1,
                            column: column + quoted,
                        });
                    }
                    expecting = false;
                }
            }
            previous = c;
        }
    }
    items
}

/// The entries of a block list of mappings under the key on line `first`:
/// each entry's dash line, and the fields at the entry's own indentation.
fn scan_entries(lines: &[&str], first: usize) -> Vec<Entry> {
    let mut entries: Vec<Entry> = Vec::new();
    let mut dash_indent = None;
    let mut field_indent = 0;
    for (number, line) in block(lines, first).skip(1) {
        let level = indent(line);
        if let Some(item) = dash_item(line) {
            if *dash_indent.get_or_insert(level) == level {
                field_indent = line.len() - item.len();
                let mut entry = Entry {
                    at: position_of(number, line, item),
                    fields: Vec::new(),
                };
                entry.fields.extend(field_at(number, line, item));
                entries.push(entry);
                continue;
            }
        }
        if level == field_indent && dash_indent.is_some() {
            if let Some(entry) = entries.last_mut() {
                entry.fields.extend(field_at(number, line, &line[level..]));
            }
        }
    }
    entries
}

/// `name: value` (from `rest`, a suffix of `line`): the field's name and
/// where its value starts (its name, where the value is on later lines).
fn field_at(number: usize, line: &str, rest: &str) -> Option<(String, Position)> {
    let (name, value) = rest.split_once(':')?;
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return None;
    }
    let value = value.trim_start_matches([' ', '\t']);
    let at = if value.is_empty() || value.starts_with('#') {
        position_of(number, line, rest)
    } else {
        position_of(number, line, value)
    };
    Some((name.to_string(), at))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: usize, column: usize) -> Option<Position> {
        Some(Position { line, column })
    }

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn block_and_flow_items() {
        let text = "id: \"1.1\"\nlead:\n  - 区环保局\n  # 注\n  - \"区农委\"\nresponsible: [区水务局, '区,农委',\n  区交委]\nstatus: 未启动\n";
        let locator = Locator::new(text);
        let lead = names(&["区环保局", "区农委"]);
        assert_eq!(locator.item("lead", &lead, 0), at(3, 5));
        assert_eq!(locator.item("lead", &lead, 1), at(5, 6));
        let responsible = names(&["区水务局", "区,农委", "区交委"]);
        assert_eq!(locator.item("responsible", &responsible, 0), at(6, 15));
        assert_eq!(locator.item("responsible", &responsible, 1), at(6, 22));
        assert_eq!(locator.item("responsible", &responsible, 2), at(7, 3));
        assert_eq!(locator.key("status"), at(8, 1));
        assert_eq!(locator.item("missing", &lead, 0), None);
    }

    #[test]
    fn a_list_of_another_length_falls_back_to_a_search() {
        let text = "lead:\n  - 区环保局\n  - 区农委\n";
        let locator = Locator::new(text);
        assert_eq!(locator.item("lead", &names(&["区农委"]), 0), at(3, 5));
    }

    #[test]
    fn fields_of_entries() {
        let text = "progress:\n  - date: 2019-01-01\n    by: 区环保局\n    status:\n      from: 未启动\n      to: 推进中\n  - {date: 2019-02-01, by: 区农委}\n  - date: '2019-03-01'\n    note: x\ndue: 2022-12-31\n";
        let locator = Locator::new(text);
        assert_eq!(locator.field("progress", 3, 0, "date", ""), at(2, 11));
        assert_eq!(locator.field("progress", 3, 0, "by", ""), at(3, 9));
        assert_eq!(locator.field("progress", 3, 0, "status", ""), at(4, 5));
        assert_eq!(locator.field("progress", 3, 0, "to", ""), at(2, 5));
        assert_eq!(locator.field("progress", 3, 1, "by", ""), at(7, 5));
        assert_eq!(locator.field("progress", 3, 2, "date", ""), at(8, 12));
        assert_eq!(locator.field("progress", 3, 2, "note", ""), at(9, 11));
    }
}
