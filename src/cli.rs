//! Command-line definitions (clap). Parsing only: commands get typed values.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use clap_complete::engine::ArgValueCompleter;
use clap_complete::env::{Bash, EnvCompleter, Fish, Zsh};

use crate::complete;
use crate::i18n::Lang;
use crate::model::{ymd, Status};
use crate::query::Role;
use crate::report::Names;

/// Answers a shell's completion request and exits, if this run is one.
pub fn answer_completion_if_asked() {
    clap_complete::CompleteEnv::with_factory(Cli::command)
        .var(complete::COMPLETE_VAR)
        .complete();
}

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

    /// 输出语言：zh 中文、en 英文（默认按系统语言环境：中文环境为 zh，否则 en）
    #[arg(
        long,
        global = true,
        env = "COOPTRACK_LANG",
        value_enum,
        value_name = "LANG"
    )]
    pub lang: Option<LangArg>,

    /// 单个文件的大小上限，超过即拒绝读取（如 4M、512K、1048576）
    #[arg(long, global = true, env = "COOPTRACK_MAX_FILE_SIZE", value_parser = parse_size, value_name = "SIZE")]
    pub max_file_size: Option<u64>,

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
    /// 更新任务：状态、进展、延期、部门
    Update(UpdateArgs),
    /// 新增任务
    Add(AddArgs),
    /// 把任务文件整理为规范格式（--check 只检查）
    Fmt(FmtArgs),
    /// 任务的变更历史：git 提交与进展记录
    Log(LogArgs),
    /// 从任务分解通知（纯文本）导入任务
    Import(ImportArgs),
    /// 督查报告：总体情况、各牵头单位、通报、本期进展、台账
    Report(ReportArgs),
    /// 结束计划：标记计划已结束，列出每项尚待决定的任务
    ClosePlan(ClosePlanArgs),
    /// 把任务结转到后续计划的任务目录（双向链接）
    CarryOver(CarryOverArgs),
    /// 输出任务文件的 JSON Schema（draft-07），供编辑器校验
    Schema(SchemaArgs),
    /// 输出 shell 补全脚本（补全子命令、参数、部门名称和任务编号）
    Completions(CompletionsArgs),
    /// 生成手册页（man page）
    #[command(hide = true)]
    Man(ManArgs),
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// bash、zsh 或 fish
    #[arg(value_enum)]
    pub shell: Shell,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
}

