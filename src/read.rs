//! Reading a file the tools depend on (a task, the plan, the registry):
//! the size limit, the checks every text passes before it is parsed (not
//! empty, no conflict markers, no symlink out of the directory, UTF-8),
//! and YAML parsing with its errors put in words. The store loads whole
//! directories with these; writers check what they are about to write
//! with the same checks.

use std::fs;
use std::io;
use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostics::{did_you_mean, Diagnostic, Position};
use crate::i18n::{list_separator, pick};
use crate::tr;

/// Files larger than this are refused before being read: a task file is
/// a few kilobytes, and a stray 50 MB file must not stall every command.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 4 * 1024 * 1024;

static MAX_FILE_SIZE: std::sync::atomic::AtomicU64 =
    std::sync::atomic::AtomicU64::new(DEFAULT_MAX_FILE_SIZE);

/// Sets the size limit for this run (`--max-file-size`).
pub fn set_max_file_size(bytes: u64) {
    MAX_FILE_SIZE.store(bytes, std::sync::atomic::Ordering::Relaxed);
}

pub fn max_file_size() -> u64 {
    MAX_FILE_SIZE.load(std::sync::atomic::Ordering::Relaxed)
}

/// Reads and parses a file the caller is about to use or change (task,
/// plan, registry): its text and what it says.
pub fn read_parsed<T: DeserializeOwned>(path: &Path) -> Result<(String, T), Diagnostic> {
    let text = read_text(path)?;
    let value = parse_yaml(path, text.trim_start_matches('\u{feff}'))?;
    Ok((text, value))
}

/// Reads a file as UTF-8 text. Unreadable, non-UTF-8 and empty files are errors.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let cannot_read = |err: io::Error| {
        let reason = io_reason(&err);
        unusable(
            path,
            None,
            tr!("无法读取：{reason}", "cannot read: {reason}"),
        )
    };
    if leads_outside(path) {
        // Never read it: its content must not reach a message or a CI log.
        return Err(unusable(
            path,
            None,
            pick(
                "是指向任务目录之外的符号链接，未读取",
                "a symlink to outside the tasks directory; not read",
            )
            .into(),
        ));
    }
    let metadata = fs::metadata(path).map_err(cannot_read)?;
    if !metadata.is_file() {
        return Err(unusable(
            path,
            None,
            pick(
                "不是普通文件（是目录或特殊文件），无法作为任务文件读取",
                "not a regular file (a directory or a special file), so not a task file",
            )
            .into(),
        ));
    }
    check_size(path, metadata.len())?;
    let bytes = fs::read(path).map_err(cannot_read)?;
    let text = String::from_utf8(bytes).map_err(|err| {
        let valid = &err.as_bytes()[..err.utf8_error().valid_up_to()];
        let valid = std::str::from_utf8(valid).unwrap_or_default();
        unusable(
            path,
            Some(end_position(valid)),
            pick(
                "文件不是 UTF-8 编码（可能是 GBK）；请另存为 UTF-8",
                "the file is not UTF-8 (GBK, perhaps); save it as UTF-8",
            )
            .into(),
        )
    })?;
    check_text(path, &text)?;
    Ok(text)
}

/// A problem that keeps a file from loading at all.
fn unusable(path: &Path, position: Option<Position>, message: String) -> Diagnostic {
    let mut d = Diagnostic::error(path, position, message);
    d.blocks_loading = true;
    d
}

/// A file of the tasks directory (a task, `plan.yaml`, `departments.yaml`)
/// that is a symlink resolving outside its directory: a pull request could
/// add `9.9.yaml -> ~/.git-credentials`, or turn `plan.yaml` into one, and
/// its content would reach messages and CI annotations.
fn leads_outside(path: &Path) -> bool {
    if !fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return false;
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    // A dangling link or a loop is reported as unreadable, as it was.
    match (fs::canonicalize(path), fs::canonicalize(dir)) {
        (Ok(target), Ok(dir)) => !target.starts_with(dir),
        _ => false,
    }
}

