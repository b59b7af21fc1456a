//! The one YAML line editor: surgical edits of a hand-written file (a task,
//! the plan, the registry) that change the lines of the touched top-level
//! keys and nothing else, so that comments, key order, quoting, blank lines
//! and line endings elsewhere stay byte for byte.
//!
//! The editor understands the shapes these files use: a top-level mapping
//! whose values are scalars (plain, quoted, or block `|`/`>`), block lists
//! (`- item`), flow lists (`[]`, `[a, b]`) or nested blocks. Whatever it
//! produces is parsed again and compared with the intended value by the
//! edit path, so a shape it misjudges is refused rather than written.

use std::fmt;

/// An edit the editor cannot make without reformatting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditError(pub String);

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for EditError {}

impl EditError {
    /// The value of `key` is not one the editor can read.
    fn unparsable(key: &str) -> EditError {
        EditError(crate::tr!(
            "“{key}”的值无法解析",
            "the value of “{key}” cannot be parsed"
        ))
    }
}

type EditResult<T = ()> = Result<T, EditError>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    bom: bool,
    lines: Vec<String>,
    /// Each line's own terminator, so that untouched lines keep theirs in
    /// a file with mixed endings; `None` for a line the editor added,
    /// which gets the file's dominant one.
    ends: Vec<Option<&'static str>>,
    newline: &'static str,
}

/// Where a top-level key's value sits.
struct KeySpan {
    /// The `key:` line.
    line: usize,
    /// One past the last line of the key's block (before trailing blank
    /// lines and column-0 comments, which belong to what follows).
    end: usize,
}

impl Document {
    pub fn parse(text: &str) -> Document {
        let (bom, text) = match text.strip_prefix('\u{feff}') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let newline = line_ending(text);
        let mut lines = Vec::new();
        let mut ends = Vec::new();
        for piece in text.split_inclusive('\n') {
            let (line, end) = if let Some(line) = piece.strip_suffix("\r\n") {
                (line, "\r\n")
            } else if let Some(line) = piece.strip_suffix('\n') {
                (line, "\n")
            } else {
                (piece, "")
            };
            lines.push(line.to_string());
            ends.push(Some(end));
        }
        Document {
            bom,
            lines,
            ends,
            newline,
        }
    }

    pub fn render(&self) -> String {
        let mut out = String::new();
        if self.bom {
            out.push('\u{feff}');
        }
        let last = self.lines.len().saturating_sub(1);
        for (index, (line, end)) in self.lines.iter().zip(&self.ends).enumerate() {
            out.push_str(line);
            match end {
                // The unterminated last line of the file, still last.
                Some("") if index == last => {}
                Some(end) if !end.is_empty() => out.push_str(end),
                _ => out.push_str(self.newline),
            }
        }
        out
    }

    fn insert_lines(&mut self, at: usize, lines: Vec<String>) {
        let added = lines.len();
        self.lines.splice(at..at, lines);
        self.ends.splice(at..at, std::iter::repeat_n(None, added));
    }

    fn remove_line(&mut self, index: usize) {
        self.lines.remove(index);
        self.ends.remove(index);
    }

    fn key_span(&self, key: &str) -> Option<KeySpan> {
        let line = self
            .lines
            .iter()
            .position(|l| top_level_key(l) == Some(key))?;
        let next_key = self.lines[line + 1..]
            .iter()
            .position(|l| top_level_key(l).is_some())
            .map_or(self.lines.len(), |i| line + 1 + i);
        // Blank lines and column-0 comments just before the next key are its own.
        let mut end = next_key;
        while end > line + 1 {
            let l = self.lines[end - 1].trim_end();
            if l.is_empty() || l.starts_with('#') {
                end -= 1;
            } else {
                break;
            }
        }
        Some(KeySpan { line, end })
    }

    pub fn has_key(&self, key: &str) -> bool {
        self.key_span(key).is_some()
    }

