use std::io::Write;

use anyhow::{Context as _, Result};

use super::Outcome;
use crate::cli::ManArgs;
use crate::tr;

pub fn run(args: &ManArgs, out: &mut dyn Write) -> Result<Outcome> {
    let command = crate::cli::command_in(crate::i18n::current());
    match &args.out_dir {
        Some(dir) => {
            let dir_shown = dir.display();
            std::fs::create_dir_all(dir).with_context(|| {
                tr!(
                    "{dir_shown}: 无法创建目录",
                    "{dir_shown}: cannot create the directory"
                )
            })?;
            clap_mangen::generate_to(command, dir).with_context(|| {
                tr!(
                    "{dir_shown}: 无法写入手册页",
                    "{dir_shown}: cannot write the man pages"
                )
            })?;
            let done = tr!(
                "手册页已写入 {dir_shown}",
                "man pages written to {dir_shown}"
            );
            writeln!(out, "{done}")?;
        }
        None => clap_mangen::Man::new(command).render(out)?,
    }
    Ok(Outcome::Success)
}
