//! A three-way merge of one task file, for git's merge driver.
//!
//! Progress entries and extensions are logs: both sides' new entries are
//! kept, in date order (file order breaking ties), an entry on both sides
//! once, and an entry one side removed stays removed. Every other field
//! takes the side that changed it; a field both sides changed differently
//! is a conflict, written between standard markers around that field's
//! lines only. The result is made from our side's text through the one
//! edit path, so comments and untouched lines stay, and it must pass the
//! per-file rules; anything else is a conflict, never a broken file.

use std::path::Path;

use serde_yaml::{Mapping, Value};

use crate::edit::lines::Document;
use crate::edit::{self, Layout, TaskCheck};
use crate::model::Task;
use crate::tr;
use crate::validate::Rules;

/// The merge, or why there is none.
#[derive(Debug)]
pub enum Outcome {
    /// Merged without conflict: the text to write.
    Clean(String),
    /// The text with conflict markers, and the fields in conflict.
    Conflict { text: String, fields: Vec<String> },
    /// No field-aware merge is possible (a side does not parse): why, for
    /// a line merge instead.
    Unmergeable(String),
    /// The merged file would break a per-file rule: why. A conflict, even
    /// where a line merge would go through.
    Invalid(String),
}

/// The logs merged entry by entry.
const LOGS: [&str; 2] = ["progress", "extensions"];

/// Merges `ours` and `theirs` from their common `base`. `path` is the
/// file's path in the repository (for messages and the rules).
pub fn merge(
    path: &Path,
    base: &str,
    ours: &str,
    theirs: &str,
    rules: &Rules,
    marker_size: usize,
) -> Outcome {
    let parse = |text: &str, side: &str| -> Result<(Task, Value), String> {
        let task: Task = crate::read::parse_yaml(path, text.trim_start_matches('\u{feff}'))
            .map_err(|d| tr!("{side}无法解析：{}", "{side} does not parse: {}", d.message))?;
        let value = serde_yaml::to_value(&task).map_err(|e| e.to_string())?;
        Ok((task, value))
    };
    let sides = (
        parse(base, crate::i18n::pick("共同祖先", "the common ancestor")),
        parse(ours, crate::i18n::pick("本方", "ours")),
        parse(theirs, crate::i18n::pick("对方", "theirs")),
    );
    let ((_, base_value), (our_task, our_value), (_, their_value)) = match sides {
        (Ok(b), Ok(o), Ok(t)) => (b, o, t),
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => return Outcome::Unmergeable(e),
    };
    // The merge is made on our text, so a comment or a layout change on
    // their side would be lost: such a change is left to a line merge.
    // Their text must be exactly the ancestor's with line edits toward
    // their values (which it parsed to already: no second parse, and the
    // rules are checked on the merged file below).
    let replayed = edit::line_edits(base, &base_value, &their_value);
    if !replayed.is_ok_and(|text| text == theirs) {
        return Outcome::Unmergeable(
            crate::i18n::pick(
                "对方改动了注释或格式（不只是字段的值）",
                "theirs changed comments or layout, not only values",
            )
            .to_string(),
        );
    }
    let (merged, conflicts) = merge_fields(&base_value, our_value, their_value);
    let intended: Task = match serde_yaml::from_value(Value::Mapping(merged)) {
        Ok(task) => task,
        Err(e) => return Outcome::Unmergeable(e.to_string()),
    };
    let check = TaskCheck::strict(Rules {
        registry: rules.registry,
        plan: rules.plan,
    });
    let text = match edit::edit_task(path, ours, &our_task, &intended, Layout::InPlace, &check) {
        Ok(file) => file.new,
        Err(refused) => {
            return Outcome::Invalid(tr!(
                "合并结果不能写入：{refused}",
                "the merged file could not be written: {refused}"
            ))
        }
    };
    if conflicts.is_empty() {
        return Outcome::Clean(text);
    }
    let their_doc = Document::parse(theirs);
    let mut doc = Document::parse(&text);
    for key in &conflicts {
        let theirs_lines = their_doc.block_lines(key).unwrap_or_default();
        doc.mark_conflict(key, theirs_lines, marker_size);
    }
    Outcome::Conflict {
        text: doc.render(),
        fields: conflicts,
    }
}

