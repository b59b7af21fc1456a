//! Stage 2 of [`parse_notice`](super::parse_notice): the body scan. The
//! lines after the head are read once, top to bottom: a line starting with
//! a chapter or section marker is a heading, one starting with an item
//! marker opens a numbered paragraph, and any other line continues the open
//! paragraph or, with none open, is stray text. A paragraph closes at the
//! next marker, at the signature, or once it ends with its department
//! bracket.

use super::markers::{self, MarkerKind};
use super::{clean, departments};

/// How far back from a paragraph's end a department bracket is looked for
/// while reading (it is looked for in full once the paragraph is complete).
const BRACKET_LOOKBACK: usize = 4096;

/// A heading as met in the text.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct ScannedHeading {
    pub kind: MarkerKind,
    pub number: u32,
    /// The marker as written, e.g. `(一)`.
    pub label: String,
    pub title: String,
    /// The chapter a section heading sits in (an index into
    /// [`Scan::headings`]); None for a chapter.
    pub chapter: Option<usize>,
    /// 1-based.
    pub line: usize,
}

/// A numbered paragraph as met in the text.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Paragraph {
    /// The heading it sits under (an index into [`Scan::headings`]).
    pub heading: Option<usize>,
    pub number: u32,
    /// The marker as written, e.g. `1、`.
    pub label: String,
    /// Its lines, the marker cut off the first.
    pub parts: Vec<String>,
    /// 1-based.
    pub line: usize,
}

/// A line of text outside any paragraph.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Stray {
    /// 1-based.
    pub line: usize,
    /// The heading it sits under (an index into [`Scan::headings`]).
    pub heading: Option<usize>,
    pub text: String,
}

/// What the body scan found, in the order of the text.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Scan {
    pub headings: Vec<ScannedHeading>,
    pub items: Vec<Paragraph>,
    pub stray: Vec<Stray>,
}

/// Scans the body: the raw lines from `body_start` (0-based) on, without
/// the `signature_lines` (0-based), which close any open paragraph. Every
/// line is cleaned of forum junk first, told the item number that would
/// come next.
pub(super) fn scan(raw: &[&str], body_start: usize, signature_lines: &[usize]) -> Scan {
    let mut scanner = Scanner::default();
    for (index, raw_line) in raw.iter().enumerate().skip(body_start) {
        if signature_lines.contains(&index) {
            scanner.open = None;
            continue;
        }
        scanner.line(index + 1, raw_line);
    }
    scanner.scan
}

/// The scan in progress.
#[derive(Default)]
struct Scanner {
    scan: Scan,
    /// The current chapter and heading (indices into `scan.headings`).
    chapter: Option<usize>,
    heading: Option<usize>,
    /// The paragraph still being read (an index into `scan.items`).
    open: Option<usize>,
    /// The number of the last item under the current heading.
    last_number: u32,
}

impl Scanner {
    /// Reads one raw line (`line` is 1-based).
    fn line(&mut self, line: usize, raw_line: &str) {
        let text = clean::clean_line(raw_line, self.last_number.checked_add(1));
        if text.is_empty() {
            return;
        }
        match markers::parse(&text) {
            Some(m) if m.kind != MarkerKind::Item => self.heading(&m, line),
            Some(m) => self.item(&m, line),
            None => match self.open.and_then(|i| self.scan.items.get_mut(i)) {
                Some(item) => item.parts.push(text),
                None => self.scan.stray.push(Stray {
                    line,
                    heading: self.heading,
                    text,
                }),
            },
        }
        // A task's paragraph ends with its department bracket.
        if let Some(item) = self.open.and_then(|i| self.scan.items.get(i)) {
            if paragraph_complete(&item.parts) {
                self.open = None;
            }
        }
    }

    /// A chapter or section heading: it closes the open paragraph and
    /// restarts the item numbering.
    fn heading(&mut self, m: &markers::Marker<'_>, line: usize) {
        self.open = None;
        self.last_number = 0;
        let chapter = if m.kind == MarkerKind::Chapter {
            None
        } else {
            self.chapter
        };
        self.scan.headings.push(ScannedHeading {
            kind: m.kind,
            number: m.number,
            label: m.label.to_string(),
            title: heading_title(m.rest),
            chapter,
            line,
        });
        let new = Some(self.scan.headings.len() - 1);
        if m.kind == MarkerKind::Chapter {
            self.chapter = new;
        }
        self.heading = new;
    }

