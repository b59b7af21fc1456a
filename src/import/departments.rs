//! The department bracket after a task: `(牵头部门:区环保局,责任部门:区农委、区水务局)`,
//! `（牵头单位：区科委；配合单位：区农委）`, `(区环保局、区水务局牵头,区农委配合)`, or
//! the same as an unbracketed last sentence (`区环保局牵头，区农委配合。`).

use std::collections::HashSet;

use super::clean::bracket_depth;

/// The departments a task names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Departments {
    pub lead: Vec<String>,
    /// The word the source used for the lead where it is not 牵头部门
    /// (牵头单位). A trailing `X牵头` has no label.
    pub lead_label: Option<String>,
    pub responsible: Vec<String>,
}

/// The label the model assumes when `lead_label` is absent.
const DEFAULT_LEAD_LABEL: &str = "牵头部门";

/// Words that mark a list of supporting departments.
const SUPPORT_WORDS: [&str; 5] = ["责任", "配合", "协办", "参与", "协同"];

/// A department name is a short run of text without sentence punctuation.
const MAX_NAME_CHARS: usize = 24;

/// Splits a task paragraph into its text and its departments. Without a
/// department bracket (or sentence), the whole paragraph is text.
pub fn split_off(paragraph: &str) -> (String, Option<Departments>) {
    let trimmed = paragraph.trim_end_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
    let body = trimmed.trim_end_matches(|c: char| c == '。' || c.is_whitespace());
    if let Some((open, inner)) = trailing_bracket(body) {
        if let Some(departments) = parse(inner, false) {
            let text = body.get(..open).unwrap_or("").trim_end();
            return (text.to_string(), Some(departments));
        }
    }
    // `……。区环保局牵头，区农委配合。`: the last sentence, strictly.
    if let Some(stop) = body.rfind('。') {
        let sentence = body.get(stop + '。'.len_utf8()..).unwrap_or("");
        if let Some(departments) = parse(sentence, true) {
            let text = body.get(..stop + '。'.len_utf8()).unwrap_or("");
            return (text.to_string(), Some(departments));
        }
    }
    (trimmed.to_string(), None)
}

/// Does the paragraph end with a complete department bracket? (A task's
/// paragraph ends there: what follows is not part of it.)
pub fn ends_with_bracket(paragraph: &str) -> bool {
    let body = paragraph.trim_end_matches(|c: char| c == '。' || c.is_whitespace());
    trailing_bracket(body).is_some_and(|(_, inner)| parse(inner, false).is_some())
}

/// The bracket that closes `text`: its opening byte index and its inside.
fn trailing_bracket(text: &str) -> Option<(usize, &str)> {
    let last = text.chars().last()?;
    if last != ')' && last != '）' {
        return None;
    }
    let end = text.len() - last.len_utf8();
    let mut depth = 0usize;
    for (index, c) in text.get(..end)?.char_indices().rev() {
        match c {
            ')' | '）' => depth += 1,
            '(' | '（' if depth == 0 => {
                let inner = text.get(index + c.len_utf8()..end)?;
                return Some((index, inner));
            }
            '(' | '（' => depth -= 1,
            _ => {}
        }
    }
    None
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum List {
    Lead,
    Responsible,
}

/// Parses the inside of a department bracket. `strict` (for an unbracketed
/// sentence) accepts only clauses that are all department lists and names
/// that look like names. Returns None if this is not a department list.
fn parse(inner: &str, strict: bool) -> Option<Departments> {
    let mut found = Departments::default();
    // Names already in each list: a set, so that a bracket naming 20 000
    // departments is read in linear time.
    let mut seen: [HashSet<String>; 2] = Default::default();
    let mut current: Option<List> = None;
    let mut recognised = false;
    for clause in clauses(inner) {
        let clause = clause.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
        if clause.is_empty() {
            continue;
        }
        let (list, names) = if let Some((label, names)) = labelled(clause) {
            if label.contains("牵头") {
                if label != DEFAULT_LEAD_LABEL && found.lead_label.is_none() {
                    found.lead_label = Some(label.to_string());
                }
                (List::Lead, names)
            } else if SUPPORT_WORDS.iter().any(|w| label.contains(w)) {
                (List::Responsible, names)
            } else {
                return None;
            }
        } else if let Some(names) = clause.strip_suffix("牵头") {
            (List::Lead, names.strip_suffix("共同").unwrap_or(names))
        } else if let Some(names) = ["配合", "参与", "协办"]
            .iter()
            .find_map(|w| clause.strip_suffix(w))
        {
            (List::Responsible, names)
        } else if let (Some(list), false) = (current, strict) {
            // `责任部门:区农委,区水务局`: a comma inside a list.
            (list, clause)
        } else {
            return None;
        };
        recognised = true;
        current = Some(list);
        let names = split_names(names);
        if strict && (names.is_empty() || !names.iter().all(|n| looks_like_name(n))) {
            return None;
        }
        let (target, seen) = match list {
            List::Lead => (&mut found.lead, &mut seen[0]),
            List::Responsible => (&mut found.responsible, &mut seen[1]),
        };
        for name in names {
            if seen.insert(name.clone()) {
                target.push(name);
            }
        }
    }
    if !recognised || (strict && found.lead.is_empty()) {
        return None;
    }
    Some(found)
}

/// `label:names` with an ASCII or full-width colon, if the label is a word.
fn labelled(clause: &str) -> Option<(&str, &str)> {
    let (index, colon) = clause
        .char_indices()
        .find(|(_, c)| *c == ':' || *c == '：')?;
    let label = clause.get(..index)?.trim();
    let names = clause.get(index + colon.len_utf8()..)?;
    let is_label = !label.is_empty()
        && label.chars().count() <= 6
        && label.chars().all(|c| !c.is_ascii() && !is_punctuation(c));
    is_label.then_some((label, names))
}

/// Clauses separated by `,` `，` `;` `；` outside nested brackets.
fn clauses(inner: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut depth = 0usize;
    for (index, c) in inner.char_indices() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth = depth.saturating_sub(1),
            ',' | '，' | ';' | '；' if depth == 0 => {
                out.push(inner.get(start..index).unwrap_or(""));
                start = index + c.len_utf8();
            }
            _ => {}
        }
    }
    out.push(inner.get(start..).unwrap_or(""));
    out
}

