//! The language of tables, status labels and messages: Chinese (zh) or
//! English (en). Chosen once per run — `--lang`, else `COOPTRACK_LANG`,
//! else the locale (LC_ALL, LC_MESSAGES, LANG; the system's on Windows):
//! Chinese when the locale is Chinese, English otherwise.
//!
//! Data never changes with the language: task files, the registry, the
//! plan, CSV cells and JSON (field names and values, messages included)
//! stay as they are.

pub mod clap_zh;

#[cfg(not(test))]
use std::sync::atomic::{AtomicU8, Ordering};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// 中文
    Zh,
    /// English
    En,
}

#[cfg(not(test))]
static CURRENT: AtomicU8 = AtomicU8::new(0);

/// Sets the language for this run.
#[cfg(not(test))]
pub fn set(lang: Lang) {
    CURRENT.store(
        match lang {
            Lang::Zh => 0,
            Lang::En => 1,
        },
        Ordering::Relaxed,
    );
}

#[cfg(not(test))]
pub fn current() -> Lang {
    match CURRENT.load(Ordering::Relaxed) {
        0 => Lang::Zh,
        _ => Lang::En,
    }
}

// Unit tests run side by side in threads of one process: each test keeps
// its own language, so that one switching to English cannot change what
// another, asserting Chinese text, sees.
#[cfg(test)]
thread_local! {
    static TEST_LANG: std::cell::Cell<Lang> = const { std::cell::Cell::new(Lang::Zh) };
}

#[cfg(test)]
pub fn set(lang: Lang) {
    TEST_LANG.with(|l| l.set(lang));
}

#[cfg(test)]
pub fn current() -> Lang {
    TEST_LANG.with(std::cell::Cell::get)
}

/// The language the environment asks for.
pub fn detect() -> Lang {
    let from_env = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.is_empty());
    let locale = from_env.or_else(sys_locale::get_locale).unwrap_or_default();
    if locale.to_ascii_lowercase().starts_with("zh") {
        Lang::Zh
    } else {
        Lang::En
    }
}

/// Sets the language before the command line is parsed, so that clap's
/// own messages (a bad `--status`, say) come in the right language too:
/// `--lang X` / `--lang=X`, then COOPTRACK_LANG, then the locale.
pub fn init_from_args() {
    let args: Vec<String> = std::env::args().collect();
    let flag = args
        .iter()
        .enumerate()
        .find_map(|(i, a)| match a.strip_prefix("--lang") {
            Some("") => args.get(i + 1).cloned(),
            Some(rest) => rest.strip_prefix('=').map(str::to_string),
            None => None,
        });
    let chosen = flag
        .or_else(|| std::env::var("COOPTRACK_LANG").ok())
        .and_then(|v| match v.to_ascii_lowercase().as_str() {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        });
    set(chosen.unwrap_or_else(detect));
}

/// Line numbers in a message: "3、7" (the text around says 第…行), or
/// "line 3" / "lines 3, 7".
pub fn line_list(lines: &[usize]) -> String {
    let numbers: Vec<String> = lines.iter().map(ToString::to_string).collect();
    let word = if lines.len() == 1 { "line" } else { "lines" };
    crate::tr!("{}", "{word} {}", numbers.join(list_separator()))
}

/// Picks the text for the current language.
pub fn pick<'a>(zh: &'a str, en: &'a str) -> &'a str {
    match current() {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// Picks the text for the language given (renderers are passed theirs).
pub fn pick_in<'a>(lang: Lang, zh: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// Between the items of a list: "甲、乙" / "a, b".
pub fn list_separator() -> &'static str {
    pick("、", ", ")
}

/// Between clauses: "甲；乙" / "a; b".
pub fn clause_separator() -> &'static str {
    pick("；", "; ")
}

/// An English count with its noun: "1 task", "3 tasks". (Chinese needs
/// no plural: its texts write the number themselves.)
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `tr!("中文 {x}", "English {x}")`: a formatted `String` in the current
/// language. Both texts take the same arguments.
#[macro_export]
macro_rules! tr {
    ($zh:literal, $en:literal $(, $arg:expr)* $(,)?) => {
        match $crate::i18n::current() {
            $crate::i18n::Lang::Zh => format!($zh $(, $arg)*),
            $crate::i18n::Lang::En => format!($en $(, $arg)*),
        }
    };
}

/// `tr_in!(lang, "中文 {x}", "English {x}")`: a formatted `String` in the
/// language given. Both texts take the same arguments.
#[macro_export]
macro_rules! tr_in {
    ($lang:expr, $zh:literal, $en:literal $(, $arg:expr)* $(,)?) => {
        match $lang {
            $crate::i18n::Lang::Zh => format!($zh $(, $arg)*),
            $crate::i18n::Lang::En => format!($en $(, $arg)*),
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tr_formats_in_the_chosen_language() {
        let n = 3;
        set(Lang::En);
        assert_eq!(tr!("共 {n} 项", "{n} tasks"), "3 tasks");
        assert_eq!(pick("是", "yes"), "yes");
        set(Lang::Zh);
        assert_eq!(tr!("共 {n} 项", "{n} tasks"), "共 3 项");
    }

    #[test]
    fn counts_take_the_plural_after_one() {
        assert_eq!(count(1, "task", "tasks"), "1 task");
        assert_eq!(count(0, "task", "tasks"), "0 tasks");
        assert_eq!(count(2, "entry", "entries"), "2 entries");
    }
}