/// The fields merged three-way (the logs entry by entry), and the fields
/// both sides changed differently (ours kept for them, to be marked).
/// Ours and theirs are taken, so that their logs' entries move into the
/// result instead of being copied.
fn merge_fields(base: &Value, ours: Value, theirs: Value) -> (Mapping, Vec<String>) {
    let mapping = |value: Value| match value {
        Value::Mapping(m) => m,
        _ => Mapping::new(),
    };
    let empty = Mapping::new();
    let b = base.as_mapping().unwrap_or(&empty);
    let (mut o, mut t) = (mapping(ours), mapping(theirs));
    // Made key by key (ours' order, then keys new on their side).
    let mut merged = Mapping::with_capacity(o.len());
    let mut conflicts = Vec::new();
    let mut keys: Vec<String> = Vec::new();
    for key in o
        .keys()
        .chain(t.keys())
        .chain(b.keys())
        .filter_map(Value::as_str)
    {
        if !keys.iter().any(|k| k == key) {
            keys.push(key.to_string());
        }
    }
    for key in &keys {
        let key = key.as_str();
        let value = if LOGS.contains(&key) {
            Some(merge_log(b.get(key), o.remove(key), t.remove(key)))
        } else {
            let (bv, ov, tv) = (b.get(key), o.get(key), t.get(key));
            if ov == tv || tv == bv {
                ov.cloned()
            } else if ov == bv {
                tv.cloned()
            } else {
                conflicts.push(key.to_string());
                ov.cloned()
            }
        };
        if let Some(value) = value {
            merged.insert(Value::from(key), value);
        }
    }
    (merged, conflicts)
}

