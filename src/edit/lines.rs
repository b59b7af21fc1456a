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

use std::collections::{HashMap, HashSet};
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
            let l = trim_yaml_end(&self.lines[end - 1]);
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
            let line = trim_yaml(raw);
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

    /// Inserts items into the block list under `key`, before its item
    /// number `before` (from 0) and before the comment lines just above
    /// that item, which belong to it. Items are given as for `append_items`.
    pub fn insert_items(&mut self, key: &str, before: usize, items: &[Vec<String>]) -> EditResult {
        let not_in_place = || {
            EditError(crate::tr!(
                "“{key}”不是可就地插入的列表写法",
                "“{key}” is not written as a list that items can be inserted into in place"
            ))
        };
        let span = self.key_span(key).ok_or_else(not_in_place)?;
        let indent = self.item_indent(&span).ok_or_else(not_in_place)?;
        let starts: Vec<usize> = (span.line + 1..span.end)
            .filter(|&i| {
                let line = &self.lines[i];
                line.strip_prefix(indent.as_str())
                    .is_some_and(|rest| rest.starts_with("- ") || rest == "-")
            })
            .collect();
        let mut at = *starts.get(before).ok_or_else(not_in_place)?;
        let floor = if before == 0 {
            span.line + 1
        } else {
            starts[before - 1] + 1
        };
        while at > floor && trim_yaml(&self.lines[at - 1]).starts_with('#') {
            at -= 1;
        }
        self.insert_lines(at, indent_items(items, &indent));
        Ok(())
    }

    /// Removes the list item under `key` whose scalar equals `value`.
    /// Returns false if no such item was found.
    pub fn remove_item(&mut self, key: &str, value: &str) -> EditResult<bool> {
        Ok(self.remove_items(key, &[value])? == 1)
    }

    /// Removes, in one pass, the first item under `key` equal to each of
    /// `values` (a name given twice removes two items). Returns how many
    /// were found and removed. One pass, so that dropping thousands of
    /// names from a list of tens of thousands stays linear.
    pub fn remove_items(&mut self, key: &str, values: &[&str]) -> EditResult<usize> {
        let Some(span) = self.key_span(key) else {
            return Ok(0);
        };
        let mut wanted: HashMap<&str, usize> = HashMap::new();
        for value in values {
            *wanted.entry(value).or_default() += 1;
        }
        let mut take = |item: &str| match wanted.get_mut(scalar_value(item).as_str()) {
            Some(n) if *n > 0 => {
                *n -= 1;
                true
            }
            _ => false,
        };
        let (written, comment) = self.value_and_comment(&span, key)?;
        if written.starts_with('[') {
            let mut flow = flow_items(&written);
            let before = flow.len();
            flow.retain(|item| !take(item));
            let removed = before - flow.len();
            if removed > 0 {
                self.lines[span.line] = format!("{key}: [{}]{comment}", flow.join(", "));
            }
            return Ok(removed);
        }
        let doomed: HashSet<usize> = (span.line + 1..span.end)
            .filter(|&i| {
                trim_yaml_start(&self.lines[i])
                    .strip_prefix("- ")
                    .and_then(split_inline_value)
                    .is_some_and(|v| take(v.value))
            })
            .collect();
        if doomed.is_empty() {
            return Ok(0);
        }
        let mut index = 0;
        let keep = |_: &String| {
            index += 1;
            !doomed.contains(&(index - 1))
        };
        self.lines.retain(keep);
        let mut index = 0;
        self.ends.retain(|_| {
            index += 1;
            !doomed.contains(&(index - 1))
        });
        let end = span.end - doomed.len();
        let remaining =
            (span.line + 1..end).any(|i| trim_yaml_start(&self.lines[i]).starts_with('-'));
        if !remaining {
            // Keep whatever comments sat in the list; mark it empty.
            self.lines[span.line] = format!("{key}: []{comment}");
        }
        Ok(doomed.len())
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
        // One splice, not a removal per line: a block of 60,000 lines
        // (a merged progress log) is replaced in linear time.
        let added = lines.len();
        self.lines.splice(span.line..span.end, lines);
        self.ends
            .splice(span.line..span.end, std::iter::repeat_n(None, added));
        Ok(())
    }

    /// The lines of `key`'s block, as written.
    pub fn block_lines(&self, key: &str) -> Option<Vec<String>> {
        let span = self.key_span(key)?;
        Some(self.lines[span.line..span.end].to_vec())
    }

    /// Puts `key`'s block between git's conflict markers, against
    /// `theirs` (their lines of the same key; none if they removed it):
    /// `<<<<<<< ours`, these lines, `=======`, theirs, `>>>>>>> theirs`.
    pub fn mark_conflict(&mut self, key: &str, theirs: Vec<String>, marker_size: usize) {
        let (at, ours_len) = match self.key_span(key) {
            Some(span) => (span.line, span.end - span.line),
            None => (self.lines.len(), 0),
        };
        let marker = |c: char| c.to_string().repeat(marker_size.max(1));
        self.insert_lines(at, vec![format!("{} ours", marker('<'))]);
        let middle = at + 1 + ours_len;
        let mut rest = vec![marker('=')];
        rest.extend(theirs);
        rest.push(format!("{} theirs", marker('>')));
        self.insert_lines(middle, rest);
    }

    /// Removes the block of `key`; comments above the next key stay.
    pub fn remove_block(&mut self, key: &str) {
        if let Some(span) = self.key_span(key) {
            self.lines.drain(span.line..span.end);
            self.ends.drain(span.line..span.end);
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
                .any(|l| comment_start_in_block(l).is_some())
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
            .find(|&i| !trim_yaml(&self.lines[i]).is_empty())
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

/// What follows `key:` split into the value, the spacing before the
/// comment and the comment. None where the value is a quoted scalar left
/// open (it goes on over the next lines) or followed by something else
/// than a comment.
fn split_inline_value(rest: &str) -> Option<InlineValue<'_>> {
    let mut scanner = Scanner::new();
    let comment_at = scanner.line(rest);
    if scanner.in_quote() {
        return None;
    }
    let before = &rest[..comment_at.unwrap_or(rest.len())];
    let value = trim_yaml(before);
    if value.starts_with(['"', '\'']) && closing_quote(value) != Some(value.len()) {
        return None;
    }
    let value_end = before.len() - trim_yaml_start(before).len() + value.len();
    // With no value, the spacing after the colon goes before the comment.
    let gap = if value.is_empty() {
        before
    } else {
        &before[value_end..]
    };
    Some(InlineValue {
        value,
        gap,
        comment: comment_at.map(|i| &rest[i..]),
    })
}

/// YAML's white space (`s-white`): space and tab, nothing else. U+3000
/// (the full-width space), NBSP and the other Unicode spaces are text to
/// YAML: a `#` after them is text, and a value keeps them at either end.
pub fn is_yaml_space(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// What the YAML parser reads as a line break: besides `\n` and `\r`, NEL,
/// LS and PS (U+0085, U+2028, U+2029), which editors do not show as one.
pub fn is_yaml_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// `text` without YAML white space (space, tab) at either end.
pub fn trim_yaml(text: &str) -> &str {
    text.trim_matches(is_yaml_space)
}

pub fn trim_yaml_start(text: &str) -> &str {
    text.trim_start_matches(is_yaml_space)
}

pub fn trim_yaml_end(text: &str) -> &str {
    text.trim_end_matches(is_yaml_space)
}

fn is_flow_indicator(c: char) -> bool {
    matches!(c, ',' | '[' | ']' | '{' | '}')
}

/// Where a YAML comment starts on a line that begins where a value may
/// (a whole line, or what follows `key:`), by YAML's rules: a `#` at the
/// start or after a space or tab (U+3000 and the other Unicode spaces are
/// text), outside quoted scalars; and, as the YAML parser reads it, a `#`
/// right after a closing quote or bracket. A quote opens a quoted scalar
/// only where a value starts (`key: '…'`, `- "…"`, `[…, '…']`), so the
/// quotes in `title: 推进"河长制,"一河一策 # 注` are text, and the comment
/// is found. [`check_finder_against_parser`] holds it to the parser.
pub fn comment_start(line: &str) -> Option<usize> {
    Scanner::new().line(line)
}

/// The earliest place a comment may start on a line inside a block whose
/// context is not known: read as the start of a value, and read as going
/// on a plain scalar of the line before (where quotes are text). For
/// finding comments that would be lost, erring towards finding one.
pub fn comment_start_in_block(line: &str) -> Option<usize> {
    let as_value = Scanner::new().line(line);
    let as_text = Scanner::in_plain_scalar().line(line);
    match (as_value, as_text) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// More `#` than this on one line, and the parser is not asked: each
/// would cost a parse of the line.
const MOST_CANDIDATES: usize = 32;

/// Where the YAML parser itself puts the comment of the value written
/// after `key:` (`rest`): at the first `#` after which a character may be
/// inserted without changing what the parser reads (a comment is what the
/// parser ignores; a character more in text changes the text). None where
/// the parser cannot read `key:rest` alone (a value that goes on over the
/// next lines, an alias defined elsewhere) or the line holds too many `#`
/// to try.
pub fn comment_start_by_parser(rest: &str) -> Option<Option<usize>> {
    // The whole mapping: after a line break (LS, say) more keys may follow.
    let read = |text: &str| serde_yaml::from_str::<serde_yaml::Mapping>(&format!("k:{text}")).ok();
    let candidates: Vec<usize> = rest.match_indices('#').map(|(i, _)| i).collect();
    if candidates.len() > MOST_CANDIDATES {
        return None;
    }
    let whole = read(rest)?;
    Some(candidates.into_iter().find(|&i| {
        // A private-use character: printable to YAML, special to nothing.
        let marked = format!("{}\u{e000}{}", &rest[..=i], &rest[i + 1..]);
        read(&marked).as_ref() == Some(&whole)
    }))
}

/// Checks the comment finder against the YAML parser on the value `rest`
/// written after `key:` (up to its first `\n`), for the differential test
/// and the fuzz target. Where the parser can read it, the finder must put
/// the comment of the value's first line where the parser does (or find
/// none where it sees none); the value less that comment, trimmed of YAML
/// white space, must read the same; and the line editor must split the
/// line there. The error says how they differ.
///
/// "Line" as YAML counts lines: after a CR, NEL, LS or PS, YAML goes on
/// with a new line whose meaning hangs on its indentation (a nested list,
/// a block scalar's text), which a line reader does not follow. cooptrack
/// refuses NEL, LS and PS before parsing, and splits a file at `\n`.
#[doc(hidden)]
pub fn check_finder_against_parser(rest: &str) -> Result<(), String> {
    let rest = rest.split('\n').next().unwrap_or_default();
    // `key:` and what follows it with no white space between is no
    // `key: value` line (`k:k:` is a key of its own).
    if !rest.is_empty() && !rest.starts_with(is_yaml_space) {
        return Ok(());
    }
    let Some(by_parser) = comment_start_by_parser(rest) else {
        return Ok(());
    };
    let first_line = rest.find(is_yaml_break).unwrap_or(rest.len());
    let found = comment_start(rest).filter(|&at| at < first_line);
    let by_parser = by_parser.filter(|&at| at < first_line);
    if found != by_parser {
        return Err(format!(
            "k:{rest:?}: the finder puts the comment at {found:?}, the parser at {by_parser:?}"
        ));
    }
    let Some(at) = found else {
        return check_split(rest, None);
    };
    // The value less its comment (up to the line's end) reads the same.
    let value = format!("{}{}", trim_yaml(&rest[..at]), &rest[first_line..]);
    let read = |line: String| {
        serde_yaml::from_str::<serde_yaml::Mapping>(&line)
            .map_err(|e| format!("{line:?} does not read: {e}"))
    };
    let (whole, part) = (read(format!("k:{rest}"))?, read(format!("k: {value}"))?);
    if whole != part {
        return Err(format!(
            "k:{rest:?}: the value part {value:?} reads as {part:?}, the line as {whole:?}"
        ));
    }
    check_split(rest, Some(at))
}

/// The line editor splits a one-line value where the finder puts the
/// comment (`at`), the value trimmed of YAML white space.
fn check_split(rest: &str, at: Option<usize>) -> Result<(), String> {
    if rest.contains(is_yaml_break) {
        return Ok(());
    }
    // A quoted value followed by more than a comment is not YAML.
    let Some(inline) = split_inline_value(rest) else {
        return Ok(());
    };
    let expected = match at {
        Some(at) => (trim_yaml(&rest[..at]), Some(&rest[at..])),
        None => (trim_yaml(rest), None),
    };
    if (inline.value, inline.comment) != expected || !inline.gap.chars().all(is_yaml_space) {
        return Err(format!(
            "k:{rest:?}: split into {:?} / {:?} / {:?}",
            inline.value, inline.gap, inline.comment
        ));
    }
    Ok(())
}

/// Reads YAML text as the parser does, as far as needed to know where
/// comments start. The state carries over from one line to the next, so
/// that a quoted scalar, a flow collection or a block scalar may span
/// lines (a block scalar's lines count as the value of a top-level key:
/// indented text, ended by a line at column 0).
#[derive(Debug, Clone)]
pub struct Scanner {
    at: At,
    /// How many flow collections (`[`, `{`) are open.
    flow: usize,
    /// A block scalar header (`|`, `>-`, `|2`) was read: its text follows
    /// on the next lines. Its indentation, if the header gives it.
    block: Option<Option<usize>>,
    /// The line before ended: the next one starts with a line break.
    pending_break: bool,
    /// The column (in characters) where the last scalar started, and
    /// where the block node that holds the current one starts (the key of
    /// `key: value`, the `-` of a list item): a plain scalar goes on over
    /// the next lines indented more than that.
    scalar_column: usize,
    parent_column: usize,
}

/// Where a [`Scanner`] stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum At {
    /// Where a node may start: a line's start, after `key: `, `- `, `? `,
    /// and in a flow collection after `[`, `{` and `,`.
    NodeStart,
    /// Inside a plain scalar: quotes and brackets are text.
    Plain,
    /// Inside a quoted scalar.
    Quoted(char),
    /// Inside an anchor or a tag (`&a`, `!!seq`), before its node; `name`
    /// for an anchor, whose name the parser ends at the first character
    /// other than `[0-9A-Za-z_-]`.
    Property { name: bool },
    /// Inside an alias or a block scalar header (`*a`, `|-`): a whole node.
    Word { name: bool },
    /// After a whole node (a closed quote or collection, an alias).
    AfterNode,
    /// In a block scalar's text; `indent` is its indentation once known,
    /// `leading` whether the line's indentation is still being read.
    BlockText {
        indent: Option<usize>,
        leading: bool,
    },
}

/// What one character does.
enum Step {
    Go,
    /// The next character is escaped (`\"`, `''`): it is text.
    SkipNext,
    Comment,
}

impl Default for Scanner {
    fn default() -> Scanner {
        Scanner::new()
    }
}

impl Scanner {
    /// At the start of a value or of a line in block context.
    pub fn new() -> Scanner {
        Scanner {
            at: At::NodeStart,
            flow: 0,
            block: None,
            pending_break: false,
            scalar_column: 0,
            parent_column: 0,
        }
    }

    /// On a line that goes on a plain scalar of the line before
    /// (`text: 第一行` / `  "第二行" # 注`), where quotes are text.
    pub fn in_plain_scalar() -> Scanner {
        Scanner {
            at: At::Plain,
            ..Scanner::new()
        }
    }

    /// Inside a quoted scalar.
    pub fn in_quote(&self) -> bool {
        matches!(self.at, At::Quoted(_))
    }

    /// Inside a quoted scalar or a flow collection: the value goes on.
    pub fn is_open(&self) -> bool {
        self.in_quote() || self.flow > 0
    }

    /// The last line ended inside a plain scalar, which the next line may
    /// go on (if it is indented more).
    pub fn in_plain(&self) -> bool {
        self.at == At::Plain && self.flow == 0
    }

    /// Inside a block scalar's header or text.
    pub fn in_block_scalar(&self) -> bool {
        self.block.is_some()
    }

    /// Where the block node that holds the last scalar starts on the line
    /// (0 if the line has no `key:` or `- `): a plain scalar goes on over
    /// the next lines indented more than that.
    pub fn parent_column(&self) -> usize {
        self.parent_column
    }

    /// Reads one line (without its line end); returns where its comment
    /// starts, if it has one.
    pub fn line(&mut self, line: &str) -> Option<usize> {
        if std::mem::take(&mut self.pending_break) {
            self.line_break(false);
            self.parent_column = 0;
        }
        self.pending_break = true;
        // A line's start counts as white space before a `#`.
        let mut blank_before = true;
        // In characters since the last line break, for block scalar text.
        let mut column = 0;
        let mut skip = false;
        for (i, c) in line.char_indices() {
            if std::mem::take(&mut skip) {
                blank_before = false;
                column += 1;
                continue;
            }
            if is_yaml_break(c) {
                // NEL, LS, PS (and a lone CR): a line break to YAML.
                self.line_break(true);
                blank_before = true;
                column = 0;
                continue;
            }
            // A plain scalar goes on only over lines indented past its
            // key; one at column 0 is a new key (or the next line's value).
            if column == 0 && self.in_plain() && !is_yaml_space(c) {
                self.at = At::NodeStart;
                self.parent_column = 0;
            }
            let next = line[i + c.len_utf8()..].chars().next();
            match self.step(c, next, blank_before, column) {
                Step::Comment => {
                    if self.at == At::Plain {
                        self.at = At::AfterNode;
                    }
                    return Some(i);
                }
                Step::SkipNext => skip = true,
                Step::Go => {}
            }
            blank_before = is_yaml_space(c);
            column += 1;
        }
        None
    }

    /// A line break. In block context the next line starts a new node,
    /// unless it goes on a plain scalar: a break within a line (NEL, LS,
    /// PS) does, as YAML reads it; for the next line of a file the caller
    /// decides ([`Scanner::in_plain_scalar`]).
    fn line_break(&mut self, within_line: bool) {
        self.at = match self.at {
            At::Quoted(q) => At::Quoted(q),
            At::BlockText { indent, .. } => At::BlockText {
                indent,
                leading: true,
            },
            _ if self.flow == 0 && self.block.is_some() => At::BlockText {
                indent: self.block.flatten(),
                leading: true,
            },
            At::Property { .. } if self.flow > 0 => At::NodeStart,
            At::Word { .. } if self.flow > 0 => At::AfterNode,
            other if self.flow > 0 => other,
            At::Plain if within_line => At::Plain,
            _ => At::NodeStart,
        };
    }

    fn step(&mut self, c: char, next: Option<char>, blank_before: bool, column: usize) -> Step {
        let ends_word = |name: bool| {
            if name {
                !(c.is_ascii_alphanumeric() || c == '_' || c == '-')
            } else {
                is_yaml_space(c) || c == '#' || (self.flow > 0 && is_flow_indicator(c))
            }
        };
        match self.at {
            At::Quoted('"') => match c {
                '\\' => return Step::SkipNext,
                '"' => self.at = At::AfterNode,
                _ => {}
            },
            At::Quoted(q) if c == q => {
                if next == Some(q) {
                    return Step::SkipNext;
                }
                self.at = At::AfterNode;
            }
            At::Quoted(_) => {}
            At::BlockText { indent, leading } => {
                return self.block_text(c, next, blank_before, column, (indent, leading))
            }
            At::Property { name } | At::Word { name } if !ends_word(name) => {
                if let (Some(header), Some(digit)) = (&mut self.block, c.to_digit(10)) {
                    *header = usize::try_from(digit).ok();
                }
            }
            At::Property { .. } => {
                self.at = At::NodeStart;
                return self.step(c, next, blank_before, column);
            }
            At::Word { .. } => {
                self.at = At::AfterNode;
                return self.step(c, next, blank_before, column);
            }
            // Between tokens the parser reads a `#` as a comment even
            // without white space before it (`"a"#b`, `[a,#b]`, `|#b`).
            _ if c == '#' && (blank_before || self.at != At::Plain) => return Step::Comment,
            At::NodeStart => self.node_start(c, next, column),
            At::Plain => self.plain(c, next),
            At::AfterNode => self.after_node(c),
        }
        Step::Go
    }

    /// Whether `:` (or `-`, `?`) followed by `next` is an indicator.
    fn indicator_before(&self, next: Option<char>) -> bool {
        next.is_none_or(|n| {
            is_yaml_space(n) || is_yaml_break(n) || (self.flow > 0 && is_flow_indicator(n))
        })
    }

    fn node_start(&mut self, c: char, next: Option<char>, column: usize) {
        self.at = match c {
            _ if is_yaml_space(c) => At::NodeStart,
            '"' | '\'' => {
                self.scalar_column = column;
                At::Quoted(c)
            }
            '[' | '{' => {
                self.flow += 1;
                At::NodeStart
            }
            // Not YAML outside a flow collection, but a token to the parser.
            ']' | '}' => {
                self.flow = self.flow.saturating_sub(1);
                At::AfterNode
            }
            ',' if self.flow > 0 => At::NodeStart,
            // In a flow collection the parser takes `?` and `:` for
            // indicators wherever a token starts; `-` only before white space.
            '-' if next.is_none_or(|n| is_yaml_space(n) || is_yaml_break(n)) => {
                self.parent_column = column;
                At::NodeStart
            }
            '?' if self.flow > 0 || self.indicator_before(next) => {
                self.parent_column = column;
                At::NodeStart
            }
            ':' if self.flow > 0 || self.indicator_before(next) => At::NodeStart,
            '!' => At::Property { name: false },
            '&' => At::Property { name: true },
            '*' => At::Word { name: true },
            '|' | '>' if self.flow == 0 => {
                self.block = Some(None);
                At::Word { name: false }
            }
            _ => {
                self.scalar_column = column;
                At::Plain
            }
        };
    }

    fn plain(&mut self, c: char, next: Option<char>) {
        match c {
            ':' if self.indicator_before(next) => {
                self.parent_column = self.scalar_column;
                self.at = At::NodeStart;
            }
            ',' if self.flow > 0 => self.at = At::NodeStart,
            ']' | '}' if self.flow > 0 => {
                self.flow -= 1;
                self.at = At::AfterNode;
            }
            _ => {}
        }
    }

    fn after_node(&mut self, c: char) {
        match c {
            _ if is_yaml_space(c) => {}
            ':' => {
                self.parent_column = self.scalar_column;
                self.at = At::NodeStart;
            }
            ',' if self.flow > 0 => self.at = At::NodeStart,
            ']' | '}' => self.flow = self.flow.saturating_sub(1),
            // Not YAML; a `#` after a space still starts a comment.
            _ => self.at = At::Plain,
        }
    }

    /// A block scalar's text: every character of a line indented at least
    /// as much as its first is text, `#` included. A line indented less
    /// (at column 0 when the indentation is not known yet) ends it.
    fn block_text(
        &mut self,
        c: char,
        next: Option<char>,
        blank_before: bool,
        column: usize,
        (indent, leading): (Option<usize>, bool),
    ) -> Step {
        if !leading || c == ' ' {
            return Step::Go;
        }
        if column >= indent.unwrap_or(1) {
            self.at = At::BlockText {
                indent: Some(indent.unwrap_or(column)),
                leading: false,
            };
            return Step::Go;
        }
        self.block = None;
        self.at = At::NodeStart;
        self.step(c, next, blank_before, column)
    }
}

/// The byte index just past the closing quote of the quoted scalar that
/// `text` starts with.
fn closing_quote(text: &str) -> Option<usize> {
    let quote = text.chars().next()?;
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
    serde_yaml::from_str::<String>(raw).unwrap_or_else(|_| trim_yaml(raw).to_string())
}

/// The items of a one-line flow list `[a, b]`, as written.
fn flow_items(value: &str) -> Vec<String> {
    value
        .trim_start_matches('[')
        .trim_end_matches(']')
        .split(',')
        .map(|s| trim_yaml(s).to_string())
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

    /// Where `comment_start` puts the comment, as the text from there.
    fn comment_of(line: &str) -> Option<&str> {
        comment_start(line).map(|i| &line[i..])
    }

    #[test]
    fn a_quote_in_the_middle_of_plain_text_is_text() {
        // The issue's title: the quote after the comma does not open a
        // quoted scalar, so the comment after it is found.
        assert_eq!(
            comment_of("title: 推进\"河长制,\"一河一策 # 督查室备注"),
            Some("# 督查室备注")
        );
        for line in [
            "key: a,'b' # c",
            "key: a:\"b # c\"",
            "key: -'a # c'",
            "key: ?\"a # c\"",
            "key: 见附件[\"甲 # c\"]",
            "- 推进\"河长制,\"一河一策 # c",
        ] {
            assert_eq!(
                comment_of(line),
                Some(&line[line.rfind('#').unwrap()..]),
                "{line}"
            );
        }
        // Where a value starts, a quote opens a quoted scalar.
        for line in [
            "key: 'a # b'",
            "key: \"a # b\"",
            "- \"a # b\"",
            "key: [甲, 'a # b']",
            "key: {a: \"b # c\"}",
            "key: &anchor 'a # b'",
            "key: !!str \"a # b\"",
            "key: 'it''s # b'",
            "key: \"a\\\" # b\"",
            "? 'a # b'",
        ] {
            assert_eq!(comment_of(line), None, "{line}");
        }
        assert_eq!(comment_of("key: 'a # b' # c"), Some("# c"));
        assert_eq!(comment_of("key: [a, 'b # c'] # d"), Some("# d"));
        assert_eq!(comment_of("text: |-  # 说明"), Some("# 说明"));
        // As the parser reads it, a `#` right after a closing quote or
        // bracket starts a comment too.
        assert_eq!(comment_of("key: 'a'#b"), Some("#b"));
        assert_eq!(comment_of("key: [a]#b"), Some("#b"));
        assert_eq!(comment_of("key: a#b"), None);
    }

    #[test]
    fn indicators_are_read_as_the_parser_reads_them() {
        // Found by fuzzing against the parser: in a flow collection `?` and
        // `:` are indicators wherever a token starts, so a quote after them
        // opens a quoted scalar; `-` is one only before white space; an
        // anchor's name ends at the first character outside [0-9A-Za-z_-].
        for (rest, comment) in [
            (" {?\"a # b\"}", None),
            (" [?'a # b']", None),
            (" [-'a # b']", Some("# b']")),
            (" &a:推进 #1", Some("#1")),
            (" &a:推进#1", None),
            (" [?]]#", Some("#")),
        ] {
            assert_eq!(comment_of(rest), comment, "{rest}");
            assert_eq!(check_finder_against_parser(rest), Ok(()), "{rest}");
        }
    }

    #[test]
    fn only_space_and_tab_come_before_a_comment() {
        for space in [
            '\u{a0}', '\u{1680}', '\u{2000}', '\u{2005}', '\u{200a}', '\u{202f}', '\u{205f}',
            '\u{3000}',
        ] {
            let line = format!("title: 加强跨界河流联防联控联治{space}#1号");
            assert_eq!(comment_start(&line), None, "U+{:04X}", u32::from(space));
            let quoted = format!("key: 'a'{space}# b");
            assert_eq!(comment_start(&quoted), None, "U+{:04X}", u32::from(space));
        }
        assert_eq!(comment_of("title: 甲\t#1号"), Some("#1号"));
        assert_eq!(comment_of("title: 甲 #1号"), Some("#1号"));
        // A line break to YAML (LS, PS, NEL) ends the line before a `#`.
        assert_eq!(comment_of("title: 甲\u{2028}# 注"), Some("# 注"));
    }

    #[test]
    fn a_value_keeps_unicode_spaces_at_either_end() {
        let inline = split_inline_value(" \u{3000}甲\u{3000} # 注").unwrap();
        assert_eq!(
            (inline.value, inline.gap, inline.comment),
            ("\u{3000}甲\u{3000}", " ", Some("# 注"))
        );
        let inline = split_inline_value(" 甲\u{3000}#1号").unwrap();
        assert_eq!((inline.value, inline.comment), ("甲\u{3000}#1号", None));
        // An edit in place keeps the comment, and only the comment.
        let mut doc = Document::parse("title: 旧\u{3000} # 注\nstatus: x\n");
        doc.set_scalar("title", "新", &[]).unwrap();
        assert_eq!(doc.render(), "title: 新 # 注\nstatus: x\n");
        let mut doc = Document::parse("title: 旧\u{3000}#1号\nstatus: x\n");
        doc.set_scalar("title", "新", &[]).unwrap();
        assert_eq!(doc.render(), "title: 新\nstatus: x\n");
        // An empty value and its comment: a new value goes before it.
        let mut doc = Document::parse("due: # 待定\n");
        doc.set_scalar("due", "2022-12-31", &[]).unwrap();
        assert_eq!(doc.render(), "due: 2022-12-31 # 待定\n");
        // A list item that ends in U+3000 is that name, U+3000 and all.
        let mut doc = Document::parse("lead: [甲\u{3000}, 乙]\n");
        assert!(doc.remove_item("lead", "甲\u{3000}").unwrap());
        assert_eq!(doc.render(), "lead: [乙]\n");
    }

    #[test]
    fn a_quoted_value_must_be_the_whole_value() {
        // Not YAML: text after the closing quote is no gap before a comment.
        assert!(split_inline_value(" 'a' b # c").is_none());
        assert!(split_inline_value(" \"a").is_none());
        let inline = split_inline_value(" 'a'  # b").unwrap();
        assert_eq!((inline.value, inline.gap), ("'a'", "  "));
    }

    /// xorshift64: a small deterministic generator for the differential
    /// test, so that a failure names a case that comes back every run.
    struct XorShift(u64);

    impl XorShift {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn below(&mut self, n: usize) -> usize {
            usize::try_from(self.next() % n as u64).unwrap_or(0)
        }

        fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
            from[self.below(from.len())]
        }
    }

    /// Every character the comment finder must not take for white space
    /// (and space and tab, which are), and YAML's other line breaks.
    const SPACES: &[&str] = &[
        " ", "\t", "\u{a0}", "\u{1680}", "\u{2000}", "\u{2001}", "\u{2002}", "\u{2003}",
        "\u{2004}", "\u{2005}", "\u{2006}", "\u{2007}", "\u{2008}", "\u{2009}", "\u{200a}",
        "\u{202f}", "\u{205f}", "\u{3000}", "\u{2028}", "\u{2029}", "\u{85}",
    ];

    const WORDS: &[&str] = &[
        "推进",
        "河长制",
        "一河一策",
        "甲",
        "a",
        "Tom's",
        "1号",
        "x-y",
    ];

    const MARKS: &[&str] = &[
        "\"", "'", "#", ",", ":", "-", "?", "[", "]", "{", "}", "&a", "!!str", "*a", "|", ">",
        "\\", "''", "%", "@", "`", "::", "#1", "\r", "!t ", "&x ", "*x ", "|-", "|2", ">+",
        "\"a\"", "'b'", "[]", "{}", "- ", ": ", "? ", ", ", " #",
    ];

    /// A value line as people write them: a plain, quoted or flow value,
    /// then perhaps a comment after some white space (or something that
    /// only looks like white space).
    fn shaped_value(rng: &mut XorShift) -> String {
        fn words(rng: &mut XorShift) -> String {
            (0..=rng.below(3))
                .map(|_| {
                    let word = rng.pick(WORDS);
                    match rng.below(4) {
                        0 => format!("{}{word}", rng.pick(MARKS)),
                        1 => format!("{word}{}", rng.pick(SPACES)),
                        _ => word.to_string(),
                    }
                })
                .collect()
        }
        let value = match rng.below(5) {
            0 => format!("'{}'", words(rng).replace('\'', "''")),
            1 => format!(
                "\"{}\"",
                words(rng).replace('\\', "\\\\").replace('"', "\\\"")
            ),
            2 => format!("[{}, '{}']", words(rng), words(rng).replace('\'', "''")),
            _ => words(rng),
        };
        let comment = match rng.below(4) {
            0 => String::new(),
            1 => format!(" #{}", rng.pick(WORDS)),
            _ => format!("{}#{}", rng.pick(SPACES), rng.pick(WORDS)),
        };
        format!("{}{value}{comment}", rng.pick(&[" ", " ", "\t", "  "]))
    }

    /// Any soup of words, marks and spaces.
    fn soup(rng: &mut XorShift) -> String {
        let mut value = String::from(" ");
        for _ in 0..=rng.below(12) {
            let piece = match rng.below(3) {
                0 => rng.pick(WORDS),
                1 => rng.pick(MARKS),
                _ => rng.pick(SPACES),
            };
            value.push_str(piece);
        }
        value
    }

    #[test]
    fn the_comment_finder_agrees_with_the_yaml_parser() {
        const CASES: usize = 4000;
        let mut rng = XorShift(0x2545_f491_4f6c_dd1d);
        let (mut compared, mut with_comment) = (0, 0);
        for case in 0..CASES {
            let rest = if case % 2 == 0 {
                shaped_value(&mut rng)
            } else {
                soup(&mut rng)
            };
            if let Err(why) = check_finder_against_parser(&rest) {
                panic!("case {case}: {why}");
            }
            if let Some(by_parser) = comment_start_by_parser(&rest) {
                compared += 1;
                with_comment += usize::from(by_parser.is_some());
            }
        }
        // Enough of the lines are YAML, with and without comments, for the
        // comparison to mean something.
        assert!(
            compared > CASES / 3,
            "only {compared} of {CASES} lines parse"
        );
        assert!(
            with_comment > CASES / 10,
            "only {with_comment} comments of {compared}"
        );
    }

    #[test]
    fn items_are_removed_in_one_pass_each_name_once() {
        let mut doc = Document::parse("lead:\n  - 甲\n  - 乙 # 注\n  - 甲\n  - 丙\nstatus: x\n");
        assert_eq!(doc.remove_items("lead", &["甲", "乙", "丁"]).unwrap(), 2);
        assert_eq!(doc.render(), "lead:\n  - 甲\n  - 丙\nstatus: x\n");
        let mut flow = Document::parse("lead: [甲, 乙, 甲] # 列表\n");
        assert_eq!(flow.remove_items("lead", &["甲", "甲"]).unwrap(), 2);
        assert_eq!(flow.render(), "lead: [乙] # 列表\n");
        let mut all = Document::parse("lead:\n  - 甲\n  - 乙\nstatus: x\n");
        assert_eq!(all.remove_items("lead", &["乙", "甲"]).unwrap(), 2);
        assert_eq!(all.render(), "lead: []\nstatus: x\n");
    }
}
