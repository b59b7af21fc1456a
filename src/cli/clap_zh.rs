//! clap in Chinese: the help texts (headings, the help and version flags,
//! possible values, defaults) and the usage errors, for zh mode. English
//! mode keeps clap's own texts.
//!
//! Help: after the command tree is built (so that clap's own `--help`,
//! `--version` and `help` exist and the global options are copied into
//! every subcommand), each argument gets a Chinese heading — 参数,
//! 选项, or 全局选项 for the options every subcommand takes — and its
//! possible values, default and environment variable move into its help
//! text, in Chinese. Errors: [`ZhFormatter`] writes each kind of clap
//! error as one Chinese sentence, with the suggestion clap found, and
//! where to read the usage.

use std::fmt::Write as _;

use clap::builder::StyledStr;
use clap::error::{ContextKind, ContextValue, ErrorFormatter, ErrorKind};
use clap::{Arg, Command};

const ARGUMENTS: &str = "参数";
const OPTIONS: &str = "选项";
const GLOBAL_OPTIONS: &str = "全局选项";

const TEMPLATE: &str = "{before-help}{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";

/// The command tree with Chinese help. `command` is built here.
pub fn localize(mut command: Command) -> Command {
    command.build();
    localize_built(command)
}

fn localize_built(mut command: Command) -> Command {
    let usage = command.render_usage().to_string();
    let usage = usage
        .split_once(':')
        .map_or(usage.as_str(), |(_, rest)| rest)
        .trim()
        .replace("[OPTIONS]", "[选项]")
        .replace("<COMMAND>", "<命令>");
    command = command
        .help_template(TEMPLATE)
        .override_usage(usage)
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令")
        .mut_args(localize_arg);
    if command.get_name() == "help" {
        command = command.about("显示本帮助，或给定子命令的帮助");
    }
    command.mut_subcommands(localize_built)
}

fn localize_arg(arg: Arg) -> Arg {
    let id = arg.get_id().as_str().to_string();
    let heading = if arg.is_global_set() {
        GLOBAL_OPTIONS
    } else if arg.is_positional() {
        ARGUMENTS
    } else {
        OPTIONS
    };
    let mut notes = Vec::new();
    let values: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    if !values.is_empty() && !arg.is_hide_possible_values_set() {
        notes.push(format!("可选：{}", values.join("、")));
    }
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    let takes_values = arg.get_action().takes_values();
    if !defaults.is_empty() && takes_values && !arg.is_hide_default_value_set() {
        notes.push(format!("默认：{}", defaults.join("、")));
    }
    if let Some(env) = arg.get_env().filter(|_| !arg.is_hide_env_set()) {
        notes.push(format!("环境变量：{}", env.to_string_lossy()));
    }
    let help = match id.as_str() {
        "help" => Some("显示帮助（-h 为摘要，--help 为详情）".to_string()),
        "version" => Some("显示版本".to_string()),
        _ => arg.get_help().map(ToString::to_string),
    };
    let with_notes = |text: Option<String>| {
        let text = text.unwrap_or_default();
        if notes.is_empty() {
            text
        } else if text.is_empty() {
            format!("（{}）", notes.join("；"))
        } else {
            format!("{text}（{}）", notes.join("；"))
        }
    };
    let long = arg.get_long_help().map(ToString::to_string);
    let mut arg = arg
        .help_heading(heading)
        .hide_possible_values(true)
        .hide_default_value(true)
        .hide_env(true)
        .help(with_notes(help));
    if long.is_some() || id == "help" {
        arg = arg.long_help(with_notes(long.filter(|_| id != "help")).to_string());
        if id == "help" {
            arg = arg.long_help("显示帮助（-h 为摘要，--help 为详情）");
        }
    }
    arg
}

/// clap's usage errors in Chinese.
pub struct ZhFormatter;

impl ErrorFormatter for ZhFormatter {
    fn format_error(error: &clap::error::Error<Self>) -> StyledStr {
        let mut text = String::from("cooptrack: 错误：");
        text.push_str(&message(error));
        if let Some(path) = command_path(error) {
            let _ = write!(text, "\n（用 {path} --help 查看用法）");
        }
        text.push('\n');
        StyledStr::from(text)
    }
}

