//! The 台账's columns: one typed list, in the office's order, that every
//! format draws the ledger from (terminal, Markdown, HTML, xlsx, docx),
//! and whose `key`s name the JSON fields that carry the same data.
//!
//! Each column has its header in each language, whether its text may wrap,
//! its width, and how its cell is drawn from a row of the report. Nothing
//! here decides a rule: the row already says what the report made of the
//! task (`crate::report::TaskLine`).

use chrono::NaiveDate;

use super::report::{light_text, status_text, Wrap};
use crate::i18n::{pick_in, Lang};
use crate::report::{Light, TaskLine};
use crate::tr_in;

/// One row of the ledger: its number (from 1) and the task's line.
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    pub number: usize,
    pub line: &'a TaskLine,
}

/// What a cell holds, for each format to draw its own way.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    /// Several entries, one a line (a line break where the format has
    /// one, `；` where it has not).
    Lines(Vec<String>),
    Number(usize),
    /// A deadline, with the original one where it was extended.
    Due {
        due: NaiveDate,
        original: Option<NaiveDate>,
    },
    /// The light and its reasons in words; no light for a carried-over task.
    Light(Option<Light>, String),
}

impl Value {
    /// The cell as one text, for the formats that draw text.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            Value::Text(text) | Value::Light(_, text) => text.clone(),
            Value::Lines(lines) => lines.join(pick_in(lang, "；", "; ")),
            Value::Number(n) => n.to_string(),
            Value::Due { due, original } => {
                let due = due.format("%Y-%m-%d");
                match original {
                    Some(original) => tr_in!(
                        lang,
                        "{due}（原定 {original}）",
                        "{due} (originally {original})"
                    ),
                    None => due.to_string(),
                }
            }
        }
    }

    /// The cell as text with its entries on lines of their own.
    pub fn multiline(&self, lang: Lang) -> String {
        match self {
            Value::Lines(lines) => lines.join("\n"),
            other => other.text(lang),
        }
    }

    /// The light of a light cell.
    pub fn light(&self) -> Option<Light> {
        match self {
            Value::Light(light, _) => *light,
            _ => None,
        }
    }
}

/// A column of the 台账.
pub struct Column {
    /// The JSON field of a task line (`report --format json`, `tasks[]`)
    /// that carries this column's data.
    pub key: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    pub wrap: Wrap,
    /// Left out of a table where every row's cell is empty.
    pub optional: bool,
    /// Width in tenths of a workbook's unit (a character of the default
    /// font); the Word table shares its width in the same proportions.
    pub width: u16,
    pub cell: fn(Row, Lang) -> Value,
}

impl Column {
    pub fn header(&self, lang: Lang) -> &'static str {
        pick_in(lang, self.zh, self.en)
    }
}

/// The column whose JSON field is `key`: for a layout that shows some of
/// the columns (the narrow terminal's summary), under the same headers.
pub fn column(key: &str) -> &'static Column {
    COLUMNS.iter().find(|c| c.key == key).unwrap_or(&COLUMNS[1])
}

impl std::fmt::Debug for Column {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Column").field("key", &self.key).finish()
    }
}

