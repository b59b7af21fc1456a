//! The numbering a notice puts at the start of a line: chapter headings
//! `一、`, section headings `(一)` / `（一）`, and task items `1.` `1、`
//! `(1)` `（1）` `①`. Everything here works on `char`s, so no input can
//! split a character or index past the end.

/// What a line-start number introduces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkerKind {
    /// `一、`: a top-level part of the notice (一、充分认识重大意义).
    Chapter,
    /// `(一)` or `（一）`: a heading inside a part (the task headings).
    Section,
    /// `1.` `1、` `(1)` `（1）` `①`: a numbered paragraph (a task).
    Item,
}

/// A number at the start of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Marker<'a> {
    pub kind: MarkerKind,
    pub number: u32,
    /// The marker exactly as written, e.g. `(5)` or `（一）`.
    pub label: &'a str,
    /// The rest of the line after the marker (leading spaces removed).
    pub rest: &'a str,
}

const OPEN: [char; 2] = ['(', '（'];
const CLOSE: [char; 2] = [')', '）'];

/// The marker a line starts with, if any.
pub fn parse(line: &str) -> Option<Marker<'_>> {
    chapter(line)
        .or_else(|| bracketed(line))
        .or_else(|| dotted(line))
        .or_else(|| circled(line))
}

/// The number of an item marker at the start of `text`, if it has one.
pub fn item_number(text: &str) -> Option<u32> {
    parse(text)
        .filter(|m| m.kind == MarkerKind::Item)
        .map(|m| m.number)
}

fn split_at_char(line: &str, chars: usize) -> (&str, &str) {
    let at = line
        .char_indices()
        .nth(chars)
        .map_or(line.len(), |(index, _)| index);
    line.split_at(at)
}

fn marker(kind: MarkerKind, number: u32, line: &str, chars: usize) -> Marker<'_> {
    let (label, rest) = split_at_char(line, chars);
    Marker {
        kind,
        number,
        label,
        rest: rest.trim_start_matches(is_blank),
    }
}

/// Spaces a notice puts between a number and its text.
pub fn is_blank(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}'
}

/// `一、` … `九十九、`.
fn chapter(line: &str) -> Option<Marker<'_>> {
    let numeral: String = line.chars().take_while(|c| is_cjk_numeral(*c)).collect();
    let length = numeral.chars().count();
    if length == 0 || length > 3 || line.chars().nth(length) != Some('、') {
        return None;
    }
    let number = cjk_number(&numeral)?;
    Some(marker(MarkerKind::Chapter, number, line, length + 1))
}

/// `(一)` `（一）` (sections) and `(1)` `（1）` (items); the brackets may be
/// ASCII, full-width or one of each.
fn bracketed(line: &str) -> Option<Marker<'_>> {
    let mut chars = line.chars();
    if !OPEN.contains(&chars.next()?) {
        return None;
    }
    let inner: String = chars.take_while(|c| !CLOSE.contains(c)).collect();
    let length = inner.chars().count();
    if length == 0 || length > 3 || !CLOSE.contains(&line.chars().nth(length + 1)?) {
        return None;
    }
    let chars = length + 2;
    if inner.chars().all(is_cjk_numeral) {
        let number = cjk_number(&inner)?;
        return Some(marker(MarkerKind::Section, number, line, chars));
    }
    let number = digits(&inner).filter(|n| (1..=MAX_ITEM).contains(n))?;
    Some(marker(MarkerKind::Item, number, line, chars))
}

/// The highest item number: a heading of a notice has its tens of tasks,
/// never a thousand (a line starting `2019.` is a year, not an item).
const MAX_ITEM: u32 = 999;

/// `1.` `1、` `1．` (ASCII or full-width digits). `1.5亿` is not a marker.
fn dotted(line: &str) -> Option<Marker<'_>> {
    let numeral: String = line.chars().take_while(|c| digit(*c).is_some()).collect();
    let length = numeral.chars().count();
    if length == 0 || length > 3 {
        return None;
    }
    let mut after = line.chars().skip(length);
    let separator = after.next()?;
    if !matches!(separator, '.' | '．' | '、') {
        return None;
    }
    if separator != '、' && after.next().is_some_and(|c| digit(c).is_some()) {
        return None;
    }
    let number = digits(&numeral).filter(|n| (1..=MAX_ITEM).contains(n))?;
    Some(marker(MarkerKind::Item, number, line, length + 1))
}

