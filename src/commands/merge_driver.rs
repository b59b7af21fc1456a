//! `cooptrack merge-driver %O %A %B %P`: git's merge driver for task
//! files. Exit 0 for a clean merge, 1 for a conflict (the file then has
//! markers, and git reports it as usual).

use std::io::Write;
use std::path::Path;

use anyhow::Result;

use super::Outcome;
use crate::cli::MergeDriverArgs;
use crate::edit::session::write_atomic;
use crate::merge::{self, Outcome as Merged};
use crate::store::Store;
use crate::validate::Rules;
use crate::{git, tr};

pub fn run(args: &MergeDriverArgs, _out: &mut dyn Write) -> Result<Outcome> {
    // The plan and the registry are no task files: git's line merge.
    let name = args
        .path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    if name == crate::layout::PLAN_FILE || name == crate::layout::REGISTRY_FILE {
        return line_merge(args);
    }
    let read = |p: &Path| std::fs::read_to_string(p);
    let path = args.path.display();
    let texts = (read(&args.base), read(&args.ours), read(&args.theirs));
    let (Ok(base), Ok(ours), Ok(theirs)) = texts else {
        eprintln!(
            "{}",
            tr!(
                "cooptrack merge-driver：{path}：有一方不是 UTF-8 文本，改用 git 的逐行合并",
                "cooptrack merge-driver: {path}: a side is not UTF-8 text; falling back to git's line merge"
            )
        );
        return line_merge(args);
    };
    // The registry and plan beside the file, when there are any, for the
    // per-file rules; without them, the rules that need none.
    let store = args
        .path
        .parent()
        .filter(|dir| dir.join("departments.yaml").is_file())
        .and_then(|dir| Store::load_meta(dir).ok());
    let rules = store.as_ref().map_or(
        Rules {
            registry: None,
            plan: None,
        },
        Store::rules,
    );
    match merge::merge(&args.path, &base, &ours, &theirs, &rules, args.marker_size) {
        Merged::Clean(text) => {
            write_atomic(&args.ours, text.as_bytes(), false)?;
            Ok(Outcome::Success)
        }
        Merged::Conflict { text, fields } => {
            write_atomic(&args.ours, text.as_bytes(), false)?;
            eprintln!(
                "{}",
                tr!(
                    "cooptrack merge-driver：{path}：双方对 {} 作了不同修改，已用冲突标记标出",
                    "cooptrack merge-driver: {path}: both sides changed {} differently; marked as a conflict",
                    fields.join("、")
                )
            );
            Ok(Outcome::ValidationFailed)
        }
        Merged::Unmergeable(why) => {
            eprintln!(
                "{}",
                tr!(
                    "cooptrack merge-driver：{path}：{why}；改用 git 的逐行合并",
                    "cooptrack merge-driver: {path}: {why}; falling back to git's line merge"
                )
            );
            line_merge(args)
        }
        Merged::Invalid(why) => {
            eprintln!(
                "{}",
                tr!(
                    "cooptrack merge-driver：{path}：{why}；改用 git 的逐行合并，并作为冲突交给您检查",
                    "cooptrack merge-driver: {path}: {why}; falling back to git's line merge, left as a conflict for you to check"
                )
            );
            line_merge(args)?;
            Ok(Outcome::ValidationFailed)
        }
    }
}

fn line_merge(args: &MergeDriverArgs) -> Result<Outcome> {
    let clean = git::merge_file(&args.ours, &args.base, &args.theirs, args.marker_size)?;
    Ok(if clean {
        Outcome::Success
    } else {
        Outcome::ValidationFailed
    })
}
