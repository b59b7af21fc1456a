//! Validation results as text, JSON or GitHub Actions annotations.

use std::io::{self, Write};

use serde::Serialize;

use crate::diagnostics::{Diagnostic, Severity};
use crate::i18n::count;
use crate::tr;

/// Totals printed after the diagnostics.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Summary {
    pub files_checked: usize,
    pub errors: usize,
    pub warnings: usize,
}

impl Summary {
    pub fn new(files_checked: usize, diagnostics: &[Diagnostic]) -> Summary {
        let errors = diagnostics.iter().filter(|d| d.is_error()).count();
        Summary {
            files_checked,
            errors,
            warnings: diagnostics.len() - errors,
        }
    }

    pub fn line(&self) -> String {
        let (files, errors, warnings) = (self.files_checked, self.errors, self.warnings);
        let (files_en, errors_en, warnings_en) = (
            count(files, "task file", "task files"),
            count(errors, "error", "errors"),
            count(warnings, "warning", "warnings"),
        );
        tr!(
            "检查了 {files} 个任务文件：{errors} 个错误，{warnings} 个警告",
            "checked {files_en}: {errors_en}, {warnings_en}"
        )
    }
}

pub fn text(out: &mut dyn Write, diagnostics: &[Diagnostic], summary: Summary) -> io::Result<()> {
    for d in diagnostics {
        writeln!(out, "{d}")?;
    }
    writeln!(out, "{}", summary.line())
}

pub fn json(out: &mut dyn Write, diagnostics: &[Diagnostic], summary: Summary) -> io::Result<()> {
    #[derive(Serialize)]
    struct Report<'a> {
        #[serde(flatten)]
        summary: Summary,
        diagnostics: &'a [Diagnostic],
    }
    super::json::write(
        out,
        &Report {
            summary,
            diagnostics,
        },
    )
}

/// `::error file=…,line=…,col=…::message`, understood by GitHub Actions.
pub fn github(out: &mut dyn Write, diagnostics: &[Diagnostic], summary: Summary) -> io::Result<()> {
    for d in diagnostics {
        let kind = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut properties = format!("file={}", escape_property(&super::path_shown(&d.file)));
        if let Some(p) = d.position {
            properties.push_str(&format!(",line={},col={}", p.line, p.column));
        }
        writeln!(out, "::{kind} {properties}::{}", escape_data(&d.message))?;
    }
    writeln!(out, "{}", summary.line())
}

/// GitLab's Code Quality report: a JSON array of issues, each with a
/// stable fingerprint (file, line and message), so a merge request shows
/// each problem on its line and which ones it fixed or introduced.
pub fn gitlab(out: &mut dyn Write, diagnostics: &[Diagnostic]) -> io::Result<()> {
    let issues: Vec<serde_json::Value> = diagnostics
        .iter()
        .map(|d| {
            let path = super::path_shown(&d.file);
            let line = d.position.map_or(1, |p| p.line);
            let severity = match d.severity {
                Severity::Error => "major",
                Severity::Warning => "minor",
            };
            serde_json::json!({
                "description": d.message,
                "check_name": "cooptrack-validate",
                "fingerprint": crate::fingerprint::of(&[path.clone(), line.to_string(), d.message.clone()]),
                "severity": severity,
                "location": {"path": path, "lines": {"begin": line}},
            })
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &issues)?;
    writeln!(out)
}

/// GitHub's escapes for line breaks, then the other control characters
/// shown as escapes (the workflow log is a terminal of sorts).
fn escape_data(text: &str) -> String {
    let text = text
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    super::escape_controls(&text).into_owned()
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}
