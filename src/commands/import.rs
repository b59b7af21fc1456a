//! `cooptrack import NOTICE.txt`: decode → parse → plan the changes → show
//! them (`--dry-run`) or write them → report. Any error before the writes
//! leaves the directory as it was.

use std::fs;
use std::io::Write;

use anyhow::{anyhow, bail, Context as _, Result};

use crate::cli::{Encoding, ImportArgs};
use crate::context::Context;
use crate::edit::{Layout, Session};
use crate::import as parser;
use crate::import::changes::Changes;
use crate::import::current::Current;
use crate::import::decode::{self, Charset};
use crate::render::import::{self as report, Source};
use crate::{store, tr, Outcome};

pub fn run(ctx: &Context, args: &ImportArgs, out: &mut dyn Write) -> Result<Outcome> {
    let path = args.notice.as_path();
    let bytes = fs::read(path).map_err(|err| {
        anyhow!(tr!(
            "{}: 无法读取通知：{}",
            "{}: cannot read the notice: {}",
            path.display(),
            store::io_reason(&err)
        ))
    })?;
    let decoded = decode::decode(&bytes, charset(args.encoding))
        .map_err(|err| anyhow!("{}: {err}", path.display()))?;
    let notice = parser::parse_notice(&decoded.text);
    notice.check_importable(path)?;

    let dir = &ctx.dir;
    if dir.exists() && !dir.is_dir() {
        bail!(tr!(
            "{}: 不是目录，无法导入",
            "{}: not a directory, so nothing can be imported into it",
            dir.display()
        ));
    }
    let existed = dir.is_dir();
    let mut session = if existed && !args.dry_run {
        Some(Session::begin(dir, &ctx.journal)?)
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
            None => Session::begin(dir, &ctx.journal)?,
        };
        changes.apply(&session)?;
    }
    report::report(out, &changes, &notice, args.dry_run)?;
    Ok(Outcome::Success)
}

fn charset(encoding: Encoding) -> Option<Charset> {
    match encoding {
        Encoding::Auto => None,
        Encoding::Utf8 => Some(Charset::Utf8),
        Encoding::Gbk => Some(Charset::Gbk),
        Encoding::Gb18030 => Some(Charset::Gb18030),
    }
}
