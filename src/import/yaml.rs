//! The text of the files `import` writes besides task files: the plan file
//! and the department registry, in the layout of the bundled ones; and
//! whole-key edits of such a file that keep every other line as it is.

use chrono::NaiveDate;

use crate::canonical::scalar;
use crate::model::{Heading, ParentDocument, Period, Plan, PlanStatus};
use crate::tr;

/// A plan file's fields. Like [`Plan`], but the date may be unknown: it is
/// then written as `""` (the file does not validate until someone fills it).
#[derive(Debug, Clone)]
pub struct PlanDraft {
    pub title: String,
    pub issuer: String,
    pub date: Option<NaiveDate>,
    pub addressee: Option<String>,
    pub parent: Option<ParentDocument>,
    pub period: Period,
    pub status: PlanStatus,
    pub superseded_by: Option<String>,
    pub working_group_office: String,
    pub supervision_office: String,
    pub headings: Vec<Heading>,
}

/// The plan file's keys, in the order they are written.
pub const PLAN_KEYS: [&str; 11] = [
    "title",
    "issuer",
    "date",
    "addressee",
    "parent",
    "period",
    "status",
    "superseded_by",
    "working_group_office",
    "supervision_office",
    "headings",
];

impl PlanDraft {
    pub fn from_plan(plan: &Plan) -> PlanDraft {
        PlanDraft {
            title: plan.title.clone(),
            issuer: plan.issuer.clone(),
            date: Some(plan.date),
            addressee: plan.addressee.clone(),
            parent: plan.parent.clone(),
            period: plan.period.clone(),
            status: plan.status,
            superseded_by: plan.superseded_by.clone(),
            working_group_office: plan.working_group_office.clone(),
            supervision_office: plan.supervision_office.clone(),
            headings: plan.headings.clone(),
        }
    }

    /// The whole file.
    pub fn render(&self) -> String {
        let mut text = String::new();
        for key in PLAN_KEYS {
            for line in self.key_lines(key) {
                text.push_str(&line);
                text.push('\n');
            }
        }
        text
    }

    /// The lines of one top-level key (none for an absent optional key).
    pub fn key_lines(&self, key: &str) -> Vec<String> {
        let line = |value: &str| vec![format!("{key}: {}", scalar(value))];
        match key {
            "title" => line(&self.title),
            "issuer" => line(&self.issuer),
            "date" => match self.date {
                Some(date) => vec![format!("date: {}", date.format("%Y-%m-%d"))],
                None => vec!["date: \"\"".into()],
            },
            "addressee" => self.addressee.as_deref().map(line).unwrap_or_default(),
            "parent" => self.parent.as_ref().map(parent_lines).unwrap_or_default(),
            "period" => vec![
                "period:".into(),
                format!("  start: {}", self.period.start),
                format!("  end: {}", self.period.end),
            ],
            "status" => vec![format!("status: {}", status_key(self.status))],
            "superseded_by" => self.superseded_by.as_deref().map(line).unwrap_or_default(),
            "working_group_office" => line(&self.working_group_office),
            "supervision_office" => line(&self.supervision_office),
            "headings" => {
                if self.headings.is_empty() {
                    return vec!["headings: []".into()];
                }
                let mut lines = vec!["headings:".to_string()];
                for heading in &self.headings {
                    lines.push(format!("  - number: {}", heading.number));
                    if let Some(label) = &heading.label {
                        lines.push(format!("    label: {}", scalar(label)));
                    }
                    lines.push(format!("    title: {}", scalar(&heading.title)));
                }
                lines
            }
            _ => Vec::new(),
        }
    }
}

fn parent_lines(parent: &ParentDocument) -> Vec<String> {
    let mut lines = vec![
        "parent:".to_string(),
        format!("  title: {}", scalar(&parent.title)),
        format!("  number: {}", scalar(&parent.number)),
    ];
    if !parent.issuers.is_empty() {
        lines.push("  issuers:".into());
        lines.extend(
            parent
                .issuers
                .iter()
                .map(|i| format!("    - {}", scalar(i))),
        );
    }
    lines
}

fn status_key(status: PlanStatus) -> &'static str {
    match status {
        PlanStatus::Active => "active",
        PlanStatus::Ended => "ended",
        PlanStatus::Superseded => "superseded",
    }
}

