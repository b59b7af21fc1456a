//! Text from files made safe to show: control characters escaped for a
//! terminal, formula-like cells neutralised for a spreadsheet, paths shown
//! with `/`. A leaf: it uses no other module of the crate, so that low
//! modules (diagnostics, forms) can show text without reaching up into
//! `render`.

use std::borrow::Cow;

/// Whether `c` must not reach a reader raw: a terminal would act on it
/// instead of showing it, or it changes what the text around it looks
/// like without being seen. C0 controls (line breaks and tabs included),
/// DEL and C1 controls; Unicode's line and paragraph separators (U+2028,
/// U+2029); the zero-width characters (U+200B–U+200D, U+2060–U+2064,
/// U+FEFF, U+180E); and the bidi controls: marks (U+200E, U+200F,
/// U+061C), embeddings and overrides (U+202A–U+202E) and isolates
/// (U+2066–U+2069), which reorder the text after them. The one home of
/// this rule: every escape below, and the file names of forms, ask it.
pub fn is_control(c: char) -> bool {
    matches!(
        c,
        '\0'..='\x1f'
            | '\x7f'..='\u{9f}'
            | '\u{61c}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200f}'
            | '\u{2028}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{feff}'
    )
}

/// Text from files made safe for a terminal, as one line: every control
/// character (see [`is_control`]) is shown as an escape instead — `\n`,
/// `\r` and `\t`, otherwise `\u{1b}`-style — so that a title cannot
/// retitle the terminal, colour what follows or print a line of its own.
/// Applied where data becomes text: table cells, message and error lines,
/// diagnostics, Markdown and HTML, and CSV shown on a terminal. JSON, YAML
/// and CSV to a file or pipe keep exact values.
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_control(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Text for an XML document (docx): every control character escaped as
/// [`escape_controls`] shows it, and the two characters XML 1.0 forbids
/// besides them, U+FFFE and U+FFFF, shown the same way (`\u{fffe}`); a
/// document holding either does not open.
pub fn escape_for_xml(text: &str) -> Cow<'_, str> {
    let escaped = escape_controls(text);
    if !escaped.contains(['\u{fffe}', '\u{ffff}']) {
        return escaped;
    }
    Cow::Owned(
        escaped
            .replace('\u{fffe}', "\\u{fffe}")
            .replace('\u{ffff}', "\\u{ffff}"),
    )
}

/// Whether a spreadsheet would take a cell starting like this for a
/// formula: `=`, `+`, `-`, `@`, a tab or a carriage return (OWASP's
/// CSV-injection rule).
pub fn starts_like_a_formula(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// A text cell of a CSV file or a workbook that a spreadsheet shows as
/// text: one that would start a formula gets a `'` in front (`=1+2` becomes
/// `'=1+2`); the rest stay exact.
pub fn neutralise_formula(text: &str) -> Cow<'_, str> {
    if starts_like_a_formula(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// Most characters a spreadsheet cell holds (Excel's limit; LibreOffice
/// and rust_xlsxwriter keep to it too). `update` and `collect` refuse a
/// longer text (the rule book); a writer given one already in a file cuts
/// it with [`fit_cell`].
pub const MAX_CELL_CHARS: usize = 32_767;

/// A text as a spreadsheet cell can hold it: whole when it fits, or cut
/// with a visible marker naming where the whole text is
/// (`…（全文见任务文件 1.1）`, or without an id when no task is known).
pub fn fit_cell<'a>(text: &'a str, task: Option<&str>) -> Cow<'a, str> {
    if text.chars().count() <= MAX_CELL_CHARS {
        return Cow::Borrowed(text);
    }
    let marker = match task {
        Some(id) => format!("…（全文见任务文件 {id}）"),
        None => "…（全文见任务文件）".to_string(),
    };
    let keep = MAX_CELL_CHARS.saturating_sub(marker.chars().count());
    let mut out: String = text.chars().take(keep).collect();
    out.push_str(&marker);
    Cow::Owned(out)
}

