//! 催报 messages (`remind --format text`): one short message per unit,
//! under 300 characters, ready to paste into a phone message; and the
//! 催报通知 (`remind -o 催报通知.docx`), a one-page 公文 to the units.

use std::io::{self, Write};

use chrono::Datelike;

use super::docx::{chinese_date, letter_document, lines_on_grid, Attached, Kind, LINES_A_PAGE};
use crate::model::Contact;
use crate::period::Period;
use crate::remind::{Notice, Owing, Reminder};
use crate::report::short_name;

/// The most characters a message may have (a phone message).
pub const MAX_CHARS: usize = 300;

/// A title cut to `max` characters, with "…" where cut.
fn short(title: &str, max: usize) -> String {
    if title.chars().count() <= max {
        return title.to_string();
    }
    let mut cut: String = title.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// One unit's message, in Chinese: the office's own words. Tasks are named
/// by id and title, titles shortened (then left out, then the list cut
/// with 等) until the message fits in `MAX_CHARS`.
pub fn message(reminder: &Reminder, period: &Period, office: &str) -> String {
    let contact = reminder
        .contact
        .as_ref()
        .map(|c| format!("（{}）", c.text()))
        .filter(|c| c != "（）")
        .unwrap_or_default();
    let what = match reminder.owing {
        Owing::Unreported => "任务进展尚未报送",
        Owing::PartlyReported => "以下任务尚未报送进展",
    };
    let d = reminder.deadline;
    let by = format!("{}年{}月{}日", d.year(), d.month(), d.day());
    let with = |tasks: String| {
        format!(
            "【催报】{}{contact}：{}{what}：{tasks}。请于{by}前报送{office}。",
            reminder.department, period.label
        )
    };
    let ids: Vec<&str> = reminder.tasks.iter().map(|t| t.id.as_str()).collect();
    for max in [20, 12, 8] {
        let named: Vec<String> = reminder
            .tasks
            .iter()
            .map(|t| format!("{} {}", t.id, short(&t.title, max)))
            .collect();
        let text = with(named.join("；"));
        if text.chars().count() <= MAX_CHARS {
            return text;
        }
    }
    let mut shown = ids.len();
    loop {
        let list = if shown == ids.len() {
            ids.join("、")
        } else {
            format!("{}等 {} 项", ids[..shown].join("、"), ids.len())
        };
        let text = with(list);
        if text.chars().count() <= MAX_CHARS || shown <= 1 {
            return text;
        }
        shown -= 1;
    }
}

/// Every message, separated by a blank line.
pub fn text(
    out: &mut dyn Write,
    reminders: &[Reminder],
    period: &Period,
    office: &str,
) -> io::Result<()> {
    for (i, reminder) in reminders.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        writeln!(out, "{}", message(reminder, period, office))?;
    }
    Ok(())
}

/// The 催报通知 as paragraphs of a 公文 (`docx::Kind`): the office's
/// masthead, the title, the units addressed (各有关单位 where they are
/// listed in the attachment), one paragraph per unit with
/// its tasks (id and short title) and its liaison — or, `attached`, a
/// line pointing to the attachment that lists them — the day to reply by,
/// the 落款 and the 版记. In Chinese whatever `--lang` says: it is the
/// office's own document.
pub fn notice_text(notice: &Notice, attached: bool) -> Vec<(Kind, String)> {
    let label = &notice.period.label;
    let units: Vec<&str> = notice
        .reminders
        .iter()
        .map(|r| r.department.as_str())
        .collect();
    let (n, date) = (units.len(), chinese_date(notice.date));
    // Short enough for one page: the title, the opening and the request
    // a line each (the title names the period).
    let mut out = vec![
        (Kind::Masthead, notice.issuer.clone()),
        (Kind::Title, format!("关于报送{label}进展的催报通知")),
    ];
    // Units too many to name on the page are named in the attachment.
    let addressed = if attached {
        "各有关单位".to_string()
    } else {
        units.join("、")
    };
    out.push((Kind::Addressee, format!("{addressed}：")));
    if attached {
        out.push((
            Kind::Body,
            format!("截至{date}，有 {n} 个单位尚未报送{label}工作任务进展情况（或部分任务尚未报送），名单、涉及任务和联络员见附件。"),
        ));
    } else {
        out.push((
            Kind::Body,
            format!("截至{date}，以下单位尚未报送本期进展："),
        ));
        for (i, reminder) in notice.reminders.iter().enumerate() {
            let contact = contact_text(reminder)
                .map(|t| format!("（联络员：{t}）"))
                .unwrap_or_default();
            out.push((
                Kind::List,
                format!(
                    "{}. {}{contact}：{}，涉及 {}。",
                    i + 1,
                    reminder.department,
                    owing_text(reminder.owing),
                    task_names(reminder).join("、")
                ),
            ));
        }
    }
    out.push((
        Kind::Body,
        format!(
            "请上述单位于{}前报送{}。",
            chinese_date(notice.deadline),
            notice.issuer
        ),
    ));
    if attached {
        out.push((
            Kind::Attachment,
            format!("附件：{}", attachment_title(notice)),
        ));
    }
    out.push((Kind::Signature, notice.issuer.clone()));
    out.push((Kind::Signature, date.clone()));
    out.push((Kind::Printed, format!("{}\t{date}印发", notice.issuer)));
    out
}

