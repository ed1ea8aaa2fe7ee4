//! The `mlings` command: how a learner lives in the course (`cargo run`, `check`, `hint`,
//! `watch`, `compare`, `reset`, `solution`, `list`) and the maintainers' self-check
//! (`cargo run -- dev check`). Everything reads the manifest.

pub mod capture;
pub mod catalogue;
pub mod check;
pub mod compare;
pub mod compile;
pub mod dev_check;
pub mod dev_mistakes;
pub mod files;
pub mod fingerprint;
pub mod grading;
pub mod hint;
pub mod list;
pub mod overview;
pub mod own_reference;
pub mod process;
pub mod process_group;
pub mod progress;
pub mod readme;
pub mod reset;
pub mod scratch;
pub mod solution;
pub mod state;
pub mod status;
pub mod terminal;
pub mod test_output;
pub mod text;
pub mod untouched;
pub mod watch;

#[cfg(test)]
mod temp_dir;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand};

use compile::Graded;
use grading::Grader;
use mlings::manifest::{Course, Exercise, ManifestError};

/// mlings: machine learning, one exercise at a time.
///
/// Without a command: your progress, and the next exercise with the command to grade it.
#[derive(Debug, Parser)]
#[command(name = "mlings", version)]
pub struct Cli {
    /// Stop a grader (or an example) still running after this many seconds: your code is
    /// probably in an infinite loop.
    #[arg(long, global = true, value_name = "SECONDS", default_value = "60", value_parser = seconds)]
    pub timeout: Duration,
    /// Grade the reference solutions instead of your files (for course maintainers).
    #[arg(long, global = true)]
    pub solutions: bool,
    /// The course folder (default: the one this runner was built from).
    #[arg(long, global = true, hide = true, value_name = "DIR")]
    pub root: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Grade one exercise and explain each check (default: your current exercise).
    ///
    /// Exits with 0 only when every check passes.
    Check {
        /// The exercise, as named by `list`.
        exercise: Option<String>,
    },
    /// Show the hints of an exercise, one more each time you ask.
    Hint {
        /// The exercise (default: your current exercise).
        exercise: Option<String>,
        /// Show every hint at once.
        #[arg(long)]
        all: bool,
    },
    /// Re-grade your current exercise on every save, and move on when a save makes it pass.
    ///
    /// An exercise that passes already stays open, so that you can refactor it. Keys:
    /// h = next hint, l = list, c = check now, n = next exercise, q = quit. Without a
    /// terminal, type the letter and Enter.
    Watch {
        /// The exercise to start with (default: your current exercise).
        exercise: Option<String>,
    },
    /// Run the exercise's example (optimized): your code beside the reference and
    /// linfa, with quality, timings and plots.
    Compare {
        /// The exercise, as named by `list`.
        exercise: String,
    },
    /// Restore the original skeleton of an exercise, after backing your file up.
    Reset {
        /// The exercise, as named by `list`.
        exercise: String,
        /// Do not ask for confirmation.
        #[arg(long, short)]
        yes: bool,
    },
    /// Show the reference solution of an exercise, once your solution passes.
    Solution {
        /// The exercise, as named by `list`.
        exercise: String,
        /// Show it even though your solution does not pass yet.
        #[arg(long)]
        force: bool,
    },
    /// Every exercise with its status, one line each (for scripts).
    List {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Commands for course maintainers.
    #[command(subcommand)]
    Dev(DevCommand),
}

#[derive(Debug, Subcommand)]
pub enum DevCommand {
    /// Verify the course: manifest and files agree, every grader test fails on its
    /// untouched skeleton and passes on its reference solution.
    Check,
    /// Prove the graders against the course's catalogue of wrong solutions
    /// (tests/mistakes/): every mistake is rejected by a message that names it, every
    /// correct alternative passes.
    Mistakes {
        /// Only this exercise's catalogue (default: every exercise's).
        exercise: Option<String>,
    },
}

fn seconds(text: &str) -> Result<Duration, String> {
    match text.parse::<f64>() {
        Ok(s) if s > 0.0 && s.is_finite() => Ok(Duration::from_secs_f64(s)),
        _ => Err(format!("{text:?} is not a positive number of seconds")),
    }
}

/// Why a command could not do its job.
#[derive(Debug, thiserror::Error)]
pub enum RunnerError {
    #[error(transparent)]
    Manifest(#[from] ManifestError),
    #[error("cannot run cargo in {}: {source}", root.display())]
    Cargo {
        root: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot run {}: {source}", path.display())]
    Run {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Reset(#[from] reset::ResetError),
    #[error("cannot read the terminal: {0}")]
    Terminal(std::io::Error),
    /// A run was stopped on request (a new save in watch mode, a key).
    #[error("stopped on request")]
    Interrupted,
}

/// What every command needs: the course, whose code is graded, the time limit.
#[derive(Debug, Clone)]
pub struct Context {
    pub course: Course,
    pub graded: Graded,
    pub time_limit: Duration,
}

impl Context {
    pub fn root(&self) -> &Path {
        &self.course.root
    }

    /// A grader for this course, stopped early when `interrupt` says so.
    pub fn grader<'a>(&'a self, interrupt: &'a dyn Fn() -> bool) -> Grader<'a> {
        Grader {
            root: self.root(),
            graded: self.graded,
            time_limit: self.time_limit,
            interrupt,
            scope: None,
        }
    }

    /// The cache key of `exercise`'s result.
    pub fn fingerprint(&self, exercise: &Exercise) -> String {
        fingerprint::of_exercise(self.root(), exercise, self.graded)
    }

    /// The exercise called `name`, or the current one.
    pub fn exercise(&self, name: Option<&str>) -> Result<&Exercise, RunnerError> {
        match name {
            Some(name) => Ok(self.course.find(name)?),
            None => Ok(progress::current(self, &state::State::load(self.root()))),
        }
    }
}

/// Runs the command line; the exit code is 0 only on success.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let course = match &cli.root {
        Some(root) => Course::load(root),
        None => Course::load_default(),
    };
    let context = match course {
        Ok(course) => Context {
            course,
            graded: if cli.solutions {
                Graded::Reference
            } else {
                Graded::Learner
            },
            time_limit: cli.timeout,
        },
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    match run(&context, cli.command) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Runs one command; `Ok(false)` when it worked but the answer is "no" (a check that
/// fails, a solution not unlocked yet, a reset declined).
fn run(context: &Context, command: Option<Command>) -> Result<bool, RunnerError> {
    match command {
        None => overview::show(context),
        Some(Command::Check { exercise }) => check::run(context, exercise.as_deref()),
        Some(Command::Hint { exercise, all }) => hint::run(context, exercise.as_deref(), all),
        Some(Command::Watch { exercise }) => watch::run(context, exercise.as_deref()),
        Some(Command::Compare { exercise }) => compare::run(context, &exercise),
        Some(Command::Reset { exercise, yes }) => reset::run(context, &exercise, yes),
        Some(Command::Solution { exercise, force }) => solution::run(context, &exercise, force),
        Some(Command::List { json }) => list::run(context, json),
        Some(Command::Dev(DevCommand::Check)) => dev_check::run(context),
        Some(Command::Dev(DevCommand::Mistakes { exercise })) => {
            dev_mistakes::run(context, exercise.as_deref())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn timeouts_are_positive_seconds() {
        assert_eq!(seconds("2.5"), Ok(Duration::from_millis(2500)));
        assert!(seconds("0").is_err() && seconds("-1").is_err() && seconds("soon").is_err());
        let cli = Cli::try_parse_from(["mlings", "check", "statistics", "--timeout", "5"]).unwrap();
        assert_eq!(cli.timeout, Duration::from_secs(5));
        assert!(
            matches!(cli.command, Some(Command::Check { exercise: Some(e) }) if e == "statistics")
        );
    }
}