/// Files larger than the limit are refused, read or about to be written.
pub fn check_size(path: &Path, len: u64) -> Result<(), Diagnostic> {
    let limit = max_file_size();
    if len <= limit {
        return Ok(());
    }
    Err(unusable(
        path,
        None,
        tr!(
            "文件过大（{len} 字节，上限 {limit} 字节），不像任务文件；可用 --max-file-size 调整上限",
            "the file is too large ({len} bytes, the limit is {limit}) to be a task file; --max-file-size changes the limit"
        ),
    ))
}

/// What loading asks of a file's text before parsing it: not empty, no
/// merge-conflict markers, within the size limit. Every write passes it
/// too, so that nothing is written that no command could read.
pub fn check_text(path: &Path, text: &str) -> Result<(), Diagnostic> {
    check_size(path, u64::try_from(text.len()).unwrap_or(u64::MAX))?;
    let body = text.trim_start_matches('\u{feff}');
    if body.lines().all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with('#')
    }) {
        return Err(unusable(
            path,
            None,
            pick("文件为空", "the file is empty").into(),
        ));
    }
    if let Some((index, _)) = body
        .lines()
        .enumerate()
        .find(|(_, l)| is_conflict_marker(l))
    {
        return Err(unusable(
            path,
            Some(Position {
                line: index + 1,
                column: 1,
            }),
            pick(
                "文件中有 git 合并冲突标记（<<<<<<< / ======= / >>>>>>>）：合并冲突尚未解决",
                "the file has git conflict markers (<<<<<<< / ======= / >>>>>>>): a merge conflict is not resolved",
            )
            .into(),
        ));
    }
    Ok(())
}

fn is_conflict_marker(line: &str) -> bool {
    let line = line.trim_end_matches('\r');
    ["<<<<<<<", "=======", ">>>>>>>", "|||||||"]
        .iter()
        .any(|m| line == *m || (line.starts_with(m) && line[m.len()..].starts_with(' ')))
}

/// The position just after `text`: where a decoding error begins.
fn end_position(text: &str) -> Position {
    let line = text.matches('\n').count() + 1;
    let last = text.rsplit('\n').next().unwrap_or("");
    Position {
        line,
        column: last.chars().count() + 1,
    }
}

/// Deeper than any task file nests (a progress entry's status change is
/// three levels down).
const MAX_NESTING: usize = 64;

