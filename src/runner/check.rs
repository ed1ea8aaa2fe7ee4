//! `cargo run -- check [exercise]`: grade one exercise and explain each check in the
//! grader's own words; a compile error as the compiler's message at the learner's line.

use std::time::Instant;

use super::compile::CompileError;
use super::grading::{GradeRun, NO_VERDICT, STOPPED, TestRun};
use super::status::Status;
use super::test_output::TestOutcome;
use super::text::{WIDTH, clip, indent, wrap};
use super::{Context, RunnerError, capture, process, progress};
use mlings::grade::NOT_ATTEMPTED;
use mlings::manifest::Exercise;

/// How many compiler errors are shown (the first one usually explains the others).
const ERRORS_SHOWN: usize = 3;

/// How many lines of one check's explanation are shown (a grader or the learner's code
/// may print far more).
const MESSAGE_LINES: usize = 40;

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
    println!("Grading {} ({})...", exercise.name, exercise.file);
    if let Some(rule) = exercise.builds_on_text() {
        println!("{}", wrap(&rule, WIDTH, ""));
    }
    println!();
    let start = Instant::now();
    let (run, status, next) = progress::grade_and_record(context, exercise, interrupt)?;
    let elapsed = start.elapsed();
    match &run {
        GradeRun::DoesNotCompile(errors) => print_compile_errors(&exercise.name, errors),
        GradeRun::Ran(test_run) => print_checks(exercise, test_run),
    }
    println!();
    print_summary(exercise, &run, status, next);
    println!("(graded in {:.2} s)", elapsed.as_secs_f64());
    Ok((status, next))
}

/// The first few compiler errors of `what` (an exercise, an example), each at its place.
pub fn print_compile_errors(what: &str, errors: &[CompileError]) {
    println!(
        "{what} does not compile. The compiler says{}:\n",
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

fn print_checks(exercise: &Exercise, run: &TestRun) {
    for outcome in &run.outcomes {
        println!("{}", outcome_lines(exercise, outcome));
    }
}

/// One check: a passing one on one line, a not attempted one on one line, a failing one
/// with the grader's explanation indented under it (its first `MESSAGE_LINES` lines).
pub fn outcome_lines(exercise: &Exercise, outcome: &TestOutcome) -> String {
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
        let whole = format!("the whole output: {}", exercise.grade_command());
        let message = clip(&outcome.message, MESSAGE_LINES, &whole);
        format!("✗ {}\n{}", outcome.name, indent(&message))
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
        output_truncated: true,
        ..
    }) = run
    {
        let explanation = format!(
            "Output truncated: the grader printed more than {} MB (a println! in a loop?); \
             the runner kept the first MB and every verdict.",
            capture::KEPT >> 20
        );
        println!("{}\n", wrap(&explanation, WIDTH, ""));
    }
    if let GradeRun::Ran(TestRun { outcomes, .. }) = run {
        let silent = outcomes
            .iter()
            .filter(|o| o.message.starts_with(NO_VERDICT))
            .count();
        if silent > 0 {
            let explanation = format!(
                "{silent} of {} checks never reported a verdict, so they count as failing: \
                 the grader process ended while they ran (each says how, above).",
                outcomes.len()
            );
            println!("{}\n", wrap(&explanation, WIDTH, ""));
        }
    }
    if let GradeRun::Ran(TestRun {
        stopped_after: Some(limit),
        outcomes,
        ..
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
            const LABEL: &str = "  In practice: ";
            let hanging = " ".repeat(LABEL.len());
            println!("\n{LABEL}{}\n", wrap(&exercise.practice, WIDTH, &hanging));
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
        Status::UsesReference { checks } => {
            let location = match run {
                GradeRun::Ran(TestRun {
                    own_reference: Some(location),
                    ..
                }) => location.as_str(),
                _ => exercise.file.as_str(),
            };
            let explanation = format!(
                "{} is not solved: its {checks} checks pass, but {location} uses the course's \
                 reference of {} (mlings::reference::{}), so they graded the reference, not \
                 your code. Write your own implementation; the reference is there to read \
                 once yours passes.",
                exercise.name, exercise.name, exercise.name
            );
            println!("{}", wrap(&explanation, WIDTH, ""));
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
        let exercise = Exercise {
            name: "mean".into(),
            ..Exercise::default()
        };
        let outcome_lines = |o: &TestOutcome| outcome_lines(&exercise, o);
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
        let dump = (0..1000).map(|i| format!("row {i}")).collect::<Vec<_>>();
        let shown = outcome_lines(&outcome(false, &dump.join("\n")));
        assert_eq!(shown.lines().count(), 1 + MESSAGE_LINES + 1, "{shown}");
        assert!(
            shown.ends_with("    … 960 more lines (the whole output: cargo test --test mean)"),
            "{shown}"
        );
    }
}