/// A log (progress, extensions) merged as multisets, in linear time: an
/// entry is kept as often as both sides keep it, plus the most either side
/// added (an entry both sides added is kept once; one side's removal
/// stands); in date order, ours before theirs on a day. Swapping the
/// sides gives the same entries.
fn merge_log(base: Option<&Value>, ours: Option<Value>, theirs: Option<Value>) -> Value {
    use std::collections::HashMap;
    fn count(list: &[Value]) -> HashMap<&Value, usize> {
        let mut counts = HashMap::with_capacity(list.len());
        for item in list {
            *counts.entry(item).or_default() += 1;
        }
        counts
    }
    let owned = |v: Option<Value>| match v {
        Some(Value::Sequence(items)) => items,
        _ => Vec::new(),
    };
    let (mut ours, mut theirs) = (owned(ours), owned(theirs));
    let base = base
        .and_then(Value::as_sequence)
        .map_or(&[][..], Vec::as_slice);
    // Which entries go in: ours in its order, then theirs in its order,
    // each item up to the times it is wanted; (from theirs, index).
    let picks: Vec<(bool, usize)> = {
        let (b, o, t) = (count(base), count(&ours), count(&theirs));
        let wanted = |item: &Value| -> usize {
            let get = |counts: &HashMap<&Value, usize>| counts.get(item).copied().unwrap_or(0);
            let (b, o, t) = (get(&b), get(&o), get(&t));
            if o >= b && t >= b {
                o.max(t)
            } else {
                // A side removed some: what both keep, plus what one added.
                o.min(t) + o.max(t).saturating_sub(b)
            }
        };
        let mut placed: HashMap<&Value, usize> = HashMap::with_capacity(ours.len() + theirs.len());
        let sides = ours.iter().map(|item| (false, item));
        let sides = sides.chain(theirs.iter().map(|item| (true, item)));
        let (mut i, mut j) = (0, 0);
        let mut picks = Vec::with_capacity(ours.len().max(theirs.len()));
        for (from_theirs, item) in sides {
            let index = if from_theirs { &mut j } else { &mut i };
            let done = placed.entry(item).or_default();
            if *done < wanted(item) {
                *done += 1;
                picks.push((from_theirs, *index));
            }
            *index += 1;
        }
        picks
    };
    let date = |item: &Value| {
        item.get("date")
            .and_then(Value::as_str)
            .map(str::to_string)
            .unwrap_or_default()
    };
    let mut merged: Vec<(String, Value)> = picks
        .into_iter()
        .map(|(from_theirs, index)| {
            let side = if from_theirs { &mut theirs } else { &mut ours };
            let item = std::mem::take(&mut side[index]);
            (date(&item), item)
        })
        .collect();
    // Stable: entries of one day keep their order, ours first.
    merged.sort_by(|a, b| a.0.cmp(&b.0));
    Value::Sequence(merged.into_iter().map(|(_, item)| item).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "\
id: \"1.1\"
section: 1
heading: 推动生态环境联防联控联治
number: 1
title: 加强跨界河流联防联控联治
text: 加强跨界河流联防联控联治。
# 牵头部门（通知原文）
lead:
  - 区环保局
status: 推进中
due: 2022-12-31
progress:
  - date: 2019-03-01
    by: 区环保局
    note: 开展联合巡河
";

    fn merged(ours: &str, theirs: &str) -> Outcome {
        merge(
            Path::new("tasks/1.1.yaml"),
            BASE,
            ours,
            theirs,
            &Rules {
                registry: None,
                plan: None,
            },
            7,
        )
    }

    fn with_entry(date: &str, note: &str) -> String {
        format!("{BASE}  - date: {date}\n    by: 区环保局\n    note: {note}\n")
    }

    #[test]
    fn entries_from_both_sides_are_kept_in_date_order_with_comments() {
        let ours = with_entry("2019-06-02", "本方进展");
        let theirs = with_entry("2019-05-20", "对方进展");
        let Outcome::Clean(text) = merged(&ours, &theirs) else {
            panic!("not clean");
        };
        assert!(text.contains("# 牵头部门（通知原文）\n"), "{text}");
        let first = text.find("对方进展").unwrap();
        let second = text.find("本方进展").unwrap();
        assert!(first < second, "date order:\n{text}");
        // The same entry on both sides appears once.
        let Outcome::Clean(same) = merged(&ours, &ours) else {
            panic!("not clean");
        };
        assert_eq!(same, ours);
    }

    #[test]
    fn a_field_changed_on_one_side_takes_that_side() {
        let theirs = BASE.replace("due: 2022-12-31", "due: 2023-06-30");
        let ours = with_entry("2019-06-02", "本方进展");
        let Outcome::Clean(text) = merged(&ours, &theirs) else {
            panic!("not clean");
        };
        assert!(
            text.contains("due: 2023-06-30\n") && text.contains("本方进展"),
            "{text}"
        );
    }

    #[test]
    fn a_field_changed_differently_on_both_sides_is_a_conflict_on_its_lines() {
        let ours = BASE.replace("status: 推进中", "status: 滞后");
        let theirs = BASE.replace("status: 推进中", "status: 已完成");
        let Outcome::Conflict { text, fields } = merged(&ours, &theirs) else {
            panic!("no conflict");
        };
        assert_eq!(fields, ["status"]);
        assert!(
            text.contains(
                "<<<<<<< ours\nstatus: 滞后\n=======\nstatus: 已完成\n>>>>>>> theirs\ndue: 2022-12-31\n"
            ),
            "{text}"
        );
    }

    #[test]
    fn an_entry_removed_on_one_side_stays_removed() {
        let ours = BASE.replace(
            "progress:\n  - date: 2019-03-01\n    by: 区环保局\n    note: 开展联合巡河\n",
            "progress: []\n",
        );
        let Outcome::Clean(text) = merged(&ours, BASE) else {
            panic!("not clean");
        };
        assert!(!text.contains("开展联合巡河"), "{text}");
    }

    /// `n` entries after the base's, dated through 2019, notes `prefix`-i.
    fn entries(n: usize, prefix: &str) -> String {
        (0..n)
            .map(|i| {
                let day = 1 + i % 28;
                format!("  - date: 2019-04-{day:02}\n    by: 区环保局\n    note: {prefix}{i}\n")
            })
            .collect()
    }

    #[test]
    fn an_entry_added_twice_on_one_side_merges_the_same_with_the_sides_swapped() {
        let once = with_entry("2019-06-02", "同一进展");
        let twice = format!("{once}  - date: 2019-06-02\n    by: 区环保局\n    note: 同一进展\n");
        let (Outcome::Clean(a), Outcome::Clean(b)) = (merged(&once, &twice), merged(&twice, &once))
        else {
            panic!("not clean");
        };
        assert_eq!(a.matches("同一进展").count(), 2, "{a}");
        assert_eq!(a, b);
    }

    /// The CPU time this thread has used: unlike the wall clock, not
    /// stretched by other processes on a busy machine.
    #[cfg(unix)]
    fn thread_cpu_time() -> std::time::Duration {
        let mut now = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: clock_gettime writes the timespec it is given.
        unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &raw mut now) };
        std::time::Duration::new(
            u64::try_from(now.tv_sec).unwrap_or(0),
            u32::try_from(now.tv_nsec).unwrap_or(0),
        )
    }

    #[cfg(not(unix))]
    fn thread_cpu_time() -> std::time::Duration {
        std::time::Duration::ZERO
    }

    /// 20,000 entries on each side (10,000 shared) merge in linear time,
    /// parsing included: about 0.7 s of CPU in a release build on a busy
    /// machine, bounded at 1.2 s (`cargo test --release`; `make bench`
    /// measures the merge driver itself). Before, removing the old
    /// 20,000-entry block line by line, and a second parse and check of
    /// their side, took 1.9 s. The bound for a debug build only catches a
    /// quadratic merge, which took minutes.
    #[test]
    fn twenty_thousand_entries_merge_in_linear_time() {
        let shared = entries(10_000, "共有");
        let base = format!("{BASE}{shared}");
        let ours = format!("{base}{}", entries(10_000, "本方"));
        let theirs = format!("{base}{}", entries(10_000, "对方"));
        let started = thread_cpu_time();
        let outcome = merge(
            Path::new("tasks/1.1.yaml"),
            &base,
            &ours,
            &theirs,
            &Rules {
                registry: None,
                plan: None,
            },
            7,
        );
        let took = thread_cpu_time() - started;
        let Outcome::Clean(text) = outcome else {
            panic!("not clean");
        };
        assert_eq!(text.matches("    note: ").count(), 30_001);
        let bound = if cfg!(debug_assertions) {
            20_000
        } else {
            1_200
        };
        assert!(
            took < std::time::Duration::from_millis(bound),
            "took {took:?} of CPU"
        );
    }

    #[test]
    fn a_side_that_does_not_parse_is_unmergeable() {
        let broken = format!("{BASE}status: [\n");
        assert!(matches!(merged(&broken, BASE), Outcome::Unmergeable(_)));
    }

    #[test]
    fn a_merge_that_would_break_a_rule_is_invalid_never_written() {
        let extended = |to: &str| {
            BASE.replace("due: 2022-12-31", &format!("due: {to}\noriginal_due: 2022-12-31"))
                .replace(
                    "progress:",
                    &format!("extensions:\n  - date: 2020-06-01\n    from: 2022-12-31\n    to: {to}\n    reason: 延期\nprogress:"),
                )
        };
        // Two extensions from the same deadline: the chain would break.
        let outcome = merged(&extended("2023-06-30"), &extended("2023-12-31"));
        assert!(matches!(outcome, Outcome::Invalid(_)), "{outcome:?}");
    }

    #[test]
    fn a_comment_changed_on_their_side_is_never_dropped() {
        let theirs = BASE.replace("# 牵头部门（通知原文）", "# 牵头部门（通知原文，已核对）");
        let ours = with_entry("2019-06-02", "本方进展");
        assert!(matches!(merged(&ours, &theirs), Outcome::Unmergeable(_)));
    }
}