/// YAML's white space: space and tab. (U+3000, NBSP and the other
/// Unicode spaces are text to YAML.)
fn is_yaml_space(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// The YAML parser's time grows with the square of the nesting depth, so
/// absurd nesting (`[[[[…`, `- - - - …`) is refused before parsing.
fn nesting_too_deep(text: &str) -> Option<Position> {
    // Flow collections and quoted scalars may span lines: their state
    // carries over line breaks.
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    for (index, line) in text.lines().enumerate() {
        let dashes = line
            .split_inclusive(is_yaml_space)
            .map(|part| part.trim_matches(is_yaml_space))
            .take_while(|part| *part == "-" || part.is_empty())
            .filter(|part| *part == "-")
            .count();
        if dashes > MAX_NESTING {
            return Some(Position {
                line: index + 1,
                column: 1,
            });
        }
        if let Some(column) = flow_too_deep(line, &mut depth, &mut quote) {
            return Some(Position {
                line: index + 1,
                column,
            });
        }
    }
    None
}

/// Follows the flow collections of one line; the 1-based column where
/// they nest deeper than [`MAX_NESTING`]. Brackets open a flow collection
/// only where a value starts (or inside another one): `text: 见附件[1]`
/// is plain text, not nesting; so is a quote in the middle of plain text.
fn flow_too_deep(line: &str, depth: &mut usize, quote: &mut Option<char>) -> Option<usize> {
    let mut previous: Option<char> = None;
    let mut space_before = true;
    let mut chars = line.chars().enumerate().peekable();
    while let Some((column, c)) = chars.next() {
        let value_starts =
            *depth > 0 || matches!(previous, None | Some(':' | '-' | ',' | '[' | '{' | '?'));
        match (*quote, c) {
            (Some('"'), '\\') => {
                chars.next();
            }
            (Some(q), c) if c == q => *quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') if value_starts => *quote = Some(c),
            (None, '#') if space_before => break,
            (None, '[' | '{') if value_starts => {
                *depth += 1;
                if *depth > MAX_NESTING {
                    return Some(column + 1);
                }
            }
            (None, ']' | '}') if *depth > 0 => *depth -= 1,
            _ => {}
        }
        space_before = is_yaml_space(c);
        // Remember indicators only where they act as such: `:`, `-` and
        // `?` before white space (or the line's end); any other character
        // is plain text (`件[` does not open a collection, nor `a-"`).
        let next = chars.peek().map(|&(_, n)| n);
        let acted = match c {
            '[' | '{' => value_starts && quote.is_none(),
            ']' | '}' | ',' => *depth > 0,
            ':' | '-' | '?' => next.is_none_or(is_yaml_space),
            _ => false,
        };
        if !is_yaml_space(c) {
            previous = Some(if acted { c } else { 'x' });
        }
    }
    None
}

/// Characters the YAML parser reads as a line break where an editor shows
/// none (NEL, LS, PS): the parser's idea of the lines is then off, and
/// with it every position in its errors. Each is named with where it is,
/// by lines as editors count them. cooptrack writes them as `\uXXXX`.
fn invisible_line_break(text: &str) -> Option<(Position, String)> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (at, c) = body
        .char_indices()
        .find(|(_, c)| matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}'))?;
    let position = end_position(&body[..at]);
    let (line, column, code) = (position.line, position.column, u32::from(c));
    let message = match c {
        '\u{2028}' => tr!(
            "第 {line} 行第 {column} 列有 U+{code:04X}（行分隔符），YAML 把它当作换行；请删除或改为普通换行",
            "line {line} column {column} holds U+{code:04X} (LINE SEPARATOR), which YAML reads as a line break; remove it or use an ordinary line break"
        ),
        '\u{2029}' => tr!(
            "第 {line} 行第 {column} 列有 U+{code:04X}（段分隔符），YAML 把它当作换行；请删除或改为普通换行",
            "line {line} column {column} holds U+{code:04X} (PARAGRAPH SEPARATOR), which YAML reads as a line break; remove it or use an ordinary line break"
        ),
        _ => tr!(
            "第 {line} 行第 {column} 列有 U+{code:04X}（下一行符 NEL），YAML 把它当作换行；请删除或改为普通换行",
            "line {line} column {column} holds U+{code:04X} (NEXT LINE, NEL), which YAML reads as a line break; remove it or use an ordinary line break"
        ),
    };
    Some((position, message))
}

/// Parses YAML into `T`, turning serde's error into one diagnostic line.
pub fn parse_yaml<T: DeserializeOwned>(path: &Path, text: &str) -> Result<T, Diagnostic> {
    if let Some(position) = nesting_too_deep(text) {
        let mut d = Diagnostic::error(
            path,
            Some(position),
            tr!(
                "嵌套超过 {MAX_NESTING} 层，不是任务文件的结构，已拒绝解析",
                "nested more than {MAX_NESTING} levels deep, which no task file is; refused to parse"
            ),
        );
        d.blocks_loading = true;
        return Err(d);
    }
    if let Some((position, message)) = invisible_line_break(text) {
        let mut d = Diagnostic::error(path, Some(position), message);
        d.blocks_loading = true;
        return Err(d);
    }
    serde_yaml::from_str(text).map_err(|err| {
        let position = err.location().map(|l| Position {
            line: l.line(),
            column: l.column(),
        });
        let raw = err.to_string();
        let mut message = explain_yaml_error(&raw);
        // serde points a duplicate key at its mapping; point at the repeat.
        let mut position = position;
        if let Some(field) = raw
            .split("duplicate field `")
            .nth(1)
            .and_then(|r| r.split('`').next())
        {
            let prefix = format!("{field}:");
            let repeat = text
                .lines()
                .enumerate()
                .filter(|(_, l)| l.starts_with(&prefix))
                .nth(1);
            if let Some((index, _)) = repeat {
                position = Some(Position {
                    line: index + 1,
                    column: 1,
                });
            }
        }
        let line = position.and_then(|p| text.lines().nth(p.line.saturating_sub(1)));
        if line.is_some_and(|l| l.trim_start_matches(' ').starts_with('\t')) {
            message = pick(
                "这一行用了制表符（Tab）缩进；YAML 只允许用空格缩进",
                "this line is indented with a tab; YAML allows only spaces",
            )
            .to_string();
        }
        let mut d = Diagnostic::error(path, position, message);
        d.blocks_loading = true;
        d
    })
}