/// `①` … `⑳`, `㉑` … `㉟`, `㊱` … `㊿`.
fn circled(line: &str) -> Option<Marker<'_>> {
    let first = line.chars().next()?;
    let code = u32::from(first);
    let number = match code {
        0x2460..=0x2473 => code - 0x2460 + 1,
        0x3251..=0x325F => code - 0x3251 + 21,
        0x32B1..=0x32BF => code - 0x32B1 + 36,
        _ => return None,
    };
    Some(marker(MarkerKind::Item, number, line, 1))
}

/// An ASCII or full-width decimal digit.
pub fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '０'..='９' => Some(u32::from(c) - u32::from('０')),
        _ => None,
    }
}

/// A short run of decimal digits (ASCII or full-width).
pub fn digits(text: &str) -> Option<u32> {
    if text.is_empty() || text.chars().count() > 9 {
        return None;
    }
    text.chars().try_fold(0u32, |n, c| Some(n * 10 + digit(c)?))
}

pub fn is_cjk_numeral(c: char) -> bool {
    cjk_digit(c).is_some() || c == '十'
}

fn cjk_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' => 0,
        '一' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// 一 … 九十九 (十, 十一, 二十, 二十三).
pub fn cjk_number(text: &str) -> Option<u32> {
    let chars: Vec<char> = text.chars().collect();
    let value = match chars.as_slice() {
        [one] if *one == '十' => 10,
        [one] => cjk_digit(*one)?,
        ['十', ones] => 10 + cjk_digit(*ones)?,
        [tens, '十'] => cjk_digit(*tens)? * 10,
        [tens, '十', ones] => cjk_digit(*tens)? * 10 + cjk_digit(*ones)?,
        _ => return None,
    };
    (value > 0).then_some(value)
}

/// Digits written one by one in Chinese (二〇一八) or as numerals.
pub fn cjk_digits(text: &str) -> Option<u32> {
    if text.is_empty() || text.chars().count() > 9 {
        return None;
    }
    text.chars().try_fold(0u32, |n, c| {
        Some(n * 10 + cjk_digit(c).or_else(|| digit(c))?)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind_number_label(line: &str) -> Option<(MarkerKind, u32, &str, &str)> {
        parse(line).map(|m| (m.kind, m.number, m.label, m.rest))
    }

    #[test]
    fn every_numbering_style_of_the_issue() {
        use MarkerKind::*;
        assert_eq!(
            kind_number_label("一、充分"),
            Some((Chapter, 1, "一、", "充分"))
        );
        assert_eq!(
            kind_number_label("十二、x"),
            Some((Chapter, 12, "十二、", "x"))
        );
        assert_eq!(
            kind_number_label("(一)推动"),
            Some((Section, 1, "(一)", "推动"))
        );
        assert_eq!(
            kind_number_label("（七）推动"),
            Some((Section, 7, "（七）", "推动"))
        );
        assert_eq!(
            kind_number_label("(二）混"),
            Some((Section, 2, "(二）", "混"))
        );
        assert_eq!(kind_number_label("1.加强"), Some((Item, 1, "1.", "加强")));
        assert_eq!(
            kind_number_label("12、加强"),
            Some((Item, 12, "12、", "加强"))
        );
        assert_eq!(kind_number_label("(5)打造"), Some((Item, 5, "(5)", "打造")));
        assert_eq!(
            kind_number_label("（3） 打造"),
            Some((Item, 3, "（3）", "打造"))
        );
        assert_eq!(kind_number_label("②建立"), Some((Item, 2, "②", "建立")));
        assert_eq!(
            kind_number_label("３．全角"),
            Some((Item, 3, "３．", "全角"))
        );
    }

    #[test]
    fn text_that_only_looks_numbered_is_not() {
        for line in [
            "1.5亿元",
            "2018年",
            "500吨级",
            "(化工)污染",
            "(2018-2022年)",
            "十分重要",
            "0.x",
            "(0)",
            "",
            "(",
            "（一",
        ] {
            assert_eq!(parse(line), None, "{line}");
        }
    }

    #[test]
    fn chinese_numbers() {
        assert_eq!(cjk_number("十"), Some(10));
        assert_eq!(cjk_number("二十三"), Some(23));
        assert_eq!(cjk_number("十十"), None);
        assert_eq!(cjk_digits("二〇一八"), Some(2018));
    }
}
