//! Command-line definitions (clap). Parsing only: commands get typed values.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::model::{ymd, Status};
use crate::query::Role;

#[derive(Debug, Parser)]
#[command(
    name = "cooptrack",
    version,
    about = "川渝合作任务台账：查询、校验按牵头部门分组的任务（YAML 文件）",
    long_about = "cooptrack 管理以 YAML 文件保存在 git 中的任务台账（tasks/ 目录），\
按牵头部门分组查询、校验任务。\n\
Tracks plan tasks kept as YAML files in a git-tracked tasks/ directory."
)]
pub struct Cli {
    /// 任务目录（默认：从当前目录向上查找 tasks/）
    #[arg(long, global = true, env = "COOPTRACK_DIR", value_name = "DIR")]
    pub dir: Option<PathBuf>,

    /// 何时使用颜色（也遵循 NO_COLOR 环境变量）
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// 以此日期为“今天”（YYYY-MM-DD），使输出可复现
    #[arg(long, global = true, value_parser = parse_date, value_name = "YYYY-MM-DD")]
    pub as_of: Option<NaiveDate>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 按牵头部门分组列出任务
    List(ListArgs),
    /// 显示一项任务的全部内容
    Show(ShowArgs),
    /// 列出部门及其牵头、配合任务数和状态统计
    Depts(DeptsArgs),
    /// 校验任务目录，报告全部问题
    Validate(ValidateArgs),
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// 只列出该部门牵头或配合的任务（现名或曾用名均可）
    #[arg(long, value_name = "NAME")]
    pub dept: Option<String>,

    /// 与 --dept 合用：lead 牵头、support 配合、any 两者
    #[arg(long, value_enum, requires = "dept")]
    pub role: Option<Role>,

    /// 只列出该状态：未启动 推进中 已完成 滞后 已取消（或 not_started in_progress done delayed cancelled）
    #[arg(long, value_parser = parse_status, value_name = "S")]
    pub status: Option<Status>,

    /// 只列出该篇章（1–7 或 一–七）
    #[arg(long, value_parser = parse_section, value_name = "N")]
    pub section: Option<u32>,

    /// 只列出编号、标题或内容含该文字的任务
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,

    /// 只列出逾期任务：未完成、未取消且完成时限早于今天（或 --as-of）
    #[arg(long)]
    pub overdue: bool,

    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// 任务编号，如 1.1
    pub id: String,

    #[arg(long, value_enum, default_value_t = ShowFormat::Table)]
    pub format: ShowFormat,
}

#[derive(Debug, Args)]
pub struct DeptsArgs {
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    #[arg(long, value_enum, default_value_t = ValidateFormat::Text)]
    pub format: ValidateFormat,

    /// 把警告也当作错误（退出码 1）
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
    Csv,
    Markdown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    Table,
    Json,
    Yaml,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ValidateFormat {
    Text,
    Json,
    Github,
}

fn parse_date(raw: &str) -> Result<NaiveDate, String> {
    ymd::parse(raw)
}

fn parse_status(raw: &str) -> Result<Status, String> {
    raw.parse()
}

const SECTION_NUMERALS: [&str; 9] = ["一", "二", "三", "四", "五", "六", "七", "八", "九"];

/// A heading number: `3`, `三`, `(三)` or `（三）`.
fn parse_section(raw: &str) -> Result<u32, String> {
    let bare = raw
        .trim()
        .trim_start_matches(['(', '（'])
        .trim_end_matches([')', '）']);
    if let Ok(n) = bare.parse::<u32>() {
        if n > 0 {
            return Ok(n);
        }
    }
    SECTION_NUMERALS
        .iter()
        .position(|n| *n == bare)
        .map(|i| i as u32 + 1)
        .ok_or_else(|| format!("篇章“{raw}”无效：应为 1–7 或 一–七"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_accept_chinese_numerals() {
        assert_eq!(parse_section("3"), Ok(3));
        assert_eq!(parse_section("三"), Ok(3));
        assert_eq!(parse_section("（七）"), Ok(7));
        assert!(parse_section("0").is_err());
        assert!(parse_section("x").is_err());
    }
}
