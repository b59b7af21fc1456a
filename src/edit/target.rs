//! Opening one task file for a change: read under the lock, and refused
//! when it already breaks a rule, since an edit must not build on a broken
//! file.

use std::path::{Path, PathBuf};

use anyhow::Result;

use super::TaskCheck;
use crate::diagnostics::{Diagnostic, Rule};
use crate::error::Error;
use crate::ids::TaskId;
use crate::model::Task;
use crate::store::{self, Store};
use crate::tr;

/// A task file opened for a change, with the registry and plan its edit
/// is checked against.
#[derive(Debug)]
pub struct Target {
    pub id: TaskId,
    /// The registry and plan (no tasks).
    pub store: Store,
    pub path: PathBuf,
    pub text: String,
    pub task: Task,
}

impl Target {
    /// The rules the changed file must pass.
    pub fn check(&self) -> TaskCheck<'_> {
        TaskCheck::strict(self.store.rules())
    }
}

/// Opens task `id` in `dir`. Refuses a task whose file already has
/// validation errors (or whose registry or plan is broken); the errors
/// travel with the refusal, for the caller to show.
///
/// With `adds_lead`, a task whose only fault is having no lead (as
/// `import` leaves a task the notice gives none) may be opened: the edit
/// about to be made is what fixes it, and is checked without that leeway.
pub fn open_task(dir: &Path, id: TaskId, adds_lead: bool) -> Result<Target> {
    let path = store::task_path(dir, id)?;
    let store = Store::load_meta(dir)?;
    store.require_usable()?;
    let text = crate::read::read_text(&path).map_err(|d| anyhow::anyhow!("{d}"))?;
    let (task, found) = store::parse_task(&path, &text, &store.rules());
    let errors: Vec<Diagnostic> = found
        .into_iter()
        .filter(|d| d.is_error())
        .filter(|d| !(adds_lead && d.rule == Some(Rule::MissingLead)))
        .collect();
    match task {
        Some(task) if errors.is_empty() => Ok(Target {
            id,
            store,
            path,
            text,
            task,
        }),
        _ => Err(Error::with_diagnostics(
            errors,
            tr!(
                "{} 已有校验错误，未作任何修改；请先修正（运行 cooptrack validate 查看）",
                "{} already has validation errors, so nothing was changed; fix them first (cooptrack validate shows them)",
                path.display()
            ),
        )),
    }
}
