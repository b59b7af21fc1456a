//! Command-line definitions (clap). Parsing only: commands get typed values.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use clap_complete::engine::ArgValueCompleter;
use clap_complete::env::{Bash, EnvCompleter, Fish, Powershell, Zsh};

mod clap_zh;

use self::clap_zh::ZhFormatter;
use crate::complete;
use crate::i18n::Lang;
use crate::model::{ymd, Status};
use crate::query::Role;
use crate::report::Names;

/// The environment variables that stand for options: set but empty (or
/// blank), each counts as unset, as `COOPTRACK_DIR= cooptrack list` means.
const OPTION_VARIABLES: [&str; 3] = ["COOPTRACK_DIR", "COOPTRACK_LANG", "COOPTRACK_MAX_FILE_SIZE"];

/// Removes the empty ones of [`OPTION_VARIABLES`] before clap reads them.
/// Called first thing, while the program has one thread.
pub fn unset_empty_environment() {
    for name in OPTION_VARIABLES {
        if std::env::var_os(name).is_some_and(|v| v.to_string_lossy().trim().is_empty()) {
            std::env::remove_var(name);
        }
    }
}

/// Answers a shell's completion request and exits, if this run is one.
pub fn answer_completion_if_asked() {
    clap_complete::CompleteEnv::with_factory(|| command_in(crate::i18n::current()))
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

/// The command tree with its texts in `lang`: the English written here,
/// or their Chinese (see [`clap_zh`]). The manual pages and the shell
/// completions take it; parsing adds clap's own texts in Chinese too.
pub fn command_in(lang: Lang) -> clap::Command {
    match lang {
        Lang::En => Cli::command(),
        Lang::Zh => clap_zh::translate(Cli::command()),
    }
}

/// Parses the command line, in the language the command line and the
/// environment ask for (help and errors): `--lang`, else COOPTRACK_LANG,
/// else the locale (see [`crate::i18n::asked`]).
pub fn parse() -> Result<Cli, ParseFailure> {
    if crate::i18n::asked() == Lang::En {
        return Cli::try_parse().map_err(ParseFailure::En);
    }
    let zh = |err: clap::Error| ParseFailure::Zh(err.apply::<ZhFormatter>());
    let matches = clap_zh::localize(command_in(Lang::Zh))
        .try_get_matches()
        .map_err(zh)?;
    Cli::from_arg_matches(&matches).map_err(zh)
}

impl Cli {
    /// The language of this run, decided once, before the command runs
    /// (and never changed after): `--lang`, else COOPTRACK_LANG, else the
    /// locale; but `validate --format json|gitlab` speaks Chinese whatever
    /// is asked, so that its JSON, messages included, is the same in every
    /// locale for the scripts that read it. `configured`: the language
    /// `.cooptrack.toml` names, between COOPTRACK_LANG and the locale.
    pub fn language(&self, configured: Option<Lang>) -> Lang {
        match &self.command {
            Command::Validate(args)
                if matches!(args.format, ValidateFormat::Json | ValidateFormat::Gitlab) =>
            {
                Lang::Zh
            }
            _ => self
                .lang
                .map(Lang::from)
                .or(configured)
                .unwrap_or_else(crate::i18n::detect),
        }
    }
}

#[derive(Debug, Parser)]
#[command(
    name = "cooptrack",
    version,
    about = "Task ledger of a cooperation plan: query and check tasks (YAML files) grouped by lead department",
    long_about = "cooptrack keeps the task ledger of a cooperation plan as YAML files in git \
(a tasks/ directory), and queries and checks the tasks grouped by lead department."
)]
pub struct Cli {
    /// The tasks directory (default: the nearest tasks/ from the current directory upwards)
    #[arg(long, global = true, env = "COOPTRACK_DIR", value_name = "DIR")]
    pub dir: Option<PathBuf>,

