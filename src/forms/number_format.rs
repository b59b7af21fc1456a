//! A number as a spreadsheet shows it: the cell's number format applied
//! (`0.00`, `0.0%`, `#,##0`, `yyyy"年"m"月"d"日"`, `yyyy/m/d h:mm`,
//! `0.00E+00`, the built-in formats by id). `collect` records a number
//! typed into a text column as the form showed it, not as stored.
//!
//! The subset of Excel's format language that forms meet: sections
//! (positive;negative;zero), literals (quoted, `\`-escaped, `[$¥-804]`),
//! colours and locale tags ignored, digit placeholders, thousands
//! separators, percent, scientific notation, and date and time parts.
//! Fractions (`# ?/?`) and anything else fall back to General.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Timelike};

/// The format code of a built-in number format id (ECMA-376 18.8.30, as a
/// Chinese (zh-CN) Excel shows them); None for General and unknown ids.
pub fn builtin(id: u32) -> Option<&'static str> {
    Some(match id {
        1 => "0",
        2 => "0.00",
        3 => "#,##0",
        4 => "#,##0.00",
        9 => "0%",
        10 => "0.00%",
        11 => "0.00E+00",
        14 | 30 => "yyyy/m/d",
        15 => "d-mmm-yy",
        16 => "d-mmm",
        17 => "mmm-yy",
        18 => "h:mm AM/PM",
        19 => "h:mm:ss AM/PM",
        20 => "h:mm",
        21 => "h:mm:ss",
        22 => "yyyy/m/d h:mm",
        27 | 36 | 50 | 52 | 53 | 54 | 57 => "yyyy\"年\"m\"月\"",
        28 | 29 | 51 | 56 | 58 => "m\"月\"d\"日\"",
        31 | 55 => "yyyy\"年\"m\"月\"d\"日\"",
        32 => "h\"时\"mm\"分\"",
        33 => "h\"时\"mm\"分\"ss\"秒\"",
        37 => "#,##0 ;(#,##0)",
        38 => "#,##0 ;[Red](#,##0)",
        39 => "#,##0.00;(#,##0.00)",
        40 => "#,##0.00;[Red](#,##0.00)",
        45 => "mm:ss",
        46 => "[h]:mm:ss",
        48 => "##0.0E+0",
        49 => "@",
        _ => return None,
    })
}

/// `n` as General shows it: whole numbers below 10^15 in full (a phone
/// number stored as a number), others to 15 significant digits, very
/// large or small ones in scientific notation (`1.5E+300`).
pub fn general(n: f64) -> String {
    if !n.is_finite() {
        return n.to_string();
    }
    if n.fract() == 0.0 && n.abs() < 1e15 {
        return format!("{n:.0}");
    }
    let magnitude = n.abs();
    if magnitude != 0.0 && !(1e-9..1e15).contains(&magnitude) {
        // 15 significant digits, trailing zeros dropped: 1.5E+300.
        let text = format!("{n:.14E}");
        let (mantissa, exponent) = text.split_once('E').unwrap_or((&text, "0"));
        let mantissa = mantissa.trim_end_matches('0').trim_end_matches('.');
        let exponent: i32 = exponent.parse().unwrap_or(0);
        let sign = if exponent < 0 { '-' } else { '+' };
        return format!("{mantissa}E{sign}{:02}", exponent.abs());
    }
    // 15 significant digits, as the cell shows at most. (The exponent is
    // clamped to -15..=14 first: the cast cannot truncate.)
    #[allow(clippy::cast_possible_truncation)]
    let digits = 14 - magnitude.log10().floor().clamp(-15.0, 14.0) as i32;
    let text = format!("{n:.*}", usize::try_from(digits.max(0)).unwrap_or(0));
    match text.contains('.') {
        true => text.trim_end_matches('0').trim_end_matches('.').to_string(),
        false => text,
    }
}

