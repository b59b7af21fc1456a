//! `cooptrack edit ID`: a task file changed in the user's editor, checked
//! on save, as `kubectl edit` does.
//!
//! The editor gets a copy of the file. What it saves is checked with the
//! same per-file rules every writer passes; while it breaks one, the editor
//! opens again with the problems as comments at the top (lines starting
//! `#>`, taken off again before the check). The file comes back unchanged:
//! nothing is written (a copy that was never valid is kept and named). Only
//! a valid text is written, under the directory's lock, atomically, and
//! only if nobody changed the file meanwhile.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{anyhow, bail, Result};

use super::{Journal, Prepared, Session};
use crate::diagnostics::Diagnostic;
use crate::store::{self, Store};
use crate::tr;

/// The mark of the lines `edit` adds at the top of the copy.
pub const PROBLEM_MARK: &str = "#>";

/// How an edit ended.
#[derive(Debug)]
pub enum Edited {
    /// The file was written.
    Written(Prepared),
    /// The editor gave the file back as it was: nothing was written.
    Unchanged,
    /// The editor gave back, unchanged, a text that still breaks rules:
    /// nothing was written; the text is kept in `kept`.
    GaveUp {
        problems: Vec<String>,
        kept: PathBuf,
    },
}

/// Edits the task file at `path` of the tasks directory `dir` with `editor`
/// (a command line, run by the shell with the file's path after it).
pub fn edit(dir: &Path, path: &Path, editor: &str, journal: &Journal) -> Result<Edited> {
    let store = Store::load_meta(dir)?;
    store.require_usable()?;
    let original = crate::read::read_text(path).map_err(|d| anyhow!("{d}"))?;
    let scratch = tempfile::Builder::new()
        .prefix("cooptrack-edit-")
        .tempdir()?;
    let copy = scratch.path().join(path.file_name().unwrap_or_default());
    let mut body = original.clone();
    let mut problems = problems_in(&store, path, &original);
    loop {
        let shown = with_problems(&problems, &body);
        std::fs::write(&copy, &shown)?;
        run_editor(editor, &copy)?;
        let saved = crate::read::read_text(&copy).map_err(|d| anyhow!("{d}"))?;
        let saved_body = without_problems(&saved);
        if saved_body == original {
            return Ok(Edited::Unchanged);
        }
        if saved_body == body && !problems.is_empty() {
            // Given back with the same problems: the user gives up.
            let kept = scratch.keep().join(copy.file_name().unwrap_or_default());
            return Ok(Edited::GaveUp { problems, kept });
        }
        body = saved_body;
        problems = problems_in(&store, path, &body);
        if problems.is_empty() {
            break;
        }
    }
    let session = Session::begin(dir, journal)?;
    let now = crate::read::read_text(path).map_err(|d| anyhow!("{d}"))?;
    if now != original {
        let kept = scratch.keep().join(copy.file_name().unwrap_or_default());
        std::fs::write(&kept, &body)?;
        bail!(tr!(
            "{}: 编辑期间该文件已被他人修改，未写入；你的版本保存在 {}",
            "{}: the file was changed by someone else while you edited it, so nothing was written; your version is in {}",
            crate::safe_text::path_shown(path),
            kept.display()
        ));
    }
    let prepared = Prepared {
        path: path.to_path_buf(),
        old: Some(original),
        new: body,
        reformatted: false,
    };
    session.write(&prepared)?;
    Ok(Edited::Written(prepared))
}

/// The errors the per-file rules find in `text`, as `line:column: message`.
fn problems_in(store: &Store, path: &Path, text: &str) -> Vec<String> {
    let (_, found) = store::parse_task(path, text, &store.rules());
    found
        .iter()
        .filter(|d| d.is_error())
        .map(|d: &Diagnostic| match d.position {
            Some(p) => tr!(
                "第 {} 行第 {} 列：{}",
                "line {}, column {}: {}",
                p.line,
                p.column,
                d.message
            ),
            None => d.message.clone(),
        })
        .collect()
}

/// The copy the editor gets: the problems on top, each line marked.
fn with_problems(problems: &[String], body: &str) -> String {
    if problems.is_empty() {
        return body.to_string();
    }
    let mut out = format!(
        "{PROBLEM_MARK} {}\n",
        tr!(
            "cooptrack edit：有 {} 个问题，修正后才能保存（行号不计这些以 #> 开头的行；原样保存则放弃修改）：",
            "cooptrack edit: {} problems to fix before this can be saved (line numbers leave out these #> lines; save it as it is to give up):",
            problems.len()
        )
    );
    for problem in problems {
        for line in problem.lines() {
            out.push_str(&format!("{PROBLEM_MARK}   {line}\n"));
        }
    }
    out.push_str(body);
    out
}

/// The text without the problem lines `with_problems` put on top.
fn without_problems(text: &str) -> String {
    let mut rest = text;
    while rest.starts_with(PROBLEM_MARK) {
        rest = rest.split_once('\n').map_or("", |(_, after)| after);
    }
    rest.to_string()
}

/// Runs the editor on `file` and waits for it, as git runs `$EDITOR`: the
/// command line through the shell (so `code --wait` works), the file's path
/// after it.
fn run_editor(editor: &str, file: &Path) -> Result<()> {
    let status = if cfg!(windows) {
        let mut words = editor.split_whitespace();
        let program = words.next().unwrap_or("notepad");
        Command::new(program).args(words).arg(file).status()
    } else {
        Command::new("sh")
            .arg("-c")
            .arg(format!("{editor} \"$@\""))
            .arg(editor)
            .arg(file)
            .status()
    };
    let status = status.map_err(|err| {
        anyhow!(tr!(
            "无法启动编辑器“{editor}”：{}；未作修改",
            "cannot start the editor “{editor}”: {}; nothing was changed",
            crate::read::os_error_text(&err)
        ))
    })?;
    if !status.success() {
        let code = status
            .code()
            .map_or_else(|| "-".to_string(), |c| c.to_string());
        bail!(tr!(
            "编辑器“{editor}”异常退出（退出码 {code}），未作修改",
            "the editor “{editor}” failed (exit code {code}), so nothing was changed"
        ));
    }
    Ok(())
}

/// The editor the environment names: `$VISUAL`, else `$EDITOR`, else `vi`
/// (`notepad` on Windows), as git chooses.
pub fn editor_from_env() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.trim().is_empty())
        .unwrap_or_else(|| if cfg!(windows) { "notepad" } else { "vi" }.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problem_lines_go_on_top_and_come_off_again() {
        crate::i18n::set(crate::i18n::Lang::Zh);
        let body = "# yaml-language-server: $schema=x\nid: \"1.1\"\n";
        let shown = with_problems(&["第 2 行第 5 列：错\n续".to_string()], body);
        assert!(shown.starts_with("#> cooptrack edit：有 1 个问题"));
        assert!(shown.contains("#>   第 2 行第 5 列：错\n#>   续\n# yaml"));
        assert_eq!(without_problems(&shown), body);
        assert_eq!(with_problems(&[], body), body);
        assert_eq!(without_problems(body), body);
    }
}