/// serde's messages, shortened and put in the users' language.
fn explain_yaml_error(raw: &str) -> String {
    let stripped = strip_location(raw);
    let message = stripped.as_str();
    let (field_path, detail) = match message.split_once(": ") {
        Some((path, rest)) if !path.contains(' ') => (Some(path), rest),
        _ => (None, message),
    };
    let within = field_path
        .map(|p| tr!("（{p}）", " (in {p})"))
        .unwrap_or_default();
    if let Some(rest) = detail.strip_prefix("unknown field `") {
        let (field, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        let hint = candidates
            .iter()
            .map(|c| (strsim::levenshtein(field, c), *c))
            .filter(|(d, _)| *d <= 3)
            .min()
            .map(|(_, c)| did_you_mean(c))
            .unwrap_or_else(|| {
                let known = candidates.join(list_separator());
                tr!("；可用字段：{known}", "; known fields: {known}")
            });
        return tr!(
            "未知字段“{field}”{within}{hint}",
            "unknown field “{field}”{within}{hint}"
        );
    }
    if let Some(rest) = detail.strip_prefix("missing field `") {
        let field = rest.trim_end_matches('`');
        return tr!(
            "缺少字段“{field}”{within}",
            "missing field “{field}”{within}"
        );
    }
    if let Some(rest) = detail.strip_prefix("duplicate field `") {
        let field = rest.trim_end_matches('`');
        return tr!(
            "字段“{field}”重复出现{within}",
            "field “{field}” appears twice{within}"
        );
    }
    if let Some(rest) = detail.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return tr!(
            "字段类型错误{within}：应为{}，实为{}",
            "wrong type{within}: expected {}, found {}",
            describe_expected(expected),
            describe_found(found)
        );
    }
    if detail.starts_with("invalid value") {
        return tr!(
            "字段取值错误{within}：{detail}",
            "invalid value{within}: {detail}"
        );
    }
    if detail.starts_with("recursion limit exceeded") {
        return pick(
            "嵌套层数过深，不是任务文件的结构",
            "nested too deep for a task file",
        )
        .to_string();
    }
    if detail.starts_with("repetition limit exceeded") {
        return pick(
            "别名（&/*）展开过多，疑似“billion laughs”式的恶意文件，已拒绝",
            "too many alias (&/*) expansions, like a “billion laughs” attack; refused",
        )
        .to_string();
    }
    if field_path.is_some() && !detail.is_ascii() {
        // Our own messages (status, dates) are already in the users' language.
        return format!("{detail}{within}");
    }
    tr!(
        "YAML 格式错误（请检查缩进、冒号和引号）：{message}",
        "YAML syntax error (check the indentation, colons and quotes): {message}"
    )
}

/// serde's "expected …" phrase in the users' words.
fn describe_expected(expected: &str) -> String {
    match expected {
        "u32" | "u64" | "usize" | "i32" | "i64" => pick("整数", "a whole number").into(),
        "a string" => pick("文字", "text").into(),
        "a sequence" => a_list().into(),
        "a boolean" => pick("true 或 false", "true or false").into(),
        other if other.starts_with("struct ") || other.starts_with("a map") => a_mapping().into(),
        other => other.to_string(),
    }
}

fn a_list() -> &'static str {
    pick("列表", "a list")
}

fn a_mapping() -> &'static str {
    pick("键值映射", "a mapping")
}

/// serde's description of what it found (`string "一"`, `sequence`, …).
fn describe_found(found: &str) -> String {
    let (kind, value) = found.split_once(' ').unwrap_or((found, ""));
    let value = value.trim_matches('`');
    match kind {
        "string" => tr!("文字 {value}", "the text {value}"),
        "integer" => tr!("整数 {value}", "the number {value}"),
        "floating" => tr!(
            "小数 {}",
            "the number {}",
            value.trim_start_matches("point ").trim_matches('`')
        ),
        "boolean" => tr!("布尔值 {value}", "the boolean {value}"),
        "sequence" => a_list().into(),
        "map" => a_mapping().into(),
        "unit" => pick("空值", "nothing (null)").into(),
        _ => found.to_string(),
    }
}

