//! `cooptrack import NOTICE.txt`: decode → parse → plan the changes → show
//! them (`--dry-run`) or write them → report. Any error before the writes
//! leaves the directory as it was.

use std::fs;
use std::io::Write;
use std::path::Path;

use anyhow::{anyhow, bail, Context as _, Result};

use super::Outcome;
use crate::cli::{Encoding, ImportArgs};
use crate::context::Context;
use crate::edit::{Layout, Prepared, Session};
use crate::import as parser;
use crate::import::changes::Changes;
use crate::import::current::Current;
use crate::import::decode::{self, Charset};
use crate::render::import::{self as report, Source};
use crate::tr;

pub fn run(ctx: &Context, args: &ImportArgs, out: &mut dyn Write) -> Result<Outcome> {
    let path = args.notice.as_path();
    let bytes = read_notice(path)?;
    let decoded = decode::decode(&bytes, charset(args.encoding))
        .map_err(|err| anyhow!("{}: {err}", path.display()))?;
    let mut notice = parser::parse_notice(&decoded.text);
    notice.check_importable(path)?;
    if args.date.is_some() {
        notice.date = args.date;
    }

    let dir = &ctx.dir;
    if dir.exists() && !dir.is_dir() {
        bail!(tr!(
            "{}: 不是目录，无法导入",
            "{}: not a directory, so nothing can be imported into it",
            dir.display()
        ));
    }
    let existed = dir.is_dir();
    let (_, write_schema) = crate::init::schema_line(dir);
    let mut session = if existed && !args.dry_run {
        Some(Session::begin_import(dir, &ctx.journal)?)
    } else {
        None
    };
    let current = Current::load(dir, &notice)?;
    let layout = Layout::reformat_if(args.reformat);
    let changes = Changes::plan(dir, path, &notice, &current, layout)?;

    let encoding = decoded.encoding.to_string();
    let source = Source {
        path,
        encoding: &encoding,
        detected: decoded.detected,
    };
    report::heading(out, &source, &notice, args.dry_run)?;
    if !args.dry_run {
        if !existed {
            fs::create_dir_all(dir).with_context(|| {
                tr!(
                    "{}: 无法创建任务目录",
                    "{}: cannot create the tasks directory",
                    dir.display()
                )
            })?;
        }
        let session = match session.take() {
            Some(session) => session,
            None => Session::begin_import(dir, &ctx.journal)?,
        };
        changes.apply(&session)?;
        // The new task files point at it (see init::schema_line).
        if write_schema && !changes.files.is_empty() {
            session.write(&Prepared {
                path: dir.join(crate::layout::SCHEMA_FILE),
                old: None,
                new: crate::schema::task_schema_text(),
                reformatted: false,
            })?;
        }
    }
    report::report(out, &changes, &notice, args.dry_run)?;
    Ok(Outcome::Success)
}

/// The notice's bytes, within the size limit every file has.
fn read_notice(path: &Path) -> Result<Vec<u8>> {
    let cannot_read = |err: std::io::Error| {
        anyhow!(tr!(
            "{}: 无法读取通知：{}",
            "{}: cannot read the notice: {}",
            path.display(),
            crate::read::io_reason(&err)
        ))
    };
    let metadata = fs::metadata(path).map_err(cannot_read)?;
    let limit = crate::read::max_file_size();
    if metadata.len() > limit {
        bail!(tr!(
            "{}: 通知文件过大（{} 字节，上限 {limit} 字节）；可用 --max-file-size 调整上限，未写入任何文件",
            "{}: the notice is too large ({} bytes, the limit is {limit}); --max-file-size changes the limit; nothing was written",
            path.display(),
            metadata.len()
        ));
    }
    fs::read(path).map_err(cannot_read)
}

fn charset(encoding: Encoding) -> Option<Charset> {
    match encoding {
        Encoding::Auto => None,
        Encoding::Utf8 => Some(Charset::Utf8),
        Encoding::Gbk => Some(Charset::Gbk),
        Encoding::Gb18030 => Some(Charset::Gb18030),
    }
}
