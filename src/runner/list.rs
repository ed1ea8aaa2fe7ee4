//! `cargo run -- list [--json]`: every exercise with its status, for scripts.

use serde::Serialize;

use super::state::State;
use super::status::Status;
use super::{Context, RunnerError, progress};
use mlings::report::Table;

/// One exercise in `list --json`.
#[derive(Debug, Serialize)]
struct Entry<'a> {
    number: usize,
    name: &'a str,
    title: &'a str,
    topic: &'a str,
    file: &'a str,
    /// `solved`, `failing`, `not_attempted` or `does_not_compile`.
    status: &'static str,
    /// Passing checks and checks; absent when it does not compile.
    passed: Option<usize>,
    checks: Option<usize>,
    current: bool,
}

/// Prints every exercise and its status (graded unless cached), as a table or JSON.
pub fn run(context: &Context, json: bool) -> Result<bool, RunnerError> {
    let statuses = progress::statuses(context)?;
    let current = progress::current(context, &State::load(context.root()));
    let entries: Vec<Entry> = context
        .course
        .exercises
        .iter()
        .zip(&statuses)
        .enumerate()
        .map(|(i, (exercise, status))| entry(i, exercise, status, current.name == exercise.name))
        .collect();
    if json {
        let text = serde_json::to_string_pretty(&entries)
            .expect("the list is plain data: it always serializes");
        println!("{text}");
    } else {
        let mut table = Table::new(&["#", "exercise", "status", "checks", "file"]);
        for e in &entries {
            let checks = match (e.passed, e.checks) {
                (Some(passed), Some(checks)) => format!("{passed}/{checks}"),
                _ => "-".into(),
            };
            table.row(vec![
                e.number.to_string(),
                e.name.into(),
                e.status.into(),
                checks,
                e.file.into(),
            ]);
        }
        print!("{table}");
    }
    Ok(true)
}

fn entry<'a>(
    index: usize,
    exercise: &'a mlings::manifest::Exercise,
    status: &Status,
    current: bool,
) -> Entry<'a> {
    let counts = status.counts();
    Entry {
        number: index + 1,
        name: &exercise.name,
        title: &exercise.title,
        topic: &exercise.topic,
        file: &exercise.file,
        status: status.keyword(),
        passed: counts.map(|c| c.0),
        checks: counts.map(|c| c.1),
        current,
    }
}
