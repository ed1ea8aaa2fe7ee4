//! `cargo run`: the exercise list with a status per exercise, and what to do next.

use super::cargo::{self, CargoError, Graded};
use super::status::Status;
use crate::manifest::{Course, Exercise};

/// Grades every exercise of `course` (the learner's files) and prints the overview.
/// Returns the statuses in course order.
pub fn show(course: &Course) -> Result<Vec<Status>, CargoError> {
    println!("mlings: machine learning, one exercise at a time\n");
    let mut statuses = Vec::new();
    for (i, exercise) in course.exercises.iter().enumerate() {
        let status = Status::of(&cargo::grade(
            &course.root,
            &exercise.name,
            Graded::Learner,
        )?);
        println!("{:>3}. {:<26} {}", i + 1, exercise.name, status);
        statuses.push(status);
    }
    let solved = statuses.iter().filter(|s| s.is_solved()).count();
    println!("\n{}", progress_bar(solved, statuses.len()));
    match course
        .exercises
        .iter()
        .zip(&statuses)
        .find(|(_, s)| !s.is_solved())
    {
        Some((exercise, status)) => print_next(exercise, status),
        None => println!("\nEvery exercise is solved. Well done!"),
    }
    Ok(statuses)
}

/// `[#####-----] 5/10 solved`
pub fn progress_bar(solved: usize, total: usize) -> String {
    const WIDTH: usize = 40;
    let filled = (WIDTH * solved).checked_div(total).unwrap_or(0);
    format!(
        "progress [{}{}] {solved}/{total} solved",
        "#".repeat(filled),
        "-".repeat(WIDTH - filled)
    )
}

fn print_next(exercise: &Exercise, status: &Status) {
    println!("\nNext: {} ({status})", exercise.title);
    println!("  file:  {}", exercise.file);
    println!("  goal:  {}", exercise.goal);
    println!("  grade: {}", exercise.grade_command());
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
