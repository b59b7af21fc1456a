//! Paging long output, as git does: when stdout is a terminal and the
//! output is taller than it, the output goes through `$COOPTRACK_PAGER`,
//! `$PAGER` or `less -FRX` (run by `sh -c`, with `LESS=FRX` unless set).
//! `--no-pager` turns it off; pipes and files are never paged. An empty
//! pager, or `cat`, means no pager. While the pager runs, Ctrl-C is the
//! pager's: cooptrack ignores SIGINT and waits for the pager to end.

use std::io::{self, IsTerminal, Write};
use std::process::{Command, Stdio};

const DEFAULT_PAGER: &str = "less -FRX";

/// The terminal stdout is, as (columns, rows); None for a pipe or file.
pub fn terminal_size() -> Option<(u16, u16)> {
    let (w, h) = terminal_size::terminal_size_of(io::stdout())?;
    Some((w.0, h.0))
}

/// The columns of the terminal stderr is on: when stdout is a pipe
/// (`cooptrack list | less`), usually still the terminal the user reads
/// the output in.
pub fn stderr_columns() -> Option<u16> {
    terminal_size::terminal_size_of(io::stderr()).map(|(w, _)| w.0)
}

/// Where output goes when it may be paged: held until the command ends,
/// then shown directly or through the pager.
#[derive(Debug)]
pub struct Pager {
    command: String,
    rows: u16,
}

impl Pager {
    /// The pager for this run, if stdout is a terminal and one is wanted.
    pub fn for_stdout(no_pager: bool) -> Option<Pager> {
        if no_pager || !io::stdout().is_terminal() {
            return None;
        }
        let (_, rows) = terminal_size()?;
        let from_env = |name: &str| std::env::var(name).ok();
        let command = from_env("COOPTRACK_PAGER")
            .or_else(|| from_env("PAGER"))
            .unwrap_or_else(|| DEFAULT_PAGER.to_string());
        let command = command.trim().to_string();
        if command.is_empty() || command == "cat" {
            return None;
        }
        Some(Pager { command, rows })
    }

    /// Shows `output`: directly when it fits the terminal (or the pager
    /// cannot be started), else through the pager, waiting for it to end.
    pub fn show(&self, output: &[u8]) -> io::Result<()> {
        let lines = output.iter().filter(|&&b| b == b'\n').count();
        if lines < usize::from(self.rows) {
            return write_stdout(output);
        }
        let mut command = Command::new("sh");
        command.arg("-c").arg(&self.command).stdin(Stdio::piped());
        if std::env::var_os("LESS").is_none() {
            command.env("LESS", "FRX");
        }
        let Ok(mut child) = command.spawn() else {
            return write_stdout(output);
        };
        // Ctrl-C goes to the pager (less takes it to stop a search); this
        // process, ignoring it, waits for the pager to end rather than
        // leave it running on the terminal without its parent.
        let _ignoring = IgnoreInterrupt::start();
        if let Some(mut stdin) = child.stdin.take() {
            // Quitting the pager early closes its input: not an error.
            match stdin.write_all(output) {
                Err(err) if err.kind() != io::ErrorKind::BrokenPipe => return Err(err),
                _ => {}
            }
        }
        child.wait()?;
        Ok(())
    }
}

/// SIGINT ignored for as long as this lives, then as it was before.
struct IgnoreInterrupt {
    #[cfg(unix)]
    previous: libc::sighandler_t,
}

impl IgnoreInterrupt {
    fn start() -> IgnoreInterrupt {
        IgnoreInterrupt {
            // SAFETY: signal() with SIG_IGN installs no handler code; the
            // previous disposition is put back on drop.
            #[cfg(unix)]
            previous: unsafe { libc::signal(libc::SIGINT, libc::SIG_IGN) },
        }
    }
}

impl Drop for IgnoreInterrupt {
    fn drop(&mut self) {
        #[cfg(unix)]
        if self.previous != libc::SIG_ERR {
            // SAFETY: restores the disposition signal() returned above.
            unsafe {
                libc::signal(libc::SIGINT, self.previous);
            }
        }
    }
}

fn write_stdout(output: &[u8]) -> io::Result<()> {
    let mut stdout = io::stdout().lock();
    stdout.write_all(output)?;
    stdout.flush()
}

/// Whether standard output is a regular file (`> 台账.csv`), not a
/// terminal or a pipe: where a CSV starts with the byte order mark Excel
/// needs, and a program reading a pipe does not.
pub fn stdout_is_file() -> bool {
    #[cfg(unix)]
    let handle = {
        use std::os::fd::AsFd;
        io::stdout()
            .as_fd()
            .try_clone_to_owned()
            .map(std::fs::File::from)
    };
    #[cfg(windows)]
    let handle = {
        use std::os::windows::io::AsHandle;
        io::stdout()
            .as_handle()
            .try_clone_to_owned()
            .map(std::fs::File::from)
    };
    #[cfg(not(any(unix, windows)))]
    let handle: io::Result<std::fs::File> = Err(io::Error::other("no handle"));
    handle
        .and_then(|file| file.metadata())
        .is_ok_and(|m| m.is_file())
}
