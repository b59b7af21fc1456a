//! The language of tables, status labels and messages: Chinese (zh) or
//! English (en).
//!
//! The run's language is decided once, before the command runs, in one
//! place: `crate::run` asks the parsed command line ([`crate::cli::Cli::language`]:
//! `--lang`, else `COOPTRACK_LANG`, else the locale — LC_ALL, LC_MESSAGES,
//! LANG, the system's on Windows — Chinese when the locale is Chinese,
//! English otherwise; and `validate --format json|gitlab` in Chinese), and
//! calls [`set`] with it. Nothing changes it afterwards. Until then, while
//! the command line is parsed, [`current`] is the language the command line
//! and the environment ask for ([`asked`]), so that clap's messages and the
//! value parsers' speak it.
//!
//! Text in the run's language: [`pick`] and [`tr!`](crate::tr). Text in a
//! language given explicitly (a 通报 is Chinese whatever `--lang` says):
//! [`pick_in`] and [`tr_in!`](crate::tr_in), and `Status::display_in`.
//!
//! Data never changes with the language: task files, the registry, the
//! plan, CSV cells and JSON (field names and values, messages included)
//! stay as they are.

#[cfg(not(test))]
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// 中文
    Zh,
    /// English
    En,
}

/// Not decided yet: [`current`] answers [`asked`].
#[cfg(not(test))]
const UNDECIDED: u8 = u8::MAX;

#[cfg(not(test))]
static CURRENT: AtomicU8 = AtomicU8::new(UNDECIDED);

/// Sets the run's language: called once, by `crate::run`, before the
/// command runs. (Until the 通报 renderer takes its language as an
/// argument, `render::docx` still sets Chinese around drawing it and sets
/// the run's language back after; nothing else may call this.)
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

/// The run's language (before it is decided: the one asked for).
#[cfg(not(test))]
pub fn current() -> Lang {
    match CURRENT.load(Ordering::Relaxed) {
        0 => Lang::Zh,
        1 => Lang::En,
        _ => asked(),
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

/// The language `.cooptrack.toml` asks for, set before the command line is
/// parsed (see [`crate::config`]).
static CONFIGURED: OnceLock<Option<Lang>> = OnceLock::new();

/// Records the configuration file's `lang`: called once, by `crate::run`,
/// before anything asks for the language.
pub fn set_configured(lang: Option<Lang>) {
    let _ = CONFIGURED.set(lang);
}

/// The language this process's command line and environment ask for,
/// read before the command line is parsed (so that clap's own messages —
/// a bad `--status`, say — come in that language): `--lang X` /
/// `--lang=X`, then COOPTRACK_LANG, then `.cooptrack.toml`, then the locale.
pub fn asked() -> Lang {
    static ASKED: OnceLock<Lang> = OnceLock::new();
    *ASKED.get_or_init(|| {
        let args: Vec<String> = std::env::args_os()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        let configured = CONFIGURED.get().copied().flatten();
        asked_by(&args, std::env::var("COOPTRACK_LANG").ok().as_deref())
            .unwrap_or_else(|| configured.unwrap_or_else(detect))
    })
}

/// The language `args` and the value of COOPTRACK_LANG ask for, if they
/// name one.
fn asked_by(args: &[String], env: Option<&str>) -> Option<Lang> {
    let flag = args
        .iter()
        .enumerate()
        .find_map(|(i, a)| match a.strip_prefix("--lang") {
            Some("") => args.get(i + 1).cloned(),
            Some(rest) => rest.strip_prefix('=').map(str::to_string),
            None => None,
        });
    flag.or_else(|| env.map(str::to_string))
        .and_then(|v| match v.to_ascii_lowercase().as_str() {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        })
}

/// Line numbers in a message: "3、7" (the text around says 第…行), or
/// "line 3" / "lines 3, 7".
pub fn line_list(lines: &[usize]) -> String {
    let numbers: Vec<String> = lines.iter().map(ToString::to_string).collect();
    let word = if lines.len() == 1 { "line" } else { "lines" };
    crate::tr!("{}", "{word} {}", numbers.join(list_separator()))
}

/// Picks the text for the run's language.
pub fn pick<'a>(zh: &'a str, en: &'a str) -> &'a str {
    pick_in(current(), zh, en)
}

/// Picks the text for `lang`, whatever the run's language:
/// `pick_in(Lang::Zh, "已完成", "done")` is "已完成" under `--lang en` too.
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

/// `tr!("中文 {x}", "English {x}")`: a formatted `String` in the run's
/// language. Both texts take the same arguments.
#[macro_export]
macro_rules! tr {
    ($zh:literal, $en:literal $(, $arg:expr)* $(,)?) => {
        $crate::tr_in!($crate::i18n::current(), $zh, $en $(, $arg)*)
    };
}

/// `tr_in!(lang, "中文 {x}", "English {x}")`: a formatted `String` in the
/// language given, whatever the run's: what a renderer that is handed a
/// [`Lang`](crate::i18n::Lang) writes with. Both texts take the same
/// arguments.
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
    fn an_explicit_language_wins_over_the_runs() {
        let n = 3;
        set(Lang::En);
        assert_eq!(tr_in!(Lang::Zh, "共 {n} 项", "{n} tasks"), "共 3 项");
        assert_eq!(pick_in(Lang::Zh, "是", "yes"), "是");
        set(Lang::Zh);
        assert_eq!(tr_in!(Lang::En, "共 {} 项", "{} tasks", n + 1), "4 tasks");
        assert_eq!(pick_in(Lang::En, "是", "yes"), "yes");
    }

    #[test]
    fn the_flag_wins_over_the_environment() {
        let args = |a: &[&str]| a.iter().map(ToString::to_string).collect::<Vec<_>>();
        assert_eq!(
            asked_by(&args(&["cooptrack", "--lang", "en"]), Some("zh")),
            Some(Lang::En)
        );
        assert_eq!(
            asked_by(&args(&["cooptrack", "--lang=ZH"]), Some("en")),
            Some(Lang::Zh)
        );
        assert_eq!(
            asked_by(&args(&["cooptrack", "list"]), Some("en")),
            Some(Lang::En)
        );
        assert_eq!(
            asked_by(&args(&["cooptrack", "list"]), Some("zh")),
            Some(Lang::Zh)
        );
        assert_eq!(asked_by(&args(&["cooptrack", "list"]), None), None);
    }

    #[test]
    fn counts_take_the_plural_after_one() {
        assert_eq!(count(1, "task", "tasks"), "1 task");
        assert_eq!(count(0, "task", "tasks"), "0 tasks");
        assert_eq!(count(2, "entry", "entries"), "2 entries");
    }
}