    /// When to use colour (NO_COLOR is honoured too)
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Take this date as “today” (YYYY-MM-DD), so that output is reproducible
    #[arg(long, global = true, value_parser = parse_date, value_name = "YYYY-MM-DD")]
    pub as_of: Option<NaiveDate>,

    /// Output language: zh Chinese, en English (default: zh in a Chinese locale, otherwise en)
    #[arg(
        long,
        global = true,
        env = "COOPTRACK_LANG",
        value_enum,
        value_name = "LANG"
    )]
    pub lang: Option<LangArg>,

    /// The largest file read; larger files are refused (such as 4M, 512K, 1048576)
    #[arg(long, global = true, env = "COOPTRACK_MAX_FILE_SIZE", value_parser = parse_size, value_name = "SIZE")]
    pub max_file_size: Option<u64>,

    /// No pager (default: output to a terminal longer than a screen goes through $COOPTRACK_PAGER, $PAGER or less -FRX)
    #[arg(long, global = true)]
    pub no_pager: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the tasks, grouped by lead department
    List(ListArgs),
    /// Show everything about one task
    Show(ShowArgs),
    /// List the departments with the tasks they lead and support, by status; add, rename or merge departments
    #[command(alias = "dept")]
    Depts(DeptsArgs),
    /// Check the tasks directory and report every problem
    Validate(ValidateArgs),
    /// Update a task: status, progress, extension, departments
    Update(UpdateArgs),
    /// Edit a task file in $VISUAL or $EDITOR: checked on save, written only when valid
    Edit(EditArgs),
    /// Add a task
    Add(AddArgs),
    /// Rewrite task files in the canonical layout (--check only checks)
    Fmt(FmtArgs),
    /// A task's history: git commits and progress entries
    Log(LogArgs),
    /// Import tasks from a task-assignment notice (plain text)
    Import(ImportArgs),
    /// Supervision report: overview, lead units, bulletin, progress of the period, ledger
    Report(ReportArgs),
    /// The problems units raised in a period: new, persisting or resolved
    Problems(ProblemsArgs),
    /// Remind the units that have not replied for a period (a message each)
    Remind(RemindArgs),
    /// The annual plan: write the workbook of each task's target and milestones for a year, or read it back
    Targets(TargetsArgs),
    /// Assess each unit for a year: a score and a rank under the plan's rubric, every figure shown
    Assess(AssessArgs),
    /// Write the progress forms of the units (.xlsx, one per unit)
    Forms(FormsArgs),
    /// Collect filled-in forms and record their progress entries
    Collect(CollectArgs),
    /// End the plan: mark it ended and list every task still to be decided
    ClosePlan(ClosePlanArgs),
    /// Carry a task over to the successor plan's tasks directory (linked both ways)
    CarryOver(CarryOverArgs),
    /// Set up a new plan's tasks directory: plan.yaml, department registry, schema, .gitignore
    Init(InitArgs),
    /// Change the plan file: add a heading
    Plan(PlanArgs),
    /// Set up this repository's merge driver for task files (.gitattributes and git config)
    GitSetup(GitSetupArgs),
    /// git merge driver: a three-way merge of one task file, field by field (git calls it; not listed)
    #[command(hide = true)]
    MergeDriver(MergeDriverArgs),
    /// Print the JSON Schema (draft-07) of task files, for editors to check them
    Schema(SchemaArgs),
    /// Print a shell completion script (subcommands, options, department names and task ids)
    Completions(CompletionsArgs),
    /// Write the manual pages (man cooptrack, one page per subcommand)
    Man(ManArgs),
}

#[derive(Debug, Args)]
pub struct FormsArgs {
    /// The reporting period: a quarter such as 2020Q2, or a month such as 2020-06
    #[arg(long, value_parser = crate::period::Period::parse, value_name = "PERIOD", add = ArgValueCompleter::new(complete::periods))]
    pub period: crate::period::Period,

    /// Only the forms of these units (may be repeated)
    #[arg(long, value_name = "DEPT", add = ArgValueCompleter::new(complete::departments))]
    pub dept: Vec<String>,