impl Shell {
    /// The completer that writes this shell's registration script.
    pub fn completer(self) -> &'static dyn EnvCompleter {
        match self {
            Shell::Bash => &Bash,
            Shell::Zsh => &Zsh,
            Shell::Fish => &Fish,
        }
    }
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// file：任务文件（YAML）的 Schema（默认）；json：list/show --format json 输出中每项任务的 Schema
    #[arg(long, value_enum, default_value_t = SchemaOf::File)]
    pub of: SchemaOf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaOf {
    /// 任务文件 tasks/<编号>.yaml
    File,
    /// list / show --format json 输出的任务
    Json,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// 写入该目录（每个子命令一页）；省略时把主手册页输出到标准输出
    #[arg(value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// 只列出该部门牵头或配合的任务（现名或曾用名均可）
    #[arg(long, value_name = "NAME", add = ArgValueCompleter::new(complete::departments))]
    pub dept: Option<String>,

    /// 与 --dept 合用：lead 牵头、support 配合、any 两者
    #[arg(long, value_enum, requires = "dept")]
    pub role: Option<RoleArg>,

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
    #[arg(add = ArgValueCompleter::new(complete::task_ids))]
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

#[derive(Debug, Args)]
pub struct UpdateArgs {
    /// 任务编号，如 1.1
    #[arg(add = ArgValueCompleter::new(complete::task_ids))]
    pub id: String,

    /// 新状态：未启动 推进中 已完成 滞后 已取消（或英文别名）；记入进展记录
    #[arg(long, value_parser = parse_status, value_name = "S")]
    pub status: Option<Status>,

    /// 追加一条进展记录
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,

    /// 进展记录的“存在问题”
    #[arg(long, value_name = "TEXT")]
    pub problems: Option<String>,

    /// 进展记录的“下步打算”
    #[arg(long, value_name = "TEXT")]
    pub next_steps: Option<String>,

    /// 进展记录的日期（默认今天）
    #[arg(long, value_parser = parse_date, value_name = "YYYY-MM-DD")]
    pub date: Option<NaiveDate>,

    /// 报送单位：须为该任务的牵头或责任部门；任务只有一个牵头部门时可省略
    #[arg(long, value_name = "DEPT", add = ArgValueCompleter::new(complete::departments))]
    pub by: Option<String>,

    /// 新的完成时限（延期），须同时写明 --reason
    #[arg(long, value_parser = parse_date, value_name = "YYYY-MM-DD")]
    pub due: Option<NaiveDate>,

    /// 延期理由
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,

    /// 增加牵头部门
    #[arg(long, value_name = "DEPT", add = ArgValueCompleter::new(complete::departments))]
    pub add_lead: Vec<String>,

    /// 移除牵头部门
    #[arg(long, value_name = "DEPT", add = ArgValueCompleter::new(complete::departments))]
    pub remove_lead: Vec<String>,

    /// 增加责任部门
    #[arg(long, value_name = "DEPT", add = ArgValueCompleter::new(complete::departments))]
    pub add_responsible: Vec<String>,

    /// 移除责任部门
    #[arg(long, value_name = "DEPT", add = ArgValueCompleter::new(complete::departments))]
    pub remove_responsible: Vec<String>,

    #[command(flatten)]
    pub write: WriteArgs,
}

/// Options shared by commands that write a task file.
#[derive(Debug, Args)]
pub struct WriteArgs {
    /// 写入后用 git 提交该文件（提交说明自动生成）
    #[arg(long)]
    pub commit: bool,

    /// 无法就地修改时，按规范格式重写整个文件（保留顶层注释）
    #[arg(long)]
    pub reformat: bool,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// 所属篇章（1–7 或 一–七）
    #[arg(long, value_parser = parse_section, value_name = "N")]
    pub section: u32,

    /// 任务标题
    #[arg(long, value_name = "TEXT")]
    pub title: String,

    /// 任务全文（默认：标题加句号）
    #[arg(long, value_name = "TEXT")]
    pub text: Option<String>,

    /// 牵头部门（可重复）
    #[arg(long, value_name = "DEPT", required = true, add = ArgValueCompleter::new(complete::departments))]
    pub lead: Vec<String>,

    /// 责任部门（可重复）
    #[arg(long, value_name = "DEPT", add = ArgValueCompleter::new(complete::departments))]
    pub responsible: Vec<String>,

    /// 完成时限（默认：计划期末，如 2022-12-31）
    #[arg(long, value_parser = parse_date, value_name = "YYYY-MM-DD")]
    pub due: Option<NaiveDate>,

    /// 指定编号（默认：该篇章下一个未用的编号）
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,

    /// 写入后用 git 提交该文件
    #[arg(long)]
    pub commit: bool,
}

#[derive(Debug, Args)]
pub struct FmtArgs {
    /// 只检查：有文件需要规范化时列出并以退出码 1 结束（用于 CI 和 pre-commit）
    #[arg(long)]
    pub check: bool,

    /// 只处理这些任务（默认全部）
    #[arg(add = ArgValueCompleter::new(complete::task_ids))]
    pub ids: Vec<String>,
}

#[derive(Debug, Args)]
pub struct LogArgs {
    /// 任务编号，如 1.1
    #[arg(add = ArgValueCompleter::new(complete::task_ids))]
    pub id: String,

    #[arg(long, value_enum, default_value_t = LogFormat::Table)]
    pub format: LogFormat,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// 本期进展的报告期：年（2019）、季度（2019Q1）或月（2019-03）；默认截至日期所在季度
    #[arg(long, value_parser = crate::report::Period::parse, value_name = "PERIOD")]
    pub period: Option<crate::report::Period>,

    /// 只报告该部门牵头或配合的任务
    #[arg(long, value_name = "NAME", add = ArgValueCompleter::new(complete::departments))]
    pub dept: Option<String>,

    /// 部门名称：current 按截至日期的现名（默认），as-written 按通知原文
    #[arg(long, value_enum, default_value_t = NamesArg::Current)]
    pub names: NamesArg,

    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,

    /// 终端中总用完整版式（默认：不足 120 列时用窄版式，数字、日期、部门名称不折行）
    #[arg(long)]
    pub wide: bool,

    /// 写入文件（xlsx、docx 必须指定）
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// 通报（docx）的发文字号，如 潼督〔2020〕5号
    #[arg(long, value_name = "TEXT")]
    pub number: Option<String>,

    /// 通报（docx）的发文机关；默认为计划的 supervision_office
    #[arg(long, value_name = "NAME")]
    pub issuer: Option<String>,

    /// 通报（docx）的成文日期；默认为截至日期
    #[arg(long, value_parser = parse_date, value_name = "YYYY-MM-DD")]
    pub date: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Table,
    Markdown,
    Html,
    Json,
    Xlsx,
    Docx,
}

#[derive(Debug, Args)]
pub struct ClosePlanArgs {
    /// 只列出待决定的任务，不修改计划文件
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct CarryOverArgs {
    /// 要结转的任务编号
    #[arg(add = ArgValueCompleter::new(complete::task_ids))]
    pub id: String,

    /// 后续计划的任务目录（须有 plan.yaml）
    #[arg(long, value_name = "DIR")]
    pub to: PathBuf,

    /// 在后续计划中的编号（默认同号，已占用则取该篇章下一个编号）
    #[arg(long = "as", value_name = "ID")]
    pub new_id: Option<String>,

    /// 后续计划中的完成时限（默认其计划期末）
    #[arg(long, value_parser = parse_date, value_name = "YYYY-MM-DD")]
    pub due: Option<NaiveDate>,

    /// 写入后用 git 提交两个文件
    #[arg(long)]
    pub commit: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// 通知的纯文本文件（UTF-8、GBK 或 GB18030）
    pub notice: PathBuf,

    /// 只显示将要做的改动，不写入任何文件
    #[arg(long)]
    pub dry_run: bool,

    /// 已有任务文件无法就地修改时，按规范格式重写（保留顶层注释）
    #[arg(long)]
    pub reformat: bool,

    /// 计划的成文日期：通知中没有写明时必须给出；给出时以此为准
    #[arg(long, value_parser = parse_date, value_name = "YYYY-MM-DD")]
    pub date: Option<NaiveDate>,

    /// 文本编码（默认自动识别）
    #[arg(long, value_enum, default_value_t = Encoding::Auto)]
    pub encoding: Encoding,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Encoding {
    Auto,
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    Gbk,
    Gb18030,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Table,
    Json,
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

/// `--lang`: the language of the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    /// 中文
    Zh,
    /// English
    En,
}

impl From<LangArg> for Lang {
    fn from(lang: LangArg) -> Lang {
        match lang {
            LangArg::Zh => Lang::Zh,
            LangArg::En => Lang::En,
        }
    }
}

/// `--role`: a department's part in a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RoleArg {
    /// 牵头: leads the task.
    Lead,
    /// 配合: responsible for part of it.
    Support,
    /// Either.
    Any,
}

impl From<RoleArg> for Role {
    fn from(role: RoleArg) -> Role {
        match role {
            RoleArg::Lead => Role::Lead,
            RoleArg::Support => Role::Support,
            RoleArg::Any => Role::Any,
        }
    }
}

/// `--names`: how department names appear in a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NamesArg {
    /// The name in use on the as-of date: 区环保局 becomes 区生态环境局 after 2019.
    Current,
    /// The names the notice used.
    AsWritten,
}

impl From<NamesArg> for Names {
    fn from(names: NamesArg) -> Names {
        match names {
            NamesArg::Current => Names::Current,
            NamesArg::AsWritten => Names::AsWritten,
        }
    }
}

/// A byte count with an optional K/M/G suffix (powers of 1024).
fn parse_size(raw: &str) -> Result<u64, String> {
    let raw = raw.trim();
    let (digits, unit) = match raw.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => raw.split_at(i),
        None => (raw, ""),
    };
    let factor: u64 = match unit
        .trim()
        .to_ascii_uppercase()
        .trim_end_matches(['B', 'I'])
    {
        "" => 1,
        "K" => 1 << 10,
        "M" => 1 << 20,
        "G" => 1 << 30,
        _ => return Err(size_error(raw, false)),
    };
    digits
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(factor))
        .filter(|n| *n > 0)
        .ok_or_else(|| size_error(raw, true))
}

