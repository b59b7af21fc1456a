//! `cooptrack import NOTICE.txt`: decode → parse → plan the changes → show
//! them (`--dry-run`) or write them → report. Any error before the writes
//! leaves the directory as it was.

use std::fs;
use std::io::Write;

use anyhow::{anyhow, bail, Context as _, Result};

use crate::cli::{Encoding, ImportArgs};
use crate::context::Context;
use crate::edit::{Layout, Session};
use crate::i18n::clause_separator;
use crate::import::changes::Changes;
use crate::import::current::Current;
use crate::import::decode::{self, Charset};
use crate::import::{self as parser, Notice};
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
    refuse_unusable(&notice, path)?;

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

/// A notice with no task, or with two tasks of one number, is refused.
fn refuse_unusable(notice: &Notice, path: &std::path::Path) -> Result<()> {
    if notice.tasks.is_empty() {
        bail!(tr!(
            "{}: 没有找到任何任务（应有“(一)”“1.”这样编号的篇章与任务段落），未写入任何文件",
            "{}: no tasks found (there should be sections and task paragraphs numbered like “(一)” and “1.”); nothing was written",
            path.display()
        ));
    }
    let fatal: Vec<String> = notice
        .warnings
        .iter()
        .filter(|w| w.is_fatal())
        .map(ToString::to_string)
        .collect();
    if !fatal.is_empty() {
        bail!(tr!(
            "{}: {}；未写入任何文件",
            "{}: {}; nothing was written",
            path.display(),
            fatal.join(clause_separator())
        ));
    }
    Ok(())
}

fn charset(encoding: Encoding) -> Option<Charset> {
    match encoding {
        Encoding::Auto => None,
        Encoding::Utf8 => Some(Charset::Utf8),
        Encoding::Gbk => Some(Charset::Gbk),
        Encoding::Gb18030 => Some(Charset::Gb18030),
    }
}
