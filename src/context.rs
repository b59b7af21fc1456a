//! What every command needs, resolved once from the command line and the
//! environment: where the tasks are, "today", and how to draw output.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::{bail, Result};
use chrono::{Local, NaiveDate};

use crate::cli::{Cli, ColorChoice, Command};
use crate::config::Config;
use crate::edit::Journal;
use crate::i18n::Lang;
use crate::render::Style;
use crate::store::{find_tasks_dir, Store};
use crate::tr;

/// Tables wider than the terminal wrap; with no terminal (or a tiny one)
/// they are laid out for this many columns: output that goes to a file
/// (`> file`, `-o x.txt`) is read in an editor or printed, as narrow as a
/// terminal.
const FALLBACK_WIDTH: u16 = 80;
const MIN_WIDTH: u16 = 50;
const TINY_TERMINAL_WIDTH: u16 = 80;

#[derive(Debug)]
pub struct Context {
    pub dir: PathBuf,
    /// "Today": `--as-of` or the local date.
    pub today: NaiveDate,
    /// Whether `--as-of` was given (some commands require it).
    pub as_of_given: bool,
    pub style: Style,
    /// The files this run has written, so that a failure afterwards is
    /// reported as "changed, then failed" (exit 3).
    pub journal: Journal,
    /// The run's language (see [`Cli::language`]), for what renders text
    /// in it explicitly. (Kept though nothing reads it yet: the renderers
    /// of the report take it next, issue 19 §6.)
    #[allow(dead_code)]
    pub lang: Lang,
    /// `.cooptrack.toml`: the defaults for `--dept` and `--by`.
    pub config: Config,
}

impl Context {
    pub fn from_cli(cli: &Cli, lang: Lang, config: Config) -> Result<Context> {
        if let Some(limit) = cli.max_file_size {
            crate::read::set_max_file_size(limit);
        }
        let dir = match (&cli.command, &cli.dir) {
            // `import` creates its directory: take it as given, or the
            // nearest tasks/ if there is one, else ./tasks.
            (Command::Import(_), Some(dir)) => dir.clone(),
            (Command::Import(_), None) => {
                find_tasks_dir(None).unwrap_or_else(|_| PathBuf::from(crate::layout::TASKS_DIR))
            }
            // These print what the binary knows; they read no tasks.
            // (`init` makes its own directory, given as its argument.)
            (
                Command::Schema(_)
                | Command::Completions(_)
                | Command::Man(_)
                | Command::Init(_)
                | Command::MergeDriver(_),
                dir,
            ) => dir.clone().unwrap_or_default(),
            (_, dir) => {
                let found = find_tasks_dir(dir.as_deref())?;
                if let Some(hint) = crate::init::tasks_below_hint(&found) {
                    bail!(hint);
                }
                found
            }
        };
        Ok(Context {
            dir,
            today: cli.as_of.unwrap_or_else(|| Local::now().date_naive()),
            as_of_given: cli.as_of.is_some(),
            style: Style {
                color: use_color(cli.color),
                width: table_width(),
            },
            journal: Journal::default(),
            lang,
            config,
        })
    }

    pub fn load(&self) -> Result<Store> {
        Store::load(&self.dir)
    }

    /// The registry and plan only; tasks follow with `Store::load_tasks`.
    pub fn load_meta(&self) -> Result<Store> {
        Store::load_meta(&self.dir)
    }
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => {
            let _ = anstyle_query::windows::enable_ansi_colors();
            true
        }
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
            let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
            // Windows' console shows escape codes as text (←[1m) unless
            // asked to read them; where that fails, no colour.
            !no_color
                && !dumb
                && std::io::stdout().is_terminal()
                && anstyle_query::windows::enable_ansi_colors().unwrap_or(true)
        }
    }
}

fn table_width() -> u16 {
    let terminal = crate::pager::terminal_size().map(|(columns, _)| columns);
    // Piped (`| less`, `| head`): laid out for the terminal still showing
    // it; redirected to a file (`> file`), for none.
    let stderr = || {
        if stdout_is_a_file() {
            None
        } else {
            crate::pager::stderr_columns()
        }
    };
    sane_width(terminal.or_else(columns).or_else(stderr))
}

