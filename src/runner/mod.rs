//! The `mlings` command: the learner's view of the course (`cargo run`) and the
//! maintainers' self-check (`cargo run -- dev check`). Everything reads the manifest.

pub mod cargo;
pub mod dev_check;
pub mod overview;
pub mod readme;
pub mod status;
pub mod test_output;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::manifest::Course;

/// mlings: machine learning, one exercise at a time.
///
/// Without a command: the exercise list with your progress and the next exercise.
#[derive(Debug, Parser)]
#[command(name = "mlings", version)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Commands for course maintainers.
    #[command(subcommand)]
    Dev(DevCommand),
}

#[derive(Debug, Subcommand)]
pub enum DevCommand {
    /// Verify the course: manifest and files agree, every grader test fails on its
    /// untouched skeleton and passes on its reference solution.
    Check,
}

/// Runs the command line; the exit code is 0 only on success.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let course = match Course::load_default() {
        Ok(course) => course,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    let outcome = match cli.command {
        None => overview::show(&course).map(|_| true),
        Some(Command::Dev(DevCommand::Check)) => dev_check::run(&course),
    };
    match outcome {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
