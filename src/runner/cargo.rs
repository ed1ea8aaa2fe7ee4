//! Running a grader through cargo and collecting what it printed.

use std::path::Path;
use std::process::Command;

use super::test_output::{self, TestOutcome};

/// Whose code a grader grades.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Graded {
    /// The learner's files in `exercises/`.
    Learner,
    /// The reference solutions (`--features solutions`).
    Reference,
}

/// What one grader run produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GradeRun {
    /// False when the test target did not compile (then `outcomes` is empty).
    pub compiled: bool,
    pub outcomes: Vec<TestOutcome>,
    /// cargo's own output (the compiler's messages when it did not compile).
    pub cargo_output: String,
}

/// A failure to start cargo at all.
#[derive(Debug, thiserror::Error)]
#[error("cannot run cargo in {root}: {source}")]
pub struct CargoError {
    pub root: String,
    pub source: std::io::Error,
}

fn cargo(root: &Path, graded: Graded) -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command
        .current_dir(root)
        .env("RUST_BACKTRACE", "0")
        .env("CARGO_TERM_COLOR", "never")
        .arg("test")
        .arg("--color=never");
    if graded == Graded::Reference {
        command.arg("--features=solutions");
    }
    command
}

/// Compiles the graders of `exercises` without running them; returns cargo's output
/// as the error when any fails to compile.
pub fn build(
    root: &Path,
    exercises: &[&str],
    graded: Graded,
) -> Result<Result<(), String>, CargoError> {
    let mut command = cargo(root, graded);
    command.arg("--no-run");
    exercises.iter().for_each(|name| {
        command.arg("--test").arg(name);
    });
    let output = command.output().map_err(|source| CargoError {
        root: root.display().to_string(),
        source,
    })?;
    Ok(if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    })
}

/// Runs the grader `tests/<exercise>.rs` and parses its verdicts.
pub fn grade(root: &Path, exercise: &str, graded: Graded) -> Result<GradeRun, CargoError> {
    let output = cargo(root, graded)
        .args(["--test", exercise, "--", "--color=never"])
        .output()
        .map_err(|source| CargoError {
            root: root.display().to_string(),
            source,
        })?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let compiled = stdout.lines().any(|l| l.starts_with("running "));
    Ok(GradeRun {
        compiled,
        outcomes: test_output::parse(&stdout),
        cargo_output: String::from_utf8_lossy(&output.stderr).into_owned(),
    })
}