/// The 台账's columns, in the office's order: 序号 · 任务编号 · 任务内容 ·
/// 牵头单位 · 责任单位 · 完成时限 · 进展情况 · 存在问题 · 下步打算 ·
/// 配合单位进展 · 状态 · 预警.
pub const COLUMNS: [Column; 12] = [
    Column {
        key: "number",
        zh: "序号",
        en: "No.",
        wrap: Wrap::Never,
        optional: false,
        width: 60,
        cell: |row, _| Value::Number(row.number),
    },
    Column {
        key: "id",
        zh: "任务编号",
        en: "ID",
        wrap: Wrap::Never,
        optional: false,
        width: 85,
        cell: |row, _| Value::Text(row.line.task.id.clone()),
    },
    Column {
        key: "title",
        zh: "任务内容",
        en: "Task",
        wrap: Wrap::Text,
        optional: false,
        width: 190,
        cell: |row, _| Value::Text(row.line.task.title.clone()),
    },
    Column {
        key: "lead",
        zh: "牵头单位",
        en: "Lead",
        // Text, not a list: the names stay whole (they are kept words),
        // and a provisional mark may go to the next line.
        wrap: Wrap::Text,
        optional: false,
        width: 130,
        cell: |row, lang| {
            let task = &row.line.task;
            let mut lead = task.lead.join("、");
            if task.lead_provisional {
                lead.push_str(pick_in(lang, "【暂定】", " (provisional)"));
            }
            Value::Text(lead)
        },
    },
    Column {
        key: "responsible",
        zh: "责任单位",
        en: "Responsible",
        wrap: Wrap::Names,
        optional: false,
        width: 160,
        cell: |row, _| Value::Text(row.line.task.responsible.join("、")),
    },
    Column {
        key: "due",
        zh: "完成时限",
        en: "Due",
        wrap: Wrap::Text,
        optional: false,
        width: 200,
        cell: |row, _| {
            let line = row.line;
            let original = line.original_due();
            Value::Due {
                due: line.task.due,
                original: (original != line.task.due).then_some(original),
            }
        },
    },
    Column {
        key: "latest_progress",
        zh: "进展情况",
        en: "Progress",
        wrap: Wrap::Text,
        optional: false,
        width: 220,
        cell: |row, lang| {
            let text = row
                .line
                .latest_progress
                .as_ref()
                .filter(|p| !p.note.is_empty())
                .map(|p| {
                    let date = p.date.format("%Y-%m-%d");
                    tr_in!(lang, "{}（{}，{date}）", "{} ({}, {date})", p.note, p.by)
                })
                .unwrap_or_default();
            Value::Text(text)
        },
    },
    Column {
        key: "latest_progress.problems",
        zh: "存在问题",
        en: "Problems",
        wrap: Wrap::Text,
        optional: true,
        width: 140,
        cell: |row, _| {
            let latest = row.line.latest_progress.as_ref();
            Value::Text(latest.and_then(|p| p.problems.clone()).unwrap_or_default())
        },
    },
    Column {
        key: "latest_progress.next_steps",
        zh: "下步打算",
        en: "Next steps",
        wrap: Wrap::Text,
        optional: true,
        width: 140,
        cell: |row, _| {
            let latest = row.line.latest_progress.as_ref();
            Value::Text(
                latest
                    .and_then(|p| p.next_steps.clone())
                    .unwrap_or_default(),
            )
        },
    },
    Column {
        key: "support_progress",
        zh: "配合单位进展",
        en: "Supporting units' progress",
        wrap: Wrap::Text,
        optional: true,
        width: 170,
        cell: |row, lang| Value::Lines(support_lines(row.line, lang)),
    },
    Column {
        key: "status",
        zh: "状态",
        en: "Status",
        wrap: Wrap::Text,
        optional: false,
        width: 110,
        cell: |row, lang| Value::Text(status_text(row.line, lang)),
    },
    Column {
        key: "light",
        zh: "预警",
        en: "Alert",
        wrap: Wrap::Text,
        optional: false,
        width: 130,
        cell: |row, lang| {
            let line = row.line;
            Value::Light(
                (!line.carried_over).then_some(line.light),
                light_text(line, lang),
            )
        },
    },
];

/// Each supporting unit's latest entry, one a line: "区水务局：……（2020-06-20）",
/// with its problems and next steps where it gave them.
pub fn support_lines(line: &TaskLine, lang: Lang) -> Vec<String> {
    line.support_progress
        .iter()
        .map(|s| {
            let mut parts: Vec<String> = s.note.iter().cloned().collect();
            if let Some(p) = &s.problems {
                parts.push(tr_in!(lang, "存在问题：{p}", "problems: {p}"));
            }
            if let Some(n) = &s.next_steps {
                parts.push(tr_in!(lang, "下步打算：{n}", "next steps: {n}"));
            }
            let (dept, what, date) = (
                &s.department,
                parts.join(pick_in(lang, "；", "; ")),
                s.date.format("%Y-%m-%d"),
            );
            tr_in!(lang, "{dept}：{what}（{date}）", "{dept}: {what} ({date})")
        })
        .collect()
}

/// The cells of the rows, one vector per row, in `COLUMNS`' order.
pub fn cells<'a>(lines: impl Iterator<Item = &'a TaskLine>, lang: Lang) -> Vec<Vec<Value>> {
    lines
        .enumerate()
        .map(|(i, line)| {
            let row = Row {
                number: i + 1,
                line,
            };
            COLUMNS.iter().map(|c| (c.cell)(row, lang)).collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{generate, Names, Request};

    /// Each column's `key` names the field of a JSON task line that carries
    /// its data (序号 is the row's place, not a field).
    #[test]
    fn every_column_key_is_a_field_of_the_json_task_line() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tasks");
        let request = Request {
            as_of: NaiveDate::from_ymd_opt(2020, 6, 30).unwrap(),
            period: None,
            department: None,
            names: Names::Current,
            issuer: None,
            number: None,
            date: None,
            title: None,
            cc: None,
        };
        let report = generate(&dir, &request).unwrap().report;
        let json = serde_json::to_value(&report).unwrap();
        let line = &json["tasks"][0];
        for column in COLUMNS.iter().filter(|c| c.key != "number") {
            let (field, inner) = column.key.split_once('.').unwrap_or((column.key, ""));
            let value = line.get(field);
            assert!(value.is_some(), "no {field} in {line}");
            if !inner.is_empty() && !value.unwrap().is_null() {
                assert!(
                    value.unwrap().get(inner).is_some(),
                    "no {} in {line}",
                    column.key
                );
            }
        }
        assert_eq!(column("status").header(Lang::Zh), "状态");
    }
}