    /// The date the forms are due, printed in their heading
    #[arg(long, value_parser = parse_date, value_name = "YYYY-MM-DD")]
    pub due_by: Option<NaiveDate>,

    /// The directory the forms are written to (default: the current one; created if missing)
    #[arg(short = 'o', long = "output", value_name = "DIR", default_value = ".")]
    pub output: PathBuf,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("mode").required(true).args(["year", "collect"])))]
pub struct TargetsArgs {
    /// Write the annual plan workbook of this year (each open task's target and milestones to fill in)
    #[arg(long, value_name = "YEAR", value_parser = clap::value_parser!(i32).range(1949..=2100))]
    pub year: Option<i32>,

    /// Read a filled-in annual plan workbook back and set the tasks' targets (the whole workbook or nothing)
    #[arg(long, value_name = "FILE.xlsx", conflicts_with = "year")]
    pub collect: Option<PathBuf>,

    /// The workbook to write (default: a file named after the year, such as the 2021 annual plan workbook, in the current directory)
    #[arg(
        short = 'o',
        long = "output",
        value_name = "FILE.xlsx",
        requires = "year"
    )]
    pub output: Option<PathBuf>,

    /// With --collect: only show the targets that would be set; change no file
    #[arg(long, requires = "collect")]
    pub dry_run: bool,

    /// With --collect: commit the task files written with git
    #[arg(long, requires = "collect")]
    pub commit: bool,
}

#[derive(Debug, Args)]
pub struct CollectArgs {
    /// The filled-in forms (.xlsx)
    #[arg(required = true, value_name = "FILE.xlsx")]
    pub files: Vec<PathBuf>,

    /// Only show the progress entries that would be written; change no file
    #[arg(long)]
    pub dry_run: bool,

    /// Another form of the same unit and period: replace the entries already collected with this one's
    #[arg(long)]
    pub replace: bool,

    /// Make a git commit after each form is written
    #[arg(long)]
    pub commit: bool,

    /// Accept forms dated after their period's window as late replies: recorded with late: true, they count for their period
    #[arg(long)]
    pub late: bool,

    /// text: what became of each form; json: the same for scripts (per form its rows, the entries written per task file, refusals, commits; who has not reported)
    #[arg(long, value_enum, default_value_t = WrittenFormat::Text)]
    pub format: WrittenFormat,
}

#[derive(Debug, Args)]
pub struct GitSetupArgs {
    /// Also install a pre-commit hook that runs validate --staged (cooptrack from PATH, else this binary)
    #[arg(long)]
    pub hook: bool,
}

/// git's merge-driver protocol: `cooptrack merge-driver %O %A %B %P`.
#[derive(Debug, Args)]
pub struct MergeDriverArgs {
    /// The common ancestor's version (%O)
    pub base: PathBuf,
    /// Our version (%A); the merge result is written back to it
    pub ours: PathBuf,
    /// Their version (%B)
    pub theirs: PathBuf,
    /// The file's path in the repository (%P)
    pub path: PathBuf,
    /// The length of conflict markers (%L)
    #[arg(long, default_value_t = 7, value_name = "N")]
    pub marker_size: usize,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// bash, zsh, fish or powershell
    #[arg(value_enum)]
    pub shell: Shell,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
}

