//! `cargo run`: the exercise list with a status per exercise, and what to do next.

use super::progress;
use super::state::State;
use super::status::Status;
use super::text::{WIDTH, wrap};
use super::{Context, RunnerError};
use mlings::manifest::Exercise;
use mlings::report::Table;

/// Prints the overview. Every exercise is graded unless its cached result still holds.
/// Always succeeds when the course could be graded.
pub fn show(context: &Context) -> Result<bool, RunnerError> {
    let statuses = progress::statuses(context)?;
    let next = next(context, &statuses);
    println!("mlings: machine learning, one exercise at a time\n");
    print!("{}", table(context, &statuses, next));
    let solved = statuses.iter().filter(|s| s.is_solved()).count();
    println!("\n{}", progress_bar(solved, statuses.len()));
    match next {
        Some(i) => print_next(&context.course.exercises[i], &statuses[i]),
        None => println!(
            "\nEvery exercise is solved. Well done! `cargo run -- compare <exercise>` runs \
             your code beside the reference and linfa."
        ),
    }
    Ok(true)
}

/// The exercise list: a marker on `current`, the number, the name, the status.
pub fn table(context: &Context, statuses: &[Status], current: Option<usize>) -> Table {
    let mut table = Table::new(&["", "#", "exercise", "status"]);
    for (i, (exercise, status)) in context.course.exercises.iter().zip(statuses).enumerate() {
        table.row(vec![
            if current == Some(i) { ">" } else { "" }.to_string(),
            (i + 1).to_string(),
            exercise.name.clone(),
            status.to_string(),
        ]);
    }
    table
}

/// The exercise to do next: the current one while unsolved, else the first unsolved one
/// after it. Remembers it as the current exercise.
fn next(context: &Context, statuses: &[Status]) -> Option<usize> {
    let exercises = &context.course.exercises;
    State::update(context.root(), |state| {
        let current = progress::current(context, state);
        let start = exercises
            .iter()
            .position(|e| e.name == current.name)
            .unwrap_or(0);
        let next = (0..exercises.len())
            .map(|offset| (start + offset) % exercises.len())
            .find(|&i| !statuses[i].is_solved());
        if let Some(i) = next {
            state.current = Some(exercises[i].name.clone());
            state.opened = Some(exercises[i].name.clone());
        }
        next
    })
}

/// `progress [#####-----] 5/10 solved`
pub fn progress_bar(solved: usize, total: usize) -> String {
    const BAR: usize = 40;
    let filled = (BAR * solved).checked_div(total).unwrap_or(0);
    format!(
        "progress [{}{}] {solved}/{total} solved",
        "#".repeat(filled),
        "-".repeat(BAR - filled)
    )
}

fn print_next(exercise: &Exercise, status: &Status) {
    println!("\nNext: {} ({status})", exercise.title);
    println!("  file:  {}", exercise.file);
    println!("  goal:  {}", wrap(&exercise.goal, WIDTH, "         "));
    if let Some(rule) = exercise.builds_on_text() {
        println!("  note:  {}", wrap(&rule, WIDTH, "         "));
    }
    println!(
        "  grade: cargo run -- check {}   (or: {})",
        exercise.name,
        exercise.grade_command()
    );
    println!("  hint:  cargo run -- hint {}", exercise.name);
    println!("  or let `cargo run -- watch` grade it each time you save.");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_bar_fills_in_proportion() {
        assert_eq!(
            progress_bar(1, 4),
            format!("progress [{}{}] 1/4 solved", "#".repeat(10), "-".repeat(30))
        );
        assert!(progress_bar(0, 0).ends_with("0/0 solved"));
    }
}
