//! `cooptrack git-setup --hook`: a pre-commit hook that validates what is
//! being committed (`validate --staged`), with the cooptrack found on PATH
//! or, failing that, the binary that installed it. No cargo: a ledger
//! repository has no source tree.

use std::io::Write;
use std::path::Path;

use anyhow::{bail, Context as _, Result};

use crate::context::Context;
use crate::edit::session::write_atomic;
use crate::render::line;
use crate::{git, tr};

/// The hook's second line: how a hook of ours is told from another.
const MARK: &str = "# cooptrack pre-commit hook (cooptrack git-setup --hook)";

pub fn install(ctx: &Context, out: &mut dyn Write) -> Result<()> {
    let root = git::toplevel(&ctx.dir)?;
    let hooks = git_path(&root, "hooks")?;
    let path = hooks.join("pre-commit");
    if let Ok(existing) = std::fs::read_to_string(&path) {
        if !existing.contains(MARK) {
            bail!(tr!(
                "{} 已有另一个 pre-commit 钩子，未覆盖：请在其中加上一行 cooptrack --dir 任务目录 validate --staged",
                "{} holds another pre-commit hook, left as it is: add the line cooptrack --dir TASKS_DIR validate --staged to it",
                path.display()
            ));
        }
    }
    let text = script(
        &relative_dir(&root, &ctx.dir)?,
        &super::git_setup::program()?,
    );
    std::fs::create_dir_all(&hooks).with_context(|| {
        tr!(
            "{}: 无法创建目录",
            "{}: cannot create the directory",
            hooks.display()
        )
    })?;
    write_atomic(&path, text.as_bytes(), false)?;
    make_executable(&path)?;
    line(
        out,
        &tr!(
            "已安装 pre-commit 钩子 {}：每次提交前检查将要提交的任务文件（validate --staged）",
            "installed the pre-commit hook {}: each commit's task files are checked as staged (validate --staged)",
            path.display()
        ),
    )?;
    Ok(())
}

/// The hook: run from the repository's root, as git runs hooks.
fn script(dir: &str, program: &str) -> String {
    let dir = shell_quote(dir);
    format!(
        "#!/bin/sh\n{MARK}: the task files being committed (git's index, not the working tree) must validate.\n\
         if command -v cooptrack >/dev/null 2>&1; then\n  exec cooptrack --dir {dir} validate --staged\nfi\n\
         exec {program} --dir {dir} validate --staged\n"
    )
}

fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// The tasks directory relative to the repository's root (`.` at it).
fn relative_dir(root: &Path, dir: &Path) -> Result<String> {
    let canonical = |p: &Path| {
        p.canonicalize()
            .with_context(|| tr!("{}: 无法访问", "{}: cannot access it", p.display()))
    };
    let relative = canonical(dir)?
        .strip_prefix(canonical(root)?)
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .unwrap_or_default();
    Ok(if relative.is_empty() {
        ".".to_string()
    } else {
        relative
    })
}

/// Where git keeps `name` for this clone (`.git/hooks`, or the
/// configured hooks path).
fn git_path(root: &Path, name: &str) -> Result<std::path::PathBuf> {
    let output = std::process::Command::new("git")
        .current_dir(root)
        .args(["rev-parse", "--git-path", name])
        .output()
        .with_context(|| tr!("无法运行 git", "cannot run git"))?;
    if !output.status.success() {
        bail!(tr!(
            "git rev-parse 失败：{}",
            "git rev-parse failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    let path = String::from_utf8_lossy(&output.stdout).trim().to_string();
    Ok(root.join(path))
}

#[cfg(unix)]
fn make_executable(path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
        .with_context(|| path.display().to_string())
}

#[cfg(not(unix))]
fn make_executable(_: &Path) -> Result<()> {
    Ok(())
}
