//! Stage 3 of [`parse_notice`](super::parse_notice): heading
//! classification. Which headings are task headings: those of the chapter
//! whose title names the tasks (二、主要工作任务) and that holds numbered
//! paragraphs; without such a chapter, whichever headings hold numbered
//! paragraphs. Each numbered paragraph is then placed in its section (the
//! number of its heading) or set aside with a warning, and two task
//! headings with the same number are reported.

use std::collections::{HashMap, HashSet};

use super::markers::MarkerKind;
use super::scan::{excerpt, Paragraph, Scan, ScannedHeading, Stray};
use super::{NoticeHeading, Warning, WarningKind};
use crate::tr;

/// The part of the notice that holds the tasks.
#[derive(Debug)]
pub(super) struct TaskPart {
    /// Per heading: its chapter (itself, for a chapter).
    chapter_of: Vec<Option<usize>>,
    /// Per heading: how many numbered paragraphs sit directly under it.
    item_count: Vec<usize>,
    /// The chapters that name the tasks and hold numbered paragraphs.
    task_chapters: HashSet<usize>,
}

impl TaskPart {
    /// Finds the task part among the scanned headings and paragraphs.
    pub(super) fn new(scan: &Scan) -> TaskPart {
        let chapter_of: Vec<Option<usize>> = scan
            .headings
            .iter()
            .enumerate()
            .map(|(h, x)| match x.kind {
                MarkerKind::Chapter => Some(h),
                _ => x.chapter,
            })
            .collect();
        let mut item_count = vec![0usize; scan.headings.len()];
        for h in scan.items.iter().filter_map(|it| it.heading) {
            if let Some(count) = item_count.get_mut(h) {
                *count += 1;
            }
        }
        // Chapters that hold numbered paragraphs, directly or under a heading.
        let chapters_with_items: HashSet<usize> = (0..scan.headings.len())
            .filter(|&h| item_count.get(h).is_some_and(|c| *c > 0))
            .filter_map(|h| chapter_of.get(h).copied().flatten())
            .collect();
        let task_chapters = scan
            .headings
            .iter()
            .enumerate()
            .filter(|(i, h)| {
                h.kind == MarkerKind::Chapter
                    && h.title.contains("任务")
                    && chapters_with_items.contains(i)
            })
            .map(|(i, _)| i)
            .collect();
        TaskPart {
            chapter_of,
            item_count,
            task_chapters,
        }
    }

    /// Does the heading (an index into [`Scan::headings`]) hold numbered
    /// paragraphs directly?
    pub(super) fn has_items(&self, h: usize) -> bool {
        self.item_count.get(h).is_some_and(|c| *c > 0)
    }

    /// The chapter a heading sits in: itself for a chapter.
    fn chapter_of(&self, h: usize) -> Option<usize> {
        self.chapter_of.get(h).copied().flatten()
    }

    /// Is the heading in the task part? Every heading is when no chapter
    /// names the tasks.
    pub(super) fn contains(&self, h: usize) -> bool {
        self.task_chapters.is_empty()
            || self
                .chapter_of(h)
                .is_some_and(|c| self.task_chapters.contains(&c))
    }
}

/// A numbered paragraph placed in its section.
#[derive(Debug)]
pub(super) struct Placed<'s> {
    pub section: u32,
    /// The section's title (empty for a notice without headings).
    pub heading: String,
    pub item: &'s Paragraph,
}

/// What the classification decided.
#[derive(Debug, Default)]
pub(super) struct Classified<'s> {
    /// The task headings, in the order of their first paragraph.
    pub headings: Vec<NoticeHeading>,
    /// The numbered paragraphs that are tasks, in order.
    pub tasks: Vec<Placed<'s>>,
    /// The stray text inside the task part: under a task heading that
    /// holds numbered paragraphs.
    pub stray: Vec<&'s Stray>,
    /// Paragraphs set aside, a notice without headings, duplicate heading
    /// numbers.
    pub warnings: Vec<Warning>,
}

/// Classifies the headings of a scan and places its numbered paragraphs.
pub(super) fn classify(scan: &Scan) -> Classified<'_> {
    let part = TaskPart::new(scan);
    let mut placer = Placer {
        scan,
        part: &part,
        classified: Classified::default(),
        listed: HashSet::new(),
        seen_sections: HashMap::new(),
    };
    for item in &scan.items {
        placer.place(item);
    }
    let mut classified = placer.classified;
    classified.stray = scan
        .stray
        .iter()
        .filter(|s| {
            s.heading
                .is_some_and(|h| part.has_items(h) && part.contains(h))
        })
        .collect();
    classified
}

