//! What a notice says about itself: its title, addressee, date and issuer,
//! the plan period, the document it implements, and the offices that
//! organise and supervise the work.

use chrono::NaiveDate;

use super::markers::{cjk_digits, cjk_number, digits};
use crate::model::{ParentDocument, Period};

/// Endings of a notice's title.
const TITLE_ENDINGS: [&str; 8] = [
    "通知", "方案", "意见", "计划", "决定", "通报", "任务", "分工",
];

/// Is this line the notice's title?
pub fn is_title(line: &str) -> bool {
    let ends = TITLE_ENDINGS.iter().any(|e| line.ends_with(e));
    let count = line.chars().count();
    (ends || line.contains("关于"))
        && (6..=120).contains(&count)
        && !line.ends_with('。')
        && !line.ends_with(':')
        && !line.ends_with('：')
}

/// `区级有关部门:` → 区级有关部门.
pub fn addressee(line: &str) -> Option<&str> {
    let name = line.strip_suffix(':').or_else(|| line.strip_suffix('：'))?;
    let count = name.chars().count();
    ((2..=40).contains(&count) && !name.contains('。')).then_some(name.trim())
}

/// A date line such as `2018年8月17日` or `二〇一八年八月十七日`.
pub fn date_line(line: &str) -> Option<NaiveDate> {
    let rest = line.trim();
    let (year, rest) = rest.split_once('年')?;
    let (month, rest) = rest.split_once('月')?;
    let (day, rest) = rest.split_once('日')?;
    if !rest.trim().is_empty() {
        return None;
    }
    let number = |s: &str| {
        let s = s.trim();
        digits(s).or_else(|| cjk_number(s))
    };
    let year = digits(year.trim()).or_else(|| cjk_digits(year.trim()))?;
    let year = i32::try_from(year)
        .ok()
        .filter(|y| (1900..=2200).contains(y))?;
    NaiveDate::from_ymd_opt(year, number(month)?, number(day)?)
}

/// Could this line be the issuer's signature above the date?
pub fn signature(line: &str) -> bool {
    let count = line.chars().count();
    (2..=40).contains(&count)
        && !line.is_ascii()
        && !line.chars().any(|c| "。，,：:；;".contains(c))
}

/// `(2018-2022年)` in a title: the first `YYYY-YYYY` with a dash-like
/// separator (`-` `—` `–` `－` `~` `～` `至` `到`).
pub fn period(text: &str) -> Option<Period> {
    let chars: Vec<char> = text.chars().collect();
    let year_at = |i: usize| -> Option<i32> {
        let run: String = chars.get(i..i + 4)?.iter().collect();
        let before = i.checked_sub(1).and_then(|j| chars.get(j));
        let after = chars.get(i + 4);
        let isolated = !before.is_some_and(|c| c.is_ascii_digit())
            && !after.is_some_and(|c| c.is_ascii_digit());
        let year = i32::try_from(digits(&run)?).ok()?;
        (isolated && (1900..=2200).contains(&year)).then_some(year)
    };
    for i in 0..chars.len() {
        let Some(start) = year_at(i) else { continue };
        let mut j = i + 4;
        while chars.get(j).is_some_and(|c| c.is_whitespace()) {
            j += 1;
        }
        if !chars.get(j).is_some_and(|c| "-—–－~～至到".contains(*c)) {
            continue;
        }
        j += 1;
        while chars.get(j).is_some_and(|c| c.is_whitespace() || *c == '—') {
            j += 1;
        }
        if let Some(end) = year_at(j).filter(|end| *end >= start) {
            return Some(Period { start, end });
        }
    }
    None
}

/// Words that lead up to the issuers of the document a notice implements.
const PARENT_TRIGGERS: [&str; 5] = ["按照", "根据", "依据", "贯彻落实", "落实"];

/// `按照重庆市人民政府、四川省人民政府《…》(渝府发〔2018〕24号)`: the
/// document the notice implements, if it is cited with its number.
pub fn parent(text: &str) -> Option<ParentDocument> {
    let mut search = 0;
    while let Some(offset) = text.get(search..)?.find('《') {
        let open = search + offset;
        let after_open = open + '《'.len_utf8();
        let close = after_open + text.get(after_open..)?.find('》')?;
        let title = text.get(after_open..close)?.trim();
        let after = text.get(close + '》'.len_utf8()..)?.trim_start();
        search = close;
        let opening = after.chars().next();
        if !matches!(opening, Some('(' | '（')) {
            continue;
        }
        let inner_start = opening.map_or(0, char::len_utf8);
        let Some(length) = after.get(inner_start..)?.find([')', '）']) else {
            continue;
        };
        let number = after.get(inner_start..inner_start + length)?.trim();
        if title.is_empty() || !is_document_number(number) {
            continue;
        }
        return Some(ParentDocument {
            title: title.to_string(),
            number: number.to_string(),
            issuers: issuers(text.get(..open).unwrap_or("")),
        });
    }
    None
}

