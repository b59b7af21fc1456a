use std::process::ExitCode;

fn main() -> ExitCode {
    match cooptrack::run() {
        Ok(outcome) => ExitCode::from(outcome.exit_code()),
        Err(err) if cooptrack::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            let prefix = cooptrack::i18n::pick("cooptrack: 错误：", "cooptrack: error: ");
            eprintln!("{prefix}{err:#}");
            ExitCode::from(2)
        }
    }
}