/// `$COLUMNS`, if it holds a number.
fn columns() -> Option<u16> {
    std::env::var("COLUMNS").ok()?.trim().parse::<u16>().ok()
}

fn sane_width(width: Option<u16>) -> u16 {
    match width {
        Some(w) if w >= MIN_WIDTH => w,
        Some(_) => TINY_TERMINAL_WIDTH,
        None => FALLBACK_WIDTH,
    }
}

/// The width of text written to a file (`-o x.txt`): `$COLUMNS`, else 80.
pub fn file_width() -> u16 {
    sane_width(columns())
}

/// Whether stdout is a regular file (`cooptrack report > file`), not a
/// terminal or a pipe.
fn stdout_is_a_file() -> bool {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        let Ok(fd) = std::io::stdout().as_fd().try_clone_to_owned() else {
            return false;
        };
        std::fs::File::from(fd)
            .metadata()
            .is_ok_and(|m| m.is_file())
    }
    #[cfg(not(unix))]
    {
        false
    }
}

/// The format named by an output file's extension, as `--format` spells
/// it: `x.xlsx` → `xlsx`, `x.md` → `markdown`, `x.txt` → `table`.
pub fn format_of_extension(path: &Path) -> Option<(String, &'static str)> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    let name = match ext.as_str() {
        "xlsx" => "xlsx",
        "html" | "htm" => "html",
        "md" | "markdown" => "markdown",
        "json" => "json",
        "csv" => "csv",
        "docx" => "docx",
        "txt" => "table",
        _ => return None,
    };
    Some((ext, name))
}

/// The output format of a command with `--format` and `-o FILE`: an
/// explicit `--format` wins, but may not contradict the file's extension;
/// otherwise the extension decides; otherwise `default`. An extension
/// naming a format the command cannot write is an error, so that nothing
/// ever writes text into a file named `.xlsx`.
pub fn output_format<F: clap::ValueEnum + PartialEq>(
    explicit: Option<F>,
    output: Option<&Path>,
    default: F,
) -> Result<F> {
    let from_extension = output.and_then(format_of_extension);
    let Some((ext, name)) = from_extension else {
        let unknown = output
            .and_then(Path::extension)
            .map(|e| e.to_string_lossy().into_owned());
        if let (Some(ext), None) = (unknown, &explicit) {
            let pdf = if ext.eq_ignore_ascii_case("pdf") {
                tr!(
                    "；要 PDF，请输出 .docx 或 .html 后用 LibreOffice 或浏览器转换",
                    "; for a PDF, write .docx or .html and convert it with LibreOffice or a browser"
                )
            } else {
                String::new()
            };
            bail!(tr!(
                "输出文件的扩展名 .{ext} 不对应任何格式：可用 .xlsx .docx .html .md .json .txt，或用 --format 指明格式{pdf}",
                "the output file's extension .{ext} names no format: use .xlsx .docx .html .md .json .txt, or name the format with --format{pdf}"
            ));
        }
        return Ok(explicit.unwrap_or(default));
    };
    let spelled = |f: &F| {
        f.to_possible_value()
            .map(|v| v.get_name().to_string())
            .unwrap_or_default()
    };
    let Ok(implied) = F::from_str(name, false) else {
        let known: Vec<String> = F::value_variants().iter().map(spelled).collect();
        let known = known.join(", ");
        bail!(tr!(
            "输出文件的扩展名 .{ext} 对应 {name} 格式，但此命令不能输出 {name}（可用格式：{known}）",
            "the output file's extension .{ext} means the {name} format, which this command cannot write (formats: {known})"
        ));
    };
    match explicit {
        Some(given) if given != implied => {
            let given = spelled(&given);
            bail!(tr!(
                "--format {given} 与输出文件的扩展名 .{ext}（{name} 格式）矛盾：去掉 --format，或改用相应的扩展名",
                "--format {given} contradicts the output file's extension .{ext} (the {name} format): drop --format, or use a matching extension"
            ))
        }
        _ => Ok(implied),
    }
}
