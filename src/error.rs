//! One error type for a run: its kind decides the exit code, so that a
//! script can tell "nothing was changed" (retry is safe) from "a file was
//! changed, then a later step failed" (retrying would do the work twice).
//!
//! Library code returns `anyhow::Result` and raises the rare kinds with
//! [`Error::locked`] or [`Error::with_diagnostics`]; `run()` turns whatever
//! comes back into an [`Error`], finding the kind in the error's chain.

use std::fmt;
use std::path::PathBuf;

use crate::diagnostics::Diagnostic;
use crate::i18n::list_separator;
use crate::tr;

/// What kind of failure ended the run, as far as the caller cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Exit 2: a usage or input error; nothing was changed.
    Input,
    /// Exit 3: a file was changed, then a later step failed (git commit,
    /// writing the confirmation, the next file).
    Changed,
    /// Exit 4: another cooptrack is writing in this directory.
    Locked,
}

impl ErrorKind {
    pub fn exit_code(self) -> u8 {
        match self {
            ErrorKind::Input => 2,
            ErrorKind::Changed => 3,
            ErrorKind::Locked => 4,
        }
    }
}

/// An error with its kind, and the problems found in files that explain it
/// (printed one per line above the message).
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    diagnostics: Vec<Diagnostic>,
    message: anyhow::Error,
}

/// The kind and diagnostics carried inside an `anyhow` chain until `run()`
/// takes them out.
#[derive(Debug)]
struct Tagged {
    kind: ErrorKind,
    diagnostics: Vec<Diagnostic>,
    message: String,
}

impl fmt::Display for Tagged {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Tagged {}

impl Error {
    /// What the user reads on stderr, one line each: the diagnostics (each
    /// escapes its own control characters), then `cooptrack: 错误：…`
    /// (`cooptrack: error: …`) as one line, whatever the message quotes
    /// from files or git.
    pub fn lines(&self) -> Vec<String> {
        let prefix = crate::i18n::pick("cooptrack: 错误：", "cooptrack: error: ");
        let line = format!("{prefix}{self}");
        self.diagnostics
            .iter()
            .map(ToString::to_string)
            .chain([crate::safe_text::escape_controls(&line).into_owned()])
            .collect()
    }

    /// Another cooptrack holds the directory's lock.
    pub fn locked(message: String) -> anyhow::Error {
        anyhow::Error::new(Tagged {
            kind: ErrorKind::Locked,
            diagnostics: Vec::new(),
            message,
        })
    }

    /// An input error explained by problems found in files.
    pub fn with_diagnostics(diagnostics: Vec<Diagnostic>, message: String) -> anyhow::Error {
        anyhow::Error::new(Tagged {
            kind: ErrorKind::Input,
            diagnostics,
            message,
        })
    }

    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    pub fn exit_code(&self) -> u8 {
        self.kind.exit_code()
    }

    /// Problems in files that explain the error, one line each.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The error of a run that had already written `changed` when it
    /// failed: whatever the cause, the files are changed, and the message
    /// says which.
    pub fn after_writing(mut self, changed: &[PathBuf]) -> Error {
        if changed.is_empty() || self.kind == ErrorKind::Changed {
            return self;
        }
        let files: Vec<String> = changed.iter().map(|p| p.display().to_string()).collect();
        let files = files.join(list_separator());
        let cause = format!("{:#}", self.message);
        self.message = anyhow::anyhow!(tr!(
            "已写入 {files}，但之后的步骤失败：{cause}",
            "{files} written, but a later step failed: {cause}"
        ));
        self.kind = ErrorKind::Changed;
        self
    }
}

impl From<anyhow::Error> for Error {
    fn from(message: anyhow::Error) -> Error {
        let (kind, diagnostics) = match message.chain().find_map(|e| e.downcast_ref::<Tagged>()) {
            Some(tagged) => (tagged.kind, tagged.diagnostics.clone()),
            None => (ErrorKind::Input, Vec::new()),
        };
        Error {
            kind,
            diagnostics,
            message,
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(err: std::io::Error) -> Error {
        Error::from(anyhow::Error::new(err))
    }
}

impl fmt::Display for Error {
    /// The message and its causes, as `{:#}` joins them, but with what the
    /// system said in the run's language (see [`crate::read::os_error_text`]).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (n, cause) in self.message.chain().enumerate() {
            if n > 0 {
                f.write_str(": ")?;
            }
            match cause.downcast_ref::<std::io::Error>() {
                Some(io) => f.write_str(&crate::read::os_error_text(io))?,
                None => write!(f, "{cause}")?,
            }
        }
        Ok(())
    }
}

impl Error {
    /// A reader that went away (`cooptrack list | head`) is not an error.
    pub fn is_broken_pipe(&self) -> bool {
        self.message.chain().any(|cause| {
            cause
                .downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context as _;

    #[test]
    fn the_kind_is_found_under_added_context() {
        let err: anyhow::Error = Err::<(), _>(Error::locked("锁".into()))
            .context("外层")
            .unwrap_err();
        let err = Error::from(err);
        assert_eq!(err.kind(), ErrorKind::Locked);
        assert_eq!(err.exit_code(), 4);
        assert_eq!(err.to_string(), "外层: 锁");
        assert_eq!(Error::from(anyhow::anyhow!("x")).exit_code(), 2);
    }

    #[test]
    fn a_failure_after_a_write_is_exit_3_and_names_the_file() {
        let err = Error::from(anyhow::anyhow!("git commit 失败"))
            .after_writing(&[PathBuf::from("tasks/1.1.yaml")]);
        assert_eq!(err.exit_code(), 3);
        assert_eq!(
            err.to_string(),
            "已写入 tasks/1.1.yaml，但之后的步骤失败：git commit 失败"
        );
        // Lock trouble before anything was written stays exit 4.
        let locked = Error::from(Error::locked("锁".into())).after_writing(&[]);
        assert_eq!(locked.exit_code(), 4);
    }
}
