//! `.cooptrack.toml`: defaults a repository or a user sets once instead of
//! typing them on every command.
//!
//! ```toml
//! dept = "区水务局"   # list shows this department's tasks (as --dept)
//! by = "区水务局"     # update's progress entries are reported by it (as --by)
//! lang = "zh"         # the language (as --lang): zh or en
//! ```
//!
//! Two places, the first one's keys winning: `.cooptrack.toml` in the
//! current directory or the nearest one above it, up to the repository's
//! root (the directory holding `.git`); then the user's
//! `cooptrack/config.toml` in `$XDG_CONFIG_HOME` (else `~/.config`; on
//! Windows `%APPDATA%`). A flag or an environment variable overrides the
//! file. A file that cannot be read, is not TOML, or holds an unknown key
//! or a bad value is an error naming the file and the line:column.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, Result};
use serde::Deserialize;
use toml::Spanned;

use crate::i18n::Lang;
use crate::tr;

/// The repository's file name.
pub const FILE_NAME: &str = ".cooptrack.toml";

/// The defaults found, each with where it was set.
#[derive(Debug, Default, Clone)]
pub struct Config {
    pub dept: Option<Setting>,
    pub by: Option<Setting>,
    pub lang: Option<Lang>,
}

/// A value from a file, and where: `path:line:column`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting {
    pub value: String,
    pub origin: String,
}

impl Setting {
    /// An error about this value, said as coming from its file.
    pub fn context(&self, key: &str, err: anyhow::Error) -> anyhow::Error {
        anyhow!(tr!("{}: {key}：{err}", "{}: {key}: {err}", self.origin))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    dept: Option<Spanned<String>>,
    by: Option<Spanned<String>>,
    lang: Option<Spanned<String>>,
}

/// The configuration for a run started in `cwd`.
pub fn load(cwd: &Path) -> Result<Config> {
    let mut config = Config::default();
    // The user's first, so that the repository's keys replace them.
    for path in user_file().into_iter().chain(repository_file(cwd)) {
        if path.is_file() {
            let found = read(&path)?;
            config.dept = found.dept.or(config.dept);
            config.by = found.by.or(config.by);
            config.lang = found.lang.or(config.lang);
        }
    }
    Ok(config)
}

/// `.cooptrack.toml` in `cwd` or the nearest directory above it, not
/// above the repository's root.
fn repository_file(cwd: &Path) -> Option<PathBuf> {
    for dir in cwd.ancestors() {
        let candidate = dir.join(FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        if dir.join(".git").exists() {
            return None;
        }
    }
    None
}

/// The user's file: `cooptrack/config.toml` in the user's configuration
/// directory.
fn user_file() -> Option<PathBuf> {
    let set = |name: &str| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    let base = if cfg!(windows) {
        set("APPDATA")
    } else {
        set("XDG_CONFIG_HOME").or_else(|| set("HOME").map(|home| home.join(".config")))
    }?;
    Some(base.join("cooptrack").join("config.toml"))
}

/// One file, checked whole.
fn read(path: &Path) -> Result<Config> {
    let shown = crate::safe_text::path_shown(path);
    let text = std::fs::read_to_string(path).map_err(|err| {
        anyhow!(tr!(
            "{shown}: 无法读取配置文件：{}",
            "{shown}: cannot read the configuration file: {}",
            crate::read::os_error_text(&err)
        ))
    })?;
    let at = |span: std::ops::Range<usize>| {
        let (line, column) = line_column(&text, span.start);
        format!("{shown}:{line}:{column}")
    };
    let raw: Raw = toml::from_str(&text).map_err(|err| {
        let place = err.span().map_or_else(|| shown.clone(), &at);
        anyhow!(tr!(
            "{place}: 配置文件有误：{}（可用的键：dept、by、lang）",
            "{place}: bad configuration file: {} (the keys: dept, by, lang)",
            err.message().trim()
        ))
    })?;
    let setting = |key: &str, value: Option<Spanned<String>>| -> Result<Option<Setting>> {
        let Some(value) = value else { return Ok(None) };
        let origin = at(value.span());
        let value = value.into_inner().trim().to_string();
        if value.is_empty() {
            return Err(anyhow!(tr!(
                "{origin}: {key} 为空：写明部门名称，或删去这一行",
                "{origin}: {key} is empty: name a department, or delete the line"
            )));
        }
        Ok(Some(Setting { value, origin }))
    };
    let lang = match raw.lang {
        None => None,
        Some(value) => Some(match value.get_ref().trim().to_ascii_lowercase().as_str() {
            "zh" => Lang::Zh,
            "en" => Lang::En,
            other => {
                return Err(anyhow!(tr!(
                    "{}: lang 只能是 zh 或 en，不是“{other}”",
                    "{}: lang must be zh or en, not “{other}”",
                    at(value.span())
                )))
            }
        }),
    };
    Ok(Config {
        dept: setting("dept", raw.dept)?,
        by: setting("by", raw.by)?,
        lang,
    })
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |n| n + 1);
    (line, before[start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        assert_eq!(line_column("a = 1\nby = \"区水务局\"", 0), (1, 1));
        assert_eq!(line_column("a = 1\nby = 区水务局", 11), (2, 6));
        assert_eq!(line_column("区 = 1\nx", "区 = 1".len()), (1, 6));
    }
}
