//! `cargo run -- check [exercise]`: grade one exercise and explain each check in the
//! grader's own words; a compile error as the compiler's message at the learner's line.

use std::time::Instant;

use super::compile::CompileError;
use super::grading::{GradeRun, STOPPED, TestRun};
use super::status::Status;
use super::test_output::TestOutcome;
use super::text::{WIDTH, indent, wrap};
use super::{Context, RunnerError, process, progress};
use crate::grade::NOT_ATTEMPTED;
use crate::manifest::Exercise;

/// How many compiler errors are shown (the first one usually explains the others).
const ERRORS_SHOWN: usize = 3;

/// Grades `name` (default: the current exercise) and prints the verdicts; true when every
/// check passes.
pub fn run(context: &Context, name: Option<&str>) -> Result<bool, RunnerError> {
    let exercise = context.exercise(name)?;
    let (status, _) = grade_and_report(context, exercise, &process::never)?;
    Ok(status.is_solved())
}

/// Grades `exercise`, prints what each check found and what to do next, and records the
/// result (cache, current exercise). Shared by `check` and `watch`. Returns the status
/// and, once solved, the next exercise to do.
pub fn grade_and_report<'a>(
    context: &'a Context,
    exercise: &Exercise,
    interrupt: &dyn Fn() -> bool,
) -> Result<(Status, Option<&'a Exercise>), RunnerError> {
    println!("Grading {} ({})...\n", exercise.name, exercise.file);
    let start = Instant::now();
    let run = context.grader(interrupt).grade(exercise)?;
    let elapsed = start.elapsed();
    let (status, next) = progress::record(context, exercise, &run);
    match &run {
        GradeRun::DoesNotCompile(errors) => print_compile_errors(exercise, errors),
        GradeRun::Ran(test_run) => print_checks(test_run),
    }
    println!();
    print_summary(exercise, &run, status, next);
    println!("(graded in {:.2} s)", elapsed.as_secs_f64());
    Ok((status, next))
}

fn print_compile_errors(exercise: &Exercise, errors: &[CompileError]) {
    println!(
        "{} does not compile. The compiler says{}:\n",
        exercise.name,
        if errors.len() > ERRORS_SHOWN {
            format!(" (first {ERRORS_SHOWN} of {} errors)", errors.len())
        } else {
            String::new()
        }
    );
    for error in errors.iter().take(ERRORS_SHOWN) {
        if let Some(location) = &error.location {
            println!("{location}");
        }
        println!("{}\n", error.rendered);
    }
}

fn print_checks(run: &TestRun) {
    for outcome in &run.outcomes {
        println!("{}", outcome_lines(outcome));
    }
}

/// One check: a passing one on one line, a not attempted one on one line, a failing one
/// with the grader's explanation indented under it.
pub fn outcome_lines(outcome: &TestOutcome) -> String {
    if outcome.passed {
        format!("✓ {}", outcome.name)
    } else if outcome.message.starts_with(NOT_ATTEMPTED) {
        let location = todo_location(&outcome.message)
            .map(|l| format!(" (the todo!() at {l})"))
            .unwrap_or_default();
        format!("· {}: {NOT_ATTEMPTED}{location}", outcome.name)
    } else if outcome.message.starts_with(STOPPED) {
        format!("⧗ {}: {}", outcome.name, outcome.message)
    } else {
        format!("✗ {}\n{}", outcome.name, indent(&outcome.message))
    }
}

/// The `file:line` in "... (the todo!() at file:line)".
fn todo_location(message: &str) -> Option<&str> {
    const MARK: &str = "(the todo!() at ";
    let start = message.find(MARK)? + MARK.len();
    let end = start + message[start..].find(')')?;
    Some(&message[start..end])
}

fn print_summary(exercise: &Exercise, run: &GradeRun, status: Status, next: Option<&Exercise>) {
    if let GradeRun::Ran(TestRun {
        stopped_after: Some(limit),
        outcomes,
    }) = run
    {
        let stopped = outcomes
            .iter()
            .filter(|o| o.message.starts_with(STOPPED))
            .count();
        let explanation = format!(
            "Stopped after {} s with {stopped} check(s) unfinished (⧗): your code is probably \
             in an infinite loop, or far slower than it needs to be. (Checks run a few at a \
             time, so some of them may not have started.) If it is only slow, raise the \
             limit: cargo run -- --timeout 300 check {}",
            limit.as_secs_f64(),
            exercise.name
        );
        println!("{}\n", wrap(&explanation, WIDTH, ""));
    }
    match status {
        Status::Solved { checks } => {
            println!("✓ {} is solved: all {checks} checks pass!", exercise.name);
            if !exercise.example.is_empty() {
                println!(
                    "  Run it beside the reference and linfa: cargo run -- compare {}",
                    exercise.name
                );
            }
            println!(
                "  Read the reference solution: cargo run -- solution {}",
                exercise.name
            );
            match next {
                Some(next) => println!(
                    "\nNext: {} ({}): cargo run -- check {}",
                    next.name, next.file, next.name
                ),
                None => println!("\nEvery exercise is solved. Well done!"),
            }
        }
        Status::Failing { passed, checks } => println!(
            "{}: {passed} of {checks} checks pass. Stuck? cargo run -- hint {}",
            exercise.name, exercise.name
        ),
        Status::NotAttempted { .. } => {
            let advice = format!(
                "{} is not attempted yet: replace each todo!() in {} with your \
                 implementation, then grade again.",
                exercise.name, exercise.file
            );
            println!("{}", wrap(&advice, WIDTH, ""));
        }
        Status::DoesNotCompile => println!(
            "{} does not compile yet: fix the first error above, then grade again.",
            exercise.name
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(passed: bool, message: &str) -> TestOutcome {
        TestOutcome {
            name: "mean_by_hand".into(),
            passed,
            message: message.into(),
        }
    }

    #[test]
    fn each_kind_of_check_reads_differently() {
        assert_eq!(outcome_lines(&outcome(true, "")), "✓ mean_by_hand");
        assert_eq!(
            outcome_lines(&outcome(
                false,
                "not attempted yet: `mean(x)` is still a todo!() (the todo!() at \
                 exercises/01/mean.rs:28).\nReplace the todo!()..."
            )),
            "· mean_by_hand: not attempted yet (the todo!() at exercises/01/mean.rs:28)"
        );
        assert_eq!(
            outcome_lines(&outcome(
                false,
                "not attempted yet: `mean(x)` is still a todo!()"
            )),
            "· mean_by_hand: not attempted yet"
        );
        assert_eq!(
            outcome_lines(&outcome(false, "mean: wrong value\n    expected: 3")),
            "✗ mean_by_hand\n    mean: wrong value\n        expected: 3"
        );
    }
}