    /// Sets `key: value` (value already rendered as a YAML scalar), keeping
    /// an end-of-line comment. A missing key is inserted after the first of
    /// `after` that exists (searched in order), or at the end.
    pub fn set_scalar(&mut self, key: &str, value: &str, after: &[&str]) -> EditResult {
        let Some(span) = self.key_span(key) else {
            let at = self.insertion_point(after);
            self.insert_lines(at, vec![format!("{key}: {value}")]);
            return Ok(());
        };
        let line = &self.lines[span.line];
        let value_start = key.len() + 1;
        let rest = &line[value_start..];
        let inline = split_inline_value(rest).ok_or_else(|| {
            EditError(crate::tr!(
                "“{key}”的值无法就地修改（引号未闭合？）",
                "the value of “{key}” cannot be edited in place (an unclosed quote?)"
            ))
        })?;
        if inline.value.is_empty() && span.end > span.line + 1 {
            return Err(EditError(crate::tr!(
                "“{key}”不是单行的值，无法就地修改",
                "“{key}” is not a one-line value, so it cannot be edited in place"
            )));
        }
        let comment = inline
            .comment
            .map(|c| format!("{}{c}", inline.gap))
            .unwrap_or_default();
        // A block scalar's lines, or a plain scalar's continuation lines,
        // go too; comments stay, and so do blank lines outside a block
        // scalar (they belong to the layout, not the value). Inside a block
        // scalar every indented line is text, `#` or not: only a comment
        // at column 0 is a comment there.
        let block_scalar = inline.value.starts_with(['|', '>']);
        self.lines[span.line] = format!("{key}: {value}{comment}");
        let mut index = span.line + 1;
        for _ in span.line + 1..span.end {
            let raw = &self.lines[index];
            let line = raw.trim();
            let comment = if block_scalar {
                raw.starts_with('#')
            } else {
                line.starts_with('#')
            };
            if comment || (line.is_empty() && !block_scalar) {
                index += 1;
            } else {
                self.remove_line(index);
            }
        }
        Ok(())
    }

    /// Appends items to the list under `key`. Each item is given as lines
    /// without indentation, the first starting with `- `. A missing key is
    /// inserted after the first of `after` that exists.
    pub fn append_items(&mut self, key: &str, items: &[Vec<String>], after: &[&str]) -> EditResult {
        let Some(span) = self.key_span(key) else {
            let at = self.insertion_point(after);
            let mut block = vec![format!("{key}:")];
            block.extend(indent_items(items, "  "));
            self.insert_lines(at, block);
            return Ok(());
        };
        let (value, comment) = self.value_and_comment(&span, key)?;
        match value.as_str() {
            "" => {
                let indent = self.item_indent(&span).unwrap_or_else(|| "  ".to_string());
                let at = self.last_content_line(&span) + 1;
                self.insert_lines(at, indent_items(items, &indent));
                Ok(())
            }
            "[]" => {
                self.lines[span.line] = format!("{key}:{comment}");
                let at = span.line + 1;
                self.insert_lines(at, indent_items(items, "  "));
                Ok(())
            }
            value
                if value.starts_with('[')
                    && value.ends_with(']')
                    && items.iter().all(|i| i.len() == 1) =>
            {
                let mut flow = flow_items(value);
                flow.extend(
                    items
                        .iter()
                        .map(|i| i[0].trim_start_matches("- ").to_string()),
                );
                self.lines[span.line] = format!("{key}: [{}]{comment}", flow.join(", "));
                Ok(())
            }
            _ => Err(EditError(crate::tr!(
                "“{key}”不是可追加的列表写法，无法就地修改",
                "“{key}” is not written as a list that can be appended to in place"
            ))),
        }
    }

