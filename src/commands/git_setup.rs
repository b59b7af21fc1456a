//! `cooptrack git-setup`: the merge driver for this repository's task
//! files: `.gitattributes` (versioned, shared by every clone) and the
//! driver in the repository's git config (not versioned: once per clone).

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};

use super::Outcome;
use crate::context::Context;
use crate::edit::session::write_atomic;
use crate::render::line;
use crate::{git, tr};

const DRIVER_NAME: &str = "cooptrack：按字段合并任务文件（进展记录合并，不冲突）";

pub fn run(ctx: &Context, out: &mut dyn Write) -> Result<Outcome> {
    let root = git::toplevel(&ctx.dir)?;
    // Both lines are made, and refused if they cannot be, before anything
    // is written.
    let pattern = attribute_line(&root, &ctx.dir)?;
    let driver = format!("{} merge-driver %O %A %B %P --marker-size %L", program()?);
    let attributes = root.join(".gitattributes");
    let text = std::fs::read_to_string(&attributes).unwrap_or_default();
    if text.lines().any(|l| l.trim() == pattern) {
        line(
            out,
            &tr!(
                ".gitattributes 已有：{pattern}",
                ".gitattributes has: {pattern}"
            ),
        )?;
    } else {
        let mut new = text.clone();
        if !new.is_empty() && !new.ends_with('\n') {
            new.push('\n');
        }
        new.push_str(&pattern);
        new.push('\n');
        write_atomic(&attributes, new.as_bytes(), false)?;
        line(
            out,
            &tr!(
                "已写入 .gitattributes：{pattern}（请提交，每个克隆都用它）",
                "wrote .gitattributes: {pattern} (commit it: every clone uses it)"
            ),
        )?;
    }
    for (key, value) in [
        ("merge.cooptrack.name", DRIVER_NAME),
        ("merge.cooptrack.driver", driver.as_str()),
    ] {
        if git::local_config(&root, key).as_deref() == Some(value) {
            line(
                out,
                &tr!(
                    "git 配置已有：{key} = {value}",
                    "git config has: {key} = {value}"
                ),
            )?;
        } else {
            git::set_local_config(&root, key, value)?;
            line(
                out,
                &tr!(
                    "已设置 git 配置：{key} = {value}",
                    "set git config: {key} = {value}"
                ),
            )?;
        }
    }
    Ok(Outcome::Success)
}

/// `tasks/*.yaml merge=cooptrack`, for the tasks directory as it sits in
/// the repository.
fn attribute_line(root: &Path, tasks: &Path) -> Result<String> {
    let root = root
        .canonicalize()
        .with_context(|| root.display().to_string())?;
    let tasks = tasks
        .canonicalize()
        .with_context(|| tasks.display().to_string())?;
    let relative = tasks.strip_prefix(&root).unwrap_or(Path::new(""));
    let parts = relative
        .components()
        .map(|c| {
            let part = c.as_os_str().to_str().ok_or_else(|| {
                anyhow::anyhow!(tr!(
                    "任务目录的路径 {} 不是 UTF-8，无法写成 .gitattributes 的模式；未写入任何内容",
                    "the tasks directory's path {} is not UTF-8 and cannot be written as a .gitattributes pattern; nothing was written",
                    relative.display()
                ))
            })?;
            escape_pattern(part).ok_or_else(|| {
                anyhow::anyhow!(tr!(
                    "任务目录的路径 {} 含换行符，无法写成 .gitattributes 的一行；请改名后再运行；未写入任何内容",
                    "the tasks directory's path {} holds a line break, which no .gitattributes line can hold: rename it and run again; nothing was written",
                    relative.display()
                ))
            })
        })
        .collect::<Result<Vec<String>>>()?;
    let mut pattern = parts.join("/");
    if !pattern.is_empty() {
        pattern.push('/');
    }
    Ok(format!("{pattern}*.yaml merge=cooptrack"))
}

/// One directory name as a gitattributes pattern that matches it and
/// nothing else of note: git's wildcard characters (`* ? [ ] \`), a `#`
/// or `!` that would start a comment or a negation, and a `"` that would
/// start a quoted pattern are escaped with `\`; a space or tab (which
/// would end the pattern) becomes `[[:space:]]`. None for a name with a
/// line break, which no line can hold.
fn escape_pattern(part: &str) -> Option<String> {
    let mut out = String::with_capacity(part.len());
    for c in part.chars() {
        match c {
            '\n' | '\r' => return None,
            ' ' | '\t' => out.push_str("[[:space:]]"),
            '*' | '?' | '[' | ']' | '\\' | '#' | '!' | '"' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    Some(out)
}

/// How git should call this binary: `cooptrack` when that name on PATH is
/// this very program, else its full path (quoted for the shell git uses).
pub(crate) fn program() -> Result<String> {
    let me = std::env::current_exe()?.canonicalize()?;
    let name = me.file_name().map(PathBuf::from).unwrap_or_default();
    let on_path = std::env::var_os("PATH").is_some_and(|paths| {
        std::env::split_paths(&paths)
            .any(|dir| dir.join(&name).canonicalize().is_ok_and(|p| p == me))
    });
    if on_path && name.to_string_lossy() == "cooptrack" {
        return Ok("cooptrack".to_string());
    }
    let full = me.display().to_string().replace('\\', "/");
    if full.contains(['\n', '\r']) {
        anyhow::bail!(tr!(
            "本程序的路径 {full:?} 含换行符，无法写入 git 配置的合并驱动；请移到别处后再运行；未写入任何内容",
            "this program's path {full:?} holds a line break and cannot be written into git's merge driver: move it and run again; nothing was written"
        ));
    }
    // Quoted for the shell; every `%` doubled, or git would put the file
    // name where the path says `%P`.
    Ok(format!("'{}'", full.replace('\'', r"'\''")).replace('%', "%%"))
}