/// `n` shown with the format `code` (dates counted in the 1904 system if
/// `date1904`).
pub fn format(n: f64, code: &str, date1904: bool) -> String {
    if !n.is_finite() {
        return general(n);
    }
    let sections = split_sections(code);
    let (section, value) = match (sections.len(), n) {
        (_, n) if n > 0.0 => (sections[0].as_str(), n),
        (1, n) => (sections[0].as_str(), n),
        (2, n) if n < 0.0 => (sections[1].as_str(), -n),
        (2, n) => (sections[0].as_str(), n),
        (_, n) if n < 0.0 => (sections[1].as_str(), -n),
        (_, n) => (sections[2].as_str(), n),
    };
    if section.trim().is_empty() || section.trim().eq_ignore_ascii_case("general") {
        return general(n);
    }
    let tokens = tokenize(section);
    if tokens.iter().any(Token::is_date_part) {
        return date_time(value, &tokens, date1904).unwrap_or_else(|| general(n));
    }
    if !tokens.iter().any(|t| matches!(t, Token::Digit(_))) {
        // Literal text, or `@`: the number in General within it.
        return literal_text(&tokens, value);
    }
    // A negative number whose section has its own (the second) loses its
    // sign: the section says how to show it.
    let signed = if sections.len() > 1 && n < 0.0 {
        value
    } else {
        n
    };
    number(signed, &tokens).unwrap_or_else(|| general(n))
}

/// The format's sections, split at `;` outside quotes and escapes.
fn split_sections(code: &str) -> Vec<String> {
    let mut sections = vec![String::new()];
    let (mut quoted, mut escaped, mut bracket) = (false, false, false);
    for c in code.chars() {
        let last = sections.last_mut().expect("one section at least");
        if escaped {
            escaped = false;
        } else if c == '"' {
            quoted = !quoted;
        } else if !quoted && c == '\\' {
            escaped = true;
        } else if !quoted && c == '[' {
            bracket = true;
        } else if !quoted && c == ']' {
            bracket = false;
        } else if !quoted && !bracket && c == ';' {
            sections.push(String::new());
            continue;
        }
        last.push(c);
    }
    sections
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Literal(String),
    /// `@`: the value as text.
    Text,
    /// `0`, `#`, `?`, `.`, `,`, `%`, `E+`, `E-`: the numeric pattern.
    Digit(char),
    Exponent(bool),
    /// y, m, d, h, s runs (lower case), and `AM/PM` or `上午/下午`.
    Date(char, usize),
    AmPm(bool),
    /// `[h]`, `[mm]`, `[ss]`: elapsed time.
    Elapsed(char),
}

impl Token {
    fn is_date_part(&self) -> bool {
        matches!(self, Token::Date(..) | Token::AmPm(_) | Token::Elapsed(_))
    }
}

fn tokenize(section: &str) -> Vec<Token> {
    let chars: Vec<char> = section.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    let literal = |tokens: &mut Vec<Token>, text: &str| match tokens.last_mut() {
        Some(Token::Literal(last)) => last.push_str(text),
        _ => tokens.push(Token::Literal(text.to_string())),
    };
    while i < chars.len() {
        let c = chars[i];
        let rest: String = chars[i..].iter().collect();
        match c {
            '"' => {
                let end = chars[i + 1..]
                    .iter()
                    .position(|&q| q == '"')
                    .map_or(chars.len(), |p| i + 1 + p);
                let text: String = chars[i + 1..end.min(chars.len())].iter().collect();
                literal(&mut tokens, &text);
                i = end + 1;
                continue;
            }
            '\\' => {
                if let Some(next) = chars.get(i + 1) {
                    literal(&mut tokens, &next.to_string());
                }
                i += 2;
                continue;
            }
            '_' => {
                // Space the width of the next character.
                literal(&mut tokens, " ");
                i += 2;
                continue;
            }
            '*' => {
                // Repeat to fill the cell: nothing in text.
                i += 2;
                continue;
            }
            '[' => {
                let end = chars[i..]
                    .iter()
                    .position(|&q| q == ']')
                    .map_or(chars.len(), |p| i + p);
                let inner: String = chars[i + 1..end.min(chars.len())].iter().collect();
                let lower = inner.to_lowercase();
                if let Some(currency) = inner.strip_prefix('$') {
                    // [$¥-804]: the symbol before the locale.
                    let symbol = currency.split('-').next().unwrap_or("");
                    literal(&mut tokens, symbol);
                } else if !lower.is_empty() && lower.chars().all(|c| c == 'h') {
                    tokens.push(Token::Elapsed('h'));
                } else if !lower.is_empty() && lower.chars().all(|c| c == 'm') {
                    tokens.push(Token::Elapsed('m'));
                } else if !lower.is_empty() && lower.chars().all(|c| c == 's') {
                    tokens.push(Token::Elapsed('s'));
                }
                // Colours, conditions, locale tags: not shown.
                i = end + 1;
                continue;
            }
            '@' => tokens.push(Token::Text),
            '0' | '#' | '?' | '.' | ',' | '%' => tokens.push(Token::Digit(c)),
            'E' | 'e' if matches!(chars.get(i + 1), Some('+' | '-')) => {
                tokens.push(Token::Exponent(chars[i + 1] == '+'));
                i += 2;
                continue;
            }
            _ if rest.to_uppercase().starts_with("AM/PM") => {
                tokens.push(Token::AmPm(false));
                i += 5;
                continue;
            }
            _ if rest.to_uppercase().starts_with("A/P") => {
                tokens.push(Token::AmPm(false));
                i += 3;
                continue;
            }
            _ if rest.starts_with("上午/下午") => {
                tokens.push(Token::AmPm(true));
                i += 5;
                continue;
            }
            'y' | 'Y' | 'm' | 'M' | 'd' | 'D' | 'h' | 'H' | 's' | 'S' | 'e' | 'g' | 'G' | 'b'
            | 'B' => {
                let lower = c.to_ascii_lowercase();
                let lower = if lower == 'e' { 'y' } else { lower };
                let run = chars[i..]
                    .iter()
                    .take_while(|x| x.eq_ignore_ascii_case(&c))
                    .count();
                if matches!(lower, 'g' | 'b') {
                    // Era and Buddhist year: not used by the office.
                    tokens.push(Token::Date('y', run.max(4)));
                } else {
                    tokens.push(Token::Date(lower, run));
                }
                i += run;
                continue;
            }
            _ => literal(&mut tokens, &c.to_string()),
        }
        i += 1;
    }
    tokens
}