    /// Removes the list item under `key` whose scalar equals `value`.
    /// Returns false if no such item was found.
    pub fn remove_item(&mut self, key: &str, value: &str) -> EditResult<bool> {
        let Some(span) = self.key_span(key) else {
            return Ok(false);
        };
        let (written, comment) = self.value_and_comment(&span, key)?;
        if written.starts_with('[') {
            let mut flow = flow_items(&written);
            let before = flow.len();
            flow.retain(|item| scalar_value(item) != value);
            if flow.len() == before {
                return Ok(false);
            }
            self.lines[span.line] = format!("{key}: [{}]{comment}", flow.join(", "));
            return Ok(true);
        }
        let found = (span.line + 1..span.end).find(|&i| {
            let trimmed = self.lines[i].trim_start();
            trimmed
                .strip_prefix("- ")
                .and_then(split_inline_value)
                .is_some_and(|v| scalar_value(v.value) == value)
        });
        let Some(index) = found else {
            return Ok(false);
        };
        self.remove_line(index);
        let remaining =
            (span.line + 1..span.end - 1).any(|i| self.lines[i].trim_start().starts_with('-'));
        if !remaining {
            // Keep whatever comments sat in the list; mark it empty.
            self.lines[span.line] = format!("{key}: []{comment}");
        }
        Ok(true)
    }

    /// Replaces the whole block of `key` (its line and everything under
    /// it) with `lines`. Refuses where the block holds a comment, which
    /// the new lines would lose.
    pub fn replace_block(&mut self, key: &str, lines: Vec<String>) -> EditResult {
        let Some(span) = self.key_span(key) else {
            return Err(EditError::unparsable(key));
        };
        if self.block_has_comment(&span) {
            return Err(EditError(crate::tr!(
                "“{key}”中有注释，整体改写会丢失注释",
                "“{key}” has comments, which rewriting it whole would lose"
            )));
        }
        for _ in span.line..span.end {
            self.remove_line(span.line);
        }
        self.insert_lines(span.line, lines);
        Ok(())
    }

    /// Removes the block of `key`; comments above the next key stay.
    pub fn remove_block(&mut self, key: &str) {
        if let Some(span) = self.key_span(key) {
            for _ in span.line..span.end {
                self.remove_line(span.line);
            }
        }
    }

    /// Inserts the block of a key the file lacks, after the first of
    /// `after` present (searched in order), or at the end.
    pub fn insert_block(&mut self, lines: Vec<String>, after: &[&str]) {
        let at = self.insertion_point(after);
        self.insert_lines(at, lines);
    }

    fn block_has_comment(&self, span: &KeySpan) -> bool {
        let key_line = &self.lines[span.line];
        let after_colon = key_line.find(':').map_or("", |i| &key_line[i + 1..]);
        comment_start(after_colon).is_some()
            || self.lines[span.line + 1..span.end]
                .iter()
                .any(|l| l.trim_start().starts_with('#') || comment_start(l).is_some())
    }

    /// The inline value of a `key:` line and its end-of-line comment
    /// (with the spacing before it), to rebuild the line around a new value.
    fn value_and_comment(&self, span: &KeySpan, key: &str) -> EditResult<(String, String)> {
        let line = &self.lines[span.line];
        let inline =
            split_inline_value(&line[key.len() + 1..]).ok_or_else(|| EditError::unparsable(key))?;
        let comment = inline
            .comment
            .map(|c| format!("{}{c}", inline.gap))
            .unwrap_or_default();
        Ok((inline.value.to_string(), comment))
    }

    fn insertion_point(&self, after: &[&str]) -> usize {
        after
            .iter()
            .find_map(|k| self.key_span(k))
            .map_or(self.lines.len(), |span| span.end)
    }

    /// The last line of the key's block that holds content.
    fn last_content_line(&self, span: &KeySpan) -> usize {
        (span.line..span.end)
            .rev()
            .find(|&i| !self.lines[i].trim().is_empty())
            .unwrap_or(span.line)
    }

    /// The indentation of the block list's items (`  ` for `  - x`).
    fn item_indent(&self, span: &KeySpan) -> Option<String> {
        self.lines[span.line + 1..span.end].iter().find_map(|l| {
            let trimmed = l.trim_start_matches(' ');
            trimmed
                .starts_with('-')
                .then(|| " ".repeat(l.len() - trimmed.len()))
        })
    }
}

