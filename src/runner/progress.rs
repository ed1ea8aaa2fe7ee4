//! Where the learner is: the status of every exercise (cached by content hash), the
//! current exercise, and moving on once one is solved.

use super::grading::GradeRun;
use super::state::State;
use super::status::Status;
use super::{Context, RunnerError, process};
use crate::manifest::Exercise;

/// The status of every exercise, in course order. Cached results are reused when the
/// grader and the graded file are unchanged; the others are graded (their graders compiled
/// in one cargo invocation) and cached.
pub fn statuses(context: &Context) -> Result<Vec<Status>, RunnerError> {
    let exercises = &context.course.exercises;
    let fingerprints: Vec<String> = exercises.iter().map(|e| context.fingerprint(e)).collect();
    let state = State::load(context.root());
    let mut statuses: Vec<Option<Status>> = exercises
        .iter()
        .zip(&fingerprints)
        .map(|(e, f)| state.cached(&e.name, f))
        .collect();
    let stale: Vec<usize> = (0..exercises.len())
        .filter(|&i| statuses[i].is_none())
        .collect();
    if !stale.is_empty() {
        eprintln!(
            "Grading {} exercise(s) (the first time, compiling them takes a while)...",
            stale.len()
        );
        let to_grade: Vec<&Exercise> = stale.iter().map(|&i| &exercises[i]).collect();
        let runs = context.grader(&process::never).grade_all(&to_grade)?;
        State::update(context.root(), |state| {
            for (&i, run) in stale.iter().zip(&runs) {
                statuses[i] = Some(Status::of(run));
                if let Some(status) = cacheable(run) {
                    state.remember(&exercises[i].name, fingerprints[i].clone(), status);
                }
            }
        });
    }
    Ok(statuses.into_iter().flatten().collect())
}

/// The status worth caching: not a run stopped at the time limit (that depends on the
/// machine), nor a compile error (it may come from outside the two hashed files).
fn cacheable(run: &GradeRun) -> Option<Status> {
    match run {
        GradeRun::Ran(test_run) if test_run.stopped_after.is_none() => Some(Status::of(run)),
        _ => None,
    }
}

/// Records a grading of `exercise`: caches its status and moves the current exercise on
/// when it is solved. Returns the status and, once solved, the next exercise to do.
pub fn record<'a>(
    context: &'a Context,
    exercise: &Exercise,
    run: &GradeRun,
) -> (Status, Option<&'a Exercise>) {
    let status = Status::of(run);
    let fingerprint = context.fingerprint(exercise);
    let next = State::update(context.root(), |state| {
        if let Some(status) = cacheable(run) {
            state.remember(&exercise.name, fingerprint, status);
        }
        let next = status
            .is_solved()
            .then(|| next_unsolved(context, state, &exercise.name))
            .flatten();
        let current = next.unwrap_or(exercise);
        state.current = Some(current.name.clone());
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