fn string(error: &clap::error::Error<ZhFormatter>, kind: ContextKind) -> Option<String> {
    match error.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join("、")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// `--status <S>` → `--status`: the flag as typed.
fn flag(raw: &str) -> &str {
    raw.split_whitespace().next().unwrap_or(raw)
}

fn did_you_mean(error: &clap::error::Error<ZhFormatter>, kind: ContextKind) -> String {
    match error.get(kind) {
        Some(ContextValue::String(s)) => format!("，是否应为“{s}”？"),
        Some(ContextValue::Strings(v)) if !v.is_empty() => {
            let names: Vec<String> = v.iter().map(|s| format!("“{s}”")).collect();
            format!("，是否应为{}？", names.join("或"))
        }
        _ => String::new(),
    }
}

fn message(error: &clap::error::Error<ZhFormatter>) -> String {
    let arg = string(error, ContextKind::InvalidArg).unwrap_or_default();
    let value = string(error, ContextKind::InvalidValue).unwrap_or_default();
    match error.kind() {
        ErrorKind::ValueValidation => {
            let reason = std::error::Error::source(error)
                .map(ToString::to_string)
                .unwrap_or_default();
            format!("{}：{reason}", flag(&arg))
        }
        ErrorKind::InvalidValue if value.is_empty() => format!("{} 需要一个值", flag(&arg)),
        ErrorKind::InvalidValue => {
            let valid = string(error, ContextKind::ValidValue)
                .map(|v| format!("（可选：{v}）"))
                .unwrap_or_default();
            let hint = did_you_mean(error, ContextKind::SuggestedValue);
            format!("{} 的值“{value}”无效{hint}{valid}", flag(&arg))
        }
        ErrorKind::UnknownArgument => {
            let hint = did_you_mean(error, ContextKind::SuggestedArg);
            format!("未知参数“{arg}”{hint}")
        }
        ErrorKind::InvalidSubcommand => {
            let sub = string(error, ContextKind::InvalidSubcommand).unwrap_or_default();
            let hint = did_you_mean(error, ContextKind::SuggestedSubcommand);
            format!("未知子命令“{sub}”{hint}")
        }
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数：{arg}"),
        ErrorKind::MissingSubcommand => {
            let names: Vec<String> = visible_subcommands();
            format!("缺少子命令，可用：{}", names.join("、"))
        }
        ErrorKind::ArgumentConflict => match string(error, ContextKind::PriorArg) {
            Some(prior) if prior != arg => format!("参数“{arg}”不能与“{prior}”同时使用"),
            _ => format!("参数“{arg}”只能给出一次"),
        },
        ErrorKind::NoEquals => format!("给 {} 赋值须用等号（{}=…）", flag(&arg), flag(&arg)),
        ErrorKind::TooManyValues => format!("{} 不接受多余的值“{value}”", flag(&arg)),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("{} 的值的个数不对", flag(&arg))
        }
        ErrorKind::InvalidUtf8 => "参数不是有效的 UTF-8 文本".to_string(),
        _ => "命令行有误".to_string(),
    }
}

/// The names of the subcommands a user may type (not the hidden `man`).
fn visible_subcommands() -> Vec<String> {
    use clap::CommandFactory;
    super::Cli::command()
        .get_subcommands()
        .filter(|c| !c.is_hide_set())
        .map(|c| c.get_name().to_string())
        .collect()
}

/// `cooptrack list`: the command whose usage the error is about, from the
/// usage clap attached (the words before the first `[` or `<`).
fn command_path(error: &clap::error::Error<ZhFormatter>) -> Option<String> {
    let usage = string(error, ContextKind::Usage)?;
    let usage = usage
        .split_once(':')
        .map_or(usage.as_str(), |(_, rest)| rest);
    let words: Vec<&str> = usage
        .split_whitespace()
        .take_while(|w| !w.starts_with(['[', '<']))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn parse(args: &[&str]) -> String {
        let command = localize(crate::cli::Cli::command());
        match command.try_get_matches_from(args) {
            Ok(_) => String::new(),
            Err(err) => err.apply::<ZhFormatter>().render().to_string(),
        }
    }

    #[test]
    fn unknown_flags_and_subcommands_get_chinese_errors_with_suggestions() {
        assert_eq!(
            parse(&["cooptrack", "list", "--dpt", "x"]),
            "cooptrack: 错误：未知参数“--dpt”，是否应为“--dept”？\n（用 cooptrack list --help 查看用法）\n"
        );
        assert_eq!(
            parse(&["cooptrack", "lst"]),
            "cooptrack: 错误：未知子命令“lst”，是否应为“list”？\n（用 cooptrack --help 查看用法）\n"
        );
    }

    #[test]
    fn a_missing_subcommand_lists_the_visible_ones() {
        let text = parse(&["cooptrack", "--as-of", "2020-01-01"]);
        assert!(
            text.starts_with("cooptrack: 错误：缺少子命令，可用：list、show、"),
            "{text}"
        );
        assert!(!text.contains("man"), "{text}");
    }

    #[test]
    fn help_has_chinese_headings_and_global_options_apart() {
        let mut command = localize(crate::cli::Cli::command());
        let list = command.find_subcommand_mut("list").unwrap();
        let help = list.render_help().to_string();
        assert!(help.contains("用法：cooptrack list [选项]"), "{help}");
        assert!(help.contains("\n选项:\n"), "{help}");
        assert!(help.contains("\n全局选项:\n"), "{help}");
        let (own, global) = help.split_once("全局选项:").unwrap();
        assert!(
            own.contains("--dept <") && !own.contains("--as-of <"),
            "{help}"
        );
        assert!(
            global.contains("--as-of <") && !global.contains("--dept <"),
            "{help}"
        );
        for english in [
            "Print help",
            "Possible values",
            "possible values",
            "default:",
            "Usage",
        ] {
            assert!(!help.contains(english), "{english}: {help}");
        }
    }
}
