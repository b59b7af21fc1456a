//! Forum junk. Scraped copies of notices carry the forum's anti-copy
//! strings: short runs of ASCII (`2 m! S( n; R0 T1 ], ^0 \`) on lines of
//! their own, before a line's text and after it, with the token next to the
//! text often glued to it (`+ l' G! z. V. I2.加强…`, `…共兴) Y4 d7 y& }7 s`).
//!
//! A junk token is 1–3 printable ASCII characters between spaces. A run of
//! at least three of them at the start or end of a line is junk; a line of
//! nothing but such tokens is junk. The glued token is then cut where the
//! text plausibly starts (a number marker, a Chinese character) or ends
//! (a closing bracket that balances an opening one). Legitimate ASCII in
//! Chinese text — `500吨级`, `(2018-2022年)`, the `,` and `;` between
//! Chinese words — is never space-separated, so it is left alone; fewer than
//! three short ASCII words (`推进 5G`) are left alone too.

use super::markers;

/// Fewer spaced tokens than this at a line's start or end are kept: real
/// text rarely has three 1–3 character ASCII words in a row; the forum's
/// strings have five or more.
const MIN_TOKENS: usize = 3;

/// The most characters the glued token can have.
const MAX_GLUED: usize = 3;

/// Characters a YAML file can hold (YAML 1.2 `c-printable`, tab
/// included). Control characters and U+FFFE/U+FFFF are never notice text;
/// they are dropped, so that whatever is imported can be written.
fn yaml_printable(c: char) -> bool {
    matches!(c,
        '\t' | ' '..='~' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

fn is_separator(c: char) -> bool {
    c == ' ' || c == '\t' || c == '\u{a0}'
}

fn is_junk_token(word: &str) -> bool {
    let count = word.chars().count();
    (1..=MAX_GLUED).contains(&count) && word.chars().all(|c| c.is_ascii_graphic())
}

/// Byte spans of the space-separated words of `line`.
fn words(line: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = None;
    for (index, c) in line.char_indices() {
        match (is_separator(c), start) {
            (true, Some(s)) => {
                spans.push((s, index));
                start = None;
            }
            (false, None) => start = Some(index),
            _ => {}
        }
    }
    if let Some(s) = start {
        spans.push((s, line.len()));
    }
    spans
}

/// The line without forum junk, trimmed. `expected_item` is the item number
/// the caller expects next: where a glued token could be cut in more than
/// one place before a number, the cut giving that number wins.
pub fn clean_line(raw: &str, expected_item: Option<u32>) -> String {
    let printable: String;
    let raw = if raw.chars().all(yaml_printable) {
        raw
    } else {
        printable = raw.chars().filter(|c| yaml_printable(*c)).collect();
        &printable
    };
    let line = raw.trim_matches(|c: char| markers::is_blank(c) || c == '\u{feff}');
    let spans = words(line);
    let word = |i: usize| {
        spans
            .get(i)
            .and_then(|&(s, e)| line.get(s..e))
            .unwrap_or("")
    };
    if spans.is_empty() {
        return String::new();
    }
    if (0..spans.len()).all(|i| is_junk_token(word(i))) {
        // A lone `1.` or `(1)` is a number whose text follows on the next line.
        let lone_marker = spans.len() == 1 && markers::parse(word(0)).is_some();
        return if lone_marker {
            line.to_string()
        } else {
            String::new()
        };
    }

    let mut first = 0;
    while first < spans.len() && is_junk_token(word(first)) {
        let is_marker = markers::parse(word(first)).is_some();
        if is_marker && !is_junk_token(word(first + 1)) {
            break;
        }
        first += 1;
    }
    let junk_before = first >= MIN_TOKENS;
    if !junk_before {
        first = 0;
    }
    let mut last = spans.len();
    while last > first + 1 && is_junk_token(word(last - 1)) {
        last -= 1;
    }
    let junk_after = spans.len() - last >= MIN_TOKENS;
    if !junk_after {
        last = spans.len();
    }
    let (Some(&(start, _)), Some(&(_, end))) = (spans.get(first), spans.get(last - 1)) else {
        return String::new();
    };
    let mut text = line.get(start..end).unwrap_or("");
    if junk_before {
        text = cut_glued_start(text, expected_item);
    }
    if junk_after {
        text = cut_glued_end(text);
    }
    text.trim_matches(markers::is_blank).to_string()
}

/// The text after the glued token at its start.
fn cut_glued_start(text: &str, expected_item: Option<u32>) -> &str {
    let glued = text.chars().take_while(char::is_ascii_graphic).count();
    if glued == 0 {
        return text;
    }
    // ASCII characters are one byte each, so `k` chars are `k` bytes.
    let candidates: Vec<&str> = (0..=glued.min(MAX_GLUED))
        .filter_map(|k| text.get(k..))
        .collect();
    let marker_at = |rest: &str| markers::parse(rest).is_some();
    let expected = candidates
        .iter()
        .find(|rest| expected_item.is_some() && markers::item_number(rest) == expected_item);
    let chosen = expected
        .or_else(|| candidates.iter().find(|rest| marker_at(rest)))
        .or_else(|| candidates.iter().find(|rest| plausible_start(rest)));
    match chosen {
        Some(rest) => rest,
        None if glued <= MAX_GLUED => text.get(glued..).unwrap_or(""),
        None => text,
    }
}

/// Could text start here? A Chinese character, a bracket opening Chinese
/// text or a number, or a number such as `500吨级` or `2018-2022年`.
fn plausible_start(rest: &str) -> bool {
    let mut chars = rest.chars();
    match (chars.next(), chars.next()) {
        (Some(c), _) if !c.is_ascii() => true,
        (Some('('), Some(next)) => !next.is_ascii() || next.is_ascii_digit(),
        (Some(c), _) if c.is_ascii_digit() => {
            let run: String = rest.chars().take_while(char::is_ascii_graphic).collect();
            run.chars()
                .all(|c| c.is_ascii_digit() || ".-%:/".contains(c))
                && run.len() < rest.len()
        }
        _ => false,
    }
}

/// The text without the glued token at its end. Closing brackets that
/// balance an opening one are text (`…区文化委)`); a single `,` `;` `:`
/// after a Chinese character is text too (a wrapped sentence); anything
/// else in the last 1–3 ASCII characters is the forum's.
fn cut_glued_end(text: &str) -> &str {
    let glued: Vec<char> = text
        .chars()
        .rev()
        .take_while(char::is_ascii_graphic)
        .collect();
    if glued.is_empty() {
        return text;
    }
    let body_len = text.len() - glued.len();
    let body = text.get(..body_len).unwrap_or("");
    let mut depth = bracket_depth(body);
    let mut kept = 0;
    for c in glued.iter().rev() {
        if (*c == ')') && depth > 0 {
            depth -= 1;
            kept += 1;
        } else {
            break;
        }
    }
    let junk = glued.len() - kept;
    if junk == 0 || junk > MAX_GLUED {
        return text;
    }
    let after_chinese = body.chars().last().is_some_and(|c| !c.is_ascii());
    if kept == 0 && junk == 1 && after_chinese && glued.iter().all(|c| ",;:".contains(*c)) {
        return text;
    }
    text.get(..body_len + kept).unwrap_or(text)
}

/// Open brackets not yet closed (ASCII and full-width alike).
pub fn bracket_depth(text: &str) -> usize {
    text.chars().fold(0usize, |depth, c| match c {
        '(' | '（' => depth + 1,
        ')' | '）' => depth.saturating_sub(1),
        _ => depth,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(line: &str) -> String {
        clean_line(line, None)
    }

    #[test]
    fn characters_yaml_cannot_hold_are_dropped() {
        assert_eq!(clean("推动\u{ffff}合作\u{1}。\u{9f}"), "推动合作。");
        assert_eq!(clean("\u{7f}\u{fffe}"), "");
    }

    #[test]
    fn junk_lines_vanish() {
        assert_eq!(clean("( n# R( O! o S9 O: x, K0 b% R/ n"), "");
        assert_eq!(clean("|"), "");
        assert_eq!(clean("- 2 -"), "");
        assert_eq!(clean("   "), "");
    }

    #[test]
    fn junk_glued_to_numbers_and_headings_is_cut() {
        assert_eq!(
            clean("+ l' G! z. V. I2.加强大气污染。(牵头部门:区环保局)/ j9 m9 w3 K! S% o+ |9 F\" h"),
            "2.加强大气污染。(牵头部门:区环保局)"
        );
        assert_eq!(
            clean("! D) h: R+ z% q R) C5 a1 _$ ]1 j5 q) G(四)推动产业协作共兴) Y4 d7 y& }7 s"),
            "(四)推动产业协作共兴"
        );
        assert_eq!(
            clean("% e7 J# r9 w: m, V二、主要工作任务6 H& f8 ~, }9 `"),
            "二、主要工作任务"
        );
        assert_eq!(clean(", V- H: r1 ]3 q; V区级有关部门:"), "区级有关部门:");
        assert_eq!(
            clean("5 L) h r& t9 q: Z3.打造。(牵头部门:区经济信息委,责任部门:区卫生计生委)) l) _: h% d w8 ]* F9 {$ }. \\"),
            "3.打造。(牵头部门:区经济信息委,责任部门:区卫生计生委)"
        );
        assert_eq!(
            clean("4.深化。(牵头部门:区科委)( O9 X/ S; i0 [0 c! c @"),
            "4.深化。(牵头部门:区科委)"
        );
        assert_eq!(
            clean("% A/ D& p5 I N' E(5)打造。(牵头部门:区旅游局) C/ V: N' e$ M"),
            "(5)打造。(牵头部门:区旅游局)"
        );
        assert_eq!(
            clean("/ {0 O0 K; U6 K1 Z9 U 2018年8月17日% j% R\" \\% J- X"),
            "2018年8月17日"
        );
    }

    #[test]
    fn the_expected_number_decides_an_ambiguous_cut() {
        assert_eq!(clean_line("a b c x12.任务", Some(2)), "2.任务");
        assert_eq!(clean_line("a b c x12.任务", Some(12)), "12.任务");
    }

    #[test]
    fn legitimate_ascii_is_kept() {
        for line in [
            "3.畅通涪江航道。按500吨级船舶通航标准建设双江航电枢纽,提高涪江通航能力。",
            "重庆市潼南区人民政府关于下达深化川渝合作深入推动长江经济带行动计划(2018-2022年)工作任务的通知",
            "谋划打造“四季花会”品牌;结合川渝石质文物",
            "推进 5G 建设",
            "1. 加强跨界河流",
            "(1) 加强",
            "1.",
            "区级有关部门:",
        ] {
            assert_eq!(clean(line), line, "{line}");
        }
        assert_eq!(clean("a b c 500吨级"), "500吨级");
        assert_eq!(clean("a b c 1.5亿元"), "1.5亿元");
        assert_eq!(clean("建设, x1 y2 z3"), "建设,");
        assert_eq!(clean("建设- x1 y2 z3"), "建设");
    }
}