/// The placing in progress.
struct Placer<'s, 'p> {
    scan: &'s Scan,
    part: &'p TaskPart,
    classified: Classified<'s>,
    /// The headings already listed as task headings.
    listed: HashSet<usize>,
    /// The line of the first task heading with each number.
    seen_sections: HashMap<u32, usize>,
}

impl<'s> Placer<'s, '_> {
    /// Places one paragraph: in its heading's section, in section 1 of a
    /// notice without headings, or nowhere (a warning).
    fn place(&mut self, item: &'s Paragraph) {
        let heading = item
            .heading
            .and_then(|h| self.scan.headings.get(h).map(|x| (h, x)));
        let (section, title) = match heading {
            None if self.scan.headings.is_empty() => {
                if self.classified.headings.is_empty() {
                    self.warn(Some(item.line), WarningKind::Note, no_headings());
                    self.classified.headings.push(NoticeHeading {
                        number: 1,
                        label: None,
                        title: String::new(),
                        line: item.line,
                    });
                }
                (1, String::new())
            }
            None => {
                let message = tr!(
                    "编号段落“{}”出现在任何标题之前，未作为任务导入",
                    "the numbered paragraph “{}” comes before any heading, so it was not imported as a task",
                    excerpt(&item.label, &item.parts)
                );
                return self.warn(Some(item.line), WarningKind::Skipped, message);
            }
            Some((h, _)) if !self.part.contains(h) => {
                let chapter = self
                    .part
                    .chapter_of(h)
                    .and_then(|c| self.scan.headings.get(c));
                let message = outside_the_task_part(item, chapter);
                return self.warn(Some(item.line), WarningKind::Skipped, message);
            }
            Some((h, x)) => {
                if self.listed.insert(h) {
                    self.list(x);
                }
                (x.number, x.title.clone())
            }
        };
        self.classified.tasks.push(Placed {
            section,
            heading: title,
            item,
        });
    }

    /// Lists a task heading, reporting a number already taken.
    fn list(&mut self, x: &ScannedHeading) {
        if let Some(first) = self.seen_sections.get(&x.number) {
            let message = tr!(
                "篇章标题“{}{}”的编号与第 {first} 行的篇章重复",
                "the section heading “{}{}” has the same number as the section on line {first}",
                x.label,
                x.title
            );
            self.warn(Some(x.line), WarningKind::Duplicate, message);
        }
        self.seen_sections.entry(x.number).or_insert(x.line);
        self.classified.headings.push(NoticeHeading {
            number: x.number,
            label: Some(x.label.clone()),
            title: x.title.clone(),
            line: x.line,
        });
    }

    fn warn(&mut self, line: Option<usize>, kind: WarningKind, message: String) {
        self.classified
            .warnings
            .push(Warning::new(line, kind, message));
    }
}

/// The note on a notice whose tasks sit under no heading.
fn no_headings() -> String {
    crate::i18n::pick(
        "通知中没有篇章标题：任务归入第 1 篇章（标题为空，请在 plan.yaml 中填写）",
        "the notice has no section headings: its tasks go under section 1 (with an empty title; fill it in in plan.yaml)",
    )
    .into()
}

