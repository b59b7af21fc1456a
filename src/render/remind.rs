//! 催报 messages (`remind --format text`): one short message per unit,
//! under 300 characters, ready to paste into a phone message.

use std::io::{self, Write};

use chrono::Datelike;

use crate::period::Period;
use crate::remind::{Owing, Reminder};

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
        .map(|c| {
            let parts: Vec<&str> = [c.name.as_deref(), c.phone.as_deref()]
                .into_iter()
                .flatten()
                .collect();
            format!("（{}）", parts.join(" "))
        })
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
