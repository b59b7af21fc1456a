use std::io::Write;

use anyhow::{Context as _, Result};
use clap::CommandFactory;

use crate::cli::{Cli, ManArgs};
use crate::Outcome;

pub fn run(args: &ManArgs, out: &mut dyn Write) -> Result<Outcome> {
    let command = Cli::command();
    match &args.out_dir {
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("{}: 无法创建目录", dir.display()))?;
            clap_mangen::generate_to(command, dir)
                .with_context(|| format!("{}: 无法写入手册页", dir.display()))?;
            writeln!(out, "手册页已写入 {}", dir.display())?;
        }
        None => clap_mangen::Man::new(command).render(out)?,
    }
    Ok(Outcome::Success)
}