/// The line ending a text mostly uses: CRLF when most lines end so,
/// else LF. Lines the editor adds get it, so a CRLF file stays CRLF.
pub fn line_ending(text: &str) -> &'static str {
    let crlf = text.matches("\r\n").count();
    if crlf * 2 > text.matches('\n').count() {
        "\r\n"
    } else {
        "\n"
    }
}

/// `key` if the line starts a top-level `key:` entry.
fn top_level_key(line: &str) -> Option<&str> {
    let first = line.chars().next()?;
    if !(first.is_ascii_alphabetic() || first == '_') {
        return None;
    }
    let colon = line.find(':')?;
    let key = &line[..colon];
    let after = &line[colon + 1..];
    (key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && (after.is_empty() || after.starts_with([' ', '\t'])))
    .then_some(key)
}

/// The value part of `key: value  # comment`, split into its pieces.
struct InlineValue<'a> {
    value: &'a str,
    gap: &'a str,
    comment: Option<&'a str>,
}

fn split_inline_value(rest: &str) -> Option<InlineValue<'_>> {
    let trimmed = rest.trim_start();
    let end = match trimmed.chars().next() {
        Some('"') => closing_quote(trimmed, '"')?,
        Some('\'') => closing_quote(trimmed, '\'')?,
        Some('#') | None => 0,
        _ => comment_start(trimmed).unwrap_or(trimmed.len()),
    };
    let value = trimmed[..end].trim_end();
    let after = &trimmed[value.len()..];
    let comment_at = after.find('#');
    match comment_at {
        Some(i) => Some(InlineValue {
            value,
            gap: &after[..i],
            comment: Some(&after[i..]),
        }),
        None if after.trim().is_empty() => Some(InlineValue {
            value,
            gap: "",
            comment: None,
        }),
        None => None,
    }
}

/// Where a YAML comment starts on this line: a `#` after whitespace,
/// outside quotes. A quote opens a quoted scalar only where a value
/// starts (`key: '…'`, `- "…"`, `[…, '…']`), so the apostrophe in
/// `title: Tom's plan  # note` is text, and the comment is still found.
pub fn comment_start(line: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    let mut previous: Option<char> = None;
    let mut space_before = true;
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match quote {
            Some('"') if c == '\\' => {
                chars.next();
            }
            Some('\'') if c == '\'' && chars.peek().is_some_and(|(_, n)| *n == '\'') => {
                chars.next();
            }
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '#' && space_before => return Some(i),
            None if matches!(c, '"' | '\'')
                && matches!(previous, None | Some(':' | '-' | '[' | '{' | ',' | '?')) =>
            {
                quote = Some(c);
            }
            None => {}
        }
        space_before = c.is_whitespace();
        if !c.is_whitespace() {
            previous = Some(c);
        }
    }
    None
}

/// The byte index just past the closing quote of a quoted scalar.
fn closing_quote(text: &str, quote: char) -> Option<usize> {
    let mut chars = text.char_indices().skip(1).peekable();
    while let Some((i, c)) = chars.next() {
        if quote == '"' && c == '\\' {
            chars.next();
        } else if c == quote {
            if quote == '\'' && chars.peek().is_some_and(|(_, n)| *n == '\'') {
                chars.next();
            } else {
                return Some(i + 1);
            }
        }
    }
    None
}

/// A scalar's value as YAML reads it (quotes removed).
fn scalar_value(raw: &str) -> String {
    serde_yaml::from_str::<String>(raw).unwrap_or_else(|_| raw.trim().to_string())
}

