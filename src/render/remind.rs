//! 催报 messages (`remind --format text`): one short message per unit,
//! under 300 characters, ready to paste into a phone message; and the
//! 催报通知 (`remind -o 催报通知.docx`), a one-page 公文 to the units.

use std::io::{self, Write};

use chrono::Datelike;

use super::docx::{chinese_date, Kind};
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
/// masthead, the title, the units addressed, one paragraph per unit with
/// its tasks (id and short title) and its liaison, the day to reply by,
/// the 落款 and the 版记. In Chinese whatever `--lang` says: it is the
/// office's own document.
pub fn notice_text(notice: &Notice) -> Vec<(Kind, String)> {
    let label = &notice.period.label;
    let units: Vec<&str> = notice
        .reminders
        .iter()
        .map(|r| r.department.as_str())
        .collect();
    // Short enough for one page: the title on one line, the opening on
    // two, the request on one.
    let mut out = vec![
        (Kind::Masthead, notice.issuer.clone()),
        (Kind::Title, format!("关于报送{label}进展的催报通知")),
        (Kind::Addressee, format!("{}：", units.join("、"))),
        (
            Kind::Body,
            format!(
                "截至{}，以下 {} 个单位尚未报送{label}工作任务进展情况（或部分任务尚未报送）：",
                chinese_date(notice.date),
                units.len()
            ),
        ),
    ];
    for (n, reminder) in notice.reminders.iter().enumerate() {
        let contact = reminder
            .contact
            .as_ref()
            .map(Contact::text)
            .filter(|t| !t.is_empty())
            .map(|t| format!("（联络员：{t}）"))
            .unwrap_or_default();
        let what = match reminder.owing {
            Owing::Unreported => "尚未报送",
            Owing::PartlyReported => "部分任务尚未报送",
        };
        let tasks: Vec<String> = reminder
            .tasks
            .iter()
            .map(|t| short_name(&t.id, &t.title))
            .collect();
        out.push((
            Kind::List,
            format!(
                "{}. {}{contact}：{what}，涉及 {}。",
                n + 1,
                reminder.department,
                tasks.join("、")
            ),
        ));
    }
    out.push((
        Kind::Body,
        format!(
            "请上述单位于{}前报送{}。",
            chinese_date(notice.deadline),
            notice.issuer
        ),
    ));
    let date = chinese_date(notice.date);
    out.push((Kind::Signature, notice.issuer.clone()));
    out.push((Kind::Signature, date.clone()));
    out.push((Kind::Printed, format!("{}\t{date}印发", notice.issuer)));
    out
}

/// The 催报通知 as a Word document, in the layout of the 通报.
pub fn docx(notice: &Notice) -> anyhow::Result<Vec<u8>> {
    super::docx::letter_document(notice_text(notice))
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