impl Shell {
    /// The completer that writes this shell's registration script.
    pub fn completer(self) -> &'static dyn EnvCompleter {
        match self {
            Shell::Bash => &Bash,
            Shell::Zsh => &Zsh,
            Shell::Fish => &Fish,
            Shell::Powershell => &Powershell,
        }
    }
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// file: the schema of a task file (YAML; the default); json: that of each task in the output of list/show --format json
    #[arg(long, value_enum, default_value_t = SchemaOf::File)]
    pub of: SchemaOf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaOf {
    /// A task file, tasks/<ID>.yaml
    File,
    /// A task in the JSON of list / show --format json
    Json,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write into this directory (one page per subcommand); without it, print the main page to standard output
    #[arg(value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only the tasks this department leads or supports (current, former or short name, such as 区发改委); several: repeat it or separate them with commas
    #[arg(long, value_name = "NAME", value_delimiter = ',', add = ArgValueCompleter::new(complete::departments))]
    pub dept: Vec<String>,

    /// Every department's tasks: not only the department `dept` in .cooptrack.toml names
    #[arg(long, conflicts_with = "dept")]
    pub all: bool,

    /// With --dept: lead, support, or any of the two
    #[arg(long, value_enum, requires = "dept")]
    pub role: Option<RoleArg>,

    /// Only tasks with this status: not_started, in_progress, done, delayed, cancelled (or their Chinese labels and synonyms); several: repeat it or separate them with commas
    #[arg(long, value_parser = parse_status, value_name = "S", add = ArgValueCompleter::new(complete::statuses), value_delimiter = ',')]
    pub status: Vec<Status>,

    /// Only this section of the plan (1–7, or 一–七)
    #[arg(long, value_parser = parse_section, value_name = "N", add = ArgValueCompleter::new(complete::sections))]
    pub section: Option<u32>,

    /// Only tasks whose id, title or text contains this text
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,

    /// Only overdue tasks: not done, not cancelled, and due before today (or --as-of)
    #[arg(long)]
    pub overdue: bool,

    /// The order of the tasks: id (the default), due (the earliest deadline first) or status
    #[arg(long, value_enum, default_value_t = SortKey::Id)]
    pub sort: SortKey,

    /// At most this many tasks (after sorting)
    #[arg(long, value_name = "N", value_parser = parse_limit)]
    pub limit: Option<usize>,

    /// With --format csv: start with a UTF-8 byte order mark even on a pipe (a file gets one anyway, for Excel)
    #[arg(long)]
    pub bom: bool,

    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

/// `list --sort`: the order of the tasks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortKey {
    /// By id, as the plan numbers them.
    Id,
    /// The earliest deadline first, then by id.
    Due,
    /// By status (not started, in progress, done, delayed, cancelled), then by id.
    Status,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The tasks' ids, such as 1.1 (one or more)
    #[arg(required = true, add = ArgValueCompleter::new(complete::task_ids))]
    pub ids: Vec<String>,

    #[arg(long, value_enum, default_value_t = ShowFormat::Table)]
    pub format: ShowFormat,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct DeptsArgs {
    #[command(subcommand)]
    pub action: Option<DeptsAction>,

    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,

    /// With --format csv: start with a UTF-8 byte order mark even on a pipe (a file gets one anyway, for Excel)
    #[arg(long)]
    pub bom: bool,
}

#[derive(Debug, Args)]
pub struct RemindArgs {
    /// The period, a month (2020-06) or a quarter (2020Q2); default: the one of the plan's rhythm holding the as-of date
    #[arg(long, value_parser = crate::period::Period::parse, value_name = "PERIOD", add = ArgValueCompleter::new(complete::periods))]
    pub period: Option<crate::period::Period>,

    /// The day to reply by; default: the last day a reply still counts for the period, at least 5 days from today
    #[arg(long, value_parser = parse_date, value_name = "YYYY-MM-DD")]
    pub due_by: Option<NaiveDate>,

    /// text: one phone message per unit; json: the same as data; docx: the reminder notice (default: the extension of -o, else text)
    #[arg(long, value_enum)]
    pub format: Option<RemindFormat>,

    /// Write to this file, in the format its extension names: .docx (the reminder notice, one page in the layout of the bulletin) .json .txt; - is standard output
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RemindFormat {
    // `.txt` names it too (as the table of other commands).
    #[value(alias = "table")]
    Text,
    Json,
    Docx,
}

#[derive(Debug, Args)]
pub struct AssessArgs {
    /// The year to assess, such as 2021 (within the plan's years)
    #[arg(long, value_parser = parse_year, value_name = "YEAR")]
    pub year: i32,

    /// The output format (default: from the extension of -o, otherwise table)
    #[arg(long, value_enum)]
    pub format: Option<AssessFormat>,

    /// Write to this file, in the format its extension names: .xlsx .md .json .txt; - is standard output (xlsx needs a file or a pipe)
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AssessFormat {
    Table,
    Markdown,
    Json,
    Xlsx,
}

/// `--year`: four digits.
fn parse_year(raw: &str) -> Result<i32, String> {
    raw.trim()
        .parse::<i32>()
        .ok()
        .filter(|y| (1900..=9999).contains(y) && raw.trim().len() == 4)
        .ok_or_else(|| {
            crate::tr!(
                "年份“{raw}”无效：应为四位数字，如 2021",
                "invalid year “{raw}”: expected four digits, such as 2021"
            )
        })
}

#[derive(Debug, Args)]
pub struct ProblemsArgs {
    /// The period, a month (2020-06) or a quarter (2020Q2); default: the one of the plan's rhythm holding the as-of date
    #[arg(long, value_parser = crate::period::Period::parse, value_name = "PERIOD", add = ArgValueCompleter::new(complete::periods))]
    pub period: Option<crate::period::Period>,

    /// Only this department's problems
    #[arg(long, value_name = "DEPT", add = ArgValueCompleter::new(complete::departments))]
    pub dept: Option<String>,

    #[arg(long, value_enum, default_value_t = ProblemsFormat::Table)]
    pub format: ProblemsFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProblemsFormat {
    Table,
    Json,
    Markdown,
}

/// `depts add|rename|merge`: changes to the department registry.
#[derive(Debug, Subcommand)]
pub enum DeptsAction {
    /// Register a department under its current name
    Add(DeptAddArgs),
    /// Rename a department from a date on (the old name stays in use before it)
    Rename(DeptRenameArgs),
    /// Merge departments into one new unit from a date on (each keeps its own name before it)
    Merge(DeptMergeArgs),
}

#[derive(Debug, Args)]
pub struct DeptAddArgs {
    /// The department's full current name
    #[arg(value_name = "NAME")]
    pub name: String,

    /// A short name people type for it (may be repeated)
    #[arg(long = "alias", value_name = "SHORT")]
    pub aliases: Vec<String>,

    /// Commit the files written with git (and plan.yaml, departments.yaml, the schema and .gitignore while untracked)
    #[arg(long)]
    pub commit: bool,
}

#[derive(Debug, Args)]
pub struct DeptRenameArgs {
    /// The department's current (or short) name
    #[arg(value_name = "OLD", add = ArgValueCompleter::new(complete::departments))]
    pub old: String,

    /// Its new name
    #[arg(value_name = "NEW")]
    pub new: String,

    /// The day the new name takes effect
    #[arg(long, value_parser = parse_date, value_name = "YYYY-MM-DD")]
    pub on: NaiveDate,

    /// Commit the files written with git (and plan.yaml, departments.yaml, the schema and .gitignore while untracked)
    #[arg(long)]
    pub commit: bool,
}

#[derive(Debug, Args)]
pub struct DeptMergeArgs {
    /// The merged departments' current (or short) names, at least two
    #[arg(value_name = "DEPT", required = true, add = ArgValueCompleter::new(complete::departments))]
    pub merged: Vec<String>,

    /// The merged unit's new name
    #[arg(long, value_name = "NAME")]
    pub into: String,

    /// The day the merger takes effect
    #[arg(long, value_parser = parse_date, value_name = "YYYY-MM-DD")]
    pub on: NaiveDate,

    /// Commit the files written with git (and plan.yaml, departments.yaml, the schema and .gitignore while untracked)
    #[arg(long)]
    pub commit: bool,
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    #[command(subcommand)]
    pub action: PlanAction,
}

/// `plan heading add`: changes to the plan file.
#[derive(Debug, Subcommand)]
pub enum PlanAction {
    /// The plan's headings
    Heading(HeadingArgs),
}

#[derive(Debug, Args)]
pub struct HeadingArgs {
    #[command(subcommand)]
    pub action: HeadingAction,
}

#[derive(Debug, Subcommand)]
pub enum HeadingAction {
    /// Add a heading after the last one
    Add(HeadingAddArgs),
}

#[derive(Debug, Args)]
pub struct HeadingAddArgs {
    /// The heading's title
    #[arg(long, value_name = "TEXT")]
    pub title: String,

    /// Its label (default: its number as a Chinese numeral in brackets)
    #[arg(long, value_name = "TEXT")]
    pub label: Option<String>,

    /// Commit the files written with git (and plan.yaml, departments.yaml, the schema and .gitignore while untracked)
    #[arg(long)]
    pub commit: bool,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    #[arg(long, value_enum, default_value_t = ValidateFormat::Text)]
    pub format: ValidateFormat,

    /// Count warnings as errors too (exit code 1)
    #[arg(long)]
    pub strict: bool,

    /// Check the files as staged for the next commit (git's index), not as they are in the working tree
    #[arg(long)]
    pub staged: bool,
}

#[derive(Debug, Args)]
pub struct UpdateArgs {
    /// The task's id, such as 1.1
    #[arg(add = ArgValueCompleter::new(complete::task_ids))]
    pub id: String,

    /// The new status: not_started, in_progress, done, delayed, cancelled (or the Chinese labels); recorded in the progress entry
    #[arg(long, value_parser = parse_status, value_name = "S", add = ArgValueCompleter::new(complete::statuses))]
    pub status: Option<Status>,

    /// Add a progress entry
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,

    /// The progress entry's problems
    #[arg(long, value_name = "TEXT")]
    pub problems: Option<String>,

    /// The progress entry's next steps
    #[arg(long, value_name = "TEXT")]
    pub next_steps: Option<String>,

    /// The progress entry's date (default: today)
    #[arg(long, value_parser = parse_date, value_name = "YYYY-MM-DD")]
    pub date: Option<NaiveDate>,

    /// The reporting period the entry is for (2020Q2, 2020-06, 2020): its date must lie in it or within 15 days after its end
    #[arg(long, value_parser = crate::period::Period::parse, value_name = "PERIOD", add = ArgValueCompleter::new(complete::periods))]
    pub period: Option<crate::period::Period>,

    /// The reporting unit: a lead or responsible department of the task; may be left out when the task has one lead
    #[arg(long, value_name = "DEPT", add = ArgValueCompleter::new(complete::departments))]
    pub by: Option<String>,

    /// A new due date (an extension); needs --reason
    #[arg(long, value_parser = parse_date, value_name = "YYYY-MM-DD")]
    pub due: Option<NaiveDate>,

    /// Why the due date is extended
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,

    /// Add a lead department
    #[arg(long, value_name = "DEPT", add = ArgValueCompleter::new(complete::departments))]
    pub add_lead: Vec<String>,

    /// Remove a lead department
    #[arg(long, value_name = "DEPT", add = ArgValueCompleter::new(complete::departments))]
    pub remove_lead: Vec<String>,

    /// Add a responsible department
    #[arg(long, value_name = "DEPT", add = ArgValueCompleter::new(complete::departments))]
    pub add_responsible: Vec<String>,

    /// Remove a responsible department
    #[arg(long, value_name = "DEPT", add = ArgValueCompleter::new(complete::departments))]
    pub remove_responsible: Vec<String>,

    /// Set the task's target (annual goal) for a year, with --goal
    #[arg(long, value_name = "YEAR", value_parser = clap::value_parser!(i32).range(1949..=2100))]
    pub target: Option<i32>,

    /// Set a milestone of the year's target: its date, with --goal
    #[arg(long, value_parser = parse_date, value_name = "YYYY-MM-DD")]
    pub milestone: Option<NaiveDate>,

    /// What --target or --milestone is to achieve
    #[arg(long, value_name = "TEXT")]
    pub goal: Option<String>,

    #[command(flatten)]
    pub write: WriteArgs,

    /// text: sentences; json: what was written (the file, the task, its new progress entries, status, deadline and departments, the commit's message), for scripts
    #[arg(long, value_enum, default_value_t = WrittenFormat::Text)]
    pub format: WrittenFormat,
}

/// Options shared by commands that write a task file.
#[derive(Debug, Args)]
pub struct WriteArgs {
    /// Commit the file with git after writing it (the message is written for you)
    #[arg(long)]
    pub commit: bool,

    /// Where the file cannot be changed in place, rewrite it in the canonical layout (keeping top-level comments)
    #[arg(long)]
    pub reformat: bool,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The section of the plan (1–7, or 一–七)
    #[arg(long, value_parser = parse_section, value_name = "N", add = ArgValueCompleter::new(complete::sections))]
    pub section: u32,

    /// The task's title
    #[arg(long, value_name = "TEXT")]
    pub title: String,

    /// The task's full text (default: the title and a full stop)
    #[arg(long, value_name = "TEXT")]
    pub text: Option<String>,

    /// Lead department (may be repeated)
    #[arg(long, value_name = "DEPT", required = true, add = ArgValueCompleter::new(complete::departments))]
    pub lead: Vec<String>,

    /// Responsible department (may be repeated)
    #[arg(long, value_name = "DEPT", add = ArgValueCompleter::new(complete::departments))]
    pub responsible: Vec<String>,

    /// The due date (default: the end of the plan, such as 2022-12-31)
    #[arg(long, value_parser = parse_date, value_name = "YYYY-MM-DD")]
    pub due: Option<NaiveDate>,

    /// The id (default: the section's next unused id)
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,

    /// Commit the file with git after writing it (and plan.yaml, departments.yaml, the schema and .gitignore while untracked)
    #[arg(long)]
    pub commit: bool,

    /// text: a sentence; json: what was written (the file, the task's id and title, the commit's message), for scripts
    #[arg(long, value_enum, default_value_t = WrittenFormat::Text)]
    pub format: WrittenFormat,
}

/// `--format` of a command that writes: a sentence, or JSON for scripts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum WrittenFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct FmtArgs {
    /// Only check: list the files that need rewriting and exit with 1 if any (for CI and pre-commit)
    #[arg(long)]
    pub check: bool,

    /// Only these tasks (default: all)
    #[arg(add = ArgValueCompleter::new(complete::task_ids))]
    pub ids: Vec<String>,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// The task's id, such as 1.1
    #[arg(add = ArgValueCompleter::new(complete::task_ids))]
    pub id: String,

    /// After writing, commit the file with git (the message is made for you)
    #[arg(long)]
    pub commit: bool,
}

#[derive(Debug, Args)]
pub struct LogArgs {
    /// The task's id, such as 1.1
    #[arg(add = ArgValueCompleter::new(complete::task_ids))]
    pub id: String,

    #[arg(long, value_enum, default_value_t = LogFormat::Table)]
    pub format: LogFormat,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The period of the progress section: a month (2019-03), a quarter (2019Q1), a half year (2019H1), a year (2019), years (2018-2022) or the whole plan (plan); default: the quarter of the as-of date
    #[arg(long, value_parser = crate::report::Period::parse, value_name = "PERIOD", add = ArgValueCompleter::new(complete::periods))]
    pub period: Option<crate::report::Period>,

    /// Only the tasks this department leads or supports
    #[arg(long, value_name = "NAME", add = ArgValueCompleter::new(complete::departments))]
    pub dept: Option<String>,

    /// Department names: current, as named on the as-of date (the default); as-written, as the notice wrote them
    #[arg(long, value_enum, default_value_t = NamesArg::Current)]
    pub names: NamesArg,

    /// The output format (default: from the extension of -o, otherwise table)
    #[arg(long, value_enum)]
    pub format: Option<ReportFormat>,

    /// Always the full layout in a terminal (default: the full layout only where all its tables fit the width, else a narrow layout that never breaks numbers, dates or department names)
    #[arg(long)]
    pub wide: bool,

    /// Write to this file, in the format its extension names: .xlsx .docx .html .md .json .txt; - is standard output (xlsx and docx need a file or a pipe)
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// The bulletin's (docx) document number, such as 潼督〔2020〕5号
    #[arg(long, value_name = "TEXT")]
    pub number: Option<String>,

    /// The bulletin's (docx) issuing office; default: the plan's supervision_office
    #[arg(long, value_name = "NAME")]
    pub issuer: Option<String>,

    /// The bulletin's (docx) date; default: the as-of date
    #[arg(long, value_parser = parse_date, value_name = "YYYY-MM-DD")]
    pub date: Option<NaiveDate>,

    /// The bulletin's (docx) title; default: the period's progress report, as the plan names the period
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,

    /// The bulletin's (docx) copies-to units (cc), separated by commas; default: the plan's bulletin.cc
    #[arg(long, value_name = "UNITS")]
    pub cc: Option<String>,
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
    /// Only list the tasks to be decided; do not change the plan file
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct CarryOverArgs {
    /// The id of the task to carry over
    #[arg(add = ArgValueCompleter::new(complete::task_ids))]
    pub id: String,

    /// The successor plan's tasks directory (with a plan.yaml)
    #[arg(long, value_name = "DIR")]
    pub to: PathBuf,

    /// Its id in the successor plan (default: the same, or the section's next one if taken)
    #[arg(long = "as", value_name = "ID")]
    pub new_id: Option<String>,

    /// Its due date in the successor plan (default: the end of that plan)
    #[arg(long, value_parser = parse_date, value_name = "YYYY-MM-DD")]
    pub due: Option<NaiveDate>,

    /// Commit both files with git after writing them
    #[arg(long)]
    pub commit: bool,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The new tasks directory (default: ./tasks); created if missing
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,

    /// The previous plan's tasks directory: keep its department registry (former and short names included), issuer and headings
    #[arg(long, value_name = "PREVIOUS_TASKS_DIR")]
    pub from: Option<PathBuf>,

    /// The plan's title (default: with --from, the previous title with the new years; otherwise a placeholder that validate warns about)
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,

    /// The plan's years, such as 2023-2027 (default: the years the title names, else with --from the five years after the previous plan, else this year and the next four)
    #[arg(long, value_parser = crate::init::parse_period, value_name = "FIRST-LAST")]
    pub period: Option<(i32, i32)>,

    /// The plan's date (default: today, or --as-of)
    #[arg(long, value_parser = parse_date, value_name = "YYYY-MM-DD")]
    pub date: Option<NaiveDate>,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The notice as a plain-text file (UTF-8, GBK or GB18030)
    pub notice: PathBuf,

    /// Only show the changes that would be made; write no file
    #[arg(long)]
    pub dry_run: bool,

    /// Where an existing task file cannot be changed in place, rewrite it in the canonical layout (keeping top-level comments)
    #[arg(long)]
    pub reformat: bool,

    /// The plan's date: required when the notice does not state it; when given, it wins
    #[arg(long, value_parser = parse_date, value_name = "YYYY-MM-DD")]
    pub date: Option<NaiveDate>,

    /// The text encoding (default: detected)
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
    /// A GitLab Code Quality report (JSON): merge requests show the problems line by line
    Gitlab,
}

/// `--lang`: the language of the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    /// Chinese
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
    /// Leads the task.
    Lead,
    /// Responsible for part of it (supports).
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

/// `--limit`: a positive number of tasks.
fn parse_limit(raw: &str) -> Result<usize, String> {
    raw.trim()
        .parse::<usize>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| {
            crate::tr!(
                "数量“{raw}”无效：应为正整数",
                "invalid count “{raw}”: expected a positive whole number"
            )
        })
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
