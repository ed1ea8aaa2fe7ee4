//! `cargo run -- compare <exercise>`: the exercise's example in release mode: the
//! learner's code beside the reference and linfa (quality and time), and its plots.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, SystemTime};

use super::files::files_under;
use super::process::{self, Ending};
use super::{Context, RunnerError, capture, compile};

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
    let Ok(executable) = build.executable(&exercise.example) else {
        println!(
            "\nThe example does not compile (the compiler's messages are above). Your file \
             must compile first: cargo run -- check {name}"
        );
        return Ok(false);
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
