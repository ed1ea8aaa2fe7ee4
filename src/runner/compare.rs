//! `cargo run -- compare <exercise>`: the exercise's example, optimized: the learner's
//! code beside the reference and linfa (quality and time), and its plots, gathered on
//! one page, `plots/index.html`.
//!
//! The example is built in the dev profile, whose dependencies the first `cargo run`
//! already built at opt-level 3, with the mlings crate alone raised to release settings
//! for this build (`OPTIMIZED`): the first `compare` compiles mlings once (38 s in all
//! for `compare decision_tree` on a fresh clone, two cores) instead of a release build of
//! every dependency (2 min 20 s). These settings give the library and example their own
//! artifacts, so the graders (opt-level 0, for a fast edit-to-verdict) are not rebuilt.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

use super::check::print_compile_errors;
use super::compile::CompileError;
use super::files::files_under;
use super::process::{self, Ending};
use super::{Context, RunnerError, capture, compile};
use mlings::manifest::{Course, Exercise};

/// Where examples write their plots, relative to the course root.
const PLOTS: &str = "plots";

/// cargo options building an example as fast as release, on the dev profile's
/// dependencies.
const OPTIMIZED: [&str; 6] = [
    "--config",
    "profile.dev.package.mlings.opt-level=3",
    "--config",
    "profile.dev.package.mlings.debug-assertions=false",
    "--config",
    "profile.dev.package.mlings.overflow-checks=false",
];

/// Builds and runs the example of `name`; true when it ran to completion.
pub fn run(context: &Context, name: &str) -> Result<bool, RunnerError> {
    let exercise = context.course.find(name)?;
    let Some(example_file) = exercise.example_file() else {
        println!("{name} has no example to compare with (its manifest entry names none).");
        return Ok(false);
    };
    let root = context.root();
    println!("{}", building_note(&example_file, &exercise.features));
    let options = build_options(exercise);
    let options: Vec<&str> = options.iter().map(String::as_str).collect();
    let build = compile::build_example(root, &exercise.example, &options)?;
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
    let learner_mark = learner_mark(root);
    let _ = std::fs::remove_file(&learner_mark);
    let mut command = Command::new(executable);
    command
        .current_dir(root)
        .env(mlings::report::LEARNER_MARK, &learner_mark);
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
    let in_learner_code = learner_mark.exists();
    let _ = std::fs::remove_file(&learner_mark);
    let plots = written_since(root, started);
    if !plots.is_empty() {
        println!("\nPlots written:");
        plots.iter().for_each(|p| println!("  {p}"));
    }
    let page = Path::new(PLOTS).join(mlings::report::PAGE);
    if plots.iter().any(|p| Path::new(p) == page) {
        println!(
            "\nSee them all on one page: open {} in a browser.",
            page.display()
        );
    }
    Ok(match finished.ending {
        Ending::Exited(status) => status.success(),
        Ending::TimedOut(limit) => {
            println!("\n{}", timed_out(name, limit, in_learner_code));
            false
        }
        Ending::Interrupted => false,
    })
}

/// The cargo options building the example of `exercise`: optimized, with the features
/// its manifest entry names.
fn build_options(exercise: &Exercise) -> Vec<String> {
    OPTIMIZED
        .iter()
        .map(|option| option.to_string())
        .chain(exercise.feature_options())
        .collect()
}

/// What the build is about to do, and how long it may take.
fn building_note(example_file: &str, features: &[String]) -> String {
    if features.is_empty() {
        format!(
            "Building {example_file}, optimized (the first time, the course library too: \
             under a minute)..."
        )
    } else {
        format!(
            "Building {example_file}, optimized, with the feature(s) {} (the first time, \
             those optional crates too: a few minutes)...",
            features.join(", ")
        )
    }
}

/// The file the example creates while the learner's code runs (see
/// [`mlings::report::run_learner`]): still there after a time-out, the learner's code
/// was running.
fn learner_mark(root: &Path) -> PathBuf {
    let folder = root.join("target");
    // Best effort (cargo made it, unless CARGO_TARGET_DIR points elsewhere): without the
    // mark, a time-out is put down to the course's code.
    let _ = std::fs::create_dir_all(&folder);
    folder.join("mlings-learner-running")
}

/// Why a stopped example stopped, blaming the learner's code only when it was running.
fn timed_out(name: &str, limit: Duration, in_learner_code: bool) -> String {
    let secs = limit.as_secs_f64();
    if in_learner_code {
        format!(
            "Stopped after {secs} s, in your code: the example did not finish. An infinite \
             loop? If your code is only slow: cargo run -- --timeout 600 compare {name}"
        )
    } else {
        format!(
            "Stopped after {secs} s while the course's own comparisons (reference, linfa) were \
             running, not your code: the machine may be busy. For more time: cargo run -- \
             --timeout 600 compare {name}"
        )
    }
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
    fn an_example_is_built_optimized_with_its_features() {
        let plain = Exercise::default();
        assert_eq!(build_options(&plain), OPTIMIZED);
        let bridged = Exercise {
            features: vec!["candle".into()],
            ..Exercise::default()
        };
        let options = build_options(&bridged);
        assert_eq!(options[..OPTIMIZED.len()], OPTIMIZED);
        assert_eq!(options[OPTIMIZED.len()..], ["--features", "candle"]);
        assert!(building_note("examples/e.rs", &bridged.features).contains("candle"));
        assert!(!building_note("examples/e.rs", &[]).contains("feature"));
    }

    #[test]
    fn the_course_builds_the_candle_bridge_for_cnn_digits() {
        let course = Course::load_default().unwrap();
        let cnn = course.find("cnn_digits").unwrap();
        assert_eq!(cnn.example, "deep_learning");
        assert!(build_options(cnn).ends_with(&["--features".into(), "candle".into()]));
    }

    #[test]
    fn a_time_out_blames_the_learner_only_in_their_code() {
        let limit = Duration::from_secs(60);
        assert!(timed_out("trees", limit, true).contains("in your code"));
        let theirs = timed_out("trees", limit, false);
        assert!(theirs.contains("not your code"), "{theirs}");
        assert!(!theirs.contains("infinite loop"), "{theirs}");
    }

    #[test]
    fn the_exercise_that_breaks_an_example_is_named_not_the_one_compared() {
        let course = Course::load_default().unwrap();
        let error = CompileError {
            location: Some("exercises/05_clustering/dbscan.rs:12:5".into()),
            rendered: "error[E0308]: mismatched types".into(),
        };
        assert_eq!(
            culprits(&course, "examples/clustering.rs", &[error]),
            [
                "exercises/05_clustering/dbscan.rs does not compile, and examples/clustering.rs \
              includes it: fix it first (cargo run -- check dbscan)."
            ]
        );
    }
}
