//! What `import` did or, with `--dry-run`, would do: a line per file (with
//! the fields an update changes, and a diff in a dry run), then the new
//! departments, what the notice lacks, and a summary.

use std::io::{self, Write};
use std::path::Path;

use super::line;
use crate::i18n::{count, Lang};
use crate::import::changes::{Changes, FileChange, FileKind};
use crate::import::{Notice, WarningKind};
use crate::tr;

/// How the notice was read, for the first line.
pub struct Source<'a> {
    pub path: &'a Path,
    /// "UTF-8", "GBK/GB18030", …
    pub encoding: &'a str,
    /// The encoding was detected, not given with `--encoding`.
    pub detected: bool,
}

/// The first line: which notice, how read, how much it holds.
pub fn heading(
    out: &mut dyn Write,
    source: &Source,
    notice: &Notice,
    dry_run: bool,
) -> io::Result<()> {
    let encoding = if source.detected {
        tr!("{}，自动识别", "{}, detected", source.encoding)
    } else {
        source.encoding.to_string()
    };
    let path = super::path_shown(source.path);
    let (headings, tasks) = (notice.headings.len(), notice.tasks.len());
    let text = match crate::i18n::current() {
        Lang::Zh => format!(
            "{}通知 {path}（{encoding}）：{headings} 个篇章，{tasks} 项任务",
            if dry_run {
                "预演（--dry-run，不写入任何文件）："
            } else {
                "导入"
            },
        ),
        Lang::En => format!(
            "{}notice {path} ({encoding}): {}, {}",
            if dry_run {
                "dry run (--dry-run, nothing is written): "
            } else {
                "importing "
            },
            count(headings, "section", "sections"),
            count(tasks, "task", "tasks")
        ),
    };
    line(out, &text)
}

/// Every file, then what to tell the user, then the summary.
pub fn report(
    out: &mut dyn Write,
    changes: &Changes,
    notice: &Notice,
    dry_run: bool,
) -> io::Result<()> {
    let words = Words::new(dry_run);
    let mut tally = Tally::default();
    for change in &changes.files {
        file_lines(out, change, &words, &mut tally)?;
        if dry_run && change.file.changed() {
            diff(out, change)?;
        }
    }
    notes(out, changes, notice)?;
    no_lead(out, changes)?;
    line(out, &summary(changes, &words, &tally, dry_run))
}

/// "新增"/"将新增", "更新"/"将更新".
struct Words {
    new: &'static str,
    update: &'static str,
}

impl Words {
    fn new(dry_run: bool) -> Words {
        let (new, update) = match (dry_run, crate::i18n::current()) {
            (true, Lang::Zh) => ("将新增", "将更新"),
            (false, Lang::Zh) => ("新增", "更新"),
            (true, Lang::En) => ("would create", "would update"),
            (false, Lang::En) => ("created", "updated"),
        };
        Words { new, update }
    }
}

/// Task files created, updated and unchanged.
#[derive(Default, Clone, Copy)]
struct Tally {
    created: usize,
    updated: usize,
    unchanged: usize,
}

fn file_lines(
    out: &mut dyn Write,
    change: &FileChange,
    words: &Words,
    tally: &mut Tally,
) -> io::Result<()> {
    let path = super::path_shown(&change.file.path);
    let remark = change
        .remark
        .as_deref()
        .map(|r| tr!("（{r}）", " ({r})"))
        .unwrap_or_default();
    let is_task = usize::from(change.kind == FileKind::Task);
    let (what, new_word, update_word) = (&change.what, words.new, words.update);
    match (&change.file.old, change.file.changed()) {
        (None, _) => {
            tally.created += is_task;
            let text = tr!(
                "{new_word} {path}：{what}{remark}",
                "{new_word} {path}: {what}{remark}"
            );
            line(out, &text)?;
        }
        (Some(_), false) => {
            tally.unchanged += is_task;
            let text = tr!("无变化 {path}{remark}", "unchanged {path}{remark}");
            line(out, &text)?;
        }
        (Some(_), true) => {
            tally.updated += is_task;
            let text = tr!(
                "{update_word} {path}：{what}{remark}",
                "{update_word} {path}: {what}{remark}"
            );
            line(out, &text)?;
            for detail in &change.details {
                line(out, &format!("  {detail}"))?;
            }
            if change.file.reformatted {
                writeln!(out, "{}", super::text::reformatted_note())?;
            }
        }
    }
    Ok(())
}

