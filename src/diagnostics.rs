//! Problems found in the files: one line each, `FILE:LINE:COL: 错误|警告：message`
//! (`error|warning: message` in English).

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::safe_text::{escape_controls, path_shown};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }

    /// The word on a diagnostic's line: 错误 / 警告, or error / warning.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => crate::i18n::pick("错误", "error"),
            Severity::Warning => crate::i18n::pick("警告", "warning"),
        }
    }
}

/// A line:column position, both 1-based; column counts characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub file: PathBuf,
    /// Where in the file; `line`/`column` are null in JSON when unknown.
    #[serde(flatten, serialize_with = "position_or_nulls")]
    pub position: Option<Position>,
    pub severity: Severity,
    pub message: String,
    /// The file could not be read or parsed, so its task is missing.
    #[serde(skip)]
    pub blocks_loading: bool,
    /// The rule that found it, where a caller must tell it apart.
    #[serde(skip)]
    pub rule: Option<Rule>,
}

/// Rules a caller may treat specially.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// A task names no lead department (`import` writes such a task where
    /// the notice names none, and `update --add-lead` mends it).
    MissingLead,
}

impl Diagnostic {
    pub fn error(file: &Path, position: Option<Position>, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.to_path_buf(),
            position,
            severity: Severity::Error,
            message: message.into(),
            blocks_loading: false,
            rule: None,
        }
    }

    pub fn warning(file: &Path, position: Option<Position>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, position, message)
        }
    }

    pub fn found_by(mut self, rule: Rule) -> Self {
        self.rule = Some(rule);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

fn position_or_nulls<S: serde::Serializer>(
    position: &Option<Position>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = serializer.serialize_map(Some(2))?;
    map.serialize_entry("line", &position.map(|p| p.line))?;
    map.serialize_entry("column", &position.map(|p| p.column))?;
    map.end()
}

/// One line per problem, always: control characters in the file name or
/// the message (a value quoted from the file) are shown as escapes, so a
/// file cannot print a line of its own or drive the terminal.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = path_shown(&self.file);
        write!(f, "{}", escape_controls(&file))?;
        if let Some(p) = self.position {
            write!(f, ":{}:{}", p.line, p.column)?;
        }
        let message = escape_controls(&self.message);
        let separator = crate::i18n::pick("：", ": ");
        write!(f, ": {}{separator}{message}", self.severity.label())
    }
}

/// "，是否应为“X”？": the hint after an unknown name.
pub fn did_you_mean(name: &str) -> String {
    crate::tr!("，是否应为“{name}”？", "; did you mean “{name}”?")
}

/// Where `key:` starts at the top level of a YAML text, or where `value`
/// first appears within that key's block. Serde forgets positions once a
/// file is parsed, so rules that look at parsed values find their line here.
pub fn locate(text: &str, key: &str, value: Option<&str>) -> Option<Position> {
    let prefix = format!("{key}:");
    let mut lines = text.lines().enumerate();
    let (key_line, key_text) = lines.find(|(_, l)| l.starts_with(&prefix))?;
    let Some(value) = value else {
        return Some(Position {
            line: key_line + 1,
            column: 1,
        });
    };
    let in_block = std::iter::once((key_line, key_text))
        .chain(lines.take_while(|(_, l)| l.is_empty() || l.starts_with([' ', '\t', '-', '#'])));
    for (index, line) in in_block {
        let search_from = if index == key_line { prefix.len() } else { 0 };
        if let Some(byte) = line[search_from..].find(value) {
            let column = line[..search_from + byte].chars().count() + 1;
            return Some(Position {
                line: index + 1,
                column,
            });
        }
    }
    Some(Position {
        line: key_line + 1,
        column: 1,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_finds_value_inside_key_block() {
        let text = "id: \"1.1\"\nlead:\n  - 区环保局\nresponsible:\n  - 区环保局\n";
        assert_eq!(
            locate(text, "responsible", Some("区环保局")),
            Some(Position { line: 5, column: 5 })
        );
        assert_eq!(
            locate(text, "lead", None),
            Some(Position { line: 2, column: 1 })
        );
        assert_eq!(locate(text, "status", None), None);
    }
}
