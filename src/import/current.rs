//! What a directory holds before an import: the registry, the plan and
//! the task files the notice also has, each read and parsed, so that the
//! import can work out its changes in memory.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, Result};
use serde::de::DeserializeOwned;

use super::Notice;
use crate::diagnostics::Diagnostic;
use crate::ids::{file_stem, TaskId};
use crate::layout::{PLAN_FILE, REGISTRY_FILE};
use crate::model::{Plan, RegistryFile, Task};
use crate::store;
use crate::tr;

/// A file as it is: its text and what it says.
#[derive(Debug, Clone)]
pub struct Existing<T> {
    pub path: PathBuf,
    pub text: String,
    pub value: T,
}

/// What the directory holds now (nothing, for a new directory).
#[derive(Debug, Default)]
pub struct Current {
    pub registry: Option<Existing<RegistryFile>>,
    pub plan: Option<Existing<Plan>>,
    /// id → the task file, for the notice's tasks that have one.
    pub tasks: HashMap<TaskId, Existing<Task>>,
    /// Ids of task files the notice does not have.
    pub others: Vec<String>,
}

impl Current {
    /// Reads `dir`, if it exists. A file the import would change that
    /// cannot be read or parsed stops it.
    pub fn load(dir: &Path, notice: &Notice) -> Result<Current> {
        let mut current = Current::default();
        if !dir.is_dir() {
            return Ok(current);
        }
        let registry_path = dir.join(REGISTRY_FILE);
        if registry_path.exists() {
            current.registry = Some(read(&registry_path)?);
        }
        let plan_path = dir.join(PLAN_FILE);
        if plan_path.exists() {
            current.plan = Some(read(&plan_path)?);
        }
        let ids: Vec<TaskId> = notice
            .tasks
            .iter()
            .map(super::NoticeTask::task_id)
            .collect();
        for &id in &ids {
            if let Ok(path) = store::task_path(dir, id) {
                current.tasks.insert(id, read(&path)?);
            }
        }
        let mut listing = Vec::new();
        for path in store::task_paths(dir, &mut listing)? {
            let stem = file_stem(&path);
            if !TaskId::parse(&stem).is_some_and(|id| ids.contains(&id)) {
                current.others.push(stem);
            }
        }
        Ok(current)
    }
}

/// Reads and parses a file the import will edit; a problem is an error.
fn read<T: DeserializeOwned>(path: &Path) -> Result<Existing<T>> {
    let refuse = |d: Diagnostic| {
        anyhow!(tr!(
            "{d}；请先修正，未写入任何文件",
            "{d}; fix it first; nothing was written"
        ))
    };
    let (text, value) = crate::read::read_parsed::<T>(path).map_err(refuse)?;
    Ok(Existing {
        path: path.to_path_buf(),
        text,
        value,
    })
}
