use std::process::ExitCode;

// The static binaries we ship (musl): musl's allocator serialises the
// parallel parsers. See Cargo.toml and BENCHMARKS.md.
#[cfg(all(target_env = "musl", not(target_arch = "loongarch64")))]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    match cooptrack::run() {
        Ok(outcome) => ExitCode::from(outcome.exit_code()),
        Err(err) if err.is_broken_pipe() => ExitCode::SUCCESS,
        Err(err) => {
            for line in err.lines() {
                eprintln!("{line}");
            }
            ExitCode::from(err.exit_code())
        }
    }
}
