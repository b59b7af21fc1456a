use std::process::ExitCode;

fn main() -> ExitCode {
    match cooptrack::run() {
        Ok(outcome) => ExitCode::from(outcome.exit_code()),
        Err(err) if cooptrack::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("cooptrack: 错误：{err:#}");
            ExitCode::from(2)
        }
    }
}
