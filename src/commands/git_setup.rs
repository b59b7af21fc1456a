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
    let pattern = attribute_line(&root, &ctx.dir)?;
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
    let driver = format!("{} merge-driver %O %A %B %P --marker-size %L", program()?);
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
    let parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().replace(' ', "[[:space:]]"))
        .collect();
    let mut pattern = parts.join("/");
    if !pattern.is_empty() {
        pattern.push('/');
    }
    Ok(format!("{pattern}*.yaml merge=cooptrack"))
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
    Ok(format!("'{}'", full.replace('\'', r"'\''")))
}
