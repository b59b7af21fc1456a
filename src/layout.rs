//! The layout of a tasks directory: the names of its files and of the
//! directory itself, in one place. A leaf: it uses no other module, so
//! that every reader and writer (store, init, links, import, edit) can
//! name the files without depending on one another.

/// The directory `cooptrack` looks for, from the current one upwards.
pub const TASKS_DIR: &str = "tasks";

/// The plan: its title, period, headings and status.
pub const PLAN_FILE: &str = "plan.yaml";

/// The department registry (部门名录): names, former names, short names.
pub const REGISTRY_FILE: &str = "departments.yaml";

/// The schema file `init` writes beside the task files; new task files
/// start with `# yaml-language-server: $schema=task.schema.json`.
pub const SCHEMA_FILE: &str = "task.schema.json";

/// The repository's checked-in schema, as the bundled `tasks/` point at it.
pub const REPOSITORY_SCHEMA: &str = "../schema/task.schema.json";

/// The first line of every bundled task file: editors that speak
/// yaml-language-server validate the file as it is typed.
pub const MODELINE_PREFIX: &str = "# yaml-language-server: $schema=";

/// The lock the writers take, beside the task files (or in `.git/`).
pub const LOCK_FILE: &str = ".cooptrack.lock";