/// A path as output shows it: `/` between its parts on every system
/// (Windows takes `/` too), so that messages, CI annotations and the
/// tests read alike on Linux and Windows.
pub fn path_shown(path: &std::path::Path) -> String {
    let text = path.display().to_string();
    match std::path::MAIN_SEPARATOR {
        '/' => text,
        separator => text.replace(separator, "/"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_zero_width_and_bidi_characters_are_escaped() {
        assert_eq!(
            escape_controls("甲\u{2028}乙\u{2029}丙\u{200b}丁\u{200d}戊\u{2060}己\u{feff}"),
            "甲\\u{2028}乙\\u{2029}丙\\u{200b}丁\\u{200d}戊\\u{2060}己\\u{feff}"
        );
        assert_eq!(
            escape_controls("\u{200e}\u{200f}\u{61c}\u{202a}\u{202e}\u{2066}\u{2069}"),
            "\\u{200e}\\u{200f}\\u{61c}\\u{202a}\\u{202e}\\u{2066}\\u{2069}"
        );
        // Visible neighbours stay: spaces, the ideographic space, U+2030 ‰.
        assert!(matches!(
            escape_controls("a b\u{3000}c\u{2030}\u{2065}"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn control_characters_are_escaped_and_the_rest_kept() {
        assert!(matches!(escape_controls("区环保局 a\\b"), Cow::Borrowed(_)));
        assert_eq!(
            escape_controls("\x1b]0;PWNED\x07\x1b[31m标题"),
            "\\u{1b}]0;PWNED\\u{7}\\u{1b}[31m标题"
        );
        assert_eq!(
            escape_controls("甲\n乙\r丙\t丁\0"),
            "甲\\n乙\\r丙\\t丁\\u{0}"
        );
        assert_eq!(
            escape_controls("\x7f\u{85}\u{9b}\u{9f}"),
            "\\u{7f}\\u{85}\\u{9b}\\u{9f}"
        );
        assert_eq!(
            escape_controls("\u{202a}\u{202e}\u{2066}\u{2069}"),
            "\\u{202a}\\u{202e}\\u{2066}\\u{2069}"
        );
        // Neighbours of the ranges are ordinary text.
        assert_eq!(
            escape_controls(" ~\u{a0}\u{2030}\u{206a}"),
            " ~\u{a0}\u{2030}\u{206a}"
        );
    }

    #[test]
    fn over_long_cells_are_cut_with_a_marker_naming_the_task() {
        let fits = "进".repeat(MAX_CELL_CHARS);
        assert!(matches!(fit_cell(&fits, Some("1.1")), Cow::Borrowed(_)));
        let long = format!("{fits}展");
        let cut = fit_cell(&long, Some("1.1"));
        assert_eq!(cut.chars().count(), MAX_CELL_CHARS);
        assert!(
            cut.ends_with("进…（全文见任务文件 1.1）"),
            "{}",
            &cut[cut.len() - 60..]
        );
        assert!(fit_cell(&long, None).ends_with("进…（全文见任务文件）"));
    }

    #[test]
    fn xml_text_shows_what_xml_forbids_as_escapes() {
        assert!(matches!(escape_for_xml("区水务局"), Cow::Borrowed(_)));
        assert_eq!(
            escape_for_xml("甲\u{fffe}乙\u{ffff}\u{7}\u{fffd}"),
            "甲\\u{fffe}乙\\u{ffff}\\u{7}\u{fffd}"
        );
    }

    #[test]
    fn cells_that_would_start_a_formula_get_a_quote() {
        for formula in ["=1+2", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralise_formula(formula), format!("'{formula}"));
        }
        for text in ["区环保局", "1.1", "2022-12-31", "a=1", " =1", "'=1", ""] {
            assert!(matches!(neutralise_formula(text), Cow::Borrowed(t) if t == text));
        }
    }
}