/// Names separated by 、, without blanks, a trailing 等, or 无.
fn split_names(names: &str) -> Vec<String> {
    names
        .split('、')
        .map(|n| n.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}'))
        .map(|n| n.strip_suffix('等').unwrap_or(n))
        .filter(|n| !n.is_empty() && *n != "无" && *n != "暂无")
        .map(str::to_string)
        .collect()
}

/// Words a sentence starts with that a department name does not.
const NOT_A_NAME_START: [&str; 8] = ["由", "请", "并", "要", "将", "经", "会同", "在"];

fn looks_like_name(name: &str) -> bool {
    let count = name.chars().count();
    (2..=MAX_NAME_CHARS).contains(&count)
        && !NOT_A_NAME_START.iter().any(|w| name.starts_with(w))
        && !name.chars().any(|c| c.is_whitespace() || is_punctuation(c))
        && bracket_depth(name) == 0
}

fn is_punctuation(c: char) -> bool {
    "。，,；;：:！!？?“”\"'《》".contains(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depts(lead: &[&str], label: Option<&str>, responsible: &[&str]) -> Option<Departments> {
        Some(Departments {
            lead: lead.iter().map(|s| s.to_string()).collect(),
            lead_label: label.map(str::to_string),
            responsible: responsible.iter().map(|s| s.to_string()).collect(),
        })
    }

    #[test]
    fn the_bundled_notices_brackets() {
        let (text, found) = split_off(
            "加强。建设,推动工业(化工)污染。(牵头部门:区环保局,责任部门:区农委、区水务局)",
        );
        assert_eq!(text, "加强。建设,推动工业(化工)污染。");
        assert_eq!(found, depts(&["区环保局"], None, &["区农委", "区水务局"]));
        let (_, found) = split_off("x。(牵头单位:区科委,责任部门:区农委)");
        assert_eq!(found, depts(&["区科委"], Some("牵头单位"), &["区农委"]));
        let (_, found) = split_off("x。(牵头部门:区教委、区卫生计生委)");
        assert_eq!(found, depts(&["区教委", "区卫生计生委"], None, &[]));
    }

    #[test]
    fn full_width_and_other_labels() {
        let (text, found) = split_off("建设。（牵头单位：区环保局；配合单位：区农委，区水务局）。");
        assert_eq!(text, "建设。");
        assert_eq!(
            found,
            depts(&["区环保局"], Some("牵头单位"), &["区农委", "区水务局"])
        );
        let (_, found) = split_off("建设。（区环保局、区水务局牵头，区农委配合）");
        assert_eq!(found, depts(&["区环保局", "区水务局"], None, &["区农委"]));
        let (_, found) = split_off("建设。（责任单位：区交委）");
        assert_eq!(found, depts(&[], None, &["区交委"]));
        let (text, found) = split_off("建设。区环保局牵头，配合部门：区农委。");
        assert_eq!(text, "建设。");
        assert_eq!(found, depts(&["区环保局"], None, &["区农委"]));
    }

    #[test]
    fn brackets_that_are_not_departments_stay_text() {
        for paragraph in [
            "推动工业(化工)污染。",
            "建设(2018-2022年)",
            "由区发展改革委牵头组织实施。",
            "会议。由区政府牵头。",
            "建设。这是一个很长的句子并且以牵头结尾但不是部门的名字而是一整句话牵头",
            "x。(说明:无)",
            "",
            ")",
            "((",
        ] {
            let (text, found) = split_off(paragraph);
            assert_eq!(found, None, "{paragraph}");
            assert_eq!(text, paragraph.trim_end());
        }
    }
}