    /// An item marker: a new paragraph under the current heading.
    fn item(&mut self, m: &markers::Marker<'_>, line: usize) {
        self.last_number = m.number;
        self.scan.items.push(Paragraph {
            heading: self.heading,
            number: m.number,
            label: m.label.to_string(),
            parts: vec![m.rest.to_string()],
            line,
        });
        self.open = Some(self.scan.items.len() - 1);
    }
}

/// A heading's title: the line after its number, up to a 。 (a heading
/// that is also a paragraph, 三(一)加强统筹协调指导。…), without a trailing
/// colon or comma.
fn heading_title(rest: &str) -> String {
    let title = rest.split('。').next().unwrap_or_default();
    title
        .trim_end_matches(|c: char| ":：,，;；".contains(c) || markers::is_blank(c))
        .trim()
        .to_string()
}

/// Has the paragraph read so far reached its department bracket? Only the
/// last [`BRACKET_LOOKBACK`] bytes or so of it are looked at.
fn paragraph_complete(parts: &[String]) -> bool {
    let ends_bracket = parts
        .last()
        .is_some_and(|p| p.trim_end_matches(['。', ' ']).ends_with([')', '）']));
    if !ends_bracket {
        return false;
    }
    let mut tail: Vec<&str> = Vec::new();
    let mut length = 0;
    for part in parts.iter().rev() {
        tail.push(part);
        length += part.len();
        if length > BRACKET_LOOKBACK {
            break;
        }
    }
    tail.reverse();
    let tail: Vec<String> = tail.into_iter().map(str::to_string).collect();
    departments::ends_with_bracket(&join_parts(&tail))
}

/// A wrapped paragraph, joined: Chinese lines join without a space; a space
/// goes back only between two ASCII words.
pub(super) fn join_parts(parts: &[String]) -> String {
    let mut out = String::new();
    for part in parts {
        let part = part.trim_matches(markers::is_blank);
        if part.is_empty() {
            continue;
        }
        let word_break = out.ends_with(|c: char| c.is_ascii_alphanumeric())
            && part.starts_with(|c: char| c.is_ascii_alphanumeric());
        if word_break {
            out.push(' ');
        }
        out.push_str(part);
    }
    out
}

