//! What a liaison typed, as cooptrack reads it: full-width digits and
//! punctuation folded, outer spaces trimmed, line breaks kept; dates typed
//! as dates (serial numbers) or as text in the usual spellings.

use chrono::{Duration, NaiveDate};

use super::number_format;
use super::workbook::Value;

/// A cell's text: trimmed (ideographic spaces too), `\r\n` as `\n`, and
/// nothing for an empty or blank cell. Numbers print as General shows
/// them (a phone number stored as a number has no decimals; 1.5E+300).
pub fn text(value: Option<&Value>) -> Option<String> {
    shown(value, None, false)
}

/// The same, a number shown with its cell's number format if it has one
/// (`0.00%`, `yyyy"年"m"月"d"日"`): what the form showed the liaison.
pub fn shown(value: Option<&Value>, format: Option<&str>, date1904: bool) -> Option<String> {
    let raw = match value? {
        Value::Text(s) => s.replace("\r\n", "\n").replace('\r', "\n"),
        Value::Number(n) => match format {
            Some(code) => number_format::format(*n, code, date1904),
            None => number_format::general(*n),
        },
        Value::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Value::Error(e) => e.clone(),
    };
    let trimmed = raw.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
    (!trimmed.is_empty()).then(|| trimmed.to_string())
}

/// Full-width ASCII (０-９, Ａ-Ｚ, －, ／, ．) as half-width, and the
/// ideographic space as a space: for dates, statuses and ids.
pub fn fold_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// A date cell: a serial number (1900 or 1904 system), or text such as
/// `2020-06-15`, `2020/6/15`, `2020.6.15` or `2020年6月15日`.
pub fn date(value: &Value, date1904: bool) -> Option<NaiveDate> {
    match value {
        Value::Number(n) => serial_date(*n, date1904),
        Value::Text(s) => text_date(s),
        _ => None,
    }
}

fn serial_date(serial: f64, date1904: bool) -> Option<NaiveDate> {
    if !serial.is_finite() || !(1.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    // Truncation to whole days is the point: a time of day is dropped.
    #[allow(clippy::cast_possible_truncation)]
    let days = serial.floor() as i64;
    let epoch = if date1904 {
        NaiveDate::from_ymd_opt(1904, 1, 1)?
    } else {
        // Excel counts 1900-02-29, which did not exist: day 60 and after
        // are one too many, so the epoch is 1899-12-30.
        NaiveDate::from_ymd_opt(1899, 12, 30)?
    };
    epoch.checked_add_signed(Duration::days(days))
}

fn text_date(text: &str) -> Option<NaiveDate> {
    let folded = fold_width(text);
    let folded = folded.trim();
    let folded = folded.strip_suffix('日').unwrap_or(folded);
    let parts: Vec<&str> = folded
        .split(['-', '/', '.', '年', '月'])
        .map(str::trim)
        .collect();
    let [y, m, d] = parts.as_slice() else {
        return None;
    };
    if y.len() != 4 || !(1..=2).contains(&m.len()) || !(1..=2).contains(&d.len()) {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn dates_in_every_spelling() {
        let want = Some(ymd(2020, 6, 15));
        for typed in [
            "2020-06-15",
            "2020/6/15",
            "2020.6.15",
            "2020年6月15日",
            "２０２０年６月１５日",
            " 2020-6-15 ",
        ] {
            assert_eq!(date(&Value::Text(typed.into()), false), want, "{typed}");
        }
        assert_eq!(date(&Value::Number(43997.0), false), want);
        assert_eq!(date(&Value::Number(43997.75), false), want);
        assert_eq!(date(&Value::Number(42535.0), true), want);
        for bad in ["2020-13-01", "20-6-15", "明天", "2020-06", "2020-02-30"] {
            assert_eq!(date(&Value::Text(bad.into()), false), None, "{bad}");
        }
        assert_eq!(date(&Value::Number(-3.0), false), None);
    }

    #[test]
    fn texts_are_trimmed_with_line_breaks_kept() {
        let cell = Value::Text("  完成方案\r\n开工建设　 ".into());
        assert_eq!(text(Some(&cell)).as_deref(), Some("完成方案\n开工建设"));
        assert_eq!(text(Some(&Value::Text(" \u{3000} ".into()))), None);
        assert_eq!(
            text(Some(&Value::Number(13800000000.0))).as_deref(),
            Some("13800000000")
        );
        assert_eq!(fold_width("已完成　２０２０"), "已完成 2020");
    }
}