fn literal_text(tokens: &[Token], value: f64) -> String {
    tokens
        .iter()
        .map(|t| match t {
            Token::Literal(text) => text.clone(),
            Token::Text => general(value),
            _ => String::new(),
        })
        .collect()
}

/// A number pattern: `#,##0.00%`, `0.00E+00`, with literals around.
fn number(n: f64, tokens: &[Token]) -> Option<String> {
    let digits: Vec<char> = tokens
        .iter()
        .filter_map(|t| match t {
            Token::Digit(c) => Some(*c),
            _ => None,
        })
        .collect();
    let percents = digits.iter().filter(|&&c| c == '%').count();
    let exponent = tokens.iter().position(|t| matches!(t, Token::Exponent(_)));
    let placeholders = |cs: &[char]| cs.iter().filter(|c| matches!(c, '0' | '#' | '?')).count();
    let point = digits.iter().position(|&c| c == '.');
    let (int_part, frac_part) = match point {
        Some(p) => (&digits[..p], &digits[p + 1..]),
        None => (&digits[..], &[][..]),
    };
    // Only the mantissa's placeholders count for decimals.
    let mantissa_frac: Vec<char> = match exponent {
        Some(at) => {
            let before: Vec<char> = tokens[..at]
                .iter()
                .filter_map(|t| match t {
                    Token::Digit(c) => Some(*c),
                    _ => None,
                })
                .collect();
            match before.iter().position(|&c| c == '.') {
                Some(p) => before[p + 1..].to_vec(),
                None => Vec::new(),
            }
        }
        None => frac_part.to_vec(),
    };
    let decimals = placeholders(&mantissa_frac);
    let min_decimals = mantissa_frac.iter().filter(|&&c| c == '0').count();
    let min_int = int_part.iter().filter(|&&c| c == '0').count();
    let grouped = {
        let ph: Vec<usize> = int_part
            .iter()
            .enumerate()
            .filter(|(_, c)| matches!(c, '0' | '#' | '?'))
            .map(|(i, _)| i)
            .collect();
        int_part.iter().enumerate().any(|(i, &c)| {
            c == ',' && ph.first().is_some_and(|&f| f < i) && ph.last().is_some_and(|&l| l > i)
        })
    };
    // Commas after the last integer placeholder scale by 1,000 each.
    let trailing_commas = int_part.iter().rev().take_while(|&&c| c == ',').count();
    let mut value = n * 100f64.powi(i32::try_from(percents).ok()?);
    value /= 1000f64.powi(i32::try_from(trailing_commas).ok()?);
    let shown = match exponent {
        Some(at) => scientific(value, &tokens[at..], decimals, min_decimals)?,
        None => {
            let text = format!("{:.*}", decimals, value.abs());
            let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
            let int = int.trim_start_matches('0');
            let int = format!("{int:0>min_int$}");
            let int = if grouped { group(&int) } else { int };
            let frac = frac[..frac.len().min(decimals)].trim_end_matches('0');
            let frac = format!("{frac:0<min_decimals$}");
            let minus = if value < 0.0
                && (!int.trim_start_matches(['0', ',']).is_empty()
                    || !frac.trim_start_matches('0').is_empty())
            {
                "-"
            } else {
                ""
            };
            match (point.is_some(), frac.is_empty()) {
                (true, false) => format!("{minus}{int}.{frac}"),
                (true, true) if min_decimals == 0 && decimals > 0 => format!("{minus}{int}."),
                _ => format!("{minus}{int}"),
            }
        }
    };
    Some(place(tokens, &shown))
}