/// serde_yaml and libyaml put " at line L column C" into messages; the
/// position is reported separately, so drop every such phrase.
fn strip_location(message: &str) -> String {
    let mut rest = message;
    let mut out = String::new();
    while let Some(i) = rest.find(" at line ") {
        out.push_str(&rest[..i]);
        let after = &rest[i + " at line ".len()..];
        let digits = |s: &str| s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let line_len = digits(after);
        let tail = &after[line_len..];
        match tail.strip_prefix(" column ") {
            Some(col) if line_len > 0 && digits(col) > 0 => rest = &col[digits(col)..],
            _ => {
                out.push_str(" at line ");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

pub fn io_reason(err: &io::Error) -> String {
    match err.kind() {
        io::ErrorKind::NotFound => pick("文件不存在", "no such file").into(),
        io::ErrorKind::PermissionDenied => pick("没有读取权限", "permission denied").into(),
        _ => os_error_text(err),
    }
}

/// The system's number for "too many levels of symbolic links".
#[cfg(any(target_os = "macos", target_os = "ios", target_os = "freebsd"))]
const ELOOP: i32 = 62;
#[cfg(not(any(target_os = "macos", target_os = "ios", target_os = "freebsd")))]
const ELOOP: i32 = 40;

/// What the system said, in the run's language: in Chinese, the kind of
/// error in words ("是目录，不是文件" for "Is a directory (os error 21)"),
/// so that no English sits inside a Chinese message; in English, the
/// system's own text.
pub fn os_error_text(err: &io::Error) -> String {
    use io::ErrorKind as K;
    if crate::i18n::current() == crate::i18n::Lang::En {
        return err.to_string();
    }
    let words = match err.kind() {
        K::NotFound => "文件或目录不存在",
        K::PermissionDenied => "没有权限",
        K::IsADirectory => "是目录，不是文件",
        K::NotADirectory => "路径中有一部分不是目录",
        K::AlreadyExists => "已存在",
        K::DirectoryNotEmpty => "目录不为空",
        K::StorageFull => "磁盘空间已满",
        K::QuotaExceeded => "超出磁盘配额",
        K::ReadOnlyFilesystem => "文件系统为只读",
        K::FileTooLarge => "文件过大",
        K::CrossesDevices => "不能跨磁盘（设备）移动",
        K::InvalidFilename => "文件名无效（过长或含不允许的字符）",
        K::InvalidData => "内容无效（不是 UTF-8 文本）",
        K::UnexpectedEof => "文件意外结束",
        K::ResourceBusy => "文件正被占用",
        K::TooManyLinks => "链接过多",
        K::TimedOut => "操作超时",
        K::Interrupted => "操作被中断",
        K::OutOfMemory => "内存不足",
        K::BrokenPipe => "管道已关闭",
        K::Unsupported => "系统不支持该操作",
        // Kinds a file operation rarely meets: the system's number, which
        // a search finds, rather than its English words.
        // A symlink loop (ELOOP: its ErrorKind is not stable yet).
        _ if cfg!(unix) && err.raw_os_error() == Some(ELOOP) => {
            "符号链接层级过多（可能是循环链接）"
        }
        _ => {
            return match err.raw_os_error() {
                Some(code) => format!("系统错误（错误号 {code}）"),
                None => format!("系统错误：{err}"),
            }
        }
    };
    words.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_the_system_says_is_chinese_in_zh_mode() {
        crate::i18n::set(crate::i18n::Lang::Zh);
        let dir = tempfile::tempdir().unwrap();
        let err = std::fs::read_to_string(dir.path()).unwrap_err();
        assert_eq!(os_error_text(&err), "是目录，不是文件");
        let missing = std::fs::read(dir.path().join("x")).unwrap_err();
        assert_eq!(os_error_text(&missing), "文件或目录不存在");
        assert_eq!(
            os_error_text(&io::Error::from_raw_os_error(ELOOP)),
            "符号链接层级过多（可能是循环链接）"
        );
        // English keeps the system's words.
        crate::i18n::set(crate::i18n::Lang::En);
        assert!(os_error_text(&err).contains("directory"), "{err}");
        crate::i18n::set(crate::i18n::Lang::Zh);
    }

    #[test]
    fn serde_messages_become_one_chinese_line() {
        assert_eq!(
            explain_yaml_error(
                "unknown field `staus`, expected one of `id`, `status`, `due` at line 3 column 1"
            ),
            "未知字段“staus”，是否应为“status”？"
        );
        assert_eq!(explain_yaml_error("missing field `due`"), "缺少字段“due”");
        assert_eq!(
            explain_yaml_error("found unexpected end of stream at line 3 column 1, while scanning a quoted scalar at line 1 column 5"),
            "YAML 格式错误（请检查缩进、冒号和引号）：found unexpected end of stream, while scanning a quoted scalar"
        );
    }

    #[test]
    fn serde_messages_in_english() {
        crate::i18n::set(crate::i18n::Lang::En);
        assert_eq!(
            explain_yaml_error(
                "unknown field `staus`, expected one of `id`, `status`, `due` at line 3 column 1"
            ),
            "unknown field “staus”; did you mean “status”?"
        );
        assert_eq!(
            explain_yaml_error("unknown field `zzzzzz`, expected one of `id`, `status`"),
            "unknown field “zzzzzz”; known fields: id, status"
        );
        assert_eq!(
            explain_yaml_error("section: invalid type: string \"一\", expected u32"),
            "wrong type (in section): expected a whole number, found the text \"一\""
        );
        assert_eq!(
            explain_yaml_error("missing field `due`"),
            "missing field “due”"
        );
    }

    #[test]
    fn only_flow_brackets_count_as_nesting() {
        let deep = format!("text: {}{}", "[".repeat(65), "]".repeat(65));
        assert_eq!(
            nesting_too_deep(&deep),
            Some(Position {
                line: 1,
                column: 71
            })
        );
        // Brackets inside plain or quoted text are text.
        let plain = format!("text: 见附件{}", "[".repeat(100));
        assert_eq!(nesting_too_deep(&plain), None);
        let quoted = format!("text: \"{}\"", "{".repeat(100));
        assert_eq!(nesting_too_deep(&quoted), None);
        assert_eq!(nesting_too_deep("lead: [区环保局, [甲]]"), None);
        let dashes = format!("{}x", "- ".repeat(65));
        assert_eq!(
            nesting_too_deep(&dashes),
            Some(Position { line: 1, column: 1 })
        );
    }

    #[test]
    fn nesting_counts_by_yamls_rules() {
        let deep = format!("{}{}", "[".repeat(65), "]".repeat(65));
        // A quote in the middle of plain text does not open a quoted
        // scalar that would hide the nesting on the next line.
        let text = format!("title: a-\"b\nlead: {deep}\n");
        assert_eq!(
            nesting_too_deep(&text),
            Some(Position {
                line: 2,
                column: 71
            })
        );
        // A # after U+3000 is text, not a comment that hides the rest.
        let text = format!("lead: [\u{3000}#{deep}]\n");
        assert_eq!(
            nesting_too_deep(&text),
            Some(Position {
                line: 1,
                column: 73
            })
        );
        assert_eq!(nesting_too_deep(&format!("lead: [ #{deep}\n]\n")), None);
        assert_eq!(nesting_too_deep("lead: \"a\\\"[[[[\"\n"), None);
    }

    #[test]
    fn invisible_line_breaks_are_named_where_an_editor_shows_them() {
        crate::i18n::set(crate::i18n::Lang::Zh);
        let (position, message) = invisible_line_break("a: 1\r\ntext: 甲\u{2028}乙\n").unwrap();
        assert_eq!(position, Position { line: 2, column: 8 });
        assert_eq!(
            message,
            "第 2 行第 8 列有 U+2028（行分隔符），YAML 把它当作换行；请删除或改为普通换行"
        );
        let (position, _) = invisible_line_break("\u{feff}# 注\u{85}\n").unwrap();
        assert_eq!(position, Position { line: 1, column: 4 });
        // Written as an escape, as cooptrack writes it, it is no break.
        assert_eq!(invisible_line_break("note: \"甲\\u2028乙\"\n"), None);
    }

    #[test]
    fn conflict_markers_are_whole_lines() {
        assert!(is_conflict_marker("<<<<<<< HEAD"));
        assert!(is_conflict_marker("======="));
        assert!(is_conflict_marker(">>>>>>> feature\r"));
        assert!(!is_conflict_marker("text: =======x"));
    }
}