fn owing_text(owing: Owing) -> &'static str {
    match owing {
        Owing::Unreported => "尚未报送",
        Owing::PartlyReported => "部分任务尚未报送",
    }
}

fn contact_text(reminder: &Reminder) -> Option<String> {
    reminder
        .contact
        .as_ref()
        .map(Contact::text)
        .filter(|t| !t.is_empty())
}

/// The tasks a unit owes, by id and short title.
fn task_names(reminder: &Reminder) -> Vec<String> {
    reminder
        .tasks
        .iter()
        .map(|t| short_name(&t.id, &t.title))
        .collect()
}

fn attachment_title(notice: &Notice) -> String {
    format!("{}未报送单位及任务", notice.period.label)
}

/// The 催报通知 as a Word document, in the layout of the 通报: one page,
/// the units listed in it where they fit, else in an attachment (a table
/// of unit, what it owes, its tasks and its liaison).
pub fn docx(notice: &Notice) -> anyhow::Result<Vec<u8>> {
    let inline = notice_text(notice, false);
    if lines_on_grid(&inline) <= LINES_A_PAGE {
        return letter_document(inline, None);
    }
    let attached = Attached {
        title: attachment_title(notice),
        columns: vec![
            ("序号", 4),
            ("单位", 9),
            ("情况", 6),
            ("涉及任务", 16),
            ("联络员", 9),
        ],
        rows: notice
            .reminders
            .iter()
            .enumerate()
            .map(|(i, r)| {
                vec![
                    (i + 1).to_string(),
                    r.department.clone(),
                    owing_text(r.owing).to_string(),
                    task_names(r).join("\n"),
                    contact_text(r).unwrap_or_default(),
                ]
            })
            .collect(),
    };
    letter_document(notice_text(notice, true), Some(&attached))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::remind::OwedTask;
    use chrono::NaiveDate;

    #[test]
    fn a_long_list_is_shortened_to_fit_a_phone_message() {
        let tasks = (1..=120)
            .map(|n| OwedTask {
                id: format!("4.{n}"),
                title: "打造高端装备制造业集群并推动产业链上下游协同发展".to_string(),
            })
            .collect();
        let reminder = Reminder {
            department: "区经济信息委".into(),
            contact: None,
            owing: Owing::Unreported,
            tasks,
            deadline: NaiveDate::from_ymd_opt(2020, 7, 25).unwrap(),
        };
        let period = Period::parse("2020Q2").unwrap();
        let text = message(&reminder, &period, "区发展改革委");
        assert!(
            text.chars().count() <= MAX_CHARS,
            "{} chars: {text}",
            text.chars().count()
        );
        assert!(text.contains("等 120 项"), "{text}");
        assert!(
            text.ends_with("请于2020年7月25日前报送区发展改革委。"),
            "{text}"
        );
    }
}