/// The number shown where its pattern starts, with the literals and `%`
/// around it in place.
fn place(tokens: &[Token], shown: &str) -> String {
    let mut out = String::new();
    let mut placed = false;
    for token in tokens {
        match token {
            Token::Literal(text) => out.push_str(text),
            Token::Digit(_) | Token::Exponent(_) if !placed => {
                out.push_str(shown);
                placed = true;
                if matches!(token, Token::Digit('%')) {
                    out.push('%');
                }
            }
            Token::Digit('%') => out.push('%'),
            _ => {}
        }
    }
    if !placed {
        out.push_str(shown);
    }
    out
}

/// `value` as `0.00E+00`: `tokens` from the exponent on.
fn scientific(
    value: f64,
    tokens: &[Token],
    decimals: usize,
    min_decimals: usize,
) -> Option<String> {
    let plus = matches!(tokens.first(), Some(Token::Exponent(true)));
    let exp_digits = tokens[1..]
        .iter()
        .filter(|t| matches!(t, Token::Digit('0' | '#' | '?')))
        .count()
        .max(1);
    let text = format!("{:.*E}", decimals, value.abs());
    let (mantissa, exp) = text.split_once('E')?;
    let exp: i32 = exp.parse().ok()?;
    let mantissa = trim_decimals(mantissa, min_decimals);
    let sign = match (exp < 0, plus) {
        (true, _) => "-",
        (false, true) => "+",
        (false, false) => "",
    };
    let minus = if value < 0.0 { "-" } else { "" };
    Some(format!(
        "{minus}{mantissa}E{sign}{:0width$}",
        exp.abs(),
        width = exp_digits
    ))
}

fn trim_decimals(mantissa: &str, min: usize) -> String {
    let Some((int, frac)) = mantissa.split_once('.') else {
        return mantissa.to_string();
    };
    let frac = frac.trim_end_matches('0');
    let frac = format!("{frac:0<min$}");
    if frac.is_empty() {
        int.to_string()
    } else {
        format!("{int}.{frac}")
    }
}