/// The items of a one-line flow list `[a, b]`, as written.
fn flow_items(value: &str) -> Vec<String> {
    value
        .trim_start_matches('[')
        .trim_end_matches(']')
        .split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn indent_items(items: &[Vec<String>], indent: &str) -> Vec<String> {
    items
        .iter()
        .flatten()
        .map(|line| format!("{indent}{line}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const COMMENTED: &str = "# 手工维护\nid: \"1.1\" # 编号\nlead:\n  - 区环保局 # 牵头\n\n# 进展\nprogress: [] # 暂无\nstatus: '未启动'   # 待办\n";

    #[test]
    fn untouched_text_renders_byte_for_byte() {
        for text in [
            COMMENTED,
            "a: 1\r\nb: 2\r\n",
            "\u{feff}a: 1",
            "a: |\n  x\n  y\n",
        ] {
            assert_eq!(Document::parse(text).render(), text);
        }
    }

    #[test]
    fn set_scalar_keeps_the_comment_and_every_other_line() {
        let mut doc = Document::parse(COMMENTED);
        doc.set_scalar("status", "推进中", &[]).unwrap();
        assert_eq!(doc.render(), COMMENTED.replace("'未启动'", "推进中"));
    }

    #[test]
    fn a_block_scalar_is_replaced_whole() {
        let mut doc = Document::parse("status: >-\n  未启动\ndue: 2022-12-31\n");
        doc.set_scalar("status", "推进中", &[]).unwrap();
        assert_eq!(doc.render(), "status: 推进中\ndue: 2022-12-31\n");
        // A line of the text that starts with # is text, not a comment.
        let mut doc = Document::parse(
            "text: |\n  旧的文字。\n  # 第二段以井号开头\n\n  第三段。\nlead: []\n",
        );
        doc.set_scalar("text", "新的文字。", &[]).unwrap();
        assert_eq!(doc.render(), "text: 新的文字。\nlead: []\n");
    }

    #[test]
    fn appending_to_an_empty_flow_list_makes_a_block_list() {
        let mut doc = Document::parse(COMMENTED);
        doc.append_items(
            "progress",
            &[vec!["- date: 2019-01-01".into(), "  by: 区环保局".into()]],
            &[],
        )
        .unwrap();
        assert!(doc
            .render()
            .contains("# 进展\nprogress: # 暂无\n  - date: 2019-01-01\n    by: 区环保局\nstatus:"));
    }

    #[test]
    fn appending_to_a_block_list_goes_after_its_last_item() {
        let mut doc = Document::parse("lead:\n- 甲\n- 乙  # 注\n\n# 下一项\nstatus: x\n");
        doc.append_items("lead", &[vec!["- 丙".into()]], &[])
            .unwrap();
        assert_eq!(
            doc.render(),
            "lead:\n- 甲\n- 乙  # 注\n- 丙\n\n# 下一项\nstatus: x\n"
        );
    }

    #[test]
    fn comments_are_found_after_apostrophes_and_tabs() {
        assert_eq!(comment_start("title: Tom's plan  # 注释"), Some(19));
        assert_eq!(
            comment_start("status: 未启动\t# 甲 # 乙").map(|i| &"status: 未启动\t# 甲 # 乙"[i..]),
            Some("# 甲 # 乙")
        );
        assert_eq!(comment_start("note: 'a # b' # c"), Some(14));
        assert_eq!(comment_start("- \"x # y\""), None);
        assert_eq!(comment_start("text: a#b"), None);
        let mut doc = Document::parse("status: 未启动\t# 甲 # 乙\n");
        doc.set_scalar("status", "推进中", &[]).unwrap();
        assert_eq!(doc.render(), "status: 推进中\t# 甲 # 乙\n");
    }

    #[test]
    fn blank_lines_and_comments_after_a_scalar_stay() {
        let text = "due: 2022-12-31\n\n  # 注：原定年底\nprogress: []\n";
        let mut doc = Document::parse(text);
        doc.set_scalar("due", "2023-06-30", &[]).unwrap();
        assert_eq!(doc.render(), text.replace("2022-12-31", "2023-06-30"));
    }

    #[test]
    fn mixed_line_endings_stay_as_they_were() {
        let text = "lead:\r\n  - 甲\nstatus: x\r\ndue: 2022-12-31";
        let mut doc = Document::parse(text);
        doc.set_scalar("status", "y", &[]).unwrap();
        assert_eq!(
            doc.render(),
            "lead:\r\n  - 甲\nstatus: y\r\ndue: 2022-12-31"
        );
        doc.append_items("lead", &[vec!["- 乙".into()]], &[])
            .unwrap();
        assert_eq!(
            doc.render(),
            "lead:\r\n  - 甲\n  - 乙\r\nstatus: y\r\ndue: 2022-12-31"
        );
        doc.set_scalar("progress", "[]", &[]).unwrap();
        assert_eq!(
            doc.render(),
            "lead:\r\n  - 甲\n  - 乙\r\nstatus: y\r\ndue: 2022-12-31\r\nprogress: []\r\n"
        );
    }

    #[test]
    fn crlf_files_stay_crlf() {
        let mut doc = Document::parse("lead:\r\n  - 甲\r\nstatus: x\r\n");
        doc.append_items("lead", &[vec!["- 乙".into()]], &[])
            .unwrap();
        doc.set_scalar("status", "y", &[]).unwrap();
        assert_eq!(doc.render(), "lead:\r\n  - 甲\r\n  - 乙\r\nstatus: y\r\n");
    }

    #[test]
    fn removing_the_last_item_leaves_an_empty_list() {
        let mut doc = Document::parse("responsible:\n  - \"甲\"\nstatus: x\n");
        assert!(doc.remove_item("responsible", "甲").unwrap());
        assert_eq!(doc.render(), "responsible: []\nstatus: x\n");
        assert!(!doc.remove_item("responsible", "乙").unwrap());
    }

    #[test]
    fn flow_lists_of_names_are_edited_in_place() {
        let mut doc = Document::parse("lead: [甲, 乙] # 两个\n");
        doc.append_items("lead", &[vec!["- 丙".into()]], &[])
            .unwrap();
        assert!(doc.remove_item("lead", "甲").unwrap());
        assert_eq!(doc.render(), "lead: [乙, 丙] # 两个\n");
    }

    #[test]
    fn missing_keys_are_inserted_after_their_predecessor() {
        let mut doc = Document::parse("due: 2022-12-31 # 原定\nprogress: []\n");
        doc.set_scalar("original_due", "2022-12-31", &["due"])
            .unwrap();
        assert_eq!(
            doc.render(),
            "due: 2022-12-31 # 原定\noriginal_due: 2022-12-31\nprogress: []\n"
        );
    }

    #[test]
    fn blocks_are_replaced_inserted_and_removed() {
        let text = "# 头\ntitle: A\nparent:\n  title: P\n\n# 下一项\nperiod:\n  start: 1\n";
        let mut doc = Document::parse(text);
        doc.replace_block("parent", vec!["parent: x".into()])
            .unwrap();
        assert_eq!(
            doc.render(),
            "# 头\ntitle: A\nparent: x\n\n# 下一项\nperiod:\n  start: 1\n"
        );
        doc.insert_block(vec!["issuer: B".into()], &["title"]);
        assert!(doc
            .render()
            .starts_with("# 头\ntitle: A\nissuer: B\nparent: x\n"));
        doc.remove_block("parent");
        assert_eq!(
            doc.render(),
            "# 头\ntitle: A\nissuer: B\n\n# 下一项\nperiod:\n  start: 1\n"
        );
        let mut crlf = Document::parse("a: 1\r\nb: 2\r\n");
        crlf.replace_block("a", vec!["a: 3".into()]).unwrap();
        assert_eq!(crlf.render(), "a: 3\r\nb: 2\r\n");
        // A comment in the block would be lost: refused.
        for commented in ["a: 1 # 注\n", "a:\n  # 注\n  b: 1\n", "a:\n  - x # 注\n"] {
            let mut doc = Document::parse(commented);
            assert!(
                doc.replace_block("a", vec!["a: 2".into()]).is_err(),
                "{commented}"
            );
            assert_eq!(doc.render(), commented);
        }
    }
}