/// 渝府发〔2018〕24号.
fn is_document_number(text: &str) -> bool {
    text.ends_with('号') && text.chars().count() <= 30 && text.contains(['〔', '[', '［', '【'])
}

/// The names just before a cited document, after 按照/根据….
fn issuers(before: &str) -> Vec<String> {
    let clause_start = before
        .char_indices()
        .rev()
        .find(|(_, c)| "，,。；;".contains(*c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let clause = before.get(clause_start..).unwrap_or("");
    let names = PARENT_TRIGGERS
        .iter()
        .filter_map(|t| clause.rfind(t).map(|i| i + t.len()))
        .max()
        .and_then(|i| clause.get(i..));
    let Some(names) = names else {
        return Vec::new();
    };
    names
        .split('、')
        .map(str::trim)
        .filter(|n| !n.is_empty() && n.chars().count() <= 30)
        .map(str::to_string)
        .collect()
}

/// Where a notice says the working group's office sits: `下设办公室在区发展改革委`,
/// `办公室设在区发展改革委`.
pub fn working_group_office(text: &str) -> Option<String> {
    const CUES: [&str; 5] = [
        "下设办公室在",
        "办公室设在",
        "办公室设于",
        "下设办公室于",
        "办公室在",
    ];
    CUES.iter().find_map(|cue| {
        let start = text.find(cue)? + cue.len();
        let rest = text.get(start..)?;
        let name: String = rest.chars().take_while(|c| !ends_name(*c)).collect();
        let name = name.strip_suffix('内').unwrap_or(&name).trim().to_string();
        ((2..=24).contains(&name.chars().count())).then_some(name)
    })
}

/// The supervision office: the name ending in 督查室 (or 督查办).
pub fn supervision_office(text: &str) -> Option<String> {
    const ENDINGS: [&str; 3] = ["督查室", "督查办", "督查处"];
    const LEADING_WORDS: [&str; 9] = ["由", "请", "并", "和", "及", "与", "会同", "要", "经"];
    ENDINGS.iter().find_map(|ending| {
        let end = text.find(ending)? + ending.len();
        let before = text.get(..end)?;
        let start = before
            .char_indices()
            .rev()
            .find(|(_, c)| ends_name(*c))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let mut name = before.get(start..)?.trim();
        while let Some(rest) = LEADING_WORDS.iter().find_map(|w| name.strip_prefix(w)) {
            name = rest;
        }
        ((3..=24).contains(&name.chars().count())).then(|| name.to_string())
    })
}

fn ends_name(c: char) -> bool {
    c.is_whitespace() || "，,。；;：:、（）()“”".contains(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_figures_and_in_words() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(date_line("2018年8月17日"), d(2018, 8, 17));
        assert_eq!(date_line("二〇一八年八月十七日"), d(2018, 8, 17));
        assert_eq!(date_line("２０１９年１２月３日"), d(2019, 12, 3));
        assert_eq!(date_line("2018年2月30日"), None);
        assert_eq!(date_line("2018年8月17日前完成"), None);
    }

    #[test]
    fn periods() {
        let p = |t: &str| period(t).map(|p| (p.start, p.end));
        assert_eq!(p("行动计划(2018-2022年)工作任务"), Some((2018, 2022)));
        assert_eq!(p("（2019—2023年）"), Some((2019, 2023)));
        assert_eq!(p("2020至2025年"), Some((2020, 2025)));
        assert_eq!(p("2018年8月17日"), None);
        assert_eq!(p("12018-2022"), None);
    }

    #[test]
    fn the_parent_document_and_its_issuers() {
        let text = "为加快推进建设,按照重庆市人民政府、四川省人民政府《深化川渝合作深入推动长江经济带发展行动计划(2018—2022年)》(渝府发〔2018〕24号)文件精神,经区政府同意";
        let parent = parent(text).unwrap();
        assert_eq!(
            parent.title,
            "深化川渝合作深入推动长江经济带发展行动计划(2018—2022年)"
        );
        assert_eq!(parent.number, "渝府发〔2018〕24号");
        assert_eq!(parent.issuers, ["重庆市人民政府", "四川省人民政府"]);
        assert!(super::parent("贯彻落实《成渝城市群发展规划》、促进").is_none());
        let full_width = super::parent(
            "为推进合作，根据甲办公厅、乙办公厅《方案》（渝府办发〔2020〕134号）精神",
        )
        .unwrap();
        assert_eq!(full_width.issuers, ["甲办公厅", "乙办公厅"]);
        assert_eq!(full_width.number, "渝府办发〔2020〕134号");
    }

    #[test]
    fn the_offices() {
        let text = "成立工作小组;下设办公室在区发展改革委,主要负责。区政府督查室要围绕重点工作开展督促检查";
        assert_eq!(working_group_office(text).as_deref(), Some("区发展改革委"));
        assert_eq!(supervision_office(text).as_deref(), Some("区政府督查室"));
        assert_eq!(
            supervision_office("由县政府督查室负责").as_deref(),
            Some("县政府督查室")
        );
        assert_eq!(working_group_office("没有办公室"), None);
    }
}