/// `1234567` → `1,234,567`.
fn group(int: &str) -> String {
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// A serial date and time shown with the date parts of `tokens`.
fn date_time(serial: f64, tokens: &[Token], date1904: bool) -> Option<String> {
    if !(0.0..=2_958_466.0).contains(&serial) {
        return None;
    }
    let epoch = match date1904 {
        true => NaiveDate::from_ymd_opt(1904, 1, 1)?,
        false => NaiveDate::from_ymd_opt(1899, 12, 30)?,
    };
    // To the second, rounded as Excel shows it.
    #[allow(clippy::cast_possible_truncation)]
    let seconds = (serial * 86_400.0).round() as i64;
    let at: NaiveDateTime = epoch.and_hms_opt(0, 0, 0)? + Duration::seconds(seconds);
    let twelve_hour = tokens.iter().any(|t| matches!(t, Token::AmPm(_)));
    let mut out = String::new();
    for (i, token) in tokens.iter().enumerate() {
        match *token {
            Token::Literal(ref text) => out.push_str(text),
            Token::Date('y', n) => match n {
                1 | 2 => out.push_str(&format!("{:02}", at.year() % 100)),
                _ => out.push_str(&format!("{:04}", at.year())),
            },
            Token::Date('m', n) => {
                // Minutes after an hour or before a second; else months.
                let previous = tokens[..i].iter().rev().find(|t| t.is_date_part());
                let next = tokens[i + 1..].iter().find(|t| t.is_date_part());
                let minute = matches!(previous, Some(Token::Date('h', _) | Token::Elapsed('h')))
                    || matches!(next, Some(Token::Date('s', _) | Token::Elapsed('s')));
                if minute && n <= 2 {
                    out.push_str(&pad(at.minute(), n));
                } else {
                    let month = usize::try_from(at.month0()).ok()?;
                    match n {
                        1 | 2 => out.push_str(&pad(at.month(), n)),
                        3 => out.push_str(&MONTHS[month][..3]),
                        5 => out.push_str(&MONTHS[month][..1]),
                        _ => out.push_str(MONTHS[month]),
                    }
                }
            }
            Token::Date('d', n) => {
                let day = usize::try_from(at.weekday().num_days_from_monday()).ok()?;
                match n {
                    1 | 2 => out.push_str(&pad(at.day(), n)),
                    3 => out.push_str(&DAYS[day][..3]),
                    _ => out.push_str(DAYS[day]),
                }
            }
            Token::Date('h', n) => {
                let hour = match (twelve_hour, at.hour() % 12) {
                    (true, 0) => 12,
                    (true, h) => h,
                    (false, _) => at.hour(),
                };
                out.push_str(&pad(hour, n));
            }
            Token::Date('s', n) => out.push_str(&pad(at.second(), n)),
            Token::AmPm(chinese) => out.push_str(match (chinese, at.hour() < 12) {
                (true, true) => "上午",
                (true, false) => "下午",
                (false, true) => "AM",
                (false, false) => "PM",
            }),
            Token::Elapsed(unit) => {
                let total = u64::try_from(seconds).ok()?;
                out.push_str(&match unit {
                    'h' => (total / 3600).to_string(),
                    'm' => (total / 60).to_string(),
                    _ => total.to_string(),
                });
            }
            Token::Digit(c) => out.push(c),
            _ => {}
        }
    }
    Some(out)
}

fn pad(value: u32, width: usize) -> String {
    match width {
        1 => value.to_string(),
        _ => format!("{value:02}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_shown_as_their_format_says() {
        let cases: &[(f64, &str, &str)] = &[
            (0.856, "0.00%", "85.60%"),
            (0.856, "0%", "86%"),
            (1.256, "0.00", "1.26"),
            (3.0, "0.00", "3.00"),
            (1_234_567.891, "#,##0.00", "1,234,567.89"),
            (1_234_567.0, "#,##0", "1,234,567"),
            (-1234.5, "#,##0.00;(#,##0.00)", "(1,234.50)"),
            (-1234.5, "0.0", "-1234.5"),
            (0.0, "0.00;-0.00;\"零\"", "零"),
            (12.5, "0.0\"万元\"", "12.5万元"),
            (12.5, "[$¥-804]#,##0.00", "¥12.50"),
            (12.5, "[Red]0.0", "12.5"),
            (1200.0, "#,##0,\"千\"", "1千"),
            (123_456.0, "0.00E+00", "1.23E+05"),
            (0.5, "#.##", ".5"),
            (2.0, "#.##", "2."),
            (13_800_000_000.0, "0", "13800000000"),
            (7.0, "000", "007"),
            (42.0, "@", "42"),
            (43997.0, "yyyy\"年\"m\"月\"d\"日\"", "2020年6月15日"),
            (43997.0, "yyyy/m/d", "2020/6/15"),
            (43997.0, "yyyy-mm-dd", "2020-06-15"),
            (43997.0, "m\"月\"d\"日\"", "6月15日"),
            (43997.75, "yyyy/m/d h:mm", "2020/6/15 18:00"),
            (43997.75, "h:mm AM/PM", "6:00 PM"),
            (43997.5625, "hh:mm:ss", "13:30:00"),
            (43997.0, "d-mmm-yy", "15-Jun-20"),
            (43997.0, "dddd", "Monday"),
            (1.5, "[h]:mm", "36:00"),
        ];
        for (n, code, shown) in cases {
            assert_eq!(format(*n, code, false), *shown, "{n} as {code}");
        }
        assert_eq!(format(42535.0, "yyyy/m/d", true), "2020/6/15");
    }

    #[test]
    fn general_shows_fifteen_digits_at_most() {
        assert_eq!(general(13_800_000_000.0), "13800000000");
        assert_eq!(general(1.5e300), "1.5E+300");
        assert_eq!(general(-2.5e-12), "-2.5E-12");
        assert_eq!(general(0.1 + 0.2), "0.3");
        assert_eq!(general(1.0 / 3.0), "0.333333333333333");
        assert_eq!(general(1e15), "1E+15");
        assert_eq!(general(12.25), "12.25");
        assert_eq!(format(1.5e300, "General", false), "1.5E+300");
    }

    #[test]
    fn builtin_ids_name_their_formats() {
        assert_eq!(builtin(10), Some("0.00%"));
        assert_eq!(format(43997.0, builtin(14).unwrap(), false), "2020/6/15");
        assert_eq!(
            format(43997.0, builtin(31).unwrap(), false),
            "2020年6月15日"
        );
        assert_eq!(builtin(0), None);
        assert_eq!(builtin(49), Some("@"));
    }
}
