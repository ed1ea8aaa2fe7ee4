//! `cargo run -- solution <exercise>`: the reference solution, once the exercise passes
//! (or with `--force`).

use super::state::State;
use super::status::Status;
use super::{Context, RunnerError, process, progress};
use mlings::manifest::Exercise;

/// Prints the reference of `name` if the learner's solution passes (graded now unless a
/// cached result still holds) or `force`; true when it was shown.
pub fn run(context: &Context, name: &str, force: bool) -> Result<bool, RunnerError> {
    let exercise = context.course.find(name)?;
    if !force {
        let status = status(context, exercise)?;
        if !status.is_solved() {
            println!(
                "The reference solution of {name} unlocks once your solution passes (now: \
                 {status}).\nTry the hints first (cargo run -- hint {name}), or see it anyway: \
                 cargo run -- solution {name} --force"
            );
            return Ok(false);
        }
    }
    let path = context.root().join(exercise.reference_file());
    let code = std::fs::read_to_string(&path).map_err(|source| RunnerError::Read {
        path: path.clone(),
        source,
    })?;
    println!(
        "{} — the reference solution of {name}.\n(In the library it says `crate::`, which is \
         `mlings::` in your file.)\n\n{code}",
        exercise.reference_file()
    );
    Ok(true)
}

fn status(context: &Context, exercise: &Exercise) -> Result<Status, RunnerError> {
    let cached = State::load(context.root()).cached(&exercise.name, &context.fingerprint(exercise));
    match cached {
        Some(status) => Ok(status),
        None => {
            println!("Grading {} first...", exercise.name);
            let (_, status, _) = progress::grade_and_record(context, exercise, &process::never)?;
            Ok(status)
        }
    }
}
