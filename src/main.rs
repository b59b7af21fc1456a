use std::process::ExitCode;

// The static binaries we ship (musl): musl's allocator serialises the
// parallel parsers. See Cargo.toml and BENCHMARKS.md.
#[cfg(target_env = "musl")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    match cooptrack::run() {
        Ok(outcome) => ExitCode::from(outcome.exit_code()),
        Err(err) if err.is_broken_pipe() => ExitCode::SUCCESS,
        Err(err) => {
            // A diagnostic escapes its own control characters.
            for diagnostic in err.diagnostics() {
                eprintln!("{diagnostic}");
            }
            // One line, whatever the message quotes from files or git.
            let prefix = cooptrack::i18n::pick("cooptrack: 错误：", "cooptrack: error: ");
            let line = format!("{prefix}{err}");
            eprintln!("{}", cooptrack::render::escape_controls(&line));
            ExitCode::from(err.exit_code())
        }
    }
}
