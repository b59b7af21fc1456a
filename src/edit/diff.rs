//! From an intended value to line edits: the top-level keys whose values
//! differ between what a file says and what it should say are edited with
//! the line editor, one key at a time; every other line stays as it is.
//!
//! The edits are the smallest that express the change: a scalar's value is
//! replaced on its line (keeping its comment), items appended to a list go
//! after its last item, items dropped from a list of names lose just their
//! lines, a new key goes after its predecessor in the model's key order.
//! Anything else replaces the key's block, which the editor refuses where
//! the block holds a comment.

use std::collections::HashSet;

use serde_yaml::{Mapping, Value};

use super::canonical;
use super::lines::{Document, EditError};

/// Edits `text`, which says `current`, so that it says `intended`. Both
/// are the serialised model values (mappings); keys are taken in
/// `intended`'s order, which is the model's.
pub fn edit_toward(text: &str, current: &Value, intended: &Value) -> Result<String, EditError> {
    let empty = Mapping::new();
    let current = current.as_mapping().unwrap_or(&empty);
    let intended = intended.as_mapping().unwrap_or(&empty);
    let mut doc = Document::parse(text);
    let keys: Vec<&str> = intended.keys().filter_map(Value::as_str).collect();
    for (index, key) in keys.iter().enumerate() {
        let new = &intended[*key];
        let old = current.get(*key);
        if old == Some(new) {
            continue;
        }
        if doc.has_key(key) {
            edit_key(&mut doc, key, old, new)?;
        } else {
            // After the nearest key before it (in model order) that the file has.
            let before: Vec<&str> = keys[..index].iter().rev().copied().collect();
            doc.insert_block(canonical::key_lines(key, new), &before);
        }
    }
    for key in current.keys().filter_map(Value::as_str) {
        if !intended.contains_key(key) {
            doc.remove_block(key);
        }
    }
    Ok(doc.render())
}

/// Changes the value of a key the file has.
fn edit_key(
    doc: &mut Document,
    key: &str,
    old: Option<&Value>,
    new: &Value,
) -> Result<(), EditError> {
    let no_items = Vec::new();
    match (old, new) {
        (_, Value::Sequence(new_items)) => {
            let old_items = match old {
                Some(Value::Sequence(items)) => items,
                // Written but read as empty (`key:`, `key: []`).
                None | Some(Value::Null) => &no_items,
                Some(_) => return doc.replace_block(key, canonical::key_lines(key, new)),
            };
            edit_list(doc, key, old_items, new_items)
        }
        (_, Value::Mapping(_)) => doc.replace_block(key, canonical::key_lines(key, new)),
        (_, scalar) => doc.set_scalar(key, &canonical::scalar_for(key, scalar), &[]),
    }
}

/// Makes the list under `key` read `new`. Where `new` only drops names
/// from `old` or appends to it, just those lines change (a dropped name's
/// line goes with its comment: that entry is what was asked to go);
/// otherwise the list is written anew, which the editor refuses where the
/// list holds a comment.
fn edit_list(doc: &mut Document, key: &str, old: &[Value], new: &[Value]) -> Result<(), EditError> {
    // A set: a list of 20 000 departments is compared in linear time.
    let in_new: HashSet<&Value> = new.iter().collect();
    let kept: Vec<&Value> = old.iter().filter(|item| in_new.contains(item)).collect();
    let in_place = kept.len() <= new.len()
        && kept.iter().zip(new).all(|(k, n)| *k == n)
        && old
            .iter()
            .all(|item| item.is_string() || in_new.contains(item));
    if !in_place {
        if let Some(insertions) = insertions(old, new) {
            // From the last, so that the earlier items' places hold.
            for (before, items) in insertions.into_iter().rev() {
                let items: Vec<Vec<String>> = items.into_iter().map(canonical::list_item).collect();
                if before == old.len() {
                    doc.append_items(key, &items, &[])?;
                } else {
                    doc.insert_items(key, before, &items)?;
                }
            }
            return Ok(());
        }
        let whole = canonical::key_lines(key, &Value::Sequence(new.to_vec()));
        return doc.replace_block(key, whole);
    }
    let dropped: Vec<&str> = old
        .iter()
        .filter(|item| !in_new.contains(item))
        .filter_map(Value::as_str)
        .collect();
    if !dropped.is_empty() && doc.remove_items(key, &dropped)? != dropped.len() {
        return Err(EditError(crate::tr!(
            "在 {key} 中找不到要删除的各项",
            "not every item to drop is in {key}"
        )));
    }
    let additions = &new[kept.len()..];
    if !additions.is_empty() {
        let items: Vec<Vec<String>> = additions.iter().map(canonical::list_item).collect();
        doc.append_items(key, &items, &[])?;
    }
    Ok(())
}

