//! Where a command's `-o FILE` writes, the same for every command that
//! has one: `-o -` is standard output; a symlink writes its target, held
//! to the same checks; nothing inside the tasks directory, and nothing
//! that is not a regular file, is written; a file is written whole or not
//! at all; binary formats (xlsx, docx) never go to a terminal.

use std::io::{IsTerminal as _, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Result};

use crate::edit::session::write_atomic;
use crate::i18n::pick;
use crate::render::Style;
use crate::{render, tr};

/// Where the output goes, once `-o` is checked.
#[derive(Debug, Clone)]
pub struct Output {
    /// The file to write (a symlink's target), or None for standard output.
    file: Option<PathBuf>,
    /// `-o -`: standard output asked for by name.
    to_stdout: bool,
}

impl Output {
    /// `-o` as given (None: standard output), checked against the tasks
    /// directory `tasks`.
    pub fn resolve(tasks: &Path, given: Option<&Path>) -> Result<Output> {
        let file = match given {
            Some(path) if path == Path::new("-") => None,
            Some(path) => {
                refuse_inside(tasks, path)?;
                let target = output_target(path)?;
                refuse_inside(tasks, &target)?;
                Some(target)
            }
            None => None,
        };
        Ok(Output {
            file,
            to_stdout: given == Some(Path::new("-")),
        })
    }

    /// The file written, if any: its extension names the format.
    pub fn file(&self) -> Option<&Path> {
        self.file.as_deref()
    }

    /// Draws the output where it goes: to `out` (a terminal or pipe), or
    /// into the file, whole, without colours and at the file width, then
    /// says so on `out`. A `binary` format needs a file or a pipe; the
    /// refusal names `example` (such as "-o 通报.docx").
    pub fn emit(
        &self,
        out: &mut dyn Write,
        style: Style,
        binary: bool,
        example: &str,
        draw: impl Fn(&mut dyn Write, Style) -> Result<()>,
    ) -> Result<()> {
        match &self.file {
            // `-o -` to a pipe or file: the workbook or document as bytes.
            None if binary && self.to_stdout && !std::io::stdout().is_terminal() => draw(
                out,
                Style {
                    color: false,
                    ..style
                },
            ),
            None if binary && self.to_stdout => Err(anyhow::anyhow!(pick(
                "-o -：xlsx、docx 是二进制文件，不能输出到终端；请重定向到文件或管道，或用 -o 指定输出文件",
                "-o -: xlsx and docx are binary formats and are not written to a terminal; redirect standard output to a file or pipe, or name the output file with -o",
            ))),
            None if binary => Err(anyhow::anyhow!(tr!(
                "xlsx、docx 是二进制文件，请用 -o 指定输出文件，如 {example}",
                "xlsx and docx are binary formats: name the output file with -o, such as {example}"
            ))),
            // Straight to the terminal or pipe: nothing buffered.
            None => draw(out, style),
            Some(path) => {
                // A file gets no terminal colours, and is written whole or not at all.
                let mut bytes = Vec::new();
                draw(
                    &mut bytes,
                    Style {
                        color: false,
                        width: crate::context::file_width(),
                    },
                )?;
                write_atomic(path, &bytes, false)?;
                render::line(out, &tr!("已写入 {}", "wrote {}", path.display()))?;
                Ok(())
            }
        }
    }
}

/// The file `-o` writes: the path itself, or, for a symlink, the file it
/// points to (followed to the end, a dangling link's target included).
/// Anything there that is not a regular file (a device, FIFO, socket or
/// directory) is refused, its kind named, and nothing is replaced.
fn output_target(path: &Path) -> Result<PathBuf> {
    let mut target = path.to_path_buf();
    // A chain of links, followed as the kernel would (at most 40).
    for _ in 0..40 {
        match std::fs::symlink_metadata(&target) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = std::fs::read_link(&target)?;
                target = match target.parent() {
                    Some(parent) if link.is_relative() => parent.join(link),
                    _ => link,
                };
            }
            Ok(meta) => {
                if let Some(kind) = not_a_file(&meta.file_type()) {
                    let shown = if target == path {
                        path.display().to_string()
                    } else {
                        format!("{} → {}", path.display(), target.display())
                    };
                    bail!(tr!(
                        "-o {shown} 是{}，不是普通文件：报告不会写入或替换它；请指定一个文件",
                        "-o {shown} is {}, not a regular file: the report does not write to it or replace it; name a file",
                        kind
                    ));
                }
                return Ok(target);
            }
            Err(_) => return Ok(target),
        }
    }
    bail!(tr!(
        "-o {}：符号链接层数过多（可能成环）",
        "-o {}: too many levels of symbolic links (a loop?)",
        path.display()
    ))
}

/// What a file that is not a regular one is, in words; None for a
/// regular file.
fn not_a_file(kind: &std::fs::FileType) -> Option<&'static str> {
    if kind.is_file() {
        return None;
    }
    if kind.is_dir() {
        return Some(pick("目录", "a directory"));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if kind.is_char_device() {
            return Some(pick("字符设备", "a character device"));
        }
        if kind.is_block_device() {
            return Some(pick("块设备", "a block device"));
        }
        if kind.is_fifo() {
            return Some(pick("命名管道（FIFO）", "a FIFO (named pipe)"));
        }
        if kind.is_socket() {
            return Some(pick("套接字", "a socket"));
        }
    }
    Some(pick("特殊文件", "a special file"))
}

/// `-o` may not name a file in the tasks directory (or below it): the
/// report would overwrite a task file without the lock, or be read as one.
/// Both paths are resolved first (`..`, symlinks), and so is the file
/// itself where it exists, in case it is a link into the directory.
fn refuse_inside(tasks: &Path, output: &Path) -> Result<()> {
    let Ok(tasks) = tasks.canonicalize() else {
        // No tasks directory: loading it says so.
        return Ok(());
    };
    let parent = match output.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let inside = |p: PathBuf| p.starts_with(&tasks);
    if parent.canonicalize().is_ok_and(inside) || output.canonicalize().is_ok_and(inside) {
        let (output, tasks) = (output.display(), tasks.display());
        bail!(tr!(
            "-o {output} 在任务目录 {tasks} 内：报告会覆盖任务文件或被当作任务文件读取；请写到任务目录之外",
            "-o {output} is inside the tasks directory {tasks}: the report would overwrite a task file or be read as one; write it outside the tasks directory"
        ));
    }
    Ok(())
}
