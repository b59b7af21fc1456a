//! One module per subcommand, each with `run(ctx, args)`.

pub mod depts;
pub mod list;
pub mod show;
pub mod validate;
