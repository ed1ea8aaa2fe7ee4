//! Where the learner is: the status of every exercise (cached by content hash), the
//! current exercise, and moving on once one is solved.

use super::compile::Graded;
use super::grading::GradeRun;
use super::state::State;
use super::status::Status;
use super::untouched::Untouched;
use super::{Context, RunnerError, process};
use mlings::manifest::Exercise;

/// The status of every exercise, in course order. Cached results are reused when the
/// grader and the graded file are unchanged, and so are the course's own results of its
/// untouched skeletons, except on a course never graded before, where the current
/// exercise is graded all the same: that first build compiles what every later check
/// needs. The others are graded (their graders compiled in one cargo invocation) and
/// cached.
pub fn statuses(context: &Context) -> Result<Vec<Status>, RunnerError> {
    let exercises = &context.course.exercises;
    let fingerprints: Vec<String> = exercises.iter().map(|e| context.fingerprint(e)).collect();
    let state = State::load(context.root());
    let untouched = match context.graded {
        Graded::Learner => Untouched::load(context.root()),
        Graded::Reference => Untouched::default(),
    };
    let fresh = state.results.is_empty();
    let current = current(context, &state).name.clone();
    let mut statuses: Vec<Option<Status>> = exercises
        .iter()
        .zip(&fingerprints)
        .map(|(e, f)| {
            state.cached(&e.name, f).or_else(|| {
                (!fresh || e.name != current)
                    .then(|| untouched.cached(&e.name, f))
                    .flatten()
            })
        })
        .collect();
    let stale: Vec<usize> = (0..exercises.len())
        .filter(|&i| statuses[i].is_none())
        .collect();
    if !stale.is_empty() {
        eprintln!("{}", grading_note(stale.len(), state.results.is_empty()));
        let to_grade: Vec<&Exercise> = stale.iter().map(|&i| &exercises[i]).collect();
        let runs = context.grader(&process::never).grade_all(&to_grade)?;
        State::update(context.root(), |state| {
            for (&i, run) in stale.iter().zip(&runs) {
                statuses[i] = Some(Status::of(run));
                let graded = fingerprints[i].clone();
                if let Some(status) = cacheable(context, &exercises[i], run, &graded) {
                    state.remember(&exercises[i].name, graded, status);
                }
            }
        });
    }
    Ok(statuses.into_iter().flatten().collect())
}

/// What the learner reads while `count` exercises are graded. Only a course never graded
/// before (`fresh`) is compiled from scratch, which takes a while.
fn grading_note(count: usize, fresh: bool) -> String {
    let exercises = if count == 1 { "exercise" } else { "exercises" };
    let wait = if fresh {
        " (the first time, compiling takes a minute or two)"
    } else {
        ""
    };
    format!("Grading {count} {exercises}{wait}...")
}

/// The status worth caching: not a run stopped at the time limit (that depends on the
/// machine), nor a compile error (it may come from outside the two hashed files), nor a
/// run of files that changed while it ran: `graded` is their fingerprint taken before
/// grading, and the result belongs to it only if they still have it.
fn cacheable(
    context: &Context,
    exercise: &Exercise,
    run: &GradeRun,
    graded: &str,
) -> Option<Status> {
    match run {
        GradeRun::Ran(test_run)
            if test_run.stopped_after.is_none() && context.fingerprint(exercise) == graded =>
        {
            Some(Status::of(run))
        }
        _ => None,
    }
}

/// Grades `exercise` and records the result: caches it if the files still are the ones
/// graded, and moves the current exercise on once it is solved.
pub fn grade_and_record<'a>(
    context: &'a Context,
    exercise: &Exercise,
    interrupt: &dyn Fn() -> bool,
) -> Result<(GradeRun, Status, Option<&'a Exercise>), RunnerError> {
    let graded = context.fingerprint(exercise);
    let run = context.grader(interrupt).grade(exercise)?;
    let (status, next) = record(context, exercise, &run, graded);
    Ok((run, status, next))
}

/// Records a grading of `exercise` whose files had fingerprint `graded` when it started:
/// caches its status and moves the current exercise on when it is solved. Returns the
/// status and, once solved, the next exercise to do.
fn record<'a>(
    context: &'a Context,
    exercise: &Exercise,
    run: &GradeRun,
    graded: String,
) -> (Status, Option<&'a Exercise>) {
    let status = Status::of(run);
    let next = State::update(context.root(), |state| {
        if let Some(status) = cacheable(context, exercise, run, &graded) {
            state.remember(&exercise.name, graded, status);
        }
        let next = status
            .is_solved()
            .then(|| next_unsolved(context, state, &exercise.name))
            .flatten();
        let current = next.unwrap_or(exercise);
        state.current = Some(current.name.clone());
        state.opened = Some(exercise.name.clone());
        next
    });
    (status, next)
}

/// The exercise the learner is on: the one in the state file, or else the first one
/// not known to be solved.
pub fn current<'a>(context: &'a Context, state: &State) -> &'a Exercise {
    let exercises = &context.course.exercises;
    state
        .current
        .as_deref()
        .and_then(|name| context.course.find(name).ok())
        .or_else(|| exercises.iter().find(|e| !known_solved(context, state, e)))
        .unwrap_or(&exercises[0])
}

/// The first exercise after `after` (in course order, wrapping around) not known to be
/// solved; `None` when every other exercise is known to be solved.
pub fn next_unsolved<'a>(context: &'a Context, state: &State, after: &str) -> Option<&'a Exercise> {
    let exercises = &context.course.exercises;
    let start = exercises.iter().position(|e| e.name == after).unwrap_or(0);
    (1..exercises.len())
        .map(|offset| &exercises[(start + offset) % exercises.len()])
        .find(|e| !known_solved(context, state, e))
}

fn known_solved(context: &Context, state: &State, exercise: &Exercise) -> bool {
    state
        .cached(&exercise.name, &context.fingerprint(exercise))
        .is_some_and(|s| s.is_solved())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_fresh_course_warns_that_compiling_takes_a_while() {
        assert_eq!(
            grading_note(23, true),
            "Grading 23 exercises (the first time, compiling takes a minute or two)..."
        );
        assert_eq!(grading_note(1, false), "Grading 1 exercise...");
    }
}
