//! `cargo run -- compare <exercise>`: the exercise's example in release mode: the
//! learner's code beside the reference and linfa (quality and time), and its plots.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, SystemTime};

use super::check::print_compile_errors;
use super::compile::CompileError;
use super::files::files_under;
use super::process::{self, Ending};
use super::{Context, RunnerError, capture, compile};
use crate::manifest::Course;

/// Where examples write their plots, relative to the course root.
const PLOTS: &str = "plots";

/// Builds and runs the example of `name`; true when it ran to completion.
pub fn run(context: &Context, name: &str) -> Result<bool, RunnerError> {
    let exercise = context.course.find(name)?;
    let Some(example_file) = exercise.example_file() else {
        println!("{name} has no example to compare with (its manifest entry names none).");
        return Ok(false);
    };
    let root = context.root();
    println!(
        "Building {example_file} in release mode (the first release build takes a few minutes)..."
    );
    let build = compile::build_example(root, &exercise.example)?;
    let executable = match build.executable(&exercise.example) {
        Ok(executable) => executable,
        Err(errors) => {
            println!();
            print_compile_errors(&example_file, &errors);
            for line in culprits(&context.course, &example_file, &errors) {
                println!("{line}");
            }
            return Ok(false);
        }
    };
    println!();
    let started = SystemTime::now();
    let mut command = Command::new(executable);
    command.current_dir(root);
    let finished = process::run(
        &mut command,
        Some(context.time_limit),
        &process::never,
        capture::nothing,
    )
    .map_err(|source| RunnerError::Run {
        path: executable.to_path_buf(),
        source,
    })?;
    let plots = written_since(root, started);
    if !plots.is_empty() {
        println!("\nPlots written (open them in a browser):");
        plots.iter().for_each(|p| println!("  {p}"));
    }
    Ok(match finished.ending {
        Ending::Exited(status) => status.success(),
        Ending::TimedOut(limit) => {
            println!(
                "\nStopped after {} s: the example did not finish. An infinite loop in your \
                 code? If it is only slow: cargo run -- --timeout 600 compare {name}",
                limit.as_secs_f64()
            );
            false
        }
        Ending::Interrupted => false,
    })
}

/// Names the files whose errors stop the example from compiling, and how to grade each
/// exercise among them (an example includes every exercise of its topic, not only the
/// one compared).
fn culprits(course: &Course, example_file: &str, errors: &[CompileError]) -> Vec<String> {
    let files = compile::files_of(errors);
    if files.is_empty() {
        return vec!["Fix the errors above, then compare again.".into()];
    }
    files
        .into_iter()
        .map(
            |file| match course.exercises.iter().find(|e| e.file == file) {
                Some(exercise) => format!(
                    "{file} does not compile, and {example_file} includes it: fix it first \
                 (cargo run -- check {}).",
                    exercise.name
                ),
                None => format!("{file} does not compile: fix it first."),
            },
        )
        .collect()
}

/// The plots written since `start`.
fn written_since(root: &Path, start: SystemTime) -> Vec<String> {
    // File times can be coarser than the clock: allow a little slack.
    let since = start - Duration::from_secs(1);
    files_under(root, PLOTS)
        .into_iter()
        .filter(|file| {
            std::fs::metadata(root.join(file))
                .and_then(|m| m.modified())
                .is_ok_and(|modified| modified >= since)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_exercise_that_breaks_an_example_is_named_not_the_one_compared() {
        let course = Course::load_default().unwrap();
        let error = CompileError {
            location: Some("exercises/04_clustering/dbscan.rs:12:5".into()),
            rendered: "error[E0308]: mismatched types".into(),
        };
        assert_eq!(
            culprits(&course, "examples/clustering.rs", &[error]),
            [
                "exercises/04_clustering/dbscan.rs does not compile, and examples/clustering.rs \
              includes it: fix it first (cargo run -- check dbscan)."
            ]
        );
    }
}
