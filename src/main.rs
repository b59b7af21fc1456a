use std::process::ExitCode;

fn main() -> ExitCode {
    match cooptrack::run() {
        Ok(outcome) => ExitCode::from(outcome.exit_code()),
        Err(err) if err.is_broken_pipe() => ExitCode::SUCCESS,
        Err(err) => {
            for diagnostic in err.diagnostics() {
                eprintln!("{diagnostic}");
            }
            let prefix = cooptrack::i18n::pick("cooptrack: 错误：", "cooptrack: error: ");
            eprintln!("{prefix}{err}");
            ExitCode::from(err.exit_code())
        }
    }
}