/// The warning on a numbered paragraph outside the task part, naming the
/// chapter it is in.
fn outside_the_task_part(item: &Paragraph, chapter: Option<&ScannedHeading>) -> String {
    let within = chapter
        .map(|c| format!("“{}{}”", c.label, c.title))
        .unwrap_or_default();
    match crate::i18n::current() {
        crate::i18n::Lang::Zh => format!(
            "编号段落“{}”在{within}中，不属于任务部分，未作为任务导入",
            excerpt(&item.label, &item.parts)
        ),
        crate::i18n::Lang::En => format!(
            "the numbered paragraph “{}” is{} outside the tasks part, so it was not imported as a task",
            excerpt(&item.label, &item.parts),
            if within.is_empty() {
                String::new()
            } else {
                format!(" in {within},")
            }
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::super::scan::scan;
    use super::*;

    fn scanned(text: &str) -> Scan {
        scan(&text.split('\n').collect::<Vec<_>>(), 0, &[])
    }

    /// (section, heading, item number) of each task.
    fn tasks<'a>(classified: &'a Classified<'_>) -> Vec<(u32, &'a str, u32)> {
        classified
            .tasks
            .iter()
            .map(|t| (t.section, t.heading.as_str(), t.item.number))
            .collect()
    }

    fn warnings<'a>(classified: &'a Classified<'_>) -> Vec<(Option<usize>, WarningKind, &'a str)> {
        classified
            .warnings
            .iter()
            .map(|w| (w.line, w.kind, w.message.as_str()))
            .collect()
    }

    #[test]
    fn only_the_chapter_that_names_the_tasks_holds_tasks() {
        let scan = scanned(
            "一、总体要求\n1.坚持统筹。\n二、主要工作任务\n(一)生态\n1.治水。\n(二)交通\n1.修路。\n三、保障措施\n(一)加强领导\n1.落实责任。\n",
        );
        let classified = classify(&scan);
        assert_eq!(tasks(&classified), [(1, "生态", 1), (2, "交通", 1)]);
        let headings: Vec<_> = classified
            .headings
            .iter()
            .map(|h| (h.number, h.label.as_deref(), h.title.as_str(), h.line))
            .collect();
        assert_eq!(
            headings,
            [(1, Some("(一)"), "生态", 4), (2, Some("(二)"), "交通", 6)]
        );
        assert_eq!(
            warnings(&classified),
            [
                (
                    Some(2),
                    WarningKind::Skipped,
                    "编号段落“1.坚持统筹。”在“一、总体要求”中，不属于任务部分，未作为任务导入"
                ),
                (
                    Some(10),
                    WarningKind::Skipped,
                    "编号段落“1.落实责任。”在“三、保障措施”中，不属于任务部分，未作为任务导入"
                ),
            ]
        );
    }

    #[test]
    fn without_a_task_chapter_every_heading_with_paragraphs_holds_tasks() {
        let scan =
            scanned("一、生态保护\n1.治水。\n二、交通建设\n(一)公路\n1.修路。\n(二)空的标题\n");
        let part = TaskPart::new(&scan);
        assert!(part.contains(0) && part.contains(2) && part.contains(3));
        assert!(part.has_items(0) && !part.has_items(1) && part.has_items(2));
        let classified = classify(&scan);
        assert_eq!(tasks(&classified), [(1, "生态保护", 1), (1, "公路", 1)]);
        let numbers: Vec<_> = classified.headings.iter().map(|h| h.number).collect();
        assert_eq!(numbers, [1, 1]);
        // Two task headings numbered 1, from different chapters.
        assert_eq!(
            warnings(&classified),
            [(
                Some(4),
                WarningKind::Duplicate,
                "篇章标题“(一)公路”的编号与第 1 行的篇章重复"
            )]
        );
    }

    #[test]
    fn a_task_chapter_without_paragraphs_does_not_count() {
        let scan = scanned("一、主要任务\n二、生态\n1.治水。\n");
        let classified = classify(&scan);
        assert_eq!(tasks(&classified), [(2, "生态", 1)]);
        assert!(classified.warnings.is_empty());
    }

    #[test]
    fn a_notice_without_headings_has_one_untitled_section() {
        let scan = scanned("1.治水。\n2.修路。\n");
        let classified = classify(&scan);
        assert_eq!(tasks(&classified), [(1, "", 1), (1, "", 2)]);
        assert_eq!(
            classified.headings,
            [NoticeHeading {
                number: 1,
                label: None,
                title: String::new(),
                line: 1,
            }]
        );
        let kinds: Vec<_> = classified
            .warnings
            .iter()
            .map(|w| (w.line, w.kind))
            .collect();
        assert_eq!(kinds, [(Some(1), WarningKind::Note)]);
    }

    #[test]
    fn a_paragraph_before_the_first_heading_is_set_aside() {
        let scan = scanned("1.前言。\n(一)生态\n1.治水。\n");
        let classified = classify(&scan);
        assert_eq!(tasks(&classified), [(1, "生态", 1)]);
        assert_eq!(
            warnings(&classified),
            [(
                Some(1),
                WarningKind::Skipped,
                "编号段落“1.前言。”出现在任何标题之前，未作为任务导入"
            )]
        );
    }

    #[test]
    fn stray_text_counts_only_under_a_task_heading_with_paragraphs() {
        let scan = scanned(
            "一、总体要求\n总的说明。\n二、主要任务\n(一)生态\n1.治水。(牵头部门:区水务局)\n多出的一句。\n(二)交通\n只是说明。\n",
        );
        let classified = classify(&scan);
        let stray: Vec<_> = classified
            .stray
            .iter()
            .map(|s| (s.line, s.text.as_str()))
            .collect();
        assert_eq!(stray, [(6, "多出的一句。")]);
    }
}
