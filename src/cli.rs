//! Command-line definitions (clap). Parsing only: commands get typed values.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use clap_complete::engine::ArgValueCompleter;
use clap_complete::env::{Bash, EnvCompleter, Fish, Zsh};

mod clap_zh;

use self::clap_zh::ZhFormatter;
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

/// Why the command line was not parsed (or asked for help or the
/// version): clap's message, in the language of the run.
pub enum ParseFailure {
    En(clap::Error),
    Zh(clap::error::Error<ZhFormatter>),
}

impl ParseFailure {
    /// A usage error (exit 2), not `--help` or `--version`.
    pub fn use_stderr(&self) -> bool {
        match self {
            ParseFailure::En(err) => err.use_stderr(),
            ParseFailure::Zh(err) => err.use_stderr(),
        }
    }

    pub fn print(&self) -> std::io::Result<()> {
        match self {
            ParseFailure::En(err) => err.print(),
            ParseFailure::Zh(err) => err.print(),
        }
    }
}

/// Parses the command line: in Chinese (help and errors) in zh mode.
pub fn parse() -> Result<Cli, ParseFailure> {
    if crate::i18n::current() == Lang::En {
        return Cli::try_parse().map_err(ParseFailure::En);
    }
    let zh = |err: clap::Error| ParseFailure::Zh(err.apply::<ZhFormatter>());
    let matches = clap_zh::localize(Cli::command())
        .try_get_matches()
        .map_err(zh)?;
    Cli::from_arg_matches(&matches).map_err(zh)
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

    /// 不用分页器（默认：输出到终端且超过一屏时用 $COOPTRACK_PAGER、$PAGER 或 less -FRX 分页）
    #[arg(long, global = true)]
    pub no_pager: bool,

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
    /// 生成各单位的进展填报表（.xlsx，每单位一份）
    Forms(FormsArgs),
    /// 收集填好的填报表，写入进展记录
    Collect(CollectArgs),
    /// 结束计划：标记计划已结束，列出每项尚待决定的任务
    ClosePlan(ClosePlanArgs),
    /// 把任务结转到后续计划的任务目录（双向链接）
    CarryOver(CarryOverArgs),
    /// 建立新计划的任务目录：plan.yaml、部门名录、Schema、.gitignore
    Init(InitArgs),
    /// 为本仓库设置任务文件的合并驱动（.gitattributes 和 git 配置）
    GitSetup(GitSetupArgs),
    /// git 合并驱动：按字段三方合并一个任务文件（由 git 调用，不在命令列表中）
    #[command(hide = true)]
    MergeDriver(MergeDriverArgs),
    /// 输出任务文件的 JSON Schema（draft-07），供编辑器校验
    Schema(SchemaArgs),
    /// 输出 shell 补全脚本（补全子命令、参数、部门名称和任务编号）
    Completions(CompletionsArgs),
    /// 生成手册页（man page）
    #[command(hide = true)]
    Man(ManArgs),
}

#[derive(Debug, Args)]
pub struct FormsArgs {
    /// 报送期：季度如 2020Q2，或月份如 2020-06
    #[arg(long, value_parser = crate::period::Period::parse, value_name = "PERIOD")]
    pub period: crate::period::Period,

    /// 只生成这些单位的填报表（可多次给出）
    #[arg(long, value_name = "DEPT", add = ArgValueCompleter::new(complete::departments))]
    pub dept: Vec<String>,

    /// 报送截止日期，印在表头
    #[arg(long, value_parser = parse_date, value_name = "YYYY-MM-DD")]
    pub due_by: Option<NaiveDate>,

    /// 填报表写入的目录（默认当前目录；不存在则创建）
    #[arg(short = 'o', long = "output", value_name = "DIR", default_value = ".")]
    pub output: PathBuf,
}

#[derive(Debug, Args)]
pub struct CollectArgs {
    /// 填好的填报表（.xlsx）
    #[arg(required = true, value_name = "FILE.xlsx")]
    pub files: Vec<PathBuf>,

    /// 只显示将写入的进展，不修改任何文件
    #[arg(long)]
    pub dry_run: bool,

    /// 同一单位同一报送期的另一份填报表：以本表替换已收集的进展
    #[arg(long)]
    pub replace: bool,

    /// 每份填报表写入后作一次 git 提交
    #[arg(long)]
    pub commit: bool,
}

#[derive(Debug, Args)]
pub struct GitSetupArgs {}

/// git's merge-driver protocol: `cooptrack merge-driver %O %A %B %P`.
#[derive(Debug, Args)]
pub struct MergeDriverArgs {
    /// 共同祖先版本（%O）
    pub base: PathBuf,
    /// 本方版本（%A），合并结果写回此文件
    pub ours: PathBuf,
    /// 对方版本（%B）
    pub theirs: PathBuf,
    /// 文件在仓库中的路径（%P）
    pub path: PathBuf,
    /// 冲突标记的长度（%L）
    #[arg(long, default_value_t = 7, value_name = "N")]
    pub marker_size: usize,
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
    /// 只列出该部门牵头或配合的任务（现名、曾用名或简称均可，如 区发改委）
    #[arg(long, value_name = "NAME", add = ArgValueCompleter::new(complete::departments))]
    pub dept: Option<String>,

    /// 与 --dept 合用：lead 牵头、support 配合、any 两者
    #[arg(long, value_enum, requires = "dept")]
    pub role: Option<RoleArg>,