/// Where `new` is `old` with items inserted (every old item kept, in
/// order): the inserted items, grouped by the index of the old item they
/// go before (`old.len()`: after the last), in order. None otherwise.
fn insertions<'a>(old: &[Value], new: &'a [Value]) -> Option<Vec<(usize, Vec<&'a Value>)>> {
    let mut groups: Vec<(usize, Vec<&Value>)> = Vec::new();
    let mut next = 0;
    for item in new {
        if old.get(next) == Some(item) {
            next += 1;
            continue;
        }
        match groups.last_mut() {
            Some((before, items)) if *before == next => items.push(item),
            _ => groups.push((next, vec![item])),
        }
    }
    (next == old.len() && !groups.is_empty()).then_some(groups)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(yaml: &str) -> Value {
        serde_yaml::from_str(yaml).unwrap()
    }

    fn edited(text: &str, intended: &str) -> String {
        edit_toward(text, &value(text), &value(intended)).unwrap()
    }

    #[test]
    fn only_the_changed_keys_change() {
        let text = "# 头\nstatus: 未启动 # 待办\nlead: [甲, 乙] # 两个\nprogress: []\n";
        assert_eq!(
            edited(text, "status: 推进中\nlead: [甲, 乙]\nprogress: []\n"),
            "# 头\nstatus: 推进中 # 待办\nlead: [甲, 乙] # 两个\nprogress: []\n"
        );
    }

    #[test]
    fn lists_grow_and_shrink_by_their_own_lines() {
        let text = "lead:\n  - 甲 # 原文\n  - 乙\nstatus: x\n";
        assert_eq!(
            edited(text, "lead: [甲, 丙]\nstatus: x\n"),
            "lead:\n  - 甲 # 原文\n  - 丙\nstatus: x\n"
        );
        // Replaced whole: the first item goes, so nothing is kept in place.
        assert_eq!(edited("lead:\n  - 甲\n", "lead: [丙]\n"), "lead:\n  - 丙\n");
        let appended = edited(
            "progress: []\n",
            "progress:\n  - date: 2019-01-01\n    by: 甲\n",
        );
        assert_eq!(appended, "progress:\n  - date: 2019-01-01\n    by: 甲\n");
    }

    #[test]
    fn new_keys_follow_their_predecessor_and_dropped_keys_go() {
        let text = "due: 2022-12-31 # 原定\nlead_note: 说明\nprogress: []\n";
        let out = edited(
            text,
            "due: 2023-06-30\noriginal_due: 2022-12-31\nprogress: []\n",
        );
        assert_eq!(
            out,
            "due: 2023-06-30 # 原定\noriginal_due: 2022-12-31\nprogress: []\n"
        );
    }

    #[test]
    fn a_list_written_anew_keeps_no_comment_behind_its_back() {
        // Reordered: the list is written anew, which would drop the comment.
        let text = "responsible:\n  - 乙 # 2019 年确认\n  - 甲\nstatus: x\n";
        let reordered = value("responsible: [甲, 乙]\nstatus: x\n");
        assert!(edit_toward(text, &value(text), &reordered).is_err());
        // Inserted in the middle: in place, the comment kept.
        let inserted = value("responsible: [乙, 丙, 甲]\nstatus: x\n");
        assert_eq!(
            edit_toward(text, &value(text), &inserted).unwrap(),
            "responsible:\n  - 乙 # 2019 年确认\n  - 丙\n  - 甲\nstatus: x\n"
        );
        // Without comments, a reordered list is simply written anew.
        let plain = "responsible:\n  - 乙\n  - 甲\nstatus: x\n";
        assert_eq!(
            edit_toward(plain, &value(plain), &reordered).unwrap(),
            "responsible:\n  - 甲\n  - 乙\nstatus: x\n"
        );
    }

    #[test]
    fn entries_inserted_in_a_list_keep_every_comment_and_line() {
        let text = "progress:\n  # 一季度\n  - date: 2020-03-01\n    by: 甲 # 首报\n  # 二季度\n  - date: 2020-06-01\n    by: 甲\nstatus: x\n";
        let out = edited(
            text,
            "progress:\n  - date: 2020-02-01\n    by: 乙\n  - date: 2020-03-01\n    by: 甲\n  - date: 2020-05-01\n    by: 乙\n  - date: 2020-06-01\n    by: 甲\n  - date: 2020-07-01\n    by: 乙\nstatus: x\n",
        );
        assert_eq!(
            out,
            "progress:\n  - date: 2020-02-01\n    by: 乙\n  # 一季度\n  - date: 2020-03-01\n    by: 甲 # 首报\n  - date: 2020-05-01\n    by: 乙\n  # 二季度\n  - date: 2020-06-01\n    by: 甲\n  - date: 2020-07-01\n    by: 乙\nstatus: x\n"
        );
    }

    #[test]
    fn a_block_with_a_comment_is_not_rewritten() {
        let text = "period:\n  start: 2018 # 起\n  end: 2022\n";
        let err = edit_toward(
            text,
            &value(text),
            &value("period:\n  start: 2019\n  end: 2022\n"),
        );
        assert!(err.is_err());
    }
}
