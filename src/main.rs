//! The `timeband` binary: parses the command line and hands over to the library.

use clap::Parser;
use timeband::cli::{Cli, Command, check_command, date_command};

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let status = match cli.command {
        Some(Command::Check { files, json }) => check_command(
            &files,
            json,
            &mut std::io::stdout().lock(),
            &mut std::io::stderr().lock(),
        )?,
        Some(Command::Date { exprs }) => date_command(&exprs, &mut std::io::stdout().lock())?,
        None => {
            eprintln!(
                "timeband: the timeline window is not built yet; use `timeband check FILE` or `timeband date EXPR`."
            );
            0
        }
    };
    std::process::exit(status);
}
