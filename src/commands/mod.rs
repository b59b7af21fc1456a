//! One module per subcommand, each with `run(ctx, args, out)`.

pub mod add;
pub mod carry_over;
pub mod close_plan;
pub mod completions;
pub mod depts;
pub mod fmt;
pub mod import;
pub mod list;
pub mod log;
pub mod man;
pub mod report;
pub mod schema;
pub mod show;
pub mod update;
pub mod validate;
