//! Task ids: `<section>.<number>` such as "1.1", ordered naturally (1.2 before 1.10).

use std::cmp::Ordering;

/// An id is `N.M`: the section and the number within it, each a positive
/// decimal without leading zeros (1.01 would be a second 1.1). No path
/// separators, no `..`, nothing a file name could abuse.
pub fn is_valid(id: &str) -> bool {
    let number = |p: &str| {
        !p.is_empty()
            && p.len() <= 9
            && p.bytes().all(|b| b.is_ascii_digit())
            && !p.starts_with('0')
    };
    matches!(id.split_once('.'), Some((section, item)) if number(section) && number(item))
}

/// Natural order: numeric parts compare as numbers, anything else as text.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let mut left = a.split('.');
    let mut right = b.split('.');
    loop {
        match (left.next(), right.next()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) => {
                let ord = match (x.parse::<u64>(), y.parse::<u64>()) {
                    (Ok(m), Ok(n)) => m.cmp(&n),
                    _ => x.cmp(y),
                };
                if ord != Ordering::Equal {
                    return ord;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_order_puts_1_2_before_1_10() {
        let mut ids = vec!["1.10", "2.1", "1.2", "1.1"];
        ids.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(ids, ["1.1", "1.2", "1.10", "2.1"]);
    }

    #[test]
    fn ids_are_dotted_numbers_only() {
        assert!(is_valid("1.1"));
        assert!(is_valid("4.12"));
        assert!(!is_valid("1"));
        assert!(!is_valid("../escape"));
        assert!(!is_valid("1/2"));
        assert!(!is_valid("1..2"));
        assert!(!is_valid("a.b"));
        assert!(!is_valid("1.2.3"));
        assert!(!is_valid("1.01"));
        assert!(!is_valid("0.1"));
    }
}
