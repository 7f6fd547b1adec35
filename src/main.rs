//! The copydesk binary: parse the command line, run, and map the outcome to an exit code.

use std::process::ExitCode;

use clap::Parser;
use copydesk::cli::{Cli, Outcome};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // Help and version are successes; usage errors exit 2.
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() {
                Outcome::Error.code()
            } else {
                0
            });
        }
    };
    ExitCode::from(copydesk::cli::run(cli).code())
}