/// The unified diff of a changed file (a new file against /dev/null).
fn diff(out: &mut dyn Write, change: &FileChange) -> io::Result<()> {
    let path = super::path_shown(&change.file.path);
    let old = change.file.old.as_deref().unwrap_or("");
    let old_name = match &change.file.old {
        Some(_) => path.clone(),
        None => "/dev/null".to_string(),
    };
    let text = similar::TextDiff::from_lines(old, &change.file.new)
        .unified_diff()
        .context_radius(3)
        .header(&old_name, &path)
        .to_string();
    // A line of the diff is a line of a file, the notice's text in it.
    for diff_line in text.lines() {
        line(out, diff_line)?;
    }
    Ok(())
}

/// New departments, plan fields the notice lacks, notes, warnings.
fn notes(out: &mut dyn Write, changes: &Changes, notice: &Notice) -> io::Result<()> {
    for name in &changes.new_departments {
        line(out, &tr!("新部门：{name}", "new department: {name}"))?;
    }
    for what in &changes.missing {
        writeln!(
            out,
            "{}",
            tr!(
                "注意：通知中找不到{what}，plan.yaml 中已留空，请手工填写",
                "note: the notice does not give {what}; it is left empty in plan.yaml, fill it in by hand"
            )
        )?;
    }
    for note in &changes.notes {
        line(out, &tr!("注意：{note}", "note: {note}"))?;
    }
    let warnings = notice
        .warnings
        .iter()
        .filter(|w| w.kind != WarningKind::NoLead);
    for warning in warnings {
        line(
            out,
            &tr!("注意：通知{warning}", "note: in the notice, {warning}"),
        )?;
    }
    Ok(())
}

/// The tasks imported with no lead, and what to do about them.
fn no_lead(out: &mut dyn Write, changes: &Changes) -> io::Result<()> {
    if changes.no_lead.is_empty() {
        return Ok(());
    }
    let n = changes.no_lead.len();
    let text = match crate::i18n::current() {
        Lang::Zh => format!(
            "未列明牵头部门：{n} 项任务已导入但 lead 为空，cooptrack validate 将报错，直至确定牵头部门（cooptrack update ID --add-lead 部门，或在文件中填写 lead；如为暂定，加 lead_provisional: true 并在 lead_note 中写明依据）："
        ),
        Lang::En => format!(
            "no lead department named: {} imported with an empty lead; cooptrack validate reports an error until a lead is decided (cooptrack update ID --add-lead DEPARTMENT, or fill in lead in the file; if it is provisional, add lead_provisional: true and give the grounds in lead_note):",
            count(n, "task was", "tasks were")
        ),
    };
    line(out, &text)?;
    for (id, title, path) in &changes.no_lead {
        line(
            out,
            &tr!(
                "  {id} {title}（{}）",
                "  {id} {title} ({})",
                path.display()
            ),
        )?;
    }
    Ok(())
}

fn summary(changes: &Changes, words: &Words, tally: &Tally, dry_run: bool) -> String {
    let new_departments = changes.new_departments.len();
    let Tally {
        created,
        updated,
        unchanged,
    } = *tally;
    let (new_word, update_word) = (words.new, words.update);
    match crate::i18n::current() {
        Lang::Zh => {
            let departments = if new_departments == 0 {
                "无新部门".to_string()
            } else {
                format!("新部门 {new_departments} 个")
            };
            format!(
                "{}：任务文件{new_word} {created} 个，{update_word} {updated} 个，无变化 {unchanged} 个；{departments}{}",
                if dry_run { "预演结束" } else { "导入完成" },
                if dry_run { "；未写入任何文件" } else { "" }
            )
        }
        Lang::En => {
            let departments = if new_departments == 0 {
                "no new departments".to_string()
            } else {
                count(new_departments, "new department", "new departments")
            };
            let (done, would) = if dry_run {
                ("dry run complete", "would be ")
            } else {
                ("import complete", "")
            };
            format!(
                "{done}: {} {would}created, {updated} {would}updated, {unchanged} unchanged; {departments}{}",
                count(created, "task file", "task files"),
                if dry_run { "; nothing was written" } else { "" }
            )
        }
    }
}