    /// 只列出该状态：未启动 推进中 已完成 滞后 已取消（或 not_started in_progress done delayed cancelled；也可写 完成 进行中 取消 未开始）
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

    /// 输出格式（默认：按 -o 的扩展名，否则 table）
    #[arg(long, value_enum)]
    pub format: Option<ReportFormat>,

    /// 终端中总用完整版式（默认：不足 120 列时用窄版式，数字、日期、部门名称不折行）
    #[arg(long)]
    pub wide: bool,

    /// 写入文件；格式取自扩展名：.xlsx .docx .html .md .json .txt（xlsx、docx 必须指定）
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
pub struct InitArgs {
    /// 新的任务目录（默认 ./tasks）；不存在时创建
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,

    /// 上一计划的任务目录：沿用其部门名录（含曾用名、简称）、发文机关和篇章
    #[arg(long, value_name = "PREVIOUS_TASKS_DIR")]
    pub from: Option<PathBuf>,

    /// 计划名称（有 --from 时默认把上一计划名称中的年份换成新期限）
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,

    /// 计划期限，如 2023-2027（有 --from 时默认紧接上一计划的五年）
    #[arg(long, value_parser = crate::init::parse_period, value_name = "FIRST-LAST")]
    pub period: Option<(i32, i32)>,

    /// 计划的成文日期（默认今天，或 --as-of）
    #[arg(long, value_parser = parse_date, value_name = "YYYY-MM-DD")]
    pub date: Option<NaiveDate>,
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
    /// GitLab 代码质量报告（Code Quality JSON），在合并请求中逐行显示问题
    Gitlab,
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

/// Everyday words for a status, accepted on the command line (never in a
/// file, which keeps the five labels).
pub const STATUS_SYNONYMS: [(&str, Status); 4] = [
    ("完成", Status::Done),
    ("进行中", Status::InProgress),
    ("取消", Status::Cancelled),
    ("未开始", Status::NotStarted),
];

/// A status: its label (已完成), its English key (done), or a synonym
/// (完成). Anything else is refused with the closest status.
pub fn parse_status(raw: &str) -> Result<Status, String> {
    let input = raw.trim();
    if let Some(status) = Status::parse(input) {
        return Ok(status);
    }
    if let Some((_, status)) = STATUS_SYNONYMS.iter().find(|(word, _)| *word == input) {
        return Ok(*status);
    }
    let closest = closest_status(input);
    Err(match crate::i18n::current() {
        crate::i18n::Lang::Zh => {
            let hint = closest.map_or_else(String::new, |s| format!("是否应为“{}”？", s.label()));
            let labels: Vec<&str> = Status::ALL.iter().map(|s| s.label()).collect();
            let expected = labels.join("、");
            format!("无效的状态“{raw}”，{hint}可用：{expected}")
        }
        crate::i18n::Lang::En => {
            let expected = Status::expected_list();
            let hint =
                closest.map_or_else(String::new, |s| format!(" (did you mean “{}”?)", s.key()));
            format!("invalid status “{raw}”; use one of: {expected}{hint}")
        }
    })
}

/// The status a mistyped word most likely means: one whose spelling
/// contains it or is contained in it, else the smallest edit distance
/// (at most half the word).
fn closest_status(input: &str) -> Option<Status> {
    if input.is_empty() {
        return None;
    }
    let lower = input.to_lowercase();
    let spellings: Vec<(String, Status)> = Status::ALL
        .iter()
        .flat_map(|s| [(s.label().to_string(), *s), (s.key().to_string(), *s)])
        .chain(STATUS_SYNONYMS.iter().map(|(w, s)| ((*w).to_string(), *s)))
        .collect();
    let distance = |w: &str| strsim::levenshtein(&lower, w);
    let substring = spellings
        .iter()
        .filter(|(w, _)| w.contains(lower.as_str()) || lower.contains(w.as_str()))
        .min_by_key(|(w, _)| distance(w));
    if let Some((_, status)) = substring {
        return Some(*status);
    }
    let limit = (lower.chars().count() / 2).max(1);
    spellings
        .iter()
        .map(|(w, s)| (distance(w), *s))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, s)| s)
}

const SECTION_NUMERALS: [&str; 9] = ["一", "二", "三", "四", "五", "六", "七", "八", "九"];

/// The Chinese numeral of a heading number (三 for 3), up to 九.
pub fn section_numeral(n: u32) -> Option<&'static str> {
    let index = usize::try_from(n.checked_sub(1)?).ok()?;
    SECTION_NUMERALS.get(index).copied()
}

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
    fn statuses_accept_synonyms_and_suggest_the_closest() {
        assert_eq!(parse_status("完成"), Ok(Status::Done));
        assert_eq!(parse_status("进行中"), Ok(Status::InProgress));
        assert_eq!(parse_status("取消"), Ok(Status::Cancelled));
        assert_eq!(parse_status("未开始"), Ok(Status::NotStarted));
        assert_eq!(parse_status(" done "), Ok(Status::Done));
        assert_eq!(closest_status("已完"), Some(Status::Done));
        assert_eq!(closest_status("推进"), Some(Status::InProgress));
        assert_eq!(closest_status("delay"), Some(Status::Delayed));
        assert_eq!(closest_status("canceled"), Some(Status::Cancelled));
        assert_eq!(closest_status("完全无关的词"), None);
        let err = parse_status("已完").unwrap_err();
        assert!(
            err.starts_with("无效的状态“已完”，是否应为“已完成”？可用："),
            "{err}"
        );
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