/// A new registry listing `names` in order.
pub fn registry(names: &[String]) -> String {
    let mut text = String::from(
        "# 部门名录：cooptrack import 按通知中首次出现的顺序登记；机构更名后请在 former 中记录曾用名。\n",
    );
    if names.is_empty() {
        text.push_str("departments: []\n");
        return text;
    }
    text.push_str("departments:\n");
    for name in names {
        text.push_str(&format!("  - name: {}\n", scalar(name)));
    }
    text
}

/// `key` if the line starts a top-level `key:` entry.
fn top_level_key(line: &str) -> Option<&str> {
    let first = line.chars().next()?;
    if !(first.is_ascii_alphabetic() || first == '_') {
        return None;
    }
    let (key, after) = line.split_once(':')?;
    (key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && (after.is_empty() || after.starts_with([' ', '\t'])))
    .then_some(key)
}

/// Replaces the block of top-level `key` with `lines`, or removes it
/// (`lines` None). A missing key is inserted after the block of the first
/// of `after` present (else at the end). Every other line stays byte for
/// byte, line endings included. Refuses (Err) to drop comments that sit in
/// the block being replaced.
pub fn set_block(
    text: &str,
    key: &str,
    lines: Option<&[String]>,
    after: &[&str],
) -> Result<String, String> {
    let crlf = text.matches("\r\n").count() * 2 > text.matches('\n').count();
    let newline = if crlf { "\r\n" } else { "\n" };
    let final_newline = text.ends_with('\n') || text.is_empty();
    let mut rows: Vec<String> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l).to_string())
        .collect();
    if text.ends_with('\n') {
        rows.pop();
    }
    let span = |rows: &[String], key: &str| -> Option<(usize, usize)> {
        let start = rows.iter().position(|l| top_level_key(l) == Some(key))?;
        let next = rows
            .iter()
            .skip(start + 1)
            .position(|l| top_level_key(l).is_some())
            .map_or(rows.len(), |i| start + 1 + i);
        let mut end = next;
        while end > start + 1 {
            let l = rows.get(end - 1).map_or("", |l| l.trim_end());
            if l.is_empty() || l.starts_with('#') {
                end -= 1;
            } else {
                break;
            }
        }
        Some((start, end))
    };
    let new_rows: Vec<String> = lines.map(<[String]>::to_vec).unwrap_or_default();
    match span(&rows, key) {
        Some((start, end)) => {
            let block = rows.get(start..end).unwrap_or_default();
            let commented = block.iter().enumerate().any(|(i, l)| {
                let t = l.trim_start();
                t.starts_with('#') || (i == 0 && t.contains(" #"))
            });
            if commented && lines.is_some() {
                return Err(tr!(
                    "“{key}”中有注释，自动修改会丢失注释",
                    "“{key}” has comments, which an automatic edit would lose"
                ));
            }
            rows.splice(start..end, new_rows);
        }
        None if new_rows.is_empty() => {}
        None => {
            let at = after
                .iter()
                .find_map(|k| span(&rows, k))
                .map_or(rows.len(), |(_, end)| end);
            rows.splice(at..at, new_rows);
        }
    }
    let mut out = rows.join(newline);
    if final_newline {
        out.push_str(newline);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_replaced_inserted_and_removed() {
        let text = "# 头\ntitle: A\nparent:\n  title: P\n\n# 下一项\nperiod:\n  start: 1\n";
        let replaced = set_block(text, "parent", Some(&["parent: x".into()]), &[]).unwrap();
        assert_eq!(
            replaced,
            "# 头\ntitle: A\nparent: x\n\n# 下一项\nperiod:\n  start: 1\n"
        );
        let inserted = set_block(text, "issuer", Some(&["issuer: B".into()]), &["title"]).unwrap();
        assert!(inserted.starts_with("# 头\ntitle: A\nissuer: B\nparent:"));
        let removed = set_block(text, "parent", None, &[]).unwrap();
        assert_eq!(removed, "# 头\ntitle: A\n\n# 下一项\nperiod:\n  start: 1\n");
        let crlf = set_block("a: 1\r\nb: 2\r\n", "a", Some(&["a: 3".into()]), &[]).unwrap();
        assert_eq!(crlf, "a: 3\r\nb: 2\r\n");
        assert!(set_block("a: 1 # 注\n", "a", Some(&["a: 2".into()]), &[]).is_err());
    }
}