/// The start of a paragraph, for a warning.
pub(super) fn excerpt(label: &str, parts: &[String]) -> String {
    let text = join_parts(parts);
    let short: String = text.chars().take(24).collect();
    let more = if text.chars().count() > 24 { "…" } else { "" };
    format!("{label}{short}{more}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan_text(text: &str) -> Scan {
        scan(&text.split('\n').collect::<Vec<_>>(), 0, &[])
    }

    fn parts(item: &Paragraph) -> Vec<&str> {
        item.parts.iter().map(String::as_str).collect()
    }

    #[test]
    fn headings_sit_in_their_chapter_and_items_under_their_heading() {
        let scan = scan_text(
            "一、总体要求\n二、主要任务：\n（一）生态环境。要做好\n1.任务甲。\n(2)任务乙。\n",
        );
        let headings: Vec<_> = scan
            .headings
            .iter()
            .map(|h| {
                (
                    h.kind,
                    h.number,
                    h.label.as_str(),
                    h.title.as_str(),
                    h.chapter,
                    h.line,
                )
            })
            .collect();
        assert_eq!(
            headings,
            [
                (MarkerKind::Chapter, 1, "一、", "总体要求", None, 1),
                (MarkerKind::Chapter, 2, "二、", "主要任务", None, 2),
                (MarkerKind::Section, 1, "（一）", "生态环境", Some(1), 3),
            ]
        );
        let items: Vec<_> = scan
            .items
            .iter()
            .map(|i| (i.heading, i.number, i.label.as_str(), parts(i), i.line))
            .collect();
        assert_eq!(
            items,
            [
                (Some(2), 1, "1.", vec!["任务甲。"], 4),
                (Some(2), 2, "(2)", vec!["任务乙。"], 5),
            ]
        );
        assert!(scan.stray.is_empty());
    }

    #[test]
    fn a_paragraph_continues_over_lines_until_its_bracket() {
        let scan = scan_text(
            "(一)甲\n1.加强保护。开展巡查\n，联合处置。\n（牵头单位：区环保局）\n这一行不属于任何任务。\n",
        );
        assert_eq!(scan.items.len(), 1);
        assert_eq!(
            parts(&scan.items[0]),
            [
                "加强保护。开展巡查",
                "，联合处置。",
                "（牵头单位：区环保局）"
            ]
        );
        assert_eq!(
            scan.stray,
            [Stray {
                line: 5,
                heading: Some(0),
                text: "这一行不属于任何任务。".to_string(),
            }]
        );
    }

    #[test]
    fn a_bracket_far_from_the_marker_still_closes_the_paragraph() {
        let long = "很长的任务内容。".repeat(300);
        assert!(long.len() > BRACKET_LOOKBACK);
        let text = format!("(一)甲\n1.任务。\n{long}\n{long}\n(牵头部门:区甲局)\n其他文字\n");
        let scan = scan_text(&text);
        assert_eq!(scan.items.len(), 1);
        assert_eq!(scan.items[0].parts.len(), 4);
        assert_eq!(scan.stray.len(), 1);
        assert_eq!(scan.stray[0].line, 6);
    }

    #[test]
    fn a_bracket_opened_beyond_the_lookback_does_not_close_the_paragraph() {
        let names = "区乙局、".repeat(400);
        assert!(names.len() > BRACKET_LOOKBACK);
        let text = format!("(一)甲\n1.任务。\n(牵头部门:区甲局、\n{names}\n区丙局)\n后续文字\n");
        let scan = scan_text(&text);
        assert_eq!(scan.items[0].parts.len(), 5);
        assert_eq!(scan.items[0].parts[4], "后续文字");
        assert!(scan.stray.is_empty());
    }

    #[test]
    fn a_bracket_inside_the_text_does_not_close_the_paragraph() {
        let scan = scan_text("(一)甲\n1.任务(试点)\n继续写。\n");
        assert_eq!(parts(&scan.items[0]), ["任务(试点)", "继续写。"]);
        assert!(scan.stray.is_empty());
    }

    #[test]
    fn the_signature_closes_the_paragraph_and_is_skipped() {
        let lines = [
            "标题的通知",
            "(一)甲",
            "1.任务。",
            "某某区人民政府",
            "2019年3月1日",
            "附件",
        ];
        let scan = scan(&lines, 1, &[4, 3]);
        assert_eq!(parts(&scan.items[0]), ["任务。"]);
        let stray: Vec<_> = scan
            .stray
            .iter()
            .map(|s| (s.line, s.text.as_str()))
            .collect();
        assert_eq!(stray, [(6, "附件")]);
    }

    #[test]
    fn text_before_any_heading_is_stray_under_no_heading() {
        let scan = scan_text("现通知如下\n\n");
        assert_eq!(
            scan.stray,
            [Stray {
                line: 1,
                heading: None,
                text: "现通知如下".to_string(),
            }]
        );
        assert!(scan.headings.is_empty() && scan.items.is_empty());
    }

    #[test]
    fn joined_lines_keep_a_space_only_between_ascii_words() {
        let parts = [
            "推进 5G".to_string(),
            "网络建设".to_string(),
            "x1".to_string(),
            "y2".to_string(),
        ];
        assert_eq!(join_parts(&parts), "推进 5G网络建设x1 y2");
        assert_eq!(excerpt("1.", &parts[..2]), "1.推进 5G网络建设");
        let long = ["一二三四五六七八九十一二三四五六七八九十一二三四五".to_string()];
        assert_eq!(
            excerpt("", &long),
            "一二三四五六七八九十一二三四五六七八九十一二三四…"
        );
    }
}