/// Why a size was refused: not a number, or (`positive`) zero or too large.
fn size_error(raw: &str, positive: bool) -> String {
    if positive {
        crate::tr!(
            "大小“{raw}”无效：应为正的字节数，可带 K、M、G 后缀",
            "invalid size “{raw}”: expected a positive number of bytes, optionally with K, M or G"
        )
    } else {
        crate::tr!(
            "大小“{raw}”无效：应为字节数，可带 K、M、G 后缀",
            "invalid size “{raw}”: expected a number of bytes, optionally with K, M or G"
        )
    }
}

fn parse_date(raw: &str) -> Result<NaiveDate, String> {
    ymd::parse(raw)
}

fn parse_status(raw: &str) -> Result<Status, String> {
    raw.parse()
}

const SECTION_NUMERALS: [&str; 9] = ["一", "二", "三", "四", "五", "六", "七", "八", "九"];

/// A heading number: `3`, `三`, `(三)` or `（三）`.
pub fn parse_section(raw: &str) -> Result<u32, String> {
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
        .and_then(|i| u32::try_from(i + 1).ok())
        .ok_or_else(|| {
            crate::tr!(
                "篇章“{raw}”无效：应为 1–7 或 一–七",
                "invalid section “{raw}”: expected 1–7 or 一–七"
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_take_k_m_g_suffixes() {
        assert_eq!(parse_size("4M"), Ok(4 << 20));
        assert_eq!(parse_size("512k"), Ok(512 << 10));
        assert_eq!(parse_size("100"), Ok(100));
        assert_eq!(parse_size("1MiB"), Ok(1 << 20));
        assert!(parse_size("0").is_err());
        assert!(parse_size("4T").is_err());
        assert!(parse_size("x").is_err());
    }

    #[test]
    fn sections_accept_chinese_numerals() {
        assert_eq!(parse_section("3"), Ok(3));
        assert_eq!(parse_section("三"), Ok(3));
        assert_eq!(parse_section("（七）"), Ok(7));
        assert!(parse_section("0").is_err());
        assert!(parse_section("x").is_err());
    }
}
